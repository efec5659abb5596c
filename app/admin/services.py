"""Account administration."""
from datetime import datetime

from sqlalchemy import func, or_, select

from app.admin.audit import describe_user, record
from app.auth.sessions import end_all_sessions
from app.cohorts.services import set_user_cohorts
from app.extensions import db
from app.models import Cohort, Role, User

PAGE_SIZE = 50


class AdminError(Exception):
    pass


def search_users(q: str = "", role: str = "", page: int = 1):
    query = select(User).order_by(User.id)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(User.email).like(like), func.lower(User.name).like(like),
                                User.phone.like(like)))
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def update_user(admin: User, user: User, role: str, active: bool, cohort_ids: list[int], now: datetime) -> None:
    if user.id == admin.id and (role != Role.ADMIN.value or not active):
        raise AdminError("不能取消自己的管理员身份或停用自己的账号。")
    if user.role == Role.ADMIN.value and role != Role.ADMIN.value and _admin_count() <= 1:
        raise AdminError("系统至少需要保留一名管理员。")
    target = describe_user(user)
    if user.role != role:
        record(admin.id, "user.role", target, f"{user.role_enum.label} → {Role(role).label}", now)
    if user.active != active:
        record(admin.id, "user.activate" if active else "user.deactivate", target, "", now)
    if not active and user.active:
        user.session_version += 1  # sign the account out everywhere
        end_all_sessions(user.id, commit=False)
    _record_cohort_change(admin, user, set(cohort_ids), now)
    user.role = Role(role).value
    user.active = active
    set_user_cohorts(user, cohort_ids)


def _record_cohort_change(admin: User, user: User, wanted: set[int], now: datetime) -> None:
    have = {m.cohort_id for m in user.memberships}
    if wanted == have:
        return
    names = dict(db.session.execute(select(Cohort.id, Cohort.name).where(Cohort.id.in_(wanted | have))).all())
    added = "、".join(names[i] for i in sorted(wanted - have))
    removed = "、".join(names[i] for i in sorted(have - wanted))
    detail = "；".join(part for part in (added and f"加入 {added}", removed and f"移出 {removed}") if part)
    record(admin.id, "user.cohorts", describe_user(user), detail, now)


def _admin_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True)))
