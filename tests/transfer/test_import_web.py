"""The import pages with files as people really send them (issue 15, parts 5, 6, 9 and 11)."""
import io

from sqlalchemy import func, select

from app.extensions import db
from app.models import ImportBatch, Question, Role


def upload(client, data: bytes, name: str, fmt: str = ""):
    return client.post("/questions/import", data={"file": (io.BytesIO(data), name), "format": fmt},
                       content_type="multipart/form-data")


def review(client, data: bytes, name: str, fmt: str = "") -> str:
    response = upload(client, data, name, fmt)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def confirm(client):
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    return client.post(f"/questions/import/{batch.id}/confirm", data={"duplicates": "skip"})


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


AIKEN_WITH_ONE_BAD_BLOCK = """好题一（　）。
A. 甲
B. 乙
ANSWER: A

坏题，答案不在选项中（　）。
A. 甲
B. 乙
ANSWER: E

好题二（　）。
A)甲
B)乙
ANSWER: B
""".encode()


def test_one_bad_aiken_block_does_not_refuse_the_file(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = count()
    page = review(client, AIKEN_WITH_ONE_BAD_BLOCK, "bank.txt")
    assert "bank.txt:9: 答案“E”不在选项之中" in page and "确认导入" in page
    confirm(client)
    assert count() == before + 2


def test_a_gift_txt_file_is_read_as_gift_without_choosing(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = review(client, "// Moodle 的示例\n::q1::服务可以储存。{F}\n\n::q2::差距五是{=顾客期望与感知之差 ~管理者认知差距}\n".encode(),
                  "questions.gift.txt")
    assert "格式：Moodle GIFT" in page and "识别出 <strong>2</strong> 道题" in page


def test_the_detected_format_is_shown_and_can_be_overridden(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = review(client, AIKEN_WITH_ONE_BAD_BLOCK, "bank.gift")  # the content says Aiken
    assert "格式：Aiken" in page and "手动选择格式" in page
    page = review(client, AIKEN_WITH_ONE_BAD_BLOCK, "bank.txt", "gift")  # the instructor's choice wins
    assert "格式：Moodle GIFT" in page and "确认导入" not in page


def test_a_bad_duplicates_choice_is_a_message_not_a_500(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    review(client, AIKEN_WITH_ONE_BAD_BLOCK, "bank.txt")
    batch = db.session.scalar(select(ImportBatch))
    response = client.post(f"/questions/import/{batch.id}/confirm", data={"duplicates": "' OR 1=1"}, follow_redirects=True)
    assert "请选择如何处理重复的题目" in response.get_data(as_text=True) and batch.imported_at is None


def test_the_preview_shows_the_questions_rendered_and_paginated(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    blocks = "\n\n".join(f"::q{n}::第 {n} 题 **加粗** <script>alert(1)</script>{{T}}" for n in range(45))
    page = review(client, blocks.encode(), "many.gift")
    assert "第 0 题 <strong>加粗</strong>" in page and "第 19 题" in page and "第 20 题" not in page
    assert "<script>alert(1)</script>" not in page and "第 1 / 3 页" in page
    batch = db.session.scalar(select(ImportBatch))
    second = client.get(f"/questions/import/{batch.id}?page=2").get_data(as_text=True)
    assert "第 20 题" in second and "第 0 题" not in second
    assert client.get(f"/questions/import/{batch.id}?page=99999999999999999999").status_code == 200


# --- Excel as people fill it ---------------------------------------------------------------------

def _sheet(rows, merge=None, formula_rows=()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["题型", "题干", "选项A", "选项B", "答案", "解析"])
    for row in rows:
        book.active.append(row)
    if merge:
        book.active.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)  # openpyxl never computes formulas: a formula cell has no cached result
    return out.getvalue()


def test_excel_type_labels_as_people_write_them(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    rows = [["判断题", "服务可以储存。", "", "", "错", "不可储存"], ["单选题", "哪一个？", "甲", "乙", "B", "乙"],
            ["多选题", "哪些？", "甲", "乙", "AB", "都是"], ["填空题", "服务是 ____", "", "", "过程", "过程"],
            ["案例分析题", "分析", "", "", "", "略"]]
    page = review(client, _sheet(rows), "bank.xlsx")
    assert "判断题 1" in page and "单选题 1" in page and "多选题 1" in page and "填空题 1" in page
    assert "不支持的题型：判断题" not in page


def test_a_merged_type_cell_is_read_as_its_value(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    rows = [["单选", "第一题", "甲", "乙", "A", "甲"], [None, "第二题", "甲", "乙", "B", "乙"]]
    page = review(client, _sheet(rows, merge="A2:A3"), "merged.xlsx")
    assert "识别出 <strong>2</strong> 道题" in page and "单选题 2" in page


def test_a_formula_without_a_result_and_a_date_are_refused_with_the_cell(client, login_as, content_tree):
    from datetime import datetime

    login_as(Role.INSTRUCTOR)
    rows = [["单选", "第一题", "甲", "乙", '=IF(1,"A","B")', "甲"], ["单选", "第二题", "1-2", datetime(2026, 1, 2), "B", "乙"]]
    page = review(client, _sheet(rows), "formula.xlsx")
    assert "formula.xlsx:2: “答案”列的单元格 E2 是公式" in page
    assert "formula.xlsx:3: “选项B”列的单元格 D3 被 Excel 识别成了日期" in page
    assert "确认导入" not in page


def test_a_utf16_text_file_is_read_and_one_without_bom_is_named(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = review(client, "服务可以储存。{F}\n".encode("utf-16"), "notepad.gift")
    assert "识别出 <strong>1</strong> 道题" in page
    response = upload(client, "服务可以储存。{F}\n".encode("utf-16-le"), "notepad.gift")
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "UTF-16" in text and "GBK" not in text


# --- Bounded previews --------------------------------------------------------------------------

def test_a_huge_text_file_is_refused_before_it_is_parsed(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    response = upload(client, b"x {T}\n\n" * 60_000, "huge.gift")
    assert response.status_code == 400 and "文件太大" in response.get_data(as_text=True)
    assert db.session.scalar(select(ImportBatch)) is None


def test_a_huge_sheet_is_refused_while_it_is_read(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    rows = [["判断", f"第 {n} 题", "", "", "对", "解析"] for n in range(5100)]
    response = upload(client, _sheet(rows), "huge.xlsx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "文件太大：一次最多导入 5000 行" in page and "确认导入" not in page


# --- Images and categories from Moodle ------------------------------------------------------------

MOODLE_WITH_IMAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/\xe7\xac\xac\xe4\xb9\x9d\xe7\xab\xa0 \xe6\x9c\x8d\xe5\x8a\xa1\xe8\xb4\xa8\xe9\x87\x8f\xe5\xb7\xae\xe8\xb7\x9d\xe6\xa8\xa1\xe5\x9e\x8b</text></category></question>
  <question type="truefalse">
    <name><text>img</text></name>
    <questiontext format="html"><text><![CDATA[<p>Look <img src="@@PLUGINFILE@@/gap.png"></p>]]></text>
      <file name="gap.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
  <question type="truefalse">
    <name><text>plain</text></name>
    <questiontext format="html"><text>No image here.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
  <question type="category"><category><text>$course$/top/Misc</text></category></question>
  <question type="truefalse">
    <name><text>misc</text></name>
    <questiontext format="html"><text>Misc question.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""


def test_a_moodle_image_is_refused_clearly_never_a_broken_link(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = review(client, MOODLE_WITH_IMAGE, "moodle.xml")
    assert "moodle.xml:4: 题目引用了 Moodle 文件（gap.png）" in page and "确认导入" in page
    confirm(client)
    stems = [q.current.stem for q in db.session.scalars(select(Question))]
    assert "No image here." in stems and not any("@@PLUGINFILE@@" in s for s in stems)


def test_moodle_categories_map_to_topics_in_the_preview(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = review(client, MOODLE_WITH_IMAGE, "moodle.xml")
    assert "Moodle 类别与主题的对应" in page
    assert "第九章 服务质量差距模型</td><td>1</td>" in page and "Misc</td><td>1</td>" in page
    assert "没有对应的主题" in page
    confirm(client)
    topics = {q.current.stem: q.topics for q in db.session.scalars(select(Question)) if q.origin == "import"}
    assert topics == {"No image here.": ["gap-model"], "Misc question.": []}


def test_gift_categories_map_to_topics(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    gift = "$CATEGORY: $course$/top/complaints\n\n::a::投诉题。{T}\n\n$CATEGORY: $course$/top/其他\n\n::b::其他题。{F}\n"
    page = review(client, gift.encode(), "cat.gift")
    assert "complaints</td><td>1</td><td>客户投诉管理" in "".join(page.split())


def test_an_empty_file_is_refused_on_the_upload_form(client, login_as, content_tree):
    """An empty file used to reach the preview as "识别出 0 道题" with no word of what was wrong."""
    login_as(Role.INSTRUCTOR)
    for data, name, fmt in ((b"", "bank.gift", ""), (b"  \r\n\n", "bank.txt", ""), (b"\xef\xbb\xbf\n", "bank.md", "md"),
                            (b"", "bank.xml", "moodle-xml"), (b"", "bank.xlsx", "")):
        response = upload(client, data, name, fmt)
        assert response.status_code == 400 and "文件是空的" in response.get_data(as_text=True), name
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0
