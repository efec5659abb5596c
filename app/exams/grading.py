"""Scores: objective items at close, case analyses by an instructor against key points, regrades.
Grading itself is the question types' pure `grade`; this module saves and logs the results."""
import math
from datetime import datetime

from sqlalchemy import select

from app.admin.audit import record
from app.extensions import db
from app.models import Answer, Attempt, AttemptItem, GradeChange
from app.practice.services import book_wrong_answers
from app.questions.registry import get_type


class GradingError(ValueError):
    pass


def grade_at_close(attempt: Attempt, now: datetime) -> None:
    """Objective items get their score; case items a suggested one and the attempt waits for grading.
    Every objective answer is recorded for statistics, and wrong ones go into the wrong-answer book;
    an item left unanswered scores 0 but is neither an answer nor a wrong one (the result lists it)."""
    wrong = []
    for item in attempt.items:
        qtype = get_type(item.question.type)
        score = qtype.grade(item.version.payload, item.response) if item.response is not None else None
        if not qtype.auto_graded:
            item.suggested = round(score.fraction * item.points, 2) if score else 0.0
            continue
        item.score = round(score.fraction * item.points, 4) if score else 0.0
        if item.response is None:
            continue
        db.session.add(Answer(user_id=attempt.user_id, question_id=item.question_id, version_id=item.version_id, mode="exam",
                              response=item.response, score=score.fraction if score else 0.0,
                              correct=bool(score and score.correct), created_at=now))
        if not (score and score.correct):
            wrong.append(item.question_id)
    book_wrong_answers(attempt.user_id, wrong, now)
    finish_if_graded(attempt)


def finish_if_graded(attempt: Attempt) -> None:
    if any(item.score is None for item in attempt.items):
        attempt.status = "grading"
        return
    attempt.status = "graded"
    attempt.score = round(sum(item.score for item in attempt.items), 2)
    attempt.passed = attempt.score >= attempt.exam.pass_mark


def grade_case_item(item: AttemptItem, awards: list[float], comment: str, grader_id: int, now: datetime) -> None:
    """Award points per key point; the item's score is their share of the item's points."""
    key_points = item.version.payload["key_points"]
    if len(awards) != len(key_points) or any(not math.isfinite(a) or a < 0 or a > kp["points"] for a, kp in zip(awards, key_points)):
        raise GradingError("每个采分点的得分必须在 0 到该采分点分值之间。")
    if item.attempt.status not in ("grading", "graded"):
        raise GradingError("这份试卷还没有交卷，不能阅卷。")
    possible = sum(kp["points"] for kp in key_points)
    new_score = round(sum(awards) / possible * item.points, 2)
    db.session.add(GradeChange(item_id=item.id, user_id=grader_id, old_score=item.score, new_score=new_score,
                               reason="阅卷" if item.score is None else "修改阅卷", created_at=now))
    record(grader_id, "grade.case", f"作答 #{item.attempt_id} 第 {item.position + 1} 题", f"{item.score} → {new_score}", now)
    item.score, item.point_awards, item.comment, item.graded_by_id = new_score, awards, comment.strip()[:2000], grader_id
    finish_if_graded(item.attempt)
    db.session.commit()


def regrade_exam(exam_id: int, user_id: int, now: datetime) -> int:
    """After a key is fixed: grade every closed objective item again with the question's current key.
    Returns how many scores changed; each change is logged."""
    items = db.session.scalars(select(AttemptItem).join(Attempt).where(
        Attempt.exam_id == exam_id, Attempt.status.in_(["grading", "graded"])))
    changed, touched = 0, set()
    for item in items:
        qtype = get_type(item.question.type)
        if not qtype.auto_graded or item.question.current is None:
            continue
        payload = item.question.current.payload
        new = round(qtype.grade(payload, item.response).fraction * item.points, 4) if item.response is not None else 0.0
        if new != item.score:
            db.session.add(GradeChange(item_id=item.id, user_id=user_id, old_score=item.score, new_score=new,
                                       reason=f"重新评分（题目第 {item.question.current.number} 版）", created_at=now))
            item.score = new
            changed += 1
            touched.add(item.attempt)
    for attempt in touched:
        finish_if_graded(attempt)
    record(user_id, "exam.regrade", f"试卷 #{exam_id}", f"{changed} 个成绩有变化", now)
    db.session.commit()
    return changed


def unanswered(attempt: Attempt) -> list[AttemptItem]:
    """The items left unanswered (未作答), in paper order."""
    return [item for item in attempt.items if item.response is None]


def topic_breakdown(attempt: Attempt) -> list[tuple[str, float, float]]:
    """(topic, earned, possible) by each question's first syllabus topic."""
    totals: dict[str, list[float]] = {}
    for item in attempt.items:
        topic = (item.question.topics or ["其他"])[0]
        earned, possible = totals.setdefault(topic, [0.0, 0.0])
        totals[topic] = [earned + (item.score or 0.0), possible + item.points]
    return [(t, e, p) for t, (e, p) in totals.items()]


def review_allowed(attempt: Attempt, now: datetime) -> bool:
    exam = attempt.exam
    if attempt.status == "open" or exam.review_policy == "never":
        return False
    if exam.review_policy == "after_close":
        return bool(exam.closes_at and now >= exam.closes_at)
    return True
