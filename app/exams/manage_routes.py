"""Instructor pages: exams, results, extra time, regrading, the grading queue."""
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.decorators import staff_required
from app.converters import MAX_ID, bounded_int
from app.cohorts.services import cohorts_visible_to
from app.content.reading import live_chapters
from app.exams import extra_time as extra_time_service
from app.exams import grading, management
from app.exams.page import case_texts
from app.exams.forms import ExamForm, ExtraTimeForm
from app.exams.leaves import leave_times_by_attempt
from app.exams.paper import BlueprintError
from app.extensions import db
from app.errors import error_response
from app.forms import ActionForm
from app.models import AttemptItem, Exam
from app.questions.registry import get_type
from app.reports.results import exam_summary

bp = Blueprint("exam_admin", __name__, url_prefix="/manage/exams")
EXAM_FIELDS = ("title", "instructions", "pass_mark", "attempts_allowed", "opens_at", "closes_at", "shuffle_questions",
               "shuffle_options", "review_policy", "timeout_policy", "track_leaves", "leave_limit")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/")
@staff_required
def index():
    exams = [e for e in db.session.scalars(select(Exam).order_by(Exam.id)) if management.can_view(current_user, e)]
    return render_template("exams/manage/index.html", exams=exams, queue=len(management.grading_queue(current_user)),
                           managed={e.id for e in exams if management.can_manage(current_user, e)})


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:exam_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(exam_id: int | None = None):
    exam = _exam(exam_id, manage=True) if exam_id else None
    form = _exam_form(exam)
    if form.validate_on_submit():
        values = {k: form[k].data for k in EXAM_FIELDS}
        values.update(pass_mark=float(form.pass_mark.data), time_limit_seconds=form.time_limit_minutes.data * 60,
                      grace_seconds=form.grace_minutes.data * 60, leave_limit=form.leave_limit.data or 0)
        try:
            exam = management.save_exam(exam, values, form.cells(), form.cohorts.data, current_user, _now())
        except BlueprintError as error:
            form.rows.errors = list(error.messages)
        else:
            state = "" if exam.published else "（草稿：学员看不到，预览无误后请发布）"
            flash(f"试卷“{exam.title}”已保存，满分 {exam.total_points:g} 分{state}。", "success")
            return redirect(url_for("exam_admin.results" if exam.published else "exam_admin.preview", exam_id=exam.id))
    return render_template("exams/manage/edit.html", form=form, exam=exam), 400 if form.errors or form.rows.errors else 200


@bp.route("/<int:exam_id>/preview")
@staff_required
def preview(exam_id: int):
    """A sample paper as a trainee could draw it; 换一份 draws another with a new seed."""
    exam = _exam(exam_id, manage=True)
    seed = bounded_int(request.args.get("seed"), 0)
    try:
        paper = management.sample_paper(exam, seed)
    except BlueprintError as error:
        paper, problems = [], error.messages
    else:
        problems = []
    return render_template("exams/manage/preview.html", exam=exam, paper=paper, problems=problems, seed=seed,
                           next_seed=(seed + 1) % MAX_ID, action=ActionForm(), get_type=get_type)


