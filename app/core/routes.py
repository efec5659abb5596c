from datetime import datetime, timezone

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from app.extensions import db, limiter
from app.forms import ActionForm
from app.models import Role
from app.progress import today

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role_enum != Role.TRAINEE:
        return render_template("core/home.html")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return render_template("core/today.html", today=today.build(current_user, now), now=now, action=ActionForm())


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
        return jsonify(status="ok", database="ok")
    except Exception:  # any driver error means the same thing here: not reachable
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503


@bp.app_context_processor
def inject_navigation():
    from app.navigation import nav_items
    return {"nav_items": nav_items}


@bp.route("/ping")
@limiter.exempt
def ping():
    """No database, no session: the ceiling this stack allows, for the load benchmark to compare against."""
    return "ok", 200, {"Content-Type": "text/plain"}
