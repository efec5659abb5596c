"""The two default mock exams of PRODUCT.md, created on a new database. They draw from the
exam-reserved pool (questions marked 考试专用) and belong to the first admin."""
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Exam, Role, User

THEORY = dict(
    title="理论知识模拟卷",
    instructions="共 90 道题，满分 100 分，90 分钟，60 分及格。判断题每题 0.5 分，单选题每题 1 分，"
                 "多选题每题 2 分（多选、少选、错选均不得分）。题目按大纲各主题的比例从题库中抽取。",
    blueprint=[{"type": "true_false", "count": 20, "points": 0.5, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5, "reserved": True},
               {"type": "single", "count": 50, "points": 1, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5, "reserved": True},
               {"type": "multiple", "count": 20, "points": 2, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5, "reserved": True}],
    time_limit_seconds=90 * 60, pass_mark=60,
)
PRACTICE_SKILLS = dict(
    title="专业能力模拟卷（案例分析）",
    instructions="共 4 道案例分析题，每题 25 分，满分 100 分，120 分钟，60 分及格。由讲师按采分点阅卷。",
    blueprint=[{"type": "case", "count": 4, "points": 25, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5, "reserved": True}],
    time_limit_seconds=120 * 60, pass_mark=60,
)


def ensure_default_exams(now: datetime) -> list[str]:
    """Create whichever default exam is missing (by title); returns the titles created.

    The defaults belong to the first admin. On a database without an admin they stay ownerless,
    which only admins may manage; running this again once an admin exists hands them over."""
    admin_id = db.session.scalar(select(func.min(User.id)).where(User.role == Role.ADMIN.value))
    created = []
    for spec in (THEORY, PRACTICE_SKILLS):
        exam = db.session.scalar(select(Exam).where(Exam.title == spec["title"]))
        if exam is None:
            db.session.add(Exam(**spec, owner_id=admin_id, created_at=now, published=True))
            created.append(spec["title"])
        elif exam.owner_id is None:
            exam.owner_id = admin_id
    db.session.commit()
    return created
