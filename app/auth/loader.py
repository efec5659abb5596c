"""Flask-Login glue: the one place that reads the session key from the cookie."""
from datetime import datetime, timezone

from flask import session

from app.auth.sessions import session_user


def load_user(login_id: str):
    return session_user(login_id, session.get("sid"), datetime.now(timezone.utc).replace(tzinfo=None))
