"""Papers drawn before 09:00 (`flask exams stock`), so the storm of first starts does no drawing and no
rendering: a first start claims a stored paper in the same transaction that creates the attempt, and the
page serves the paper's stored body until the trainee's first save.

Only a trainee's first attempt of an exam takes a stored paper (a later one must draw the questions they
have not had). Exactly one attempt per trainee still rests on the unique index of open attempts: a second
start that loses the race rolls back, its claim with it. Claiming is `UPDATE … WHERE id = (SELECT … FOR
UPDATE SKIP LOCKED)` on PostgreSQL, so concurrent starts never wait on each other's row; SQLite has one
writer at a time anyway. A stored paper names what it was drawn from (`stamp`: the bank's stamp, the
cases' texts, the exam's blueprint and shuffling); after any change it is never claimed, and the next
`stock` run deletes it. When the stock runs out, starts draw live as before.
"""
import hashlib
import json
import secrets
from datetime import datetime
from types import SimpleNamespace

from flask import current_app, has_request_context
from markupsafe import Markup
from sqlalchemy import delete, func, select

from app.exams.page import case_texts, render_paper
from app.exams.paper import bank_stamp, draw
from app.extensions import db
from app.models import Attempt, Case, CohortMember, DrawnPaper, Exam, ExamCohort, Question, QuestionVersion, Role, User


def paper_stamp(exam: Exam) -> str:
    cases = db.session.execute(select(Case.slug, Case.content_hash).order_by(Case.slug)).all()
    basis = [[str(v) for v in bank_stamp()], [list(c) for c in cases], exam.blueprint, exam.shuffle_questions, exam.shuffle_options]
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def claim(exam: Exam, now: datetime):
    """A free stored paper of `exam` drawn from the current bank, marked claimed; None when there is none.
    Opens the caller's write transaction only when there is stock to claim."""
    free = (DrawnPaper.exam_id == exam.id, DrawnPaper.claimed_at.is_(None))
    if db.session.scalar(select(DrawnPaper.id).where(*free).limit(1)) is None:
        return None
    first = select(DrawnPaper.id).where(*free, DrawnPaper.stamp == paper_stamp(exam)).order_by(DrawnPaper.id).limit(1)
    if db.session.get_bind().dialect.name == "postgresql":
        first = first.with_for_update(skip_locked=True)
    papers = DrawnPaper.__table__                      # Core statements: no ORM bookkeeping on the start's path
    return db.session.execute(papers.update().where(papers.c.id == first.scalar_subquery()).values(claimed_at=now)
                              .returning(papers.c.id, papers.c.seed, papers.c.max_score, papers.c["items"])).first()


def attach(paper_id: int, attempt_id: int) -> None:
    papers = DrawnPaper.__table__
    db.session.execute(papers.update().where(papers.c.id == paper_id).values(attempt_id=attempt_id))


def stored_paper(attempt: Attempt) -> tuple[Markup, Markup] | None:
    """The stored answer sheet and questions of an attempt on a stored paper, while nothing has been saved
    on it (every save counts in `seq`); None otherwise, and the page renders the paper itself."""
    if attempt.seq != 0:
        return None
    row = db.session.execute(select(DrawnPaper.sheet_html, DrawnPaper.body_html).where(DrawnPaper.attempt_id == attempt.id)).first()
    return (Markup(row.sheet_html), Markup(row.body_html)) if row else None


def trainees_without_attempt(exam: Exam) -> int:
    """How many trainees may take `exam` and have not started it: how many papers to keep in stock."""
    query = select(func.count(func.distinct(User.id))).where(User.role == Role.TRAINEE, User.active.is_(True),
                                                             ~select(Attempt.id).where(Attempt.exam_id == exam.id,
                                                                                       Attempt.user_id == User.id).exists())
    if exam.cohorts:
        query = query.join(CohortMember, CohortMember.user_id == User.id).where(
            CohortMember.cohort_id.in_(select(ExamCohort.cohort_id).where(ExamCohort.exam_id == exam.id)))
    return db.session.scalar(query)


def fill_stock(exam: Exam, count: int, now: datetime) -> tuple[int, int]:
    """Top the exam's free stock up to `count` papers drawn from the current bank; stale ones are deleted.
    Returns how many were drawn and how many are free now."""
    stamp = paper_stamp(exam)
    db.session.execute(delete(DrawnPaper).where(DrawnPaper.exam_id == exam.id, DrawnPaper.claimed_at.is_(None),
                                                DrawnPaper.stamp != stamp))
    have = db.session.scalar(select(func.count()).where(DrawnPaper.exam_id == exam.id, DrawnPaper.claimed_at.is_(None)))
    drawn = 0
    for _ in range(max(0, count - have)):
        seed = secrets.randbelow(2**31)
        paper = draw(exam.blueprint, seed, exam.shuffle_questions, exam.shuffle_options)
        items = _items(paper)
        if has_request_context():
            sheet, body = render_paper(items, case_texts(items))
        else:
            with current_app.test_request_context():
                sheet, body = render_paper(items, case_texts(items))
        db.session.add(DrawnPaper(exam_id=exam.id, stamp=stamp, seed=seed, max_score=sum(d.points for d in paper),
                                  items=[[d.question.id, d.question.current_version_id, d.points, d.order] for d in paper],
                                  sheet_html=str(sheet), body_html=str(body), created_at=now))
        drawn += 1
    db.session.commit()
    return drawn, have + drawn


def _items(paper) -> list[SimpleNamespace]:
    """The items of a paper about to be stored, as the page templates see a fresh attempt's items."""
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_({d.question.id for d in paper})))}
    versions = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_({d.question.current_version_id for d in paper})))}
    return [SimpleNamespace(position=i, question=questions[d.question.id], version=versions[d.question.current_version_id],
                            points=d.points, option_order=d.order, response=None, flagged=False, edited_at=0)
            for i, d in enumerate(paper)]
