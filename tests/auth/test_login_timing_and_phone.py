"""Sign-in by mobile number, and one Argon2 check per attempt whether or not the account exists."""
import pytest

from app.auth import passwords, services
from app.auth.phones import normalise_phone
from tests.factories import PASSWORD, make_user


@pytest.fixture
def argon_checks(monkeypatch):
    calls = []
    real = passwords.verify_password

    def counting(hash_, password):
        calls.append(hash_)
        return real(hash_, password)
    monkeypatch.setattr(services, "verify_password", counting)
    return calls


@pytest.mark.parametrize("who", ["unknown", "deactivated", "wrong password"])
def test_every_failed_sign_in_costs_one_argon2_check(client, argon_checks, who):
    user = make_user(active=(who != "deactivated"))
    login = "ghost@example.com" if who == "unknown" else user.email
    password = "wrong-guess-1" if who == "wrong password" else PASSWORD
    response = client.post("/auth/login", data={"email": login, "password": password})
    assert response.status_code == 400 and "账号或密码不正确" in response.get_data(as_text=True)
    assert len(argon_checks) == 1


@pytest.mark.parametrize("typed", ["13800138000", "+86 138-0013-8000", "138 0013 8000", "0086 13800138000"])
def test_trainee_signs_in_with_mobile_number(client, typed):
    make_user(email=None, phone="13800138000")
    response = client.post("/auth/login", data={"email": typed, "password": PASSWORD})
    assert response.status_code == 302


def test_email_still_signs_in_when_a_phone_is_set(client):
    user = make_user(phone="13900139000")
    assert client.post("/auth/login", data={"email": user.email.upper(), "password": PASSWORD}).status_code == 302


def test_throttle_counts_all_spellings_of_one_number_as_one_account(client):
    make_user(email=None, phone="13800138000")
    spellings = ["13800138000", "+8613800138000", "138-0013-8000", "138 0013 8000", "8613800138000"]
    for i in range(10):
        client.post("/auth/login", data={"email": spellings[i % 5], "password": "wrong-guess-1"},
                    environ_base={"REMOTE_ADDR": f"10.1.0.{i}"})
    response = client.post("/auth/login", data={"email": "13800138000", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.2.0.1"})
    assert response.status_code == 429


@pytest.mark.parametrize("text, expected", [
    ("13800138000", "13800138000"), ("+86 13800138000", "13800138000"), ("(+86) 139-1234-5678", "13912345678"),
    ("12800138000", None), ("1380013800", None), ("138001380001", None), ("abc", None), ("", None),
    ("+8612800138000", None), ("１３８００１３８０００", "13800138000"), ("＇13800138000", "13800138000"),
])
def test_normalise_phone(text, expected):
    assert normalise_phone(text) == expected
