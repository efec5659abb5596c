"""Answering a practice question: grade (pure), record, schedule the wrong-answer book, all in one
transaction. Services take `now`; they never read the request."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.beijing import beijing_date
from app.extensions import db
from app.models import Answer, Chapter, Favourite, Note, Question, ReviewCard
from app.practice import scheduling, selection
from app.questions.registry import get_type
from app.questions.types.base import AnswerError, Score

MAX_TIME_MS = 3600 * 1000


class PracticeError(ValueError):
    """Shown to the trainee as is."""


@dataclass
class Feedback:
    question: Question
    response: object
    score: Score
    key_text: str
    in_book: bool
    left_book: bool


def answer_question(user_id: int, question: Question, raw, mode: str, now: datetime, time_ms: int | None,
                    graduate_after: int = 3, set_id: int | None = None) -> Feedback:
    qtype = get_type(question.type)
    payload = question.current.payload
    try:
        response = qtype.parse_form(payload, list(raw))
    except AnswerError as error:
        raise PracticeError(str(error)) from None
    score = qtype.grade(payload, response)
    db.session.add(Answer(user_id=user_id, question_id=question.id, version_id=question.current_version_id, mode=mode,
                          response=response, score=score.fraction, correct=score.correct, created_at=now, set_id=set_id,
                          time_ms=None if time_ms is None else max(0, min(time_ms, MAX_TIME_MS))))
    card = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.question_id == question.id))
    left = False
    if mode == "review" and card is not None and card.active:
        scheduling.review(card, score.correct, now, graduate_after)
        left = not card.active
    elif not score.correct:
        card = book_wrong_answers(user_id, [question.id], now, {question.id: card} if card else {})[question.id]
    db.session.commit()
    return Feedback(question, response, score, qtype.key_text(payload), bool(card and card.active), left)


def book_wrong_answers(user_id: int, question_ids: list[int], now: datetime,
                       known: dict[int, ReviewCard] | None = None) -> dict[int, ReviewCard]:
    """Put wrongly answered questions into the wrong-answer book (or back in, due soon), looking the
    trainee's existing cards up in one query. No commit."""
    cards = dict(known or {})
    missing = [q for q in question_ids if q not in cards]
    if missing:
        cards.update({c.question_id: c for c in db.session.scalars(select(ReviewCard).where(
            ReviewCard.user_id == user_id, ReviewCard.question_id.in_(missing)))})
    for question_id in question_ids:
        if question_id in cards:
            scheduling.relapse(cards[question_id], now)
        else:
            cards[question_id] = scheduling.new_card(user_id, question_id, now)
            db.session.add(cards[question_id])
    return cards


def remove_from_book(user_id: int, question_id: int, now: datetime) -> bool:
    card = db.session.scalar(select(ReviewCard).where(ReviewCard.user_id == user_id, ReviewCard.question_id == question_id,
                                                      ReviewCard.active.is_(True)))
    if card is None:
        return False
    card.active, card.left_at = False, now
    db.session.commit()
    return True


def book(user_id: int, now: datetime) -> list[ReviewCard]:
    return list(db.session.scalars(selection.book_cards(user_id, now).order_by(ReviewCard.due)))


def review_streak(user_id: int, now: datetime) -> int:
    """Consecutive Beijing days, ending today or yesterday, with at least one review answer."""
    moments = db.session.scalars(select(Answer.created_at).where(Answer.user_id == user_id, Answer.mode == "review")
                                 .order_by(Answer.created_at.desc()).limit(2000))
    return day_streak({beijing_date(m) for m in moments}, beijing_date(now))


def day_streak(days: set, today) -> int:
    """How many consecutive days in `days` end today, or yesterday when today has nothing yet."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def toggle_favourite(user_id: int, question_id: int, now: datetime) -> bool:
    """True if the question is now a favourite."""
    row = db.session.scalar(select(Favourite).where(Favourite.user_id == user_id, Favourite.question_id == question_id))
    if row is not None:
        db.session.delete(row)
        db.session.commit()
        return False
    db.session.add(Favourite(user_id=user_id, question_id=question_id, created_at=now))
    try:
        db.session.commit()
    except IntegrityError:   # a double tap: it is a favourite either way
        db.session.rollback()
    return True


def save_note(user_id: int, question_id: int, text: str, now: datetime) -> Note | None:
    text = text.strip()
    if len(text) > 5000:
        raise PracticeError("笔记不能超过 5000 字。")
    row = db.session.scalar(select(Note).where(Note.user_id == user_id, Note.question_id == question_id))
    if not text:
        if row is not None:
            db.session.delete(row)
            db.session.commit()
        return None
    if row is None:
        row = Note(user_id=user_id, question_id=question_id, text=text, updated_at=now)
        db.session.add(row)
    row.text, row.updated_at = text, now
    db.session.commit()
    return row


def notes(user_id: int) -> list[Note]:
    """The trainee's notes, newest first, with their questions (one query)."""
    return list(db.session.scalars(select(Note).where(Note.user_id == user_id).order_by(Note.updated_at.desc())
                                   .options(joinedload(Note.question).joinedload(Question.current))))


def personal_state(user_id: int, question_id: int) -> dict:
    return {
        "favourite": db.session.scalar(select(Favourite.id).where(Favourite.user_id == user_id, Favourite.question_id == question_id)) is not None,
        "note": db.session.scalar(select(Note.text).where(Note.user_id == user_id, Note.question_id == question_id)) or "",
    }


def section_link(question: Question) -> tuple[str, str] | None:
    """(chapter slug, section anchor) of the section that teaches the question."""
    if not question.section_anchor or not question.chapter_slug:
        return None
    exists = db.session.scalar(select(Chapter.id).where(Chapter.slug == question.chapter_slug, Chapter.retired.is_(False)))
    return (question.chapter_slug, question.section_anchor) if exists else None
