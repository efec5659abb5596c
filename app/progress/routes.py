"""The trainee's own dashboard and its chart."""
from datetime import datetime, timezone

from flask import Blueprint, make_response, render_template
from flask_login import current_user, login_required

from app.content.syllabus import TOPICS
from app.progress import dashboard
from app.progress.readiness import METHOD

bp = Blueprint("progress", __name__, url_prefix="/progress")


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/")
@login_required
def index():
    return render_template("progress/dashboard.html", data=dashboard.build(current_user.id, now()), person=current_user,
                           topics=TOPICS, method=METHOD, chart_url="progress.chart", chart_args={})


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
