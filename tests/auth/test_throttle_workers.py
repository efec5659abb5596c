"""Login throttles hold across worker processes without Redis: gunicorn with two workers, no REDIS_URL."""
import os
import re
import subprocess
import sys
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.extensions import db
from tests.factories import make_user
from tests.test_stateless import Browser, free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]


def start_two_workers(database_url: str, port: int, log) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if "REDIS" not in key}
    env.update(APP_CONFIG="production", SECRET_KEY="two-workers", SESSION_COOKIE_SECURE="0", BEHIND_PROXY="0",
               DATABASE_URL=database_url)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}", "-w", "2",
                             "--threads", "4", "--access-logfile", "/dev/null", "app:create_app()"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


def login_statuses(base: str, emails: list[str]) -> list[int]:
    """POST each wrong sign-in from its own browser, eight at a time, so both workers take turns."""
    def attempt(email: str) -> int:
        browser = Browser()
        _, page, _ = browser.request(base + "/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _, _ = browser.request(base + "/auth/login", data={"csrf_token": token, "email": email,
                                                                    "password": "wrong-guess-1"})
        return status
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(attempt, emails))


def test_login_limits_hold_across_two_workers_without_redis(app, tmp_path):
    victim = make_user().email
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    port = free_port()
    with open(tmp_path / "gunicorn.log", "w") as log:
        server = start_two_workers(url, port, log)
        try:
            wait_healthy(port)
            base = f"http://127.0.0.1:{port}"
            per_account = login_statuses(base, [victim] * 30)
            assert per_account.count(400) == 10 and per_account.count(429) == 20, per_account
            strangers = [f"nobody{i}@example.com" for i in range(75)]
            per_address = login_statuses(base, strangers)
            # The ten wrong passwords for the victim came from this address too: 60 a minute in all.
            assert per_address.count(400) == 50 and per_address.count(429) == 25, per_address
        finally:
            server.terminate()
            server.wait(30)
