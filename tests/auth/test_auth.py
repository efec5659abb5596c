from sqlalchemy import func, select

from app.auth.passwords import HASHER, hash_password, needs_rehash
from app.extensions import db
from app.models import Role, User
from tests.factories import PASSWORD, make_user


def register(client, **overrides):
    data = {"name": "张三", "email": "zhang@example.com", "password": "Service-Star-9",
            "confirm": "Service-Star-9"}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_creates_trainee_and_signs_in(client):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.role == Role.TRAINEE.value and user.email == "zhang@example.com"
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "你好，张三" in client.get("/").get_data(as_text=True)


def test_duplicate_email_is_409_with_message_and_creates_nothing(client):
    make_user(email="zhang@example.com")
    response = register(client, email="Zhang@Example.com")
    assert response.status_code == 409
    assert "该邮箱已注册" in response.get_data(as_text=True)
    assert user_count() == 1


def test_weak_password_is_400_with_message(client):
    response = register(client, password="12345678", confirm="12345678")
    assert response.status_code == 400
    assert "太常见或太简单" in response.get_data(as_text=True)
    assert user_count() == 0


def test_short_password_and_mismatch_are_explained(client):
    body = register(client, password="a1b2", confirm="a1b2").get_data(as_text=True)
    assert "至少需要 8 个字符" in body
    body = register(client, confirm="Different-1").get_data(as_text=True)
    assert "两次输入的密码不一致" in body


def test_wrong_password_is_400_with_message(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": "nope-nope-nope"})
    assert response.status_code == 400
    assert "账号或密码不正确" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_missing_csrf_token_is_400_in_chinese(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_eleventh_rapid_login_is_429(client):
    user = make_user()
    for _ in range(10):
        assert client.post("/auth/login", data={"email": user.email, "password": "wrong-guess-1"}).status_code == 400
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "操作太频繁" in response.get_data(as_text=True)


def test_login_throttle_is_per_account_across_addresses(client):
    user = make_user()
    for i in range(10):
        client.post("/auth/login", data={"email": user.email, "password": "x-wrong-1"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"})
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert response.status_code == 429


def test_login_gives_a_fresh_session(client):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by-attacker"
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:1"


def test_old_hash_is_upgraded_on_login(client):
    from werkzeug.security import generate_password_hash
    weak = make_user(password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
    cheap_argon = make_user(password_hash=hash_password.__globals__["PasswordHasher"](time_cost=1, memory_cost=8192).hash(PASSWORD))
    for user in (weak, cheap_argon):
        assert needs_rehash(user.password_hash)
        assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        assert client.post("/auth/logout").status_code == 302
        db.session.refresh(user)
        assert not needs_rehash(user.password_hash)
        HASHER.verify(user.password_hash, PASSWORD)


def test_logout_requires_post_and_ends_session(client, login_as):
    login_as()
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_change_password_signs_out_other_sessions(app, client, login_as):
    user = login_as()
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/").status_code == 200
    response = client.post("/auth/password", data={"current": PASSWORD, "password": "New-Secret-77", "confirm": "New-Secret-77"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200       # this session was renewed
    assert other.get("/").status_code == 302        # the other one is gone
    client.post("/auth/logout")
    assert client.post("/auth/login", data={"email": user.email, "password": "New-Secret-77"}).status_code == 302


def test_change_password_with_wrong_current_changes_nothing(client, login_as):
    user = login_as()
    before = user.password_hash
    response = client.post("/auth/password", data={"current": "wrong-one-1", "password": "New-Secret-77", "confirm": "New-Secret-77"})
    assert response.status_code == 400
    assert "当前密码不正确" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before


def test_next_parameter_cannot_leave_the_site(client):
    user = make_user()
    response = client.post("/auth/login?next=https://evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=/cohorts/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/cohorts/"


def test_deactivated_user_cannot_log_in(client):
    user = make_user(active=False)
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 400


def test_login_throttle_per_address_allows_a_classroom(client):
    """Sixty trainees behind one address may log in within a minute; the sixty-first request waits."""
    users = [make_user() for _ in range(61)]
    statuses = [client.post("/auth/login", data={"email": u.email, "password": "wrong-pass-1"}).status_code for u in users]
    assert statuses[:60] == [400] * 60 and statuses[60] == 429
