"""The attempt API: the server's clock, sequence numbers, replays, closing exactly once, no key before close."""
import threading
from datetime import timedelta, timezone

from sqlalchemy import func, select

from app.exams.attempts import close_attempt, close_overdue
from app.extensions import db
from app.models import Answer, Attempt, ExtraTime, ReviewCard, Role
from tests.exams.conftest import T0, position_of
from tests.factories import PASSWORD, make_user


def save(client, attempt_id, edited_at, position, values, flagged=False):
    return client.post(f"/api/attempts/{attempt_id}/answers",
                       json={"edited_at": edited_at, "position": position, "values": values, "flagged": flagged})


def attempt(attempt_id) -> Attempt:
    return db.session.get(Attempt, attempt_id)


def test_start_fixes_deadline_and_freezes_versions(started, exam):
    user, attempt_id = started
    a = attempt(attempt_id)
    assert a.deadline == T0 + timedelta(seconds=600) and a.status == "open"
    assert all(i.version_id == i.question.current_version_id for i in a.items)
    assert [i.points for i in a.items] == [0.5, 1.0]


def test_second_start_resumes_and_reload_shows_same_paper(client, started, exam):
    _, attempt_id = started
    first = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    again = client.post(f"/exams/{exam.id}/start")
    assert again.headers["Location"].endswith(f"/exams/attempts/{attempt_id}")
    assert client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True).split('id="q0"')[1][:400] == \
        first.split('id="q0"')[1][:400]
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_extra_time_extends_the_deadline(client, login_as, exam, clock):
    user = login_as(Role.TRAINEE)
    db.session.add(ExtraTime(exam_id=exam.id, user_id=user.id, seconds=300))
    db.session.commit()
    client.post(f"/exams/{exam.id}/start")
    assert db.session.scalar(select(Attempt.deadline)) == T0 + timedelta(seconds=900)


def test_page_receives_seconds_left_from_the_server(client, started, clock):
    _, attempt_id = started
    clock["now"] = T0 + timedelta(seconds=100)
    assert 'data-seconds-left="500"' in client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert client.get(f"/api/attempts/{attempt_id}/state").json["seconds_left"] == 500


def test_save_replay_and_older_edit(client, started):
    _, attempt_id = started
    tf = position_of(attempt_id, "true_false")
    assert save(client, attempt_id, 1, tf, ["true"]).json["acks"][0]["result"] == "saved"
    assert save(client, attempt_id, 1, tf, ["true"]).json["acks"][0]["result"] == "unchanged"      # replay: no change
    assert save(client, attempt_id, 2, tf, ["false"], flagged=True).json["acks"] == [
        {"position": tf, "edited_at": 2, "result": "saved"}]
    stale = save(client, attempt_id, 1, tf, ["true"])
    assert stale.status_code == 200
    assert stale.json["acks"] == [{"position": tf, "edited_at": 1, "result": "newer_on_server",
                                   "current": {"position": tf, "flagged": True, "values": ["false"], "edited_at": 2}}]
    item = next(i for i in attempt(attempt_id).items if i.position == tf)
    assert item.response is False and item.flagged and item.edited_at == 2


def test_bad_save_requests_are_400(client, started):
    _, attempt_id = started
    single = position_of(attempt_id, "single")
    assert save(client, attempt_id, 1, single, ["Z"]).json["acks"][0]["result"] == "rejected"
    assert save(client, attempt_id, 1, 99, ["A"]).json["acks"][0] == {"position": 99, "edited_at": 1, "result": "rejected",
                                                                       "error": "题号不存在。"}
    assert client.post(f"/api/attempts/{attempt_id}/answers", json={"values": ["A"]}).status_code == 400
    assert client.post(f"/api/attempts/{attempt_id}/answers", json={"edited_at": 1, "position": 0, "values": ["true"]},
                       csrf=False).status_code == 400
    assert attempt(attempt_id).seq == 0 and all(i.response is None for i in attempt(attempt_id).items)


def test_saves_after_deadline_plus_slack_are_refused_and_close_the_attempt(client, started, clock):
    _, attempt_id = started
    tf = position_of(attempt_id, "true_false")
    clock["now"] = T0 + timedelta(seconds=600 + 20)          # an edit made in time, arriving within the 30 s of slack
    in_time = int((T0 + timedelta(seconds=599)).replace(tzinfo=timezone.utc).timestamp() * 1000)
    assert save(client, attempt_id, in_time, tf, ["false"]).json["acks"][0]["result"] == "saved"
    clock["now"] = T0 + timedelta(seconds=600 + 31)
    late = save(client, attempt_id, 2, tf, ["true"])
    assert late.status_code == 410 and "没有保存" in late.json["error"]
    a = attempt(attempt_id)
    assert a.status == "graded" and a.closed_by == "timeout" and a.closed_at == a.deadline
    assert next(i for i in a.items if i.position == tf).response is False    # graded from the last saved answer
    assert save(client, attempt_id, 3, tf, ["true"]).status_code == 410     # never again


