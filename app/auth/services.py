"""Account services: plain values in, named errors out; no request or session here."""
import functools
import secrets
from datetime import datetime

from sqlalchemy import func, select

from app.admin.audit import describe_user, record
from app.auth.phones import normalise_phone
from app.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from app.auth.sessions import end_all_sessions
from app.extensions import db
from app.models import Role, User


class AccountError(Exception):
    """A problem the user can fix; the message is shown as is."""


class DuplicateEmail(AccountError):
    pass


class WeakPassword(AccountError):
    pass


class BadCredentials(AccountError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def login_key(login: str) -> str:
    """One spelling per account for what people type: a mobile number without +86 or dashes, a lower-case e-mail."""
    return normalise_phone(login) or normalise_email(login)


def find_user_by_login(login: str) -> User | None:
    phone = normalise_phone(login)
    if phone:
        return db.session.scalar(select(User).where(User.phone == phone))
    return find_user_by_email(login)


@functools.cache
def _decoy_hash() -> str:
    """A hash no password matches, checked when the account is unknown: every sign-in costs one Argon2 check."""
    return hash_password(secrets.token_hex(16))


def create_user(email: str, password: str, name: str = "", role: Role = Role.TRAINEE) -> User:
    email = normalise_email(email)
    if find_user_by_email(email):
        raise DuplicateEmail("该邮箱已注册，请直接登录或换一个邮箱。")
    problem = password_problem(password, email)
    if problem:
        raise WeakPassword(problem)
    user = User(email=email, name=name.strip() or email.split("@")[0], role=role.value,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(login: str, password: str) -> User:
    """Return the user for good credentials (e-mail or mobile number), upgrading an outdated hash on the way.

    Unknown and deactivated accounts cost the same Argon2 check as real ones, so the time a
    sign-in takes does not tell whether an account exists.
    """
    user = find_user_by_login(login)
    matches = verify_password(user.password_hash if user else _decoy_hash(), password)
    if user is None or not user.active or not matches:
        raise BadCredentials("账号或密码不正确。")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def change_password(user: User, current: str, new: str, now: datetime) -> None:
    if not verify_password(user.password_hash, current):
        raise BadCredentials("当前密码不正确。")
    problem = password_problem(new, user.email or "")
    if problem:
        raise WeakPassword(problem)
    if new == current:
        raise WeakPassword("新密码不能与当前密码相同。")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    end_all_sessions(user.id, commit=False)
    record(user.id, "user.password_change", describe_user(user), "", now)
    db.session.commit()


def sign_out_everywhere(user: User, now: datetime) -> None:
    end_all_sessions(user.id, commit=False)
    record(user.id, "user.logout_all", describe_user(user), "", now)
    db.session.commit()
