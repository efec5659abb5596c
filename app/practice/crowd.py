"""全体正确率: how everyone did on a question, shown after answering once enough trainees answered it
(20 by default), with the most chosen wrong answer, so a trainee knows whether a trap is common."""
import json
from dataclasses import dataclass

from sqlalchemy import Integer, String, cast, func, select

from app.extensions import db
from app.models import Answer, Question
from app.questions.registry import get_type

MIN_TRAINEES = 20


@dataclass
class Crowd:
    trainees: int
    accuracy: float
    common_wrong: str | None     # e.g. "C", "AD", "对"; None when nobody chose a wrong option
    common_wrong_share: float    # of the wrong answers


def crowd_statistics(question: Question, min_trainees: int = MIN_TRAINEES) -> Crowd | None:
    """One grouped query over the question's answers (on its index): counts per (response, correct)."""
    rows = db.session.execute(
        select(cast(Answer.response, String), func.max(cast(Answer.correct, Integer)), func.count(),
               func.count(func.distinct(Answer.user_id)))
        .where(Answer.question_id == question.id).group_by(cast(Answer.response, String))).all()
    if not rows or sum(r[3] for r in rows) < min_trainees:
        return None   # cheap lower bound first: fewer than `min_trainees` even counted per response
    trainees = db.session.scalar(select(func.count(func.distinct(Answer.user_id))).where(Answer.question_id == question.id))
    if trainees < min_trainees:
        return None
    total = sum(r[2] for r in rows)
    right = sum(r[2] for r in rows if r[1])
    wrong = [r for r in rows if not r[1]]
    top = max(wrong, key=lambda r: r[2], default=None)
    return Crowd(trainees, right / total, _label(question, top[0]) if top else None,
                 top[2] / (total - right) if top else 0.0)


def _label(question: Question, stored: str) -> str | None:
    """A stored response as the trainee reads it (letters or 对/错); None for typed answers."""
    return get_type(question.type).answer_text(question.current.payload, json.loads(stored))
