"""Each question type, without an app: validation, the public view, answer parsing, grading."""
import pytest

from app.questions.registry import QUESTION_TYPES, get_type
from app.questions.types.base import AnswerError, Score, normalise_text

TF, SINGLE, MULTI, FILL, CASE = (QUESTION_TYPES[n] for n in ("true_false", "single", "multiple", "fill", "case"))
OPTIONS = ["可靠性", "响应性", "保证性", "移情性"]


def test_registry_lookup():
    assert get_type("single") is SINGLE
    with pytest.raises(KeyError):
        get_type("matching")


@pytest.mark.parametrize("qtype, payload, problem", [
    (TF, {"answer": "对"}, "对”或“错"),
    (SINGLE, {"options": ["甲"], "answer": 0}, "2 到 8 个选项"),
    (SINGLE, {"options": ["甲", "甲"], "answer": 0}, "不能重复"),
    (SINGLE, {"options": ["甲", "乙"], "answer": 2}, "有且只有一个"),
    (SINGLE, {"options": ["甲", " "], "answer": 0}, "不能为空"),
    (MULTI, {"options": OPTIONS, "answer": [1]}, "至少需要两个"),
    (MULTI, {"options": OPTIONS, "answer": [0, 0]}, "至少需要两个"),
    (MULTI, {"options": OPTIONS, "answer": [0, 1], "scoring": "most"}, "计分方式"),
    (FILL, {"blanks": []}, "至少需要一个空"),
    (FILL, {"blanks": [[" "]]}, "非空的参考答案"),
    (CASE, {"points": 10, "key_points": []}, "至少需要一个采分点"),
    (CASE, {"points": 10, "key_points": [{"text": "甲", "points": 4}]}, "不一致"),
    (CASE, {"points": 10, "key_points": [{"text": "", "points": 0}]}, "没有内容"),
])
def test_validation_reports_problems(qtype, payload, problem):
    problems = qtype.validate(payload)
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("qtype, payload", [
    (TF, {"answer": False}),
    (SINGLE, {"options": OPTIONS, "answer": 3}),
    (MULTI, {"options": OPTIONS, "answer": [0, 2], "scoring": "partial"}),
    (FILL, {"blanks": [["差距五", "第五差距"]]}),
    (CASE, {"points": 10, "key_points": [{"text": "甲", "points": 6, "keywords": []}, {"text": "乙", "points": 4, "keywords": []}]}),
])
def test_valid_payloads_pass_and_public_view_hides_key(qtype, payload):
    assert qtype.validate(payload) == []
    public = repr(qtype.public(payload))
    assert "answer" not in public and "blanks': [[" not in public and "key_points" not in public and "甲" not in public


def test_true_false():
    payload = {"answer": False}
    assert TF.parse_answer(payload, "错") is False and TF.parse_answer(payload, "true") is True
    assert TF.grade(payload, False) == Score(1, 1) and TF.grade(payload, True) == Score(0, 1)
    with pytest.raises(AnswerError):
        TF.parse_answer(payload, "也许")
    assert TF.key_text(payload) == "错"


def test_single_choice():
    payload = {"options": OPTIONS, "answer": 1}
    assert SINGLE.parse_answer(payload, "b") == 1 and SINGLE.parse_answer(payload, "1") == 1
    assert SINGLE.grade(payload, 1).correct and not SINGLE.grade(payload, 0).correct
    with pytest.raises(AnswerError):
        SINGLE.parse_answer(payload, "E")  # only four options
    assert SINGLE.key_text(payload) == "B"


def test_multiple_choice_all_or_nothing_by_default():
    payload = {"options": OPTIONS, "answer": [0, 2, 3]}
    assert MULTI.parse_answer(payload, "DCA") == [0, 2, 3] and MULTI.parse_answer(payload, ["a", "c"]) == [0, 2]
    assert MULTI.grade(payload, [0, 2, 3]) == Score(1, 1)
    assert MULTI.grade(payload, [0, 2]) == Score(0, 1)
    assert MULTI.key_text(payload) == "ACD"


