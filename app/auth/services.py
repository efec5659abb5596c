"""Account services: plain values in, named errors out; no request or session here."""
from sqlalchemy import func, select

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


def authenticate(email: str, password: str) -> User:
    """Return the user for good credentials, upgrading an outdated hash on the way."""
    user = find_user_by_email(email)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise BadCredentials("邮箱或密码不正确。")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise BadCredentials("当前密码不正确。")
    problem = password_problem(new, user.email)
    if problem:
        raise WeakPassword(problem)
    user.password_hash = hash_password(new)
    user.session_version += 1
    end_all_sessions(user.id)
