from datetime import datetime, timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Favourite, Note, Question, ReviewCard
from app.practice import services
from tests.practice.conftest import T0, question, start


class Inputs(HTMLParser):
    """Collects form inputs and all attribute values: where a leaked key would hide."""

    def __init__(self):
        super().__init__()
        self.inputs, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes += list(attrs)
        if tag == "input":
            self.inputs.append(attrs)


def parse(html: str) -> Inputs:
    parser = Inputs()
    parser.feed(html)
    return parser


def test_question_page_carries_no_key(client, login_as, content_tree):
    login_as()
    html = client.get(start(client)).get_data(as_text=True)
    assert "服务最基本的特性是" in html
    assert "非实体性是最基本的特性" not in html and "答案：" not in html and "解析：" not in html
    page = parse(html)
    assert not any(i.get("checked") is not None for i in page.inputs)
    assert not any("correct" in name or "key" in name or "answer" in name for name in page.attributes)
    hidden = {i["name"]: i["value"] for i in page.inputs if i.get("type") == "hidden"}
    assert set(hidden) == {"csrf_token", "shown_at", "next"}  # next: where favourite/note return


def test_wrong_answer_is_graded_recorded_and_booked(client, login_as, content_tree, clock):
    user = login_as()
    q = question("alpha-001")
    html = client.post(start(client), data={"answer": "A", "shown_at": "0"}).get_data(as_text=True)
    assert "回答错误" in html and "答案：</strong>B" in html and "非实体性是最基本的特性" in html
    assert 'href="/chapters/alpha#alpha-traits"' in html and "已加入错题本" in html
    answer = db.session.scalar(select(Answer))
    assert (answer.user_id, answer.version_id, answer.mode, answer.response, answer.correct) == (
        user.id, q.current_version_id, "chapter", 0, False)
    assert answer.time_ms == services.MAX_TIME_MS  # shown_at=0 is clipped, not trusted
    card = db.session.scalar(select(ReviewCard))
    assert card.active and card.due == T0 + timedelta(minutes=10)


def test_chapter_mode_resumes_after_last_answer(client, login_as, content_tree, clock):
    login_as()
    client.post(start(client), data={"answer": "B"})
    html = client.get(start(client)).get_data(as_text=True)
    assert "服务可以像商品一样储存起来" in html  # alpha-002 comes first in the next set
    assert db.session.scalar(select(ReviewCard)) is None  # right answers do not enter the book


def test_three_correct_reviews_take_it_out_of_the_book(client, login_as, content_tree, clock):
    login_as()
    q = question("alpha-002")
    client.post(start(client, "section", "alpha-intangible"), data={"answer": "true"})
    assert "今天没有待复习" in client.post("/practice/review/due/start", data={"size": "all"}).get_data(as_text=True)
    for review in range(3):
        card = db.session.scalar(select(ReviewCard))
        clock["t"] = card.due + timedelta(minutes=1)
        first = start(client, "review", "due", "all")
        assert "服务可以像商品一样储存起来" in client.get(first).get_data(as_text=True)
        html = client.post(first, data={"answer": "false"}).get_data(as_text=True)
        assert "回答正确" in html
    card = db.session.scalar(select(ReviewCard))
    assert not card.active and card.streak == 3 and "已移出错题本" in html
    assert "错题本是空的" in client.get("/practice/book").get_data(as_text=True)


def test_graduation_count_and_relapse_in_the_service(app, content_tree):
    from tests.factories import make_user

    user = make_user()
    q = question("alpha-001")
    services.answer_question(user.id, q, ["A"], "random", T0, None)
    card = db.session.scalar(select(ReviewCard))
    services.answer_question(user.id, q, ["B"], "review", card.due, None, graduate_after=2)
    services.answer_question(user.id, q, ["C"], "review", card.due, None, graduate_after=2)   # wrong: streak resets
    assert card.streak == 0 and card.lapses == 2 and card.active
    services.answer_question(user.id, q, ["B"], "review", card.due, None, graduate_after=2)
    services.answer_question(user.id, q, ["B"], "review", card.due, None, graduate_after=2)
    assert not card.active
    services.answer_question(user.id, q, ["D"], "chapter", card.due, None)                 # wrong again later
    assert card.active and card.streak == 0


