"""Practice sets: the trainee picks a length, the questions are fixed when the set starts, and each
position is answered once. Services take `now`; they never read the request."""
import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from app.content.syllabus import TOPICS
from app.extensions import db
from app.models import Answer, PracticeSet, Question, ReviewCard
from app.practice import selection
from app.practice.services import Feedback, PracticeError, answer_question
from app.questions.registry import get_type
from app.questions.types.base import Score

SIZES = {"10": 10, "20": 20, "50": 50, "all": None}   # the choices on the start page; None: every question
DEFAULT_SIZE = "10"


class SizeError(PracticeError):
    def __init__(self):
        super().__init__("题量只能选 10、20、50 题或全部。")


@dataclass
class SetSummary:
    total: int
    answered: int
    right: int
    seconds: int
    wrong: list[tuple[int, Question]]   # (position, question) of the ones answered wrongly

    @property
    def accuracy(self) -> float:
        return self.right / self.answered if self.answered else 0.0


def candidates(user_id: int, mode: str, key: str, now: datetime, rng: random.Random) -> list[Question]:
    """Every question the mode offers, in the order a set takes them."""
    pool = selection.practice_pool(user_id, now)
    if mode == "chapter":
        return selection.from_resume_point(user_id, key, now)
    if mode == "review":
        return [card.question for card in selection.due_cards(user_id, now)]
    if mode == "topic":
        query = pool.where(selection.has_topic(key)) if key in TOPICS else None
    elif mode == "section":
        query = pool.where(Question.section_anchor == key)
    elif mode == "weak":
        weak = [t for t, _, _ in selection.weak_topics(user_id)]
        query = pool.where(or_(*[selection.has_topic(t) for t in weak])) if weak else None
    elif mode == "favourites":
        query = selection.favourite_pool(user_id, now)
    elif mode == "missed":   # key: the id of one of the trainee's closed attempts
        query = selection.missed_pool(user_id, key, now)
    else:
        query = pool
    return selection.least_recent_first(user_id, query, rng) if query is not None else []


def start_set(user_id: int, mode: str, key: str, size: str, now: datetime, rng: random.Random | None = None) -> PracticeSet | None:
    """A new set of the chosen length, or None when the mode has no questions."""
    if size not in SIZES:
        raise SizeError()
    questions = candidates(user_id, mode, key, now, rng or random.Random())[:SIZES[size]]
    return _new_set(user_id, mode, key, [q.id for q in questions], now)


def retry_wrong(practice_set: PracticeSet, now: datetime) -> PracticeSet | None:
    """错题重练: a new set of the questions answered wrongly in this one."""
    ids = [q.id for _, q in summarise(practice_set).wrong]
    return _new_set(practice_set.user_id, "retry", str(practice_set.id), ids, now)


def _new_set(user_id: int, mode: str, key: str, ids: list[int], now: datetime) -> PracticeSet | None:
    if not ids:
        return None
    row = PracticeSet(user_id=user_id, mode=mode, key=key[:120], question_ids=ids, created_at=now)
    db.session.add(row)
    db.session.commit()
    return row


def owned_set(user_id: int, set_id: int) -> PracticeSet | None:
    return db.session.scalar(select(PracticeSet).where(PracticeSet.id == set_id, PracticeSet.user_id == user_id))


def answers_by_position(practice_set: PracticeSet) -> dict[int, Answer]:
    """position (1-based) -> the answer given there; the first answer counts if two tabs raced."""
    rows = db.session.scalars(select(Answer).where(Answer.set_id == practice_set.id).order_by(Answer.id.desc()))
    by_question = {a.question_id: a for a in rows}
    return {i: by_question[qid] for i, qid in enumerate(practice_set.question_ids, 1) if qid in by_question}


def question_at(practice_set: PracticeSet, position: int) -> Question | None:
    if not 1 <= position <= len(practice_set.question_ids):
        return None
    return db.session.get(Question, practice_set.question_ids[position - 1])


def answer_at(practice_set: PracticeSet, position: int, raw, now: datetime, time_ms: int | None,
              graduate_after: int) -> Feedback:
    """Answers one position; a position already answered (a second tab, a resubmitted form) keeps its
    first answer and shows it again."""
    question = question_at(practice_set, position)
    if question.status != "published" or question.current is None:
        raise PracticeError("这道题已停用，请继续下一题。")
    given = answers_by_position(practice_set).get(position)
    if given is not None:
        return stored_feedback(given)
    return answer_question(practice_set.user_id, question, raw, practice_set.mode, now, time_ms, graduate_after, practice_set.id)


def stored_feedback(answer: Answer) -> Feedback:
    question = answer.question
    in_book = db.session.scalar(select(ReviewCard.active).where(
        ReviewCard.user_id == answer.user_id, ReviewCard.question_id == question.id)) or False
    key = get_type(question.type).key_text(question.current.payload)
    return Feedback(question, answer.response, Score(answer.score, 1.0), key, in_book, False)


def summarise(practice_set: PracticeSet) -> SetSummary:
    answers = answers_by_position(practice_set)
    wrong = [(pos, a.question) for pos, a in sorted(answers.items()) if not a.correct]
    seconds = sum((a.time_ms or 0) for a in answers.values()) // 1000
    return SetSummary(total=len(practice_set.question_ids), answered=len(answers),
                      right=sum(1 for a in answers.values() if a.correct), seconds=seconds, wrong=wrong)
