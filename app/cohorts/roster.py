"""Roster import: an Excel sheet of trainees (姓名, 手机号, 邮箱, 班级) becomes accounts in one transaction.

Everything is checked first and reported by Excel row number; nothing is written until the
instructor confirms a roster without problems, and then all of it is written or none of it.
New accounts get a random initial password that is shown once, on the slip, and must be changed
at first sign-in; a trainee who already has an account is only added to the cohort.
"""
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.admin.audit import describe_user, record
from app.auth.passwords import hash_password, new_initial_password
from app.auth.phones import normalise_phone
from app.extensions import db
from app.models import Cohort, CohortMember, Role, RosterBatch, User
from app.transfer.xlsx import _cell_text
from app.transfer.xlsx_sheet import read_sheet

HEADERS = ["姓名", "手机号", "邮箱", "班级"]
REQUIRED = ("姓名", "手机号", "班级")
MAX_ROWS = 200  # each new account costs one Argon2 hash (~40 ms): 200 stay well inside the 30 s worker timeout


class RosterError(Exception):
    """The file or the batch cannot be imported; the message says why, in Chinese."""


class AlreadyImported(RosterError):
    pass


@dataclass(frozen=True)
class SlipRow:
    name: str
    login: str
    password: str      # empty for an account that already existed
    cohort: str


