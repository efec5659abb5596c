"""Autosave with edit times: the newest edit of each question wins, whatever order saves arrive in;
nothing edited after the deadline counts; every answer of a batch gets its own acknowledgement."""
import threading
from datetime import timedelta, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AttemptItem, Role
from tests.exams.conftest import T0, make_exam, position_of


def ms(moment) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp() * 1000)


def post(client, attempt_id, *answers):
    return client.post(f"/api/attempts/{attempt_id}/answers", json={"answers": list(answers)})


def answer(position, values, edited_at, flagged=False):
    return {"position": position, "values": values, "flagged": flagged, "edited_at": edited_at}


def item(attempt_id, position) -> AttemptItem:
    db.session.expire_all()
    return db.session.scalar(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id, AttemptItem.position == position))


def test_an_older_edit_arriving_late_is_answered_with_the_newer_stored_one(client, started):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    newer = post(client, attempt_id, answer(single, ["C"], ms(T0) + 2000))          # the phone, a second later
    assert newer.json["acks"] == [{"position": single, "edited_at": ms(T0) + 2000, "result": "saved"}]
    older = post(client, attempt_id, answer(single, ["A"], ms(T0) + 1000))          # the laptop, back online
    assert older.status_code == 200
    assert older.json["acks"] == [{"position": single, "edited_at": ms(T0) + 1000, "result": "newer_on_server",
                                   "current": {"position": single, "flagged": False, "values": ["C"], "edited_at": ms(T0) + 2000}}]
    assert item(attempt_id, single).response == 2 and item(attempt_id, single).edited_at == ms(T0) + 2000


def test_a_batch_is_acknowledged_answer_by_answer_in_the_order_sent(client, started):
    _, attempt_id = started
    tf, single = position_of(attempt_id, "true_false"), position_of(attempt_id, "single")
    reply = post(client, attempt_id, answer(single, ["B"], ms(T0) + 5), answer(tf, ["false"], ms(T0) + 3),
                 answer(single, ["Z"], ms(T0) + 4), answer(single, ["D"], ms(T0) + 1))
    assert [(a["position"], a["edited_at"], a["result"]) for a in reply.json["acks"]] == [
        (single, ms(T0) + 5, "saved"), (tf, ms(T0) + 3, "saved"), (single, ms(T0) + 4, "rejected"),
        (single, ms(T0) + 1, "saved")]                         # applied in edit-time order: B, the newest, stays
    assert item(attempt_id, single).response == 1 and item(attempt_id, tf).response is False
    assert reply.json["server_now"] == ms(T0) and reply.json["deadline"] == ms(T0 + timedelta(seconds=600))


def test_an_edit_made_after_the_deadline_is_refused_even_inside_the_network_slack(client, started, clock):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    deadline = T0 + timedelta(seconds=600)
    clock["now"] = deadline + timedelta(seconds=10)
    late = post(client, attempt_id, answer(single, ["D"], ms(deadline) + 1))
    assert late.json["acks"][0]["result"] == "rejected" and "考试时间结束之后" in late.json["acks"][0]["error"]
    unstamped = client.post(f"/api/attempts/{attempt_id}/answers", json={"position": single, "values": ["D"]})
    assert unstamped.json["acks"][0]["result"] == "rejected"                    # stamped on arrival: too late
    in_time = post(client, attempt_id, answer(single, ["B"], ms(deadline) - 500))
    assert in_time.json["acks"][0]["result"] == "saved"
    assert item(attempt_id, single).response == 1


def test_the_grace_policy_applies_on_the_server(client, login_as, content_tree, clock):
    exam = make_exam(timeout_policy="grace", grace_seconds=60)
    login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    single = position_of(attempt_id, "single")
    deadline = T0 + timedelta(seconds=600)
    clock["now"] = deadline + timedelta(seconds=40)
    assert post(client, attempt_id, answer(single, ["B"], ms(deadline) + 30_000)).json["acks"][0]["result"] == "saved"
    assert post(client, attempt_id, answer(single, ["C"], ms(deadline) + 61_000)).json["acks"][0]["result"] == "rejected"


def test_an_edit_time_far_ahead_of_the_server_clock_is_refused(client, started):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    ahead = post(client, attempt_id, answer(single, ["B"], ms(T0) + 60_000))
    assert ahead.json["acks"][0]["result"] == "rejected" and item(attempt_id, single).response is None
    assert post(client, attempt_id, answer(single, ["B"], ms(T0) + 2_000)).json["acks"][0]["result"] == "saved"


@pytest.mark.parametrize("body", [
    {"answers": []}, {"answers": [answer(0, ["A"], 1)] * 51}, {"answers": "x"}, {"answers": [None]},
    {"position": 2**63, "values": ["A"], "edited_at": 1}, {"position": -1, "values": ["A"], "edited_at": 1},
    {"position": 0, "values": ["A"], "edited_at": "soon"}, {"position": "1/2", "values": ["A"]}, [1, 2],
])
def test_malformed_saves_are_400_and_change_nothing(client, started, body):
    _, attempt_id = started
    response = client.post(f"/api/attempts/{attempt_id}/answers", json=body)
    # a body that is not a JSON object is refused by app/guards.py before the view, in its own words
    assert response.status_code == 400 and "格式不正确" in response.json["error"] + response.json.get("message", "")
    assert db.session.get(Attempt, attempt_id).seq == 0


def test_an_edit_time_past_2_to_the_63_is_refused_not_a_500(client, started):
    _, attempt_id = started
    reply = post(client, attempt_id, answer(position_of(attempt_id, "single"), ["B"], 2**70))
    assert reply.status_code == 200 and reply.json["acks"][0]["result"] == "rejected"


def test_state_carries_edit_times_the_servers_clock_and_a_fresh_csrf_token(client, started, clock):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    post(client, attempt_id, answer(single, ["C"], ms(T0) + 7, flagged=True))
    clock["now"] = T0 + timedelta(seconds=100)
    state = client.get(f"/api/attempts/{attempt_id}/state").json
    assert state["server_now"] == ms(T0) + 100_000 and state["deadline"] == ms(T0) + 600_000 and state["csrf"]
    assert {"position": single, "flagged": True, "values": ["C"], "edited_at": ms(T0) + 7} in state["answers"]
    page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert f'data-position="{single}" data-edited-at="{ms(T0) + 7}"' in page
    assert f'data-server-now="{ms(T0) + 100_000}"' in page and f'data-deadline="{ms(T0) + 600_000}"' in page


def test_two_tabs_saving_the_same_question_at_once_keep_the_newest_edit(app, client, started):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    cookie = client.get_cookie("session").value

    def tab(values, edited_at):
        other = app.test_client()
        other.set_cookie("session", cookie)
        other.post(f"/api/attempts/{attempt_id}/answers", json={"answers": [answer(single, values, edited_at)]})

    threads = [threading.Thread(target=tab, args=(["ABCD"[n % 4]], ms(T0) + n)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = item(attempt_id, single)
    assert saved.edited_at == ms(T0) + 8 and saved.response == "ABCD".index("ABCD"[8 % 4])


def test_a_signed_out_poll_redirects_to_login_and_leaves_the_session_cookie_alone(app, started):
    """The page polls while the trainee signs in again in another tab: the poll must not write a
    session cookie (a flashed 请先登录) that could replace the new one or its CSRF token."""
    _, attempt_id = started
    anonymous = app.test_client()
    response = anonymous.get(f"/api/attempts/{attempt_id}/state")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "Set-Cookie" not in response.headers
