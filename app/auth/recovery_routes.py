"""Self-service password reset by e-mail (only when MAIL_SERVER is set)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from app.auth import recovery, services, throttle
from app.auth.clock import now
from app.auth.forms import ForgotForm, ResetForm
from app.extensions import mail

bp = Blueprint("recovery", __name__, url_prefix="/auth")


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


@bp.app_context_processor
def inject_mail_enabled():
    return {"self_service_reset": mail_enabled}


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if mail_enabled() and form.validate_on_submit():
        _count_request(form.email.data)
        user = recovery.account_for_mail(form.email.data)
        if user is not None:  # the same answer either way: the page does not tell who has an account
            link = url_for("recovery.reset", token=recovery.reset_token(user, current_app.config["SECRET_KEY"]),
                           _external=True)
            mail.send(recovery.reset_mail(user, link, current_app.config.get("MAIL_DEFAULT_SENDER") or "noreply@localhost"))
        return render_template("auth/forgot.html", form=None, sent=True)
    return render_template("auth/forgot.html", form=form if mail_enabled() else None, sent=False), 400 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    secret = current_app.config["SECRET_KEY"]
    form = ResetForm()
    try:
        recovery.user_for_token(token, secret)
        if form.validate_on_submit():
            recovery.reset_with_token(token, secret, form.password.data, now())
            flash("密码已重置，请用新密码登录。", "success")
            return redirect(url_for("auth.login"))
    except recovery.LinkExpired as error:
        return render_template("auth/reset.html", form=None, error=str(error)), 400
    except services.WeakPassword as error:
        form.password.errors.append(str(error))
    return render_template("auth/reset.html", form=form, error=None), 400 if form.errors else 200


def _count_request(email: str) -> None:
    config = current_app.config
    try:
        throttle.count_attempt({"reset-ip:" + (request.remote_addr or ""): config["RESET_IP_RATE_LIMIT"],
                                "reset-account:" + services.normalise_email(email): config["RESET_RATE_LIMIT"]}, now())
    except throttle.TooManyAttempts:
        abort(429)