def read_roster(data: bytes, filename: str, importer: User, now: datetime) -> RosterBatch:
    """Parse and check an upload; store what was found for the preview. Raises RosterError for an unreadable file."""
    rows, failure = read_sheet(data, filename)
    if failure:
        raise RosterError(failure.message + "。")
    header_at = next((i for i, row in enumerate(rows[:10]) if "姓名" in map(_cell_text, row)), 0)
    header = [_cell_text(v) for v in rows[header_at]] if rows else []
    columns = {name: i for i, name in reversed(list(enumerate(header))) if name in HEADERS}
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise RosterError(f"缺少必需的表头：{'、'.join(missing)}（请使用名单模板）。")
    found = []
    for line, row in enumerate(rows[header_at + 1:], header_at + 2):
        cells = {name: _cell_text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if any(cells.values()):
            found.append((line, cells))
    if not found:
        raise RosterError("名单中没有学员。")
    if len(found) > MAX_ROWS:
        raise RosterError(f"一次最多导入 {MAX_ROWS} 名学员，请拆分名单。")
    entries, problems = check_rows(found, importer)
    batch = RosterBatch(user_id=importer.id, filename=filename[:255], rows=entries, problems=problems, created_at=now)
    db.session.add(batch)
    db.session.commit()
    return batch


def check_rows(found: list[tuple[int, dict]], importer: User) -> tuple[list[dict], list[str]]:
    cohorts = _cohorts_by_name(importer)
    entries, problems, seen = [], [], {}
    for line, cells in found:
        entry, messages = _check_row(line, cells, cohorts, seen)
        problems += [f"第 {line} 行：{m}" for m in messages]
        entries.append(entry)
    return entries, problems + account_problems(entries)


def _check_row(line: int, cells: dict, cohorts: dict, seen: dict) -> tuple[dict, list[str]]:
    messages = []
    name, phone_text, email, cohort_name = (cells.get(h, "") for h in HEADERS)
    if not name:
        messages.append("缺少姓名。")
    elif len(name) > 80:
        messages.append("姓名不能超过 80 个字符。")
    phone = normalise_phone(phone_text)
    if phone is None:
        messages.append(f"手机号“{phone_text}”不是有效的大陆手机号（11 位，以 13–19 开头）。")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            messages.append(f"邮箱“{email}”格式不正确。")
    matches = cohorts.get(cohort_name, [])
    if not matches:
        messages.append(f"班级“{cohort_name}”不存在，或不是您的班级。" if cohort_name else "缺少班级。")
    elif len(matches) > 1:
        messages.append(f"有 {len(matches)} 个名为“{cohort_name}”的班级，请先改名以便区分。")
    for kind, value in (("手机号", phone), ("邮箱", email)):
        if value and (kind, value) in seen:
            messages.append(f"{kind} {value} 与第 {seen[kind, value]} 行重复。")
        elif value:
            seen[kind, value] = line
    entry = {"line": line, "name": name, "phone": phone, "email": email or None,
             "cohort_id": matches[0].id if len(matches) == 1 else None, "cohort": cohort_name, "user_id": None}
    return entry, messages


def _cohorts_by_name(importer: User) -> dict[str, list[Cohort]]:
    query = select(Cohort)
    if not importer.has_role(Role.ADMIN):
        query = query.where(Cohort.owner_id == importer.id)
    by_name: dict[str, list[Cohort]] = {}
    for cohort in db.session.scalars(query):
        by_name.setdefault(cohort.name, []).append(cohort)
    return by_name


def account_problems(entries: list[dict]) -> list[str]:
    """Match rows to existing accounts (setting `user_id`); a number or e-mail owned by someone else is a problem."""
    phones = [e["phone"] for e in entries if e["phone"]]
    emails = [e["email"] for e in entries if e["email"]]
    existing = db.session.scalars(select(User).where(or_(User.phone.in_(phones), User.email.in_(emails)))).all()
    by_phone = {u.phone: u for u in existing if u.phone}
    by_email = {u.email: u for u in existing if u.email}
    problems = []
    for entry in entries:
        user = by_phone.get(entry["phone"])
        other = by_email.get(entry["email"]) if entry["email"] else None
        entry["user_id"] = user.id if user else None
        if user is not None and user.role != Role.TRAINEE.value:
            problems.append(f"第 {entry['line']} 行：手机号 {entry['phone']} 已被讲师或管理员账号使用。")
        elif other is not None and other is not user:
            problems.append(f"第 {entry['line']} 行：邮箱 {entry['email']} 已被其他账号使用。")
    return problems


def confirm_roster(batch: RosterBatch, importer: User, now: datetime) -> list[SlipRow]:
    """Write the whole roster in one transaction and return the slip; the passwords exist only in it."""
    if batch.imported_at is not None:
        raise AlreadyImported("这份名单已经导入过了，账号没有重复创建。需要重新打印账号单时，请为学员重置密码。")
    if batch.problems:
        raise RosterError("名单中还有问题，请修改文件后重新上传。")
    entries = [dict(e) for e in batch.rows]
    problems = account_problems(entries)  # someone may have taken a number since the preview
    if problems:
        raise RosterError("自预览以来账号有变化，未导入任何学员：" + " ".join(problems))
    claimed = db.session.execute(update(RosterBatch).where(RosterBatch.id == batch.id, RosterBatch.imported_at.is_(None))
                                 .values(imported_at=now)).rowcount
    if not claimed:  # a second tab confirmed it a moment ago
        db.session.rollback()
        raise AlreadyImported("这份名单已经导入过了，账号没有重复创建。")
    try:
        slip = [_write_entry(entry, importer, now) for entry in entries]
        new = sum(1 for row in slip if row.password)
        record(importer.id, "roster.import", batch.filename or "名单",
               f"新建 {new} 个账号，{len(slip) - new} 个已有账号加入班级", now)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RosterError("导入时有账号被同时创建，未导入任何学员，请重新上传名单。") from None
    return slip


def _write_entry(entry: dict, importer: User, now: datetime) -> SlipRow:
    password = ""
    if entry["user_id"] is None:
        password = new_initial_password()
        user = User(name=entry["name"], phone=entry["phone"], email=entry["email"], role=Role.TRAINEE.value,
                    password_hash=hash_password(password), must_change_password=True)
        db.session.add(user)
        db.session.flush()
        record(importer.id, "user.create", describe_user(user), "名单导入（初始密码）", now)
    else:
        user = db.session.get(User, entry["user_id"])
    joined = db.session.scalar(select(CohortMember.id).where(CohortMember.cohort_id == entry["cohort_id"],
                                                             CohortMember.user_id == user.id))
    if joined is None:
        db.session.add(CohortMember(cohort_id=entry["cohort_id"], user_id=user.id))
    return SlipRow(user.name, user.login, password, entry["cohort"])


def template_xlsx() -> bytes:
    from app.reports.exports import to_xlsx

    return to_xlsx(HEADERS, [["张三", "13800138000", "zhangsan@example.com（可不填）", "2026 秋季一班"]], "学员名单")