def test_missing_answer_is_explained_and_not_recorded(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    response = client.post(start(client), data={})
    assert response.status_code == 400 and "请选择一个选项" in response.get_data(as_text=True)
    assert db.session.scalar(select(Answer)) is None


def test_unknown_mode_and_unpublished_question_are_404(client, login_as, content_tree):
    login_as()
    assert client.get("/practice/cheat/all").status_code == 404
    assert client.post("/practice/cheat/all/start", data={"size": "10"}).status_code == 404
    q = question("alpha-001")
    q.status = "draft"
    db.session.commit()
    assert "服务最基本的特性是" not in client.get(start(client, "random", "all", "all")).get_data(as_text=True)


def test_section_mode_practises_the_section_questions(client, login_as, content_tree):
    login_as()
    assert "服务最基本的特性是" in client.get(start(client, "section", "alpha-traits")).get_data(as_text=True)
    assert "服务可以像商品一样储存起来" in client.get(start(client, "section", "alpha-intangible")).get_data(as_text=True)


def test_study_mode_shows_key_and_records_nothing(client, login_as, content_tree):
    login_as()
    html = client.get("/practice/study/alpha?i=0").get_data(as_text=True)
    assert "答案：</strong>B" in html and "非实体性是最基本的特性" in html
    assert db.session.scalar(select(Answer)) is None


def test_topic_random_and_weak_modes(client, login_as, content_tree, clock):
    user = login_as()
    assert "服务" in client.get(start(client, "topic", "service-basics")).get_data(as_text=True)
    empty = client.post("/practice/topic/not-a-topic/start", data={"size": "10"})
    assert empty.status_code == 200 and "还没有可练习的题目" in empty.get_data(as_text=True)  # empty page, not an error
    assert "暂时无法判断薄弱知识点" in client.post("/practice/weak/auto/start", data={"size": "10"}).get_data(as_text=True)
    q = question("alpha-001")
    for _ in range(5):
        services.answer_question(user.id, q, ["A"], "random", T0, None)
    hub = client.get("/practice/").get_data(as_text=True)
    assert "服务与客户服务概论" in hub and "正确率 0%" in hub
    start(client, "weak", "auto")
    from app.models import PracticeSet
    weak_set = db.session.scalars(select(PracticeSet).order_by(PracticeSet.id.desc())).first()
    assert weak_set.mode == "weak" and q.id in weak_set.question_ids
    assert client.get("/practice/random/all").status_code == 200


def test_favourites_and_notes_are_private(app, client, login_as, content_tree):
    from tests.factories import PASSWORD, make_user

    q = question("alpha-001")
    login_as()
    client.post(f"/practice/questions/{q.id}/favourite", data={"next": "/practice/favourites"})
    client.post(f"/practice/questions/{q.id}/note", data={"text": "记住：非实体性最基本"})
    assert "服务最基本的特性" in client.get("/practice/favourites").get_data(as_text=True)
    services.answer_question(db.session.scalar(select(Favourite.user_id)), q, ["A"], "random", T0, None)

    other = make_user()
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert "还没有收藏题目" in intruder.get("/practice/favourites").get_data(as_text=True)
    assert "记住：非实体性最基本" not in intruder.get(start(intruder)).get_data(as_text=True)
    assert "错题本是空的" in intruder.get("/practice/book").get_data(as_text=True)
    intruder.post(f"/practice/book/{q.id}/remove")
    intruder.post(f"/practice/questions/{q.id}/note", data={"text": ""})
    assert db.session.scalar(select(ReviewCard.active)) is True
    assert db.session.scalar(select(Note.text)) == "记住：非实体性最基本"


def test_review_streak_counts_local_days(app, content_tree):
    from tests.factories import make_user

    user = make_user()
    q = question("alpha-001")
    # 23:30 UTC on the 22nd is already the 23rd in Shanghai: local days 21 and 23, the 22nd missing.
    for moment in (T0 - timedelta(days=2), datetime(2026, 11, 22, 23, 30)):
        db.session.add(Answer(user_id=user.id, question_id=q.id, version_id=q.current_version_id, mode="review",
                              response=1, score=1, correct=True, created_at=moment))
    db.session.commit()
    assert services.review_streak(user.id, T0) == 1
    db.session.add(Answer(user_id=user.id, question_id=q.id, version_id=q.current_version_id, mode="review",
                          response=1, score=1, correct=True, created_at=datetime(2026, 11, 22, 3, 0)))
    db.session.commit()
    assert services.review_streak(user.id, T0) == 3
    assert services.review_streak(user.id, T0 + timedelta(days=3)) == 0


def test_note_too_long_is_refused(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    client.post(f"/practice/questions/{q.id}/note", data={"text": "字" * 5001})
    assert db.session.scalar(select(Note)) is None


def test_booking_wrong_answers_never_waits_on_the_clock(app, content_tree, monkeypatch):
    """fsrs sleeps 1 ms per card it numbers itself; grading an exam books dozens of cards inside the
    write transaction, so booking must give each card its id and never sleep."""
    import fsrs.card

    from tests.factories import make_user

    def no_sleeping(seconds):
        raise AssertionError("booking slept while holding the write lock")
    monkeypatch.setattr(fsrs.card.time, "sleep", no_sleeping)
    user = make_user()
    ids = [question("alpha-001").id, question("alpha-002").id]
    cards = services.book_wrong_answers(user.id, ids, T0)
    db.session.commit()
    assert sorted(c.question_id for c in cards.values()) == sorted(ids) and all(c.due > T0 for c in cards.values())
    for card in cards.values():
        card.active = False
    services.book_wrong_answers(user.id, ids, T0 + timedelta(days=3))             # relapse: a fresh card again
    assert all(c.active and c.fsrs["card_id"] == c.question_id for c in cards.values())
