"""What the server-side session check costs per request, next to a no-op request in the same run.

Run: .venv/bin/python bench/session_check.py [iterations] [--postgres URL]

Prints the median and p95 of: a /ping request through the test client (no session, no database),
the old cookie-only user load (one primary-key lookup), and the new check (the session row joined
with the user, by primary key). The difference between the last two is what revocable sessions cost.
"""
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from _setup import percentile

from app import create_app
from app.auth.sessions import open_session, session_user
from app.extensions import db
from app.models import User


def timed(fn, n):
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def report(label, samples):
    print(f"{label:<44} median {statistics.median(samples):7.3f} ms   p95 {percentile(samples, 0.95):7.3f} ms")


def main(n: int = 2000, url: str | None = None) -> None:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='xuetang-bench-')) / 'bench.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    now = datetime(2026, 12, 6, 10, 0)
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = User(email="bench@example.com", name="压测", password_hash="x")
        db.session.add(user)
        db.session.commit()
        key, login_id, user_id = open_session(user.id, now, timedelta(hours=12)), user.get_id(), user.id
        for _ in range(200):  # other open sessions, so the lookup is not in a one-row table
            open_session(user.id, now, timedelta(hours=12))

        def old_check():
            db.session.expunge_all()
            assert db.session.get(User, user_id) is not None

        def new_check():
            db.session.expunge_all()
            assert session_user(login_id, key, now) is not None

        ping = timed(lambda: client.get("/ping").close(), n)
        old, new = timed(old_check, n), timed(new_check, n)
    print(f"{n} iterations on {url.split(':')[0]}")
    report("no-op request (GET /ping, test client)", ping)
    report("old check: user by primary key", old)
    report("new check: session row joined with user", new)
    print(f"extra cost per request: {statistics.median(new) - statistics.median(old):.3f} ms (median)")


if __name__ == "__main__":
    args = sys.argv[1:]
    pg = args[args.index("--postgres") + 1] if "--postgres" in args else None
    numbers = [a for a in args if a.isdigit()]
    main(int(numbers[0]) if numbers else 2000, pg)
