"""题目纠错 pages: the report form's target, the trainee's own reports, the instructors' queue."""
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import role_required, staff_required
from app.extensions import db
from app.feedback import services
from app.forms import ActionForm
from app.inplace import done
from app.models import Question, QuestionReport, Role
from app.models.feedback import REPORT_STATUSES

bp = Blueprint("feedback", __name__, url_prefix="/feedback")
signed_in = role_required(Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/questions/<int:question_id>", methods=["POST"])
@signed_in
def report(question_id: int):
    item = db.session.get(Question, question_id)
    if item is None or item.status != "published" or item.current is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.report_question(current_user.id, item, request.form.get("reason", ""), request.form.get("text", ""), _now())
    except services.ReportError as error:
        return done({"message": str(error)}, url_for("feedback.mine"), 400)
    return done({"message": "已收到你的纠错，讲师处理后会在“我的纠错”里告诉你结果。"}, url_for("feedback.mine"))


@bp.route("/mine")
@signed_in
def mine():
    return render_template("feedback/mine.html", reports=services.mine(current_user.id))


@bp.route("/")
@staff_required
def queue():
    status = request.args.get("status", "open")
    status = status if status in REPORT_STATUSES else "open"
    return render_template("feedback/queue.html", reports=services.queue(status), status=status, statuses=REPORT_STATUSES,
                           counts=services.counts(), action=ActionForm())


@bp.route("/<int:report_id>/resolve", methods=["POST"])
@staff_required
def resolve(report_id: int):
    item = db.session.get(QuestionReport, report_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.resolve(item, current_user.id, request.form.get("status", ""), request.form.get("reply", ""), _now())
        flash("已保存处理结果，学员会在“我的纠错”里看到。", "success")
    except services.ReportError as error:
        flash(str(error), "danger")
    return redirect(url_for("feedback.queue"))
