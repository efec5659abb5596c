"""The server's clock for the account views: naive UTC, as the database stores it."""
from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
