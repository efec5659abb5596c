"""An attempt's life: start (or resume), autosave, close exactly once. The server owns the clock:
every function takes `now`, and the deadline is fixed when the attempt starts."""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.exc import IntegrityError

from app.beijing import format_beijing
from app.exams import grading, stock
from app.exams.paper import draw
from app.extensions import db
from app.models import Attempt, AttemptItem, Exam, ExtraTime, User
from app.models.user import CohortMember
from app.questions.registry import get_type
from app.questions.types.base import AnswerError

NETWORK_SLACK = timedelta(seconds=30)


class ExamError(ValueError):
    """Shown to the trainee as is."""


class AttemptClosed(ExamError):
    pass


def may_take(user: User, exam: Exam) -> bool:
    if exam.archived or not exam.published:
        return False
    if not exam.cohorts:
        return True
    mine = set(db.session.scalars(select(CohortMember.cohort_id).where(CohortMember.user_id == user.id)))
    return any(link.cohort_id in mine for link in exam.cohorts)


def open_attempt(user_id: int, exam_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.user_id == user_id, Attempt.exam_id == exam_id, Attempt.status == "open"))


def start_attempt(user: User, exam: Exam, now: datetime) -> Attempt:
    """Resume the open attempt, or draw a new paper with a stored seed and fix the deadline.

    Safe to repeat: a start retried after a lost answer (a timeout, a 503) resumes the attempt the
    first one made. A few reads, then the attempt and all its items in one transaction of two inserts;
    a first start on a paper drawn before (app/exams/stock.py) claims it in that transaction and draws nothing."""
    mine = list(db.session.scalars(select(Attempt).where(Attempt.user_id == user.id, Attempt.exam_id == exam.id)))
    current = next((a for a in mine if a.status == "open"), None)
    if current is not None and not close_if_overdue(current, now):
        return current
    _check_can_start(user, exam, now, used=len(mine))
    extra = db.session.scalar(select(ExtraTime.seconds).where(ExtraTime.exam_id == exam.id, ExtraTime.user_id == user.id)) or 0
    deadline = now + timedelta(seconds=exam.time_limit_seconds + extra)
    if exam.closes_at and deadline > exam.closes_at:
        deadline = exam.closes_at
    grace = timedelta(seconds=exam.grace_seconds if exam.timeout_policy == "grace" else 0)
    stored = stock.claim(exam, now) if not mine else None     # a first paper may come from the stock drawn before
    if stored is not None:
        seed, rows, max_score = stored.seed, stored.items, stored.max_score
    else:
        seed = secrets.randbelow(2**31)
        earlier = earlier_questions(user.id, exam.id) if mine else frozenset()   # a first paper needs no look-up
        paper = draw(exam.blueprint, seed, exam.shuffle_questions, exam.shuffle_options, earlier)
        rows = [[d.question.id, d.question.current_version_id, d.points, d.order] for d in paper]
        max_score = sum(d.points for d in paper)
    attempt = Attempt(exam_id=exam.id, user_id=user.id, seed=seed, started_at=now, deadline=deadline,
                      submit_until=deadline + grace, status="open", seq=0, max_score=max_score)
    try:
        db.session.add(attempt)
        db.session.flush()
        attempt_id = attempt.id
        _insert_items(attempt_id, rows)
        if stored is not None:
            stock.attach(stored.id, attempt_id)
        db.session.commit()
    except IntegrityError:  # a second start raced this one: resume the attempt it created (its claim rolls back)
        db.session.rollback()
        raced = open_attempt(user.id, exam.id)
        if raced is None:
            raise ExamError("开始考试时发生冲突，请重试。") from None
        return raced
    set_committed_value(attempt, "id", attempt_id)     # known: the caller's redirect needs no reload
    return attempt


def _insert_items(attempt_id: int, rows: list) -> None:
    """Every item of the paper in one multi-row INSERT (no RETURNING: nothing reads them back here).
    `rows`: [question_id, version_id, points, option_order] per position."""
    if rows:
        db.session.execute(insert(AttemptItem.__table__), [     # Core executemany: no ORM bookkeeping for 90 rows
            {"attempt_id": attempt_id, "position": i, "question_id": q, "version_id": v, "points": p, "option_order": o,
             "flagged": False} for i, (q, v, p, o) in enumerate(rows)])


def earlier_questions(user_id: int, exam_id: int) -> frozenset[int]:
    """The questions of the trainee's earlier papers of this exam: a new paper draws them last."""
    return frozenset(db.session.scalars(select(AttemptItem.question_id).join(Attempt).where(
        Attempt.user_id == user_id, Attempt.exam_id == exam_id)))


def _check_can_start(user: User, exam: Exam, now: datetime, used: int) -> None:
    if not may_take(user, exam):
        raise ExamError("这场考试不对你开放。")
    if exam.opens_at and now < exam.opens_at:
        raise ExamError(f"考试尚未开始，开始时间：{format_beijing(exam.opens_at)}（北京时间）。")
    if exam.closes_at and now >= exam.closes_at:
        raise ExamError("考试已经关闭。")
    if exam.attempts_allowed and used >= exam.attempts_allowed:
        raise ExamError(f"已达到允许的作答次数（{exam.attempts_allowed} 次）。")


def seconds_left(attempt: Attempt, now: datetime) -> int:
    return max(0, int((attempt.deadline - now).total_seconds()))


def close_if_overdue(attempt: Attempt, now: datetime) -> bool:
    """The lazy sweeper: anyone touching an attempt past its time closes it. True if it is closed."""
    if attempt.status == "open" and now > attempt.submit_until + NETWORK_SLACK:
        close_attempt(attempt, now, "timeout")
    return attempt.status != "open"


def parse_response(type_name: str, payload: dict, order: list[int] | None, values: list[str]):
    """Values as posted against the shown option order, as an answer in the payload's own terms."""
    if not [v for v in values if str(v).strip()]:
        return None
    qtype = get_type(type_name)
    try:
        shown_answer = qtype.parse_form(qtype.shown(payload, order), values)
    except AnswerError as error:
        raise ExamError(str(error)) from None
    return qtype.to_original(shown_answer, order)


def close_attempt(attempt: Attempt, now: datetime, reason: str) -> bool:
    """Close and grade exactly once, however many callers race; True for the caller that did it."""
    won = db.session.execute(update(Attempt).where(Attempt.id == attempt.id, Attempt.status == "open")
                             .values(status="closing").execution_options(synchronize_session=False)).rowcount
    if not won:
        db.session.rollback()
        db.session.refresh(attempt)
        return False
    db.session.refresh(attempt)
    load_paper(attempt)
    if reason in ("submit", "leaves") and now <= attempt.submit_until + NETWORK_SLACK:
        attempt.closed_at = min(now, attempt.submit_until)
    else:
        attempt.closed_at = attempt.deadline
    attempt.closed_by = reason
    grading.grade_at_close(attempt, now)
    db.session.commit()
    return True


def load_paper(attempt: Attempt) -> None:
    """Load the paper's items with their questions and versions in three queries, not one per item.
    The items are attached to the attempt: the session's identity map holds objects only weakly."""
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)
                               .options(selectinload(AttemptItem.question), selectinload(AttemptItem.version))).all()
    set_committed_value(attempt, "items", list(items))


def close_overdue(now: datetime) -> int:
    """The sweeper (`flask exams close-overdue`): close attempts whose owners went away."""
    overdue = list(db.session.scalars(select(Attempt).where(Attempt.status == "open",
                                                            Attempt.submit_until < now - NETWORK_SLACK)))
    return sum(close_attempt(a, now, "timeout") for a in overdue)
