"""Practice: every answer, the wrong-answer book (one FSRS card per trainee and question),
favourites and personal notes."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.question import Question

MODES = {"chapter": "章节练习", "section": "本节练习", "topic": "专项练习", "random": "随机练习", "weak": "薄弱知识点", "review": "错题复习",
         "favourites": "收藏练习", "missed": "未作答题练习", "retry": "错题重练", "exam": "模拟考试"}


class Answer(db.Model):
    """One answer to one question version: what progress and item statistics are computed from."""
    __tablename__ = "answers"
    # A trainee's answers in time order; it also covers the columns progress summaries aggregate,
    # so rebuilding a summary never reads the answer rows themselves.
    # (question, trainee) answers 全体正确率's count of distinct trainees from the index alone.
    __table_args__ = (Index("ix_answers_user_activity", "user_id", "created_at", "question_id", "correct", "mode"),
                      Index("ix_answers_question_user", "question_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    response: Mapped[object] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column()
    time_ms: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The practice set it was given in (None for exams and for answers from before sets existed).
    set_id: Mapped[int | None] = mapped_column(ForeignKey("practice_sets.id", ondelete="SET NULL"), index=True)

    question: Mapped[Question] = relationship()


class PracticeSet(db.Model):
    """A run of practice questions of the length the trainee chose (10/20/50/all), fixed when it
    starts so the counter, previous/next and the end-of-set summary all mean the same questions."""
    __tablename__ = "practice_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(120))
    question_ids: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewCard(db.Model):
    """A question in a trainee's wrong-answer book (错题本), scheduled by FSRS."""
    __tablename__ = "review_cards"
    __table_args__ = (UniqueConstraint("user_id", "question_id"), Index("ix_review_cards_due", "user_id", "active", "due"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    fsrs: Mapped[dict] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(DateTime)
    streak: Mapped[int] = mapped_column(Integer, default=0)   # consecutive correct reviews
    lapses: Mapped[int] = mapped_column(Integer, default=0)   # times answered wrongly
    active: Mapped[bool] = mapped_column(default=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    left_at: Mapped[datetime | None] = mapped_column(DateTime)

    question: Mapped[Question] = relationship()


class Favourite(db.Model):
    __tablename__ = "favourites"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Note(db.Model):
    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    question: Mapped[Question] = relationship()
