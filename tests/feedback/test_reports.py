"""题目纠错: a trainee reports a question; instructors work a queue; the trainee sees the outcome."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import QuestionReport, Role
from tests.factories import PASSWORD, make_user
from tests.practice.conftest import question, start

JSON = {"Accept": "application/json"}


def reports() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionReport))


def signed_in(app, role=Role.TRAINEE):
    user = make_user(role=role)
    other = app.test_client()
    other.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    return user, other


def test_every_practice_question_and_the_book_offer_a_report_form(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    for html in (client.get(first).get_data(as_text=True), client.post(first, data={"answer": "A"}).get_data(as_text=True),
                 client.get("/practice/book").get_data(as_text=True)):
        assert "纠错" in html
        for reason in ("答案有误", "解析有误", "题干不清", "其他"):
            assert reason in html


def test_report_flow_from_trainee_to_instructor_and_back(app, client, login_as, content_tree, clock):
    trainee = login_as()
    q = question("alpha-001")
    response = client.post(f"/feedback/questions/{q.id}", data={"reason": "answer", "text": "我认为应选 C", "next": "/practice/"})
    assert response.status_code == 302 and response.headers["Location"] == "/practice/"
    report = db.session.scalar(select(QuestionReport))
    assert (report.user_id, report.reason, report.status, report.version_id) == (trainee.id, "answer", "open", q.current_version_id)
    _, teacher = signed_in(app, Role.INSTRUCTOR)
    queue = teacher.get("/feedback/").get_data(as_text=True)
    assert "我认为应选 C" in queue and "答案有误" in queue and "待处理" in queue and f"/questions/{q.id}/edit" in queue
    teacher.post(f"/feedback/{report.id}/resolve", data={"status": "rejected", "reply": "B 是教材原文的说法"})
    mine = client.get("/feedback/mine").get_data(as_text=True)
    assert "不予采纳" in mine and "B 是教材原文的说法" in mine
    assert "我认为应选 C" not in teacher.get("/feedback/").get_data(as_text=True)        # the queue shows what is open
    assert "我认为应选 C" in teacher.get("/feedback/?status=rejected").get_data(as_text=True)


def test_bad_reports_are_explained_and_write_nothing(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    cases = [({"reason": "typo"}, "请选择纠错原因"), ({"reason": "other", "text": "  "}, "请写明问题"),
             ({"reason": "stem", "text": "字" * 1001}, "不能超过 1000 字")]
    for data, message in cases:
        response = client.post(f"/feedback/questions/{q.id}", data=data, headers=JSON)
        assert response.status_code == 400 and message in response.json["message"], data
    assert client.post("/feedback/questions/9223372036854775808", data={"reason": "stem"}).status_code == 404
    assert reports() == 0


def test_a_second_tab_reporting_again_updates_the_open_report(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    client.post(f"/feedback/questions/{q.id}", data={"reason": "stem", "text": "一"}, headers=JSON)
    response = client.post(f"/feedback/questions/{q.id}", data={"reason": "explanation", "text": "二"}, headers=JSON)
    assert response.status_code == 200 and reports() == 1
    assert db.session.scalar(select(QuestionReport.text)) == "二"


def test_trainees_cannot_work_the_queue_or_see_others_reports(app, client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    client.post(f"/feedback/questions/{q.id}", data={"reason": "answer", "text": "我的秘密意见"})
    report = db.session.scalar(select(QuestionReport))
    _, other = signed_in(app)
    assert other.get("/feedback/").status_code == 403
    assert other.post(f"/feedback/{report.id}/resolve", data={"status": "fixed"}).status_code == 403
    assert "我的秘密意见" not in other.get("/feedback/mine").get_data(as_text=True)
    assert db.session.scalar(select(QuestionReport.status)) == "open"


def test_an_instructor_cannot_set_a_made_up_status(app, client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    client.post(f"/feedback/questions/{q.id}", data={"reason": "answer", "text": "x"})
    report_id = db.session.scalar(select(QuestionReport.id))
    _, teacher = signed_in(app, Role.INSTRUCTOR)
    page = teacher.post(f"/feedback/{report_id}/resolve", data={"status": "deleted"}, follow_redirects=True)
    assert "请选择处理结果" in page.get_data(as_text=True)
    assert db.session.scalar(select(QuestionReport.status)) == "open"