def test_multiple_choice_partial_credit():
    payload = {"options": OPTIONS, "answer": [0, 2, 3], "scoring": "partial"}
    assert MULTI.grade(payload, [0, 2]) == Score(0.6667, 1)     # 少选：按比例得分
    assert MULTI.grade(payload, [0, 1]) == Score(0, 1)          # 错选：不得分
    assert MULTI.grade(payload, [0, 1, 2, 3]) == Score(0, 1)
    assert MULTI.grade(payload, [0, 2, 3]) == Score(1, 1)
    with pytest.raises(AnswerError):
        MULTI.parse_answer(payload, "")


def test_fill_blank_normalises_width_case_and_spaces():
    payload = {"blanks": [["差距五", "第五差距"], ["SERVQUAL"]]}
    assert FILL.grade(payload, ["  差距 五", "ｓｅｒｖｑｕａｌ"]) == Score(1, 1)
    assert FILL.grade(payload, ["第五差距", "SERVQUAL "]).correct
    assert FILL.grade(payload, ["差距四", "servqual"]) == Score(0.5, 1)
    assert FILL.grade(payload, [""]) == Score(0, 1)
    assert normalise_text("Ａ Ｂ\u3000c") == "abc"
    with pytest.raises(AnswerError):
        FILL.parse_answer(payload, ["x" * 501])


def test_case_analysis_suggests_score_from_phrasings():
    payload = {"points": 25, "key_points": [
        {"text": "指出差距三", "points": 10, "keywords": ["差距三", "服务传递", "执行"]},
        {"text": "提出培训", "points": 8, "keywords": ["培训", "授权"]},
        {"text": "服务补救", "points": 7, "keywords": ["补救", "道歉", "补偿"]},
    ]}
    answer = "这是差距三的问题，员工在服务传递环节执行不到位；应加强培训并授权一线员工。"
    assert CASE.matched_points(payload, answer) == [0, 1]
    assert CASE.grade(payload, answer) == Score(18, 25)
    assert CASE.grade(payload, "") == Score(0, 25)
    assert not CASE.auto_graded
    with pytest.raises(AnswerError):
        CASE.parse_answer(payload, "字" * 20001)


def test_option_shuffling_maps_answers_back():
    import random

    payload = {"options": OPTIONS, "answer": [0, 2], "scoring": "all"}
    order = MULTI.shuffled_order(payload, random.Random(3))
    assert sorted(order) == [0, 1, 2, 3]
    shown = MULTI.shown(payload, order)
    picked = [shown["options"].index("可靠性"), shown["options"].index("保证性")]
    original = MULTI.to_original(sorted(picked), order)
    assert original == [0, 2] and MULTI.grade(payload, original).correct
    assert MULTI.to_shown(original, order) == sorted(picked)
    single = {"options": OPTIONS, "answer": 3}
    order = SINGLE.shuffled_order(single, random.Random(5))
    assert SINGLE.to_original(SINGLE.to_shown(3, order), order) == 3
    assert TF.shuffled_order({"answer": True}, random.Random(1)) is None and TF.to_original(True, None) is True


def test_the_shown_payload_keeps_its_key_with_the_options():
    """A review in the order the trainee saw reads the key, the marks and the weights in that order too."""
    order = [2, 0, 3, 1]      # shown position -> original option
    single = {"options": OPTIONS, "answer": 0, "weights": [100, 0, 50, 0], "option_feedback": ["a", "b", "c", "d"]}
    shown = SINGLE.shown(single, order)
    assert shown["options"][SINGLE.to_shown(0, order)] == "可靠性"
    assert SINGLE.key_text(shown) == "B" and shown["weights"] == [50, 100, 0, 0] and shown["option_feedback"] == list("cadb")
    assert SINGLE.option_marks(shown, SINGLE.to_shown(2, order)) == {1: "missed", 0: "wrong"}
    assert SINGLE.grade(shown, SINGLE.to_shown(2, order)) == SINGLE.grade(single, 2)
    multi = {"options": OPTIONS, "answer": [0, 1], "scoring": "all"}
    assert MULTI.key_text(MULTI.shown(multi, order)) == "BD" and multi["answer"] == [0, 1]
