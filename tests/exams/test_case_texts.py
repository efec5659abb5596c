"""The case mock shows its cases: on the paper (once per case), in grading and in the review; and the
point values on a case card agree."""
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Question, Role
from tests.exams.conftest import CASES, make_exam, teacher_of
from tests.factories import PASSWORD

BACKGROUND = "某银行的柜员机吞了客户的卡。"
SECOND = """
### case-card-2
类型：案例分析
小节：alpha-traits
难度：3
分值：10

题干：
银行应如何预防同类投诉？

采分点：
- (10分) 加强培训 —— 关键词：培训

解析：
培训。
"""


def start(client, exam) -> int:
    return int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])


def test_a_case_question_is_shown_with_its_case_text_and_agreeing_points(client, login_as, content_tree, clock):
    login_as()
    html = client.get(f"/exams/attempts/{start(client, make_exam(blueprint=CASES))}").get_data(as_text=True)
    assert BACKGROUND in html and "案例材料：吞卡测试案例" in html
    assert "第 1 题 · 25.0 分" in html and "本题 25.0 分" in html and "本题 10.0 分" not in html


def test_the_case_text_appears_once_when_several_questions_share_it(app, client, login_as, content_tree, clock):
    from app.content.sync import sync_content
    from tests.content.tree import CASE, write_tree

    content, cases = write_tree(content_tree[0].parent, **{"../cases/card.md": CASE + SECOND})
    sync_content(content, cases)
    login_as()
    exam = make_exam(blueprint=[{**CASES[0], "count": 2}])
    attempt_id = start(client, exam)
    html = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert html.count(BACKGROUND) == 1 and "案例材料“吞卡测试案例”见" in html


def test_grader_and_review_see_the_case_text(app, client, login_as, content_tree, clock):
    trainee = login_as()
    exam = make_exam(blueprint=CASES, pass_mark=15)
    attempt_id = start(client, exam)
    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": 0, "values": ["员工培训不足，应当补救。"]})
    client.post(f"/api/attempts/{attempt_id}/submit")
    item = db.session.get(Attempt, attempt_id).items[0]
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher_of(trainee).email, "password": PASSWORD})
    assert "吞卡测试案例" in staff.get("/manage/exams/grading").get_data(as_text=True)
    page = staff.get(f"/manage/exams/grading/{item.id}").get_data(as_text=True)
    assert BACKGROUND in page and "采分点合计 10 分，按比例折算为本题 25 分" in page
    staff.post(f"/manage/exams/grading/{item.id}", data={"award-0": "6", "award-1": "4"})
    review = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert BACKGROUND in review and "本题 25.0 分" in review


def test_a_reserved_case_is_hidden_from_the_case_page_but_shown_on_the_paper(client, login_as, content_tree, clock):
    db.session.execute(Question.__table__.update().values(exam_only=True).where(Question.uid == "case-card-1"))
    db.session.commit()
    login_as()
    assert client.get("/cases/card").status_code == 404
    exam = make_exam(blueprint=[{**CASES[0], "reserved": True}])
    html = client.get(f"/exams/attempts/{start(client, exam)}").get_data(as_text=True)
    assert BACKGROUND in html
    assert db.session.scalar(select(Question.exam_only).where(Question.uid == "case-card-1")) is True
