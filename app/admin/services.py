"""Account administration."""
from sqlalchemy import func, or_, select

from app.auth.sessions import end_all_sessions
from app.cohorts.services import set_user_cohorts
from app.extensions import db
from app.models import Role, User

PAGE_SIZE = 50


class AdminError(Exception):
    pass


def search_users(q: str = "", role: str = "", page: int = 1):
    query = select(User).order_by(User.id)
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(User.email).like(like), func.lower(User.name).like(like)))
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def update_user(admin: User, user: User, role: str, active: bool, cohort_ids: list[int]) -> None:
    if user.id == admin.id and (role != Role.ADMIN.value or not active):
        raise AdminError("不能取消自己的管理员身份或停用自己的账号。")
    if user.role == Role.ADMIN.value and role != Role.ADMIN.value and _admin_count() <= 1:
        raise AdminError("系统至少需要保留一名管理员。")
    if user.active and not active:
        user.session_version += 1  # sign the account out everywhere
        end_all_sessions(user.id, commit=False)
    user.role = Role(role).value
    user.active = active
    set_user_cohorts(user, cohort_ids)


def _admin_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True)))
