"""The trainee's own dashboard and its chart."""
from datetime import datetime, timezone

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.content.syllabus import TOPICS
from app.forms import ActionForm
from app.progress import dashboard, today
from app.progress.readiness import METHOD

bp = Blueprint("progress", __name__, url_prefix="/progress")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/")
@login_required
def index():
    return render_template("progress/dashboard.html", data=dashboard.build(current_user.id, now()), person=current_user,
                           topics=TOPICS, method=METHOD, chart_url="progress.chart", chart_args={})


@bp.route("/goal", methods=["POST"])
@login_required
def set_goal():
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        goal = today.set_goal(current_user.id, request.form.get("weekly_questions", ""), now())
        flash(f"每周目标已设为 {goal} 题。", "success")
    except today.GoalError as error:
        flash(str(error), "danger")
    return redirect(url_for("core.home"))


@bp.route("/chart.svg")
@login_required
def chart():
    return svg_response(dashboard.history_chart(dashboard.build(current_user.id, now()).attempts))


def svg_response(svg: str):
    """Charts are shown through <img>, where an SVG's inline style is allowed and script cannot run."""
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
