"""Roster import: an Excel roster, a line-numbered preview, one transaction, initial passwords on a slip."""
import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.auth.passwords import verify_password
from app.extensions import db
from app.models import CohortMember, Role, RosterBatch, User
from tests.factories import PASSWORD, make_cohort, make_user


def roster(*rows, headers=("姓名", "手机号", "邮箱", "班级")) -> bytes:
    book = Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, filename="名单.xlsx"):
    return client.post("/cohorts/roster", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def batch_id(response) -> int:
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_template_has_the_headers(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = client.get("/cohorts/roster/template.xlsx")
    assert response.status_code == 200
    header = next(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert header[:4] == ("姓名", "手机号", "邮箱", "班级")


def test_preview_lists_every_problem_by_line_and_writes_nothing(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    make_cohort(name="别人的班")
    make_user(role=Role.INSTRUCTOR, phone="13700137000")
    before = user_count()
    response = upload(client, roster(
        ("张三", "13800138000", "", "一班"),
        ("李四", "12345", "", "一班"),
        ("王五", "+86 138-0013-8000", "", "一班"),
        ("赵六", "13900139000", "not-an-email", "二班"),
        ("", "13600136000", "", "一班"),
        ("钱七", "13500135000", "", "别人的班"),
        ("孙八", "13700137000", "", "一班"),
    ))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for expected in ("第 3 行：手机号“12345”不是有效的大陆手机号", "第 4 行：手机号 13800138000 与第 2 行重复",
                     "第 5 行：邮箱“not-an-email”格式不正确", "第 5 行：班级“二班”不存在",
                     "第 6 行：缺少姓名", "第 7 行：班级“别人的班”不存在", "第 8 行：手机号 13700137000 已被讲师或管理员账号使用"):
        assert expected in page, expected
    assert "确认导入" not in page
    confirm = client.post(f"/cohorts/roster/{batch_id(response)}/confirm")
    assert confirm.status_code == 400 and "请修改文件后重新上传" in confirm.get_data(as_text=True)
    assert user_count() == before


def test_confirm_creates_accounts_with_a_slip_and_first_sign_in_forces_a_change(app, client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("张三", "138 0013 8000", "", "一班"), ("李四", 13900139000, "Li@Example.com", "一班")))
    assert "2 名新学员" in client.get(response.headers["Location"]).get_data(as_text=True)
    slip = client.post(f"/cohorts/roster/{batch_id(response)}/confirm")
    assert slip.status_code == 200 and slip.headers["Cache-Control"] == "no-store"
    body = slip.get_data(as_text=True)
    passwords = re.findall(r'class="col-8 mb-0 slip-password"><code>([^<]+)</code>', body)
    assert len(passwords) == 2 and "13800138000" in body and "li@example.com" in body
    zhang = db.session.scalar(select(User).where(User.phone == "13800138000"))
    assert zhang.name == "张三" and zhang.email is None and zhang.must_change_password and zhang.role == "trainee"
    assert verify_password(zhang.password_hash, passwords[0])
    assert passwords[0] not in str(db.session.scalar(select(RosterBatch)).rows)
    assert db.session.scalar(select(func.count()).select_from(CohortMember).where(CohortMember.cohort_id == cohort.id)) == 2

    trainee = app.test_client()
    assert trainee.post("/auth/login", data={"email": "13800138000", "password": passwords[0]}).status_code == 302
    blocked = trainee.get("/practice/")
    assert blocked.status_code == 302 and "/auth/password" in blocked.headers["Location"]
    changed = trainee.post("/auth/password", data={"current": passwords[0], "password": "My-Own-Secret-5",
                                                   "confirm": "My-Own-Secret-5"})
    assert changed.status_code == 302
    assert trainee.get("/").status_code == 200


def test_confirming_twice_creates_nothing_more(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("张三", "13800138000", "", "一班")))
    assert client.post(f"/cohorts/roster/{batch_id(response)}/confirm").status_code == 200
    again = client.post(f"/cohorts/roster/{batch_id(response)}/confirm")
    assert again.status_code == 409 and "已经导入" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.phone == "13800138000")) == 1


