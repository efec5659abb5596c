from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin import services
from app.admin.forms import UserEditForm
from app.auth.decorators import admin_required
from app.converters import bounded_int
from app.extensions import db
from app.models import Cohort, User
from app.models.user import ROLE_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@admin_required
def users():
    q = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    page = bounded_int(request.args.get("page"), 1, 1)
    pagination = services.search_users(q, role, page)
    return render_template("admin/users.html", pagination=pagination, q=q, role=role, roles=ROLE_LABELS)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=None if request.method == "POST" else user)
    form.cohorts.choices = [SelectChoice(c.id, f"{c.name}（{c.owner.name}）") for c in db.session.scalars(select(Cohort).order_by(Cohort.name))]
    if request.method == "GET":
        form.cohorts.data = [m.cohort_id for m in user.memberships]
    if form.validate_on_submit():
        try:
            services.update_user(current_user, user, form.role.data, form.active.data, form.cohorts.data)
        except services.AdminError as error:
            flash(str(error), "danger")
            return render_template("admin/user_edit.html", user=user, form=form), 400
        flash(f"已更新 {user.email} 的账号信息。", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", user=user, form=form), 400 if form.errors else 200
