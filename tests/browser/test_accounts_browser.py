"""Accounts in a real browser: a copied session cookie dies at sign-out; a roster goes from file to slip to first sign-in."""
import re

from openpyxl import Workbook

from tests.browser.conftest import sign_in


def make_staff(app):
    from app.models import Role
    from tests.factories import PASSWORD, make_cohort, make_user

    with app.app_context():
        teacher = make_user(role=Role.INSTRUCTOR)
        make_cohort(owner=teacher, name="浏览器班")
        return teacher.email, PASSWORD


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(live, browser):
    base, app, _ = live
    email, password = make_staff(app)
    owner = browser.new_context()
    page = owner.new_page()
    sign_in(page, base, email, password)
    thief = browser.new_context()
    thief.add_cookies([{**c, "sameSite": c.get("sameSite", "Lax")} for c in owner.cookies() if c["name"] == "session"])
    stolen = thief.new_page()
    stolen.goto(f"{base}/cohorts/")
    assert stolen.url == f"{base}/cohorts/"
    page.click("nav .account-toggle")              # 退出 sits in the account menu
    page.click("form[action='/auth/logout'] button")
    page.wait_for_url(re.compile(r".*/auth/login.*"))
    stolen.goto(f"{base}/cohorts/")
    assert "/auth/login" in stolen.url


def test_roster_upload_to_slip_to_first_sign_in(live, browser, tmp_path):
    base, app, _ = live
    email, password = make_staff(app)
    book = Workbook()
    book.active.append(["姓名", "手机号", "邮箱", "班级"])
    book.active.append(["浏览器学员", "+86 139-0013-9000", "", "浏览器班"])
    roster = tmp_path / "名单.xlsx"
    book.save(roster)
    page = browser.new_context().new_page()
    sign_in(page, base, email, password)
    page.goto(f"{base}/cohorts/roster")
    page.set_input_files("#file", str(roster))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/cohorts/roster/\d+$"))
    assert "1 名新学员" in page.content()
    page.click("text=确认导入并生成账号单")
    initial = page.inner_text(".slip-password code").strip()
    assert len(initial) == 10
    with page.expect_download() as download:
        page.click("text=下载账号单（Excel）")
    assert download.value.suggested_filename == "账号单.xlsx"

    trainee = browser.new_context().new_page()
    trainee.goto(f"{base}/auth/login")
    trainee.fill("#email", "13900139000")
    trainee.fill("#password", initial)
    trainee.click("main button[type=submit]")
    trainee.wait_for_url(f"{base}/auth/password")
    assert "初始密码" in trainee.content()
