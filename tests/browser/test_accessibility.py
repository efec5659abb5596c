"""axe-core over every page of every role: no violation of impact serious or critical."""
import pytest

from app.models import Role
from tests.browser.conftest import sign_in
from tests.browser.pages import make_people_and_data, pages_for

BLOCKING = {"serious", "critical"}


def axe_violations(axe, page) -> list[str]:
    results = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} — {v['help']}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN], ids=lambda r: r.value)
def test_every_page_has_no_serious_accessibility_violation(live, browser, role):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")
    base, app, _ = live
    data = make_people_and_data(app)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, base, data["emails"][role], data["password"])
    axe = axe_module.Axe()
    found = {}
    urls = pages_for(role, data)
    assert len(urls) > 10, urls
    for url in urls:
        probe = page.request.get(base + url)
        assert probe.status == 200, url
        if "text/html" not in probe.headers.get("content-type", "") or "attachment" in probe.headers.get(
                "content-disposition", ""):
            continue
        page.goto(base + url)
        if problems := axe_violations(axe, page):
            found[url] = problems
    context.close()
    assert not found, "\n".join(f"{url}: {p}" for url, problems in found.items() for p in problems)


def test_login_and_register_pages_have_no_serious_accessibility_violation(live, browser):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="needs axe-playwright-python")
    base, _, _ = live
    page = browser.new_page(viewport={"width": 360, "height": 780})
    axe = axe_module.Axe()
    for url in ("/auth/login", "/auth/register"):
        page.goto(base + url)
        assert not axe_violations(axe, page), url
