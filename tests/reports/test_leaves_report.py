"""The instructor's side of 切屏 and time per item (issue 14, item 8): the trainee's paper, the results
table and both exports show the page-leave count with Beijing times and the seconds on each item."""
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from app.models import Role
from tests.exams.conftest import T0, clock, make_exam, teacher_of  # noqa: F401 - clock is a fixture
from tests.exams.test_leaves import leave, report
from tests.exams.test_ownership import sign_in
from tests.factories import make_user


@pytest.fixture
def sat(app, content_tree, clock):
    """A trainee left the page twice (16:00:10 and 16:00:40 in Beijing), spent 20 s and 7 s, and submitted."""
    exam = make_exam(track_leaves=True, leave_limit=5)
    trainee = make_user(name="张三")
    client = sign_in(app, trainee)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    clock["now"] = T0 + timedelta(seconds=60)
    assert report(client, attempt_id, [leave("a", 10), leave("b", 40)], {"0": 20, "1": 7}).status_code == 200
    client.post(f"/api/attempts/{attempt_id}/submit")
    return exam, trainee, attempt_id


def test_the_paper_shows_the_leaves_in_beijing_time_and_the_time_per_item(app, sat):
    exam, trainee, attempt_id = sat
    page = sign_in(app, teacher_of(trainee)).get(f"/reports/attempts/{attempt_id}").get_data(as_text=True)
    assert "离开考试页面 2 次" in page and "16:00:10" in page and "16:00:40" in page and "（北京时间）" in page
    assert "用时 20 秒" in page and "用时 7 秒" in page and "暂无数据" not in page


def test_the_results_table_shows_each_attempts_leaves(app, sat):
    exam, trainee, _ = sat
    page = sign_in(app, teacher_of(trainee)).get(f"/manage/exams/{exam.id}/results").get_data(as_text=True)
    assert "<th>离开页面</th>" in page and "2 次" in page and "16:00:10" in page


def test_another_instructor_sees_neither_the_paper_nor_the_row(app, sat):
    exam, _, attempt_id = sat
    stranger = sign_in(app, make_user(role=Role.INSTRUCTOR))
    assert stranger.get(f"/reports/attempts/{attempt_id}").status_code == 404
    assert "16:00:10" not in stranger.get(f"/manage/exams/{exam.id}/results").get_data(as_text=True)


def test_exports_carry_the_leave_count_and_the_seconds_per_item(app, sat):
    exam, trainee, _ = sat
    teacher = sign_in(app, teacher_of(trainee))
    book = load_workbook(io.BytesIO(teacher.get(f"/reports/exams/{exam.id}/results.xlsx").data))
    table = list(book.worksheets[0].values)
    assert table[0][-1] == "离开页面次数" and table[1][0] == "张三" and table[1][-1] == 2
    details = list(book["答题明细"].values)
    assert details[0][-1] == "用时（秒）" and [row[-1] for row in details[1:]] == [20, 7]
    rows = list(csv.reader(io.StringIO(teacher.get(f"/reports/exams/{exam.id}/results.csv").data.decode("utf-8-sig"))))
    assert rows[0][-1] == "离开页面次数" and rows[1][-1] == "2"
    start = rows.index(["答题明细"])
    assert rows[start + 1][-1] == "用时（秒）" and [r[-1] for r in rows[start + 2:]] == ["20", "7"]
