"""What a trainee has done with the material: sections read, case answers written."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.question import Question, QuestionVersion


class SectionRead(db.Model):
    __tablename__ = "section_reads"
    __table_args__ = (UniqueConstraint("user_id", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(DateTime)


class CaseAnswer(db.Model):
    """A trainee's written analysis of a case question, kept with the version it answered."""
    __tablename__ = "case_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    suggested_score: Mapped[float] = mapped_column(Float)
    self_points: Mapped[list | None] = mapped_column(JSON)   # indexes of key points the trainee ticked
    created_at: Mapped[datetime] = mapped_column(DateTime)

    question: Mapped[Question] = relationship()
    version: Mapped[QuestionVersion] = relationship()
