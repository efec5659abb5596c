from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.content.sync import sync_content
from app.extensions import db
from app.models import Case, Chapter, Figure, Question, QuestionVersion, Section
from app.problems import ProblemsFound
from tests.content.tree import BANK, CHAPTER_ONE, write_tree

ROOT = Path(__file__).resolve().parents[2]


def counts() -> dict:
    return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
            for m in (Chapter, Section, Figure, Case, Question, QuestionVersion)}


def test_sync_loads_everything_and_is_idempotent(app, tmp_path):
    content, cases = write_tree(tmp_path)
    report = sync_content(content, cases)
    assert report["chapters created"] == 2 and report["questions created"] == 3
    first = counts()
    assert first == {"chapters": 2, "sections": 8, "figures": 1, "cases": 1, "questions": 3, "question_versions": 3}
    assert sync_content(content, cases) == {}
    assert counts() == first


def test_edit_updates_and_new_version(app, tmp_path):
    content, cases = write_tree(tmp_path)
    sync_content(content, cases)
    write_tree(tmp_path, **{"questions/01-alpha.md": BANK.replace("服务最基本的特性", "服务最根本的特性"),
                            "chapters/01-alpha.md": CHAPTER_ONE.replace("最基本的特性。", "最基本、最重要的特性。")})
    report = sync_content(content, cases)
    assert report["questions updated"] == 1 and report["chapters updated"] == 1
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    assert [v.number for v in question.versions] == [1, 2]
    assert "最根本" in question.current.stem and "最基本" in question.versions[0].stem


def test_removed_files_are_retired_not_deleted(app, tmp_path):
    content, cases = write_tree(tmp_path)
    sync_content(content, cases)
    write_tree(tmp_path, **{"../cases/card.md": None, "questions/01-alpha.md": BANK.split("### alpha-002")[0]})
    report = sync_content(content, cases)
    assert report["cases retired"] == 1 and report["questions retired"] == 2  # alpha-002 and the case's question
    assert db.session.scalar(select(Case.retired)) is True
    statuses = dict(db.session.execute(select(Question.uid, Question.status)).all())
    assert statuses == {"alpha-001": "published", "alpha-002": "retired", "case-card-1": "retired"}


@pytest.mark.parametrize("change, expected", [
    ({"chapters/02-beta.md": CHAPTER_ONE}, "章节 slug“alpha”重复"),
    ({"chapters/01-alpha.md": CHAPTER_ONE.replace("/chapters/beta#beta-intro", "/chapters/beta#nope")}, "content/chapters/01-alpha.md:23: 链接指向不存在的章节或小节"),
    ({"chapters/01-alpha.md": CHAPTER_ONE.replace("(#alpha-more)", "(#gone)")}, "content/chapters/01-alpha.md:13: 链接指向本章不存在的小节"),
    ({"figures/traits.svg": None}, "content/chapters/01-alpha.md:15: 图不存在：figures/traits.svg"),
    ({"questions/01-alpha.md": BANK.replace("小节：alpha-intangible", "小节：alpha-nowhere")}, "content/questions/01-alpha.md:22: 小节“alpha-nowhere”不存在"),
    ({"questions/01-alpha.md": BANK.replace("答案：B", "答案：E")}, "content/questions/01-alpha.md:19: 答案“E”不是有效的选项字母"),
    ({"figures/traits.svg": '<svg><title>x</title><script>alert(1)</script></svg>'}, "content/figures/traits.svg:1: SVG 图不能含脚本"),
])
def test_malformed_content_stops_sync_and_changes_nothing(app, tmp_path, change, expected):
    content, cases = write_tree(tmp_path)
    sync_content(content, cases)
    before = counts()
    write_tree(tmp_path, **change)
    with pytest.raises(ProblemsFound) as caught:
        sync_content(content, cases)
    assert any(expected in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]
    assert counts() == before


def test_cli_sync_reports_problems_with_exit_code(runner, app, tmp_path):
    content, cases = write_tree(tmp_path, **{"chapters/01-alpha.md": CHAPTER_ONE.replace("order: 1", "order: [")})
    app.config.update(CONTENT_DIR=content, CASES_DIR=cases)
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 1
    assert "01-alpha.md:" in result.output and "未做任何修改" in result.output
    assert counts()["chapters"] == 0


def test_real_content_syncs_twice_to_the_same_rows(app, runner):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    first = counts()
    assert first["chapters"] >= 14 and first["cases"] >= 8
    again = runner.invoke(args=["content", "sync"])
    assert "没有变化" in again.output
    assert counts() == first
