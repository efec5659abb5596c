"""Every route of the access matrix, every role, fed what browsers and scripts get wrong: the answer is
never a 500 and never a sentence of English (framework defaults included)."""
import pytest

from app.models import Role
from tests.browser.pages import make_people_and_data
from tests.security.visible_text import english_words, visible_text
from tests.test_access import ANON, RULES, ROLES

WRONG_METHODS = {"GET": ("POST", "PUT", "DELETE", "PATCH"), "POST": ("GET", "PUT", "DELETE")}


def hostile_requests(method: str, url: str):
    """(label, keyword arguments for client.open) for one route."""
    for wrong in WRONG_METHODS[method]:
        yield f"method {wrong}", dict(method=wrong)
    yield "oversized body", dict(method="POST", data={"x": "y" * 4096})
    yield "no CSRF token", dict(method="POST", data={"x": "1"}, csrf=False)
    yield "forged CSRF token", dict(method="POST", data={"x": "1"}, headers={"X-CSRFToken": "forged"})
    yield "malformed JSON", dict(method="POST", data="{not json", content_type="application/json")
    yield "JSON list", dict(method="POST", data="[1, 2]", content_type="application/json")
    yield "JSON accept", dict(method="POST", data={"x": "1"}, csrf=False, headers={"Accept": "application/json"})


def sign_in(client, data, role):
    if role != ANON:
        response = client.post("/auth/login", data={"email": data["emails"][role], "password": data["password"]})
        assert response.status_code == 302


@pytest.mark.parametrize("role", ROLES, ids=[str(getattr(r, "value", r)) for r in ROLES])
def test_hostile_requests_get_chinese_answers_on_every_route(app, client, content_tree, role):
    data = make_people_and_data(app)
    sign_in(client, data, role)
    app.config["MAX_CONTENT_LENGTH"] = 2048
    failures = []
    for endpoint, (method, url, _) in sorted(RULES.items()):
        url = url.format(**data["ids"])
        for label, request in hostile_requests(method, url):
            response = client.open(url, **request)
            response.close()
            if response.status_code >= 500:
                failures.append((endpoint, label, response.status_code, response.get_data(as_text=True)[:200]))
            elif response.status_code >= 400 and english_words(visible_text(response)):
                failures.append((endpoint, label, response.status_code, english_words(visible_text(response))[:12]))
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("body", ["[1, 2]", "3", '"text"', "null", "true"])
def test_a_json_body_that_is_not_an_object_is_refused_in_chinese(client, login_as, body):
    """Flask-WTF reads a JSON body as the form's data; anything but an object used to be a 500."""
    for url in ("/auth/login", "/auth/register", "/auth/forgot"):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
        assert "格式" in response.get_json()["message"]
    login_as(Role.ADMIN)
    response = client.post("/cohorts/new", data=body, content_type="application/json")
    assert response.status_code == 400 and not english_words(visible_text(response))


def test_a_nul_byte_anywhere_in_a_write_is_refused_before_any_view(client, login_as, content_tree):
    """The NUL guard read only the first value of each field: a repeated field, a JSON value or an
    upload's name carried NUL past it (PostgreSQL refuses such text: a 500 there)."""
    import io

    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Cohort, ImportBatch

    login_as(Role.ADMIN)
    writes = [dict(path="/cohorts/new", data={"name": ["好班级", "坏\x00班级"]}),
              dict(path="/cohorts/new", json={"name": "坏\x00班级"}),
              dict(path="/questions/import", content_type="multipart/form-data",
                   data={"file": (io.BytesIO(b"::q1:: 1+1=2 {T}"), "a\x00.gift"), "format": "gift"})]
    for write in writes:
        response = client.post(**write)
        assert response.status_code == 400 and "控制字符" in visible_text(response), write["path"]
    assert db.session.scalar(select(func.count()).select_from(Cohort)) == 0
    assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


@pytest.mark.parametrize("role", ROLES[1:], ids=["trainee", "instructor", "admin"])
def test_forms_leave_validation_messages_to_the_server(app, client, content_tree, role):
    """A `required` or `min` the browser checks is explained in the browser's language ("Please fill out
    this field."), whatever the page's lang: every form that carries one says novalidate, and the server answers."""
    import re

    from tests.browser.pages import pages_for

    data = make_people_and_data(app)
    sign_in(client, data, role)
    constrained = re.compile(r"<(input|textarea|select)\b[^>]*\s(required|min=|max=|pattern=|type=\"(email|number|url)\")", re.S)
    failures = []
    for url in pages_for(role, data):
        page = client.get(url).get_data(as_text=True)
        for form in re.findall(r"<form\b[^>]*>.*?</form>", page, re.S):
            if constrained.search(form) and "novalidate" not in form[:form.index(">")]:
                failures.append((url, form[:form.index(">") + 1]))
    assert not failures, "\n".join(map(str, failures))
