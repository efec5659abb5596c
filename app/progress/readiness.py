"""通过率预测: the chance of passing the theory mock now.

Method (shown to the trainee in one sentence): the theory paper's blueprint says how many questions
of each type come from each chapter; the trainee's recent accuracy on that type and chapter
(shrunk towards their accuracy on the type when there are few answers) is the chance of each
question being right; the normal approximation of the total gives the chance of reaching the pass mark.
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from sqlalchemy import func, select

from app.exams.defaults import THEORY
from app.extensions import db
from app.models import Exam, Question
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


@dataclass
class Basis:
    """What every trainee's forecast rests on besides their answers; `key` changes when any of it does."""
    blueprint: list[dict]
    pass_mark: float
    shares: dict[str, dict[str, float]]

    @cached_property
    def key(self) -> str:
        return hashlib.sha1(json.dumps([self.blueprint, self.pass_mark, self.shares], sort_keys=True).encode()).hexdigest()


def current_basis() -> Basis:
    exam = db.session.scalar(select(Exam).where(Exam.title == THEORY["title"]))
    blueprint, pass_mark = (exam.blueprint, exam.pass_mark) if exam else (THEORY["blueprint"], THEORY["pass_mark"])
    return Basis(blueprint, pass_mark, bank_shares())


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


def forecast(cells: dict[tuple[str, str], tuple[int, int]], basis: Basis) -> Readiness:
    blueprint, pass_mark, shares = basis.blueprint, basis.pass_mark, basis.shares
    answers = sum(n for n, _ in cells.values())
    chapters = len({chapter for (_, chapter) in cells})
    if answers < MIN_ANSWERS or chapters < MIN_CHAPTERS:
        return Readiness(None, None, answers, chapters, pass_mark)
    by_type: dict[str, list[int]] = {}
    for (qtype, _), (n, right) in cells.items():
        totals = by_type.setdefault(qtype, [0, 0])
        totals[0] += n
        totals[1] += right
    items = []
    for cell in blueprint:
        qtype = cell["type"]
        type_n, type_right = by_type.get(qtype, (0, 0))
        prior = (type_right + 1) / (type_n + 2)
        for chapter, share in shares.get(qtype, {}).items():
            n, right = cells.get((qtype, chapter), (0, 0))
            items.append((cell["points"], (right + SHRINK * prior) / (n + SHRINK), cell["count"] * share))
    expected = sum(points * p * n for points, p, n in items)
    return Readiness(pass_probability(items, pass_mark), expected, answers, chapters, pass_mark)
