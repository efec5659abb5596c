"""Every route, every role. A route missing from RULES fails the suite: new routes need a rule."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Question

from app.models import Role
from tests.factories import make_cohort, make_exam_attempt, make_import_batch, make_practice_set, make_question_report, make_user

ANON, T, I, A = "anonymous", Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN
LOGIN = "login"  # redirected to the login page

# endpoint -> (method, url with {placeholders}, expected status for anonymous, trainee, instructor, admin)
RULES = {
    "core.home": ("GET", "/", (LOGIN, 200, 200, 200)),
    "core.healthz": ("GET", "/healthz", (200, 200, 200, 200)),
    "core.ping": ("GET", "/ping", (200, 200, 200, 200)),
    "core.readyz": ("GET", "/readyz", (200, 200, 200, 200)),
    "metrics": ("GET", "/metrics", (404, 404, 404, 404)),       # no METRICS_TOKEN set: the route does not exist
    "static": ("GET", "/static/css/app.css", (200, 200, 200, 200)),
    "bootstrap.static": ("GET", "/bootstrap/static/css/bootstrap.min.css", (200, 200, 200, 200)),
    "auth.login": ("GET", "/auth/login", (200, 302, 302, 302)),
    "auth.register": ("GET", "/auth/register", (200, 200, 200, 200)),
    "auth.logout": ("POST", "/auth/logout", (LOGIN, 302, 302, 302)),
    "auth.logout_all": ("POST", "/auth/logout-all", (LOGIN, 302, 302, 302)),
    "auth.change_password": ("GET", "/auth/password", (LOGIN, 200, 200, 200)),
    "recovery.forgot": ("GET", "/auth/forgot", (200, 200, 200, 200)),
    "recovery.reset": ("GET", "/auth/reset/not-a-token", (400, 400, 400, 400)),
    "cohorts.reset_password": ("POST", "/cohorts/members/{member}/reset-password", (LOGIN, 403, 200, 200)),
    "cohorts.invite": ("GET", "/cohorts/invite/NOPE2345", (LOGIN, 404, 404, 404)),
    "cohorts.index": ("GET", "/cohorts/", (LOGIN, 200, 200, 200)),
    "cohorts.create": ("POST", "/cohorts/new", (LOGIN, 403, 400, 400)),
    "cohorts.join": ("POST", "/cohorts/join", (LOGIN, 400, 403, 403)),
    "cohorts.detail": ("GET", "/cohorts/{cohort}", (LOGIN, 403, 200, 200)),
    "cohorts.regenerate_code": ("POST", "/cohorts/{cohort}/code", (LOGIN, 403, 302, 302)),
    "cohorts.remove_member": ("POST", "/cohorts/{cohort}/members/{member}/remove", (LOGIN, 403, 302, 302)),
    "roster.upload": ("GET", "/cohorts/roster", (LOGIN, 403, 200, 200)),
    "roster.template": ("GET", "/cohorts/roster/template.xlsx", (LOGIN, 403, 200, 200)),
    "roster.preview": ("GET", "/cohorts/roster/{roster}", (LOGIN, 403, 404, 404)),
    "roster.confirm": ("POST", "/cohorts/roster/{roster}/confirm", (LOGIN, 403, 404, 404)),
    "roster.slip_xlsx": ("POST", "/cohorts/roster/slip.xlsx", (LOGIN, 403, 400, 400)),
    "content.chapters": ("GET", "/chapters/", (LOGIN, 200, 200, 200)),
    "content.chapter": ("GET", "/chapters/alpha", (LOGIN, 200, 200, 200)),
    "content.mark_read": ("POST", "/chapters/alpha/read?section=alpha-traits", (LOGIN, 404, 404, 404)),
    "content.figure": ("GET", "/figures/traits.svg", (LOGIN, 200, 200, 200)),
    "content.cases": ("GET", "/cases/", (LOGIN, 200, 200, 200)),
    "content.case": ("GET", "/cases/card", (LOGIN, 200, 200, 200)),
    "content.answer_case": ("POST", "/cases/card/case-card-1/answer", (LOGIN, 302, 302, 302)),
    "content.self_score": ("POST", "/cases/card/case-card-1/self-score", (LOGIN, 404, 404, 404)),
    "content.search": ("GET", "/search?q=服务", (LOGIN, 200, 200, 200)),
    "questions.index": ("GET", "/questions/", (LOGIN, 403, 200, 200)),
    "questions.create": ("GET", "/questions/new", (LOGIN, 403, 200, 200)),
    "questions.detail": ("GET", "/questions/{question}", (LOGIN, 403, 200, 200)),
    "questions.edit": ("GET", "/questions/{question}/edit", (LOGIN, 403, 200, 200)),
    "questions.preview": ("POST", "/questions/preview", (LOGIN, 403, 200, 200)),
    "questions.duplicate": ("POST", "/questions/{question}/duplicate", (LOGIN, 403, 302, 302)),
    "questions.set_status": ("POST", "/questions/{question}/status?status=draft", (LOGIN, 403, 400, 400)),
    "questions.bulk": ("POST", "/questions/bulk", (LOGIN, 403, 302, 302)),
    "transfer.upload": ("GET", "/questions/import", (LOGIN, 403, 200, 200)),
    "transfer.review": ("GET", "/questions/import/{batch}", (LOGIN, 403, 404, 200)),
    "transfer.confirm": ("POST", "/questions/import/{batch}/confirm", (LOGIN, 403, 404, 302)),
    "transfer.export": ("GET", "/questions/export?format=md", (LOGIN, 403, 200, 200)),
    "transfer.export_summary": ("GET", "/questions/export/summary?format=aiken", (LOGIN, 403, 200, 200)),
    "transfer.template": ("GET", "/questions/template.xlsx", (LOGIN, 403, 200, 200)),
    "practice.hub": ("GET", "/practice/", (LOGIN, 200, 200, 200)),
    "practice.question": ("GET", "/practice/chapter/alpha", (LOGIN, 200, 200, 200)),
    "practice.start": ("POST", "/practice/chapter/alpha/start", (LOGIN, 302, 302, 302)),
    "practice.set_question": ("GET", "/practice/sets/{pset}/1", (LOGIN, 404, 404, 404)),   # someone else's set
    "practice.summary": ("GET", "/practice/sets/{pset}/summary", (LOGIN, 404, 404, 404)),
    "practice.retry": ("POST", "/practice/sets/{pset}/retry", (LOGIN, 404, 404, 404)),
    "practice.study": ("GET", "/practice/study/alpha", (LOGIN, 200, 200, 200)),
    "practice.book": ("GET", "/practice/book", (LOGIN, 200, 200, 200)),
    "practice.remove": ("POST", "/practice/book/{question}/remove", (LOGIN, 302, 302, 302)),
    "practice.favourites": ("GET", "/practice/favourites", (LOGIN, 200, 200, 200)),
    "practice.notes": ("GET", "/practice/notes", (LOGIN, 200, 200, 200)),
    "practice.favourite": ("POST", "/practice/questions/{question}/favourite", (LOGIN, 302, 302, 302)),
    "practice.note": ("POST", "/practice/questions/{question}/note", (LOGIN, 302, 302, 302)),
    "feedback.report": ("POST", "/feedback/questions/{question}", (LOGIN, 302, 302, 302)),   # no reason: a message
    "feedback.mine": ("GET", "/feedback/mine", (LOGIN, 200, 200, 200)),
    "feedback.queue": ("GET", "/feedback/", (LOGIN, 403, 200, 200)),
    "feedback.resolve": ("POST", "/feedback/{report}/resolve", (LOGIN, 403, 302, 302)),
    "exams.index": ("GET", "/exams/", (LOGIN, 200, 200, 200)),
    "exams.start": ("POST", "/exams/{exam}/start", (LOGIN, 302, 302, 302)),
    "exams.attempt": ("GET", "/exams/attempts/{attempt}", (LOGIN, 404, 404, 404)),
    "exams.result": ("GET", "/exams/attempts/{attempt}/result", (LOGIN, 404, 404, 404)),
    "exam_api.get_state": ("GET", "/api/attempts/{attempt}/state", (LOGIN, 404, 404, 404)),
    "exam_api.save": ("POST", "/api/attempts/{attempt}/answers", (LOGIN, 404, 404, 404)),
    "exam_api.submit": ("POST", "/api/attempts/{attempt}/submit", (LOGIN, 404, 404, 404)),
    "exam_admin.index": ("GET", "/manage/exams/", (LOGIN, 403, 200, 200)),
    "exam_admin.edit": ("GET", "/manage/exams/{exam}/edit", (LOGIN, 403, 403, 200)),   # shared exam, not theirs
    "exam_admin.preview": ("GET", "/manage/exams/{exam}/preview", (LOGIN, 403, 403, 200)),
    "exam_admin.publish": ("POST", "/manage/exams/{exam}/publish", (LOGIN, 403, 403, 302)),
    "exam_admin.results": ("GET", "/manage/exams/{exam}/results", (LOGIN, 403, 200, 200)),
    "exam_admin.extra_time": ("POST", "/manage/exams/{exam}/extra-time", (LOGIN, 403, 302, 302)),
    "exam_admin.regrade": ("POST", "/manage/exams/{exam}/regrade", (LOGIN, 403, 403, 302)),
    "exam_admin.queue": ("GET", "/manage/exams/grading", (LOGIN, 403, 200, 200)),
    "exam_admin.grade": ("GET", "/manage/exams/grading/{item}", (LOGIN, 403, 404, 404)),
    "progress.index": ("GET", "/progress/", (LOGIN, 200, 200, 200)),
    "progress.set_goal": ("POST", "/progress/goal", (LOGIN, 302, 302, 302)),
    "progress.chart": ("GET", "/progress/chart.svg", (LOGIN, 200, 200, 200)),
    "reports.index": ("GET", "/reports/", (LOGIN, 403, 200, 200)),
    "reports.cohort": ("GET", "/reports/cohorts/{cohort}", (LOGIN, 403, 200, 200)),
    "reports.export_cohort": ("GET", "/reports/cohorts/{cohort}/export.csv", (LOGIN, 403, 200, 200)),
    "reports.export_results": ("GET", "/reports/exams/{exam}/results.csv", (LOGIN, 403, 200, 200)),
    "reports.exam_histogram": ("GET", "/reports/exams/{exam}/histogram.svg", (LOGIN, 403, 200, 200)),
    "reports.attempt_paper": ("GET", "/reports/attempts/{attempt}", (LOGIN, 403, 200, 200)),
    "reports.trainee": ("GET", "/reports/trainees/{member}", (LOGIN, 403, 200, 200)),
    "reports.trainee_chart": ("GET", "/reports/trainees/{member}/chart.svg", (LOGIN, 403, 200, 200)),
    "reports.bank_items": ("GET", "/reports/items", (LOGIN, 403, 200, 200)),
    "reports.exam_items": ("GET", "/reports/exams/{exam}/items", (LOGIN, 403, 200, 200)),
    "admin.users": ("GET", "/admin/users", (LOGIN, 403, 403, 200)),
    "admin.audit_log": ("GET", "/admin/audit", (LOGIN, 403, 403, 200)),
    "admin.export_audit_log": ("GET", "/admin/audit.xlsx", (LOGIN, 403, 403, 200)),
    "admin.edit_user": ("GET", "/admin/users/{member}", (LOGIN, 403, 403, 200)),
}
ROLES = [ANON, T, I, A]


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - RULES.keys()
    assert not missing, f"routes without an access rule in tests/test_access.py: {sorted(missing)}"
    assert not RULES.keys() - endpoints, "rules for routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(RULES))
@pytest.mark.parametrize("role_index", range(4), ids=[str(getattr(r, "value", r)) for r in ROLES])
def test_route_access(app, client, login_as, content_tree, endpoint, role_index):
    method, url, expected = RULES[endpoint]
    role = ROLES[role_index]
    user = login_as(role) if role != ANON else None
    owner = user if role == I else make_user(role=I)
    member = make_user()
    cohort = make_cohort(owner=owner, members=[member])
    question = db.session.scalar(select(Question.id).where(Question.uid == "alpha-001"))
    batch = make_import_batch(owner=make_user(role=I))
    exam, attempt = make_exam_attempt(owner=make_user(role=I), trainee=member)
    roster = make_roster_batch(owner=make_user(role=I))
    pset = make_practice_set(member, question)
    report = make_question_report(member, question)
    ids = dict(cohort=cohort.id, roster=roster.id, member=member.id, question=question, batch=batch.id, exam=exam.id, attempt=attempt.id,
               item=attempt.items[0].id, pset=pset.id, report=report.id)
    response = client.open(url.format(**ids), method=method)
    response.close()
    want = expected[role_index]
    if want == LOGIN:
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == want, response.get_data(as_text=True)[:500]


def make_roster_batch(owner):
    """A checked roster of someone else's: nobody but its uploader may open or confirm it."""
    from datetime import datetime

    from app.models import RosterBatch

    batch = RosterBatch(user_id=owner.id, filename="名单.xlsx", rows=[], problems=[], created_at=datetime(2026, 1, 1))
    db.session.add(batch)
    db.session.commit()
    return batch


