"""Command-line interface: `flask --app app users|demo|content|questions ...`."""
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.auth import services as accounts
from app.models import Role

users_cli = AppGroup("users", help="管理账号。")
content_cli = AppGroup("content", help="学习内容（章节、案例、图、题库文件）。")
questions_cli = AppGroup("questions", help="题库。")
exams_cli = AppGroup("exams", help="模拟考试。")
demo_cli = AppGroup("demo", help="演示数据。")
progress_cli = AppGroup("progress", help="学习进度。")

DEMO_PASSWORD = "Xuetang-2026"
DEMO_ACCOUNTS = [
    ("trainee@example.com", "演示学员", Role.TRAINEE),
    ("instructor@example.com", "演示讲师", Role.INSTRUCTOR),
    ("admin@example.com", "演示管理员", Role.ADMIN),
]


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.TRAINEE.value, show_default=True)
@click.option("--name", default="", help="显示名称")
@click.password_option("--password", help="密码（不填则提示输入）")
def create_user(email: str, role: str, name: str, password: str) -> None:
    """创建账号：flask users create EMAIL --role instructor"""
    try:
        user = accounts.create_user(email, password, name, Role(role))
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已创建{user.role_enum.label}账号：{user.email}")


@users_cli.command("reset-password")
@click.argument("login")
def reset_password(login: str) -> None:
    """重置密码：flask users reset-password 邮箱或手机号（打印一次临时密码，下次登录须修改）"""
    from app.auth.recovery import reset_from_cli

    try:
        user, password = reset_from_cli(login, _utcnow())
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已重置 {user.name}（{user.login}）的密码，该账号的所有登录已失效。")
    click.echo(f"临时密码：{password}")
    click.echo("临时密码只显示这一次；用它登录后必须设置新密码。")


@demo_cli.command("create")
def create_demo() -> None:
    """在新数据库上创建三个演示账号和一个演示班级；重复运行不会改动已有数据。"""
    from app.demo import ensure_demo_accounts

    created = ensure_demo_accounts(DEMO_ACCOUNTS, DEMO_PASSWORD)
    if created:
        click.echo("已创建演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        for email, _, role in DEMO_ACCOUNTS:
            click.echo(f"  {role.label}：{email}")
    else:
        click.echo("数据库中已有账号，未创建演示账号。演示登录（若未改密码）：")
        for email, _, role in DEMO_ACCOUNTS:
            click.echo(f"  {role.label}：{email} / {DEMO_PASSWORD}")


REPORT_LABELS = {"chapters": "章节", "sections": "小节", "figures": "图", "cases": "案例", "questions": "题目"}
ACTION_LABELS = {"created": "新增", "updated": "更新", "retired": "停用"}


def _run_sync(dry_run: bool) -> None:
    from app.content.sync import sync_content
    from app.problems import ProblemsFound

    config = current_app.config
    try:
        report = sync_content(Path(config["CONTENT_DIR"]), Path(config["CASES_DIR"]), dry_run=dry_run)
    except ProblemsFound as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"发现 {len(error.problems)} 个问题，未做任何修改。") from None
    if dry_run:
        click.echo("检查通过：" + "，".join(f"{REPORT_LABELS[k]} {v}" for k, v in report.items()))
        return
    changes = [f"{REPORT_LABELS[k.split()[0]]}{ACTION_LABELS[k.split()[1]]} {v}" for k, v in sorted(report.items())]
    click.echo("同步完成：" + ("，".join(changes) if changes else "没有变化"))
    click.echo(_bank_summary())


def _bank_summary() -> str:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Question
    from app.questions.registry import QUESTION_TYPES

    rows = db.session.execute(select(Question.type, func.count()).where(Question.status == "published")
                              .group_by(Question.type)).all()
    total = sum(n for _, n in rows)
    return f"题库已发布 {total} 题：" + "，".join(f"{QUESTION_TYPES[t].label} {n}" for t, n in sorted(rows))


@content_cli.command("sync")
def content_sync() -> None:
    """把 content/ 与 cases/ 同步到数据库（按 slug，幂等；有任何问题则不做修改）。"""
    _run_sync(dry_run=False)


@content_cli.command("check")
def content_check() -> None:
    """只检查内容文件，报告所有问题（文件:行号: 说明），不写数据库。"""
    _run_sync(dry_run=True)


@questions_cli.command("sync")
def questions_sync() -> None:
    """同步题库文件（与 content sync 相同：题目引用的小节也一并校验）。"""
    _run_sync(dry_run=False)


