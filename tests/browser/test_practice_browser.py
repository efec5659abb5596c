"""Practice, 收藏/笔记/纠错 in place, the home page and honest reading progress, in a real browser."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import sign_in


def trainee(app):
    from tests.factories import PASSWORD, make_user

    with app.app_context():
        return make_user().email, PASSWORD


def scalar(app, statement):
    from app.extensions import db

    with app.app_context():
        value = db.session.scalar(statement)
        db.session.remove()
        return value


def test_a_set_marks_the_options_and_ends_with_a_summary(live, browser):
    base, app, _ = live
    page = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    sign_in(page, base, *trainee(app))
    page.goto(f"{base}/practice/chapter/alpha")
    page.click("label[for=size-10]")
    page.click("#start-set")
    expect(page.locator("#counter")).to_have_text("1 / 2")
    page.check("input[value=A]")
    page.click("#answer-form button[type=submit]")
    expect(page.locator(".choice-wrong")).to_contain_text("✗ 你的选择")
    expect(page.locator(".choice-correct")).to_contain_text("✓ 正确答案")
    page.click("#next-question")
    expect(page.locator("#counter")).to_have_text("2 / 2")
    page.check("input[value=false]")
    page.click("#answer-form button[type=submit]")
    page.click("#next-question")   # 查看结果
    expect(page.locator("#set-score")).to_have_text("答对 1 / 2 题")
    page.click("text=错题重练（1 题）")
    expect(page.locator("#counter")).to_have_text("1 / 1")


def test_favourite_note_and_report_work_in_place(live, browser):
    from app.models import Favourite, Note, QuestionReport

    base, app, _ = live
    page = browser.new_context().new_page()
    sign_in(page, base, *trainee(app))
    page.goto(f"{base}/practice/chapter/alpha")
    page.click("#start-set")
    page.check("input[value=A]")
    page.click("#answer-form button[type=submit]")
    answered = page.url
    page.click("#personal form[data-inplace=favourite] button")
    expect(page.locator("#personal form[data-inplace=favourite] button")).to_have_text("★ 已收藏")
    page.click("#personal summary")
    page.fill("#personal textarea[name=text]", "易错：非实体性")
    page.click("#personal form[data-inplace=note] button")
    expect(page.locator("#personal .inplace-status")).to_have_text("笔记已保存。")
    page.click(".report summary")
    page.check(".report input[value=answer]")
    page.fill(".report textarea", "我觉得答案应为 C")
    page.click(".report button[type=submit]")
    expect(page.locator(".report .inplace-status")).to_contain_text("已收到你的纠错")
    assert page.url == answered and page.locator(".choice-wrong").count() == 1   # still the answered question
    assert scalar(app, select(func.count()).select_from(Favourite)) == 1
    assert scalar(app, select(Note.text)) == "易错：非实体性"
    assert scalar(app, select(QuestionReport.text)) == "我觉得答案应为 C"


def test_home_starts_the_reviews_due(live, browser):
    base, app, _ = live
    email, password = trainee(app)
    page = browser.new_context().new_page()
    sign_in(page, base, email, password)
    page.goto(f"{base}/practice/chapter/alpha")
    page.click("#start-set")
    page.check("input[value=A]")
    page.click("#answer-form button[type=submit]")
    from datetime import datetime

    from app.models import ReviewCard
    with app.app_context():
        from app.extensions import db
        db.session.execute(ReviewCard.__table__.update().values(due=datetime(2020, 1, 1)))
        db.session.commit()
    page.goto(f"{base}/")
    expect(page.locator("#continue-reading")).to_be_visible()
    page.click("#start-review")
    expect(page.locator("#counter")).to_have_text("1 / 1")
    expect(page.locator(".question-stem")).to_contain_text("服务最基本的特性是")


def test_jumping_through_the_contents_marks_nothing_and_reading_does(live, browser):
    from app.models import SectionRead

    base, app, _ = live
    app.config.update(READING_MIN_SECONDS=3, READING_CHARS_PER_SECOND=1000)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, base, *trainee(app))
    page.goto(f"{base}/chapters/alpha")
    # sections longer than a screen, as real ones are
    page.evaluate("document.querySelectorAll('#chapter p').forEach(function (p) { p.style.marginBottom = '900px'; })")
    for anchor in ("alpha-more", "alpha-summary", "alpha-review", "alpha-traits"):
        page.click(f"#toc a[href='#{anchor}']")
        page.wait_for_timeout(300)
    page.wait_for_timeout(700)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert scalar(app, select(func.count()).select_from(SectionRead)) == 0
    page.evaluate("document.getElementById('alpha-more').scrollIntoView()")
    expect(page.locator("[data-end-of=alpha-more]")).to_have_text("✓ 本节已读", timeout=8000)
    assert scalar(app, select(func.count()).select_from(SectionRead)) == 1, _marked(app)


def _marked(app):
    from app.extensions import db
    from app.models import SectionRead
    with app.app_context():
        return [tuple(r) for r in db.session.execute(select(SectionRead.__table__)).all()]
