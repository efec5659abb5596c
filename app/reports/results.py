"""An exam's results as figures an instructor can act on: mean, median, pass rate, the score
distribution, and the share of points earned per syllabus topic and per question type.

Computed over the attempts the viewer may see (their own trainees' rows); only graded attempts count.
"""
import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content.syllabus import topic_label
from app.extensions import db
from app.models import Attempt, AttemptItem
from app.questions.registry import QUESTION_TYPES

BINS = 10   # the histogram: 0-10%, 10-20%, ..., 90-100% of the paper's maximum


@dataclass
class ExamSummary:
    graded: int
    mean: float | None = None
    median: float | None = None
    pass_rate: float | None = None
    histogram: list[int] = field(default_factory=lambda: [0] * BINS)
    by_topic: list[tuple[str, float, int]] = field(default_factory=list)   # (label, share of points earned, items)
    by_type: list[tuple[str, float, int]] = field(default_factory=list)


def exam_summary(attempts: list[Attempt]) -> ExamSummary:
    graded = [a for a in attempts if a.status == "graded" and a.score is not None]
    summary = ExamSummary(len(graded))
    if not graded:
        return summary
    scores = [a.score for a in graded]
    summary.mean, summary.median = statistics.fmean(scores), statistics.median(scores)
    summary.pass_rate = sum(bool(a.passed) for a in graded) / len(graded)
    for a in graded:
        share = a.score / a.max_score if a.max_score else 0.0
        summary.histogram[min(BINS - 1, max(0, int(share * BINS)))] += 1
    items = _graded_items([a.id for a in graded])
    summary.by_topic = _shares(items, lambda item: topic_label((item.question.topics or ["其他"])[0]))
    summary.by_type = _shares(items, lambda item: QUESTION_TYPES[item.question.type].label)
    return summary


def _graded_items(attempt_ids: list[int]) -> list[AttemptItem]:
    return list(db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id.in_(attempt_ids), AttemptItem.score.is_not(None))
                                   .options(selectinload(AttemptItem.question))))


def _shares(items: list[AttemptItem], key) -> list[tuple[str, float, int]]:
    """Points earned over points possible per group, weakest first: what to teach again."""
    totals: dict[str, list[float]] = {}
    for item in items:
        earned, possible, count = totals.setdefault(key(item), [0.0, 0.0, 0])
        totals[key(item)] = [earned + item.score, possible + item.points, count + 1]
    shares = [(label, earned / possible if possible else 0.0, int(count)) for label, (earned, possible, count) in totals.items()]
    return sorted(shares, key=lambda row: (row[1], row[0]))


def histogram_chart(summary: ExamSummary) -> str:
    """The score distribution as a self-contained SVG bar chart without scripts."""
    import re

    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white", font_family="sans-serif", colors=("#0d6efd",),
                  label_font_size=13, major_label_font_size=13, value_font_size=13, title_font_size=16)
    chart = pygal.Bar(style=style, js=[], disable_xml_declaration=True, width=600, height=300, show_legend=False,
                      explicit_size=False, print_values=True, x_label_rotation=0, truncate_label=-1, show_minor_y_labels=False)
    chart.title = "成绩分布（占满分的百分比，人数）"
    chart.x_labels = [f"{10 * i}–{10 * (i + 1)}" for i in range(BINS)]
    chart.add("人数", summary.histogram)
    return re.sub(r"<script\b.*?</script>|<!--.*?-->", "", chart.render(is_unicode=True), flags=re.S)


ITEM_HEADERS = ["学员", "邮箱", "题号", "题型", "得分", "满分", "用时（秒）"]


def item_rows(attempts: list[Attempt]) -> list[list]:
    """Every item of the given attempts, one row each, for the export's 答题明细 sheet: the score and
    the seconds the question was on screen (see exams/leaves.py)."""
    people = {a.id: a.user for a in attempts}
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id.in_(list(people)))
                               .order_by(AttemptItem.attempt_id, AttemptItem.position).options(selectinload(AttemptItem.question)))
    return [[people[i.attempt_id].name, people[i.attempt_id].email, i.position + 1, QUESTION_TYPES[i.question.type].label,
             "" if i.score is None else round(i.score, 2), i.points, i.seconds_spent] for i in items] if people else []


def summary_rows(summary: ExamSummary) -> list[list]:
    """The figures as rows for a spreadsheet: label, value (percentages out of 100)."""
    def number(value, scale=1.0):
        return "" if value is None else round(value * scale, 1)

    rows = [["已出成绩人数", summary.graded], ["平均分", number(summary.mean)], ["中位数", number(summary.median)],
            ["及格率（%）", number(summary.pass_rate, 100)], [], ["成绩分布（占满分的百分比）", "人数"]]
    rows += [[f"{10 * i}–{10 * (i + 1)}%", n] for i, n in enumerate(summary.histogram)]
    for title, shares in (("题型", summary.by_type), ("主题", summary.by_topic)):
        rows += [[], [title, "得分率（%）", "题次"]] + [[label, round(100 * share, 1), count] for label, share, count in shares]
    return rows
