"""切屏 in a real browser: leaving the page is counted once per absence and shown in the bar, the
page's own drawer and dialog are not leaves, the leave that reaches the limit lands on the result,
and the seconds spent on the current question reach the server.

Headless Chromium keeps every tab visible and focused, so an absence is emulated the way the browser
reports one: `document.hidden` turns true with a visibilitychange event, and the window blurs."""
import os
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import make_trainee_and_exam, sign_in
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_exam_browser import start_exam

SHOTS = os.environ.get("SCREENSHOT_DIR")

LEAVE = """() => {
  Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
  Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
  document.hasFocus = () => false;
  document.dispatchEvent(new Event('visibilitychange'));
  window.dispatchEvent(new Event('blur'));
}"""
RETURN = """() => {
  delete document.hidden; delete document.visibilityState; delete document.hasFocus;
  document.dispatchEvent(new Event('visibilitychange'));
  window.dispatchEvent(new Event('focus'));
}"""


def away(page, seconds=2.0):
    """Hidden and blurred together, for longer than the tab needs to decide it is a leave."""
    page.evaluate(LEAVE)
    page.wait_for_timeout(int(seconds * 1000))
    page.evaluate(RETURN)


def stored(app):
    from app.extensions import db
    from app.models import Attempt, AttemptLeave

    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        found = (db.session.scalar(select(func.count()).select_from(AttemptLeave)), attempt.status, attempt.closed_by,
                 {i.position: i.seconds_spent for i in attempt.items})
        db.session.remove()
        return found


def wait_for(app, condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition(found := stored(app)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def sitting(live, browser, limit, width, height):
    """A trainee on the attempt page of an exam that counts leaves and submits at the `limit`-th."""
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, track_leaves=True, leave_limit=limit)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    return app, context, page


def test_a_leave_is_counted_once_and_shown_and_the_pages_own_dialogs_are_not_leaves(live, browser):
    app, context, page = sitting(live, browser, limit=5, width=1280, height=800)
    expect(page.locator("#leave-count")).to_have_text("离开考试页面将被记录，第 5 次将自动交卷")

    page.click("#open-sheet")                                  # the answer sheet drawer
    page.wait_for_selector("#sheet-drawer.show")
    page.click("#sheet-drawer .btn-close")
    page.click("#open-submit")                                 # the submit dialog, then back to the paper
    page.wait_for_selector("#submit-dialog.show")
    page.click("#submit-dialog .btn-secondary")
    page.wait_for_timeout(1500)
    assert stored(app)[0] == 0 and "将被记录" in page.inner_text("#leave-count")

    away(page)                                                 # hidden and blurred: one absence
    expect(page.locator("#leave-count")).to_have_text("已离开考试页面 1 次，第 5 次将自动交卷")
    assert wait_for(app, lambda s: s[0] == 1)[0] == 1
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python").Axe()
    assert not axe_violations(axe, page)
    page.wait_for_timeout(3000)                                # on the first question a few seconds more
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/exam-bar-1280.png", clip={"x": 0, "y": 0, "width": 1280, "height": 260})
    page.click("#open-submit")
    page.click("#confirm-submit")
    page.wait_for_url("**/result", timeout=20000)
    leaves, status, closed_by, seconds = stored(app)
    assert leaves == 1 and closed_by == "submit" and seconds[0] >= 3
    assert "考试中离开考试页面 1 次" in page.inner_text("main")
    context.close()


def test_reaching_the_limit_submits_and_lands_on_the_result(live, browser):
    app, context, page = sitting(live, browser, limit=2, width=360, height=780)
    page.check(".question[data-type='true_false'] input[value='false']")   # one question at a time: the first
    away(page)
    expect(page.locator("#leave-count")).to_have_text("已离开考试页面 1 次，再离开 1 次将自动交卷")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/exam-bar-360.png")
    page.evaluate(LEAVE)                                       # the second leave submits while the trainee is away
    page.wait_for_url("**/result", timeout=20000)
    assert "你离开考试页面 2 次，达到本场考试的上限（2 次），系统已自动交卷" in page.inner_text("main")
    leaves, status, closed_by, _ = stored(app)
    assert leaves == 2 and closed_by == "leaves" and status == "graded"
    context.close()


def instructor_with_sat_attempt(app, exam_id, trainee_email):
    """The trainee's instructor owns the exam; the trainee sat it, leaving twice, 20 s and 7 s on the questions."""
    from datetime import datetime, timedelta

    from app.exams import attempts, leaves
    from app.extensions import db
    from app.models import Exam, Role, User
    from tests.factories import make_cohort, make_user

    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.email == trainee_email))
        teacher = make_user(role=Role.INSTRUCTOR)
        make_cohort(owner=teacher, members=[trainee])
        exam = db.session.get(Exam, exam_id)
        exam.owner_id = teacher.id
        db.session.commit()
        start = datetime(2026, 12, 6, 15, 59, 0)           # 23:59 in Beijing: the leaves fall either side of midnight
        attempt = attempts.start_attempt(trainee, exam, start)
        leaves.record_activity(attempt, [leaves.Leave("leave-first-0", 1796572770000), leaves.Leave("leave-second-0", 1796572830000)],
                               {0: 20, 1: 7}, start + timedelta(minutes=2))
        attempts.close_attempt(attempt, start + timedelta(minutes=3), "submit")
        found = teacher.email, attempt.id
        db.session.remove()
        return found


