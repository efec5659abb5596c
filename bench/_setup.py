"""Shared set-up for the benchmark scripts: a fresh SQLite file with the real content synced."""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.content.sync import sync_content  # noqa: E402
from app.extensions import db  # noqa: E402


def bench_app():
    """An app on a new SQLite file (WAL, as in production on one machine), content synced."""
    folder = Path(tempfile.mkdtemp(prefix="xuetang-bench-"))
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "RATELIMIT_ENABLED": False,
                                 "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        sync_content(ROOT / "content", ROOT / "cases")
    return app


def signed_in_client(app, role="trainee"):
    from app.auth.services import create_user
    from app.models import Role

    with app.app_context():
        user = create_user(f"bench-{role}@example.com", "Bench-Mark-2026", "压测", Role(role))
        email = user.email
    client = app.test_client()
    client.post("/auth/login", data={"email": email, "password": "Bench-Mark-2026"})
    return client


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]
