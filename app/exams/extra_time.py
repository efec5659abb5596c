"""Extra time for one trainee on one exam (an accommodation): found by the e-mail or mobile number
they sign in with, only among the trainees the instructor follows (admins: anyone)."""
from sqlalchemy import select

from app.admin.audit import record
from app.auth.clock import now as utcnow
from app.auth.phones import normalise_phone
from app.auth.services import normalise_email
from app.exams.management import visible_user_ids
from app.exams.paper import BlueprintError
from app.extensions import db
from app.models import Exam, ExtraTime, User

NOT_FOUND = "你的班级中没有这个邮箱或手机号的学员。"


def _trainee(login: str, actor: User) -> User | None:
    phone = normalise_phone(login)
    query = select(User).where(User.phone == phone) if phone else select(User).where(User.email == normalise_email(login))
    ids = visible_user_ids(actor)
    if ids is not None:
        query = query.where(User.id.in_(ids))
    return db.session.scalar(query)


def set_extra_time(exam: Exam, login: str, minutes: int, actor: User) -> User:
    """Grant (or with 0 minutes, withdraw) extra time. An unknown login and someone else's trainee get
    the same answer, so the form reveals no account."""
    user = _trainee(login, actor)
    if user is None:
        raise BlueprintError([NOT_FOUND])
    row = db.session.scalar(select(ExtraTime).where(ExtraTime.exam_id == exam.id, ExtraTime.user_id == user.id))
    if minutes == 0:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(ExtraTime(exam_id=exam.id, user_id=user.id, seconds=minutes * 60))
    else:
        row.seconds = minutes * 60
    record(actor.id, "exam.extra_time", f"试卷 {exam.title}", f"{user.name}：{minutes} 分钟", utcnow())
    db.session.commit()
    return user


def grants(exam: Exam, actor: User) -> list[tuple[User, int]]:
    """(trainee, minutes) of this exam's extra-time grants that the actor may see, by name."""
    query = select(User, ExtraTime.seconds).join(ExtraTime, ExtraTime.user_id == User.id).where(
        ExtraTime.exam_id == exam.id).order_by(User.name, User.id)
    ids = visible_user_ids(actor)
    if ids is not None:
        query = query.where(User.id.in_(ids))
    return [(user, seconds // 60) for user, seconds in db.session.execute(query).all()]
