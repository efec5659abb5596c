"""Issue 13, item 6, in a browser on a phone: the review filters to 只看错题 in place, and the answer sheet
jumps to any item, on this page or another; 纠错 is sent in place; without JavaScript the same links load the filtered page."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import make_trainee_and_exam, sign_in
from tests.browser.test_exam_browser import choose, start_exam
from tests.exams.test_review import EVERY_TYPE, MORE

PHONE = {"width": 360, "height": 780}


def sit_paper(app, tmp_path, browser, **context_options):
    """A trainee's paper of every type, submitted: 判断 wrong, 单选 right and flagged, the rest unanswered."""
    from app.content.sync import sync_content
    from tests.content.tree import write_tree

    with app.app_context():
        sync_content(*write_tree(tmp_path / "tree", **{"questions/02-more.md": MORE}))
    email, password, exam_id = make_trainee_and_exam(app, blueprint=EVERY_TYPE)
    context = browser.new_context(viewport=PHONE, **context_options)
    page = context.new_page()
    return context, page, email, password, exam_id


def answer_and_submit(page, base, exam_id):
    start_exam(page, base, exam_id)
    page.click("#toggle-layout")                                  # the whole paper, to answer two at once
    choose(page, "true_false", "true")                            # the key is 错
    choose(page, "single", "B")
    page.locator(".exam-question", has=page.locator(".question[data-type='single']")).locator(".flag-input").check()
    expect(page.locator("#save-status")).to_have_text("所有答案已保存")
    page.click("#open-submit")
    page.click("#confirm-submit")
    page.wait_for_url("**/result")


def test_phone_review_filters_to_the_wrong_ones_and_the_sheet_jumps(live, browser, tmp_path):
    base, app, _ = live
    context, page, email, password, exam_id = sit_paper(app, tmp_path, browser)
    sign_in(page, base, email, password)
    answer_and_submit(page, base, exam_id)
    items = page.locator("#review article.review-item")
    expect(items).to_have_count(5)
    expect(page.locator(".review-item", has_text="判断题")).to_contain_text("你的答案：对")

    page.get_by_role("link", name="只看错题（1）").click()
    expect(page).to_have_url(re.compile(r"result\?show=wrong$"))
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("✗ 错误")
    expect(page.get_by_role("link", name="只看错题（1）")).to_have_attribute("aria-current", "page")

    single = page.locator(".review-sheet a[aria-label*='正确']")  # outside the filter: the sheet opens 全部 there
    target = single.get_attribute("href").rsplit("#", 1)[1]
    single.click()
    expect(page).to_have_url(re.compile(r"/result(\?page=\d+)?#" + target + "$"))
    expect(items).to_have_count(5)
    page.wait_for_function("""id => { const top = document.getElementById(id).getBoundingClientRect().top;
                                     return top >= 0 && top < 100; }""", arg=target)   # at the top, once a smooth scroll ends
    expect(page.locator(f"#{target}")).to_contain_text("⚑ 已标记")

    page.go_back()                                                   # back: the filtered list again
    expect(items).to_have_count(1)

    report = items.first.locator("details.report")                   # 纠错 in place, in the swapped-in review
    report.locator("summary").click()
    report.get_by_label("答案有误").check()
    report.get_by_role("button", name="提交纠错").click()
    expect(report.locator(".inplace-status")).to_contain_text("已收到你的纠错")
    expect(page).to_have_url(re.compile(r"result\?show=wrong$"))
    context.close()


def test_without_javascript_the_filter_and_the_sheet_are_plain_links(live, browser, tmp_path):
    base, app, _ = live
    context, page, email, password, exam_id = sit_paper(app, tmp_path, browser)
    sign_in(page, base, email, password)
    answer_and_submit(page, base, exam_id)
    url = page.url
    context.close()
    quiet = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = quiet.new_page()
    sign_in(page, base, email, password)
    page.goto(url)
    page.get_by_role("link", name="只看标记（1）").click()
    expect(page).to_have_url(re.compile(r"result\?show=flagged$"))
    expect(page.locator("#review article.review-item")).to_have_count(1)
    expect(page.locator("#review article.review-item")).to_contain_text("✓ 正确")
    quiet.close()
