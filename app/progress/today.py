"""The trainee's home page: what to do today. Services take `now`; they never read the request."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.beijing import beijing_date, to_utc
from app.content import reading
from app.exams.attempts import may_take
from app.extensions import db
from app.models import Answer, Attempt, Exam, Section, SectionRead, StudyGoal, User
from app.practice import selection
from app.practice.services import day_streak
from app.progress.readiness import Readiness
from app.progress.summaries import summaries_for

GOAL_RANGE = (10, 2000)


class GoalError(ValueError):
    def __init__(self):
        super().__init__(f"每周目标请填 {GOAL_RANGE[0]} 到 {GOAL_RANGE[1]} 之间的整数（题数）。")


@dataclass
class Today:
    reading: Section | None          # where to continue reading
    due: int
    exam: Exam | None
    attempt: Attempt | None          # an attempt still open: continue it first
    readiness: Readiness
    streak: int
    goal: int | None
    week: int                        # questions answered this week (Monday to Sunday, Beijing)


def build(user: User, now: datetime) -> Today:
    readiness = summaries_for([user.id], now)[user.id].readiness   # first: it may commit its cache
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == user.id, Attempt.status == "open")
                                .order_by(Attempt.id.desc()).limit(1))
    goal = db.session.get(StudyGoal, user.id)
    return Today(reading=continue_reading(user.id), due=len(selection.due_cards(user.id, now)),
                 exam=None if attempt else next_exam(user, now), attempt=attempt, readiness=readiness,
                 streak=study_streak(user.id, now), goal=goal.weekly_questions if goal else None,
                 week=week_count(user.id, now))


def continue_reading(user_id: int) -> Section | None:
    """The first unread reading section after the last one read (in syllabus order), else the first unread."""
    units = [s for c in reading.live_chapters() for s in c.reading_sections]
    read = dict(db.session.execute(select(SectionRead.section_id, SectionRead.read_at).where(SectionRead.user_id == user_id)).all())
    if not units:
        return None
    last = max((i for i, s in enumerate(units) if s.id in read), key=lambda i: read[units[i].id], default=-1)
    ordered = units[last + 1:] + units[:last + 1]
    return next((s for s in ordered if s.id not in read), None)


def next_exam(user: User, now: datetime) -> Exam | None:
    """The exam this trainee can sit soonest: open now first, then the next to open."""
    exams = [e for e in db.session.scalars(select(Exam).where(Exam.archived.is_(False)).order_by(Exam.id))
             if may_take(user, e) and (e.closes_at is None or e.closes_at > now)]
    return min(exams, key=lambda e: (e.opens_at or now) if (e.opens_at or now) > now else now, default=None)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 in Beijing of `now`'s week, as naive UTC."""
    day = beijing_date(now)
    monday = day - timedelta(days=day.weekday())
    return to_utc(datetime(monday.year, monday.month, monday.day))


def week_count(user_id: int, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.user_id == user_id, Answer.created_at >= week_start(now), Answer.created_at <= now))


def study_streak(user_id: int, now: datetime) -> int:
    """Consecutive Beijing days, ending today or yesterday, with an answer or a section read."""
    since = now - timedelta(days=400)
    answered = db.session.scalars(select(Answer.created_at).where(Answer.user_id == user_id, Answer.created_at >= since))
    read = db.session.scalars(select(SectionRead.read_at).where(SectionRead.user_id == user_id, SectionRead.read_at >= since))
    return day_streak({beijing_date(m) for m in [*answered, *read]}, beijing_date(now))


def set_goal(user_id: int, raw: str, now: datetime) -> int:
    text = (raw or "").strip()
    if not text.isdigit() or not GOAL_RANGE[0] <= int(text) <= GOAL_RANGE[1]:
        raise GoalError()
    goal = db.session.get(StudyGoal, user_id) or StudyGoal(user_id=user_id)
    goal.weekly_questions, goal.updated_at = int(text), now
    db.session.add(goal)
    db.session.commit()
    return goal.weekly_questions
