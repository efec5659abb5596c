"""Issue 12, items 1-4, from the trainee's side: the attempt page never loses or overwrites an answer
(two tabs, two devices, an outage with a browser restart, a lost session) and locks at 0:00."""
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import make_trainee_and_exam, sign_in
from tests.browser.test_exam_browser import choose, local_answers, saved_items, start_exam, wait_for_server

NEW_PASSWORD = "Xinmima-2026-ok"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def sitting(context, live, **exam):
    """A new trainee and exam; the trainee signs in in `context` and starts it. -> (page, email, password)."""
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, **exam)
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    return page, email, password


def the_attempt(app):
    from app.extensions import db
    from app.models import Attempt

    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        db.session.expunge(attempt)
        db.session.remove()
        return attempt


# Watches the countdown from inside the page: when it shows 0:00, note the time (this machine's clock,
# the server's too) and how many answer inputs still take edits, and try an edit right then.
AT_ZERO = """document.addEventListener("DOMContentLoaded", () => {
  const countdown = document.getElementById("countdown");
  if (!countdown) { return; }
  new MutationObserver(() => {
    if (countdown.textContent !== "0:00" || sessionStorage.getItem("at-zero")) { return; }
    const enabled = [...document.querySelectorAll("#exam .exam-question input, #exam .exam-question textarea")]
      .filter(input => !input.disabled).length;
    sessionStorage.setItem("at-zero", JSON.stringify({ at: Date.now(), enabled }));
    document.querySelector(".question[data-type='true_false'] input[value='true']").click();
  }).observe(countdown, { childList: true, characterData: true, subtree: true });
});"""


def test_one_minute_exam_with_saves_in_its_last_30_seconds_locks_and_submits_at_the_deadline(live, browser):
    _, app, _ = live
    context = browser.new_context()
    context.add_init_script(AT_ZERO)
    page, _, _ = sitting(context, live, time_limit_seconds=60)
    deadline = the_attempt(app).deadline
    time.sleep(max(0.0, (deadline - timedelta(seconds=30) - utcnow()).total_seconds()))
    last = None
    for value in "ABCDABCDABCD":                      # a save every few seconds through the last 30 s
        if utcnow() > deadline - timedelta(seconds=3):
            break
        choose(page, "single", value)
        last = value
        expect(page.locator("#save-status")).to_have_text("所有答案已保存")
        time.sleep(2)
    page.wait_for_url("**/result", timeout=15000)
    landed = utcnow()
    at_zero = page.evaluate("() => JSON.parse(sessionStorage.getItem('at-zero'))")
    assert at_zero["enabled"] == 0, "no edit is possible after 0:00"
    shown_zero = datetime.fromtimestamp(at_zero["at"] / 1000, timezone.utc).replace(tzinfo=None)
    assert -0.3 <= (shown_zero - deadline).total_seconds() <= 1.0
    attempt = the_attempt(app)
    responses, status = saved_items(app)
    assert status == "graded" and attempt.closed_by == "submit" and attempt.closed_at <= deadline
    assert (landed - deadline).total_seconds() < 3
    assert responses == {"true_false": None, "single": "ABCD".index(last)}   # the click at 0:00 changed nothing
    context.close()


def test_an_older_answer_from_another_device_never_overwrites_a_newer_one(live, browser):
    base, app, _ = live
    laptop, email, password = sitting(browser.new_context(), live)
    phone = browser.new_context().new_page()
    sign_in(phone, base, email, password)
    phone.goto(laptop.url)
    laptop.route("**/api/attempts/**", lambda route: route.abort())    # the laptop's connection drops
    choose(laptop, "single", "A")                                       # the older edit, kept on the laptop
    time.sleep(0.5)
    choose(phone, "single", "C")                                        # the newer edit, on the phone
    expect(phone.locator("#save-status")).to_have_text("所有答案已保存")
    laptop.unroute("**/api/attempts/**")                                # the laptop comes back
    expect(laptop.locator("#save-status")).to_have_text("所有答案已保存", timeout=15000)
    assert saved_items(app)[0]["single"] == 2                           # the phone's newer C stays
    expect(laptop.locator("#sync-notice")).to_contain_text("第 2 题已在其他页面更新")
    assert laptop.is_checked(".question[data-type='single'] input[value='C']")
    assert local_answers(laptop) == []
    choose(phone, "true_false", "true")                                 # the laptop is idle meanwhile ...
    expect(phone.locator("#save-status")).to_have_text("所有答案已保存")
    assert wait_for_server(app, lambda r: r[0]["true_false"] is True)[0]["true_false"] is True
    laptop.evaluate("() => window.dispatchEvent(new Event('focus'))")  # ... until the trainee comes back to it
    expect(laptop.locator("#sync-notice")).to_contain_text("第 1、2 题已在其他页面更新")
    assert laptop.is_checked(".question[data-type='true_false'] input[value='true']")