@questions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["gift", "moodle-xml", "aiken", "xlsx", "md"]), help="默认按内容和扩展名识别")
@click.option("--dry-run", is_flag=True, help="只显示预览，不写入")
@click.option("--duplicates", type=click.Choice(["skip", "new"]), default="skip", help="重复的题目：跳过（默认）或作为新题导入")
def questions_import(path: Path, format_name: str | None, dry_run: bool, duplicates: str) -> None:
    """导入题库文件：先显示预览（新增、更新、未变、重复与每个问题），没有错误时一次性写入。"""
    from app.questions.registry import QUESTION_TYPES
    from app.transfer import importing
    from app.transfer.formats import UnknownFormat, detect_format

    try:
        data = path.read_bytes()
        fmt = detect_format(path.name, format_name, data)
        drafts, problems = importing.parse_upload(fmt, data, path.name)
    except UnknownFormat as error:
        raise click.ClickException(str(error)) from None
    importing.assign_uids(drafts, path.name)
    summary = importing.preview(importing.classify_drafts(drafts))
    counts = {QUESTION_TYPES[t].label: n for t, n in summary["by_type"].items()}
    click.echo(f"{path.name}（{fmt.label}）：识别出 {len(drafts)} 道题（" + "，".join(f"{k} {n}" for k, n in counts.items()) + "）")
    click.echo(importing.preview_message(summary))
    for problem in problems:
        click.echo(f"  {problem}")
    blocking = importing.blocking_problems(fmt, problems)
    if blocking:
        raise click.ClickException(f"有 {len(blocking)} 个错误，未导入任何题目。")
    if dry_run:
        click.echo("预览结束（--dry-run），未写入。")
        return
    batch = importing.create_batch(None, fmt, path.name, drafts, problems, _utcnow())
    click.echo(importing.confirmation_message(importing.confirm_batch(batch, None, _utcnow(), duplicates)))


@questions_cli.command("export")
@click.option("--format", "format_name", required=True, type=click.Choice(["gift", "moodle-xml", "aiken", "xlsx", "md"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--status", default="", help="只导出某状态：published / draft / retired")
def questions_export(format_name: str, output: Path, status: str) -> None:
    """导出题库：flask questions export --format gift -o bank.gift"""
    from app.extensions import db
    from app.questions.services import Filters, filtered_query
    from app.transfer.exporting import export_questions
    from app.transfer.formats import FORMATS

    result = export_questions(list(db.session.scalars(filtered_query(Filters(status=status)))), FORMATS[format_name])
    output.write_bytes(result.body if isinstance(result.body, bytes) else result.body.encode("utf-8"))
    click.echo(f"已导出 {result.written} 道题目到 {output}")
    for note in result.notes:
        click.echo(f"  {note}")


@exams_cli.command("close-overdue")
def exams_close_overdue() -> None:
    """交卷清理：关闭已超时且考生已离开的作答，按最后保存的答案评分（可用 cron 每分钟运行）。"""
    from app.exams.attempts import close_overdue

    click.echo(f"已关闭 {close_overdue(_utcnow())} 份超时作答。")


@exams_cli.command("stock")
@click.argument("exam_id", type=int)
@click.option("--count", type=int, default=None, help="备用试卷份数（默认：可参加且尚未开始这场考试的学员人数）")
def exams_stock(exam_id: int, count: int | None) -> None:
    """考前预先抽好试卷（如 08:30 运行）：9 点大家同时开始时直接领取，不再现场抽题排版。"""
    from app.extensions import db
    from app.exams.paper import BlueprintError
    from app.exams.stock import fill_stock, trainees_without_attempt
    from app.models import Exam

    exam = db.session.get(Exam, exam_id)
    if exam is None or exam.archived or not exam.published:
        raise click.ClickException(f"试卷 {exam_id} 不存在、已归档或尚未发布。")
    wanted = trainees_without_attempt(exam) if count is None else count
    try:
        drawn, free = fill_stock(exam, wanted, _utcnow())
    except BlueprintError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"“{exam.title}”：新抽 {drawn} 份，现有备用试卷 {free} 份。")


@exams_cli.command("defaults")
def exams_defaults() -> None:
    """在新数据库上创建两套默认模拟卷（已存在同名试卷则跳过）。"""
    from app.exams.defaults import ensure_default_exams

    created = ensure_default_exams(_utcnow())
    click.echo("已创建默认试卷：" + "、".join(created) if created else "默认试卷已存在。")


@progress_cli.command("refresh")
def progress_refresh() -> None:
    """预先更新学员进度摘要（练习统计与通过率预测），让班级进度页直接读取；可用 cron 每晚运行。"""
    from app.progress.summaries import refresh_all

    click.echo(f"已更新 {refresh_all(_utcnow())} 名学员的进度摘要。")


def _utcnow():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(tzinfo=None)


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(exams_cli)
    app.cli.add_command(progress_cli)