def test_number_taken_between_preview_and_confirm_writes_nothing(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("张三", "13800138000", "", "一班"), ("李四", "13900139000", "", "一班")))
    make_user(role=Role.INSTRUCTOR, phone="13900139000")
    before = user_count()
    confirm = client.post(f"/cohorts/roster/{batch_id(response)}/confirm")
    assert confirm.status_code == 400 and "第 3 行" in confirm.get_data(as_text=True)
    assert user_count() == before


def test_existing_trainee_joins_the_cohort_and_keeps_the_password(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    cohort = make_cohort(owner=teacher, name="一班")
    old = make_user(phone="13800138000", name="老学员")
    response = upload(client, roster(("老学员", "13800138000", "", "一班")))
    body = client.post(f"/cohorts/roster/{batch_id(response)}/confirm").get_data(as_text=True)
    assert "已有账号" in body
    db.session.refresh(old)
    assert verify_password(old.password_hash, PASSWORD) and not old.must_change_password
    assert [c.id for c in old.cohorts] == [cohort.id]


def test_another_instructor_cannot_open_or_confirm_my_roster(app, client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("张三", "13800138000", "", "一班")))
    other = make_user(role=Role.INSTRUCTOR)
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert intruder.get(f"/cohorts/roster/{batch_id(response)}").status_code == 404
    assert intruder.post(f"/cohorts/roster/{batch_id(response)}/confirm").status_code == 404
    assert intruder.get("/cohorts/roster/99999999999999999999").status_code == 404
    assert db.session.scalar(select(User).where(User.phone == "13800138000")) is None


def test_trainee_cannot_import(client, login_as):
    login_as(Role.TRAINEE)
    assert upload(client, roster(("张三", "13800138000", "", "一班"))).status_code == 403


def test_slip_downloads_as_excel_and_refuses_a_forged_one(client, login_as):
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("@SUM(A1)", "13800138000", "", "一班")))
    body = client.post(f"/cohorts/roster/{batch_id(response)}/confirm").get_data(as_text=True)
    token = re.search(r'name="slip" value="([^"]+)"', body).group(1)
    download = client.post("/cohorts/roster/slip.xlsx", data={"slip": token})
    assert download.status_code == 200
    rows = list(load_workbook(io.BytesIO(download.data)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "登录账号", "初始密码", "班级")
    assert rows[1][0] == "'@SUM(A1)" and rows[1][1] == "13800138000" and len(rows[1][2]) >= 10
    forged = client.post("/cohorts/roster/slip.xlsx", data={"slip": token[:-2] + "xx"})
    assert forged.status_code == 400 and "已失效" in forged.get_data(as_text=True)


def test_not_an_excel_file_or_missing_headers_is_explained(client, login_as):
    login_as(Role.INSTRUCTOR)
    response = upload(client, b"hello", "roster.xlsx")
    assert response.status_code == 400 and "无法读取 Excel 文件" in response.get_data(as_text=True)
    response = upload(client, roster(("张三",), headers=("名字",)))
    assert response.status_code == 400 and "缺少必需的表头：姓名、手机号、班级" in response.get_data(as_text=True)
    response = upload(client, roster(("张三", "13800138000", "", "一班")), "roster.csv")
    assert response.status_code == 400 and ".xlsx" in response.get_data(as_text=True)


def test_phone_numbers_as_wps_and_libreoffice_write_them_become_plain_digits(client, login_as):
    """A number cell (13800138000.0), a literal leading apostrophe, full-width digits typed with a Chinese
    input method: each is the same mainland number, stored in ASCII so the trainee can sign in with it."""
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, name="一班")
    response = upload(client, roster(("张三", 13800138000.0, "", "一班"), ("李四", "'13900139000", "", "一班"),
                                     ("王五", "１３７００１３７０００", "", "一班"), ("赵六", "＋８６ 136-0013-6000", "", "一班")))
    assert "4 名新学员" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.post(f"/cohorts/roster/{batch_id(response)}/confirm").status_code == 200
    phones = set(db.session.scalars(select(User.phone).where(User.phone.is_not(None))))
    assert phones == {"13800138000", "13900139000", "13700137000", "13600136000"}
