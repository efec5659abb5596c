"""Settings for each way the app runs; production reads everything from the environment."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def normalise_database_url(url: str | None) -> str | None:
    """Accept the `postgres://` URLs hosting providers hand out, and use psycopg 3 for them."""
    if not url:
        return url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # An exam lasts up to three hours: the CSRF token lives as long as the session does.
    WTF_CSRF_TIME_LIMIT = None
    # WTForms' own messages ("Not a valid choice.") in Chinese, from WTForms' bundled zh catalogue
    # (app/extensions.py sets the locale); Flask-WTF's Babel route is off, Babel is not used.
    WTF_I18N_ENABLED = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    BOOTSTRAP_SERVE_LOCAL = True
    # Pages and JSON are compressed per response (brotli at a fast level, or gzip); static files once per
    # process at the strongest level (app/assets.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 4
    COMPRESS_LEVEL = 6
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    LOGIN_RATE_LIMIT = "10 per minute"          # per account
    LOGIN_IP_RATE_LIMIT = "60 per minute"       # per address: a classroom behind one NAT can still log in together
    # SMTP for self-service password reset by e-mail; without MAIL_SERVER the login page says to ask the instructor.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER")
    RESET_RATE_LIMIT = "5 per hour"             # reset e-mails per account
    RESET_IP_RATE_LIMIT = "20 per hour"         # reset requests per address
    # /metrics answers only `Authorization: Bearer $METRICS_TOKEN`; unset, the route answers 404.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")
    LOG_REQUESTS = os.environ.get("LOG_REQUESTS", "1") == "1"     # one JSON line per request, with its id
    CONTENT_DIR = BASE_DIR / "content"
    CASES_DIR = BASE_DIR / "cases"

    @classmethod
    def init_app(cls, app):
        app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")


class DevelopmentConfig(Config):
    SQLALCHEMY_DATABASE_URI = Config.SQLALCHEMY_DATABASE_URI or f"sqlite:///{INSTANCE_DIR / 'xuetang.db'}"

    @classmethod
    def init_app(cls, app):
        super().init_app(app)
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = _local_secret_key()


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("TEST_DATABASE_URL")) or "sqlite://"
    REDIS_URL = os.environ.get("TEST_REDIS_URL")
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def init_app(cls, app):
        super().init_app(app)
        missing = [k for k in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI") if not app.config.get(k)]
        if missing:
            names = {"SECRET_KEY": "SECRET_KEY", "SQLALCHEMY_DATABASE_URI": "DATABASE_URL"}
            raise RuntimeError("生产环境必须设置环境变量：" + "、".join(names[k] for k in missing))
        if os.environ.get("BEHIND_PROXY", "1") == "1":
            # One reverse proxy in front: trust its X-Forwarded-For/-Proto, so rate limits see the client's address.
            from werkzeug.middleware.proxy_fix import ProxyFix

            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)


def _local_secret_key() -> str:
    """A per-machine key kept in instance/, so development sessions survive restarts."""
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
