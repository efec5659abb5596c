"""Sign-in time for an existing account, an unknown one and a deactivated one (they should match).

Run: .venv/bin/python bench/login_timing.py [attempts]
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _setup import percentile

from app import create_app
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import User


def main(n: int = 40) -> None:
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='xuetang-bench-')) / 'bench.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        db.session.add_all([User(email="real@example.com", name="甲", password_hash=hash_password("Bench-Mark-2026")),
                            User(email="gone@example.com", name="乙", password_hash=hash_password("Bench-Mark-2026"),
                                 active=False)])
        db.session.commit()
    client = app.test_client()
    cases = {"existing account, wrong password": "real@example.com", "unknown account": "ghost@example.com",
             "deactivated account": "gone@example.com"}
    samples = {label: [] for label in cases}
    for _ in range(n):  # interleaved, so a busy moment on the machine hits every case alike
        for label, email in cases.items():
            t = time.perf_counter()
            assert client.post("/auth/login", data={"email": email, "password": "wrong-guess-1"}).status_code == 400
            samples[label].append((time.perf_counter() - t) * 1000)
    for label, values in samples.items():
        print(f"{label:<36} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 0.95):6.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
