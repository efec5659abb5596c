"""Exam administration for instructors: save exams (checking the bank can fill them), results, grading."""
from datetime import datetime

from sqlalchemy import select

from app.admin.audit import record
from app.exams.paper import BlueprintError, draw, validate_cells
from app.extensions import db
from app.models import Attempt, AttemptItem, Case, Cohort, CohortMember, Exam, ExamCohort, ExtraTime, Question, Role, User
from app.questions.registry import QUESTION_TYPES


def exam_problems(values: dict, cells: list[dict]) -> list[str]:
    """Everything that would make an exam unusable, in words an instructor can act on."""
    problems = validate_cells(cells)
    cells_valid = not problems
    if cells_valid:
        try:
            draw(cells, seed=0, shuffle_questions=False, shuffle_options=False)
        except BlueprintError as error:
            problems = error.messages
    if not values.get("time_limit_seconds") or values["time_limit_seconds"] <= 0:
        problems.append("限时必须大于 0 分钟。")
    total = sum(c["count"] * c["points"] for c in cells) if cells_valid else None
    if total is not None and values.get("pass_mark") is not None and values["pass_mark"] > total:
        problems.append(f"及格分（{values['pass_mark']:g} 分）不能高于满分（{total:g} 分）。")
    if values.get("opens_at") and values.get("closes_at") and values["closes_at"] <= values["opens_at"]:
        problems.append("关闭时间必须晚于开放时间。")
    if values.get("leave_limit") and not values.get("track_leaves"):
        problems.append("设置了离开几次后自动交卷，请同时勾选“记录离开考试页面”。")
    return problems


def save_exam(exam: Exam | None, values: dict, cells: list[dict], cohort_ids: list[int], owner: User, now: datetime) -> Exam:
    """Refuse, naming each problem, an exam that could not be sat; otherwise save. New exams are drafts."""
    problems = exam_problems(values, cells)
    if problems:
        raise BlueprintError(problems)
    if exam is None:
        exam = Exam(owner_id=owner.id, created_at=now, published=False)
        db.session.add(exam)
    for key, value in values.items():
        setattr(exam, key, value)
    exam.blueprint = cells
    exam.cohorts = [ExamCohort(cohort_id=c) for c in cohort_ids]
    record(owner.id, "exam.save", f"试卷 {exam.title}" + (f" #{exam.id}" if exam.id else ""), "", now)
    db.session.commit()
    return exam


def publish_exam(exam: Exam) -> None:
    """Checked again: the bank may have changed since the exam was saved."""
    problems = exam_problems({"time_limit_seconds": exam.time_limit_seconds, "pass_mark": exam.pass_mark,
                              "opens_at": exam.opens_at, "closes_at": exam.closes_at}, exam.blueprint)
    if problems:
        raise BlueprintError(problems)
    exam.published = True
    db.session.commit()


def sample_paper(exam: Exam, seed: int) -> list[tuple[Question, float]]:
    """What a trainee could be given: the paper the seed draws, with each question's current version."""
    drawn = draw(exam.blueprint, seed, exam.shuffle_questions, shuffle_options=False)
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_([d.question.id for d in drawn])))}
    return [(questions[d.question.id], d.points) for d in drawn]


class NotOwner(PermissionError):
    """Settings, cohorts and regrading belong to the exam's owner (and admins)."""


def can_manage(user: User, exam: Exam) -> bool:
    """Change settings, cohorts, regrade: the owner or an admin. An ownerless exam (the defaults on a
    database that had no admin yet) is managed by admins only."""
    return user.has_role(Role.ADMIN) or (exam.owner_id is not None and exam.owner_id == user.id)


def can_view(user: User, exam: Exam) -> bool:
    """See results (own trainees' rows only), grade and give extra time: the managers, and instructors
    whose trainees may take it (an exam for everyone, or one of its cohorts is theirs)."""
    if can_manage(user, exam):
        return True
    if not user.has_role(Role.INSTRUCTOR):
        return False
    if not exam.cohorts:
        return True
    mine = set(db.session.scalars(select(Cohort.id).where(Cohort.owner_id == user.id)))
    return any(link.cohort_id in mine for link in exam.cohorts)


def visible_user_ids(user: User):
    """Trainees an instructor may follow: members of their cohorts. None means everyone (admin)."""
    if user.has_role(Role.ADMIN):
        return None
    return select(CohortMember.user_id).join(Cohort).where(Cohort.owner_id == user.id)


def visible_attempts(user: User, exam_id: int) -> list[Attempt]:
    query = select(Attempt).where(Attempt.exam_id == exam_id).order_by(Attempt.started_at.desc())
    ids = visible_user_ids(user)
    if ids is not None:
        query = query.where(Attempt.user_id.in_(ids))
    return list(db.session.scalars(query))


def grading_queue(user: User) -> list[AttemptItem]:
    case_types = [name for name, t in QUESTION_TYPES.items() if not t.auto_graded]
    query = (select(AttemptItem).join(Attempt).join(AttemptItem.question)
             .where(Attempt.status == "grading", AttemptItem.score.is_(None), Question.type.in_(case_types))
             .order_by(Attempt.closed_at, AttemptItem.position))
    ids = visible_user_ids(user)
    if ids is not None:
        query = query.where(Attempt.user_id.in_(ids))
    return list(db.session.scalars(query))


def case_titles(items: list[AttemptItem]) -> dict[str, str]:
    slugs = {item.question.case_slug for item in items if item.question.case_slug}
    return dict(db.session.execute(select(Case.slug, Case.title).where(Case.slug.in_(slugs))).all()) if slugs else {}


def may_grade(user: User, item: AttemptItem) -> bool:
    ids = visible_user_ids(user)
    return ids is None or item.attempt.user_id in set(db.session.scalars(ids))
