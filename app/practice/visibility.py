"""Which questions a user may see outside an exam: the one rule every trainee-facing question query
goes through (practice modes, 背题, favourites, the 错题本, case pages, search).

A trainee never sees, outside the exam itself:
- a question on one of their open attempts (its key would answer the paper), and
- a question marked 考试专用, unless it was on one of their closed attempts whose review the
  exam's review policy allows now (then the result page, the 错题本 and practice may show it).
Instructors and admins see the whole bank anyway, so the rule lets them through.
"""
from datetime import datetime

from sqlalchemy import and_, exists, or_, select

from app.extensions import db
from app.models import Attempt, AttemptItem, Exam, Question, Role, User

OPEN_STATUSES = ("open", "closing")
CLOSED_STATUSES = ("grading", "graded")


def _on_attempt(user_id: int, *conditions):
    return exists(select(AttemptItem.id).join(Attempt, Attempt.id == AttemptItem.attempt_id).where(
        AttemptItem.question_id == Question.id, Attempt.user_id == user_id, *conditions))


def review_open(now: datetime):
    """The exam's review policy allows the review now (SQL form of grading.review_allowed)."""
    return or_(Exam.review_policy == "after_submit",
               and_(Exam.review_policy == "after_close", Exam.closes_at.is_not(None), Exam.closes_at <= now))


def visible_to(user_id: int, now: datetime):
    """A condition on Question: true where `user_id` may see the question outside an exam."""
    staff = exists(select(User.id).where(User.id == user_id, User.role.in_([Role.INSTRUCTOR.value, Role.ADMIN.value])))
    reviewed = exists(select(AttemptItem.id).join(Attempt, Attempt.id == AttemptItem.attempt_id)
                      .join(Exam, Exam.id == Attempt.exam_id).where(
        AttemptItem.question_id == Question.id, Attempt.user_id == user_id, Attempt.status.in_(CLOSED_STATUSES),
        review_open(now)))
    return or_(staff, and_(~_on_attempt(user_id, Attempt.status.in_(OPEN_STATUSES)),
                           or_(Question.exam_only.is_(False), reviewed)))


def is_visible(user_id: int, question_id: int, now: datetime) -> bool:
    return db.session.scalar(select(Question.id).where(Question.id == question_id, visible_to(user_id, now))) is not None
