"""Honest exports (issue 15, parts 3 and 10): the count written and what the format loses."""
from sqlalchemy import select

from app.extensions import db
from app.models import Question, Role
from tests.transfer.test_reimport import bank  # noqa: F401  (fixture)


def test_aiken_export_counts_what_it_wrote_and_names_what_it_could_not(runner, bank, tmp_path):  # noqa: F811
    out = tmp_path / "bank.txt"
    result = runner.invoke(args=["questions", "export", "--format", "aiken", "-o", str(out)])
    written = out.read_text("utf-8").count("ANSWER:")
    total = len(list(db.session.scalars(select(Question))))
    assert written == 1 and total == 11  # alpha-001 only: the rest are not plain single choice
    assert f"已导出 {written} 道题目" in result.output
    assert "另有 10 道题没有导出" in result.output and "判断题 2" in result.output and "多选题 3" in result.output


def test_moodle_exports_state_the_all_or_nothing_loss(runner, bank, tmp_path):  # noqa: F811
    for fmt in ("gift", "moodle-xml"):
        result = runner.invoke(args=["questions", "export", "--format", fmt, "-o", str(tmp_path / "out")])
        assert "已导出 11 道题目" in result.output
        assert "1 道“全对得分”的多选题" in result.output and "少选按比例得分" in result.output


def test_the_export_page_says_it_before_the_download(client, login_as, bank):  # noqa: F811
    login_as(Role.INSTRUCTOR)
    page = client.get("/questions/export/summary?format=aiken").get_data(as_text=True)
    assert "将导出 <strong>1</strong> 道题目" in page and "另有 10 道题没有导出" in page
    assert "/questions/export?format=aiken" in page
    assert client.get("/questions/export/summary?format=docx").status_code == 404
