"""Reading the syllabus: chapters, figures, cases, search."""
from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from app.content import cases as case_service
from app.content import reading
from app.content.forms import CaseAnswerForm, SelfScoreForm
from app.content.search import search as run_search
from app.extensions import db
from app.forms import ActionForm
from app.models import Case, Chapter, Figure, Question

bp = Blueprint("content", __name__)


@bp.app_template_global()
def render_markdown(text: str, digest: str | None = None):
    from app.content.rendering import render_markdown as render

    return render(text, digest)


@bp.app_template_global()
def render_inline(text: str):
    from app.content.rendering import render_inline as render

    return render(text)


@bp.app_template_global()
def topics() -> dict:
    from app.content.syllabus import TOPICS

    return TOPICS


@bp.app_template_global()
def topic_label(key: str) -> str:
    from app.content.syllabus import topic_label as label

    return label(key)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/chapters/")
@login_required
def chapters():
    items = reading.live_chapters()
    progress = reading.chapter_progress(current_user.id)
    done = sum(d for d, _ in progress.values())
    total = sum(t for _, t in progress.values())
    return render_template("content/chapters.html", chapters=items, progress=progress, done=done, total=total)


@bp.route("/chapters/<slug>")
@login_required
def chapter(slug: str):
    item = db.session.scalar(select(Chapter).where(Chapter.slug == slug, Chapter.retired.is_(False))) or abort(404)
    items = reading.live_chapters()
    index = next(i for i, c in enumerate(items) if c.id == item.id)
    from app.practice.selection import section_counts
    from app.reports.sections import section_statistics

    return render_template(
        "content/chapter.html", chapter=item, read=reading.read_anchors(current_user.id, item.id), action=ActionForm(),
        seconds=_seconds_needed(item),
        practice=section_counts(current_user.id, item.slug, _now()), section_stats=section_statistics(item.slug) if current_user.is_staff else {},
        previous=items[index - 1] if index > 0 else None, following=items[index + 1] if index + 1 < len(items) else None)


@bp.route("/chapters/<slug>/read", methods=["POST"])
@login_required
def mark_read(slug: str):
    item = db.session.scalar(select(Chapter).where(Chapter.slug == slug, Chapter.retired.is_(False))) or abort(404)
    body = (request.get_json(silent=True) or {}) if request.is_json else {}
    body = body if isinstance(body, dict) else {}
    anchor = str((body.get("section") if request.is_json else request.form.get("section")) or "")
    try:
        if request.is_json:   # the page's script: only after enough time on screen; the button marks at once
            reading.check_time_on_screen(item, anchor, body.get("seconds"), _reading_rule())
        reading.mark_read(current_user.id, item, anchor, _now())
    except reading.UnknownSection:
        if request.is_json:
            return jsonify(error="小节不存在。"), 404
        abort(404)
    except reading.TooQuick as error:
        return jsonify(error=str(error)), 422
    if request.is_json:
        done, total = reading.chapter_progress(current_user.id).get(item.id, (0, 0))
        return jsonify(section=anchor, read=done, total=total)
    return redirect(url_for("content.chapter", slug=slug, _anchor=anchor))


def _reading_rule() -> dict:
    return {key: current_app.config.get(key, value) for key, value in reading.READING_DEFAULTS.items()}


def _seconds_needed(item: Chapter) -> dict[str, int]:
    rule = _reading_rule()
    return {anchor: reading.seconds_needed(chars, rule["READING_CHARS_PER_SECOND"], rule["READING_MIN_SECONDS"],
                                           rule["READING_MAX_SECONDS"]) for anchor, chars in reading.unit_lengths(item).items()}


@bp.route("/figures/<name>.svg")
@login_required
def figure(name: str):
    """Figures are shown through <img>, where SVG cannot run script; the CSP says so twice."""
    item = db.session.scalar(select(Figure).where(Figure.name == name, Figure.retired.is_(False))) or abort(404)
    response = make_response(item.svg)
    response.mimetype = "image/svg+xml"
    response.set_etag(item.content_hash)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response.make_conditional(request)


@bp.route("/cases/")
@login_required
def cases():
    return render_template("content/cases.html", cases=case_service.live_cases(current_user.id, _now()))


@bp.route("/cases/<slug>")
@login_required
def case(slug: str):
    item = _live_case(slug)
    questions = case_service.case_questions(item, current_user.id, _now())
    answers = case_service.latest_answers(current_user.id, [q.id for q in questions])
    forms = {q.id: _self_score_form(answers[q.id]) for q in questions if q.id in answers}
    return render_template("content/case.html", case=item, questions=questions, answers=answers,
                           answer_form=CaseAnswerForm(), score_forms=forms)


@bp.route("/cases/<slug>/<uid>/answer", methods=["POST"])
@login_required
def answer_case(slug: str, uid: str):
    item, question = _case_question(slug, uid)
    form = CaseAnswerForm()
    if form.validate_on_submit():
        try:
            case_service.submit_answer(current_user.id, question, form.text.data, _now())
            flash("已保存你的分析，下面是参考分析。", "success")
            return redirect(url_for("content.case", slug=slug, _anchor=f"q-{uid}"))
        except case_service.CaseError as error:
            form.text.errors.append(str(error))
    for message in form.text.errors:
        flash(message, "danger")
    return redirect(url_for("content.case", slug=slug, _anchor=f"q-{uid}"))


@bp.route("/cases/<slug>/<uid>/self-score", methods=["POST"])
@login_required
def self_score(slug: str, uid: str):
    item, question = _case_question(slug, uid)
    answer = case_service.latest_answers(current_user.id, [question.id]).get(question.id) or abort(404)
    form = _self_score_form(answer)
    if form.validate_on_submit():
        points = case_service.self_score(answer, form.points.data)
        flash(f"自评已保存：{points:g} 分。", "success")
    else:
        flash("所选采分点不存在。", "danger")
    return redirect(url_for("content.case", slug=slug, _anchor=f"q-{uid}"))


@bp.route("/search")
@login_required
def search():
    query = request.args.get("q", "").strip()
    terms, hits = run_search(query, current_user.id, _now()) if query else ([], [])
    return render_template("content/search.html", query=query, terms=terms, hits=hits)


def _live_case(slug: str) -> Case:
    return case_service.visible_case(current_user.id, slug, _now()) or abort(404)


def _case_question(slug: str, uid: str) -> tuple[Case, Question]:
    item = _live_case(slug)
    return item, case_service.case_question(item, uid, current_user.id, _now()) or abort(404)


def _self_score_form(answer) -> SelfScoreForm:
    form = SelfScoreForm(formdata=None if request.method == "GET" else request.form, points=answer.self_points or [])
    form.points.choices = [SelectChoice(i, p["text"]) for i, p in enumerate(answer.version.payload["key_points"])]
    return form
