from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from app.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("core/home.html")


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
    from app.navigation import nav_items, nav_menu
    return {"nav_items": nav_items, "nav_menu": nav_menu}


@bp.route("/ping")
@limiter.exempt
def ping():
    """No database, no session: the ceiling this stack allows, for the load benchmark to compare against."""
    return "ok", 200, {"Content-Type": "text/plain"}
