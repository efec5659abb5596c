"""Case practice: write an analysis first, then see the reference key points and score yourself."""
from datetime import datetime

from sqlalchemy import exists, select

from app.extensions import db
from app.models import Case, CaseAnswer, Question
from app.practice.visibility import visible_to
from app.questions.registry import get_type
from app.questions.types.base import AnswerError


class CaseError(ValueError):
    """The message is shown as is."""


def case_visible(user_id: int, now: datetime):
    """A condition on Case: live, with a published question the user may see. A case whose questions
    are all 考试专用 is reserved for exams: its page, list entry and search hits are hidden."""
    return Case.retired.is_(False) & exists(select(Question.id).where(
        Question.case_slug == Case.slug, Question.status == "published", visible_to(user_id, now)))


def live_cases(user_id: int, now: datetime) -> list[Case]:
    return list(db.session.scalars(select(Case).where(case_visible(user_id, now)).order_by(Case.id)))


def visible_case(user_id: int, slug: str, now: datetime) -> Case | None:
    return db.session.scalar(select(Case).where(Case.slug == slug, case_visible(user_id, now)))


def case_questions(case: Case, user_id: int, now: datetime) -> list[Question]:
    return list(db.session.scalars(select(Question).where(
        Question.case_slug == case.slug, Question.status == "published", visible_to(user_id, now)).order_by(Question.uid)))


def case_question(case: Case, uid: str, user_id: int, now: datetime) -> Question | None:
    return db.session.scalar(select(Question).where(Question.uid == uid, Question.case_slug == case.slug,
                                                    Question.status == "published", visible_to(user_id, now)))


def latest_answers(user_id: int, question_ids: list[int]) -> dict[int, CaseAnswer]:
    rows = db.session.scalars(select(CaseAnswer).where(
        CaseAnswer.user_id == user_id, CaseAnswer.question_id.in_(question_ids)).order_by(CaseAnswer.id))
    return {row.question_id: row for row in rows}  # later rows win


def submit_answer(user_id: int, question: Question, text: str, now: datetime) -> CaseAnswer:
    qtype = get_type(question.type)
    payload = question.current.payload
    try:
        answer = qtype.parse_answer(payload, text)
    except AnswerError as error:
        raise CaseError(str(error)) from None
    if len(answer) < 10:
        raise CaseError("请先写下你的分析（至少 10 个字），提交后才能查看参考分析。")
    row = CaseAnswer(user_id=user_id, question_id=question.id, version_id=question.current_version_id, text=answer,
                     suggested_score=qtype.grade(payload, answer).earned, created_at=now)
    db.session.add(row)
    db.session.commit()
    return row


def self_score(answer: CaseAnswer, ticked: list[int]) -> float:
    points = answer.version.payload["key_points"]
    if any(i < 0 or i >= len(points) for i in ticked):
        raise CaseError("所选采分点不存在。")
    answer.self_points = sorted(set(ticked))
    db.session.commit()
    return sum(points[i]["points"] for i in answer.self_points)
