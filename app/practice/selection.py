"""Which question comes next in each practice mode. Only published, auto-graded questions."""
import random
from datetime import datetime

from sqlalchemy import String, cast, func, select

from app.extensions import db
from app.models import Answer, Attempt, AttemptItem, Favourite, Question, ReviewCard
from app.practice.visibility import CLOSED_STATUSES, visible_to
from app.questions.registry import QUESTION_TYPES

OBJECTIVE = [name for name, t in QUESTION_TYPES.items() if t.auto_graded]
WEAK_WINDOW = 300      # answers looked at for weak topics
WEAK_MIN_ANSWERS = 5   # a topic needs this many answers before it can be called weak


def practice_pool(user_id: int, now: datetime):
    """Published objective questions this user may see outside an exam (see visibility.py)."""
    return select(Question).where(Question.status == "published", Question.type.in_(OBJECTIVE), visible_to(user_id, now))


def has_topic(topic: str):
    return cast(Question.topics, String).like(f'%"{topic}"%')


def section_counts(user_id: int, slug: str, now: datetime) -> dict[str, int]:
    """Practice questions per section of a chapter, for the chapter page's links."""
    pool = practice_pool(user_id, now).where(Question.chapter_slug == slug).subquery()
    return dict(db.session.execute(select(pool.c.section_anchor, func.count()).group_by(pool.c.section_anchor)).all())


def chapter_questions(user_id: int, slug: str, now: datetime) -> list[Question]:
    return list(db.session.scalars(practice_pool(user_id, now).where(Question.chapter_slug == slug).order_by(Question.uid)))


def from_resume_point(user_id: int, slug: str, now: datetime) -> list[Question]:
    """The chapter questions the trainee may see, starting after the last one answered in chapter practice."""
    questions = chapter_questions(user_id, slug, now)
    last = db.session.scalar(select(Answer.question_id).join(Question).where(
        Answer.user_id == user_id, Answer.mode == "chapter", Question.chapter_slug == slug)
        .order_by(Answer.id.desc()).limit(1))
    ids = [q.id for q in questions]
    start = ids.index(last) + 1 if last in ids else 0
    return questions[start:] + questions[:start]


def chapter_position(user_id: int, slug: str, now: datetime) -> tuple[int, int]:
    """(questions answered at least once in chapter practice, questions in the chapter)."""
    total = db.session.scalar(select(func.count()).select_from(practice_pool(user_id, now).where(Question.chapter_slug == slug).subquery()))
    done = db.session.scalar(select(func.count(func.distinct(Answer.question_id))).join(Question).where(
        Answer.user_id == user_id, Answer.mode == "chapter", Question.chapter_slug == slug))
    return done, total


def least_recent_first(user_id: int, query, rng: random.Random) -> list[Question]:
    """Questions the trainee has not answered yet (shuffled), then the rest, answered longest ago first."""
    candidates = list(db.session.scalars(query))
    if not candidates:
        return []
    last_seen = dict(db.session.execute(select(Answer.question_id, func.max(Answer.id)).where(
        Answer.user_id == user_id, Answer.question_id.in_([q.id for q in candidates])).group_by(Answer.question_id)).all())
    fresh = [q for q in candidates if q.id not in last_seen]
    rng.shuffle(fresh)
    return fresh + sorted((q for q in candidates if q.id in last_seen), key=lambda q: last_seen[q.id])


def weak_topics(user_id: int, limit: int = 3) -> list[tuple[str, float, int]]:
    """(topic, accuracy, answers) for the topics with the lowest recent accuracy."""
    rows = db.session.execute(select(Question.topics, Answer.correct).join(Question).where(
        Answer.user_id == user_id).order_by(Answer.id.desc()).limit(WEAK_WINDOW)).all()
    totals: dict[str, list[int]] = {}
    for topics, correct in rows:
        for topic in topics or []:
            right, n = totals.setdefault(topic, [0, 0])
            totals[topic] = [right + bool(correct), n + 1]
    scored = [(t, right / n, n) for t, (right, n) in totals.items() if n >= WEAK_MIN_ANSWERS]
    return sorted(scored, key=lambda x: (x[1], -x[2]))[:limit]


def book_cards(user_id: int, now: datetime):
    """The trainee's active 错题本 cards whose questions they may see now."""
    return select(ReviewCard).join(Question, Question.id == ReviewCard.question_id).where(
        ReviewCard.user_id == user_id, ReviewCard.active.is_(True), visible_to(user_id, now))


def due_cards(user_id: int, now: datetime) -> list[ReviewCard]:
    return list(db.session.scalars(book_cards(user_id, now).where(ReviewCard.due <= now).order_by(ReviewCard.due)))


def missed_pool(user_id: int, attempt_key: str, now: datetime):
    """The questions the trainee left unanswered (未作答) on one of their closed attempts."""
    attempt_id = int(attempt_key) if attempt_key.isdigit() and len(attempt_key) < 10 else 0
    rows = db.session.execute(select(AttemptItem.question_id, AttemptItem.response).join(Attempt).where(
        Attempt.id == attempt_id, Attempt.user_id == user_id, Attempt.status.in_(CLOSED_STATUSES)))
    return practice_pool(user_id, now).where(Question.id.in_([q for q, response in rows if response is None]))


def favourite_pool(user_id: int, now: datetime):
    return practice_pool(user_id, now).join(Favourite, Favourite.question_id == Question.id).where(Favourite.user_id == user_id)
