"""Browser tests: Playwright driving Debian's Chromium against the app served on a loopback port.
They skip, with the reason, where there is no Chromium or Playwright."""
import shutil
import threading
from datetime import datetime

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class QuietHandler(WSGIRequestHandler):
    def log(self, *args):
        """Requests are not logged: the test output stays readable."""


class LiveServer:
    """The app served by a thread on a fixed loopback port; stop() and start() make a real outage."""

    def __init__(self, app):
        self.app = app
        self.port = None
        self.start()

    def start(self):
        self.server = make_server("127.0.0.1", self.port or 0, self.app, threaded=True, request_handler=QuietHandler)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def live(tmp_path):
    """The app on a SQLite file, served by a thread; yields (base_url, app, server)."""
    if not CHROMIUM:
        pytest.skip("browser tests need Debian's chromium (apt-get install chromium); .ci/run installs it")
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    from app import create_app
    from app.content.sync import sync_content
    from app.extensions import db
    from tests.content.tree import write_tree

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"})
    content, cases = write_tree(tmp_path / "tree")
    with app.app_context():
        db.create_all()
        sync_content(content, cases)
    server = LiveServer(app)
    yield f"http://127.0.0.1:{server.port}", app, server
    server.stop()
    with app.app_context():
        db.engine.dispose()


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p.chromium


@pytest.fixture
def browser(chromium):
    instance = chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield instance
    instance.close()


@pytest.fixture
def restartable(chromium, tmp_path):
    """launch() -> a browser context with a profile on disk, so closing and launching again is a restart."""
    profile = tmp_path / "profile"

    def launch():
        return chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS)
    return launch


def make_trainee_and_exam(app, **exam_overrides):
    from app.extensions import db
    from app.models import Exam
    from tests.exams.conftest import OBJECTIVE
    from tests.factories import PASSWORD, make_user

    with app.app_context():
        user = make_user()
        values = dict(title="浏览器小测", instructions="", blueprint=OBJECTIVE, time_limit_seconds=600, pass_mark=1,
                      shuffle_options=False, shuffle_questions=False, created_at=datetime(2026, 1, 1), published=True)
        values.update(exam_overrides)
        exam = Exam(**values)
        db.session.add(exam)
        db.session.commit()
        return user.email, PASSWORD, exam.id


def sign_in(page, base, email, password):
    page.goto(f"{base}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")
