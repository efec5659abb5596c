"""Reports on questions and their outcome. Services take `now`; they never read the request."""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Question, QuestionReport
from app.models.feedback import REASONS, REPORT_STATUSES

MAX_TEXT = 1000


class ReportError(ValueError):
    """Shown to the user as is."""


def report_question(user_id: int, question: Question, reason: str, text: str, now: datetime) -> QuestionReport:
    """A trainee's report; a second report while the first is open (another tab) replaces its reason and text."""
    text = (text or "").strip()
    if reason not in REASONS:
        raise ReportError("请选择纠错原因：答案有误、解析有误、题干不清或其他。")
    if reason == "other" and not text:
        raise ReportError("选择“其他”时请写明问题。")
    if len(text) > MAX_TEXT:
        raise ReportError(f"说明不能超过 {MAX_TEXT} 字。")
    row = db.session.scalar(select(QuestionReport).where(
        QuestionReport.user_id == user_id, QuestionReport.question_id == question.id, QuestionReport.status == "open"))
    if row is None:
        row = QuestionReport(user_id=user_id, question_id=question.id, status="open", reply="", created_at=now)
        db.session.add(row)
    row.reason, row.text, row.version_id = reason, text, question.current_version_id
    db.session.commit()
    return row


def resolve(report: QuestionReport, staff_id: int, status: str, reply: str, now: datetime) -> None:
    reply = (reply or "").strip()
    if status not in REPORT_STATUSES or status == "open":
        raise ReportError("请选择处理结果：已修正或不予采纳。")
    if len(reply) > MAX_TEXT:
        raise ReportError(f"回复不能超过 {MAX_TEXT} 字。")
    report.status, report.reply, report.resolved_at, report.resolved_by_id = status, reply, now, staff_id
    db.session.commit()


def queue(status: str) -> list[QuestionReport]:
    return list(db.session.scalars(_with_question(select(QuestionReport).where(QuestionReport.status == status))
                                   .order_by(QuestionReport.created_at)))


def counts() -> dict[str, int]:
    return dict(db.session.execute(select(QuestionReport.status, func.count()).group_by(QuestionReport.status)).all())


def mine(user_id: int) -> list[QuestionReport]:
    return list(db.session.scalars(_with_question(select(QuestionReport).where(QuestionReport.user_id == user_id))
                                   .order_by(QuestionReport.created_at.desc())))


def _with_question(statement):
    return statement.options(joinedload(QuestionReport.question).joinedload(Question.current), joinedload(QuestionReport.user))
