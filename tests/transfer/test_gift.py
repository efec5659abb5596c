"""GIFT import and export: a third-party corpus, round trips, broken input and property tests."""
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.problems import Problem
from app.questions.registry import QUESTION_TYPES
from app.transfer.draft import QuestionDraft
from app.transfer.gift import ESSAY_POINT, parse_gift
from app.transfer.gift_export import write_gift
from app.transfer.markdown_bank import UID

# The corpus of fuhrmanator/GIFT-grammar-PEG.js (MIT): read in place, never copied into the project.
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "interop" / "gift-peg-tests"
# Their question types -> ours; the rest must come back as a Problem naming the type.
SUPPORTED = {"MC", "TF", "Short", "Essay"}
UNSUPPORTED = {"Numerical": "numerical", "Matching": "matching", "Description": "description"}
ESSAY_PAYLOAD = {"points": 1, "key_points": [{"text": ESSAY_POINT, "points": 1, "keywords": []}]}


def _corpus_files():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"GIFT test corpus not found at {CORPUS}"))]
    return [pytest.param(path, id=path.stem) for path in sorted(CORPUS.glob("*.gift"))]


def _fold(text: str) -> str:
    return " ".join(text.split())


def _same(ours: str, theirs: dict | None) -> bool:
    """Our text against theirs ({"format", "text"}). For "moodle"-format text the PEG grammar folds
    line breaks into spaces, where Moodle keeps them (and so do we): compare with spacing folded.
    Blanks: they write "_____" with spaces around, Moodle and we write the blank where the block was."""
    expected = theirs["text"] if theirs else ""

    def blank(s):
        return re.sub(r"\s*_{4,}\s*", "____", s)

    if theirs and theirs["format"] == "moodle":
        return _fold(blank(ours)) == _fold(blank(expected))
    return blank(ours) == blank(expected)


def _check_true_false(draft: QuestionDraft, item: dict) -> None:
    assert draft.type == "true_false"
    assert draft.payload["answer"] is item["isTrue"]
    # The corpus names the two feedbacks by position: trueFeedback is the first `#...`,
    # falseFeedback the second. Moodle shows the FIRST feedback when the learner answers
    # WRONGLY and the second when rightly, and we follow Moodle: for {TRUE#A#B}, A is
    # feedback_false and B feedback_true. So for TRUE questions (TFTwoFeedback items 2 and 3)
    # our mapping differs from the corpus's names; for FALSE questions the two agree.
    first, second = item["trueFeedback"], item["falseFeedback"]
    by_choice = {not item["isTrue"]: first, item["isTrue"]: second}
    for choice, key in ((True, "feedback_true"), (False, "feedback_false")):
        expected = by_choice[choice]
        if expected and expected["text"].strip():
            assert _same(draft.payload[key], expected), key
        else:
            assert key not in draft.payload


def _weights(item: dict) -> list[float]:
    """Moodle's weight per option: %n% when given, else 100 for `=` and 0 for `~`."""
    return [c["weight"] if c["weight"] is not None else (100 if c["isCorrect"] else 0) for c in item["choices"]]


def _effective_weights(payload: dict) -> list[float]:
    """`weights` is left out when it is what the key implies: each right option 100/k, each wrong one -100."""
    if "weights" in payload:
        return payload["weights"]
    right = payload["answer"]
    return [100 / len(right) if i in right else -100 for i in range(len(payload["options"]))]


def _check_choice(draft: QuestionDraft, item: dict) -> None:
    choices, weights, payload = item["choices"], _weights(item), draft.payload
    assert len(payload["options"]) == len(choices)
    assert all(_same(o, c["text"]) for o, c in zip(payload["options"], choices))
    if any(c["feedback"] and c["feedback"]["text"].strip() for c in choices):
        assert all(_same(f, c["feedback"]) for f, c in zip(payload["option_feedback"], choices))
    else:
        assert "option_feedback" not in payload
    full = [i for i, w in enumerate(weights) if w >= 100]
    right = [i for i, w in enumerate(weights) if w > 0]
    if any(c["isCorrect"] for c in choices) or len(right) == 1:
        # Moodle (qformat_gift): an answer marked "=" makes the question single-answer, and every
        # option keeps its weight (options1's ~%50% distractor, the seasons' four "=" answers).
        # The PEG corpus calls these MC too; Moodle is the format's owner.
        assert draft.type == "single" and payload["answer"] == full[0]
        assert payload.get("weights", [100 if i == full[0] else 0 for i in range(len(choices))]) == pytest.approx(weights)
        return
    assert draft.type == "multiple" and payload["answer"] == right and payload["scoring"] == "partial"
    assert _effective_weights(payload) == pytest.approx(weights)


