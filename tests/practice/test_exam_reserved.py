"""The exam-reserved pool (考试专用) and the keys of an open attempt: nothing outside the exam shows them."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Answer, Attempt, Question, ReviewCard, Role
from app.models import PracticeSet
from tests.factories import make_exam_attempt, make_user
from tests.practice.conftest import T0, question, start

KEY_TEXT = "非实体性是最基本的特性"   # alpha-001's explanation


def reserve(*uids: str) -> None:
    db.session.execute(update(Question).where(Question.uid.in_(uids)).values(exam_only=True))
    db.session.commit()


def answers() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


def set_of(url: str) -> PracticeSet:
    return db.session.get(PracticeSet, int(url.split("/")[-2]))


def position_of(url: str, uid: str) -> int:
    return set_of(url).question_ids.index(question(uid).id) + 1


def review_page(client) -> str:
    """The first question of a review set, or the page that says there is nothing to review."""
    response = client.post("/practice/review/due/start", data={"size": "all"})
    return client.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 302 \
        else response.get_data(as_text=True)


def test_reserved_question_is_in_no_practice_set_nor_study(client, login_as, content_tree, clock):
    login_as()
    reserve("alpha-001")
    reserved = question("alpha-001").id
    for mode, key in (("chapter", "alpha"), ("section", "alpha-traits"), ("random", "all"), ("topic", "service-basics")):
        response = client.post(f"/practice/{mode}/{key}/start", data={"size": "all"})
        if response.status_code == 302:
            assert reserved not in set_of(response.headers["Location"]).question_ids, mode
    for url in ("/practice/study/alpha", "/practice/study/alpha?i=1"):
        html = client.get(url).get_data(as_text=True)
        assert "服务最基本的特性是" not in html and KEY_TEXT not in html, url


def test_a_question_reserved_after_its_set_was_drawn_reveals_nothing(client, login_as, content_tree, clock):
    login_as()
    first = start(client, "chapter", "alpha", "all")
    url = first.rsplit("/", 1)[0] + f"/{position_of(first, 'alpha-001')}"
    reserve("alpha-001")
    for response in (client.get(url), client.post(url, data={"answer": "A"})):
        assert response.status_code == 404
        assert KEY_TEXT not in response.get_data(as_text=True)
    assert client.post(f"/practice/questions/{question('alpha-001').id}/favourite").status_code == 404
    assert answers() == 0


def test_another_trainees_set_is_not_found_and_records_nothing(client, login_as, content_tree, clock):
    login_as()
    first = start(client, "chapter", "alpha", "all")
    client.post("/auth/logout")
    login_as()
    for response in (client.get(first), client.post(first, data={"answer": "A"})):
        assert response.status_code == 404
        assert KEY_TEXT not in response.get_data(as_text=True)
    assert answers() == 0


def test_questions_of_an_open_attempt_are_hidden_from_practice_and_study(client, login_as, content_tree, clock):
    user = login_as()
    first = start(client, "chapter", "alpha", "all")                                          # drawn before the exam
    url = first.rsplit("/", 1)[0] + f"/{position_of(first, 'alpha-001')}"
    make_exam_attempt(owner=make_user(role=Role.INSTRUCTOR), trainee=user)                   # alpha-001 is on the paper
    for page in ("/practice/study/alpha", "/practice/study/alpha?i=1"):
        assert KEY_TEXT not in client.get(page).get_data(as_text=True), page
    later = client.post("/practice/random/all/start", data={"size": "all"})
    if later.status_code == 302:
        assert question("alpha-001").id not in set_of(later.headers["Location"]).question_ids
    response = client.post(url, data={"answer": "A"})
    assert response.status_code == 404 and KEY_TEXT not in response.get_data(as_text=True)
    assert answers() == 0


def test_reserved_case_has_no_page_list_entry_or_search_hit(client, login_as, content_tree, clock):
    login_as()
    reserve("case-card-1")
    assert client.get("/cases/card").status_code == 404
    assert "吞卡测试案例" not in client.get("/cases/").get_data(as_text=True)
    assert "吞卡测试案例" not in client.get("/search?q=柜员机").get_data(as_text=True)
    assert client.post("/cases/card/case-card-1/answer", data={"text": "员工培训不足，业务不熟，需要补救和道歉。"}).status_code == 404


def test_staff_still_see_reserved_cases(client, login_as, content_tree, clock):
    login_as(Role.INSTRUCTOR)
    reserve("case-card-1")
    assert client.get("/cases/card").status_code == 200
    assert "吞卡测试案例" in client.get("/search?q=柜员机").get_data(as_text=True)


def _closed_attempt(user, review_policy: str, response, closes_at=None) -> Attempt:
    exam, attempt = make_exam_attempt(owner=make_user(role=Role.INSTRUCTOR), trainee=user)
    exam.review_policy, exam.closes_at = review_policy, closes_at
    attempt.items[0].response = response
    db.session.commit()
    from app.exams.attempts import close_attempt

    close_attempt(attempt, datetime(2026, 1, 1, 0, 5), "submit")
    return attempt


@pytest.mark.parametrize("policy, visible", [("after_submit", True), ("never", False), ("after_close", False)])
def test_book_entry_of_a_reserved_question_follows_the_review_policy(client, login_as, content_tree, clock, policy, visible):
    user = login_as()
    reserve("alpha-001")
    _closed_attempt(user, policy, 0, closes_at=T0 + timedelta(days=1) if policy == "after_close" else None)  # A is wrong
    assert db.session.scalar(select(ReviewCard.id).where(ReviewCard.user_id == user.id)) is not None
    assert ("服务最基本的特性是" in client.get("/practice/book").get_data(as_text=True)) is visible
    assert ("服务最基本的特性是" in review_page(client)) is visible


def test_after_close_review_opens_the_book_entry_once_the_exam_closes(client, login_as, content_tree, clock):
    user = login_as()
    reserve("alpha-001")
    _closed_attempt(user, "after_close", 0, closes_at=T0 + timedelta(days=1))
    clock["t"] = T0 + timedelta(days=1, minutes=1)
    assert "服务最基本的特性是" in client.get("/practice/book").get_data(as_text=True)


def test_bulk_action_and_editor_mark_questions_exam_only(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    ids = [question("alpha-001").id, question("alpha-002").id]
    client.post("/questions/bulk", data={"ids": ids, "action": "exam-only", "topic": ""})
    assert db.session.scalar(select(func.count()).where(Question.exam_only.is_(True))) == 2
    assert "考试专用" in client.get("/questions/").get_data(as_text=True)
    client.post("/questions/bulk", data={"ids": ids[:1], "action": "not-exam-only", "topic": ""})
    db.session.expire_all()
    assert [q.exam_only for q in db.session.scalars(select(Question).where(Question.id.in_(ids)).order_by(Question.id))] == [False, True]
    response = client.post(f"/questions/{ids[0]}/edit", data={
        "type": "single", "uid": "alpha-001", "stem": "服务最基本的特性是（　）。", "options": "差异性\n非实体性\n不可储存性\n过程性",
        "answer": "B", "explanation": KEY_TEXT, "section": "alpha-traits", "difficulty": 2, "status": "published",
        "topics": ["service-basics"], "scoring": "all", "exam_only": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    db.session.expire_all()
    assert db.session.get(Question, ids[0]).exam_only is True


def test_a_reserved_cell_draws_only_from_the_reserved_pool(app, content_tree):
    from app.exams.paper import BlueprintError, draw

    reserve("alpha-001")
    cell = {"type": "single", "count": 1, "points": 1, "topic": "", "chapter": "", "reserved": True}
    assert [d.question.uid for d in draw([cell], 1, True, False)] == ["alpha-001"]
    with pytest.raises(BlueprintError, match="考试专用"):
        draw([{**cell, "type": "true_false"}], 1, True, False)   # alpha-002 is not reserved
    assert [d.question.uid for d in draw([{**cell, "type": "true_false", "reserved": False}], 1, True, False)] == ["alpha-002"]


def test_bank_file_header_marks_a_question_exam_only_and_round_trips():
    from app.transfer.markdown_bank import parse_blocks, write_bank

    block = "### x-001\n类型：判断\n小节：alpha-traits\n难度：1\n考试专用：是\n\n题干：\n服务可以储存。\n\n答案：错\n解析：不可储存。\n"
    drafts, problems = parse_blocks(block, "bank.md")
    assert not problems and drafts[0].exam_only is True
    again, _ = parse_blocks(write_bank(drafts), "bank.md")
    assert again[0].exam_only is True
    _, problems = parse_blocks(block.replace("考试专用：是", "考试专用：也许"), "bank.md")
    assert [(p.line, p.message) for p in problems] == [(5, "考试专用写“是”或“否”。")]


def test_syncing_the_real_bank_reserves_the_pool(app):
    from pathlib import Path

    from app.content.sync import sync_content

    root = Path(__file__).resolve().parents[2]
    sync_content(root / "content", root / "cases")
    counts = dict(db.session.execute(select(Question.type, func.count()).where(Question.exam_only.is_(True))
                                     .group_by(Question.type)).all())
    # at least four draws of each default mock (20/50/20 and 4 case questions a paper; tests/exams/test_overlap.py)
    assert counts["true_false"] >= 80 and counts["single"] >= 200 and counts["multiple"] >= 80 and counts["case"] >= 16, counts
    assert set(counts) == {"true_false", "single", "multiple", "case"}      # never a 填空 in the reserved pool


@pytest.mark.parametrize("fmt", ["md", "gift", "xlsx"])
def test_reimporting_an_export_keeps_the_reserved_pool(runner, content_tree, tmp_path, fmt):
    reserve("alpha-001")
    out = tmp_path / f"bank.{fmt}"
    assert runner.invoke(args=["questions", "export", "--format", fmt, "-o", str(out)]).exit_code == 0
    if fmt == "md":
        assert "考试专用：是" in out.read_text(encoding="utf-8")
    result = runner.invoke(args=["questions", "import", str(out)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert {q.uid: q.exam_only for q in db.session.scalars(select(Question).where(Question.uid.like("alpha-%")))} == {
        "alpha-001": True, "alpha-002": False}
