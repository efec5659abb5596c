"""The audit log: who changed what, and when.

`record` adds an event to the caller's transaction without committing, so a change and its
record are written together or not at all; a refused change leaves no trace.
"""
from datetime import datetime

from sqlalchemy import func, or_, select

from app.beijing import format_beijing
from app.extensions import db
from app.models import AuditEvent, User

PAGE_SIZE = 50
ACTIONS = {
    "user.create": "创建账号",
    "user.role": "修改角色",
    "user.activate": "启用账号",
    "user.deactivate": "停用账号",
    "user.cohorts": "调整所在班级",
    "user.password_reset": "重置密码",
    "user.password_change": "修改密码",
    "user.logout_all": "退出所有设备",
    "roster.import": "导入学员名单",
    "cohort.create": "创建班级",
    "cohort.code": "更换邀请码",
    "cohort.remove": "移出班级",
    "exam.save": "保存试卷设置",
    "question.save": "编辑题目",
    "grade.case": "阅卷评分",
    "exam.regrade": "重新评分",
    "exam.extra_time": "设置额外时间",
}


def record(actor_id: int | None, action: str, target: str, detail: str, now: datetime) -> None:
    """Note one change; `actor_id` None means the command line."""
    db.session.add(AuditEvent(actor_id=actor_id, action=action, target=target[:200], detail=detail, at=now))


def describe_user(user: User) -> str:
    return f"{user.name}（{user.login}）#{user.id}"


def _query(action: str, q: str):
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action in ACTIONS:
        query = query.where(AuditEvent.action == action)
    if q:
        like = f"%{q.strip().lower()}%"
        actors = select(User.id).where(or_(func.lower(User.name).like(like), func.lower(User.email).like(like),
                                           User.phone.like(like)))
        query = query.where(or_(func.lower(AuditEvent.target).like(like), AuditEvent.actor_id.in_(actors)))
    return query


def search(action: str = "", q: str = "", page: int = 1):
    return db.paginate(_query(action, q), page=page, per_page=PAGE_SIZE, error_out=False, count=True)


def actor_label(event: AuditEvent) -> str:
    return f"{event.actor.name}（{event.actor.login}）" if event.actor else "命令行"


def export_rows(action: str = "", q: str = "") -> tuple[list[str], list[list]]:
    headers = ["时间（北京时间）", "操作人", "操作", "对象", "详情"]
    rows = [[format_beijing(event.at, "seconds"), actor_label(event), ACTIONS.get(event.action, event.action),
             event.target, event.detail] for event in db.session.scalars(_query(action, q).limit(50000))]
    return headers, rows
