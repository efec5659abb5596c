"""Practice pages. Each view reads the form, calls one service, renders."""
import time
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import role_required
from app.content.reading import live_chapters
from app.converters import bounded_int
from app.content.syllabus import TOPICS
from app.extensions import db
from app.forms import ActionForm
from app.models import Question, Role
from app.models.practice import MODES
from app.errors import error_response
from app.practice import selection, served, services
from app.practice.visibility import is_visible
from app.questions.registry import get_type

bp = Blueprint("practice", __name__, url_prefix="/practice")
trainee_required = role_required(Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN)
PRACTICE_MODES = {"chapter", "section", "topic", "random", "weak", "review", "favourites", "missed"}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/")
@trainee_required
def hub():
    now = _now()
    chapters = [(c, selection.chapter_position(current_user.id, c.slug, now)) for c in live_chapters()]
    return render_template("practice/hub.html", chapters=chapters, topics=TOPICS,
                           weak=selection.weak_topics(current_user.id), due=len(selection.due_cards(current_user.id, now)),
                           streak=services.review_streak(current_user.id, now), book_size=len(services.book(current_user.id, now)))


@bp.route("/<mode>/<key>")
@trainee_required
def question(mode: str, key: str):
    _check_mode(mode)
    item = services.next_question(current_user.id, mode, key, _now())
    if item is None:
        return render_template("practice/empty.html", mode=mode, label=MODES[mode])
    return _render_question(mode, key, item)


@bp.route("/<mode>/<key>/answer", methods=["POST"])
@trainee_required
def answer(mode: str, key: str):
    _check_mode(mode)
    item = _published(bounded_int(request.form.get("question_id"), None, 1))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        served.check_served(current_app.secret_key, request.form.get("served", ""), current_user.id, item.id, mode, key)
    except served.NotServed as error:
        return error_response(403, str(error))
    shown = bounded_int(request.form.get("shown_at"), None, 0, 2**53)
    elapsed = int(time.time() * 1000) - shown if shown is not None else None
    try:
        feedback = services.answer_question(current_user.id, item, request.form.getlist("answer"), mode, _now(), elapsed,
                                            current_app.config.get("REVIEW_GRADUATE_AFTER", 3))
    except services.PracticeError as error:
        return _render_question(mode, key, item, error=str(error)), 400
    return _render_question(mode, key, item, feedback=feedback)


@bp.route("/study/<slug>")
@trainee_required
def study(slug: str):
    """背题模式: the question with its key and explanation, in chapter order; nothing is recorded."""
    questions = selection.chapter_questions(current_user.id, slug, _now())
    if not questions:
        abort(404)
    index = min(bounded_int(request.args.get("i"), 0), len(questions) - 1)
    item = questions[index]
    return render_template("practice/study.html", item=item, qtype=get_type(item.type), index=index, total=len(questions),
                           slug=slug, link=services.section_link(item))


@bp.route("/book")
@trainee_required
def book():
    now = _now()
    return render_template("practice/book.html", cards=services.book(current_user.id, now), now=now, action=ActionForm(),
                           due=len(selection.due_cards(current_user.id, now)), streak=services.review_streak(current_user.id, now))


@bp.route("/book/<int:question_id>/remove", methods=["POST"])
@trainee_required
def remove(question_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.remove_from_book(current_user.id, question_id, _now()):
        flash("已移出错题本。", "success")
    return redirect(url_for("practice.book"))


@bp.route("/favourites")
@trainee_required
def favourites():
    items = list(db.session.scalars(selection.favourite_pool(current_user.id, _now())))
    return render_template("practice/favourites.html", items=items)


@bp.route("/questions/<int:question_id>/favourite", methods=["POST"])
@trainee_required
def favourite(question_id: int):
    item = _published(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    added = services.toggle_favourite(current_user.id, item.id, _now())
    flash("已收藏。" if added else "已取消收藏。", "success")
    return redirect(_back())


@bp.route("/questions/<int:question_id>/note", methods=["POST"])
@trainee_required
def note(question_id: int):
    item = _published(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        saved = services.save_note(current_user.id, item.id, request.form.get("text", ""), _now())
        flash("笔记已保存。" if saved else "笔记已删除。", "success")
    except services.PracticeError as error:
        flash(str(error), "danger")
    return redirect(_back())


def _check_mode(mode: str) -> None:
    if mode not in PRACTICE_MODES:
        abort(404)


def _published(question_id: int | None) -> Question:
    """A published question the trainee may see outside an exam; anything else is 404."""
    item = db.session.get(Question, question_id) if question_id else None
    if item is None or item.status != "published" or item.current is None or not is_visible(current_user.id, item.id, _now()):
        abort(404)
    return item


def _back() -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/practice/") else url_for("practice.hub")


def _render_question(mode, key, item, feedback=None, error=None):
    return render_template("practice/question.html", mode=mode, key=key, label=MODES[mode], item=item,
                           qtype=get_type(item.type), feedback=feedback, error=error, action=ActionForm(),
                           shown_at=int(time.time() * 1000), state=services.personal_state(current_user.id, item.id),
                           link=services.section_link(item), topic_label=TOPICS.get(key, ""),
                           served=served.serve_token(current_app.secret_key, current_user.id, item.id, mode, key))
