"""The import preview in a browser: upload, see the questions, choose what to do with duplicates, confirm."""
from sqlalchemy import func, select

from tests.browser.conftest import sign_in

GIFT = ("$CATEGORY: $course$/top/服务质量差距模型\n\n"
        "::q1::差距五是顾客期望与顾客**感知**之间的差距。{T}\n\n"
        "::q2::差距五是顾客期望与顾客**感知**之间的差距。{T}\n\n"
        "::q3::属于服务特性的有 {\n~%50%非实体性\n~%50%差异性\n~%-100%可储存性\n}\n")


def _count(app):
    from app.extensions import db
    from app.models import Question

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Question))


def test_duplicates_imported_as_new_at_the_instructors_choice(live, browser, tmp_path):
    from app.extensions import db
    from app.models import Role
    from tests.factories import PASSWORD, make_user

    base, app, _ = live
    with app.app_context():
        email = make_user(role=Role.INSTRUCTOR).email
        db.session.commit()
    before = _count(app)
    path = tmp_path / "moodle.gift.txt"
    path.write_text(GIFT, encoding="utf-8")
    page = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    sign_in(page, base, email, PASSWORD)
    page.goto(f"{base}/questions/import")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('上传并预览')")
    page.wait_for_url("**/questions/import/*")
    assert "格式：Moodle GIFT" in page.content() and "重复" in page.inner_text("main")
    assert page.locator(".import-preview strong").first.inner_text() == "感知"  # rendered Markdown
    page.check("input[value=new]")
    page.click("button:has-text('确认导入')")
    page.wait_for_url(f"{base}/questions/")
    assert "新增 3 道题" in page.content()
    assert _count(app) == before + 3
