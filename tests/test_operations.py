"""For the people running exam day: liveness, readiness, protected metrics, a request id in every log line."""
import json
import logging

import pytest

from app import create_app
from app.models import Role
from tests.exams.conftest import clock, exam, started  # noqa: F401  (fixtures)

TOKEN = "metrics-token-for-tests-0123456789"


def test_healthz_is_alive_without_the_database(client, app, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("database down")
    monkeypatch.setattr(type(app.extensions["sqlalchemy"].session()), "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["database"] == "ok"


def test_readyz_is_503_when_the_database_is_down(tmp_path):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"
    assert "Traceback" not in response.get_data(as_text=True)


def test_readyz_is_503_when_redis_is_down(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["redis"] == "unreachable" and response.json["database"] == "ok"


def test_metrics_are_hidden_without_a_token_setting(client, login_as):
    login_as(Role.ADMIN)                  # not even an admin's session opens them: scrapers use the token
    assert client.get("/metrics").status_code == 404


@pytest.fixture
def metered(app):
    app.config["METRICS_TOKEN"] = TOKEN
    return app


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "])
def test_metrics_refuse_a_missing_or_wrong_token(metered, client, header):
    response = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and "xuetang" not in response.get_data(as_text=True)


def test_metrics_report_latency_autosaves_submits_open_attempts_and_grading_queue(metered, client, started):
    _, attempt_id = started
    from tests.exams.conftest import position_of

    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": position_of(attempt_id, "single"), "values": ["A"]})
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert 'flask_http_request_duration_seconds_count{endpoint="exam_api.save",method="POST",status="200"} 1.0' in text
    assert 'xuetang_autosaves_total{outcome="saved"} 1.0' in text
    assert "xuetang_open_attempts 1.0" in text and "xuetang_grading_queue_items 0.0" in text
    client.post(f"/api/attempts/{attempt_id}/submit", json={})
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert 'xuetang_submits_total{outcome="200"} 1.0' in text and "xuetang_open_attempts 0.0" in text


def test_every_request_logs_one_json_line_with_its_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="xuetang.requests"):
        response = client.get("/auth/login", headers={"X-Request-ID": "edge-4f2a"})
        other = client.get("/auth/login")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "xuetang.requests"]
    assert response.headers["X-Request-ID"] == "edge-4f2a" and lines[0]["request_id"] == "edge-4f2a"
    assert lines[0]["endpoint"] == "auth.login" and lines[0]["status"] == 200 and lines[0]["ms"] >= 0
    assert len(other.headers["X-Request-ID"]) == 32 and lines[1]["request_id"] == other.headers["X-Request-ID"]


@pytest.mark.parametrize("forged", ["a" * 200, 'x", "status": 200', "<script>", ""])
def test_a_forged_request_id_is_replaced(client, caplog, forged):
    with caplog.at_level(logging.INFO, logger="xuetang.requests"):
        response = client.get("/auth/login", headers={"X-Request-ID": forged})
    assert response.headers["X-Request-ID"] != forged and len(response.headers["X-Request-ID"]) == 32
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_an_error_log_carries_the_request_id(app, client, caplog):
    @app.route("/boom-for-test")
    def boom():
        raise RuntimeError("boom")
    with caplog.at_level(logging.INFO):
        response = client.get("/boom-for-test")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert response.status_code == 500 and errors and errors[0].request_id == response.headers["X-Request-ID"]