def test_the_instructor_sees_leaves_and_times_at_both_widths(live, browser):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, track_leaves=True, leave_limit=3)
    teacher, attempt_id = instructor_with_sat_attempt(app, exam_id, email)
    for width, height in ((1280, 800), (360, 780)):
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        sign_in(page, base, teacher, password)
        for name, url in (("settings", f"/manage/exams/{exam_id}/edit"), ("paper", f"/reports/attempts/{attempt_id}"),
                          ("results", f"/manage/exams/{exam_id}/results")):
            page.goto(base + url)
            assert not axe_violations(axe_module.Axe(), page), url
            if SHOTS:
                target = page.locator("#leaves, form .form-check:has(#track_leaves), table.align-middle").first
                target.scroll_into_view_if_needed()
                page.screenshot(path=f"{SHOTS}/{name}-{width}.png")
        page.goto(base + f"/reports/attempts/{attempt_id}")
        text = page.inner_text("main")
        assert "离开考试页面 2 次（第 3 次自动交卷）：23:59:30、00:00:30（北京时间）" in text
        assert "用时 20 秒" in text and "用时 7 秒" in text
        page.goto(base + f"/manage/exams/{exam_id}/edit")
        assert page.is_checked("#track_leaves") and page.input_value("#leave_limit") == "3"
        page.context.close()


def test_switching_between_two_tabs_of_the_attempt_or_reloading_is_not_a_leave(live, browser):
    app, context, first = sitting(live, browser, limit=0, width=1280, height=800)
    second = context.new_page()
    second.goto(first.url)
    second.wait_for_selector("#exam")
    first.evaluate(LEAVE)                                      # the trainee moves from the first tab ...
    second.evaluate("() => window.dispatchEvent(new Event('focus'))")   # ... to the second: it claims presence
    second.wait_for_timeout(2500)
    second.reload()                                            # a reload is not a leave either
    second.wait_for_selector("#exam")
    second.wait_for_timeout(2500)
    assert stored(app)[0] == 0 and second.inner_text("#leave-count") == "离开考试页面将被记录"
    away(second)                                               # from the second tab to another application: a leave
    # the other tab shows it too: at once through localStorage, or, when the second tab's report was already
    # acknowledged and cleared, from its own next report's reply (every 30 s)
    expect(first.locator("#leave-count")).to_have_text("已离开考试页面 1 次", timeout=45000)
    assert wait_for(app, lambda s: s[0] == 1)[0] == 1
    context.close()
