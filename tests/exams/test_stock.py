"""Papers drawn before the start (`flask exams stock`) and the cached question blocks of the paper page."""
import threading
from datetime import timedelta

from sqlalchemy import func, select

from app.exams import page, stock
from app.exams.attempts import start_attempt
from app.extensions import db
from app.models import Attempt, AttemptItem, DrawnPaper, Exam, Question, Role, User
from app.questions.versions import set_content
from tests.exams.conftest import CASES, OBJECTIVE, T0, make_exam
from tests.factories import make_user

JSON = {"Accept": "application/json"}


def free_papers(exam_id) -> int:
    return db.session.scalar(select(func.count()).where(DrawnPaper.exam_id == exam_id, DrawnPaper.claimed_at.is_(None)))


def start(client, exam_id) -> int:
    response = client.post(f"/exams/{exam_id}/start", headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.json["url"].rsplit("/", 1)[1])


def live_body(attempt_id) -> str:
    """The paper's questions as the page renders them without a stored paper."""
    attempt = db.session.get(Attempt, attempt_id)
    items = page.load_page_items(attempt)
    return str(page.render_paper(items, page.case_texts(items))[1])


def test_a_first_start_claims_a_stored_paper_and_the_page_serves_its_body(app, client, login_as, content_tree, clock):
    exam = make_exam(OBJECTIVE + CASES, shuffle_options=True)
    assert stock.fill_stock(exam, 2, T0) == (2, 2)
    paper = db.session.scalars(select(DrawnPaper).order_by(DrawnPaper.id)).first()
    login_as(Role.TRAINEE)
    attempt_id = start(client, exam.id)
    db.session.expire_all()
    paper = db.session.get(DrawnPaper, paper.id)
    assert paper.attempt_id == attempt_id and paper.claimed_at == T0 and free_papers(exam.id) == 1
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position))
    assert [[i.question_id, i.version_id, i.points, i.option_order] for i in items] == paper.items
    html = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    with app.test_request_context():
        assert paper.body_html in html and paper.body_html == live_body(attempt_id)   # the stored body is the live one
    assert "非实体性是最基本的特性" not in html and "choice-correct" not in html      # the explanation and key stay out


def test_the_page_renders_live_once_anything_was_saved(client, login_as, content_tree, clock):
    exam = make_exam()
    stock.fill_stock(exam, 1, T0)
    login_as(Role.TRAINEE)
    attempt_id = start(client, exam.id)
    position = next(i.position for i in db.session.get(Attempt, attempt_id).items if i.question.type == "true_false")
    client.post(f"/api/attempts/{attempt_id}/answers", json={"edited_at": 1, "position": position, "values": ["true"]})
    html = client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert 'value="true"\n    checked' in html


def test_concurrent_starts_of_one_trainee_make_one_attempt_and_claim_one_paper(app, content_tree):
    exam = make_exam()
    stock.fill_stock(exam, 3, T0)
    user_id, exam_id = make_user().id, exam.id
    made = []

    def press():
        with app.app_context():
            made.append(start_attempt(db.session.get(User, user_id), db.session.get(Exam, exam_id), T0).id)
            db.session.remove()
    threads = [threading.Thread(target=press) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.expire_all()
    assert len(set(made)) == 1 and db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    claimed = db.session.scalars(select(DrawnPaper).where(DrawnPaper.claimed_at.is_not(None))).all()
    assert [p.attempt_id for p in claimed] == made[:1] and free_papers(exam_id) == 2


def test_stock_running_out_falls_back_to_a_live_draw(app, content_tree):
    exam = make_exam()
    stock.fill_stock(exam, 2, T0)
    ids, exam_id = [make_user().id for _ in range(5)], exam.id
    made = []

    def press(user_id):
        with app.app_context():
            made.append(start_attempt(db.session.get(User, user_id), db.session.get(Exam, exam_id), T0).id)
            db.session.remove()
    threads = [threading.Thread(target=press, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.expire_all()
    per_user = db.session.execute(select(Attempt.user_id, func.count()).group_by(Attempt.user_id)).all()
    assert sorted(per_user) == [(i, 1) for i in ids] and len(set(made)) == 5
    assert db.session.scalar(select(func.count()).where(DrawnPaper.attempt_id.is_not(None))) == 2 and free_papers(exam_id) == 0
    assert all(len(db.session.get(Attempt, a).items) == 2 for a in made)


def test_a_later_attempt_draws_live(client, login_as, content_tree, clock):
    exam = make_exam()
    stock.fill_stock(exam, 3, T0)
    login_as(Role.TRAINEE)
    first = start(client, exam.id)
    client.post(f"/api/attempts/{first}/submit")
    second = start(client, exam.id)
    assert second != first and free_papers(exam.id) == 2
    assert db.session.scalar(select(DrawnPaper.id).where(DrawnPaper.attempt_id == second)) is None


def test_a_changed_question_makes_the_stock_stale(client, login_as, content_tree, clock):
    exam = make_exam()
    stock.fill_stock(exam, 2, T0)
    question = db.session.scalar(select(Question).where(Question.type == "single", Question.status == "published"))
    version = question.current
    assert set_content(question, "改过的题干：服务的首要特性是？", version.payload, version.explanation)
    db.session.commit()
    login_as(Role.TRAINEE)
    attempt_id = start(client, exam.id)
    assert free_papers(exam.id) == 2                        # stale papers are never claimed
    assert "改过的题干" in client.get(f"/exams/attempts/{attempt_id}").get_data(as_text=True)
    assert stock.fill_stock(exam, 2, T0) == (2, 2)           # the next run replaces them
    assert all("改过的题干" in p.body_html for p in db.session.scalars(select(DrawnPaper).where(DrawnPaper.claimed_at.is_(None))))


def test_stock_cli_draws_one_paper_per_trainee_without_an_attempt(runner, content_tree):
    exam = make_exam()
    for _ in range(3):
        make_user()
    make_user(role=Role.INSTRUCTOR)
    result = runner.invoke(args=["exams", "stock", str(exam.id)])
    assert "新抽 3 份，现有备用试卷 3 份" in result.output, result.output
    assert "新抽 0 份" in runner.invoke(args=["exams", "stock", str(exam.id)]).output
    assert runner.invoke(args=["exams", "stock", "99999"]).exit_code != 0


def test_cached_blocks_follow_a_new_version_and_the_saved_answer(app, content_tree):
    exam = make_exam(shuffle_options=True)
    user = make_user()
    attempt = start_attempt(user, exam, T0)
    with app.test_request_context():
        items = page.load_page_items(attempt)
        single = next(i for i in items if i.question.type == "single")
        before = str(page.question_block(single))
        version = single.version
        assert set_content(single.question, "新版本的题干", version.payload, version.explanation)
        db.session.commit()
        later = start_attempt(make_user(), exam, T0 + timedelta(seconds=1))
        block = next(str(page.question_block(i)) for i in page.load_page_items(later) if i.question.type == "single")
        assert "新版本的题干" in block and "新版本的题干" not in before
        single.response = 1
        answered = str(page.question_block(single))
        letter = "ABCDEFGH"[single.option_order.index(1) if single.option_order else 1]   # shown where option 1 went
        assert answered.count("checked") == 1 and f'value="{letter}"\n    checked' in answered
