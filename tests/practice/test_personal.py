"""收藏 and 笔记 in place (JSON for the page's script, a redirect back without script); 我的笔记."""
from sqlalchemy import select

from app.extensions import db
from app.models import Favourite, Note
from tests.factories import PASSWORD, make_user
from tests.practice.conftest import question, start

JSON = {"Accept": "application/json"}


def test_favourite_and_note_after_answering_return_to_the_answered_question(client, login_as, content_tree, clock):
    login_as()
    first = start(client)
    client.post(first, data={"answer": "A"})
    q = question("alpha-001")
    back = client.post(f"/practice/questions/{q.id}/favourite", data={"next": first})
    assert back.status_code == 302 and back.headers["Location"] == first
    back = client.post(f"/practice/questions/{q.id}/note", data={"text": "易错：非实体性", "next": first})
    assert back.headers["Location"] == first
    page = client.get(first).get_data(as_text=True)
    assert "回答错误" in page and "★ 已收藏" in page and "易错：非实体性" in page


def test_script_gets_json_and_stays_on_the_page(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    response = client.post(f"/practice/questions/{q.id}/favourite", data={}, headers=JSON)
    assert response.status_code == 200 and response.json == {"favourite": True, "message": "已收藏。"}
    response = client.post(f"/practice/questions/{q.id}/note", data={"text": "笔记"}, headers=JSON)
    assert response.json == {"saved": True, "message": "笔记已保存。"}
    response = client.post(f"/practice/questions/{q.id}/note", data={"text": "字" * 5001}, headers=JSON)
    assert response.status_code == 400 and response.json["message"] == "笔记不能超过 5000 字。"
    assert db.session.scalar(select(Note.text)) == "笔记" and db.session.scalar(select(Favourite.id))


def test_a_foreign_next_is_not_followed(client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    for target in ("https://evil.example/", "//evil.example/practice/", "/practice/../auth/logout"):
        location = client.post(f"/practice/questions/{q.id}/favourite", data={"next": target}).headers["Location"]
        assert "evil" not in location and ".." not in location


def test_my_notes_lists_notes_with_their_questions_and_only_mine(app, client, login_as, content_tree):
    login_as()
    q = question("alpha-001")
    client.post(f"/practice/questions/{q.id}/note", data={"text": "<b>记住</b>非实体性"})
    html = client.get("/practice/notes").get_data(as_text=True)
    assert "我的笔记" in html and "服务最基本的特性是" in html and "&lt;b&gt;记住&lt;/b&gt;非实体性" in html
    other = make_user()
    intruder = app.test_client()
    intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert "非实体性" not in intruder.get("/practice/notes").get_data(as_text=True)
