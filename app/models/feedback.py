"""题目纠错: a trainee's report that a question is wrong, and the instructor's outcome."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.question import Question

REASONS = {"answer": "答案有误", "explanation": "解析有误", "stem": "题干不清", "other": "其他"}
REPORT_STATUSES = {"open": "待处理", "fixed": "已修正", "rejected": "不予采纳"}


class QuestionReport(db.Model):
    __tablename__ = "question_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("question_versions.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    question: Mapped[Question] = relationship()
    user = relationship("User", foreign_keys=[user_id])

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def status_label(self) -> str:
        return REPORT_STATUSES.get(self.status, self.status)
