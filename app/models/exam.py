"""Mock exams: an exam (with its blueprint), attempts, and the items of each attempt's paper."""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.question import Question, QuestionVersion
from app.models.user import User

REVIEW_POLICIES = {"after_submit": "交卷后立即可查看", "after_close": "考试关闭后可查看", "never": "不提供回顾"}
TIMEOUT_POLICIES = {"auto_submit": "时间到自动交卷", "grace": "时间到后给予宽限期交卷"}
STATUS_LABELS = {"open": "作答中", "closing": "交卷中", "grading": "待阅卷", "graded": "已出成绩"}
CLOSED_BY_LABELS = {"submit": "主动交卷", "timeout": "时间到自动交卷", "leaves": "离开考试页面次数达到上限，自动交卷"}


class Exam(db.Model):
    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    # [{"type", "count", "points", "topic" ("" = all, drawn in proportion), "chapter", "difficulty_min", "difficulty_max"}]
    blueprint: Mapped[list] = mapped_column(JSON)
    time_limit_seconds: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[float] = mapped_column(Float)
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=0)   # 0: unlimited
    opens_at: Mapped[datetime | None] = mapped_column(DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime)
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    review_policy: Mapped[str] = mapped_column(String(16), default="after_submit")
    timeout_policy: Mapped[str] = mapped_column(String(16), default="auto_submit")
    grace_seconds: Mapped[int] = mapped_column(Integer, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    archived: Mapped[bool] = mapped_column(default=False)
    # New exams start as drafts, which trainees never see; rows that existed before drafts did stay live.
    published: Mapped[bool] = mapped_column(default=False, server_default=true())
    # 切屏: count each absence from the exam page; with a limit, the absence that reaches it submits the paper.
    track_leaves: Mapped[bool] = mapped_column(default=False, server_default=false())
    leave_limit: Mapped[int] = mapped_column(Integer, default=0, server_default="0")   # 0: never submits
    created_at: Mapped[datetime] = mapped_column(DateTime)

    cohorts: Mapped[list["ExamCohort"]] = relationship(cascade="all, delete-orphan")
    extra_times: Mapped[list["ExtraTime"]] = relationship(cascade="all, delete-orphan")

    @property
    def total_points(self) -> float:
        return sum(cell["count"] * cell["points"] for cell in self.blueprint)


class ExamCohort(db.Model):
    """The cohorts an exam is for; an exam with none is open to every trainee."""
    __tablename__ = "exam_cohorts"
    __table_args__ = (UniqueConstraint("exam_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)


class ExtraTime(db.Model):
    __tablename__ = "extra_times"
    __table_args__ = (UniqueConstraint("exam_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    seconds: Mapped[int] = mapped_column(Integer)


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        # One open attempt per trainee per exam, enforced by the database against double starts.
        Index("uq_attempts_open", "exam_id", "user_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("ix_attempts_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[datetime] = mapped_column(DateTime)          # start + limit + extra time, fixed at start
    submit_until: Mapped[datetime] = mapped_column(DateTime)      # deadline, or deadline + grace
    status: Mapped[str] = mapped_column(String(12), default="open")
    seq: Mapped[int] = mapped_column(Integer, default=0)          # saves applied; autosave locks this row
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(12))     # submit | timeout | leaves
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float, default=0)
    passed: Mapped[bool | None] = mapped_column()

    exam: Mapped[Exam] = relationship()
    user: Mapped[User] = relationship()
    items: Mapped[list["AttemptItem"]] = relationship(order_by="AttemptItem.position", cascade="all, delete-orphan",
                                                      back_populates="attempt")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def closed_by_label(self) -> str:
        return CLOSED_BY_LABELS.get(self.closed_by or "", "")


class AttemptItem(db.Model):
    """One question of a paper: its frozen version, points, option order, the saved answer, the grade."""
    __tablename__ = "attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id", ondelete="CASCADE"))
    points: Mapped[float] = mapped_column(Float)
    option_order: Mapped[list | None] = mapped_column(JSON)   # shown position -> original option index
    response: Mapped[object | None] = mapped_column(JSON)     # in original option indexes
    flagged: Mapped[bool] = mapped_column(default=False)
    edited_at: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")   # edit time (server ms), newest wins
    saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Seconds the question was on screen (the current one, the tab visible), as the page measured it; see exams/leaves.py.
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score: Mapped[float | None] = mapped_column(Float)
    suggested: Mapped[float | None] = mapped_column(Float)
    point_awards: Mapped[list | None] = mapped_column(JSON)   # case: points awarded per key point
    comment: Mapped[str | None] = mapped_column(Text)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()
    version: Mapped[QuestionVersion] = relationship()


class AttemptLeave(db.Model):
    """One absence from the exam page (hidden, or focus elsewhere), as a page of the attempt reported it."""
    __tablename__ = "attempt_leaves"
    __table_args__ = (UniqueConstraint("attempt_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))          # the page's id for the absence: a resend counts once
    left_at: Mapped[datetime] = mapped_column(DateTime)   # when it began (server clock as the page knew it), within the attempt
    recorded_at: Mapped[datetime] = mapped_column(DateTime)   # when the server received it


class GradeChange(db.Model):
    """Every change to a score after the attempt closed: regrades and manual grading."""
    __tablename__ = "grade_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("attempt_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    old_score: Mapped[float | None] = mapped_column(Float)
    new_score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DrawnPaper(db.Model):
    """A paper drawn ahead of the start (`flask exams stock`), with its page body rendered: a first start
    claims one in its own transaction instead of drawing and the page serves the stored body until the
    first save. `stamp` says what it was drawn from (the bank and the exam's blueprint and shuffling);
    a paper whose stamp is no longer current is never claimed."""
    __tablename__ = "drawn_papers"
    __table_args__ = (Index("ix_drawn_papers_free", "exam_id", "stamp", "claimed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    stamp: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[float] = mapped_column(Float)
    items: Mapped[list] = mapped_column(JSON)            # [[question_id, version_id, points, option_order], ...]
    sheet_html: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), unique=True)
