"""The attempt page's JSON: state, autosave (one small write per answer), submit. CSRF-protected."""
from flask import Blueprint, jsonify, request, url_for
from flask_login import login_required

from app.converters import bounded_int
from app.exams import attempts as service
from app.exams import routes as pages
from app.extensions import limiter
from app.models import Attempt
from app.questions.registry import get_type

bp = Blueprint("exam_api", __name__, url_prefix="/api/attempts")


def state(attempt: Attempt) -> dict:
    service.load_paper(attempt)
    answers = []
    for item in attempt.items:
        qtype = get_type(item.question.type)
        answers.append({"position": item.position, "flagged": item.flagged,
                        "values": qtype.form_values(qtype.to_shown(item.response, item.option_order))})
    return {"seq": attempt.seq, "status": attempt.status, "seconds_left": service.seconds_left(attempt, pages.now()),
            "answers": answers}


@bp.route("/<int:attempt_id>/state")
@login_required
def get_state(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    if service.close_if_overdue(attempt, pages.now()):
        return _closed(attempt, "考试时间已到，试卷已交卷。")
    return jsonify(state(attempt))


def _per_trainee() -> str:
    """Autosaves are limited per trainee, not per address: a whole class may share one NAT address."""
    from flask_login import current_user

    return f"autosave:{current_user.get_id() if current_user.is_authenticated else request.remote_addr}"


@bp.route("/<int:attempt_id>/answers", methods=["POST"])
@login_required
@limiter.limit("120 per minute", key_func=_per_trainee)
def save(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    body = request.get_json(silent=True) or {}
    seq, position, values = bounded_int(body.get("seq")), bounded_int(body.get("position")), body.get("values", [])
    if seq is None or position is None or not isinstance(values, list):
        return jsonify(error="请求格式不正确。"), 400
    values = [str(v) for v in values][:20]
    try:
        outcome = service.save_answer(attempt, position, values, bool(body.get("flagged")), seq, pages.now())
    except service.AttemptClosed as error:
        return _closed(attempt, str(error))
    except service.StaleSave as error:
        return jsonify(error=str(error), state=state(attempt)), 409
    except service.ExamError as error:
        return jsonify(error=str(error)), 400
    return jsonify(status=outcome, seq=attempt.seq, seconds_left=service.seconds_left(attempt, pages.now()))


@bp.route("/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    attempt = pages.owned_attempt(attempt_id)
    if not service.close_if_overdue(attempt, pages.now()):
        service.close_attempt(attempt, pages.now(), "submit")
    return jsonify(status=attempt.status, result_url=url_for("exams.result", attempt_id=attempt.id))


def _closed(attempt: Attempt, message: str):
    return jsonify(error=message, status=attempt.status, result_url=url_for("exams.result", attempt_id=attempt.id)), 410
