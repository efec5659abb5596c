"""Everything on a trainee's dashboard, gathered in a handful of grouped queries."""
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, cast, func, select

from app.beijing import format_beijing
from app.content import reading
from app.extensions import db
from app.models import Answer, Attempt, Question
from app.practice import selection, services as practice
from app.progress.readiness import Readiness
from app.progress.summaries import summaries_for


@dataclass
class Dashboard:
    chapters: list
    topics: list[tuple[str, float, int]]
    due: int
    streak: int
    book: int
    attempts: list[Attempt]
    weakest: list[tuple[str, float, int]]
    readiness: Readiness


def topic_accuracy(user_id: int) -> list[tuple[str, float, int]]:
    """(chapter/topic key, accuracy, answers) over all practice and exam answers."""
    rows = db.session.execute(select(Question.chapter_slug, func.count(), func.sum(cast(Answer.correct, Integer)))
                              .join(Question, Question.id == Answer.question_id).where(Answer.user_id == user_id)
                              .group_by(Question.chapter_slug)).all()
    return [(chapter, int(right or 0) / n, n) for chapter, n, right in rows if chapter]


def build(user_id: int, now: datetime) -> Dashboard:
    readiness = summaries_for([user_id], now)[user_id].readiness   # first: it may commit its cache
    progress = reading.chapter_progress(user_id)
    chapters = [(c, *progress.get(c.id, (0, 0))) for c in reading.live_chapters()]
    attempts = list(db.session.scalars(select(Attempt).where(Attempt.user_id == user_id, Attempt.status == "graded")
                                       .order_by(Attempt.closed_at)))
    return Dashboard(chapters=chapters, topics=topic_accuracy(user_id), due=len(selection.due_cards(user_id, now)),
                     streak=practice.review_streak(user_id, now), book=len(practice.book(user_id, now)), attempts=attempts,
                     weakest=selection.weak_topics(user_id), readiness=readiness)


def history_chart(attempts: list[Attempt]) -> str:
    """Mock exam scores (as % of the maximum) over time, as a self-contained SVG without scripts."""
    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white", font_family="sans-serif", colors=("#0d6efd", "#198754"),
                  label_font_size=14, major_label_font_size=14, value_font_size=14, legend_font_size=14, title_font_size=16)
    chart = pygal.Line(style=style, js=[], disable_xml_declaration=True, width=600, height=320, range=(0, 100),
                       show_legend=True, legend_at_bottom=True, x_label_rotation=0, dots_size=4, explicit_size=False)
    chart.title = "模拟考试成绩（百分制）"
    chart.x_labels = [format_beijing(a.closed_at, "day") for a in attempts]
    chart.add("得分", [round(100 * a.score / a.max_score, 1) if a.max_score else 0 for a in attempts])
    chart.add("及格线", [round(100 * a.exam.pass_mark / a.max_score, 1) if a.max_score else 60 for a in attempts])
    # pygal always embeds a config <script>; shown through <img> it could not run, but it is dropped anyway.
    return re.sub(r"<script\b.*?</script>|<!--.*?-->", "", chart.render(is_unicode=True), flags=re.S)
