"""The cohort view: one row per trainee, in a few grouped queries whatever the cohort's size."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select

from app.extensions import db
from app.models import Attempt, Cohort, CohortMember, Role, Section, SectionRead, User
from app.progress.readiness import Readiness
from app.progress.summaries import summaries_for

SORT_KEYS = {"name", "reading", "practised", "accuracy", "last_active", "best", "latest", "readiness"}


@dataclass
class TraineeRow:
    user: Row            # id, name and email: all a row shows, without loading a thousand User objects
    reading: float
    practised: int
    accuracy: float | None
    last_active: datetime | None
    best: float | None
    latest: float | None
    readiness: Readiness

    def sort_value(self, key: str):
        if key == "name":
            return self.user.name
        if key == "readiness":
            return self.readiness.probability if self.readiness.enough else -1
        value = getattr(self, key)
        return value if value is not None else (datetime.min if key == "last_active" else -1)


def visible_cohorts(user: User) -> list[Cohort]:
    query = select(Cohort).order_by(Cohort.name)
    return list(db.session.scalars(query if user.has_role(Role.ADMIN) else query.where(Cohort.owner_id == user.id)))


def may_view_trainee(viewer: User, trainee_id: int) -> bool:
    if viewer.has_role(Role.ADMIN):
        return True
    return db.session.scalar(select(CohortMember.id).join(Cohort).where(
        Cohort.owner_id == viewer.id, CohortMember.user_id == trainee_id).limit(1)) is not None


def cohort_rows(cohort: Cohort, now: datetime, sort: str = "name", descending: bool = False) -> list[TraineeRow]:
    in_cohort = select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id).scalar_subquery()
    ids = list(db.session.scalars(select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)))
    if not ids:
        return []
    summaries = summaries_for(ids, now, members=in_cohort)   # first: it may commit its cache
    members = db.session.execute(select(User.id, User.name, User.email).where(User.id.in_(in_cohort))).all()
    units = db.session.scalar(select(func.count()).select_from(Section).where(Section.level == 2, Section.retired.is_(False))) or 1
    read = dict(db.session.execute(select(SectionRead.user_id, func.count()).join(Section).where(
        SectionRead.user_id.in_(in_cohort), Section.retired.is_(False)).group_by(SectionRead.user_id)).all())
    scores: dict[int, list[tuple[datetime, float]]] = {}
    for uid, closed, score, maximum in db.session.execute(select(Attempt.user_id, Attempt.closed_at, Attempt.score, Attempt.max_score)
                                                          .where(Attempt.user_id.in_(in_cohort), Attempt.status == "graded")
                                                          .order_by(Attempt.closed_at)).all():
        scores.setdefault(uid, []).append((closed, 100 * score / maximum if maximum else 0))
    rows = []
    for user in members:
        summary = summaries[user.id]
        history = scores.get(user.id, [])
        last_exam = history[-1][0] if history else None
        rows.append(TraineeRow(user, read.get(user.id, 0) / units, summary.practised, summary.accuracy,
                               max(filter(None, (summary.last_practice, last_exam)), default=None),
                               max((s for _, s in history), default=None), history[-1][1] if history else None,
                               summary.readiness))
    key = sort if sort in SORT_KEYS else "name"
    return sorted(rows, key=lambda r: r.sort_value(key), reverse=descending)
