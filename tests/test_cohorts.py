from sqlalchemy import select

from app.extensions import db
from app.models import Cohort, CohortMember, Role
from tests.factories import make_cohort, make_user


def test_instructor_creates_cohort_with_invite_code(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    response = client.post("/cohorts/new", data={"name": "2026 秋季一班"})
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort))
    assert cohort.owner_id == teacher.id and len(cohort.invite_code) == 8
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert cohort.invite_code in page


def test_empty_cohort_name_is_refused(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = client.post("/cohorts/new", data={"name": "  "})
    assert response.status_code == 400
    assert "请填写班级名称" in response.get_data(as_text=True)
    assert db.session.scalar(select(Cohort)) is None


def test_trainee_joins_with_code_once(client, login_as):
    trainee = login_as(Role.TRAINEE)
    cohort = make_cohort(name="周末班")
    response = client.post("/cohorts/join", data={"code": cohort.invite_code.lower()})
    assert response.status_code == 302
    assert "周末班" in client.get("/cohorts/").get_data(as_text=True)
    again = client.post("/cohorts/join", data={"code": cohort.invite_code})
    assert again.status_code == 400 and "已经在班级" in again.get_data(as_text=True)
    members = db.session.scalars(select(CohortMember).where(CohortMember.user_id == trainee.id)).all()
    assert len(members) == 1


def test_wrong_invite_code_is_explained(client, login_as):
    login_as(Role.TRAINEE)
    response = client.post("/cohorts/join", data={"code": "NOPE1234"})
    assert response.status_code == 400
    assert "邀请码无效" in response.get_data(as_text=True)


def test_regenerated_code_replaces_old_one(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher)
    old = cohort.invite_code
    client.post(f"/cohorts/{cohort.id}/code")
    db.session.refresh(cohort)
    assert cohort.invite_code != old


def test_owner_removes_member(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    trainee = make_user()
    cohort = make_cohort(owner=teacher, members=[trainee])
    client.post(f"/cohorts/{cohort.id}/members/{trainee.id}/remove")
    assert db.session.scalar(select(CohortMember)) is None


def test_trainee_sees_only_own_cohorts(client, login_as):
    trainee = login_as(Role.TRAINEE)
    make_cohort(name="我的班", members=[trainee])
    make_cohort(name="别人的班")
    page = client.get("/cohorts/").get_data(as_text=True)
    assert "我的班" in page and "别人的班" not in page
