"""What the people running exam day watch: request ids in structured logs, readiness, Prometheus metrics.

Metrics: latency by endpoint (prometheus-flask-exporter, grouped by endpoint so attempt ids do not
explode the series), autosaves and submits by outcome, and, read from the database at scrape time,
open attempts, attempts past their time that the sweeper has not closed, and the grading queue.
/metrics answers only a scraper holding METRICS_TOKEN; without that setting it does not exist (404).
Under gunicorn, PROMETHEUS_MULTIPROC_DIR (set in gunicorn.conf.py) adds up every worker's counts."""
import hmac
import json
import logging
import os
import re
import time
import uuid

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
requests_log = logging.getLogger("xuetang.requests")
OUTCOMES = {"exam_api.save": "autosaves", "exam_api.submit": "submits"}
SAVE_OUTCOMES = {200: "saved", 409: "stale", 410: "closed", 400: "refused", 429: "throttled"}


class RequestIdFilter(logging.Filter):
    """Every log record made during a request carries its id (`%(request_id)s` in a format)."""

    def filter(self, record):
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:        # outside a request
            record.request_id = "-"
        return True


class DatabaseGauges:
    """Read at scrape time: what is open now, not what one worker happened to see."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from sqlalchemy import func, select

        from app.extensions import db
        from app.models import Attempt, AttemptItem

        with self.app.app_context():
            now = _utcnow()
            open_now = db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.status == "open"))
            overdue = db.session.scalar(select(func.count()).select_from(Attempt).where(
                Attempt.status == "open", Attempt.submit_until < now))
            queue = db.session.scalar(select(func.count()).select_from(AttemptItem).join(Attempt).where(
                Attempt.status == "grading", AttemptItem.score.is_(None)))
            db.session.remove()
        yield GaugeMetricFamily("xuetang_open_attempts", "Attempts open now", value=open_now)
        yield GaugeMetricFamily("xuetang_overdue_open_attempts", "Open attempts past their time: is the sweeper running?",
                                value=overdue)
        yield GaugeMetricFamily("xuetang_grading_queue_items", "Answers waiting for an instructor's grade", value=queue)


def _utcnow():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(tzinfo=None)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id, for the log collector."""

    def format(self, record):
        if record.name == requests_log.name:
            return record.getMessage()          # already one JSON object
        entry = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "request_id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _configure_logging(app: Flask) -> None:
    """Outside tests: the app's log and the request log go to stderr as JSON lines (gunicorn collects them)."""
    if app.testing or requests_log.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    for logger in (app.logger, requests_log):
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def register(app: Flask) -> None:
    _register_request_ids(app)
    _configure_logging(app)
    registry = CollectorRegistry()
    PrometheusMetrics(app, path=None, registry=registry, group_by="endpoint", excluded_paths=["^/metrics$", "^/static/"])
    outcomes = {kind: Counter(f"xuetang_{kind}_total", f"{kind.capitalize()} by outcome", ["outcome"], registry=registry)
                for kind in set(OUTCOMES.values())}

    @app.after_request
    def count_outcomes(response):
        kind = OUTCOMES.get(request.endpoint or "")
        if kind:
            label = SAVE_OUTCOMES.get(response.status_code, str(response.status_code)) if kind == "autosaves" else str(response.status_code)
            outcomes[kind].labels(label).inc()
        return response

    @app.route("/metrics")
    def metrics():
        _require_token()
        source = registry
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:     # every gunicorn worker's counts, not this one's
            from prometheus_client.multiprocess import MultiProcessCollector

            source = CollectorRegistry()
            MultiProcessCollector(source)
        gauges = CollectorRegistry()
        gauges.register(DatabaseGauges(current_app._get_current_object()))
        return Response(generate_latest(source) + generate_latest(gauges), content_type="text/plain; version=0.0.4")

    from app.extensions import limiter

    limiter.exempt(metrics)


def _require_token() -> None:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    sent = request.headers.get("Authorization", "")
    if not (sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), token.encode())):
        abort(401)


def _register_request_ids(app: Flask) -> None:
    app.logger.addFilter(RequestIdFilter())
    requests_log.addFilter(RequestIdFilter())

    @app.before_request
    def assign_request_id():
        sent = request.headers.get("X-Request-ID", "")
        g.request_id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        if app.config.get("LOG_REQUESTS", True) and request.endpoint != "static":
            requests_log.info(json.dumps({
                "request_id": request_id, "method": request.method, "endpoint": request.endpoint, "status": response.status_code,
                "ms": round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1),
                "user": _user_id()}, ensure_ascii=False))
        return response


def _user_id():
    """The signed-in user's id, read from the identity map: after a commit the user row is expired, and
    `get_id()` would read it again from the database just for this log line."""
    from flask_login import current_user
    from sqlalchemy import inspect

    user = current_user._get_current_object() if current_user else None
    if user is None or user.is_anonymous:
        return None
    state = inspect(user, raiseerr=False)
    return str(state.identity[0]) if state is not None and state.identity else user.get_id()
