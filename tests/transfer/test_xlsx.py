"""Excel sheets: round trips, row-numbered problems, headers in any order, formula injection."""
import zipfile
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.problems import Problem
from app.transfer.draft import QuestionDraft
from app.transfer.xlsx import CORRUPT, HEADERS, parse_xlsx, template_xlsx, write_xlsx

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp"), blacklist_characters="_|｜"),
               min_size=1, max_size=15).map(str.strip).filter(bool)
RISKY = st.tuples(st.sampled_from(["", "=", "+", "-", "@", "'=", "''-", "'"]), TEXT).map("".join)


def sheet(rows: list[list], headers=HEADERS) -> bytes:
    book = Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def roundtrip(draft: QuestionDraft) -> QuestionDraft:
    drafts, problems = parse_xlsx(write_xlsx([draft]), "q.xlsx")
    assert problems == []
    back = drafts[0]
    assert (back.type, back.stem, back.payload, back.explanation) == (draft.type, draft.stem, draft.payload, draft.explanation)
    assert back.name == draft.uid and back.uid is None and back.line == 2  # 编号 is a name in the file
    return back


EXAMPLES = [
    QuestionDraft(type="true_false", stem="差距五是顾客期望与感知之间的差距。", payload={"answer": True}, explanation="见第九章。",
                  uid="gap-model-001", topics=["gap-model"], section="gap-model-gap-5", difficulty=2, source="教材"),
    QuestionDraft(type="true_false", stem="投诉一定是坏事。", payload={"answer": False}, explanation="投诉是改进的机会。"),
    QuestionDraft(type="single", stem="差距五是（　）。", payload={"options": ["差距一", "期望与感知之差", "差距三"], "answer": 1},
                  explanation="见第九章。"),
    QuestionDraft(type="multiple", stem="正确的有（　）。", payload={"options": list("甲乙丙丁戊己庚辛"), "answer": [0, 6, 7],
                  "scoring": "all"}, explanation="八个选项也行。"),
    QuestionDraft(type="multiple", stem="部分得分。", payload={"options": ["甲", "乙", "丙"], "answer": [0, 2], "scoring": "partial"},
                  explanation="甲丙。", status="retired"),
    QuestionDraft(type="fill", stem="差距 ____ 与差距 ____。", payload={"blanks": [["一", "1"], ["五"]]}, explanation="两空。"),
    QuestionDraft(type="case", stem="阅读案例并分析。", payload={"points": 10.5, "key_points": [
        {"text": "指出差距", "points": 4.5, "keywords": ["差距五", "期望"]}, {"text": "提出改进", "points": 6, "keywords": []}]},
        explanation="参考答案……"),
]


@pytest.mark.parametrize("draft", EXAMPLES, ids=lambda d: d.type)
def test_round_trip_per_type(draft):
    back = roundtrip(draft)
    assert (back.topics, back.section, back.difficulty, back.status, back.source) == (
        draft.topics, draft.section, draft.difficulty, draft.status, draft.source)


def test_formula_injection_is_neutralised_on_export_and_undone_on_import():
    draft = QuestionDraft(type="single", stem='=HYPERLINK("http://evil.example","点我")',
                          payload={"options": ["+1", "-1", "@SUM(A1)", "'=已经带引号"], "answer": 0}, explanation="\t-解析")
    data = write_xlsx([draft])
    cells = {c.value for row in load_workbook(BytesIO(data)).active.iter_rows(min_row=2) for c in row if c.value}
    assert {"'=HYPERLINK(\"http://evil.example\",\"点我\")", "'+1", "'-1", "'@SUM(A1)", "''=已经带引号", "'\t-解析"} <= cells
    assert all(c.data_type != "f" for row in load_workbook(BytesIO(data)).active.iter_rows() for c in row)
    back, problems = parse_xlsx(data)
    assert problems == [] and back[0].stem == draft.stem and back[0].payload == draft.payload
    assert back[0].explanation == "-解析"  # the tab goes with the cell's surrounding whitespace