def test_answers_typed_offline_in_two_tabs_survive_a_browser_restart_newest_edit_wins(live, restartable):
    base, app, server = live
    context = restartable()
    first, _, _ = sitting(context, live)
    second = context.new_page()
    second.goto(first.url)
    context.set_offline(True)
    server.stop()
    choose(first, "true_false", "true")
    choose(second, "single", "B")
    expect(first.locator(".question[data-type='single'] input[value='B']")).to_be_checked()   # the other tab shows it
    expect(first.locator("#sync-notice")).to_contain_text("第 2 题已在其他页面更新")
    choose(first, "single", "D")            # newer than the second tab's B
    time.sleep(0.05)
    choose(second, "true_false", "false")   # newer than the first tab's true
    first.wait_for_selector("#offline-banner:not(.d-none)")
    context.close()                         # the browser closes while the server is still down
    server.start()
    context = restartable()
    page = context.new_page()
    page.goto(f"{base}/healthz")
    kept = {tuple(e["values"]) for e in local_answers(page)}
    assert {("false",), ("D",)} <= kept
    page.goto(first.url)
    expect(page.locator("#save-status")).to_have_text("所有答案已保存", timeout=15000)
    responses, status = wait_for_server(app, lambda r: r[0] == {"true_false": False, "single": 3})
    assert responses == {"true_false": False, "single": 3} and status == "open"
    assert local_answers(page) == []
    context.close()


def test_saved_is_shown_only_once_the_server_acknowledged_the_edit(live, browser):
    context = browser.new_context()
    page, _, _ = sitting(context, live)
    choose(page, "true_false", "false")
    expect(page.locator("#save-status")).to_have_text("所有答案已保存")
    held = []
    page.route("**/answers", lambda route: held.append(route))   # the next save is held on the way
    choose(page, "single", "B")
    page.wait_for_timeout(500)
    assert len(held) == 1 and "已保存" not in page.inner_text("#save-status")
    held[0].continue_()
    expect(page.locator("#save-status")).to_have_text("所有答案已保存")
    context.close()


def test_an_edit_the_server_refuses_is_reported_to_the_trainee(live, browser):
    context = browser.new_context()
    page, _, _ = sitting(context, live)

    def refuse(route):
        acks = [{"position": a["position"], "edited_at": a["edited_at"], "result": "rejected", "error": "请刷新页面后重新作答。"}
                for a in route.request.post_data_json["answers"]]
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"acks": acks, "status": "open"}))
    page.route("**/answers", refuse)
    choose(page, "single", "B")
    expect(page.locator("#sync-notice")).to_contain_text("第 2 题的这次修改没有保存：请刷新页面后重新作答。")
    assert local_answers(page) == []                          # explicitly refused: it leaves the queue
    context.close()


def change_password_elsewhere(browser, base, email, password):
    other = browser.new_context()
    page = other.new_page()
    sign_in(page, base, email, password)
    page.goto(f"{base}/auth/password")
    page.fill("#current", password)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.click("form:has(#current) button[type=submit]")
    page.wait_for_url(f"{base}/")
    other.close()
    return NEW_PASSWORD


@pytest.mark.parametrize("trouble", ["cookie removed", "password changed on another device"])
def test_a_save_without_a_session_stays_queued_until_the_trainee_signs_in_again(live, browser, trouble):
    base, app, _ = live
    context = browser.new_context()
    page, email, password = sitting(context, live)
    choose(page, "true_false", "false")
    expect(page.locator("#save-status")).to_have_text("所有答案已保存")
    if trouble == "cookie removed":
        context.clear_cookies()
    else:
        password = change_password_elsewhere(browser, base, email, password)
    choose(page, "single", "B")
    time.sleep(2)
    assert "已保存" not in page.inner_text("#save-status")
    assert saved_items(app)[0]["single"] is None
    assert [e["values"] for e in local_answers(page)] == [["B"]]
    banner = page.locator("#session-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("重新登录")
    with page.expect_popup() as opened:
        banner.locator("a").click()                     # sign in again in a new tab; the exam page stays
    sign_in(opened.value, base, email, password)
    expect(page.locator("#save-status")).to_have_text("所有答案已保存", timeout=15000)
    expect(banner).to_be_hidden()
    assert saved_items(app)[0] == {"true_false": False, "single": 1}
    assert local_answers(page) == []
    context.close()


def test_text_typed_in_the_last_second_is_saved_and_nothing_after_0_00(live, browser):
    from tests.exams.conftest import CASES

    _, app, _ = live
    context = browser.new_context()
    page, _, _ = sitting(context, live, blueprint=CASES, time_limit_seconds=8)
    deadline = the_attempt(app).deadline
    box = page.locator(".question[data-type='case'] textarea")
    box.fill("先道歉")
    time.sleep(max(0.0, (deadline - timedelta(seconds=0.6) - utcnow()).total_seconds()))
    box.press_sequentially("，再补救")          # the typist has not paused when the time runs out
    page.wait_for_url("**/result", timeout=30000)   # grading a case loads jieba: slow the first time
    responses, status = saved_items(app)
    assert status == "grading" and responses["case"] == "先道歉，再补救"      # awaiting the instructor
    context.close()
