"""Downloads whose cohort or exam name is hostile to Excel or to a file name (issue 14, item 12)."""
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from app.models import Role
from app.reports.exports import content_disposition, sheet_title
from tests.factories import make_cohort

HOSTILE = ["2026/春季班", "a:b", "[班]", "星*号?", "反\\斜杠", "'引号'", "/:[]*?\\", "很长的班级名称" * 8, ""]


@pytest.mark.parametrize("name", HOSTILE)
def test_sheet_title_is_one_excel_accepts(name):
    from openpyxl import Workbook

    title = sheet_title(name)
    assert 0 < len(title) <= 31 and not set(title) & set("/:[]*?\\") and title[0] != "'" and title[-1] != "'"
    Workbook().active.title = title        # openpyxl raises on a title Excel would refuse


@pytest.mark.parametrize("name", HOSTILE)
def test_content_disposition_names_the_file_safely(name):
    header = content_disposition(name, "xlsx")
    fallback, encoded = header.split("; ")[1:]
    assert fallback.startswith('filename="') and fallback.isascii() and not set(fallback[10:-1]) & set('/\\"')
    assert encoded.startswith("filename*=UTF-8''") and "/" not in encoded and "\\" not in encoded
    assert unquote(encoded.removeprefix("filename*=UTF-8''")).endswith(".xlsx")


def test_cohort_named_with_slashes_exports_to_excel_and_csv(client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher, name="2026/春季班 [A]:*?\\")
    response = client.get(f"/reports/cohorts/{cohort.id}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.active.title == "班级进度-2026_春季班 _A_____"
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition and "/" not in disposition.split("filename*=")[1]
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert name == "班级进度-2026_春季班 [A]____.xlsx"
    assert client.get(f"/reports/cohorts/{cohort.id}/export.csv").status_code == 200


def test_exam_titled_with_slashes_exports_to_excel(client, login_as, content_tree):
    from tests.exams.conftest import make_exam

    login_as(Role.ADMIN)
    exam = make_exam(title="2026/春季班 期中:模拟[一]*?\\")
    response = client.get(f"/reports/exams/{exam.id}/results.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.data)).worksheets[0].title.startswith("成绩-2026")


def test_a_name_with_a_control_character_still_exports_to_excel(app, client, login_as, content_tree):
    """A name pasted from Word can hold a vertical tab; openpyxl refuses such a cell, which was a 500.
    The registration form takes it, so every export that writes names must cope."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User

    registered = client.post("/auth/register", data={"name": "=张\x0b三", "email": "zs@example.com",
                                                     "password": "Kefu-Guanli-2026", "confirm": "Kefu-Guanli-2026"})
    assert registered.status_code == 302
    client.post("/auth/logout")
    teacher = login_as(Role.INSTRUCTOR)
    trainee = db.session.scalar(select(User).where(User.email == "zs@example.com"))
    cohort = make_cohort(owner=teacher, members=[trainee])
    response = client.get(f"/reports/cohorts/{cohort.id}/export.xlsx")
    assert response.status_code == 200
    names = [row[0] for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(min_row=2, values_only=True)]
    assert "'=张三" in names
    client.post("/auth/logout")
    login_as(Role.ADMIN)
    assert client.get("/admin/audit.xlsx").status_code == 200
