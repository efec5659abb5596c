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
