"""The reserved pool of the real bank is drawn several times with little overlap for one trainee
(issues 12 and 17: the theory mock four times; it was 2.5 draws, a third paper repeated 48 of 90)."""
import random

from sqlalchemy import func, select

from app.exams.defaults import PRACTICE_SKILLS, THEORY
from app.exams.paper import PoolEntry, _proportional, draw
from app.extensions import db
from app.models import Question


def _papers(blueprint, count: int) -> list[int]:
    """How many questions each of one trainee's successive papers shares with the earlier ones."""
    seen: frozenset[int] = frozenset()
    overlaps = []
    for seed in range(count):
        paper = draw(blueprint, 7000 + seed, True, True, seen)
        drawn = {d.question.id for d in paper}
        assert len(drawn) == len(paper)
        overlaps.append(len(drawn & seen))
        seen |= drawn
    return overlaps


def test_the_reserved_pool_gives_a_trainee_four_papers_of_each_mock_without_repeats(app):
    from pathlib import Path

    from app.content.sync import sync_content

    root = Path(__file__).resolve().parents[2]
    sync_content(root / "content", root / "cases")
    reserved = dict(db.session.execute(select(Question.type, func.count()).where(
        Question.exam_only.is_(True), Question.status == "published").group_by(Question.type)).all())
    for mock in (THEORY, PRACTICE_SKILLS):
        for row in mock["blueprint"]:
            assert reserved.get(row["type"], 0) >= 4 * row["count"], (row["type"], reserved)
    assert _papers(THEORY["blueprint"], 4) == [0, 0, 0, 0]
    assert _papers(PRACTICE_SKILLS["blueprint"], 4) == [0, 0, 0, 0]


def test_a_small_topic_gives_way_on_the_next_paper_instead_of_repeating():
    """Quotas by the bank's proportions made a topic with 2 of 20 questions repeat on the third paper
    of 4 while 12 questions of other topics were still fresh."""
    def entry(i, topic):
        return PoolEntry(i, i, f"q-{i}", "single", (topic,), None, 4)
    pool = [entry(i, "small") for i in range(2)] + [entry(i, "big") for i in range(2, 20)]
    seen: frozenset[int] = frozenset()
    for paper in range(5):
        chosen = {q.id for q in _proportional(pool, 4, random.Random(paper), seen)}
        assert len(chosen) == 4 and not chosen & seen, (paper, sorted(chosen), sorted(seen))
        seen |= chosen
    assert seen == set(range(20))