@bp.route("/<int:exam_id>/publish", methods=["POST"])
@staff_required
def publish(exam_id: int):
    exam = _exam(exam_id, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        management.publish_exam(exam)
    except BlueprintError as error:
        flash("不能发布：" + str(error), "danger")
        return redirect(url_for("exam_admin.preview", exam_id=exam.id))
    flash(f"试卷“{exam.title}”已发布，学员现在可以参加。", "success")
    return redirect(url_for("exam_admin.results", exam_id=exam.id))


@bp.route("/<int:exam_id>/results")
@staff_required
def results(exam_id: int):
    exam = _exam(exam_id)
    attempts = management.visible_attempts(current_user, exam.id)
    return render_template("exams/manage/results.html", exam=exam, attempts=attempts, summary=exam_summary(attempts),
                           manage=management.can_manage(current_user, exam), leaves=leave_times_by_attempt([a.id for a in attempts]),
                           action=ActionForm(), extra=ExtraTimeForm(), grants=extra_time_service.grants(exam, current_user),
                           queue=len(management.grading_queue(current_user)))


@bp.route("/<int:exam_id>/extra-time", methods=["POST"])
@staff_required
def extra_time(exam_id: int):
    exam = _exam(exam_id)
    form = ExtraTimeForm()
    if form.validate_on_submit():
        try:
            user = extra_time_service.set_extra_time(exam, form.login.data, form.minutes.data, current_user)
            flash(f"已为 {user.name} 设置额外时间 {form.minutes.data} 分钟（对之后开始的作答生效）。" if form.minutes.data
                  else f"已取消 {user.name} 的额外时间。", "success")
        except BlueprintError as error:
            flash(str(error), "danger")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(url_for("exam_admin.results", exam_id=exam.id))


@bp.route("/<int:exam_id>/regrade", methods=["POST"])
@staff_required
def regrade(exam_id: int):
    exam = _exam(exam_id, manage=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    changed = grading.regrade_exam(exam.id, current_user.id, _now())
    flash(f"已按题目当前答案重新评分，{changed} 个得分发生变化（已记录）。", "success")
    return redirect(url_for("exam_admin.results", exam_id=exam.id))


@bp.route("/grading")
@staff_required
def queue():
    items = management.grading_queue(current_user)
    return render_template("exams/manage/queue.html", items=items, case_titles=management.case_titles(items))


@bp.route("/grading/<int:item_id>", methods=["GET", "POST"])
@staff_required
def grade(item_id: int):
    item = db.session.get(AttemptItem, item_id)
    if item is None or not management.may_grade(current_user, item) or item.question.type != "case":
        abort(404)
    if item.attempt.status in ("open", "closing"):     # nothing to grade yet, and the answer may still change
        return render_template("exams/manage/grade.html", item=item, still_open=True), 409
    error = None
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            awards = [float(request.form.get(f"award-{i}", "")) for i in range(len(item.version.payload["key_points"]))]
            grading.grade_case_item(item, awards, request.form.get("comment", ""), current_user.id, _now())
        except (ValueError, grading.GradingError) as problem:
            error = str(problem) if isinstance(problem, grading.GradingError) else "请为每个采分点填写数字得分。"
        else:
            flash("已保存评分。", "success")
            return redirect(url_for("exam_admin.queue"))
    matched = get_type("case").matched_points(item.version.payload, item.response or "")
    case = next(iter(case_texts([item]).values()), (None,))[0]
    return render_template("exams/manage/grade.html", item=item, matched=matched, case=case, action=ActionForm(),
                           error=error), 400 if error else 200


def _exam(exam_id: int, manage: bool = False) -> Exam:
    """404 for an exam the instructor has no trainees in; 403 (in Chinese) when only the owner may act."""
    exam = db.session.get(Exam, exam_id)
    if exam is None or not management.can_view(current_user, exam):
        abort(404)
    if manage and not management.can_manage(current_user, exam):
        abort(make_response(error_response(403, "只有这场考试的创建者或管理员可以修改设置、面向班级或重新评分。")))
    return exam


def _exam_form(exam: Exam | None) -> ExamForm:
    data = None
    if exam is not None and request.method == "GET":
        data = {k: getattr(exam, k) for k in EXAM_FIELDS}
        data.update(time_limit_minutes=exam.time_limit_seconds // 60, grace_minutes=exam.grace_seconds // 60,
                    cohorts=[c.cohort_id for c in exam.cohorts], rows=[{**c, "question_type": c["type"]} for c in exam.blueprint])
    form = ExamForm(data=data)
    form.cohorts.choices = [SelectChoice(c.id, c.name) for c in cohorts_visible_to(current_user)]
    chapters = [SelectChoice("", "不限")] + [SelectChoice(c.slug, f"第{c.position}章 {c.title}") for c in live_chapters()]
    for row in form.rows:
        row.chapter.choices = chapters
    return form
