"""Configuration, health, headers, error pages, CLI."""
import re

import pytest
from sqlalchemy import func, select, text

from app import create_app
from app.extensions import db
from app.models import Cohort, User
from config import ProductionConfig, normalise_database_url


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_takes_settings_from_environment(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "from-env")
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", normalise_database_url("postgres://u@h/db"))
    monkeypatch.setattr(ProductionConfig, "REDIS_URL", "redis://127.0.0.1:6379/0")
    app = create_app("production")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_runs_in_wal_with_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas apply to SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_readyz_reports_database(client):
    response = client.get("/readyz")
    expected = {"status": "ok", "database": "ok"}
    if response.json.keys() - expected.keys():            # with REDIS_URL set, Redis is checked too
        expected["redis"] = "ok"
    assert response.status_code == 200 and response.json == expected


def test_readyz_reports_unreachable_database(tmp_path):
    """/healthz only says the process is alive; readiness (/readyz) is what checks the database."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db"})
    assert app.test_client().get("/healthz").status_code == 200
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_security_headers(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_have_no_inline_scripts_and_local_assets_only(client, login_as):
    login_as()
    body = client.get("/").get_data(as_text=True)
    assert "<script>" not in body and "onclick" not in body
    assert not re.search(r'(src|href)="(https?:)?//', body), "every asset must be served by the app"


def test_404_and_json_errors_in_chinese(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "页面不存在" in response.get_data(as_text=True)
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.json["error"] == "页面不存在"


def test_413_for_oversized_body(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/auth/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413 and "文件太大" in response.get_data(as_text=True)


def test_unexpected_error_is_chinese_500_without_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise ValueError("secret internals")

    response = app.test_client().get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "服务器出错了" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_cli_users_create(runner):
    result = runner.invoke(args=["users", "create", "t@example.com", "--role", "instructor", "--password", "Teach-Well-2026"])
    assert result.exit_code == 0, result.output
    assert "已创建讲师账号" in result.output
    assert db.session.scalar(select(User.role).where(User.email == "t@example.com")) == "instructor"
    again = runner.invoke(args=["users", "create", "t@example.com", "--password", "Teach-Well-2026"])
    assert again.exit_code != 0 and "已注册" in again.output


def test_cli_demo_create_is_safe_to_rerun(runner, client):
    first = runner.invoke(args=["demo", "create"])
    assert "admin@example.com" in first.output and "已创建演示账号" in first.output
    second = runner.invoke(args=["demo", "create"])
    assert "未创建" in second.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 3
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 1
    from app.cli import DEMO_PASSWORD
    response = client.post("/auth/login", data={"email": "admin@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302
