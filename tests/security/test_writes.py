"""CSRF on every write, and hostile uploads: a clear error and nothing written."""
import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import ImportBatch, Question, Role
from tests.test_access import RULES

def write_routes() -> list[str]:
    """Every endpoint that accepts POST, from the app itself: a new write route is covered automatically."""
    from app import create_app

    return sorted({rule.endpoint for rule in create_app("testing").url_map.iter_rules() if "POST" in rule.methods})


POST_ROUTES = write_routes()


def test_every_write_route_is_covered():
    assert len(POST_ROUTES) >= 30 and set(POST_ROUTES) <= set(RULES)


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_write_without_csrf_token_is_refused(client, login_as, content_tree, endpoint):
    login_as(Role.ADMIN)
    url = RULES[endpoint][1].split("?")[0].format(cohort=1, member=1, question=1, batch=1, exam=1, attempt=1, item=1, roster=1,
                                                      pset=1, report=1)
    response = client.post(url, data={"x": "1"}, csrf=False)
    assert response.status_code == 400, (endpoint, response.status_code)
    assert "安全令牌" in response.get_data(as_text=True) or "CSRF" in response.get_data(as_text=True)


def test_json_write_without_token_is_refused_with_json(client, login_as, content_tree):
    login_as()
    response = client.post("/api/attempts/1/answers", json={"seq": 1, "position": 0, "values": ["A"]}, csrf=False)
    assert response.status_code == 400 and "安全令牌" in response.json["message"]


def upload(client, data: bytes, name: str):
    return client.post("/questions/import", data={"file": (io.BytesIO(data), name), "format": ""}, content_type="multipart/form-data")


def counts():
    return (db.session.scalar(select(func.count()).select_from(Question)),
            db.session.scalar(select(func.count()).select_from(ImportBatch)))


def test_huge_upload_is_413_and_writes_nothing(app, client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    before = counts()
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = upload(client, b"x" * (200 * 1024), "bank.gift")
    assert response.status_code == 413 and "文件太大" in response.get_data(as_text=True)
    assert counts() == before


def test_xml_entity_expansion_is_refused(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    bomb = b"""<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><quiz><question type="truefalse"><name><text>&c;</text></name>
    <questiontext><text>&c;</text></questiontext><answer fraction="100"><text>true</text></answer></question></quiz>"""
    before = counts()
    review = client.get(upload(client, bomb, "bomb.xml").headers["Location"]).get_data(as_text=True)
    assert "实体" in review and "确认导入" not in review
    assert counts()[0] == before[0]


def test_broken_xlsx_is_refused(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    for data in (b"PK\x03\x04 not really a zip", good.getvalue()[:30], b"plain text pretending"):
        response = upload(client, data, "bank.xlsx")
        review = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "无法读取 Excel 文件" in review and "确认导入" not in review
    assert db.session.scalar(select(func.count()).select_from(Question).where(Question.origin == "import")) == 0