def test_a_quote_not_guarding_a_formula_is_kept():
    data = sheet([["", "判断", "'引号开头", "", "", "", "", "", "", "对", "解析"]])
    assert parse_xlsx(data)[0][0].stem == "'引号开头"


def test_headers_in_any_order_and_row_numbers_are_excel_rows():
    headers = ["答案", "题干", "题型", "解析", "选项B", "选项A", "难度"]
    data = sheet([
        ["B", "好题", "单选", "解析", "乙", "甲", 2],
        [None] * 7,
        ["E", "答案不在选项里", "单选", "解析", "乙", "甲", 2],
        ["对", "难度不对", "判断", "解析", None, None, 9],
        ["", "", "匹配", "", "", "", ""],
        ["甲|一\n乙", "两个空 ____ 只标了一个", "填空", "解析", None, None, None],
        ["ABD", "", "多选", "解析", "乙", "甲", None],
        ["五", "没有标空的填空题", "填空", "", None, None, None],
    ], headers)
    drafts, problems = parse_xlsx(data, "bank.xlsx")
    assert [str(p) for p in problems] == [
        "bank.xlsx:4: 答案“E”不是有效的选项字母。",
        "bank.xlsx:5: 难度必须是 1 到 5 的整数。",
        "bank.xlsx:6: 不支持的题型：匹配，未导入（题型写 判断、单选、多选、填空、案例分析 之一）",
        "bank.xlsx:7: 题干中有 1 个空（____），但答案有 2 行。",
        "bank.xlsx:8: 答案“ABD”不是有效的选项字母。",
        "bank.xlsx:8: 缺少题干。",
    ]
    assert [(d.line, d.stem, d.payload) for d in drafts] == [
        (2, "好题", {"options": ["甲", "乙"], "answer": 1}),
        (9, "没有标空的填空题 ____", {"blanks": [["五"]]})]
    assert drafts[0].difficulty == 2 and drafts[1].status == "draft"


def test_missing_required_headers_reported_once():
    data = sheet([["单选", "题"], ["判断", "题"]], ["题型", "题目"])
    assert [str(p) for p in parse_xlsx(data, "x.xlsx")[1]] == ["x.xlsx:1: 缺少必需的表头：题干、答案（表头见导入模板）"]


def test_header_below_a_title_row():
    book = Workbook()
    book.active.append(["客服管理师题库"])
    book.active.append(["题型", "题干", "答案", "解析"])
    book.active.append(["判断", "题", "错", "因为"])
    out = BytesIO()
    book.save(out)
    drafts, problems = parse_xlsx(out.getvalue())
    assert problems == [] and drafts[0].line == 3 and drafts[0].payload == {"answer": False}


def test_case_row_problems():
    cells = {"题型": "案例分析", "题干": "题", "解析": "解析", "分值": 10, "采分点": "(5分) 要点一\n乱写"}
    data = sheet([[cells.get(h, "") for h in HEADERS]])
    assert [p.message for p in parse_xlsx(data)[1]] == ["采分点“乱写”应写作“(5分) 要点 —— 关键词：词一、词二”。"]


def test_unknown_topic_and_status():
    data = sheet([["", "判断", "题", "", "", "", "", "", "", "对", "解析", "nope", "", 3, "上线"]])
    assert [p.message for p in parse_xlsx(data)[1]] == ["未知的主题：nope", "状态必须是 已发布、草稿 或 已停用。"]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken", "text, not bytes", zipfile.__doc__.encode()])
def test_corrupt_files_give_one_problem(data):
    assert parse_xlsx(data, "x.xlsx") == ([], [Problem("x.xlsx", 1, CORRUPT)])


def test_a_zip_that_is_not_a_workbook():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert [p.message for p in parse_xlsx(out.getvalue())[1]] == [CORRUPT]


