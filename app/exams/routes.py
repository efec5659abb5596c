"""Trainee pages: the exam list, the attempt, the result. The clock is the server's."""
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.converters import bounded_int
from app.exams import attempts as service
from app.exams import leaves
from app.exams import review
from app.errors import wants_json
from app.exams.autosave import attempt_clock
from app.exams.page import case_texts, load_page_items, render_paper
from app.exams.stock import stored_paper
from app.exams.grading import review_allowed, topic_breakdown, unanswered
from app.exams.standing import cohort_standing
from app.extensions import db
from app.forms import ActionForm
from app.models import Attempt, Exam
from app.questions.registry import get_type

bp = Blueprint("exams", __name__, url_prefix="/exams")
# The 切屏 partials (exam bar, result notice, the instructor's paper) read an attempt's leaves themselves.
bp.add_app_template_global(leaves.summary, "leave_summary")
bp.add_app_template_global(leaves.leave_times, "leave_times")
bp.add_app_template_filter(leaves.duration, "duration")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/")
@login_required
def index():
    exams = [e for e in db.session.scalars(select(Exam).where(Exam.archived.is_(False)).order_by(Exam.id))
             if service.may_take(current_user, e)]
    mine = list(db.session.scalars(select(Attempt).where(Attempt.user_id == current_user.id).order_by(Attempt.id.desc())))
    return render_template("exams/index.html", exams=exams, attempts=mine, action=ActionForm())


@bp.route("/<int:exam_id>/start", methods=["POST"])
@login_required
def start(exam_id: int):
    """A form post redirects; the start script (exam_start.js) asks for JSON and retries safely."""
    exam = db.session.get(Exam, exam_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = service.start_attempt(current_user, exam, now())
    except service.ExamError as error:
        if wants_json():
            return jsonify(error=str(error)), 409
        flash(str(error), "danger")
        return redirect(url_for("exams.index"))
    url = url_for("exams.attempt", attempt_id=attempt.id)
    return jsonify(url=url) if wants_json() else redirect(url)


@bp.route("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    item = owned_attempt(attempt_id)
    if service.close_if_overdue(item, now()):
        return redirect(url_for("exams.result", attempt_id=item.id))
    paper = stored_paper(item)
    if paper is None:
        items = load_page_items(item)
        paper = render_paper(items, case_texts(items))
    sheet, body = paper
    return render_template("exams/attempt.html", attempt=item, sheet=sheet, body=body, clock=attempt_clock(item, now()),
                           action=ActionForm())


@bp.route("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    item = owned_attempt(attempt_id)
    if not service.close_if_overdue(item, now()):
        return redirect(url_for("exams.attempt", attempt_id=item.id))
    service.load_paper(item)
    allowed = review_allowed(item, now())
    reviewed = review.entries(item.items)
    page = review.page_of(reviewed, review.parse_filter(request.args.get("show")),
                          bounded_int(request.args.get("page"), 1)) if allowed else None
    missed = unanswered(item)
    practise = any(get_type(i.question.type).auto_graded and (allowed or not i.question.exam_only) for i in missed)
    return render_template("exams/result.html", attempt=item, breakdown=topic_breakdown(item), review=allowed, page=page,
                           summary=review.type_summary(reviewed), filters=review.FILTERS,
                           outcomes=review.OUTCOMES, standing=cohort_standing(item), missed=missed, practise_missed=practise,
                           cases=case_texts([e.item for e in page.entries]) if page else {}, action=ActionForm())


def owned_attempt(attempt_id: int) -> Attempt:
    """Only the owner sees an attempt; anyone else gets 404, so attempt ids leak nothing."""
    item = db.session.get(Attempt, attempt_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    return item
