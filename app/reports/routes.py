"""Instructor reports: cohort views, a trainee's detail, item analysis, exports."""
from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from app.auth.decorators import staff_required
from app.beijing import format_beijing
from app.content.reading import live_chapters
from app.content.syllabus import TOPICS
from app.exams.attempts import load_paper
from app.exams.leaves import leave_times_by_attempt
from app.exams.management import can_view, visible_attempts, visible_user_ids
from app.extensions import db
from app.models import Attempt, Cohort, Exam, Question, User
from app.progress import dashboard
from app.progress.readiness import METHOD
from app.progress.routes import now, svg_response
from app.questions.registry import QUESTION_TYPES, get_type
from app.reports import cohorts, exports, items, results

bp = Blueprint("reports", __name__, url_prefix="/reports")
MIME = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.route("/")
@staff_required
def index():
    return render_template("reports/index.html", cohorts=cohorts.visible_cohorts(current_user))


@bp.route("/cohorts/<int:cohort_id>")
@staff_required
def cohort(cohort_id: int):
    item = _cohort(cohort_id)
    sort, descending = request.args.get("sort", "name"), request.args.get("order") == "desc"
    return render_template("reports/cohort.html", cohort=item, rows=cohorts.cohort_rows(item, now(), sort, descending),
                           sort=sort, descending=descending, method=METHOD)


@bp.route("/cohorts/<int:cohort_id>/export.<fmt>")
@staff_required
def export_cohort(cohort_id: int, fmt: str):
    item = _cohort(cohort_id)
    headers = ["学员", "邮箱", "阅读进度（%）", "练习题数", "练习正确率（%）", "最近活动（北京时间）", "最好成绩（%）", "最近成绩（%）", "通过率预测（%）"]
    rows = [[r.user.name, r.user.email, round(100 * r.reading), r.practised, _pct(r.accuracy),
             format_beijing(r.last_active, "export"), _round(r.best), _round(r.latest),
             _pct(r.readiness.probability) if r.readiness.enough else "数据不足"] for r in cohorts.cohort_rows(item, now())]
    return _download(fmt, headers, rows, f"班级进度-{item.name}")


@bp.route("/exams/<int:exam_id>/results.<fmt>")
@staff_required
def export_results(exam_id: int, fmt: str):
    exam = _exam(exam_id)
    attempts = visible_attempts(current_user, exam.id)
    left = leave_times_by_attempt([a.id for a in attempts])
    headers = ["学员", "邮箱", "开始时间（北京时间）", "用时（分钟）", "状态", "成绩", "满分", "结果", "离开页面次数"]
    rows = [[a.user.name, a.user.email, format_beijing(a.started_at, "export"),
             round((a.closed_at - a.started_at).total_seconds() / 60, 1) if a.closed_at else "", a.status_label,
             _round(a.score), a.max_score, "" if a.passed is None else ("及格" if a.passed else "不及格"),
             len(left.get(a.id, [])) if exam.track_leaves or a.id in left else "未记录"] for a in attempts]
    details = ("答题明细", [results.ITEM_HEADERS] + results.item_rows(attempts))
    return _download(fmt, headers, rows, f"成绩-{exam.title}", results.summary_rows(results.exam_summary(attempts)), (details,))


@bp.route("/exams/<int:exam_id>/histogram.svg")
@staff_required
def exam_histogram(exam_id: int):
    summary = results.exam_summary(visible_attempts(current_user, _exam(exam_id).id))
    return svg_response(results.histogram_chart(summary))


@bp.route("/attempts/<int:attempt_id>")
@staff_required
def attempt_paper(attempt_id: int):
    """One trainee's paper: each answer, its score and when it was last saved. Their own trainees only."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not cohorts.may_view_trainee(current_user, attempt.user_id):
        abort(404)
    load_paper(attempt)
    return render_template("reports/attempt.html", attempt=attempt, get_type=get_type)


@bp.route("/trainees/<int:user_id>")
@staff_required
def trainee(user_id: int):
    person = _trainee(user_id)
    return render_template("progress/dashboard.html", data=dashboard.build(person.id, now()), person=person, topics=TOPICS,
                           method=METHOD, chart_url="reports.trainee_chart", chart_args={"user_id": person.id})


@bp.route("/trainees/<int:user_id>/chart.svg")
@staff_required
def trainee_chart(user_id: int):
    return svg_response(dashboard.history_chart(dashboard.build(_trainee(user_id).id, now()).attempts))


@bp.route("/items")
@staff_required
def bank_items():
    chapter = request.args.get("chapter", "")
    query = select(Question).where(Question.status == "published").order_by(Question.uid)
    questions = list(db.session.scalars(query.where(Question.chapter_slug == chapter) if chapter else query))
    stats = items.bank_item_stats([q.id for q in questions])
    flagged_only = request.args.get("flagged") == "1"
    rows = [(q, stats.get(q.id)) for q in questions if q.id in stats and (not flagged_only or stats[q.id].flags)]
    return render_template("reports/items.html", rows=rows, chapters=live_chapters(), chapter=chapter, flagged=flagged_only,
                           types=QUESTION_TYPES, title="题目分析（练习与考试作答）")


@bp.route("/exams/<int:exam_id>/items")
@staff_required
def exam_items(exam_id: int):
    exam = _exam(exam_id)
    stats = items.exam_item_stats(exam.id, visible_user_ids(current_user))
    questions = list(db.session.scalars(select(Question).where(Question.id.in_(list(stats))).order_by(Question.uid))) if stats else []
    return render_template("reports/items.html", rows=[(q, stats[q.id]) for q in questions], chapters=[], chapter="",
                           flagged=False, types=QUESTION_TYPES, title=f"题目分析：{exam.title}")


def _cohort(cohort_id: int) -> Cohort:
    item = db.session.get(Cohort, cohort_id)
    if item is None or item not in cohorts.visible_cohorts(current_user):
        abort(404)
    return item


def _trainee(user_id: int) -> User:
    person = db.session.get(User, user_id)
    if person is None or not cohorts.may_view_trainee(current_user, person.id):
        abort(404)
    return person


def _exam(exam_id: int) -> Exam:
    exam = db.session.get(Exam, exam_id)
    if exam is None or not can_view(current_user, exam):
        abort(404)
    return exam


def _download(fmt: str, headers, rows, name: str, figures: list[list] | None = None, sheets: tuple = ()) -> Response:
    """The table; the figures, if any, follow it after a blank row (CSV) or on a sheet 统计 (Excel);
    each of `sheets` (title, rows) follows after a blank row and its title (CSV) or on a sheet of its own."""
    if fmt not in MIME:
        abort(404)
    if fmt == "csv":
        body = exports.to_csv(headers, rows + ([[]] + figures if figures else [])
                              + [row for title, extra in sheets for row in [[], [title]] + extra])
    else:
        body = exports.to_xlsx(headers, rows, name, ((("统计", figures),) if figures else ()) + tuple(sheets))
    response = Response(body, mimetype=MIME[fmt])
    response.headers["Content-Disposition"] = exports.content_disposition(name, fmt)
    return response



def _pct(value) -> float | str:
    return "" if value is None else round(100 * value, 1)


def _round(value) -> float | str:
    return "" if value is None else round(value, 1)
