"""全体正确率: how everyone did on a question, shown after answering once enough trainees answered it
(20 by default), with the most chosen wrong answer, so a trainee knows whether a trap is common."""
import json
import time
from dataclasses import dataclass

from sqlalchemy import Integer, String, cast, func, select

from app.extensions import db
from app.models import Answer, Question
from app.questions.registry import get_type

MIN_TRAINEES = 20
CACHE_SECONDS = 60      # crowd figures need not be live: each process recomputes a question at most once a minute
_cache: dict[tuple[int, int], tuple[float, "Crowd | None"]] = {}


@dataclass
class Crowd:
    trainees: int
    accuracy: float
    common_wrong: str | None     # e.g. "C", "AD", "对"; None when nobody chose a wrong option
    common_wrong_share: float    # of the wrong answers


def crowd_statistics(question: Question, min_trainees: int = MIN_TRAINEES) -> Crowd | None:
    """The figures for a question, from this process's one-minute cache or computed afresh."""
    key, now = (question.id, min_trainees), time.monotonic()
    cached = _cache.get(key)
    if cached is None or now - cached[0] > CACHE_SECONDS:
        if len(_cache) > 20000:
            _cache.clear()
        cached = _cache[key] = (now, compute(question, min_trainees))
    return cached[1]


def compute(question: Question, min_trainees: int) -> Crowd | None:
    """Distinct trainees from the index, then one grouped query: answers per response."""
    trainees = db.session.scalar(select(func.count(func.distinct(Answer.user_id))).where(Answer.question_id == question.id))
    if trainees < min_trainees:   # read from the (question, trainee) index alone
        return None
    rows = db.session.execute(
        select(cast(Answer.response, String), func.max(cast(Answer.correct, Integer)), func.count())
        .where(Answer.question_id == question.id).group_by(cast(Answer.response, String))).all()
    total = sum(r[2] for r in rows)
    right = sum(r[2] for r in rows if r[1])
    wrong = [r for r in rows if not r[1]]
    top = max(wrong, key=lambda r: r[2], default=None)
    return Crowd(trainees, right / total, _label(question, top[0]) if top else None,
                 top[2] / (total - right) if top else 0.0)


def _label(question: Question, stored: str) -> str | None:
    """A stored response as the trainee reads it (letters or 对/错); None for typed answers."""
    return get_type(question.type).answer_text(question.current.payload, json.loads(stored))
