"""The audit log: account, role and cohort changes record who, what and when; admins read and export it."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from tests.factories import make_cohort, make_user


def events(action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def test_role_change_and_deactivation_are_recorded(client, login_as):
    admin = login_as(Role.ADMIN)
    user = make_user(email="li@example.com")
    client.post(f"/admin/users/{user.id}", data={"role": "instructor"})
    recorded = events()
    assert {e.action for e in recorded} >= {"user.role", "user.deactivate"}
    role = events("user.role")[0]
    assert role.actor_id == admin.id and "li@example.com" in role.target and "学员 → 讲师" in role.detail


def test_a_refused_change_records_nothing(client, login_as):
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{admin.id}", data={"role": "trainee", "active": "y"})
    assert events() == []


def test_cohort_actions_are_recorded(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    client.post("/cohorts/new", data={"name": "春季班"})
    cohort = make_cohort(owner=teacher, members=[make_user(email="out@example.com")])
    client.post(f"/cohorts/{cohort.id}/code")
    member = cohort.members[0].user_id
    client.post(f"/cohorts/{cohort.id}/members/{member}/remove")
    assert [e.action for e in events()] == ["cohort.create", "cohort.code", "cohort.remove"]
    assert "out@example.com" in events("cohort.remove")[0].target


def test_admin_reads_the_log_in_beijing_time_and_filters_it(client, login_as):
    login_as(Role.ADMIN)
    user = make_user(email="li@example.com")
    client.post(f"/admin/users/{user.id}", data={"role": "instructor", "active": "y"})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "修改角色" in page and "li@example.com" in page and "年" in page
    assert "li@example.com" not in client.get("/admin/audit?action=cohort.create").get_data(as_text=True)


def test_admin_exports_the_log(client, login_as):
    login_as(Role.ADMIN)
    user = make_user(email="=cmd@example.com")
    client.post(f"/admin/users/{user.id}", data={"role": "instructor", "active": "y"})
    response = client.get("/admin/audit.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("时间（北京时间）", "操作人", "操作", "对象")
    assert rows[1][2] == "修改角色" and "cmd@example.com" in rows[1][3]
    csv = client.get("/admin/audit.csv")
    assert csv.status_code == 200 and "修改角色" in csv.data.decode("utf-8-sig")
    assert client.get("/admin/audit.pdf").status_code == 404


def test_only_admins_read_the_log(client, login_as):
    login_as(Role.INSTRUCTOR)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403


def test_page_number_past_the_end_is_harmless(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/audit?page=99999999999999999999").status_code == 200


def test_own_password_change_and_sign_out_everywhere_are_recorded(client, login_as):
    from tests.factories import PASSWORD

    user = login_as()
    client.post("/auth/password", data={"current": PASSWORD, "password": "New-Secret-77", "confirm": "New-Secret-77"})
    client.post("/auth/logout-all")
    assert [(e.action, e.actor_id) for e in events()] == [("user.password_change", user.id), ("user.logout_all", user.id)]
