"""Pieces of the load benchmark: preparing a database, running gunicorn, a keep-alive HTTP client."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "Bench-Mark-2026"
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")                 # a private cluster's port for the restart fault
PG_ADMIN = f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/postgres"
BENCH_DB = os.environ.get("BENCH_DATABASE", "xuetang_bench")      # a name of your own on a shared machine
PG_BENCH = f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/{BENCH_DB}"


def database_url(kind: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='xuetang-load-')) / 'load.db'}"
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": BENCH_DB}).scalar():
            connection.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    engine.dispose()
    return PG_BENCH


def prepare(url: str, trainees: int) -> tuple[int, list[str]]:
    """A fresh schema with the real content, the default exams and `trainees` accounts."""
    from sqlalchemy import insert, select

    from app import create_app
    from app.auth.passwords import hash_password
    from app.content.sync import sync_content
    from app.exams.defaults import THEORY, ensure_default_exams
    from app.extensions import db
    from app.models import Exam, User

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_content(ROOT / "content", ROOT / "cases")
        ensure_default_exams(__import__("datetime").datetime.now())
        password = hash_password(PASSWORD)
        emails = [f"load{i}@example.com" for i in range(trainees)]
        db.session.execute(insert(User), [{"email": e, "name": f"考生{i}", "role": "trainee", "password_hash": password,
                                           "active": True, "session_version": 1} for i, e in enumerate(emails)])
        db.session.commit()
        exam_id = db.session.scalar(select(Exam.id).where(Exam.title == THEORY["title"]))
        db.engine.dispose()
    return exam_id, emails


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int, threads: int, redis: str | None):
        self.port = free_port()
        env = {**os.environ, "APP_CONFIG": "production", "SECRET_KEY": "load-benchmark", "DATABASE_URL": url,
               "SESSION_COOKIE_SECURE": "0", "BEHIND_PROXY": "1", "ACCESS_LOG": "/dev/null"}
        env.pop("REDIS_URL", None)
        if redis:
            env["REDIS_URL"] = redis
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(tempfile.mktemp(prefix="xuetang-gunicorn-", suffix=".log"), "w")
        self.process = subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{self.port}",
                                         "-w", str(workers), "--threads", str(threads), "--backlog", "4096", "app:create_app()"],
                                        cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        for _ in range(1200):        # two minutes: on a loaded machine a worker may take 40 s to boot
            try:
                if Client(self.port).get("/readyz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def workers(self) -> list[int]:
        pids = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [int(p) for p in pids]

    def kill_a_worker(self) -> int:
        victim = self.workers()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def log_text(self) -> str:
        return Path(self.log.name).read_text(errors="replace")


class Client:
    """One browser: a keep-alive connection, the session cookie, retries on a dropped connection."""

    def __init__(self, port: int, address: str = ""):
        self.port = port
        self.cookie = ""
        self.address = address   # as a reverse proxy would report this trainee's own address
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body=None, headers=None):
        headers = dict(headers or {})
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if self.cookie:
            headers["Cookie"] = self.cookie
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        cookie = response.getheader("Set-Cookie")
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data.decode(errors="replace"), response.getheader("Location")

    def get(self, path):
        return self.request("GET", path)

    def form(self, path, fields: dict):
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"})

    def json(self, path, payload, token):
        return self.request("POST", path, json.dumps(payload), {"Content-Type": "application/json", "X-CSRFToken": token})


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|data-csrf="([^"]+)"', html)
    return (match.group(1) or match.group(2)) if match else ""


def questions_in(html: str) -> list[tuple[int, str, list[str]]]:
    """(position, type, input values) for every question of an attempt page."""
    found = []
    for block in html.split('class="card mb-3 exam-question"')[1:]:
        position = int(re.search(r'data-position="(\d+)"', block).group(1))
        qtype = re.search(r'data-type="(\w+)"', block).group(1)
        values = re.findall(r'name="q\d+" value="([^"]+)"', block)
        found.append((position, qtype, values))
    return found
