"""The start button under a storm, in a real browser: it disables and shows progress, retries a 503
with backoff, and a retry whose first try did reach the server resumes that attempt."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import make_trainee_and_exam, sign_in


def attempt_count(app) -> int:
    from app.extensions import db
    from app.models import Attempt

    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Attempt))
        db.session.remove()
        return count


def _press_start(page, base, exam_id, handler):
    seen = []
    page.route(f"{base}/exams/{exam_id}/start", lambda route: handler(route, seen))
    page.goto(f"{base}/exams/")
    page.click(f"form[action='/exams/{exam_id}/start'] button")
    return seen


def test_start_retries_a_503_and_lands_on_the_paper(live, browser):
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app)
    page = browser.new_context().new_page()
    sign_in(page, base, email, password)

    def busy_first(route, seen):
        seen.append(route.request.method)
        if len(seen) == 1:
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()
    button = f"form[action='/exams/{exam_id}/start'] button"
    seen = _press_start(page, base, exam_id, busy_first)
    expect(page.locator(button)).to_be_disabled()
    expect(page.locator(".start-status")).to_contain_text("重试")
    page.wait_for_selector("#exam", timeout=20000)
    assert seen == ["POST", "POST"] and attempt_count(app) == 1


def test_start_whose_answer_was_lost_resumes_the_same_attempt(live, browser):
    """The first press reaches the server and creates the attempt; the proxy loses the answer (503)."""
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app)
    page = browser.new_context().new_page()
    sign_in(page, base, email, password)

    def lose_first_answer(route, seen):
        response = route.fetch()
        seen.append(response.status)
        if len(seen) == 1:
            route.fulfill(status=503, body="lost")
        else:
            route.fulfill(response=response)
    seen = _press_start(page, base, exam_id, lose_first_answer)
    page.wait_for_selector("#exam", timeout=20000)
    assert seen[0] == 200 and len(seen) >= 2 and attempt_count(app) == 1
