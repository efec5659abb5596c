"""The real bank, synced, fills the default theory mock; draft questions (questions awaiting their
second reader) are never drawn."""
from pathlib import Path

from sqlalchemy import select

from app.content.sync import sync_content
from app.exams.defaults import THEORY
from app.exams.paper import draw
from app.extensions import db
from app.models import Question

ROOT = Path(__file__).resolve().parents[2]


def test_theory_mock_draws_only_published_questions_from_the_real_bank(app):
    sync_content(ROOT / "content", ROOT / "cases")
    # Once every draft has had its second reader the real bank may hold none; set a spread of
    # questions back to draft so the test still shows that drafts are never drawn.
    for question in db.session.scalars(select(Question).order_by(Question.id)).all()[::25]:
        question.status = "draft"
    db.session.commit()
    drafts = set(db.session.scalars(select(Question.id).where(Question.status == "draft")))
    assert drafts
    for seed in range(5):
        paper = draw(THEORY["blueprint"], seed, True, True)
        assert len(paper) == 90
        drawn = {d.question.id for d in paper}
        assert not drawn & drafts
        assert len({t for d in paper for t in d.question.topics}) >= 10, "the draw spreads over the syllabus"