def _check_short(draft: QuestionDraft, item: dict) -> None:
    # One blank holding the answers that score; partial-credit ones (=%50%Cat) keep their weight, =%0%* is left out.
    accepted = [c for c in item["choices"] if c["weight"] is None or c["weight"] > 0]
    assert draft.type == "fill" and len(draft.payload["blanks"]) == 1
    assert len(draft.payload["blanks"][0]) == len(accepted)
    assert all(_same(a, c["text"]) for a, c in zip(draft.payload["blanks"][0], accepted))
    weights = [100 if c["weight"] is None else c["weight"] for c in accepted]
    assert draft.payload.get("weights", [[100] * len(accepted)]) == [weights]


def _check_essay(draft: QuestionDraft, item: dict) -> None:
    assert draft.type == "case" and draft.payload == ESSAY_PAYLOAD and draft.status == "draft"


CHECKS = {"TF": _check_true_false, "MC": _check_choice, "Short": _check_short, "Essay": _check_essay}


def _check_stem(draft: QuestionDraft, item: dict) -> None:
    stem = item["stem"]
    if draft.type == "fill" and "_____" not in stem["text"]:
        # The brief: a short answer without a blank gets one appended.
        assert draft.stem.endswith(" ____")
        assert _same(draft.stem[:-5], stem)
    else:
        assert _same(draft.stem, stem), draft.stem


@pytest.mark.parametrize("path", _corpus_files())
def test_corpus_file_imports_as_the_corpus_expects(path):
    expected = [i for i in json.loads(path.with_suffix(".json").read_text("utf-8")) if i["type"] != "Category"]
    drafts, problems = parse_gift(path.read_bytes(), path.name)
    # Drafts and problems in file order pair off with the expected questions: nothing dropped.
    results = sorted([*drafts, *problems], key=lambda r: r.line)
    assert len(results) == len(expected), [str(p) for p in problems]
    for item, result in zip(expected, results):
        if item["type"] in UNSUPPORTED:
            assert isinstance(result, Problem), item
            assert "不支持的题型" in result.message and f"（{UNSUPPORTED[item['type']]}）" in result.message
            assert result.message.startswith(f"第 {result.line} 行：") and result.file == path.name
            continue
        assert item["type"] in SUPPORTED
        assert isinstance(result, QuestionDraft), f"{item['stem']}: {result}"
        CHECKS[item["type"]](result, item)
        _check_stem(result, item)
        # A title is the question's name in this file, never a bank id (identity.py).
        assert result.uid is None and result.name == (item.get("title") or None)
        assert _same(result.explanation, item.get("globalFeedback"))
        assert result.status == ("draft" if result.type == "case" or not result.explanation else "published")


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"GIFT test corpus not found at {CORPUS}")
def test_corpus_totals_match_its_readme():
    counts = {"draft": 0, "problem": 0}
    for path in CORPUS.glob("*.gift"):
        drafts, problems = parse_gift(path.read_text("utf-8"), path.name)
        counts["draft"] += len(drafts)
        counts["problem"] += len(problems)
    # README: MC 31 + short answer 19 + TF 17 + essay 8 import; numerical 14 + description 7 + matching 4 do not.
    assert counts == {"draft": 75, "problem": 25}


def test_true_false_feedback_follows_moodle_not_the_corpus_names():
    # Moodle: in {TRUE#A#B}, A is shown to a learner who answers wrongly (False), B to one who
    # answers rightly (True). The PEG corpus (TFTwoFeedback) calls A "trueFeedback"; we follow Moodle.
    drafts, _ = parse_gift("Q1 {TRUE#A#B}\n\nQ2 {FALSE#A#B}\n\nQ3 {T#only wrong}")
    assert [d.payload for d in drafts] == [
        {"answer": True, "feedback_true": "B", "feedback_false": "A"},
        {"answer": False, "feedback_true": "A", "feedback_false": "B"},
        {"answer": True, "feedback_false": "only wrong"},
    ]
    assert "TRUE#A#B" in write_gift(drafts[:1])


