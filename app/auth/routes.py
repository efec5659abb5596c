from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services, sessions, throttle
from app.auth.clock import now
from app.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from app.errors import error_response
from app.extensions import limiter
from app.safe_urls import safe_next_url

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_ip_limit() -> str:
    return current_app.config["LOGIN_IP_RATE_LIMIT"]


def _count_login_attempt(login: str) -> None:
    """The sign-in throttles, per address and per account, shared by every worker (see throttle.py)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    try:
        throttle.count_attempt({"login-ip:" + (request.remote_addr or ""): _login_ip_limit(),
                                "login-account:" + services.login_key(login): _login_limit()}, now())
    except throttle.TooManyAttempts:
        abort(429)


def _start_session(user) -> None:
    """A fresh session at login: nothing from before the login survives (no fixation)."""
    session.clear()
    lifetime = current_app.permanent_session_lifetime
    key = sessions.open_session(user.id, now(), lifetime)
    login_user(user)
    session["sid"] = key
    session.permanent = True


# What someone holding an initial or temporary password may open before choosing their own.
BEFORE_NEW_PASSWORD = {"auth.change_password", "auth.logout", "auth.logout_all", "static", "bootstrap.static",
                       "core.ping", "core.healthz"}


@bp.before_app_request
def require_own_password():
    if request.endpoint in BEFORE_NEW_PASSWORD or not current_user.is_authenticated:
        return None
    if not current_user.must_change_password:
        return None
    if request.path.startswith("/api/"):
        return error_response(403, "请先修改初始密码后再继续。")
    return redirect(url_for("auth.change_password"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        _count_login_attempt(form.email.data)
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.BadCredentials as error:
            form.password.errors.append(str(error))
            return render_template("auth/login.html", form=form), 400
        _start_session(user)
        return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.name.data)
        except services.DuplicateEmail as error:
            form.email.errors.append(str(error))
            return render_template("auth/register.html", form=form), 409
        except services.WeakPassword as error:
            form.password.errors.append(str(error))
            return render_template("auth/register.html", form=form), 400
        _start_session(user)
        flash("注册成功，欢迎来到客服管理师学堂！", "success")
        return redirect(safe_next_url(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sessions.end_session(session.get("sid"))
    logout_user()
    session.clear()
    flash("您已退出登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/logout-all", methods=["POST"])
@login_required
def logout_all():
    services.sign_out_everywhere(current_user, now())
    logout_user()
    session.clear()
    flash("已退出所有设备上的登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data, now())
        except services.AccountError as error:
            target = form.current if isinstance(error, services.BadCredentials) else form.password
            target.errors.append(str(error))
            return render_template("auth/password.html", form=form), 400
        _start_session(current_user._get_current_object())
        flash("密码已修改，其他设备上的登录已失效。", "success")
        return redirect(url_for("core.home"))
    return render_template("auth/password.html", form=form), 400 if form.errors else 200
