"""Exams, keys and grades write to the audit log (issue 14, item 6)."""
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AuditEvent, Question, Role
from tests.exams.conftest import CASES, make_exam, position_of, teacher_of
from tests.exams.test_manage import exam_form
from tests.factories import PASSWORD, make_user
from tests.questions.test_pages import SINGLE


def logged(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_saving_exam_settings_is_logged(client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    assert client.post("/manage/exams/new", data=exam_form(cells=[("true_false", 1, 1)])).status_code == 302
    [event] = logged("exam.save")
    assert event.actor_id == teacher.id and "第一次月考" in event.target


def test_refused_exam_is_not_logged(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    client.post("/manage/exams/new", data=exam_form(cells=[("single", 50, 1)]))
    assert logged("exam.save") == []


def test_editing_a_question_and_its_key_is_logged(client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    assert client.post(f"/questions/{question.id}/edit", data={**SINGLE, "uid": "alpha-001", "answer": "C"}).status_code == 302
    [event] = logged("question.save")
    assert event.actor_id == teacher.id and "alpha-001" in event.target


def test_grading_a_case_is_logged_with_the_score(app, client, login_as, content_tree, clock):
    exam = make_exam(blueprint=CASES, pass_mark=15)
    trainee = login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/submit")
    teacher = teacher_of(trainee)
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher.email, "password": PASSWORD})
    item_id = db.session.get(Attempt, attempt_id).items[0].id
    staff.post(f"/manage/exams/grading/{item_id}", data={"award-0": "6", "award-1": "2"})
    [event] = logged("grade.case")
    assert event.actor_id == teacher.id and "20.0" in event.detail


def test_regrade_is_logged(app, client, login_as, started, exam):
    trainee, attempt_id = started
    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": position_of(attempt_id, "single"), "values": ["C"]})
    client.post(f"/api/attempts/{attempt_id}/submit")
    admin = make_user(role=Role.ADMIN)
    staff = app.test_client()
    staff.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    staff.post(f"/manage/exams/{exam.id}/regrade")
    [event] = logged("exam.regrade")
    assert event.actor_id == admin.id and f"#{exam.id}" in event.target
