"""Flask-Login glue: the one place that reads the session key from the cookie."""
from flask import session

from app.auth.clock import now
from app.auth.sessions import session_user


def load_user(login_id: str):
    return session_user(login_id, session.get("sid"), now())
