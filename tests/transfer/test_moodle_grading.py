"""Moodle grades our exports as we do (issue 15, parts 3 and 4).

Moodle's multi-answer rule (qtype_multichoice_multi_question::grade_response): the ticked
options' fractions are added up and the sum is kept between 0 and 1. The score is computed here
from the exported text itself, independently of our parsers.
"""
import re
from itertools import chain, combinations

import pytest

from app.questions.registry import QUESTION_TYPES
from app.transfer.draft import QuestionDraft
from app.transfer.gift import parse_gift
from app.transfer.gift_export import write_gift
from app.transfer.moodle_xml import parse_moodle_xml
from app.transfer.moodle_xml_export import write_moodle_xml

MULTIPLE = [
    QuestionDraft("multiple", f"多选 {n} 选 {k}（{scoring}）", {"options": [f"选项{i}" for i in range(n)],
                  "answer": list(range(k)), "scoring": scoring}, "解析")
    for n in range(3, 9) for k in range(2, n + 1) for scoring in ("all", "partial")
]


def _moodle(fractions: list[float], ticked) -> float:
    return min(max(sum(fractions[i] for i in ticked) / 100, 0.0), 1.0)


def _gift_fractions(text: str) -> list[list[float]]:
    """Per question, each option's %weight% (no weight: "=" 100, "~" 0), read from the GIFT text."""
    questions = []
    for block in re.findall(r"\{\n(.*?)\n\}", text, re.S):
        options = [line.strip() for line in block.split("\n") if line.strip()[:1] in "~="]
        questions.append([float(m.group(1)) if (m := re.match(r"[~=]%(-?[\d.]+)%", o)) else (100.0 if o[0] == "=" else 0.0)
                          for o in options])
    return questions


def _xml_fractions(text: str) -> list[list[float]]:
    return [[float(f) for f in re.findall(r'<answer fraction="(-?[\d.]+)"', q)]
            for q in re.findall(r"<single>false</single>.*?</question>", text, re.S)]


def _subsets(n: int):
    return chain.from_iterable(combinations(range(n), k) for k in range(n + 1))


@pytest.mark.parametrize("writer, reader", [(write_gift, _gift_fractions), (write_moodle_xml, _xml_fractions)],
                         ids=["gift", "moodle-xml"])
def test_ticking_every_box_never_scores_in_moodle(writer, reader):
    exported = reader(writer(MULTIPLE))
    assert len(exported) == len(MULTIPLE)
    for draft, fractions in zip(MULTIPLE, exported):
        assert len(fractions) == len(draft.payload["options"])
        assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.001)  # the right ones make 100 %
        if len(draft.payload["answer"]) < len(fractions):
            assert _moodle(fractions, range(len(fractions))) < 0.001, draft.stem  # 16.66667 x 6 rounds up


@pytest.mark.parametrize("writer, reader", [(write_gift, _gift_fractions), (write_moodle_xml, _xml_fractions)],
                         ids=["gift", "moodle-xml"])
def test_moodle_grades_every_answer_as_we_do(writer, reader):
    """Every possible answer: Moodle's score equals ours, except a correct part of an all-or-nothing
    key, where Moodle cannot withhold the share (said in the export message)."""
    qtype = QUESTION_TYPES["multiple"]
    for draft, fractions in zip(MULTIPLE, reader(writer(MULTIPLE))):
        key = set(draft.payload["answer"])
        for ticked in _subsets(len(fractions)):
            ours = qtype.grade(draft.payload, list(ticked)).fraction
            if draft.payload["scoring"] == "all" and ticked and set(ticked) < key:
                assert ours == 0 and _moodle(fractions, ticked) == pytest.approx(len(ticked) / len(key), abs=1e-4)
            else:
                assert _moodle(fractions, ticked) == pytest.approx(ours, abs=1e-4), (draft.stem, ticked)


def test_our_reading_of_the_export_keeps_the_scoring():
    for text, parse in ((write_gift(MULTIPLE), parse_gift), (write_moodle_xml(MULTIPLE), parse_moodle_xml)):
        drafts, problems = parse(text)
        assert not problems
        assert [d.payload for d in drafts] == [d.payload for d in MULTIPLE]


# --- Weights from imports are graded as written ----------------------------------------------

def _grade(text: str, answer):
    (draft,), problems = parse_gift(text)
    assert not problems
    return QUESTION_TYPES[draft.type].grade(draft.payload, answer).fraction


def test_a_70_30_question_scores_70_and_30():
    text = "七三 {\n~%70%七\n~%30%三\n~%-100%零\n}\n"
    assert _grade(text, [0]) == 0.7 and _grade(text, [1]) == 0.3 and _grade(text, [0, 1]) == 1.0
    assert _grade(text, [0, 1, 2]) == 0.0 and _grade(text, [0, 2]) == 0.0


def test_partial_credit_on_a_distractor_is_graded():
    text = "部分分 {\n=全对\n~%50%一半\n~%-50%扣分\n~错\n}\n"
    assert [_grade(text, i) for i in range(4)] == [1.0, 0.5, 0.0, 0.0]  # a question never scores below 0


def test_an_alternative_short_answer_with_a_weight_is_graded():
    text = "服务的核心是 {=顾客 =%50%人}\n"
    assert _grade(text, ["顾客"]) == 1.0 and _grade(text, ["人"]) == 0.5 and _grade(text, ["物"]) == 0.0


def test_negative_weights_in_a_multi_answer_question_take_points_away():
    text = "负分 {\n~%50%甲\n~%50%乙\n~%-25%丙\n~%-25%丁\n}\n"
    assert _grade(text, [0, 1, 2]) == 0.75 and _grade(text, [0, 2, 3]) == 0.0 and _grade(text, [0, 1]) == 1.0


def test_weights_and_feedback_survive_the_moodle_round_trip():
    drafts = [
        QuestionDraft("single", "部分分", {"options": ["甲", "乙", "丙"], "answer": 0, "weights": [100, 50, -50],
                                        "option_feedback": ["好", "一半", "扣分"]}, "解析"),
        QuestionDraft("multiple", "七三", {"options": ["七", "三", "零"], "answer": [0, 1], "scoring": "partial",
                                         "weights": [70, 30, -100], "option_feedback": ["多", "少", "错"]}, "解析"),
        QuestionDraft("fill", "核心是 ____", {"blanks": [["顾客", "人"]], "weights": [[100, 50]]}, "解析"),
        QuestionDraft("true_false", "判断", {"answer": True, "feedback_true": "答对了", "feedback_false": "答错了"}, "解析"),
    ]
    for text, parse in ((write_gift(drafts), parse_gift), (write_moodle_xml(drafts), parse_moodle_xml)):
        back, problems = parse(text)
        assert not problems and [d.payload for d in back] == [d.payload for d in drafts]


def test_moodle_true_false_feedback_order():
    """Moodle docs: in {TRUE#A#B}, A is shown to a wrong answer, B to a right one."""
    (draft,), _ = parse_gift("判断 {TRUE#错了才看到#对了才看到}\n")
    assert draft.payload == {"answer": True, "feedback_false": "错了才看到", "feedback_true": "对了才看到"}
