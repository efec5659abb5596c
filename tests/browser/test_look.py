"""The navigation and the data tables as people see them, at 360 and 1280 pixels."""
import pytest

from app.models import Role
from tests.browser.conftest import sign_in
from tests.browser.pages import make_people_and_data

ACTIVE = "nav .nav-link.active, nav .dropdown-item.active"


def signed_in_page(browser, base, data, role, width, height=800):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, base, data["emails"][role], data["password"])
    return page


@pytest.mark.parametrize("path, label", [("/chapters/alpha", "章节学习"), ("/cases/card", "案例"),
                                         ("/search?q=服务", "搜索"), ("/practice/chapter/alpha", "练习")])
def test_exactly_one_menu_entry_is_active(live, browser, path, label):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 1280)
    page.goto(base + path)
    active = page.locator(ACTIVE)
    assert active.count() == 1, active.all_inner_texts()
    assert active.inner_text().strip() == label


def test_staff_menu_stays_on_one_line_at_1280(live, browser):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.ADMIN, 1280)
    page.goto(base + "/questions/")
    boxes = [page.locator("nav .navbar-nav > .nav-item").nth(i).bounding_box()
             for i in range(page.locator("nav .navbar-nav > .nav-item").count())]
    assert boxes and all(box and box["height"] < 48 for box in boxes), boxes
    assert len({round(box["y"]) for box in boxes}) == 1, "the menu wraps onto a second row"
    # the grouped entries open with the keyboard and lead to their pages
    page.locator("nav button.dropdown-toggle", has_text="题库").focus()
    page.keyboard.press("Enter")
    assert page.locator("nav .dropdown-menu.show .dropdown-item", has_text="导入题库").is_visible()


def _cells_report(page) -> list[str]:
    """Header cells that wrap, and text cells narrower than three characters."""
    return page.evaluate("""() => {
        const bad = [];
        for (const cell of document.querySelectorAll('main table th, main table td')) {
            const text = cell.innerText.trim();
            if (!text) continue;
            const style = getComputedStyle(cell);
            const font = parseFloat(style.fontSize), line = parseFloat(style.lineHeight) || font * 1.5;
            const box = cell.getBoundingClientRect();
            const inner = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            if (cell.tagName === 'TH' && inner > line * 1.6) bad.push('wrapped header: ' + text);
            if (text.length >= 3 && box.width < font * 3) bad.push('narrow cell: ' + text.slice(0, 12));
        }
        if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push('the page scrolls sideways');
        return bad;
    }""")


@pytest.mark.parametrize("path", ["/questions/", "/reports/cohorts/{cohort}", "/admin/users",
                                  "/manage/exams/{exam}/edit"])
def test_staff_tables_at_360_never_squeeze_to_a_character_per_line(live, browser, path):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.ADMIN, 360, 780)
    response = page.goto(base + path.format(**data["ids"]))
    assert response.status == 200
    assert page.locator("main table").count() > 0
    assert _cells_report(page) == []


def test_keyboard_reaches_the_skip_link_and_focus_is_visible(live, browser):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 1280)
    page.goto(base + "/chapters/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.innerText, getComputedStyle(document.activeElement).outlineWidth]")
    assert focused[0].strip() == "跳到正文"
    assert float(focused[1].replace("px", "")) >= 2


def _sync_long_chapter(app, tmp_path):
    """The real chapter 17 (long prose, a wide table, worked calculations) joins the live app's content;
    its links to chapters the test tree lacks become plain text."""
    import re
    from pathlib import Path

    from app.content.sync import sync_content
    from tests.content.tree import write_tree

    real = Path(__file__).resolve().parents[2] / "content" / "chapters" / "17-call-centre.md"
    text = re.sub(r"\[([^\]]+)\]\(/chapters/[^)]*\)", r"\1", real.read_text(encoding="utf-8"))
    content, cases = write_tree(tmp_path / "long", **{"chapters/17-call-centre.md": text})
    with app.app_context():
        sync_content(content, cases)
    return "/chapters/call-centre"


def test_chapter_table_scrolls_inside_its_box_on_a_phone(live, browser, tmp_path):
    base, app, _ = live
    data = make_people_and_data(app)
    path = _sync_long_chapter(app, tmp_path)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 360, 780)
    assert page.goto(base + path).status == 200
    table = page.locator("main .chapter-body table").first
    assert table.count() == 1
    box = page.evaluate("""() => { const t = document.querySelector('main .chapter-body table');
        return {width: t.clientWidth, scroll: t.scrollWidth, overflow: getComputedStyle(t).overflowX}; }""")
    assert box["overflow"] == "auto" and box["scroll"] > box["width"], box   # it scrolls, it does not squeeze
    assert _cells_report(page) == []
    # 标记已读 beside a long section title stays on one line
    heights = page.evaluate("() => [...document.querySelectorAll('.reading-marks .btn')].map(b => b.offsetHeight)")
    assert heights and max(heights) <= 48, heights


def test_chapter_prose_keeps_a_reading_width_on_a_wide_screen(live, browser, tmp_path):
    base, app, _ = live
    data = make_people_and_data(app)
    path = _sync_long_chapter(app, tmp_path)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 1280)
    page.goto(base + path)
    widths = page.evaluate("""() => [...document.querySelectorAll('main .chapter-body > p')].map(p => {
        const size = parseFloat(getComputedStyle(p).fontSize);
        return p.getBoundingClientRect().width / size; })""")
    assert widths and max(widths) <= 44, max(widths)   # about 40 Chinese characters a line, never 50+
    line = page.evaluate("() => { const p = document.querySelector('main .chapter-body > p'); const s = getComputedStyle(p);"
                         " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }")
    assert line >= 1.7, line


_SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)].filter(e => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.height < 44; }).map(e =>
        (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 12) + ': ' + Math.round(e.getBoundingClientRect().height))"""
TARGETS = "main .choice, main .btn, main summary, main .link-tap, main .sheet a, main .form-control, main label.btn"


def test_practice_controls_are_thumb_sized_on_a_phone(live, browser):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 360, 780)
    page.goto(base + "/practice/chapter/alpha")
    assert page.evaluate(_SMALL_TARGETS, TARGETS) == []          # the set sizes and 开始练习
    page.click("label[for=size-10]")
    page.click("#start-set")
    assert page.locator("main .choice").count() >= 2
    assert page.evaluate(_SMALL_TARGETS, TARGETS) == []          # options, 提交答案, 跳过, 答题卡, 收藏, 笔记, 纠错
    page.locator("main .choice").first.click()
    page.click("#answer-form button[type=submit]")
    assert page.evaluate(_SMALL_TARGETS, TARGETS) == []          # the answered question
    for path in ("/practice/", "/practice/book", "/practice/favourites", "/practice/notes", "/feedback/mine", "/"):
        page.goto(base + path)
        assert page.evaluate(_SMALL_TARGETS, TARGETS) == [], path
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("path", ["/practice/favourites", "/practice/notes", "/feedback/mine", "/practice/book"])
def test_an_empty_list_says_what_to_do_next(live, browser, path):
    base, app, _ = live
    data = make_people_and_data(app)
    page = signed_in_page(browser, base, data, Role.TRAINEE, 360, 780)
    page.goto(base + path)
    empty = page.locator("main .empty-state")
    assert empty.count() == 1
    assert empty.locator("a.btn").count() == 1 and empty.locator("a.btn").inner_text().strip()
