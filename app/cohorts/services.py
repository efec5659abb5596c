"""Cohorts (班级): instructors own them, trainees join them with an invite code."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.admin.audit import describe_user, record
from app.extensions import db
from app.models import Cohort, CohortMember, Role, User
from app.models.user import new_invite_code


class CohortError(Exception):
    """A problem the user can fix; the message is shown as is."""


def cohorts_visible_to(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.created_at.desc(), Cohort.id.desc())
    if user.has_role(Role.ADMIN):
        return list(db.session.scalars(query))
    if user.has_role(Role.INSTRUCTOR):
        return list(db.session.scalars(query.where(Cohort.owner_id == user.id)))
    return list(db.session.scalars(query.join(CohortMember).where(CohortMember.user_id == user.id)))


def can_manage(user: User, cohort: Cohort) -> bool:
    return user.has_role(Role.ADMIN) or cohort.owner_id == user.id


def create_cohort(owner: User, name: str, now: datetime) -> Cohort:
    name = name.strip()
    if not name:
        raise CohortError("请填写班级名称。")
    cohort = Cohort(name=name, owner_id=owner.id, invite_code=new_invite_code())
    db.session.add(cohort)
    db.session.flush()
    record(owner.id, "cohort.create", describe_cohort(cohort), "", now)
    db.session.commit()
    return cohort


def join_cohort(user: User, code: str) -> Cohort:
    code = code.strip().upper()
    cohort = db.session.scalar(select(Cohort).where(Cohort.invite_code == code))
    if cohort is None:
        raise CohortError("邀请码无效，请向讲师确认后重新输入。")
    if any(m.cohort_id == cohort.id for m in user.memberships):
        raise CohortError(f"您已经在班级“{cohort.name}”中了。")
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # a double click raced us: the membership exists, which is what was asked
        db.session.rollback()
    return cohort


def describe_cohort(cohort: Cohort) -> str:
    return f"班级 {cohort.name}" + (f" #{cohort.id}" if cohort.id else "")


def regenerate_code(cohort: Cohort, actor_id: int, now: datetime) -> str:
    cohort.invite_code = new_invite_code()
    record(actor_id, "cohort.code", describe_cohort(cohort), "旧邀请码已失效", now)
    db.session.commit()
    return cohort.invite_code


def remove_member(cohort: Cohort, user_id: int, actor_id: int, now: datetime) -> None:
    member = db.session.scalar(select(CohortMember).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id))
    if member is None:
        raise CohortError("该学员不在此班级中。")
    record(actor_id, "cohort.remove", describe_user(member.user), describe_cohort(cohort), now)
    db.session.delete(member)
    db.session.commit()


def set_user_cohorts(user: User, cohort_ids: list[int]) -> None:
    wanted = set(cohort_ids)
    for member in list(user.memberships):
        if member.cohort_id not in wanted:
            db.session.delete(member)
    have = {m.cohort_id for m in user.memberships}
    for cohort_id in wanted - have:
        db.session.add(CohortMember(cohort_id=cohort_id, user_id=user.id))
    db.session.commit()
