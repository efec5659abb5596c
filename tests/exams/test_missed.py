"""The 错题本 after a mock: only wrong answers enter it; unanswered questions are listed (未作答)
with a way to practise them, and item analysis counts them apart from wrong answers."""
import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Attempt, Question, ReviewCard, Role
from tests.exams.conftest import position_of, teacher_of
from tests.exams.test_attempts import save
from tests.factories import PASSWORD, make_user


def booked(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Question.uid).join(ReviewCard, ReviewCard.question_id == Question.id)
                                   .where(ReviewCard.user_id == user_id)))


def test_early_submit_books_only_the_wrong_answers(client, started):
    user, attempt_id = started
    save(client, attempt_id, 1, position_of(attempt_id, "single"), ["A"])   # wrong: the key is B
    client.post(f"/api/attempts/{attempt_id}/submit")                       # the true/false question left blank
    assert booked(user.id) == ["alpha-001"]
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1    # an omission is not an answer
    assert db.session.get(Attempt, attempt_id).score == 0.0


def test_result_lists_unanswered_questions_with_a_way_to_practise_them(client, started):
    user, attempt_id = started
    blank = position_of(attempt_id, "true_false")
    save(client, attempt_id, 1, position_of(attempt_id, "single"), ["B"])
    client.post(f"/api/attempts/{attempt_id}/submit")
    html = client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "未作答" in html and f"第 {blank + 1} 题" in html.split("未作答", 1)[1]
    link = f"/practice/missed/{attempt_id}"
    assert link in html
    assert client.get(link).status_code == 200                  # the start page of a practice set
    first = client.post(f"{link}/start", data={"size": "all"}).headers["Location"]
    page = client.get(first).get_data(as_text=True)
    assert "服务可以像商品一样储存起来" in page                  # the unanswered true/false question
    assert booked(user.id) == []


def test_missed_practice_of_someone_elses_attempt_serves_nothing(app, client, started):
    _, attempt_id = started
    client.post(f"/api/attempts/{attempt_id}/submit")
    other = make_user()
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    for key in (str(attempt_id), "99999999999999999999", "1%2F2", "abc"):
        response = intruder.post(f"/practice/missed/{key}/start", data={"size": "all"})
        if response.status_code == 302:
            response = intruder.get(response.headers["Location"])
        page = response.get_data(as_text=True)
        assert "服务可以像商品一样储存起来" not in page, key
        assert response.status_code == 404 or "这里还没有可练习的题目" in page, key


def test_item_analysis_counts_omissions_apart_from_wrong_answers(app, client, started, exam):
    user, attempt_id = started
    save(client, attempt_id, 1, position_of(attempt_id, "single"), ["A"])
    client.post(f"/api/attempts/{attempt_id}/submit")
    exam.owner_id = make_user(role=Role.ADMIN).id
    db.session.commit()
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher_of(user).email, "password": PASSWORD})
    html = staff.get(f"/reports/exams/{exam.id}/items").get_data(as_text=True)
    cells = re.findall(r'>(alpha-00\d)</a>.*?</td>\s*<td>(\d+)</td><td class="omitted">(\d+)</td>', html, re.S)
    rows = {uid: (answered, omitted) for uid, answered, omitted in cells}
    assert rows == {"alpha-001": ("1", "0"), "alpha-002": ("0", "1")}
