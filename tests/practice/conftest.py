from datetime import datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Question
from app.questions.versions import set_content

T0 = datetime(2026, 11, 23, 2, 0)


@pytest.fixture
def clock(monkeypatch):
    from app.practice import routes

    now = {"t": T0}
    monkeypatch.setattr(routes, "_now", lambda: now["t"])
    return now


def question(uid: str) -> Question:
    return db.session.scalar(select(Question).where(Question.uid == uid))


def make_questions(count: int, chapter: str = "alpha", anchor: str = "alpha-traits") -> list[Question]:
    """`count` published single-choice questions whose key is always B."""
    made = []
    for n in range(count):
        q = Question(uid=f"extra-{chapter}-{n:03d}", type="single", status="published", topics=["service-basics"],
                     section_anchor=anchor, chapter_slug=chapter)
        db.session.add(q)
        set_content(q, f"补充题 {n} 的题干", {"options": ["甲", "乙", "丙", "丁"], "answer": 1}, f"补充题 {n} 的解析")
        made.append(q)
    db.session.commit()
    return made


def start(client, mode="chapter", key="alpha", size="10") -> str:
    """Starts a set through the form; returns the URL of its first question."""
    response = client.post(f"/practice/{mode}/{key}/start", data={"size": size})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


@pytest.fixture(autouse=True)
def fresh_crowd_cache():
    """Each test has a new database whose ids repeat: the per-process crowd cache must not carry over."""
    from app.practice import crowd

    crowd._cache.clear()
