from datetime import datetime, timezone

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
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
    """Liveness: the process answers. It touches nothing, so a slow database never gets workers restarted."""
    return jsonify(status="ok")


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """Readiness, for the load balancer: 200 when the database (and Redis, when configured) answer, else 503."""
    checks = {"database": _database_answers(), "redis": _redis_answers(current_app.config.get("REDIS_URL"))}
    checks = {name: state for name, state in checks.items() if state is not None}
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "error", **checks), 200 if ready else 503


def _database_answers() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any driver error means the same thing here: not reachable
        db.session.rollback()
        return "unreachable"


def _redis_answers(url: str | None) -> str | None:
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
        client.close()
        return "ok"
    except (redis.RedisError, OSError):
        return "unreachable"


@bp.app_context_processor
def inject_navigation():
    from app.navigation import nav_items, nav_menu
    return {"nav_items": nav_items, "nav_menu": nav_menu}


@bp.route("/ping")
@limiter.exempt
def ping():
    """No database, no session: the ceiling this stack allows, for the load benchmark to compare against."""
    return "ok", 200, {"Content-Type": "text/plain"}