def test_short_answer_in_the_middle_of_the_stem_becomes_a_blank():
    drafts, problems = parse_gift("Grant is {=entombed =buried} in Grant's tomb.\n")
    assert not problems
    assert drafts[0].stem == "Grant is ____ in Grant's tomb."
    assert drafts[0].payload == {"blanks": [["entombed", "buried"]]}


def test_weights_and_general_feedback():
    text = ("::colours::Pick the colours {\n  ~%50%red#yes\n  ~%50%blue\n  ~%-100%cat#no\n"
            "  ####Red and blue are colours.\n}\n")
    (draft,), problems = parse_gift(text)
    assert not problems and draft.name == "colours" and draft.uid is None and draft.status == "published"
    assert draft.payload == {"options": ["red", "blue", "cat"], "answer": [0, 1], "scoring": "partial",
                             "option_feedback": ["yes", "", "no"]}
    assert draft.explanation == "Red and blue are colours."


# --- Round trip per type ------------------------------------------------------------------

SPECIAL = "含 ~ = # { } : \\ 与\n换行 [html] -> %50% // ####"
ROUND_TRIP = [
    QuestionDraft("true_false", f"判断 {SPECIAL}", {"answer": True, "feedback_true": "对 #1", "feedback_false": "错 {x}"},
                  explanation=f"解析 {SPECIAL}", uid="tf-001"),
    QuestionDraft("true_false", "只有答错的反馈", {"answer": False, "feedback_true": "[html]<b>不对</b>"}),
    QuestionDraft("single", f"单选 {SPECIAL} ____ 之后", {"options": ["%50% 不是分值", "[plain]b", "c = d"], "answer": 1,
                  "option_feedback": ["", "对 ~", "错 #"]}, explanation="解析", uid="single-1"),
    QuestionDraft("multiple", "多选全对", {"options": ["a", "b", "c"], "answer": [0, 2], "scoring": "all"},
                  explanation="x"),
    QuestionDraft("multiple", "多选全部都对", {"options": ["a", "b"], "answer": [0, 1], "scoring": "all"}, explanation="x"),
    QuestionDraft("multiple", "多选部分得分", {"options": ["a", "b", "c", "d"], "answer": [0, 1, 3], "scoring": "partial"}),
    QuestionDraft("multiple", "自定权重", {"options": ["a", "b", "c"], "answer": [0, 1], "scoring": "partial",
                  "weights": [50, 50, 0], "option_feedback": ["1", "2", "3"]}, explanation="x", uid="m-2"),
    QuestionDraft("fill", f"填空 {SPECIAL} ____ 后", {"blanks": [["答案 = 一", "%10%", "TRUE"]]}, explanation="x", uid="f1"),
    QuestionDraft("fill", "两个空 ____ 和 ____", {"blanks": [["一"], ["二", "贰"]]}, explanation="x"),
    QuestionDraft("fill", "箭头 ____", {"blanks": [["a->b"]]}, explanation="x"),
    QuestionDraft("case", f"案例 {SPECIAL}", {"points": 10, "key_points": [
        {"text": "要点一", "points": 6, "keywords": ["词一", "词二"]}, {"text": "要点二", "points": 4, "keywords": []}]},
                  explanation="参考答案", uid="case-001"),
    QuestionDraft("case", "简答", ESSAY_PAYLOAD),
]


def _assert_round_trip(draft: QuestionDraft) -> None:
    text = write_gift([draft])
    drafts, problems = parse_gift(text, "out.gift")
    assert not problems, (text, [str(p) for p in problems])
    assert len(drafts) == 1, text
    back = drafts[0]
    fields = ("type", "stem", "payload", "explanation")
    assert [getattr(back, f) for f in fields] == [getattr(draft, f) for f in fields], text
    if draft.uid:  # the title carries the uid as a name; only a signed reference is an id (identity.py)
        assert back.name == draft.uid


@pytest.mark.parametrize("draft", ROUND_TRIP, ids=lambda d: f"{d.type}-{d.stem[:6]}")
def test_round_trip(draft):
    assert not QUESTION_TYPES[draft.type].validate(draft.payload)
    _assert_round_trip(draft)


