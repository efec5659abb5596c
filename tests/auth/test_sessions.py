"""Server-side sessions: sign-out ends a session wherever its cookie was copied."""
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import UserSession
from tests.factories import PASSWORD, make_user


def copy_of(app, client):
    """A second browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def sign_in(app, user):
    browser = app.test_client()
    assert browser.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return browser


def test_copied_cookie_fails_after_sign_out(app, client, login_as):
    login_as()
    thief = copy_of(app, client)
    assert thief.get("/").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_sign_out_keeps_other_devices_signed_in(app, client, login_as):
    user = login_as()
    phone = sign_in(app, user)
    client.post("/auth/logout")
    assert phone.get("/").status_code == 200


def test_sign_out_everywhere_ends_every_session(app, client, login_as):
    user = login_as()
    phone = sign_in(app, user)
    thief = copy_of(app, client)
    assert client.post("/auth/logout-all").status_code == 302
    for browser in (client, phone, thief):
        assert browser.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_sign_out_everywhere_needs_csrf(app, client, login_as):
    login_as()
    assert client.post("/auth/logout-all", csrf=False).status_code == 400
    assert client.get("/").status_code == 200


def test_expired_session_row_signs_out(app, client, login_as):
    login_as()
    db.session.execute(update(UserSession).values(expires_at=datetime(2000, 1, 1)))
    db.session.commit()
    assert client.get("/").status_code == 302


def test_cookie_without_session_key_is_refused(app, client, login_as):
    """A cookie from before this change (user id and version only) no longer signs anyone in."""
    login_as()
    with client.session_transaction() as stored:
        stored.pop("sid")
    assert client.get("/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, login_as):
    user = login_as()
    thief = copy_of(app, client)
    response = client.post("/auth/password", data={"current": PASSWORD, "password": "New-Secret-77",
                                                   "confirm": "New-Secret-77"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert thief.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)) == 1


def test_expired_rows_are_swept_at_sign_in(app, client):
    user = make_user()
    db.session.add(UserSession(key_hash="0" * 64, user_id=user.id, created_at=datetime(2000, 1, 1),
                               expires_at=datetime(2000, 1, 1) + timedelta(hours=12)))
    db.session.commit()
    sign_in(app, user)
    assert db.session.get(UserSession, "0" * 64) is None
