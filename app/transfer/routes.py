"""Import and export of question banks, in the browser."""
from datetime import datetime, timezone

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import staff_required
from app.extensions import db
from app.converters import bounded_int
from app.models import ImportBatch, Role
from app.questions.registry import QUESTION_TYPES
from app.questions.services import Filters, filtered_query
from app.questions.forms import ImportForm
from app.transfer import importing
from app.transfer.exporting import export_questions
from app.transfer.formats import FORMATS, UnknownFormat, detect_format
from app.transfer.forms import ConfirmImportForm

PREVIEW_PAGE = 20
bp = Blueprint("transfer", __name__, url_prefix="/questions")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@bp.route("/import", methods=["GET", "POST"])
@staff_required
def upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            data = upload.read()
            fmt = detect_format(upload.filename or "", form.format.data or None, data)
            drafts, problems = importing.parse_upload(fmt, data, upload.filename or fmt.extension)
        except UnknownFormat as error:
            form.file.errors.append(str(error))
        else:
            batch = importing.create_batch(current_user.id, fmt, upload.filename or "", drafts, problems, _now())
            return redirect(url_for("transfer.review", batch_id=batch.id))
    return render_template("transfer/upload.html", form=form), 400 if form.errors else 200


@bp.route("/import/<int:batch_id>")
@staff_required
def review(batch_id: int):
    batch = _batch(batch_id)
    rows = importing.classify(batch)
    page = bounded_int(request.args.get("page"), 1, 1, max(1, -(-len(rows) // PREVIEW_PAGE)))
    return render_template("transfer/review.html", batch=batch, summary=importing.preview(rows), types=QUESTION_TYPES,
                           rows=rows[(page - 1) * PREVIEW_PAGE:page * PREVIEW_PAGE], page=page,
                           pages=-(-len(rows) // PREVIEW_PAGE), form=ConfirmImportForm(),
                           format_label=FORMATS[batch.format].label if batch.format in FORMATS else batch.format)


@bp.route("/import/<int:batch_id>/confirm", methods=["POST"])
@staff_required
def confirm(batch_id: int):
    batch = _batch(batch_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        written = importing.confirm_batch(batch, current_user.id, _now(), form.duplicates.data or "skip")
    except importing.ImportRefused as error:
        flash(str(error), "danger")
        return redirect(url_for("transfer.review", batch_id=batch.id))
    flash(importing.confirmation_message(written), "success")
    return redirect(url_for("questions.index"))


def _export_request():
    fmt = FORMATS.get(request.args.get("format", "")) or abort(404)
    filters = Filters(type=request.args.get("type", ""), topic=request.args.get("topic", ""),
                      chapter=request.args.get("chapter", ""), status=request.args.get("status", ""), q=request.args.get("q", ""),
                      pool=request.args.get("pool", ""))
    return fmt, export_questions(list(db.session.scalars(filtered_query(filters))), fmt)


@bp.route("/export")
@staff_required
def export():
    fmt, result = _export_request()
    return _download(result.body, f"questions{fmt.extension}", fmt.mimetype)


@bp.route("/export/summary")
@staff_required
def export_summary():
    """What an export will hold before it is downloaded: the count written and what the format loses."""
    fmt, result = _export_request()
    return render_template("transfer/export.html", fmt=fmt, result=result, args=request.args)


@bp.route("/template.xlsx")
@staff_required
def template():
    from app.questions.services import section_choices
    from app.transfer.xlsx import template_xlsx

    return _download(template_xlsx(section_choices()), "题库导入模板.xlsx", FORMATS["xlsx"].mimetype)


def _batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or (batch.user_id != current_user.id and not current_user.has_role(Role.ADMIN)):
        abort(404)
    return batch


def _download(body, filename: str, mimetype: str) -> Response:
    from urllib.parse import quote

    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
