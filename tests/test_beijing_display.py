"""Every time a person sees is Beijing time in a Chinese format; exports say which zone they use."""
import csv
import io
import pathlib
import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Question, ReviewCard, Role
from app.practice import services
from tests.factories import PASSWORD, make_cohort, make_user

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "app" / "templates"
BOUNDARY = datetime(2026, 11, 22, 23, 30)   # 23:30 UTC is already 23 November, 07:30, in Beijing


def test_no_template_formats_a_raw_time():
    """A raw time would be UTC and in a foreign format: every template goes through |beijing."""
    offenders = [f"{path.relative_to(TEMPLATES)}:{n}" for path in TEMPLATES.rglob("*.html")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "strftime(" in line or "UTC" in line or "isoformat(" in line]
    assert not offenders, offenders


def test_wrong_answer_book_shows_the_next_review_in_beijing_time(client, login_as, content_tree):
    user = login_as()
    q = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    services.answer_question(user.id, q, ["A"], "random", datetime(2026, 11, 22, 23, 0), None)
    card = db.session.scalar(select(ReviewCard))
    card.due = BOUNDARY
    db.session.commit()
    from app.practice import routes
    routes_now = routes._now
    try:
        routes._now = lambda: datetime(2026, 11, 22, 12, 0)
        html = client.get("/practice/book").get_data(as_text=True)
    finally:
        routes._now = routes_now
    assert "11月23日 07:30" in html and "UTC" not in html


def test_exam_not_yet_open_says_beijing_time(client, login_as, content_tree):
    from tests.exams.conftest import make_exam

    exam = make_exam(opens_at=datetime(2099, 11, 22, 23, 30))
    login_as()
    response = client.post(f"/exams/{exam.id}/start", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "2099年11月23日 07:30" in html and "UTC" not in html


def test_exports_label_their_time_columns_and_convert(app, client, login_as, content_tree):
    from tests.exams.conftest import make_exam

    exam = make_exam()
    trainee = make_user(name="考生")
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, members=[trainee])
    trainee_client = app.test_client()
    trainee_client.post("/auth/login", data={"email": trainee.email, "password": PASSWORD})
    attempt_id = int(trainee_client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    from app.models import Attempt
    attempt = db.session.get(Attempt, attempt_id)
    attempt.started_at = BOUNDARY
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/exams/{exam.id}/results.csv").data.decode("utf-8-sig"))))
    assert rows[0][2] == "开始时间（北京时间）" and rows[1][2] == "2026-11-23 07:30"
    cohort_rows = list(csv.reader(io.StringIO(client.get(f"/reports/cohorts/{make_cohort(owner=teacher).id}/export.csv")
                                              .data.decode("utf-8-sig"))))
    assert "最近活动（北京时间）" in cohort_rows[0]
    assert not any(re.search("UTC", h) for h in rows[0] + cohort_rows[0])
