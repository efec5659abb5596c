"""Import previews first and writes all or nothing; export then import gives the same questions."""
import io

from sqlalchemy import func, select

from app.extensions import db
from app.models import ImportBatch, Question, Role
from app.transfer.importing import drafts_from_questions
from app.transfer.markdown_bank import write_bank

GOOD = """### imported-1
类型：判断
小节：alpha-traits
难度：2

题干：
服务可以储存。

答案：错
解析：服务不可储存。

### imported-2
类型：单选
小节：alpha-traits
难度：3

题干：
哪一项是服务的特性？

A. 可储存
B. 过程性

答案：B
解析：过程性是服务的特性。
"""


def upload(client, text: str | bytes, name="bank.md", fmt=""):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/questions/import", data={"file": (io.BytesIO(data), name), "format": fmt},
                       content_type="multipart/form-data")


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def test_import_previews_then_writes_on_confirm(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = count()
    response = upload(client, GOOD)
    assert response.status_code == 302
    review = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "识别出 <strong>2</strong> 道题" in review and "判断题 1" in review and "单选题 1" in review
    assert count() == before  # nothing written yet
    batch = db.session.scalar(select(ImportBatch))
    assert client.post(f"/questions/import/{batch.id}/confirm").status_code == 302
    assert count() == before + 2
    assert client.post(f"/questions/import/{batch.id}/confirm").status_code == 302
    assert count() == before + 2  # a second confirm imports nothing


def test_broken_file_reports_lines_and_cannot_be_confirmed(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = count()
    broken = GOOD.replace("答案：B", "答案：Z").replace("小节：alpha-traits\n难度：2", "小节：alpha-nowhere\n难度：2")
    review = client.get(upload(client, broken).headers["Location"]).get_data(as_text=True)
    assert "bank.md:23: 答案“Z”不是有效的选项字母" in review
    assert "bank.md:1: 小节“alpha-nowhere”不存在" in review
    assert "确认导入" not in review
    batch = db.session.scalar(select(ImportBatch))
    client.post(f"/questions/import/{batch.id}/confirm")
    assert count() == before


def test_gbk_file_gets_a_clear_message(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    response = upload(client, GOOD.encode("gbk"))
    assert response.status_code == 400 and "不是 UTF-8 编码" in response.get_data(as_text=True)
    assert db.session.scalar(select(ImportBatch)) is None


def test_unknown_extension_is_refused(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    response = upload(client, "x", name="bank.docx")
    assert response.status_code == 400 and "无法识别文件格式" in response.get_data(as_text=True)


def test_another_instructors_batch_is_not_visible(client, login_as, content_tree, app):
    login_as(Role.INSTRUCTOR)
    upload(client, GOOD)
    batch = db.session.scalar(select(ImportBatch))
    client.post("/auth/logout")
    login_as(Role.INSTRUCTOR)
    assert client.get(f"/questions/import/{batch.id}").status_code == 404
    assert client.post(f"/questions/import/{batch.id}/confirm").status_code == 404


def test_markdown_export_import_round_trip_through_the_cli(runner, content_tree, tmp_path):
    original = {q.uid: (q.type, q.current.stem, q.current.payload, q.current.explanation, q.section_anchor)
                for q in db.session.scalars(select(Question))}
    out = tmp_path / "bank.md"
    assert runner.invoke(args=["questions", "export", "--format", "md", "-o", str(out)]).exit_code == 0
    for question in db.session.scalars(select(Question)):
        db.session.delete(question)
    db.session.commit()
    result = runner.invoke(args=["questions", "import", str(out)])
    assert result.exit_code == 0, result.output
    again = {q.uid: (q.type, q.current.stem, q.current.payload, q.current.explanation, q.section_anchor)
             for q in db.session.scalars(select(Question))}
    assert again == original


def test_cli_dry_run_writes_nothing_and_errors_exit_nonzero(runner, content_tree, tmp_path):
    path = tmp_path / "bank.md"
    path.write_text(GOOD, encoding="utf-8")
    before = count()
    result = runner.invoke(args=["questions", "import", str(path), "--dry-run"])
    assert "识别出 2 道题" in result.output and count() == before
    path.write_text(GOOD.replace("答案：B", "答案：Z"), encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(path)])
    assert result.exit_code == 1 and "bank.md:23" in result.output and count() == before


def test_write_bank_is_the_inverse_of_parse(content_tree):
    from app.transfer.markdown_bank import parse_markdown

    drafts = drafts_from_questions(list(db.session.scalars(select(Question))))
    parsed, problems = parse_markdown(write_bank(drafts))
    assert problems == []
    assert [(d.name, d.type, d.stem, d.payload, d.explanation) for d in parsed] == \
           [(d.uid, d.type, d.stem, d.payload, d.explanation) for d in drafts]