def test_whole_file_round_trip_keeps_order_and_lines():
    drafts, problems = parse_gift(write_gift(ROUND_TRIP))
    assert not problems
    assert [(d.type, d.stem, d.payload) for d in drafts] == [(d.type, d.stem, d.payload) for d in ROUND_TRIP]
    assert all(a.line < b.line for a, b in zip(drafts, drafts[1:]))


def test_export_is_plain_gift_for_moodle():
    text = write_gift([ROUND_TRIP[3], ROUND_TRIP[10]])
    # Right options share 100 %, wrong ones take it all away: ticking every box scores nothing in Moodle.
    assert "[markdown]多选全对{\n\t~%50%a\n\t~%-100%b\n\t~%50%c\n\t####x\n}" in text
    # A case has no GIFT form: Moodle sees an essay and ignores the comment that carries our key points.
    assert "// [xuetang:case] {" in text and "{\n\t####参考答案\n}" in text


# --- Broken input ------------------------------------------------------------------------

def _lines(problems):
    return [p.line for p in problems]


def test_unclosed_brace_is_reported_at_its_line():
    text = "Q1 {T}\n\n// 注释\n::q2::第二题\n{\n~a\n=b\n\nQ3 {F}\n"
    drafts, problems = parse_gift(text, "bad.gift")
    assert [d.stem for d in drafts] == ["Q1", "Q3"]
    assert _lines(problems) == [5]
    assert "没有对应的“}”" in problems[0].message and str(problems[0]).startswith("bad.gift:5: 第 5 行：")


@pytest.mark.parametrize("text, line", [
    ("题目 {=}", 1),
    ("// 注释\n\n题目 {\n  =甲\n  =\n}", 5),
    ("题目 {\n  ~甲\n  ~#只有反馈\n  =乙\n}", 3),
])
def test_empty_answer_is_reported(text, line):
    drafts, problems = parse_gift(text)
    assert drafts == []
    assert _lines(problems) == [line] and "答案内容为空" in problems[0].message


def test_choice_without_a_right_answer_is_reported_at_the_question():
    text = "Q1 {T}\n\n// 注释\n没有正确答案的题\n{\n  ~甲\n  ~乙\n}\n"
    drafts, problems = parse_gift(text)
    assert [d.stem for d in drafts] == ["Q1"]
    assert _lines(problems) == [4] and "没有正确答案" in problems[0].message


@pytest.mark.parametrize("text, message, line", [
    ("a } b {T}", "没有配对", 1),
    ("a\n{~x {~y} =z}", "又出现了", 2),
    ("a {T} b\n{F}", "只能有一个答案块", 2),
    ("::no end {T}", "::", 1),
    ("{T}", "缺少题干", 1),
    ("x\n{~%50%a ~b}", "没有正确答案", 1),
    ("x {\n~%150%a =b ~c}", "-100%", 2),
    ("x {=a ~a}", "不能重复", 1),
    ("x {=a ~b ~c ~d ~e ~f ~g ~h ~i}", "2 到 8", 1),
    ("x {=%50%a}", "满分", 1),
    ("x ____ ____ {=a}", "2 个空", 1),
    ("// [xuetang:case] {broken\nx {}", "不是有效的题目数据", 1),
    ("// [xuetang:case] {\"points\": 1, \"key_points\": [5]}\nx {}", "不是有效的题目数据", 1),
    ("// [xuetang:fill] {\"blanks\": []}\nx {}", "但答案有 0 个空", 2),
])
def test_malformed_questions_are_problems_not_drafts(text, message, line):
    drafts, problems = parse_gift(text, "f.gift")
    assert drafts == [] and problems, text
    assert any(message in p.message for p in problems), [str(p) for p in problems]
    assert {p.line for p in problems} == {line} and all(p.file == "f.gift" for p in problems)


def test_unsupported_types_are_reported_with_their_lines():
    text = "描述而已\n\n数值 {#3:1}\n\n匹配 {\n=a -> 1\n=b -> 2\n}\n\n$CATEGORY: $course$/top\n\n好 {T}"
    drafts, problems = parse_gift(text)
    assert [d.stem for d in drafts] == ["好"]
    assert [(p.line, p.message) for p in problems] == [
        (1, "第 1 行：不支持的题型：描述（description），未导入。"),
        (3, "第 3 行：不支持的题型：数值题（numerical），未导入。"),
        (5, "第 5 行：不支持的题型：匹配题（matching），未导入。"),
    ]