def test_instructor_cannot_see_another_instructors_cohort(client, login_as):
    login_as(I)
    cohort = make_cohort()
    assert client.get(f"/cohorts/{cohort.id}").status_code == 404
    assert client.post(f"/cohorts/{cohort.id}/code").status_code == 404


def test_trainee_opening_admin_page_gets_chinese_403(client, login_as):
    login_as(T)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "没有权限" in response.get_data(as_text=True)


# ---- bad input in query strings and forms (issue 14, item 10): a clear answer, never a 500 ----

QUERY_NAMES = ["page", "difficulty", "seed", "i", "sort", "order", "chapter", "flagged", "type", "topic", "status", "q",
               "format", "role", "section", "next", "shown_at", "question_id", "action", "pool", "v", "show"]
JUNK = ["99999999999999999999", "9223372036854775808", "-9223372036854775809", "-1", "0", "abc", "1.5", "1e999", "", "%00"]


def test_query_names_cover_every_query_parameter_the_app_reads():
    """The walk below sends junk in every parameter a view reads; a new parameter must join the list."""
    import pathlib
    import re

    read = set()
    for path in pathlib.Path("app").rglob("*.py"):
        read |= set(re.findall(r"args\.get\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")))
    assert read and read <= set(QUERY_NAMES), sorted(read - set(QUERY_NAMES))


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("role", [T, A], ids=["trainee", "admin"])
def test_every_get_route_survives_junk_query_values(app, client, login_as, content_tree, junk, role):
    user = login_as(role)
    member = make_user()
    cohort = make_cohort(owner=user if role == A else make_user(role=I), members=[member])
    question = db.session.scalar(select(Question.id).where(Question.uid == "alpha-001"))
    batch = make_import_batch(owner=user)
    exam, attempt = make_exam_attempt(owner=user, trainee=user)
    ids = dict(cohort=cohort.id, member=member.id, question=question, batch=batch.id, exam=exam.id, attempt=attempt.id,
               item=attempt.items[0].id, roster=make_roster_batch(owner=user).id, pset=make_practice_set(user, question).id,
               report=make_question_report(user, question).id)
    query = "&".join(f"{name}={junk}" for name in QUERY_NAMES)
    walked = 0
    for rule in app.url_map.iter_rules():
        method, url, _ = RULES[rule.endpoint]
        if method != "GET" or rule.endpoint in ("static", "bootstrap.static"):
            continue
        response = client.get(url.format(**ids) + ("&" if "?" in url else "?") + query)
        response.close()
        assert response.status_code < 500, (rule.endpoint, junk, response.get_data(as_text=True)[:300])
        walked += 1
    assert walked > 30


