from app.extensions import db
from app.models import Role
from tests.factories import make_cohort, make_user


def test_admin_searches_users(client, login_as):
    login_as(Role.ADMIN)
    make_user(email="wang.li@example.com", name="王丽")
    make_user(email="other@example.com", name="赵强")
    page = client.get("/admin/users?q=王").get_data(as_text=True)
    assert "wang.li@example.com" in page and "other@example.com" not in page
    page = client.get("/admin/users?role=instructor").get_data(as_text=True)
    assert "wang.li@example.com" not in page


def test_admin_changes_role_and_cohorts(client, login_as):
    login_as(Role.ADMIN)
    user = make_user()
    cohort = make_cohort()
    response = client.post(f"/admin/users/{user.id}", data={"role": "instructor", "active": "y", "cohorts": [cohort.id]})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role == "instructor" and [c.id for c in user.cohorts] == [cohort.id]


def test_admin_cannot_demote_self(client, login_as):
    admin = login_as(Role.ADMIN)
    response = client.post(f"/admin/users/{admin.id}", data={"role": "trainee", "active": "y"})
    assert response.status_code == 400
    assert "不能取消自己的管理员身份" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_invalid_role_is_refused(client, login_as):
    login_as(Role.ADMIN)
    user = make_user()
    response = client.post(f"/admin/users/{user.id}", data={"role": "superuser", "active": "y"})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.role == "trainee"


def test_deactivating_signs_user_out(app, client, login_as):
    from tests.factories import PASSWORD
    login_as(Role.ADMIN)
    user = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/").status_code == 200
    client.post(f"/admin/users/{user.id}", data={"role": "trainee"})
    assert other.get("/").status_code == 302


def test_unknown_user_is_404(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/users/99999").status_code == 404
