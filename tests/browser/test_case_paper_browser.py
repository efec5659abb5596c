"""The case text of a case question, in a real browser: beside the question on a wide screen, above
it and collapsible on a phone."""
from playwright.sync_api import expect

from tests.browser.conftest import make_trainee_and_exam, sign_in
from tests.exams.conftest import CASES


def open_case_paper(browser, base, app, width, height):
    email, password, exam_id = make_trainee_and_exam(app, blueprint=CASES)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, base, email, password)
    page.goto(f"{base}/exams/")
    page.click(f"form[action='/exams/{exam_id}/start'] button")
    page.wait_for_selector("#exam")
    return context, page


def test_case_text_is_beside_the_question_on_a_wide_screen(live, browser):
    base, app, _ = live
    context, page = open_case_paper(browser, base, app, 1280, 800)
    case, stem = page.locator(".case-text").bounding_box(), page.locator(".question-stem").bounding_box()
    assert case["x"] + case["width"] <= stem["x"] and abs(case["y"] - stem["y"]) < 80
    expect(page.locator(".case-question button[data-bs-toggle]")).to_be_hidden()
    context.close()


def test_case_text_is_above_the_question_and_collapsible_on_a_phone(live, browser):
    base, app, _ = live
    context, page = open_case_paper(browser, base, app, 360, 780)
    case, stem = page.locator(".case-text").bounding_box(), page.locator(".question-stem").bounding_box()
    assert case["y"] + case["height"] <= stem["y"]
    expect(page.locator(".case-text")).to_contain_text("柜员机吞了客户的卡")
    page.click(".case-question button[data-bs-toggle]")
    expect(page.locator(".case-text")).to_be_hidden()
    page.click(".case-question button[data-bs-toggle]")
    expect(page.locator(".case-text")).to_be_visible()
    context.close()
