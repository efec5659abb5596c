"""At least 50 payloads through every place a user types text or Markdown: stored, then rendered inert."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Question, Role
from tests.factories import PASSWORD, make_cohort, make_user
from tests.security.dom import problems_in
from tests.security.payloads import PAYLOADS


def test_there_are_at_least_50_payloads():
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)


def test_the_checker_catches_what_it_should():
    assert problems_in('<img src=x onerror="alert(1)">') and problems_in("<script>alert(1)</script>")
    assert problems_in('<a href="javascript:alert(1)">x</a>') and problems_in("<svg></svg>")
    assert problems_in('<p style="color:red">x</p>') and not problems_in("<p>&lt;script&gt;</p>")


def pages(app, payload):
    """Store the payload everywhere, then yield every page that shows it."""
    teacher = make_user(role=Role.INSTRUCTOR, name=payload[:80])
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher.email, "password": PASSWORD})
    response = staff.post("/questions/new", data={
        "type": "single", "uid": "", "stem": "题干 " + payload, "options": f"甲 {payload}\n乙\n丙\n丁", "answer": "A",
        "explanation": "解析 " + payload, "section": "alpha-traits", "topics": ["service-basics"], "difficulty": "2",
        "status": "published", "scoring": "all", "points": "", "source": payload[:150]})
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    question = db.session.scalar(select(Question).where(Question.origin == "web"))
    staff.post("/cohorts/new", data={"name": payload[:80]})
    trainee = make_user(name=payload[:80])
    make_cohort(owner=teacher, members=[trainee])
    learner = app.test_client()
    learner.post("/auth/login", data={"email": trainee.email, "password": PASSWORD})
    learner.post(f"/practice/questions/{question.id}/note", data={"text": payload})
    learner.post(f"/practice/questions/{question.id}/favourite")
    learner.post("/cases/card/case-card-1/answer", data={"text": "我的分析：" + payload})
    admin = make_user(role=Role.ADMIN)
    boss = app.test_client()
    boss.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    yield "question detail", staff.get(f"/questions/{question.id}")
    yield "question edit", staff.get(f"/questions/{question.id}/edit")
    yield "question preview", staff.post("/questions/preview", data={"type": "single", "stem": payload, "options": "甲\n乙",
                                                                      "answer": "A", "explanation": payload, "section": "alpha-traits"})
    yield "bank list", staff.get("/questions/?q=题干")
    yield "cohorts", staff.get("/cohorts/")
    first = learner.post("/practice/favourites/all/start", data={"size": "10"}).headers["Location"]   # only this question
    yield "practice", learner.get(first)
    yield "practice feedback", learner.post(first, data={"answer": "A"})
    yield "practice summary", learner.get(first.rsplit("/", 1)[0] + "/summary")
    yield "favourites", learner.get("/practice/favourites")
    yield "case page", learner.get("/cases/card")
    yield "search", learner.get("/search", query_string={"q": payload})
    yield "admin users", boss.get("/admin/users")
    yield "cohort report", staff.get("/reports/")


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payload_is_stored_and_rendered_inert(app, content_tree, payload):
    for name, response in pages(app, payload):
        html = response.get_data(as_text=True)
        assert response.status_code in (200, 400), (name, response.status_code)
        assert problems_in(html) == [], (name, payload, problems_in(html))



def test_template_syntax_in_user_text_is_shown_not_evaluated(app, content_tree):
    payload = "{{ config }}{% raw %}{{ 7*7 }}"
    for name, response in pages(app, payload):
        html = response.get_data(as_text=True)
        assert "SECRET_KEY" not in html and "test-only-secret" not in html, name
    question_page = dict(pages(app, "{{ 7*7 }}"))["question detail"].get_data(as_text=True)
    assert "{{ 7*7 }}" in question_page
