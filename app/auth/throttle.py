"""Sign-in throttles counted in the database, so every worker and every instance shares one count.

Flask-Limiter without Redis counts in each process's memory: with several gunicorn workers an
attacker got workers × the limit. The database is the one store every process of every instance
already shares, and a sign-in already costs an Argon2 hash (tens of milliseconds), so one insert
and one indexed count per attempt are noise. Refused attempts are not recorded, so a locked-out
person gets in again one window after their last counted attempt.
"""
from datetime import datetime, timedelta

from limits import parse
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import LoginAttempt


KEEP = timedelta(days=1)  # the longest window a sign-in limit may use


class TooManyAttempts(Exception):
    """Over the limit: the caller answers 429 and checks no password."""


def count_attempt(limits: dict[str, str], now: datetime) -> None:
    """Record one attempt under each key (`{"ip:1.2.3.4": "60 per minute", ...}`), or raise.

    On PostgreSQL a transaction-scoped advisory lock per key serialises concurrent attempts on the
    same key; SQLite serialises every writer anyway, from the first insert on.
    """
    items = {key[:300]: parse(limit) for key, limit in sorted(limits.items())}
    if db.session.get_bind().dialect.name == "postgresql":
        for key in items:
            db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - KEEP))
    for key in items:
        db.session.add(LoginAttempt(key=key, at=now))
    db.session.flush()
    for key, item in items.items():
        since = now - timedelta(seconds=item.get_expiry())
        used = db.session.scalar(select(func.count()).select_from(LoginAttempt)
                                 .where(LoginAttempt.key == key, LoginAttempt.at > since))
        if used > item.amount:
            db.session.rollback()
            raise TooManyAttempts(key)
    db.session.commit()
