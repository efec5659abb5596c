"""Which question comes next in each practice mode. Only published, auto-graded questions."""
import random
from datetime import datetime

from sqlalchemy import String, cast, func, select

from app.extensions import db
from app.models import Answer, Favourite, Question, ReviewCard
from app.questions.registry import QUESTION_TYPES

OBJECTIVE = [name for name, t in QUESTION_TYPES.items() if t.auto_graded]
WEAK_WINDOW = 300      # answers looked at for weak topics
WEAK_MIN_ANSWERS = 5   # a topic needs this many answers before it can be called weak


def practice_pool():
    return select(Question).where(Question.status == "published", Question.type.in_(OBJECTIVE))


def has_topic(topic: str):
    return cast(Question.topics, String).like(f'%"{topic}"%')


def section_counts(slug: str) -> dict[str, int]:
    """Practice questions per section of a chapter, for the chapter page's links."""
    rows = db.session.execute(select(Question.section_anchor, func.count()).where(
        Question.status == "published", Question.type.in_(OBJECTIVE), Question.chapter_slug == slug)
        .group_by(Question.section_anchor)).all()
    return dict(rows)


def chapter_questions(slug: str) -> list[Question]:
    return list(db.session.scalars(practice_pool().where(Question.chapter_slug == slug).order_by(Question.uid)))


def from_resume_point(user_id: int, slug: str) -> list[Question]:
    """The chapter's questions starting after the last one answered in chapter practice, wrapping round."""
    questions = chapter_questions(slug)
    last = db.session.scalar(select(Answer.question_id).join(Question).where(
        Answer.user_id == user_id, Answer.mode == "chapter", Question.chapter_slug == slug)
        .order_by(Answer.id.desc()).limit(1))
    ids = [q.id for q in questions]
    start = ids.index(last) + 1 if last in ids else 0
    return questions[start:] + questions[:start]


def chapter_position(user_id: int, slug: str) -> tuple[int, int]:
    """(questions answered at least once in chapter practice, questions in the chapter)."""
    total = db.session.scalar(select(func.count()).select_from(practice_pool().where(Question.chapter_slug == slug).subquery()))
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


def due_cards(user_id: int, now: datetime) -> list[ReviewCard]:
    return list(db.session.scalars(select(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.active.is_(True), ReviewCard.due <= now).order_by(ReviewCard.due)))


def favourite_pool(user_id: int):
    return practice_pool().join(Favourite, Favourite.question_id == Question.id).where(Favourite.user_id == user_id)
