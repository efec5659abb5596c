"""The attempt page's JSON: state, autosave (a batch of answers, one acknowledgement each), submit.
CSRF-protected. Every response carries the server's clock (`server_now`, ms) and the deadline, so the
page's countdown follows the server, and `state` hands out a fresh CSRF token after a new sign-in."""
from flask import Blueprint, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from app.exams import attempts as service
from app.exams import autosave, leaves
from app.exams import routes as pages
from app.extensions import limiter
from app.models import Attempt

bp = Blueprint("exam_api", __name__, url_prefix="/api/attempts")


@bp.before_request
def signed_in_only():
    """Signed out: to the login page, without Flask-Login's flashed message. The page polls while the
    trainee signs in again in another tab; a session cookie written here could replace the new one."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return None


def state(attempt: Attempt) -> dict:
    service.load_paper(attempt)
    return {"seq": attempt.seq, "status": attempt.status, "csrf": generate_csrf(),
            "answers": [autosave.shown_answer(item) for item in attempt.items], "activity": leaves.summary(attempt),
            **autosave.attempt_clock(attempt, pages.now())}


@bp.route("/<int:attempt_id>/state")
@login_required
def get_state(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    if service.close_if_overdue(attempt, pages.now()):
        return _closed(attempt, "考试时间已到，试卷已交卷。")
    return jsonify(state(attempt))


def _per_trainee() -> str:
    """Autosaves are limited per trainee, not per address: a whole class may share one NAT address."""
    return f"autosave:{current_user.get_id() if current_user.is_authenticated else request.remote_addr}"


def read_edits(body: dict, now_ms: int) -> list[autosave.Edit]:
    """{"answers": [{position, values, flagged, edited_at}, ...]}, or one such answer on its own.
    An answer without an edit time (an older client) is stamped with the server's clock. A batch
    carrying only leaves or times (see leaves.py) may have no answers."""
    activity_only = ("leaves" in body or "times" in body) and "position" not in body
    answers = body.get("answers") if isinstance(body.get("answers"), list) else [] if activity_only else [body]
    if not (0 if activity_only else 1) <= len(answers) <= autosave.MAX_BATCH:
        raise ValueError
    edits = [autosave.Edit(position=int(a["position"]), values=[str(v) for v in a.get("values", [])][:20],
                          flagged=bool(a.get("flagged")), edited_at=int(a.get("edited_at") or now_ms)) for a in answers]
    if any(not 0 <= e.position < 10_000 for e in edits):
        raise ValueError
    return edits


@bp.route("/<int:attempt_id>/answers", methods=["POST"])
@login_required
@limiter.limit("120 per minute", key_func=_per_trainee)
def save(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    body = request.get_json(silent=True) or {}
    try:
        edits = read_edits(body, autosave.epoch_ms(pages.now()))
        reported = leaves.read_leaves(body.get("leaves")), leaves.read_times(body.get("times"))
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError):
        return jsonify(error="请求格式不正确。"), 400
    clock = autosave.attempt_clock(attempt, pages.now())      # the deadline is fixed: read before the commit expires it
    try:
        acks = autosave.save_answers(attempt, edits, pages.now())
        activity = leaves.record_activity(attempt, *reported, pages.now()) if any(reported) else None
    except service.AttemptClosed as error:
        return _closed(attempt, str(error))
    return jsonify(acks=acks, status="open", activity=activity, **clock)   # not closed: a close raises AttemptClosed


@bp.route("/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    if not service.close_if_overdue(attempt, pages.now()):
        service.close_attempt(attempt, pages.now(), "submit")
    return jsonify(status=attempt.status, result_url=url_for("exams.result", attempt_id=attempt.id))


def _closed(attempt: Attempt, message: str):
    return jsonify(error=message, status=attempt.status, result_url=url_for("exams.result", attempt_id=attempt.id)), 410
