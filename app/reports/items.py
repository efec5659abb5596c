"""Item analysis over the bank (from every first answer a trainee gave to a question) and per exam
(from the papers of closed attempts). One query each; the arithmetic is in statistics.py."""
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Attempt, AttemptItem, Question
from app.reports.statistics import ItemStats, analyse


def _choice_info(questions: dict[int, Question]) -> dict[int, tuple[int, set[int]]]:
    info = {}
    for qid, q in questions.items():
        payload = q.current.payload if q.current else {}
        if "options" in payload:
            key = payload["answer"]
            info[qid] = (len(payload["options"]), set(key) if isinstance(key, list) else {key})
    return info


def _picks(response) -> list[int]:
    if isinstance(response, bool) or response is None:
        return []
    if isinstance(response, int):
        return [response]
    return [r for r in response if isinstance(r, int)] if isinstance(response, list) else []


def bank_item_stats(question_ids: list[int] | None = None) -> dict[int, ItemStats]:
    """Practice and exam answers; each trainee counts once per question (their first answer), and a
    trainee's ability is their accuracy over all their first answers."""
    query = select(Answer.user_id, Answer.question_id, Answer.score, Answer.response).order_by(Answer.id)
    first: dict[tuple[int, int], tuple[float, object]] = {}
    for user_id, question_id, score, response in db.session.connection().execute(query):
        first.setdefault((user_id, question_id), (score, response))
    ability_sum: dict[int, list[float]] = {}
    for (user_id, _), (score, _) in first.items():
        total = ability_sum.setdefault(user_id, [0.0, 0])
        total[0] += score
        total[1] += 1
    ability = {uid: s / n for uid, (s, n) in ability_sum.items()}
    wanted = set(question_ids) if question_ids is not None else None
    per_question: dict[int, list] = {}
    for (user_id, question_id), (score, response) in first.items():
        if wanted is None or question_id in wanted:
            per_question.setdefault(question_id, []).append((score, ability[user_id], response))
    return _analyse_all(per_question)


def exam_item_stats(exam_id: int, user_ids=None) -> dict[int, ItemStats]:
    """Over the graded attempts of the trainees in `user_ids` (a subquery; None: everyone)."""
    query = select(AttemptItem.question_id, AttemptItem.score, AttemptItem.points, AttemptItem.response,
                   Attempt.score).join(Attempt).where(
        Attempt.exam_id == exam_id, Attempt.status == "graded", AttemptItem.score.is_not(None))
    rows = db.session.execute(query if user_ids is None else query.where(Attempt.user_id.in_(user_ids)))
    per_question: dict[int, list] = {}
    omitted: dict[int, int] = {}
    for question_id, score, points, response, total in rows:
        if response is None:   # an omission is not a wrong answer: counted apart
            omitted[question_id] = omitted.get(question_id, 0) + 1
            per_question.setdefault(question_id, [])
            continue
        per_question.setdefault(question_id, []).append((score / points if points else 0.0, total or 0.0, response))
    stats = _analyse_all(per_question)
    for question_id, count in omitted.items():
        stats[question_id].omitted = count
    return stats


def _analyse_all(per_question: dict[int, list]) -> dict[int, ItemStats]:
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(list(per_question))))} if per_question else {}
    choices = _choice_info(questions)
    result = {}
    for qid, rows in per_question.items():
        options, key = choices.get(qid, (0, set()))
        result[qid] = analyse([(s, t) for s, t, _ in rows], [_picks(r) for _, _, r in rows] if options else None, options, key)
    return result