def test_bytes_that_are_not_utf8_are_one_problem():
    drafts, problems = parse_gift("题目 {T}".encode("gbk"), "gbk.gift")
    assert drafts == [] and _lines(problems) == [1]


# --- Properties --------------------------------------------------------------------------

GIFT_BITS = ["{", "}", "~", "=", "#", "####", "::", "\\", "\n", "\n\n", "//", "%50%", "%-100%", "->",
             "[html]", "T", "TRUE", "F", "$CATEGORY:", "____", " ", "中文", "x"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(GIFT_BITS) | st.text(max_size=3)).map("".join)))
def test_arbitrary_text_never_raises(text):
    drafts, problems = parse_gift(text, "any.gift")
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems)
    for draft in drafts:
        assert not QUESTION_TYPES[draft.type].validate(draft.payload)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise(data):
    parse_gift(data, "any.gift")


TEXT_BITS = ["~", "=", "#", "{", "}", ":", "\\", "\n", "\\n", "[html]", "[markdown]", "->", "%50%", "%", "//",
             "####", "::", "TRUE", "T", "*", " ", "中文", "题", "a", "b", "1"]
texts = st.lists(st.sampled_from(TEXT_BITS), min_size=1, max_size=8).map("".join).map(str.strip).filter(bool)
stems = texts.filter(lambda s: "____" not in s)
uids = st.none() | st.from_regex(UID, fullmatch=True)
explanations = st.just("") | texts


@st.composite
def choice_drafts(draw):
    options = draw(st.lists(texts, min_size=2, max_size=8, unique=True))
    n = len(options)
    feedback = draw(st.none() | st.lists(st.just("") | texts, min_size=n, max_size=n).filter(any))
    extra = {"option_feedback": feedback} if feedback else {}
    if draw(st.booleans()):
        payload = {"options": options, "answer": draw(st.integers(0, n - 1)), **extra}
        return QuestionDraft("single", draw(stems), payload, draw(explanations), draw(uids))
    answer = sorted(draw(st.sets(st.integers(0, n - 1), min_size=2)))
    scoring = draw(st.sampled_from(["all", "partial"]))
    payload = {"options": options, "answer": answer, "scoring": scoring, **extra}
    if len(answer) < n and draw(st.booleans()):
        # Weights that say more than the key: right options' shares, wrong ones a penalty of -50.
        share = 100 if scoring == "all" else round(100 / len(answer), 2)
        payload["weights"] = [share if i in answer else -50 for i in range(n)]
    return QuestionDraft("multiple", draw(stems), payload, draw(explanations), draw(uids))


@st.composite
def other_drafts(draw):
    kind = draw(st.sampled_from(["true_false", "fill", "case"]))
    if kind == "true_false":
        payload = {"answer": draw(st.booleans())}
        for key in ("feedback_true", "feedback_false"):
            if (text := draw(st.none() | texts)) is not None:
                payload[key] = text
        return QuestionDraft(kind, draw(stems), payload, draw(explanations), draw(uids))
    if kind == "fill":
        blanks = draw(st.lists(st.lists(texts, min_size=1, max_size=3), min_size=1, max_size=3))
        pieces = draw(st.lists(stems | st.just(""), min_size=len(blanks) + 1, max_size=len(blanks) + 1))
        stem = " ____ ".join(pieces).strip()
        return QuestionDraft(kind, stem, {"blanks": blanks}, draw(explanations), draw(uids))
    points = draw(st.lists(st.tuples(texts, st.integers(1, 10), st.lists(texts, max_size=3)), min_size=1, max_size=3))
    key_points = [{"text": t, "points": p, "keywords": k} for t, p, k in points]
    payload = {"points": sum(p for _, p, _ in points), "key_points": key_points}
    return QuestionDraft(kind, draw(stems), payload, draw(explanations), draw(uids))


@settings(max_examples=300, deadline=None)
@given(st.one_of(choice_drafts(), other_drafts()))
def test_generated_drafts_round_trip(draft):
    _assert_round_trip(draft)
