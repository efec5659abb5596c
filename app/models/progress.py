"""What a trainee has done with the material: sections read, case answers written, and the
per-trainee summary that progress pages read instead of every answer."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
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


class TraineeSummary(db.Model):
    """Derived data, cached: practice totals, 90-day accuracy per (type, chapter) and the readiness
    forecast. `app.progress.summaries` says when a row is fresh; it can always be rebuilt from answers."""
    __tablename__ = "trainee_summaries"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_answer_id: Mapped[int] = mapped_column(Integer)          # the trainee's newest answer when computed
    computed_at: Mapped[datetime] = mapped_column(DateTime)
    valid_until: Mapped[datetime | None] = mapped_column(DateTime)  # when the oldest windowed answer leaves the window
    practised: Mapped[int] = mapped_column(Integer)
    practice_right: Mapped[int] = mapped_column(Integer)
    last_practice: Mapped[datetime | None] = mapped_column(DateTime)
    cells: Mapped[list] = mapped_column(JSON)                     # [[type, chapter, answers, right], ...]
    basis: Mapped[str] = mapped_column(String(40))                # the forecast's blueprint and bank stamp
    probability: Mapped[float | None] = mapped_column(Float)
    expected: Mapped[float | None] = mapped_column(Float)
    answers: Mapped[int] = mapped_column(Integer)
    chapters: Mapped[int] = mapped_column(Integer)


class StudyGoal(db.Model):
    """The weekly goal a trainee sets on the home page: questions to answer per week (Monday to Sunday, Beijing)."""
    __tablename__ = "study_goals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    weekly_questions: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
