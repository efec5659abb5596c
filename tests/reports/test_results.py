"""Exam results an instructor can act on (issue 14, item 8): figures, histogram, per topic and type, each paper."""
import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, AttemptItem, Question, Role
from app.reports.results import exam_summary
from tests.exams.conftest import make_exam
from tests.factories import make_cohort, make_user

T0 = datetime(2026, 3, 1, 1, 0)   # 09:00 in Beijing


def sat(exam, trainee, scores: dict[str, float], started=T0, status="graded"):
    """A closed attempt with one item per question uid and the given scores (each item worth 1 point)."""
    questions = {q.uid: q for q in db.session.scalars(select(Question))}
    attempt = Attempt(exam_id=exam.id, user_id=trainee.id, seed=1, started_at=started, deadline=started + timedelta(minutes=10),
                      submit_until=started + timedelta(minutes=10), status=status, closed_at=started + timedelta(minutes=8),
                      closed_by="submit", max_score=len(scores))
    attempt.items = [AttemptItem(position=i, question_id=questions[uid].id, version_id=questions[uid].current_version_id, points=1,
                                 score=score, response=0, saved_at=started + timedelta(minutes=2 + i, seconds=5))
                     for i, (uid, score) in enumerate(scores.items())]
    if status == "graded":
        attempt.score = sum(scores.values())
        attempt.passed = attempt.score >= exam.pass_mark
    db.session.add(attempt)
    db.session.commit()
    return attempt


def test_summary_figures_by_hand(app, content_tree):
    exam = make_exam(pass_mark=1)
    a, b, c = make_user(), make_user(), make_user()
    sat(exam, a, {"alpha-001": 1, "alpha-002": 1})      # 2 of 2: 100%
    sat(exam, b, {"alpha-001": 0, "alpha-002": 1})      # 1 of 2: 50%
    sat(exam, c, {"alpha-001": 0, "alpha-002": 0})      # 0 of 2: 0%
    open_one = sat(exam, make_user(), {"alpha-001": 1, "alpha-002": 1}, status="open")
    summary = exam_summary(list(db.session.scalars(select(Attempt))))
    assert (summary.graded, summary.mean, summary.median, summary.pass_rate) == (3, 1.0, 1.0, 2 / 3)
    assert summary.histogram[0] == 1 and summary.histogram[5] == 1 and summary.histogram[9] == 1 and sum(summary.histogram) == 3
    by_type = {label: share for label, share, _ in summary.by_type}
    assert by_type == {"单选题": 1 / 3, "判断题": 2 / 3}
    by_topic = {label: share for label, share, _ in summary.by_topic}
    assert by_topic == {"服务与客户服务概论": 0.5}                      # both questions are tagged service-basics
    assert open_one.status == "open"


def test_summary_of_no_graded_attempts_is_empty_not_an_error(app, content_tree):
    summary = exam_summary([])
    assert summary.graded == 0 and summary.mean is None and summary.median is None and summary.pass_rate is None


@pytest.fixture
def two_trainees(login_as, content_tree):
    """An instructor's exam sat by one of their trainees and by a trainee of another cohort."""
    teacher = login_as(Role.INSTRUCTOR)
    exam = make_exam(pass_mark=1, owner_id=teacher.id)
    mine, theirs = make_user(name="本班学员"), make_user(name="别班学员")
    make_cohort(owner=teacher, members=[mine])
    return exam, sat(exam, mine, {"alpha-001": 1, "alpha-002": 0}), sat(exam, theirs, {"alpha-001": 1, "alpha-002": 1})


def test_results_page_shows_figures_histogram_and_links_to_each_paper(client, two_trainees):
    exam, attempt, other = two_trainees
    body = client.get(f"/manage/exams/{exam.id}/results").get_data(as_text=True)
    assert "平均分" in body and "中位数" in body and "及格率" in body and "100%" in body
    assert f"/reports/exams/{exam.id}/histogram.svg" in body and "单选题" in body and "服务与客户服务概论" in body
    assert f"/reports/attempts/{attempt.id}" in body and f"/reports/attempts/{other.id}" not in body
    assert "3月1日 09:00" in body                                        # Beijing time, not UTC
    svg = client.get(f"/reports/exams/{exam.id}/histogram.svg")
    assert svg.mimetype == "image/svg+xml" and "<script" not in svg.get_data(as_text=True)
    assert "成绩分布" in svg.get_data(as_text=True)


def test_instructor_opens_a_trainees_paper_but_not_a_stranger_s(client, two_trainees):
    _, attempt, other = two_trainees
    page = client.get(f"/reports/attempts/{attempt.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "本班学员" in body and "答卷" in body
    assert "得分 1 / 1" in body and "得分 0 / 1" in body
    assert "开考后 2 分 5 秒" in body and "这场考试未开启离开考试页面记录" in body and "用时 —" in body
    assert client.get(f"/reports/attempts/{other.id}").status_code == 404
    assert client.get("/reports/attempts/99999999999999999999").status_code == 404


def test_results_exports_include_the_figures(app, client, login_as, content_tree):
    exam = make_exam(pass_mark=1, title="期中")
    login_as(Role.ADMIN)
    sat(exam, make_user(name="甲"), {"alpha-001": 1, "alpha-002": 1})
    sat(exam, make_user(name="乙"), {"alpha-001": 0, "alpha-002": 0})
    book = load_workbook(io.BytesIO(client.get(f"/reports/exams/{exam.id}/results.xlsx").data))
    assert book.sheetnames[0].startswith("成绩") and "统计" in book.sheetnames
    stats = {row[0]: row[1] for row in book["统计"].iter_rows(values_only=True) if row[0]}
    assert stats["平均分"] == 1 and stats["中位数"] == 1 and stats["及格率（%）"] == 50
    assert stats["单选题"] == 50 and stats["服务与客户服务概论"] == 50
    results = book.worksheets[0]
    assert results["C1"].value == "开始时间（北京时间）" and results["C2"].value == "2026-03-01 09:00"
    text = client.get(f"/reports/exams/{exam.id}/results.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["平均分", "1.0"] in rows and ["及格率（%）", "50.0"] in rows
