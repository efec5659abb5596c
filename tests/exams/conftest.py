from datetime import datetime

import pytest

from app.extensions import db
from app.models import Exam, Role
from tests.factories import make_cohort, make_user

T0 = datetime(2026, 1, 5, 8, 0)  # in the past: the CLI sweeper uses the real clock
OBJECTIVE = [{"type": "true_false", "count": 1, "points": 0.5, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5},
             {"type": "single", "count": 1, "points": 1, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5}]
CASES = [{"type": "case", "count": 1, "points": 25, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5}]


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, moved by the test."""
    from app.exams import routes

    state = {"now": T0}
    monkeypatch.setattr(routes, "now", lambda: state["now"])
    return state


def make_exam(blueprint=OBJECTIVE, **overrides) -> Exam:
    values = dict(title="小测", instructions="", blueprint=blueprint, time_limit_seconds=600, pass_mark=1,
                  review_policy="after_submit", created_at=T0, shuffle_options=False, published=True)
    values.update(overrides)
    exam = Exam(**values)
    db.session.add(exam)
    db.session.commit()
    return exam


@pytest.fixture
def exam(content_tree):
    return make_exam()


@pytest.fixture
def started(client, login_as, exam, clock):
    """A trainee signed in with an open attempt on the two-question exam."""
    user = login_as(Role.TRAINEE)
    response = client.post(f"/exams/{exam.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return user, attempt_id


def position_of(attempt_id: int, qtype: str) -> int:
    from app.models import Attempt

    attempt = db.session.get(Attempt, attempt_id)
    return next(i.position for i in attempt.items if i.question.type == qtype)


def teacher_of(trainee):
    teacher = make_user(role=Role.INSTRUCTOR)
    make_cohort(owner=teacher, members=[trainee])
    return teacher
