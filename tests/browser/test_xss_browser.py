"""A sample of the stored payloads, opened in Chromium with the real CSP: no script runs."""
from sqlalchemy import select

from tests.browser.conftest import sign_in
from tests.security.payloads import PAYLOADS

SAMPLE = [p for p in PAYLOADS if "alert" in p][:12]


def test_stored_payloads_do_not_run_in_the_browser(live, browser):
    base, app, _ = live
    from app.extensions import db
    from app.models import Question, Role
    from app.practice import services
    from tests.factories import PASSWORD, make_user

    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
        version = question.current
        version.stem = "\n\n".join(SAMPLE)
        version.explanation = "\n\n".join(SAMPLE)
        trainee = make_user(name=SAMPLE[0][:80])
        staff = make_user(role=Role.INSTRUCTOR)
        services.save_note(trainee.id, question.id, "\n".join(SAMPLE), version.created_at)
        db.session.commit()
        qid, trainee_email, staff_email = question.id, trainee.email, staff.email
    dialogs = []

    def open_page():
        # One browser context per user: a late response cannot carry the first user's cookie over.
        page = browser.new_context().new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        return page

    page = open_page()
    sign_in(page, base, trainee_email, PASSWORD)
    page.goto(f"{base}/practice/section/alpha-traits")
    page.goto(f"{base}/practice/study/alpha")
    page.goto(f"{base}/search?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    page.wait_for_timeout(300)
    page.context.close()
    page = open_page()
    sign_in(page, base, staff_email, PASSWORD)
    page.goto(f"{base}/questions/{qid}")
    page.wait_for_timeout(500)
    assert dialogs == []
    page.context.close()
