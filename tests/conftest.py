"""Fixtures in the flaskr style: app, client, runner, login_as(role). One fresh database per test."""
import contextvars
import os

import pytest
from flask import has_app_context, session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.models import Role
from tests.factories import PASSWORD, make_user

POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))


class BrowserLikeClient(FlaskClient):
    """Sends the CSRF token on every write, as our pages and scripts do. Pass csrf=False to omit it.

    Each request runs in a fresh context, as in production: it gets its own app context, `g` and
    database session, instead of sharing the test's. The test's session forgets what it loaded,
    so the test sees what the request wrote.
    """

    def open(self, *args, csrf=True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        if csrf and method not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        return contextvars.Context().run(self._fresh_csrf_token)

    def _fresh_csrf_token(self) -> str:
        with self.application.test_request_context():
            with self.session_transaction() as stored:
                session.update(stored)
                token = generate_csrf()
                stored.update(session)
        return token


@pytest.fixture
def app(tmp_path):
    overrides = {} if POSTGRES else {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}"}
    app = create_app("testing", overrides)
    app.test_client_class = BrowserLikeClient
    _forget_process_caches()
    with app.app_context():
        _fresh_schema()
        yield app
        db.session.remove()
        if POSTGRES:
            _truncate_all()
        db.engine.dispose()


_schema_built = False


def _forget_process_caches() -> None:
    """Per-process caches keyed by question version id (immutable in production) would carry one test's
    versions into the next, whose database numbers its versions from 1 again."""
    from app.exams import autosave, page

    page._blocks.clear()
    autosave._contents.clear()


def _fresh_schema() -> None:
    """SQLite: a new file per test. PostgreSQL: rebuild once per run (models may have changed), then truncate."""
    global _schema_built
    if POSTGRES and not _schema_built:
        db.drop_all()
        _schema_built = True
    db.create_all()


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client):
    """login_as(Role.ADMIN) -> the user, signed in through the real login form."""
    def login(role=Role.TRAINEE, **overrides):
        user = make_user(role=role, **overrides)
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return login


@pytest.fixture
def content_tree(app, tmp_path):
    """The small content tree of tests/content/tree.py, synced into the test database."""
    from app.content.sync import sync_content
    from tests.content.tree import write_tree

    content, cases = write_tree(tmp_path / "tree")
    app.config.update(CONTENT_DIR=content, CASES_DIR=cases)
    sync_content(content, cases)
    return content, cases
