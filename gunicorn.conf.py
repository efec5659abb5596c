"""gunicorn settings for production (`make serve`). Every value can be overridden from the environment."""
import multiprocessing
import os
import tempfile

# Prometheus counts from every worker add up through files in this folder (see app/monitoring.py); it must
# be set before the app, and so prometheus_client, is imported. A fresh folder per start: no stale counts.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="xuetang-metrics-"))

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# Only the reverse proxy on this machine may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Import the app once, in the master: a recycled (max_requests) or killed worker is forked ready to
# serve in milliseconds instead of spending a second and a half importing, and workers share the
# imported code and jieba's dictionary. Nothing connects to the database or Redis before the fork.
preload_app = True


def when_ready(server):
    """Load jieba's dictionary before the workers fork, so no request pays for it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


def post_fork(server, worker):
    """Each worker opens its own connections: drop any pooled one inherited from the master."""
    from app.extensions import db

    with server.app.wsgi().app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def child_exit(server, worker):
    """A dead worker's gauges leave the totals; its counters stay (Prometheus counters never go down)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