@pytest.mark.parametrize("position", ["99999999999999999999", "-99999999999999999999", 2**63, -(2**63) - 1, "x", None, 1e308])
def test_autosave_with_a_position_beyond_64_bits_is_refused(client, login_as, content_tree, position):
    user = login_as(T)
    _, attempt = make_exam_attempt(owner=make_user(role=I), trainee=user)
    response = client.post(f"/api/attempts/{attempt.id}/answers", json={"seq": 1, "position": position, "values": ["A"]})
    assert response.status_code == 400 and response.get_json()["error"]
    response = client.post(f"/api/attempts/{attempt.id}/answers",
                           json={"answers": [{"position": 0, "values": ["A"], "edited_at": 2**70}]})
    assert response.status_code in (200, 400)
    body = response.get_json()
    assert body.get("error") or body["acks"][0]["result"] == "rejected"


@pytest.mark.parametrize("number", ["99999999999999999999", "9223372036854775808", "-5"])
def test_form_numbers_beyond_64_bits_are_refused(client, login_as, content_tree, number):
    login_as(T)
    first = client.post("/practice/chapter/alpha/start", data={"size": number}).status_code
    assert first in (200, 302)                                     # an unknown size is refused in Chinese
    location = client.post("/practice/chapter/alpha/start", data={"size": "10"}).headers["Location"]
    assert client.post(location.rsplit("/", 1)[0] + "/" + number.lstrip("-"), data={"answer": "A"}).status_code == 404
    response = client.post(location, data={"answer": "A", "shown_at": number})
    assert response.status_code == 200
    client.post("/auth/logout")
    login_as(I)
    response = client.post("/questions/bulk", data={"ids": [number], "action": "retire"})
    assert response.status_code == 302


def test_a_nul_byte_in_a_query_or_form_is_refused_in_chinese(client, login_as, content_tree):
    """PostgreSQL cannot store or compare text with NUL: one guard answers it before any view runs."""
    login_as(A)
    for url in ("/admin/users?q=%00", "/questions/?q=a%00b", "/search?q=%00"):
        response = client.get(url)
        assert response.status_code == 400 and "控制字符" in response.get_data(as_text=True), url
    response = client.post("/cohorts/new", data={"name": "班\x00级"})
    assert response.status_code == 400 and "控制字符" in response.get_data(as_text=True)
