"""The question bank for instructors: list, filter, write, preview, duplicate, retire, bulk tag."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from app.auth.decorators import staff_required
from app.converters import bounded_int
from app.content.reading import live_chapters
from app.extensions import db
from app.forms import ActionForm
from app.models import Question
from app.questions import services
from app.questions.forms import BulkForm, QuestionForm
from app.questions.fragments import fragments_of
from app.questions.registry import QUESTION_TYPES, get_type
from app.models.question import STATUSES

bp = Blueprint("questions", __name__, url_prefix="/questions")
bp.add_app_template_global(fragments_of)


def _filters() -> services.Filters:
    args = request.args
    return services.Filters(type=args.get("type", ""), topic=args.get("topic", ""), chapter=args.get("chapter", ""),
                            difficulty=bounded_int(args.get("difficulty"), None, 1, 5), status=args.get("status", ""), q=args.get("q", ""),
                            pool=args.get("pool", ""))


@bp.route("/")
@staff_required
def index():
    filters = _filters()
    page = db.paginate(services.filtered_query(filters), page=bounded_int(request.args.get("page"), 1, 1),
                       per_page=services.PAGE_SIZE, error_out=False)
    return render_template("questions/index.html", page=page, filters=filters, chapters=live_chapters(),
                           sections=services.section_names(q.section_anchor for q in page.items),
                           types=QUESTION_TYPES, statuses=STATUSES, bulk=BulkForm(), action=ActionForm())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    form = _question_form()
    if form.validate_on_submit():
        try:
            question = services.save_question(form.fields(), current_user.id)
        except services.QuestionError as error:
            form.answer.errors.extend(error.messages)
        else:
            flash(f"已保存题目 {question.uid}。", "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/edit.html", form=form, question=None), 400 if form.errors else 200


@bp.route("/<int:question_id>")
@staff_required
def detail(question_id: int):
    question = _question(question_id)
    return render_template("questions/detail.html", question=question, qtype=get_type(question.type), action=ActionForm(),
                           section=services.section_names([question.section_anchor]).get(question.section_anchor))


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(question_id: int):
    question = _question(question_id)
    form = _question_form(question.case_slug, data=None if request.method == "POST" else services.fields_from_question(question))
    if form.validate_on_submit():
        try:
            services.save_question(form.fields(), current_user.id, question)
        except services.QuestionError as error:
            form.answer.errors.extend(error.messages)
        else:
            flash("已保存。已发布题目的内容修改会生成新版本，学员已作答的记录保留原版本。", "success")
            return redirect(url_for("questions.detail", question_id=question.id))
    return render_template("questions/edit.html", form=form, question=question), 400 if form.errors else 200


@bp.route("/preview", methods=["POST"])
@staff_required
def preview():
    """The live preview: the question as a trainee will see it, then its key and explanation."""
    form = _question_form()
    try:
        draft = services.draft_from_fields(form.fields())
    except services.QuestionError as error:
        return render_template("questions/_preview_problems.html", messages=error.messages)
    return render_template("questions/_preview.html", draft=draft, qtype=get_type(draft.type))


@bp.route("/<int:question_id>/duplicate", methods=["POST"])
@staff_required
def duplicate(question_id: int):
    copy = services.duplicate_question(_question(question_id), current_user.id) if ActionForm().validate_on_submit() else abort(400)
    flash(f"已复制为草稿 {copy.uid}。", "success")
    return redirect(url_for("questions.edit", question_id=copy.id))


@bp.route("/<int:question_id>/status", methods=["POST"])
@staff_required
def set_status(question_id: int):
    question = _question(question_id)
    status = request.form.get("status", "")
    if status not in STATUSES or not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.set_status(question, status)
        flash(f"题目 {question.uid} 已设为“{STATUSES[status]}”。", "success")
    except services.QuestionError as error:
        flash(str(error), "danger")
    return redirect(url_for("questions.detail", question_id=question.id))


@bp.route("/bulk", methods=["POST"])
@staff_required
def bulk():
    form = BulkForm()
    ids = [i for i in (bounded_int(v, None, 1) for v in request.form.getlist("ids")) if i is not None]
    if not form.validate_on_submit() or not ids or (form.action.data.endswith("-topic") and not form.topic.data):
        flash("请选择题目，并为添加或移除主题选择一个主题。", "danger")
    else:
        count = services.bulk_update(ids, form.action.data, form.topic.data)
        flash(f"已更新 {count} 道题目。", "success")
    return redirect(request.referrer if request.referrer and request.referrer.startswith(request.host_url) else url_for("questions.index"))


def _question(question_id: int) -> Question:
    return db.session.get(Question, question_id) or abort(404)


def _question_form(keep_case: str | None = None, **kwargs) -> QuestionForm:
    form = QuestionForm(**kwargs)
    form.section.choices = [SelectChoice("", "请选择小节")] + [SelectChoice(a, name) for a, name in services.section_choices()]
    cases = dict(services.case_choices())
    if keep_case and keep_case not in cases:   # a retired case stays selectable for the question already in it
        cases[keep_case] = keep_case
    form.case_slug.choices = [SelectChoice("", "不属于案例")] + [SelectChoice(slug, title) for slug, title in cases.items()]
    return form
