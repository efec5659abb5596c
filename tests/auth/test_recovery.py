"""Password recovery: staff reset (temporary password, shown once), self-service by e-mail, the CLI."""
import re

import pytest
from sqlalchemy import select

from app.auth.passwords import verify_password
from app.extensions import db, mail
from app.models import AuditEvent, Role, User
from tests.factories import PASSWORD, make_cohort, make_user


def temporary_password(response) -> str:
    return re.search(r'<code class="temp-password">([^<]+)</code>', response.get_data(as_text=True)).group(1)


def test_instructor_resets_own_trainee_and_old_sessions_end(app, client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    trainee = make_user()
    make_cohort(owner=teacher, members=[trainee])
    phone = app.test_client()
    phone.post("/auth/login", data={"email": trainee.email, "password": PASSWORD})
    response = client.post(f"/cohorts/members/{trainee.id}/reset-password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    temp = temporary_password(response)
    db.session.refresh(trainee)
    assert verify_password(trainee.password_hash, temp) and trainee.must_change_password
    assert phone.get("/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/auth/login", data={"email": trainee.email, "password": PASSWORD}).status_code == 400
    fresh.post("/auth/login", data={"email": trainee.email, "password": temp})
    assert "/auth/password" in fresh.get("/exams/").headers["Location"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_reset"))
    assert event.actor_id == teacher.id and temp not in event.detail


@pytest.mark.parametrize("victim", ["other cohort", "instructor", "no cohort"])
def test_instructor_cannot_reset_anyone_else(client, login_as, victim):
    login_as(Role.INSTRUCTOR)
    target = make_user(role=Role.INSTRUCTOR if victim == "instructor" else Role.TRAINEE)
    if victim == "other cohort":
        make_cohort(members=[target])
    before = target.password_hash
    assert client.post(f"/cohorts/members/{target.id}/reset-password").status_code == 404
    db.session.refresh(target)
    assert target.password_hash == before


def test_admin_resets_anyone_but_not_through_a_get(client, login_as):
    login_as(Role.ADMIN)
    target = make_user(role=Role.INSTRUCTOR)
    assert client.get(f"/cohorts/members/{target.id}/reset-password").status_code == 405
    assert client.post(f"/cohorts/members/{target.id}/reset-password", csrf=False).status_code == 400
    assert client.post(f"/cohorts/members/{target.id}/reset-password").status_code == 200
    assert client.post("/cohorts/members/99999999999999999999/reset-password").status_code == 404


def test_login_page_says_ask_the_instructor_without_smtp(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert "请联系讲师或管理员重置密码" in page and "/auth/forgot" not in page
    assert "请联系讲师或管理员" in client.get("/auth/forgot").get_data(as_text=True)


@pytest.fixture
def smtp(app):
    app.config.update(MAIL_SERVER="smtp.example.com", MAIL_DEFAULT_SENDER="noreply@example.com")
    with mail.record_messages() as outbox:
        yield outbox


def reset_link(outbox) -> str:
    return re.search(r"http://localhost(/auth/reset/\S+)", outbox[-1].body).group(1)


def test_self_service_reset_by_email_works_once(app, client, smtp):
    user = make_user(email="li@example.com")
    assert "/auth/forgot" in client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/forgot", data={"email": "LI@example.com"})
    assert response.status_code == 200 and "如果该邮箱已注册" in response.get_data(as_text=True)
    assert len(smtp) == 1 and smtp[0].recipients == ["li@example.com"]
    link = reset_link(smtp)
    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "Brand-New-Pass-8", "confirm": "Brand-New-Pass-8"})
    assert done.status_code == 302
    again = client.post(link, data={"password": "Other-New-Pass-9", "confirm": "Other-New-Pass-9"})
    assert again.status_code == 400 and "链接已失效" in again.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, "Brand-New-Pass-8")


def test_unknown_email_gets_the_same_answer_and_no_mail(client, smtp):
    response = client.post("/auth/forgot", data={"email": "ghost@example.com"})
    assert response.status_code == 200 and "如果该邮箱已注册" in response.get_data(as_text=True)
    assert smtp == []


def test_forged_or_tampered_reset_link_is_refused(client, smtp):
    make_user(email="li@example.com")
    client.post("/auth/forgot", data={"email": "li@example.com"})
    link = reset_link(smtp)
    assert client.get(link[:-3] + "abc").status_code == 400
    assert client.get("/auth/reset/nonsense").status_code == 400


def test_reset_requests_are_throttled(client, smtp):
    make_user(email="li@example.com")
    statuses = [client.post("/auth/forgot", data={"email": "li@example.com"}).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429 and len(smtp) == 5


def test_cli_reset_password_by_phone(runner):
    user = make_user(phone="13800138000")
    result = runner.invoke(args=["users", "reset-password", "+86 138 0013 8000"])
    assert result.exit_code == 0, result.output
    temp = re.search(r"临时密码：(\S+)", result.output).group(1)
    db.session.refresh(user)
    assert verify_password(user.password_hash, temp) and user.must_change_password
    assert runner.invoke(args=["users", "reset-password", "nobody@example.com"]).exit_code != 0


def test_api_is_closed_until_the_password_is_changed(client, login_as):
    login_as(must_change_password=True)
    response = client.post("/api/attempts/1/answers", json={})
    assert response.status_code == 403 and "修改初始密码" in response.get_json()["message"]
    assert client.post("/auth/logout").status_code == 302
