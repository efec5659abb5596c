"""Password recovery: staff reset with a temporary password, self-service by e-mail link, the CLI.

A temporary password is shown once and must be changed at the next sign-in; every reset ends all
of the account's sessions. The e-mail link is signed, lasts an hour and carries a fingerprint of
the current password hash, so it works once: after the reset the fingerprint no longer matches.
"""
import hashlib
from datetime import datetime

from flask_mail import Message
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from app.admin.audit import describe_user, record
from app.auth.passwords import hash_password, new_initial_password, password_problem
from app.auth.services import AccountError, WeakPassword, find_user_by_email, find_user_by_login
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.models import Cohort, CohortMember, Role, User

SALT = "password-reset"
LINK_MAX_AGE = 3600


class ResetRefused(AccountError):
    """This person may not reset that account (the view answers 404)."""


class LinkExpired(AccountError):
    pass


def may_reset(actor: User, user: User) -> bool:
    """Admins reset anyone else; an instructor resets trainees in one of their own cohorts."""
    if actor.id == user.id:
        return False
    if actor.has_role(Role.ADMIN):
        return True
    if not actor.has_role(Role.INSTRUCTOR) or not user.has_role(Role.TRAINEE):
        return False
    return db.session.scalar(select(CohortMember.id).join(Cohort).where(
        CohortMember.user_id == user.id, Cohort.owner_id == actor.id).limit(1)) is not None


def reset_by_staff(actor: User, user: User, now: datetime) -> str:
    if not may_reset(actor, user):
        raise ResetRefused("不能重置这个账号的密码。")
    return _temporary_password(user, actor.id, now, "讲师或管理员重置，临时密码")


def reset_from_cli(login: str, now: datetime) -> tuple[User, str]:
    user = find_user_by_login(login)
    if user is None:
        raise AccountError(f"没有找到账号：{login}")
    return user, _temporary_password(user, None, now, "命令行重置，临时密码")


def _temporary_password(user: User, actor_id: int | None, now: datetime, detail: str) -> str:
    password = new_initial_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.session_version += 1
    end_all_sessions(user.id, commit=False)
    record(actor_id, "user.password_reset", describe_user(user), detail, now)
    db.session.commit()
    return password


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def reset_token(user: User, secret: str) -> str:
    return URLSafeTimedSerializer(secret, SALT).dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str, secret: str) -> User:
    expired = LinkExpired("链接已失效（超过一小时或已经用过），请重新申请重置密码。")
    try:
        data = URLSafeTimedSerializer(secret, SALT).loads(token, max_age=LINK_MAX_AGE)
    except BadSignature:
        raise expired from None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        raise expired
    return user


def reset_with_token(token: str, secret: str, new: str, now: datetime) -> User:
    user = user_for_token(token, secret)
    problem = password_problem(new, user.email or "")
    if problem:
        raise WeakPassword(problem)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    end_all_sessions(user.id, commit=False)
    record(user.id, "user.password_reset", describe_user(user), "通过邮件链接自助重置", now)
    db.session.commit()
    return user


def account_for_mail(email: str) -> User | None:
    user = find_user_by_email(email)
    return user if user is not None and user.active and user.email else None


def reset_mail(user: User, link: str, sender: str) -> Message:
    body = (f"{user.name}，您好：\n\n有人（希望是您本人）申请重置客服管理师学堂的登录密码。"
            f"请在一小时内打开下面的链接设置新密码，链接只能使用一次：\n\n{link}\n\n"
            "如果不是您本人操作，请忽略这封邮件，您的密码不会改变。\n")
    return Message("重置客服管理师学堂登录密码", recipients=[user.email], body=body, sender=sender)