def test_template_parses_back_into_its_examples():
    data = template_xlsx()
    drafts, problems = parse_xlsx(data, "template.xlsx")
    assert problems == []
    assert [d.type for d in drafts] == ["single", "multiple"]
    assert all(d.explanation and d.topics and d.section for d in drafts)
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["题目", "填写说明", "知识点"]
    assert [c.value for c in book["题目"][1]] == [h for h in HEADERS if h != "标识"]  # no export, no signed ids
    explained = " ".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row)
    assert all(h in explained for h in HEADERS if not h.startswith("选项")) and "选项A" in explained


# ---- properties ----

@st.composite
def drafts(draw):
    kind = draw(st.sampled_from(["true_false", "single", "multiple", "fill", "case"]))
    stem = "\n".join(draw(st.lists(RISKY, min_size=1, max_size=3)))
    if kind == "true_false":
        payload = {"answer": draw(st.booleans())}
    elif kind in ("single", "multiple"):
        options = draw(st.lists(RISKY, min_size=2, max_size=8, unique_by=str.strip))
        indexes = list(range(len(options)))
        payload = {"options": options, "answer": draw(st.sampled_from(indexes))}
        if kind == "multiple":
            payload = {"options": options, "answer": sorted(draw(st.lists(st.sampled_from(indexes), min_size=2, unique=True))),
                       "scoring": draw(st.sampled_from(["all", "partial"]))}
    elif kind == "fill":
        blanks = draw(st.lists(st.lists(RISKY, min_size=1, max_size=3), min_size=1, max_size=3))
        stem = " ____ ".join(draw(st.lists(TEXT, min_size=len(blanks) + 1, max_size=len(blanks) + 1)))
        payload = {"blanks": blanks}
    else:
        line_text = TEXT.filter(lambda t: "—" not in t)
        points = draw(st.lists(st.tuples(line_text, st.sampled_from([1, 2, 2.5, 5])), min_size=1, max_size=3))
        words = st.lists(TEXT.filter(lambda t: not set(t) & set("、,，;；")), max_size=2)
        payload = {"points": sum(v for _, v in points), "key_points": [{"text": t, "points": v, "keywords": draw(words)} for t, v in points]}
    uid = draw(st.one_of(st.none(), st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+){0,2}\Z")))
    return QuestionDraft(type=kind, stem=stem, payload=payload, explanation=draw(st.one_of(st.just(""), RISKY)), uid=uid)


@given(drafts())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_drafts_round_trip(draft):
    roundtrip(draft)


@given(st.binary())
@settings(deadline=None)
def test_arbitrary_bytes_never_raise(data):
    assert parse_xlsx(data)[0] == []


VALID = write_xlsx(EXAMPLES)


@given(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=64))
@settings(max_examples=150, deadline=None)
def test_damaged_workbooks_never_raise(offset, noise):
    damaged = VALID[:offset] + noise + VALID[offset + len(noise):]
    drafts, problems = parse_xlsx(damaged, "x.xlsx")
    assert all(p.line >= 1 for p in problems)


@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=8), st.integers(-5, 10), st.floats(allow_nan=False),
                                   st.booleans(), st.sampled_from(["单选", "多选", "填空", "判断", "案例分析", "AB", "对"])),
                         max_size=len(HEADERS)), max_size=6))
@settings(max_examples=100, deadline=None)
def test_arbitrary_cells_never_raise(rows):
    rows = [[_printable(v) for v in row] for row in rows]
    drafts, problems = parse_xlsx(sheet(rows))
    assert all(p.line >= 2 for p in problems)


def _printable(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def test_entities_inside_the_workbook_are_refused():
    """openpyxl parses with defusedxml when it is installed: an entity bomb is a broken file, not a hang."""
    source, out = zipfile.ZipFile(BytesIO(write_xlsx(EXAMPLES[:1]))), BytesIO()
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert "判断".encode() in content
                content = bomb.encode() + content.replace("判断".encode(), b"&b;")
            target.writestr(item, content)
    drafts, problems = parse_xlsx(out.getvalue(), "evil.xlsx")
    assert drafts == [] and [p.message for p in problems] == [CORRUPT]
