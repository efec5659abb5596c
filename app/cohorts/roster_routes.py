"""Roster import pages: upload, preview, confirm (the slip), the template and the slip as Excel."""
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin.downloads import attachment
from app.auth.clock import now
from app.auth.decorators import staff_required
from app.cohorts import roster, slips
from app.cohorts.forms import RosterForm
from app.errors import error_response
from app.extensions import db
from app.forms import ActionForm
from app.models import RosterBatch

bp = Blueprint("roster", __name__, url_prefix="/cohorts/roster")


@bp.route("", methods=["GET", "POST"])
@staff_required
def upload():
    form = RosterForm()
    if form.validate_on_submit():
        file = form.file.data
        try:
            batch = roster.read_roster(file.read(), file.filename or "", current_user, now())
        except roster.RosterError as error:
            form.file.errors.append(str(error))
        else:
            return redirect(url_for("roster.preview", batch_id=batch.id))
    return render_template("cohorts/roster_upload.html", form=form), 400 if form.errors else 200


@bp.route("/<int:batch_id>")
@staff_required
def preview(batch_id: int):
    return render_template("cohorts/roster_preview.html", batch=_own_batch(batch_id), action=ActionForm())


@bp.route("/<int:batch_id>/confirm", methods=["POST"])
@staff_required
def confirm(batch_id: int):
    batch = _own_batch(batch_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        rows = roster.confirm_roster(batch, current_user, now())
    except roster.RosterError as error:
        status = 409 if isinstance(error, roster.AlreadyImported) else 400
        return render_template("cohorts/roster_preview.html", batch=batch, action=ActionForm(), error=str(error)), status
    token = slips.sign_slip(rows, current_app.config["SECRET_KEY"], current_user.id)
    return _no_store(render_template("cohorts/roster_slip.html", rows=rows, token=token, batch=batch))


@bp.route("/slip.xlsx", methods=["POST"])
@staff_required
def slip_xlsx():
    try:
        rows = slips.read_slip(request.form.get("slip", ""), current_app.config["SECRET_KEY"], current_user.id)
    except slips.SlipExpired:
        return error_response(400, "账号单已失效（超过一小时或内容不完整）。需要新的初始密码时，请为学员重置密码。")
    return attachment(slips.slip_xlsx(rows), "账号单.xlsx")


@bp.route("/template.xlsx")
@staff_required
def template():
    return attachment(roster.template_xlsx(), "学员名单模板.xlsx")


def _own_batch(batch_id: int) -> RosterBatch:
    """Only the person who uploaded a roster may see or confirm it; anyone else gets 404."""
    batch = db.session.get(RosterBatch, batch_id)
    if batch is None or batch.user_id != current_user.id:
        abort(404)
    return batch


def _no_store(body: str) -> Response:
    response = Response(body)
    response.headers["Cache-Control"] = "no-store"
    return response
