"""切屏 and time per item: leaves travel with the autosave batch, the server counts them (once per
absence), closes the attempt at the exam's limit, and keeps per-item times within the clock."""
from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, AttemptItem, AttemptLeave, Exam, Role
from tests.exams.conftest import T0, make_exam, position_of
from tests.exams.test_manage import exam_form
from tests.exams.test_ownership import sign_in
from tests.factories import make_user


def ms(moment) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp() * 1000)


def leave(key: str, seconds_after_start: float) -> dict:
    return {"id": f"leave-{key}-000", "at": ms(T0) + int(seconds_after_start * 1000)}


def report(client, attempt_id, leaves=None, times=None, csrf=True):
    body = {"answers": []}
    if leaves is not None:
        body["leaves"] = leaves
    if times is not None:
        body["times"] = times
    return client.post(f"/api/attempts/{attempt_id}/answers", json=body, csrf=csrf)


def stored_leaves(attempt_id) -> int:
    return db.session.scalar(select(func.count()).select_from(AttemptLeave).where(AttemptLeave.attempt_id == attempt_id))


def start(client, login_as, **settings) -> int:
    exam = make_exam(**settings)
    login_as(Role.TRAINEE)
    return int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def tracked(client, login_as, content_tree, clock):
    """An attempt started at T0 on an exam that submits at the third leave; the clock is a minute later."""
    attempt_id = start(client, login_as, track_leaves=True, leave_limit=3)
    clock["now"] = T0 + timedelta(seconds=60)
    return attempt_id


def test_a_leave_is_counted_once_however_often_it_is_resent(client, tracked):
    first = report(client, tracked, [leave("a", 10)])
    assert first.status_code == 200 and first.json["activity"] == {"tracked": True, "leaves": 1, "limit": 3}
    again = report(client, tracked, [leave("a", 10)])
    assert again.json["activity"]["leaves"] == 1 and stored_leaves(tracked) == 1


def test_two_tabs_reporting_one_absence_count_once(client, tracked):
    reply = report(client, tracked, [leave("tab1", 10), leave("tab2", 10.6)])
    assert reply.json["activity"]["leaves"] == 1
    assert report(client, tracked, [leave("later", 11.7)]).json["activity"]["leaves"] == 2


def test_the_leave_that_reaches_the_limit_submits_the_paper(client, tracked, clock):
    single = position_of(tracked, "single")
    body = {"answers": [{"position": single, "values": ["B"], "flagged": False, "edited_at": ms(clock["now"])}],
            "leaves": [leave("a", 10), leave("b", 20)]}
    assert client.post(f"/api/attempts/{tracked}/answers", json=body).status_code == 200
    closing = report(client, tracked, [leave("c", 30)])
    assert closing.status_code == 410
    assert "已离开考试页面 3 次" in closing.json["error"] and "自动交卷" in closing.json["error"]
    assert closing.json["result_url"] == f"/exams/attempts/{tracked}/result"
    attempt = db.session.get(Attempt, tracked)
    db.session.refresh(attempt)
    assert attempt.status in ("grading", "graded") and attempt.closed_by == "leaves"
    assert attempt.closed_at == clock["now"]                       # the submit path: closed now, not at the deadline
    assert next(i for i in attempt.items if i.position == single).response == 1     # the answer sent before was graded
    result = client.get(closing.json["result_url"]).get_data(as_text=True)
    assert "离开考试页面次数达到上限" in result


def test_a_closed_attempt_takes_no_more_leaves(client, tracked):
    client.post(f"/api/attempts/{tracked}/submit")
    reply = report(client, tracked, [leave("late", 30)])
    assert reply.status_code == 410 and stored_leaves(tracked) == 0


def test_leaves_are_not_counted_when_the_exam_does_not_track_them(client, login_as, content_tree, clock):
    attempt_id = start(client, login_as)
    reply = report(client, attempt_id, [leave("a", 1)])
    assert reply.status_code == 200
    assert reply.json["activity"] == {"tracked": False, "leaves": 0, "limit": 0, "message": "这场考试不记录离开考试页面。"}
    assert stored_leaves(attempt_id) == 0


def test_another_trainees_attempt_is_refused(app, client, tracked):
    other = sign_in(app, make_user())
    assert report(other, tracked, [leave("x", 5)], {"0": 30}).status_code == 404
    assert stored_leaves(tracked) == 0


def test_a_report_without_the_csrf_token_is_refused(client, tracked):
    assert report(client, tracked, [leave("x", 5)], csrf=False).status_code == 400
    assert stored_leaves(tracked) == 0


@pytest.mark.parametrize("bad", [[{"id": "short", "at": 1}], [{"id": "leave-ok-000"}], [{"id": "leave-ok-000", "at": "soon"}],
                                 "leave", [{"id": "leave-ok-000", "at": 10**30}], [leave(str(i), i * 5) for i in range(21)]])
def test_malformed_leaves_are_refused_in_chinese(client, tracked, bad):
    reply = report(client, tracked, bad)
    assert reply.status_code == 400 and reply.json["error"] == "请求格式不正确。" and stored_leaves(tracked) == 0


def test_a_leave_time_outside_the_attempt_is_kept_within_it(client, tracked, clock):
    report(client, tracked, [{"id": "leave-past-000", "at": 0}, {"id": "leave-future-0", "at": ms(T0) + 10**9}])
    assert sorted(db.session.scalars(select(AttemptLeave.left_at))) == [T0, clock["now"]]


def item_seconds(attempt_id) -> dict[int, int]:
    db.session.expire_all()
    return {i.position: i.seconds_spent for i in db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id))}


def test_time_per_item_is_a_total_kept_at_its_largest(client, tracked):
    assert report(client, tracked, times={"0": 20, "1": 15}).status_code == 200
    report(client, tracked, times={"0": 20, "1": 5})             # a resend, and an older total from another tab
    assert item_seconds(tracked) == {0: 20, 1: 15}


def test_junk_and_impossible_times_are_ignored_or_capped_by_the_clock(client, tracked):
    reply = report(client, tracked, times={"0": -5, "1": 1.5, "x": 3, "99": 4, "7": True})
    assert reply.status_code == 200 and item_seconds(tracked) == {0: 0, 1: 0}
    report(client, tracked, times={"0": 50, "1": 10**6})          # 60 s since the start: no more than that in all
    assert sum(item_seconds(tracked).values()) <= 61 and item_seconds(tracked)[0] == 50


def test_the_exam_form_sets_tracking_and_refuses_a_bad_limit_in_chinese(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    bad = client.post("/manage/exams/new", data={**exam_form(cells=[("single", 1, 1)]), "track_leaves": "y", "leave_limit": "1000"})
    assert bad.status_code == 400 and "自动交卷的离开次数为 0-20 次" in bad.get_data(as_text=True)
    junk = client.post("/manage/exams/new", data={**exam_form(cells=[("single", 1, 1)]), "track_leaves": "y", "leave_limit": "三"})
    assert junk.status_code == 400 and "Not a valid" not in junk.get_data(as_text=True)
    untracked = client.post("/manage/exams/new", data={**exam_form(cells=[("single", 1, 1)]), "leave_limit": "3"})
    assert untracked.status_code == 400 and "请同时勾选“记录离开考试页面”" in untracked.get_data(as_text=True)
    assert db.session.scalar(select(Exam)) is None
    ok = client.post("/manage/exams/new", data={**exam_form(cells=[("single", 1, 1)]), "track_leaves": "y", "leave_limit": ""})
    assert ok.status_code == 302
    exam = db.session.scalar(select(Exam))
    assert exam.track_leaves and exam.leave_limit == 0
