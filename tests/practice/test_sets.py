"""Practice sets: a chosen length, a counter, previous/next, outcome on the options, a summary."""
import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, PracticeSet
from tests.factories import PASSWORD, make_user
from tests.practice.conftest import make_questions, question, start


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_start_page_offers_lengths_and_the_set_keeps_the_chosen_length(client, login_as, content_tree, clock):
    login_as()
    make_questions(25)
    page = client.get("/practice/chapter/alpha").get_data(as_text=True)
    for label in ("10 题", "20 题", "50 题", "全部"):
        assert label in page
    first = start(client, size="20")
    assert first.endswith("/1")
    assert len(db.session.scalar(select(PracticeSet)).question_ids) == 20
    assert "1 / 20" in client.get(first).get_data(as_text=True)
    start(client, size="all")
    assert len(db.session.scalars(select(PracticeSet).order_by(PracticeSet.id.desc())).first().question_ids) == 27


def test_a_made_up_length_is_refused_and_creates_nothing(client, login_as, content_tree):
    login_as()
    for size in ("7", "-1", "abc", "99999999999999999999", ""):
        response = client.post("/practice/chapter/alpha/start", data={"size": size}, follow_redirects=True)
        assert "题量只能选 10、20、50 题或全部" in response.get_data(as_text=True), size
    assert count(PracticeSet) == 0


def test_a_wrong_answer_marks_the_chosen_and_the_correct_option_in_words(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    html = client.post(first, data={"answer": "A", "shown_at": "0"}).get_data(as_text=True)
    chosen = re.search(r'<label class="choice choice-wrong"[^>]*>.*?</label>', html, re.S).group(0)
    right = re.search(r'<label class="choice choice-correct"[^>]*>.*?</label>', html, re.S).group(0)
    assert "差异性" in chosen and "你的选择" in chosen
    assert "非实体性" in right and "正确答案" in right
    assert "回答错误" in html and "1 / 2" in html


def test_an_unanswered_question_carries_no_mark_and_no_key(client, login_as, content_tree, clock):
    login_as()
    html = client.get(start(client)).get_data(as_text=True)
    assert "choice-correct" not in html and "choice-wrong" not in html and "正确答案" not in html
    assert "非实体性是最基本的特性" not in html and "答案：" not in html


def test_a_second_tab_answering_again_records_nothing_and_shows_the_first_outcome(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    client.post(first, data={"answer": "B"})
    html = client.post(first, data={"answer": "A"}).get_data(as_text=True)
    assert count(Answer) == 1 and "回答正确" in html


def test_previous_next_and_the_summary(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    page = client.get(first).get_data(as_text=True)
    assert 'id="prev-question"' not in page and first[:-1] + "2" in page
    client.post(first, data={"answer": "A", "shown_at": "0"})                      # wrong
    second = client.post(first[:-1] + "2", data={"answer": "false"}).get_data(as_text=True)   # right
    assert first in second and "查看结果" in second
    set_id = db.session.scalar(select(PracticeSet.id))
    summary = client.get(f"/practice/sets/{set_id}/summary").get_data(as_text=True)
    assert "答对 1 / 2 题" in summary and "50%" in summary and "用时" in summary
    assert "服务最基本的特性是" in summary and "服务可以像商品一样储存起来" not in summary
    retry = client.post(f"/practice/sets/{set_id}/retry")
    new = db.session.scalars(select(PracticeSet).order_by(PracticeSet.id.desc())).first()
    assert new.question_ids == [question("alpha-001").id] and new.mode == "retry"
    assert retry.headers["Location"].endswith(f"/practice/sets/{new.id}/1")


def test_someone_elses_set_and_positions_out_of_range_are_404(app, client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    set_id = db.session.scalar(select(PracticeSet.id))
    for path in (f"/practice/sets/{set_id}/0", f"/practice/sets/{set_id}/3", f"/practice/sets/{set_id}/9223372036854775808"):
        assert client.get(path).status_code == 404, path
    other = make_user()
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert intruder.get(first).status_code == 404
    assert intruder.post(first, data={"answer": "B"}).status_code == 404
    assert intruder.get(f"/practice/sets/{set_id}/summary").status_code == 404
    assert intruder.post(f"/practice/sets/{set_id}/retry").status_code == 404
    assert count(Answer) == 0


def test_a_question_retired_after_the_set_started_is_skipped_with_a_message(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    q = question("alpha-001")
    q.status = "retired"
    db.session.commit()
    response = client.post(first, data={"answer": "B"})
    assert response.status_code == 400 and "这道题已停用" in response.get_data(as_text=True)
    assert count(Answer) == 0
