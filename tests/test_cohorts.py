import re

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


def test_cohort_page_shows_a_printable_qr_code_of_the_invite_link(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    link = f"http://localhost/cohorts/invite/{cohort.invite_code}"
    assert link in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<path" in svg and "<script" not in page.split("</main>")[0]


def test_qr_code_follows_a_new_invite_code(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher)
    before = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    client.post(f"/cohorts/{cohort.id}/code")
    after = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    db.session.refresh(cohort)
    assert f"/cohorts/invite/{cohort.invite_code}" in after
    assert before[before.index("<svg"):before.index("</svg>")] != after[after.index("<svg"):after.index("</svg>")]


def test_invite_link_brings_a_signed_out_trainee_through_login_to_the_cohort(client):
    from tests.factories import PASSWORD

    trainee = make_user()
    cohort = make_cohort(name="扫码班")
    response = client.get(f"/cohorts/invite/{cohort.invite_code.lower()}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login = client.post(response.headers["Location"], data={"email": trainee.email, "password": PASSWORD})
    assert login.headers["Location"] == f"/cohorts/invite/{cohort.invite_code.lower()}"
    page = client.get(login.headers["Location"]).get_data(as_text=True)
    assert "扫码班" in page and "加入班级" in page
    assert client.post("/cohorts/join", data={"code": cohort.invite_code}).status_code == 302
    assert [c.id for c in db.session.get(type(trainee), trainee.id).cohorts] == [cohort.id]


def test_invite_link_with_a_wrong_code_is_a_chinese_404(client, login_as):
    login_as(Role.TRAINEE)
    response = client.get("/cohorts/invite/NOPE1234")
    assert response.status_code == 404 and "邀请码无效" in response.get_data(as_text=True)
    assert client.get("/cohorts/invite/" + "A" * 300).status_code == 404


def test_a_new_trainee_registers_from_the_invite_link_and_comes_back_to_it(client):
    cohort = make_cohort(name="新班")
    login_page = client.get(client.get(f"/cohorts/invite/{cohort.invite_code}").headers["Location"]).get_data(as_text=True)
    register_url = re.search(r'href="(/auth/register\?next=[^"]*)"', login_page).group(1).replace("&amp;", "&")
    response = client.post(register_url, data={"name": "新学员", "email": "new@example.com", "password": "Service-Star-9",
                                               "confirm": "Service-Star-9"})
    assert response.headers["Location"] == f"/cohorts/invite/{cohort.invite_code}"
    evil = client.post("/auth/register?next=https://evil.example/", data={"name": "乙", "email": "b@example.com",
                                                                         "password": "Service-Star-9", "confirm": "Service-Star-9"})
    assert evil.headers["Location"] == "/"
