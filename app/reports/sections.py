"""Item statistics gathered per chapter section, so authors see which passages leave trainees confused."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Question, Section
from app.reports.items import bank_item_stats


@dataclass
class SectionStats:
    answered: int
    facility: float
    flagged: int


def section_statistics(chapter_slug: str) -> dict[str, SectionStats]:
    """`##` section anchor -> statistics of the questions taught in it (or in its subsections)."""
    questions = list(db.session.execute(select(Question.id, Question.section_anchor).where(
        Question.chapter_slug == chapter_slug, Question.status == "published")))
    stats = bank_item_stats([qid for qid, _ in questions])
    units = dict(db.session.execute(select(Section.anchor, Section.unit_anchor)).all())
    grouped: dict[str, list] = {}
    for qid, anchor in questions:
        if qid in stats and stats[qid].facility is not None:
            grouped.setdefault(units.get(anchor, anchor), []).append(stats[qid])
    return {unit: SectionStats(len(items), sum(s.facility for s in items) / len(items), sum(bool(s.flags) for s in items))
            for unit, items in grouped.items()}
