"""Pressing 开始 during a storm: the start script asks for JSON and retries; a retry never makes a second attempt."""
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, AttemptItem, Role
from tests.exams.conftest import T0, make_exam

JSON = {"Accept": "application/json"}


def attempts() -> int:
    return db.session.scalar(select(func.count()).select_from(Attempt))


def test_json_start_answers_with_the_attempt_url(client, login_as, exam, clock):
    login_as(Role.TRAINEE)
    response = client.post(f"/exams/{exam.id}/start", headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    attempt_id = db.session.scalar(select(Attempt.id))
    assert response.json == {"url": f"/exams/attempts/{attempt_id}"}
    assert db.session.scalar(select(func.count()).select_from(AttemptItem)) == 2


def test_retried_start_returns_the_same_attempt(client, login_as, exam, clock):
    """The first answer was lost (a timeout or a 503 from the proxy): the retry resumes, it does not draw again."""
    login_as(Role.TRAINEE)
    first = client.post(f"/exams/{exam.id}/start", headers=JSON).json["url"]
    clock["now"] = T0 + timedelta(seconds=5)
    for _ in range(3):
        assert client.post(f"/exams/{exam.id}/start", headers=JSON).json["url"] == first
    assert attempts() == 1


def test_retry_on_a_one_attempt_exam_is_not_refused(client, login_as, content_tree, clock):
    login_as(Role.TRAINEE)
    exam = make_exam(attempts_allowed=1)
    first = client.post(f"/exams/{exam.id}/start", headers=JSON).json["url"]
    again = client.post(f"/exams/{exam.id}/start", headers=JSON)
    assert again.status_code == 200 and again.json["url"] == first and attempts() == 1


def test_json_start_refused_says_why_in_chinese_and_creates_nothing(client, login_as, content_tree, clock):
    login_as(Role.TRAINEE)
    exam = make_exam(closes_at=T0 - timedelta(minutes=1))
    response = client.post(f"/exams/{exam.id}/start", headers=JSON)
    assert response.status_code == 409 and response.json["error"] == "考试已经关闭。" and attempts() == 0


def test_json_start_without_csrf_is_refused(client, login_as, exam, clock):
    login_as(Role.TRAINEE)
    response = client.post(f"/exams/{exam.id}/start", headers=JSON, csrf=False)
    assert response.status_code == 400 and attempts() == 0


def test_start_of_someone_elses_cohort_exam_is_refused(client, login_as, content_tree, clock):
    from tests.factories import make_cohort, make_user

    login_as(Role.TRAINEE)
    exam = make_exam()
    from app.models import ExamCohort

    db.session.add(ExamCohort(exam_id=exam.id, cohort_id=make_cohort(owner=make_user(role=Role.INSTRUCTOR)).id))
    db.session.commit()
    response = client.post(f"/exams/{exam.id}/start", headers=JSON)
    assert response.status_code == 409 and "不对你开放" in response.json["error"] and attempts() == 0


def test_start_issues_few_queries(client, login_as, exam, clock, app):
    """One start: a handful of reads, then the attempt and all its items in one transaction."""
    from sqlalchemy import event

    login_as(Role.TRAINEE)
    client.post(f"/exams/{make_exam().id}/start", headers=JSON)      # warms the question pools
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        client.post(f"/exams/{exam.id}/start", headers=JSON)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 2, writes                     # the attempt, then every item in one statement
    assert len(statements) <= 12, statements           # reads stay a handful, never one per question
