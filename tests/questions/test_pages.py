"""The question bank in the browser: instructors only; create, edit with versions, preview, bulk."""
import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Question, QuestionVersion, Role

SINGLE = {"type": "single", "uid": "alpha-100", "stem": "服务最基本的特性是（　）。", "options": "差异性\n非实体性\n过程性\n不可储存性",
          "answer": "B", "explanation": "非实体性是最基本的特性。", "section": "alpha-traits", "topics": ["service-basics"],
          "difficulty": "2", "status": "published", "scoring": "all", "points": "", "source": ""}


def question_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def test_instructor_creates_question(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = question_count()
    response = client.post("/questions/new", data=SINGLE)
    assert response.status_code == 302, response.get_data(as_text=True)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-100"))
    assert question.current.payload == {"options": ["差异性", "非实体性", "过程性", "不可储存性"], "answer": 1}
    assert question.chapter_slug == "alpha" and question.origin == "web" and question_count() == before + 1


def test_invalid_question_is_explained_and_not_saved(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = question_count()
    response = client.post("/questions/new", data={**SINGLE, "answer": "F"})
    assert response.status_code == 400 and "不是有效的选项字母" in response.get_data(as_text=True)
    response = client.post("/questions/new", data={**SINGLE, "explanation": ""})
    assert response.status_code == 400 and "请填写解析" in response.get_data(as_text=True)
    response = client.post("/questions/new", data={**SINGLE, "uid": "alpha-001"})
    assert response.status_code == 400 and "已被其他题目使用" in response.get_data(as_text=True)
    assert question_count() == before


def test_editing_content_adds_a_version_and_keeps_the_old(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    old_version = question.current_version_id
    form = client.get(f"/questions/{question.id}/edit").get_data(as_text=True)
    assert "服务最基本的特性" in form and "B. 非实体性" in form
    data = {**SINGLE, "uid": "alpha-001", "stem": "服务最根本的特性是（　）。"}
    assert client.post(f"/questions/{question.id}/edit", data=data).status_code == 302
    db.session.refresh(question)
    assert question.current_version_id != old_version and question.current.number == 2
    assert "最基本" in db.session.get(QuestionVersion, old_version).stem
    # saving again without a change adds nothing
    client.post(f"/questions/{question.id}/edit", data=data)
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion).where(QuestionVersion.question_id == question.id)) == 2


def test_preview_renders_trainee_view_and_key(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    html = client.post("/questions/preview", data=SINGLE).get_data(as_text=True)
    assert "学员看到的样子" in html and 'type="radio"' in html and "答案：</strong>B" in html
    html = client.post("/questions/preview", data={**SINGLE, "stem": "<script>alert(1)</script>题干"}).get_data(as_text=True)
    assert "<script>" not in html
    html = client.post("/questions/preview", data={**SINGLE, "answer": ""}).get_data(as_text=True)
    assert "缺少答案" in html


def test_filters_and_text_search(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    page = client.get("/questions/?type=true_false").get_data(as_text=True)
    assert "alpha-002" in page and "alpha-001" not in page
    page = client.get("/questions/?q=最基本").get_data(as_text=True)
    assert "alpha-001" in page and "alpha-002" not in page
    page = client.get("/questions/?topic=gap-model").get_data(as_text=True)
    assert "case-card-1" in page and "alpha-001" not in page
    page = client.get("/questions/?difficulty=1&chapter=alpha").get_data(as_text=True)
    assert "alpha-002" in page and "alpha-001" not in page


def test_duplicate_retire_and_publish_rules(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    client.post(f"/questions/{question.id}/duplicate")
    copy = db.session.scalar(select(Question).where(Question.uid.like("alpha-001-copy-%")))
    assert copy.status == "draft" and copy.current.stem == question.current.stem
    client.post(f"/questions/{question.id}/status", data={"status": "retired"})
    db.session.refresh(question)
    assert question.status == "retired"
    assert client.post(f"/questions/{question.id}/status", data={"status": "deleted"}).status_code == 400


def test_bulk_tag_and_retire(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    ids = [str(i) for i in db.session.scalars(select(Question.id).where(Question.uid.in_(["alpha-001", "alpha-002"])))]
    client.post("/questions/bulk", data={"ids": ids, "action": "add-topic", "topic": "loyalty"})
    topics = db.session.scalars(select(Question.topics).where(Question.uid.in_(["alpha-001", "alpha-002"]))).all()
    assert all("loyalty" in t for t in topics)
    client.post("/questions/bulk", data={"ids": ids, "action": "retire", "topic": ""})
    assert set(db.session.scalars(select(Question.status).where(Question.uid.in_(["alpha-001", "alpha-002"])))) == {"retired"}


def test_trainee_cannot_reach_the_bank(client, login_as, content_tree):
    login_as(Role.TRAINEE)
    for url in ("/questions/", "/questions/new", "/questions/1", "/questions/import", "/questions/export?format=md"):
        assert client.get(url).status_code == 403, url
    assert client.post("/questions/preview", data=SINGLE).status_code == 403


def test_editing_in_the_browser_keeps_what_the_form_does_not_show(client, login_as, content_tree):
    """An imported question carries Moodle weights, per-option feedback and its case; opening it in the
    editor and saving a wording change must keep all three (they are shown in the form, not dropped)."""
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    extras = {"weights": [0, 100, 0, 0], "option_feedback": ["否", "对", "否", "否"]}
    question.current.payload = {**question.current.payload, **extras}
    question.case_slug = "card"
    db.session.commit()
    form = client.get(f"/questions/{question.id}/edit").get_data(as_text=True)
    assert re.search(r'<option (selected )?value="card"( selected)?>', form) and "selected" in form.split('value="card"')[0][-20:] + form.split('value="card"')[1][:12]
    assert "option_feedback" in form
    data = {**SINGLE, "uid": "alpha-001", "stem": "服务最根本的特性是（　）。", "case_slug": "card",
            "extras": '{"option_feedback": ["否", "对", "否", "否"], "weights": [0, 100, 0, 0]}'}
    assert client.post(f"/questions/{question.id}/edit", data=data).status_code == 302
    db.session.refresh(question)
    assert question.current.number == 2 and "最根本" in question.current.stem
    assert question.current.payload["weights"] == [0, 100, 0, 0] and question.current.payload["option_feedback"][1] == "对"
    assert question.case_slug == "card"


def test_editor_refuses_bad_extras_and_changes_nothing(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    version = question.current_version_id
    for junk in ('{"weights": [0, 100]', '{"evil": 1}', '{"weights": [0, 100, 0]}', "[1e999]"):
        response = client.post(f"/questions/{question.id}/edit", data={**SINGLE, "uid": "alpha-001", "stem": "改了", "extras": junk})
        assert response.status_code == 400, junk
        assert "附加" in response.get_data(as_text=True) or "权重" in response.get_data(as_text=True), junk
    db.session.refresh(question)
    assert question.current_version_id == version


def test_editor_refuses_an_unknown_case_in_chinese(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    response = client.post(f"/questions/{question.id}/edit", data={**SINGLE, "uid": "alpha-001", "case_slug": "../etc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Not a valid" not in page and "不是有效的选择" in page
    db.session.refresh(question)
    assert question.case_slug is None


def test_wtforms_own_messages_are_chinese(client, login_as, content_tree):
    """WTForms' built-in messages (a type that is not offered, a number that is not a number) were English."""
    login_as(Role.INSTRUCTOR)
    page = client.post("/questions/new", data={**SINGLE, "type": "essay", "difficulty": "abc"}).get_data(as_text=True)
    assert "Not a valid" not in page and "不是有效的选择" in page and "不是有效的整数" in page