def test_another_trainees_attempt_is_404(app, started):
    _, attempt_id = started
    other = make_user()
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert intruder.get(f"/exams/attempts/{attempt_id}").status_code == 404
    assert intruder.get(f"/api/attempts/{attempt_id}/state").status_code == 404
    assert save(intruder, attempt_id, 1, 0, ["true"]).status_code == 404
    assert intruder.post(f"/api/attempts/{attempt_id}/submit").status_code == 404
    assert intruder.get(f"/exams/attempts/{attempt_id}/result").status_code == 404


def test_no_key_or_explanation_before_close(client, started):
    _, attempt_id = started
    page = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    state = client.get(f"/api/attempts/{attempt_id}/state").get_data(as_text=True)
    for body in (page, state):
        assert "非实体性是最基本的特性" not in body and "服务不可储存" not in body
        assert "答案：" not in body and '"answer"' not in body and "correct" not in body


def test_submit_grades_records_and_feeds_the_book(client, started):
    user, attempt_id = started
    save(client, attempt_id, 1, position_of(attempt_id, "true_false"), ["true"])   # wrong: the key is 错
    save(client, attempt_id, 2, position_of(attempt_id, "single"), ["B"])         # right
    response = client.post(f"/api/attempts/{attempt_id}/submit")
    assert response.json["result_url"].endswith(f"/exams/attempts/{attempt_id}/result")
    a = attempt(attempt_id)
    assert (a.status, a.score, a.max_score, a.passed, a.closed_by) == ("graded", 1.0, 1.5, True, "submit")
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.mode == "exam")) == 2
    assert db.session.scalar(select(func.count()).select_from(ReviewCard).where(ReviewCard.user_id == user.id)) == 1
    result = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "及格" in result and "非实体性是最基本的特性" in result and 'href="/chapters/alpha#alpha-traits"' in result
    assert client.post(f"/api/attempts/{attempt_id}/submit").json["status"] == "graded"        # double click: nothing new
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.mode == "exam")) == 2


def test_submit_racing_the_sweeper_closes_exactly_once(app, client, started, clock):
    _, attempt_id = started
    save(client, attempt_id, 1, position_of(attempt_id, "single"), ["B"])   # one answer: recorded exactly once
    now = T0 + timedelta(seconds=601)
    results = []

    def close(kind):
        with app.app_context():
            a = db.session.get(Attempt, attempt_id)
            results.append(close_attempt(a, now, "submit") if kind == "submit" else close_overdue(now + timedelta(seconds=60)))
            db.session.remove()

    threads = [threading.Thread(target=close, args=(k,)) for k in ("submit", "sweeper", "submit", "sweeper")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(int(r) for r in results) == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.mode == "exam")) == 1
    assert attempt(attempt_id).status == "graded"


def test_sweeper_cli_closes_overdue_attempts(runner, started, clock):
    _, attempt_id = started
    result = runner.invoke(args=["exams", "close-overdue"])
    assert "已关闭 1 份" in result.output   # the real clock is long past T0's deadline
    a = attempt(attempt_id)
    assert a.status == "graded" and a.closed_at == a.deadline


def test_review_policy_never_hides_the_key(client, login_as, content_tree, clock):
    from tests.exams.conftest import make_exam

    exam = make_exam(review_policy="never")
    login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/submit")
    result = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "不提供答卷回顾" in result and "非实体性是最基本的特性" not in result


def test_attempt_limit_and_cohort_restriction(client, login_as, content_tree, clock):
    from app.models import ExamCohort
    from tests.exams.conftest import make_exam
    from tests.factories import make_cohort

    login_as(Role.TRAINEE)
    limited = make_exam(attempts_allowed=1)
    attempt_id = int(client.post(f"/exams/{limited.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/submit")
    client.post(f"/exams/{limited.id}/start")
    assert "已达到允许的作答次数" in client.get("/exams/").get_data(as_text=True)
    private = make_exam(title="别班的考试")
    db.session.add(ExamCohort(exam_id=private.id, cohort_id=make_cohort().id))
    db.session.commit()
    assert "别班的考试" not in client.get("/exams/").get_data(as_text=True)
    client.post(f"/exams/{private.id}/start")
    assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.exam_id == private.id)) == 0


def test_shuffled_options_are_graded_against_the_original_order(client, login_as, content_tree, clock):
    from tests.exams.conftest import make_exam

    exam = make_exam(shuffle_options=True)
    login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    item = next(i for i in attempt(attempt_id).items if i.question.type == "single")
    shown_letter = "ABCD"[item.option_order.index(1)]        # where the key (原 B，非实体性) is displayed
    save(client, attempt_id, 1, item.position, [shown_letter])
    client.post(f"/api/attempts/{attempt_id}/submit")
    db.session.refresh(item)
    assert item.response == 1 and item.score == 1.0
