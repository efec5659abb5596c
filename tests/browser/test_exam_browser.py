"""The promises of the attempt page, in a real browser: nothing typed offline is lost, and an exam
whose time runs out while the page is open is submitted and graded."""
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import make_trainee_and_exam, sign_in


def saved_items(app):
    from app.extensions import db
    from app.models import Attempt

    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        result = ({i.question.type: i.response for i in attempt.items}, attempt.status)
        db.session.remove()
        return result


def wait_for_server(app, condition, seconds=20):
    """Poll the database until `condition(saved_items)` holds; the browser sends in its own time."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        found = saved_items(app)
        if condition(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def local_answers(page) -> list:
    """Every answer this browser keeps for an attempt (one localStorage entry per question), whatever tab stored it."""
    return page.evaluate("""() => Object.keys(localStorage).filter(k => k.startsWith('xuetang-attempt-'))
        .flatMap(k => [].concat(JSON.parse(localStorage.getItem(k))))""")


def start_exam(page, base, exam_id):
    page.goto(f"{base}/exams/")
    page.click(f"form[action='/exams/{exam_id}/start'] button")
    page.wait_for_selector("#exam")


def choose(page, qtype, value):
    page.check(f".question[data-type='{qtype}'] input[value='{value}']")


def test_answers_typed_offline_survive_a_reload_and_a_restart_and_reach_the_server(live, restartable):
    base, app, server = live
    email, password, exam_id = make_trainee_and_exam(app)
    context = restartable()
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    attempt_url = page.url

    choose(page, "true_false", "false")
    expect(page.locator("#save-status")).to_have_text("所有答案已保存")
    assert saved_items(app)[0]["true_false"] is False

    context.set_offline(True)     # the browser knows it is offline (the banner) ...
    server.stop()                 # ... and nothing gets through, not even a keepalive request after the tab closes
    choose(page, "single", "B")
    page.wait_for_selector("#offline-banner:not(.d-none)")
    assert [entry["values"] for entry in local_answers(page)] == [["B"]]
    try:
        page.reload(timeout=5000)                              # offline: the reload fails
    except Exception:  # noqa: BLE001 - Playwright raises its own error type for a failed navigation
        pass
    page.close()                                               # the tab is closed while still offline,
    context.close()                                            # then the browser
    assert saved_items(app)[0]["single"] is None               # the answer is only in the browser's storage

    server.start()
    context = restartable()                                    # the browser starts again, online
    page = context.new_page()
    page.goto(f"{base}/healthz")                               # same origin, no script: read the storage as left
    assert [entry["values"] for entry in local_answers(page)] == [["B"]]
    page.goto(attempt_url)
    assert page.is_checked(".question[data-type='single'] input[value='B']")   # restored from the local queue
    expect(page.locator("#save-status")).to_have_text("所有答案已保存", timeout=15000)
    responses, status = wait_for_server(app, lambda r: r[0]["single"] == 1)
    assert responses == {"true_false": False, "single": 1} and status == "open"
    context.close()


def test_exam_whose_time_runs_out_while_open_is_submitted_and_graded(live, browser):
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, time_limit_seconds=4)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    choose(page, "single", "B")
    page.wait_for_url("**/result", timeout=20000)
    assert "浏览器小测" in page.content() and "分" in page.inner_text("#result-score")
    responses, status = saved_items(app)
    assert status == "graded" and responses["single"] == 1
    context.close()
