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
from app.inplace import done
from app.models import Question, Role
from app.models.practice import MODES
from app.practice import selection, services, sets
from app.practice.crowd import MIN_TRAINEES, crowd_statistics
from app.practice.visibility import is_visible
from app.questions.registry import get_type

bp = Blueprint("practice", __name__, url_prefix="/practice")
trainee_required = role_required(Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN)
PRACTICE_MODES = {"chapter", "section", "topic", "random", "weak", "review", "favourites", "missed"}   # "retry" starts from a summary


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
    """The start page: how many questions, then 开始练习."""
    _check_mode(mode)
    return render_template("practice/start.html", mode=mode, key=key, label=MODES[mode], sizes=sets.SIZES,
                           default=sets.DEFAULT_SIZE, action=ActionForm(), topic_label=TOPICS.get(key, ""))


@bp.route("/<mode>/<key>/start", methods=["POST"])
@trainee_required
def start(mode: str, key: str):
    _check_mode(mode)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        practice_set = sets.start_set(current_user.id, mode, key, request.form.get("size", ""), _now())
    except sets.SizeError as error:
        flash(str(error), "danger")
        return redirect(url_for("practice.question", mode=mode, key=key))
    if practice_set is None:
        return render_template("practice/empty.html", mode=mode, label=MODES[mode])
    return redirect(url_for("practice.set_question", set_id=practice_set.id, position=1))


@bp.route("/sets/<int:set_id>/<int:position>", methods=["GET", "POST"])
@trainee_required
def set_question(set_id: int, position: int):
    practice_set = sets.owned_set(current_user.id, set_id) or abort(404)
    item = sets.question_at(practice_set, position) or abort(404)
    if not is_visible(current_user.id, item.id, _now()):   # reserved, or on a paper the trainee is sitting now
        abort(404)
    given = sets.answers_by_position(practice_set)
    if request.method == "GET":
        feedback = sets.stored_feedback(given[position]) if position in given else None
        return _render_question(practice_set, position, item, given, feedback=feedback)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        feedback = sets.answer_at(practice_set, position, request.form.getlist("answer"), _now(), _elapsed(),
                                  current_app.config.get("REVIEW_GRADUATE_AFTER", 3))
    except services.PracticeError as error:
        return _render_question(practice_set, position, item, given, error=str(error)), 400
    return _render_question(practice_set, position, item, sets.answers_by_position(practice_set), feedback=feedback)


@bp.route("/sets/<int:set_id>/summary")
@trainee_required
def summary(set_id: int):
    practice_set = sets.owned_set(current_user.id, set_id) or abort(404)
    return render_template("practice/summary.html", practice_set=practice_set, label=MODES.get(practice_set.mode, ""),
                           result=sets.summarise(practice_set), action=ActionForm())


@bp.route("/sets/<int:set_id>/retry", methods=["POST"])
@trainee_required
def retry(set_id: int):
    practice_set = sets.owned_set(current_user.id, set_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    new = sets.retry_wrong(practice_set, _now())
    if new is None:
        flash("这一组没有答错的题。", "success")
        return redirect(url_for("practice.summary", set_id=set_id))
    return redirect(url_for("practice.set_question", set_id=new.id, position=1))


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


@bp.route("/notes")
@trainee_required
def notes():
    return render_template("practice/notes.html", notes=services.notes(current_user.id), action=ActionForm())


@bp.route("/questions/<int:question_id>/favourite", methods=["POST"])
@trainee_required
def favourite(question_id: int):
    item = _published(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    added = services.toggle_favourite(current_user.id, item.id, _now())
    return done({"favourite": added, "message": "已收藏。" if added else "已取消收藏。"}, url_for("practice.hub"))


@bp.route("/questions/<int:question_id>/note", methods=["POST"])
@trainee_required
def note(question_id: int):
    item = _published(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        saved = services.save_note(current_user.id, item.id, request.form.get("text", ""), _now())
    except services.PracticeError as error:
        return done({"message": str(error)}, url_for("practice.hub"), 400)
    return done({"saved": saved is not None, "message": "笔记已保存。" if saved else "笔记已删除。"}, url_for("practice.hub"))


def _check_mode(mode: str) -> None:
    if mode not in PRACTICE_MODES:
        abort(404)


def _published(question_id: int | None) -> Question:
    """A published question the trainee may see outside an exam; anything else is 404."""
    item = db.session.get(Question, question_id) if question_id else None
    if item is None or item.status != "published" or item.current is None or not is_visible(current_user.id, item.id, _now()):
        abort(404)
    return item


def _elapsed() -> int | None:
    shown = bounded_int(request.form.get("shown_at"), None, 0, 2**53)
    return int(time.time() * 1000) - shown if shown is not None else None


def _render_question(practice_set, position, item, given, feedback=None, error=None):
    return render_template("practice/question.html", practice_set=practice_set, position=position, given=given,
                           total=len(practice_set.question_ids), label=MODES.get(practice_set.mode, ""), item=item,
                           qtype=get_type(item.type), feedback=feedback, error=error, action=ActionForm(),
                           shown_at=int(time.time() * 1000), state=services.personal_state(current_user.id, item.id),
                           link=services.section_link(item), topic_label=TOPICS.get(practice_set.key, ""),
                           marks=get_type(item.type).option_marks(item.current.payload, feedback.response) if feedback else {},
                           crowd=crowd_statistics(item, current_app.config.get("CROWD_MIN_TRAINEES", MIN_TRAINEES)) if feedback else None)
