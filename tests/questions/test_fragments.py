"""Question HTML is rendered once, when a version is written, and pages assemble the stored fragments."""
from sqlalchemy import select

from app.content.rendering import _render, render_inline
from app.extensions import db
from app.models import Question, QuestionVersion, Role
from tests.exams.conftest import clock, exam, started  # noqa: F401  (fixtures)
from tests.questions.test_pages import SINGLE

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">题干 **加粗**'


def _version(uid: str) -> QuestionVersion:
    return db.session.scalar(select(Question).where(Question.uid == uid)).current


def test_synced_version_stores_a_fresh_render(content_tree):
    version = _version("alpha-001")
    assert version.stem_html == _render(version.stem)
    assert version.explanation_html == _render(version.explanation)
    assert version.options_html == [str(render_inline(o)) for o in version.payload["options"]]


def test_version_without_options_stores_none(content_tree):
    version = _version("alpha-002")        # a true/false question
    assert version.options_html is None and version.stem_html == _render(version.stem)


def test_xss_in_a_stem_and_option_is_stripped_when_stored(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    data = {**SINGLE, "stem": XSS, "options": "甲<script>alert(3)</script>\n乙\n丙\n丁"}
    assert client.post("/questions/new", data=data).status_code == 302
    version = _version("alpha-100")
    stored = (version.stem_html + "".join(version.options_html) + version.explanation_html).lower()
    assert "<script" not in stored and "onerror" not in stored and "<strong>加粗</strong>" in version.stem_html


def test_editing_renders_the_new_version(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    client.post(f"/questions/{question.id}/edit", data={**SINGLE, "uid": "alpha-001", "stem": "新的 *题干*"})
    assert _version("alpha-001").stem_html == "<p>新的 <em>题干</em></p>"


def test_exam_page_shows_stored_fragments_not_a_fresh_render(client, started):
    """The attempt page reads the stored HTML: a fragment changed in the database shows as stored."""
    _, attempt_id = started
    from app.models import Attempt

    for item in db.session.get(Attempt, attempt_id).items:
        item.version.stem_html = f"<p>已存储的题干 {item.position}</p>"
    db.session.commit()
    page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert "已存储的题干 0" in page and "已存储的题干 1" in page
