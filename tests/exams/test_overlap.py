"""The reserved pool of the real bank is drawn several times with little overlap for one trainee."""
from sqlalchemy import select

from app.exams.defaults import THEORY
from app.exams.paper import draw


def test_a_trainees_second_theory_paper_shares_no_question_with_the_first(app):
    from pathlib import Path

    from app.content.sync import sync_content

    root = Path(__file__).resolve().parents[2]
    sync_content(root / "content", root / "cases")
    first = draw(THEORY["blueprint"], 1, True, True)
    second = draw(THEORY["blueprint"], 2, True, True, frozenset(d.question.id for d in first))
    assert len(first) == len(second) == 90
    assert not {d.question.id for d in first} & {d.question.id for d in second}
    assert len({d.question.id for d in second}) == 90
