"""The question bank: one table of questions with a type and a validated JSON payload, versioned.

A question's content (stem, payload, explanation) lives in immutable versions: editing a
published question adds a version, and answers point at the version that was shown.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

STATUSES = {"draft": "草稿", "published": "已发布", "retired": "已停用"}


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(12), default="published", index=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    section_anchor: Mapped[str | None] = mapped_column(String(120), index=True)
    chapter_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    case_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    difficulty: Mapped[int] = mapped_column(Integer, default=3)
    # 考试专用: kept out of every trainee-facing query (app/practice/visibility.py); exams may draw it.
    exam_only: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)
    source: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(12), default="web")  # bank | web | import
    # Hash of the bank-file text last synced: the sync only overwrites when the file changed.
    file_hash: Mapped[str | None] = mapped_column(String(64))
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    current: Mapped["QuestionVersion | None"] = relationship(foreign_keys=[current_version_id], post_update=True)
    versions: Mapped[list["QuestionVersion"]] = relationship(
        foreign_keys="QuestionVersion.question_id", back_populates="question",
        order_by="QuestionVersion.number", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class QuestionVersion(db.Model):
    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    stem: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Sanitized HTML rendered when the version is written (app/questions/fragments.py): pages never run Markdown.
    stem_html: Mapped[str] = mapped_column(Text, default="")
    options_html: Mapped[list | None] = mapped_column(JSON)
    explanation_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    question: Mapped[Question] = relationship(foreign_keys=[question_id], back_populates="versions")


class ImportBatch(db.Model):
    """A parsed upload waiting for the instructor's confirmation: preview first, write later.

    Kept in the database, not the session or process memory, so any app instance can confirm it.
    """
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)  # None: the CLI
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    drafts: Mapped[list] = mapped_column(JSON)
    problems: Mapped[list] = mapped_column(JSON)
    skipped: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)
