"""Instructors read topics and sections by their Chinese names, never by slugs (issue 14, item 9)."""
import io
import re

from openpyxl import load_workbook

from app.content.syllabus import TOPICS
from app.models import Role
from app.transfer.xlsx import parse_xlsx


def visible_text(html: str) -> str:
    """What a reader sees: no tags, so attribute values such as option keys do not count."""
    return re.sub(r"<[^>]+>", " ", html)


def test_bank_list_names_sections_and_topics(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    text = visible_text(client.get("/questions/").get_data(as_text=True))
    assert "服务的特性" in text and "非实体性" in text             # the sections of alpha-001 and alpha-002
    assert "alpha-traits" not in text and "alpha-intangible" not in text and "service-basics" not in text


def test_bank_list_filter_by_topic_and_difficulty_by_name(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = client.get("/questions/?topic=service-basics&difficulty=2").get_data(as_text=True)
    assert "alpha-001" in page and "alpha-002" not in page
    assert '<option value="service-basics" selected>服务与客户服务概论</option>' in page


def test_question_detail_and_editor_name_the_section(client, login_as, content_tree):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Question

    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    text = visible_text(client.get(f"/questions/{question.id}").get_data(as_text=True))
    assert "第1章 第一章测试 › 服务的特性" in text and "alpha-traits" not in text and "服务与客户服务概论" in text
    editor = client.get(f"/questions/{question.id}/edit").get_data(as_text=True)
    assert "第1章 第一章测试 › 服务的特性" in editor and "1. 服务与客户服务概论" in editor


def test_import_template_lists_every_valid_value_on_a_knowledge_sheet(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    data = client.get("/questions/template.xlsx").data
    book = load_workbook(io.BytesIO(data))
    assert "知识点" in book.sheetnames
    values = {cell for row in book["知识点"].iter_rows(values_only=True) for cell in row if cell}
    assert set(TOPICS.values()) <= values
    assert {"第1章 第一章测试 › 服务的特性", "alpha-traits", "第2章 第二章测试 › 忠诚的价值", "beta-intro"} <= values
    topics_column = [row[list(book.worksheets[0][1]).index(next(c for c in book.worksheets[0][1] if c.value == "主题"))]
                     for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert topics_column == ["服务质量差距模型", "客户投诉管理"]
    drafts, _ = parse_xlsx(data, "template.xlsx")
    assert [d.topics for d in drafts] == [["gap-model"], ["complaints"]]


def test_bank_excel_export_names_topics_and_reimports_unchanged(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    data = client.get("/questions/export?format=xlsx").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    topics = {row[header.index("主题")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert topics == {"服务与客户服务概论", "服务质量差距模型"}
    drafts, problems = parse_xlsx(data, "bank.xlsx")
    assert problems == [] and {tuple(d.topics) for d in drafts} <= {(k,) for k in TOPICS} | {()}


def test_bank_excel_export_names_sections_and_reads_them_back(client, login_as, content_tree):
    """The 小节 column held codes (alpha-traits); instructors read and write it by name."""
    login_as(Role.INSTRUCTOR)
    data = client.get("/questions/export?format=xlsx").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = {row[header.index("题干")]: row[header.index("小节")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    basic = next(stem for stem in column if "最基本" in stem)            # alpha-001
    assert column[basic] == "第1章 第一章测试 › 服务的特性"
    assert not any(value and re.fullmatch(r"[a-z0-9-]+", value) for value in column.values())
    drafts, problems = parse_xlsx(data, "bank.xlsx")
    assert problems == [] and next(d.section for d in drafts if d.stem == basic) == "alpha-traits"


def test_excel_import_reads_a_section_by_label_title_or_code(client, login_as, content_tree):
    from openpyxl import Workbook

    login_as(Role.INSTRUCTOR)
    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "答案", "解析", "小节"])
    for section in ("第1章 第一章测试 > 服务的特性", "服务的特性", "alpha-traits", "  第1章  第一章测试 › 服务的特性 ", "没有这一节"):
        sheet.append(["判断", "服务可以储存。", "错", "不可储存。", section])
    out = io.BytesIO()
    book.save(out)
    drafts, problems = parse_xlsx(out.getvalue(), "mine.xlsx")
    assert [d.section for d in drafts][:4] == ["alpha-traits"] * 4
    assert drafts[4].section == "没有这一节"    # unknown names stay as written; the preview reports them
