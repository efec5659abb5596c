"""Server-side sign-in sessions: a row per signed-in browser, checked on every request.

The signed cookie alone cannot be taken back; the row can. Sign-out deletes this browser's row,
so a copy of the cookie stops working at once; 退出所有设备, a password change and deactivation
delete them all. The cookie holds a random key; the table holds its SHA-256, so a database dump
gives nobody a usable session.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from app.extensions import db
from app.models import User, UserSession


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(user_id: int, now: datetime, lifetime: timedelta) -> str:
    """Create a session for `user_id`, sweep their expired ones, and return the key for the cookie."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at <= now))
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(key_hash=_hash(key), user_id=user_id, created_at=now, expires_at=now + lifetime))
    db.session.commit()
    return key


def session_user(login_id: str, key: str | None, now: datetime) -> User | None:
    """The user of a live session: one indexed query, by primary key, per request."""
    user_id, _, version = login_id.partition(":")
    if not key or not user_id.isdigit() or not version.isdigit() or len(user_id) > 10:
        return None
    return db.session.scalar(
        select(User).join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.key_hash == _hash(key), UserSession.expires_at > now,
               User.id == int(user_id), User.session_version == int(version)))


def end_session(key: str | None) -> None:
    if key:
        db.session.execute(delete(UserSession).where(UserSession.key_hash == _hash(key)))
        db.session.commit()


def end_all_sessions(user_id: int, commit: bool = True) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    if commit:
        db.session.commit()
