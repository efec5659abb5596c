from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.auth import recovery
from app.auth.clock import now
from app.auth.decorators import role_required, staff_required
from app.cohorts import invites, services
from app.cohorts.forms import CohortForm, JoinForm
from app.errors import error_response
from app.extensions import db
from app.forms import ActionForm
from app.models import Cohort, Role, User

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")


@bp.route("/")
@login_required
def index():
    cohorts = services.cohorts_visible_to(current_user)
    return render_template("cohorts/index.html", cohorts=cohorts, form=CohortForm(), join_form=JoinForm())


@bp.route("/new", methods=["POST"])
@staff_required
def create():
    form = CohortForm()
    if not form.validate_on_submit():
        return _index_with_errors(form=form)
    cohort = services.create_cohort(current_user, form.name.data, now())
    flash(f"已创建班级“{cohort.name}”，邀请码 {cohort.invite_code}。", "success")
    return redirect(url_for("cohorts.detail", cohort_id=cohort.id))


@bp.route("/join", methods=["POST"])
@role_required(Role.TRAINEE)
def join():
    form = JoinForm()
    if not form.validate_on_submit():
        return _index_with_errors(join_form=form)
    try:
        cohort = services.join_cohort(current_user, form.code.data)
    except services.CohortError as error:
        form.code.errors.append(str(error))
        return _index_with_errors(join_form=form)
    flash(f"已加入班级“{cohort.name}”。", "success")
    return redirect(url_for("cohorts.index"))


@bp.route("/<int:cohort_id>")
@staff_required
def detail(cohort_id: int):
    cohort = _managed_cohort(cohort_id)
    link = url_for("cohorts.invite", code=cohort.invite_code, _external=True)
    return render_template("cohorts/detail.html", cohort=cohort, action=ActionForm(), invite_link=link,
                           qr=invites.qr_svg(link))


@bp.route("/invite/<code>")
@login_required
def invite(code: str):
    """Where the QR code leads: a signed-out visitor signs in first and comes back here."""
    cohort = invites.cohort_for_code(code)
    if cohort is None:
        return error_response(404, "邀请码无效或已更换，请向讲师索取新的邀请二维码。")
    form = JoinForm(code=cohort.invite_code)
    return render_template("cohorts/invite.html", cohort=cohort, form=form)


@bp.route("/<int:cohort_id>/code", methods=["POST"])
@staff_required
def regenerate_code(cohort_id: int):
    cohort = _managed_cohort(cohort_id)
    if ActionForm().validate_on_submit():
        flash(f"新的邀请码：{services.regenerate_code(cohort, current_user.id, now())}，旧邀请码已失效。", "success")
    return redirect(url_for("cohorts.detail", cohort_id=cohort.id))


@bp.route("/<int:cohort_id>/members/<int:user_id>/remove", methods=["POST"])
@staff_required
def remove_member(cohort_id: int, user_id: int):
    cohort = _managed_cohort(cohort_id)
    if ActionForm().validate_on_submit():
        try:
            services.remove_member(cohort, user_id, current_user.id, now())
            flash("已将该学员移出班级。", "success")
        except services.CohortError as error:
            flash(str(error), "danger")
    return redirect(url_for("cohorts.detail", cohort_id=cohort.id))


@bp.route("/members/<int:user_id>/reset-password", methods=["POST"])
@staff_required
def reset_password(user_id: int):
    """A temporary password for a trainee of one's cohort (admins: anyone), shown once on this page."""
    user = db.session.get(User, user_id)
    if user is None or not ActionForm().validate_on_submit():
        abort(404 if user is None else 400)
    try:
        password = recovery.reset_by_staff(current_user, user, now())
    except recovery.ResetRefused:
        abort(404)
    response = make_response(render_template("cohorts/temporary_password.html", user=user, password=password))
    response.headers["Cache-Control"] = "no-store"
    return response


def _managed_cohort(cohort_id: int) -> Cohort:
    """The cohort, if this user may manage it; 404 otherwise, so ids of others' cohorts leak nothing."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or not services.can_manage(current_user, cohort):
        abort(404)
    return cohort


def _index_with_errors(form=None, join_form=None):
    cohorts = services.cohorts_visible_to(current_user)
    return render_template("cohorts/index.html", cohorts=cohorts, form=form or CohortForm(),
                           join_form=join_form or JoinForm()), 400
