"""通过率预测: the chance of passing the theory mock now.

Method (shown to the trainee in one sentence): the theory paper's blueprint says how many questions
of each type come from each chapter; the trainee's recent accuracy on that type and chapter
(shrunk towards their accuracy on the type when there are few answers) is the chance of each
question being right; the normal approximation of the total gives the chance of reaching the pass mark.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, func, select

from app.exams.defaults import THEORY
from app.extensions import db
from app.models import Answer, Exam, Question
from app.reports.statistics import pass_probability

WINDOW = timedelta(days=90)
MIN_ANSWERS = 60
MIN_CHAPTERS = 7
SHRINK = 3          # answers' worth of weight given to the type-level accuracy
METHOD = ("按理论知识模拟卷的题型和各章题量，用你近 90 天在每章、每种题型上的正确率估计每道题答对的概率，"
          "再用正态近似计算总分达到及格线的概率。")


@dataclass
class Readiness:
    probability: float | None
    expected: float | None
    answers: int
    chapters: int
    pass_mark: float

    @property
    def enough(self) -> bool:
        return self.probability is not None


def theory_blueprint() -> tuple[list[dict], float]:
    exam = db.session.scalar(select(Exam).where(Exam.title == THEORY["title"]))
    return (exam.blueprint, exam.pass_mark) if exam else (THEORY["blueprint"], THEORY["pass_mark"])


def bank_shares() -> dict[str, dict[str, float]]:
    """type -> chapter -> share of the published questions of that type."""
    rows = db.session.execute(select(Question.type, Question.chapter_slug, func.count()).where(
        Question.status == "published", Question.chapter_slug.is_not(None)).group_by(Question.type, Question.chapter_slug)).all()
    totals: dict[str, int] = {}
    for qtype, _, n in rows:
        totals[qtype] = totals.get(qtype, 0) + n
    shares: dict[str, dict[str, float]] = {}
    for qtype, chapter, n in rows:
        shares.setdefault(qtype, {})[chapter] = n / totals[qtype]
    return shares


def accuracy_table(user_ids, now: datetime) -> dict[int, dict[tuple[str, str], tuple[int, int]]]:
    """user -> (type, chapter) -> (answers, right), over the window; one grouped query for everyone.
    `user_ids` is a list or a subquery (a cohort's members), which keeps a large IN list out of the SQL."""
    statement = (select(Answer.user_id, Question.type, Question.chapter_slug, func.count(), func.sum(cast(Answer.correct, Integer)))
                 .join(Question, Question.id == Answer.question_id)
                 .where(Answer.user_id.in_(user_ids), Answer.created_at >= now - WINDOW)
                 .group_by(Answer.user_id, Question.type, Question.chapter_slug))
    rows = db.session.connection().execute(statement).all()   # plain rows: no ORM bookkeeping for ~40 rows a trainee
    table: dict[int, dict] = {}
    for user_id, qtype, chapter, n, right in rows:
        table.setdefault(user_id, {})[(qtype, chapter)] = (n, int(right or 0))
    return table


def forecast(cells: dict[tuple[str, str], tuple[int, int]], blueprint, pass_mark, shares) -> Readiness:
    answers = sum(n for n, _ in cells.values())
    chapters = len({chapter for (_, chapter) in cells})
    if answers < MIN_ANSWERS or chapters < MIN_CHAPTERS:
        return Readiness(None, None, answers, chapters, pass_mark)
    items = []
    for cell in blueprint:
        qtype = cell["type"]
        type_n = sum(n for (t, _), (n, _) in cells.items() if t == qtype)
        type_right = sum(r for (t, _), (_, r) in cells.items() if t == qtype)
        prior = (type_right + 1) / (type_n + 2)
        for chapter, share in shares.get(qtype, {}).items():
            n, right = cells.get((qtype, chapter), (0, 0))
            items.append((cell["points"], (right + SHRINK * prior) / (n + SHRINK), cell["count"] * share))
    expected = sum(points * p * n for points, p, n in items)
    return Readiness(pass_probability(items, pass_mark), expected, answers, chapters, pass_mark)


def readiness_for(user_ids: list[int], now: datetime, members=None) -> dict[int, Readiness]:
    """Forecasts for these trainees; `members`, a subquery of the same ids, makes the query cheaper."""
    blueprint, pass_mark = theory_blueprint()
    shares = bank_shares()
    table = accuracy_table(members if members is not None else user_ids, now) if user_ids else {}
    return {uid: forecast(table.get(uid, {}), blueprint, pass_mark, shares) for uid in user_ids}
