"""Two app instances, two ports, one PostgreSQL and one Redis: a trainee sits one attempt alternating
between them. Nothing an instance keeps in its own memory may be needed by the other."""
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.extensions import db
from tests.conftest import POSTGRES

REDIS_URL = os.environ.get("TEST_REDIS_URL")
ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (POSTGRES and REDIS_URL),
                                reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL (Redis); .ci/run sets both")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_instance(port: int, log) -> subprocess.Popen:
    env = {**os.environ, "APP_CONFIG": "production", "SECRET_KEY": "shared-between-instances", "SESSION_COOKIE_SECURE": "0",
           "DATABASE_URL": os.environ["TEST_DATABASE_URL"], "REDIS_URL": REDIS_URL, "BEHIND_PROXY": "0"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}", "-w", "1",
                             "--access-logfile", "/dev/null", "app:create_app()"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)


def wait_healthy(port: int, seconds: float = 60) -> None:
    """Until /healthz answers 200. A booting worker may accept a connection and answer late, so a
    read time-out is one more try, not a failure."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:          # URLError, refused, reset and time-outs are all OSErrors
            time.sleep(0.2)
    raise AssertionError(f"instance on port {port} did not start within {seconds:.0f} s")


class Browser:
    """Cookies shared across both ports, as one browser behind a load balancer would send them."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, url: str, data=None, json_body=None, token: str = ""):
        headers = {"X-CSRFToken": token} if token else {}
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=30) as r:
                return r.status, r.read().decode(), r.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), url


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|data-csrf="([^"]+)"', html)
    return match.group(1) or match.group(2)


def test_one_attempt_alternating_between_two_instances(app, content_tree, tmp_path):
    from tests.exams.conftest import make_exam
    from tests.factories import PASSWORD, make_user

    exam = make_exam()
    trainee = make_user()
    db.session.commit()
    ports = [free_port(), free_port()]
    logs = [open(tmp_path / f"instance-{p}.log", "wb") for p in ports]
    servers = [start_instance(p, log) for p, log in zip(ports, logs)]
    try:
        for port, log in zip(ports, logs):
            try:
                wait_healthy(port)
            except AssertionError:
                log.flush()
                raise AssertionError((tmp_path / f"instance-{port}.log").read_text()[-3000:]) from None
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        browser = Browser()
        _, page, _ = browser.request(f"{a}/auth/login")
        status, _, landed = browser.request(f"{a}/auth/login", {"email": trainee.email, "password": PASSWORD, "csrf_token": token_in(page)})
        assert landed.endswith("/"), "login on instance A"
        _, page, _ = browser.request(f"{b}/exams/")                                  # signed in on B too
        assert "小测" in page
        _, page, attempt_url = browser.request(f"{b}/exams/{exam.id}/start", {"csrf_token": token_in(page)})
        attempt_id = int(attempt_url.rstrip("/").rsplit("/", 1)[1])
        _, page, _ = browser.request(f"{a}/exams/attempts/{attempt_id}")            # the same paper on A
        token = token_in(page)
        positions = [int(p) for p in re.findall(r'class="card mb-3 exam-question" id="q\d+" data-position="(\d+)"', page)]
        values = {"true_false": ["false"], "single": ["B"]}
        types = re.findall(r'data-type="(\w+)"', page)
        for seq, (position, qtype) in enumerate(zip(positions, types), start=1):
            base = a if seq % 2 else b
            status, body, _ = browser.request(f"{base}/api/attempts/{attempt_id}/answers", json_body={
                "position": position, "values": values[qtype]}, token=token)
            assert status == 200 and '"saved"' in body, body
        status, body, _ = browser.request(f"{b}/api/attempts/{attempt_id}/answers", json_body={
            "edited_at": 1, "position": positions[0], "values": ["true"]}, token=token)
        assert status == 200 and '"newer_on_server"' in body                          # B knows what A saved
        status, body, _ = browser.request(f"{a}/api/attempts/{attempt_id}/submit", json_body={}, token=token)
        assert status == 200
        _, result, _ = browser.request(f"{b}/exams/attempts/{attempt_id}/result")
        assert "1.5" in result and "及格" in result                                    # both answers right: 0.5 + 1
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        for log in logs:
            log.close()
