"""make_*(**overrides): rows with sensible defaults, committed."""
import functools
import itertools

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import Cohort, CohortMember, Role, User

PASSWORD = "Correct-Horse-42"
_counter = itertools.count(1)


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)  # hashing once keeps the suite fast; Argon2 is slow on purpose


def make_user(**overrides) -> User:
    n = next(_counter)
    role = overrides.pop("role", Role.TRAINEE)
    values = {"email": f"user{n}@example.com", "name": f"用户{n}", "role": Role(role).value,
              "password_hash": _password_hash()}
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def make_cohort(owner: User | None = None, members=(), **overrides) -> Cohort:
    owner = owner or make_user(role=Role.INSTRUCTOR)
    cohort = Cohort(name=overrides.pop("name", f"班级{next(_counter)}"), owner_id=owner.id, **overrides)
    db.session.add(cohort)
    db.session.flush()
    for member in members:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=member.id))
    db.session.commit()
    return cohort


def make_import_batch(owner: User, **overrides):
    from datetime import datetime

    from app.models import ImportBatch

    values = {"user_id": owner.id, "filename": "bank.md", "format": "md", "drafts": [], "problems": [], "skipped": [],
              "created_at": datetime(2026, 1, 1)}
    values.update(overrides)
    batch = ImportBatch(**values)
    db.session.add(batch)
    db.session.commit()
    return batch


def make_exam_attempt(owner: User, trainee: User):
    """An exam owned by `owner` and an open attempt on it by `trainee` (one question of the bank)."""
    from datetime import datetime, timedelta

    from sqlalchemy import select

    from app.models import Attempt, AttemptItem, Exam, Question

    now = datetime(2026, 1, 1)
    exam = Exam(title="访问测试", instructions="", blueprint=[], time_limit_seconds=600, pass_mark=1, owner_id=owner.id, published=True,
                created_at=now)
    question = db.session.scalar(select(Question).order_by(Question.id))
    attempt = Attempt(exam=exam, user_id=trainee.id, seed=1, started_at=now, deadline=now + timedelta(days=3650),
                      submit_until=now + timedelta(days=3650), status="open", max_score=1)
    attempt.items = [AttemptItem(position=0, question_id=question.id, version_id=question.current_version_id, points=1)]
    db.session.add_all([exam, attempt])
    db.session.commit()
    return exam, attempt


def make_practice_set(owner: User, question_id: int):
    from datetime import datetime

    from app.models import PracticeSet

    practice_set = PracticeSet(user_id=owner.id, mode="random", key="all", question_ids=[question_id],
                               created_at=datetime(2026, 1, 1))
    db.session.add(practice_set)
    db.session.commit()
    return practice_set


def make_question_report(owner: User, question_id: int):
    from datetime import datetime

    from app.models import QuestionReport

    report = QuestionReport(user_id=owner.id, question_id=question_id, reason="answer", text="", status="open", reply="",
                            created_at=datetime(2026, 1, 1))
    db.session.add(report)
    db.session.commit()
    return report
