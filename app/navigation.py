"""The main menu: which features each role sees. Features add their entry here."""
from flask import current_app
from flask_login import current_user

from app.models import Role

T, I, A = Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN

MENU = [
    ("progress.index", "学习进度", (T,)),
    ("content.chapters", "章节学习", (T, I, A)),
    ("content.cases", "案例", (T, I, A)),
    ("practice.hub", "练习", (T,)),
    ("practice.book", "错题本", (T,)),
    ("exams.index", "模拟考试", (T,)),
    ("exam_admin.index", "试卷与阅卷", (I, A)),
    ("reports.index", "学员进度", (I, A)),
    ("reports.bank_items", "题目分析", (I, A)),
    ("content.search", "搜索", (T, I, A)),
    ("questions.index", "题库", (I, A)),
    ("feedback.queue", "题目纠错", (I, A)),
    ("transfer.upload", "导入题库", (I, A)),
    ("cohorts.index", "班级", (T, I, A)),
    ("admin.users", "用户管理", (A,)),
]


def nav_items() -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [(endpoint, label) for endpoint, label, roles in MENU
            if current_user.role_enum in roles and endpoint in endpoints]
