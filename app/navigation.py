"""The main menu: which features each role sees, how staff menus group, and which item is active.

Features add their entry to MENU; staff entries may also name a group in GROUPS (a dropdown), and
pages that belong to an entry without being its endpoint are listed in ALSO.
"""
from dataclasses import dataclass, field

from flask import current_app, request
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
    ("admin.audit_log", "操作日志", (A,)),
]

# Staff menus are long: entries named here are grouped under one dropdown each (in MENU order).
GROUPS = {
    "content.chapters": "学习内容", "content.cases": "学习内容", "content.search": "学习内容",
    "questions.index": "题库", "feedback.queue": "题库", "transfer.upload": "题库", "reports.bank_items": "题库",
    "reports.index": "学员", "cohorts.index": "学员",
    "admin.users": "管理", "admin.audit_log": "管理",
}

# Pages that light up an entry other than the one of their own blueprint's single entry.
ALSO = {
    "content.chapters": {"content.chapter", "content.figure", "content.mark_read"},
    "content.cases": {"content.case", "content.answer_case", "content.self_score"},
    "practice.hub": {"practice.question", "practice.study", "practice.answer"},
    "reports.index": {"reports.cohort", "reports.trainee"},
    "reports.bank_items": {"reports.exam_items"},
    "admin.users": {"admin.edit_user"},
    "feedback.queue": {"feedback.resolve"},
    "admin.audit_log": {"admin.export_audit_log"},
}


@dataclass
class MenuEntry:
    label: str
    endpoint: str | None = None            # a link; None for a group
    active: bool = False
    children: list["MenuEntry"] = field(default_factory=list)


def nav_items() -> list[tuple[str, str]]:
    """(endpoint, label) of every entry the signed-in user may open, in menu order."""
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    return [(endpoint, label) for endpoint, label, roles in MENU
            if current_user.role_enum in roles and endpoint in endpoints]


def active_entry(entries: list[str], endpoint: str | None) -> str | None:
    """The one entry a page belongs to: itself, an ALSO listing, or its blueprint's only entry."""
    if not endpoint:
        return None
    if endpoint in entries:
        return endpoint
    for entry in entries:
        if endpoint in ALSO.get(entry, ()):
            return entry
    blueprint = endpoint.split(".")[0]
    same = [entry for entry in entries if entry.split(".")[0] == blueprint]
    return same[0] if len(same) == 1 else None


def nav_menu() -> list[MenuEntry]:
    """The menu as rendered: trainees get a flat list, staff get GROUPS as dropdowns."""
    items = nav_items()
    active = active_entry([endpoint for endpoint, _ in items], request.endpoint)
    staff = current_user.is_authenticated and current_user.role_enum != T
    menu: list[MenuEntry] = []
    groups: dict[str, MenuEntry] = {}
    for endpoint, label in items:
        entry = MenuEntry(label, endpoint, endpoint == active)
        group = GROUPS.get(endpoint) if staff else None
        if group is None:
            menu.append(entry)
            continue
        if group not in groups:
            groups[group] = MenuEntry(group)
            menu.append(groups[group])
        groups[group].children.append(entry)
        groups[group].active |= entry.active
    return [m.children[0] if len(m.children) == 1 else m for m in menu]
