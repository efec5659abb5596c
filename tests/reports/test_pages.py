"""Dashboards and reports through the app; who may see what."""
import csv
import io
import re
from datetime import datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Attempt, Question, Role
from app.practice import services
from tests.factories import PASSWORD, make_cohort, make_user


def answer_many(user, uid: str, right: int, wrong: int, when=None):
    q = db.session.scalar(select(Question).where(Question.uid == uid))
    key = q.current.payload["answer"]
    good, bad = (["false" if key is False else "true"], ["true" if key is False else "false"]) if q.type == "true_false" \
        else (["ABCD"[key]], ["ABCD"[(key + 1) % 4]])
    now = when or datetime.now().replace(microsecond=0) - timedelta(hours=1)
    for i in range(right + wrong):
        services.answer_question(user.id, q, good if i < right else bad, "random", now + timedelta(seconds=i), None)


def test_trainee_dashboard_shows_progress_and_not_enough_data(client, login_as, content_tree):
    user = login_as()
    client.post("/chapters/alpha/read", data={"section": "alpha-traits"})
    answer_many(user, "alpha-001", right=3, wrong=1)
    body = client.get("/progress/").get_data(as_text=True)
    assert "我的学习进度" in body and "数据不足" in body and "目前 4 题、1 章" in body
    assert "第一章测试" in body and "1/4" in body and "75%" in body      # reading and topic accuracy


def test_history_chart_is_svg_without_script(client, login_as, content_tree):
    user = login_as()
    from tests.exams.conftest import make_exam

    exam = make_exam()
    db.session.add(Attempt(exam_id=exam.id, user_id=user.id, seed=1, started_at=datetime(2026, 1, 1), deadline=datetime(2026, 1, 1, 1),
                           submit_until=datetime(2026, 1, 1, 1), status="graded", closed_at=datetime(2026, 1, 1, 0, 30),
                           score=1.0, max_score=1.5, passed=True))
    db.session.commit()
    assert 'src="/progress/chart.svg"' in client.get("/progress/").get_data(as_text=True)
    response = client.get("/progress/chart.svg")
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml" and "<svg" in svg and "<script" not in svg and "模拟考试成绩" in svg
    assert not re.search(r'(href|src)="(https?:)?//', svg)          # nothing fetched from elsewhere


def test_cohort_view_rows_sorting_and_access(app, client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    strong, weak, outsider = make_user(name="甲学员"), make_user(name="乙学员"), make_user(name="丙学员")
    cohort = make_cohort(owner=teacher, members=[strong, weak])
    answer_many(strong, "alpha-001", right=4, wrong=0)
    answer_many(weak, "alpha-001", right=1, wrong=3)
    answer_many(outsider, "alpha-001", right=4, wrong=0)
    body = client.get(f"/reports/cohorts/{cohort.id}?sort=accuracy&order=desc").get_data(as_text=True)
    assert body.index("甲学员") < body.index("乙学员") and "丙学员" not in body
    assert "100%" in body and "25%" in body
    body = client.get(f"/reports/cohorts/{cohort.id}?sort=accuracy&order=asc").get_data(as_text=True)
    assert body.index("乙学员") < body.index("甲学员")
    assert "乙学员 的学习进度" in client.get(f"/reports/trainees/{weak.id}").get_data(as_text=True)
    assert client.get(f"/reports/trainees/{outsider.id}").status_code == 404
    other = make_cohort()
    assert client.get(f"/reports/cohorts/{other.id}").status_code == 404


def test_trainee_cannot_open_reports(client, login_as, content_tree):
    user = login_as()
    assert client.get(f"/reports/trainees/{user.id}").status_code == 403
    assert client.get("/reports/items").status_code == 403


def test_cohort_export_csv_has_bom_chinese_headers_and_defused_cells(client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    sneaky = make_user(name="=HYPERLINK(\"http://evil\")")
    cohort = make_cohort(owner=teacher, members=[sneaky])
    body = client.get(f"/reports/cohorts/{cohort.id}/export.csv").data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["学员", "邮箱", "阅读进度（%）"] and rows[1][0].startswith("'=")
    book = load_workbook(io.BytesIO(client.get(f"/reports/cohorts/{cohort.id}/export.xlsx").data))
    sheet = book.active
    assert sheet["A1"].value == "学员" and sheet["A2"].value.startswith("'=") and sheet["I2"].value == "数据不足"
    assert client.get(f"/reports/cohorts/{cohort.id}/export.pdf").status_code == 404


def test_exam_results_export_and_item_analysis(app, client, login_as, content_tree):
    from tests.exams.conftest import make_exam

    exam = make_exam()
    trainee = make_user(name="考生")
    teacher = login_as(Role.INSTRUCTOR)
    make_cohort(owner=teacher, members=[trainee])
    trainee_client = app.test_client()
    trainee_client.post("/auth/login", data={"email": trainee.email, "password": PASSWORD})
    attempt_id = int(trainee_client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    from tests.exams.conftest import position_of

    trainee_client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": position_of(attempt_id, "single"), "values": ["A"]})
    trainee_client.post(f"/api/attempts/{attempt_id}/submit")
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/exams/{exam.id}/results.csv").data.decode("utf-8-sig"))))
    assert rows[0] == ["学员", "邮箱", "开始时间（北京时间）", "用时（分钟）", "状态", "成绩", "满分", "结果", "离开页面次数"]
    assert rows[1][0] == "考生" and rows[1][4] == "已出成绩" and rows[1][7] == "不及格" and rows[1][8] == "未记录"
    page = client.get(f"/reports/exams/{exam.id}/items").get_data(as_text=True)
    assert "alpha-001" in page and "alpha-002" in page
    assert "alpha-001" in client.get("/reports/items?chapter=alpha").get_data(as_text=True)


def test_chapter_page_shows_section_statistics_to_staff_only(client, login_as, content_tree):
    staff = login_as(Role.INSTRUCTOR)
    answer_many(staff, "alpha-001", right=1, wrong=0)
    assert "题目分析：1 题有作答" in client.get("/chapters/alpha").get_data(as_text=True)
    client.post("/auth/logout")
    login_as()
    assert "题目分析" not in client.get("/chapters/alpha").get_data(as_text=True)


def test_bank_item_analysis_counts_first_answers_only(app, content_tree):
    from app.reports.items import bank_item_stats

    a, b = make_user(), make_user()
    answer_many(a, "alpha-001", right=0, wrong=1)
    answer_many(a, "alpha-001", right=1, wrong=0)          # a second answer by the same trainee: ignored
    answer_many(b, "alpha-001", right=1, wrong=0)
    q = db.session.scalar(select(Question.id).where(Question.uid == "alpha-001"))
    stats = bank_item_stats([q])[q]
    assert stats.responses == 2 and stats.facility == 0.5
    assert db.session.scalar(select(Answer.id).where(Answer.user_id == a.id).order_by(Answer.id.desc())) is not None
