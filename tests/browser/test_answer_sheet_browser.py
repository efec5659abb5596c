"""Issue 13, item 5: the answer sheet (答题卡) is always at hand, as a drawer opened from the sticky bar;
answered, flagged and current are distinct; a jump lands with the question's header in view; a phone
shows one question at a time by default."""
from playwright.sync_api import expect

from tests.browser.conftest import make_trainee_and_exam, sign_in
from tests.browser.test_exam_browser import choose, start_exam

FIVE = [{"type": "true_false", "count": 1, "points": 0.5, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5},
        {"type": "single", "count": 1, "points": 1, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5},
        {"type": "case", "count": 1, "points": 25, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5}]


def cell(page, number):
    return page.locator("#sheet .sheet-cell").nth(number - 1)


def marks(page, number) -> set:
    """What the answer sheet says about question `number`: answered, flagged, current."""
    return set(cell(page, number).evaluate("c => [...c.classList]")) & {"answered", "flagged", "current"}


def test_phone_sheet_drawer_marks_answered_flagged_current_and_jumps_below_the_bar(live, browser):
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, blueprint=FIVE)
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    sections = page.locator(".exam-question")
    expect(sections.nth(0)).to_be_visible()                   # a phone: one question at a time
    expect(sections.nth(1)).to_be_hidden()
    choose(page, "true_false", "false")
    page.click("#open-sheet")
    drawer = page.locator("#sheet-drawer")
    expect(drawer).to_be_visible()
    assert marks(page, 1) == {"answered", "current"}
    cell(page, 3).click()                                     # jump to the case question
    expect(drawer).to_be_hidden()
    expect(sections.nth(2)).to_be_visible()
    header = sections.nth(2).locator(".card-body > div").first.bounding_box()
    bar = page.locator(".exam-bar").bounding_box()
    assert header["y"] >= bar["y"] + bar["height"] - 1 and header["y"] < 780
    sections.nth(2).locator(".flag-input").check()
    page.click("#open-sheet")
    assert (marks(page, 1), marks(page, 2), marks(page, 3)) == ({"answered"}, set(), {"flagged", "current"})
    context.close()


def test_desktop_shows_the_whole_paper_and_the_sheet_jump_keeps_the_header_in_view(live, browser):
    base, app, _ = live
    email, password, exam_id = make_trainee_and_exam(app, blueprint=FIVE)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, base, email, password)
    start_exam(page, base, exam_id)
    expect(page.locator(".exam-question").nth(2)).to_be_visible()     # the whole paper
    page.click("#open-sheet")
    cell(page, 3).click()
    page.wait_for_timeout(600)
    header = page.locator(".exam-question").nth(2).locator(".card-body > div").first.bounding_box()
    bar = page.locator(".exam-bar").bounding_box()
    assert bar["y"] + bar["height"] - 1 <= header["y"] < 800
    page.click("#open-sheet")
    assert marks(page, 3) == {"current"} and marks(page, 1) == set()
    context.close()
