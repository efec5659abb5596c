"""Reading progress: which `##` sections a trainee has read.

Honest by design: the page's script reports a section only after it was on screen long enough to
read (its length over a skimming speed, within bounds), and the server checks the reported time
against the same rule; jumping through the table of contents marks nothing. The 标记已读 button
marks at once: it is the trainee's own word.
"""
import math
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chapter, Section, SectionRead


READING_DEFAULTS = {"READING_CHARS_PER_SECOND": 10, "READING_MIN_SECONDS": 5, "READING_MAX_SECONDS": 60}


class UnknownSection(LookupError):
    pass


class TooQuick(ValueError):
    def __init__(self):
        super().__init__("停留时间不够，未计为已读。读完后可以点“标记已读”。")


def seconds_needed(chars: int, chars_per_second: float, low: int, high: int) -> int:
    return int(min(high, max(low, math.ceil(chars / chars_per_second))))


def unit_lengths(chapter: Chapter) -> dict[str, int]:
    """Reading unit anchor -> characters in it (its own text and its `###` subsections)."""
    lengths: dict[str, int] = {}
    for s in chapter.sections:
        if not s.retired:
            lengths[s.unit_anchor] = lengths.get(s.unit_anchor, 0) + len(s.plain_text or "")
    return lengths


def check_time_on_screen(chapter: Chapter, anchor: str, seconds, rule: dict) -> None:
    """Raises TooQuick unless `seconds` (reported by the page) cover the unit containing `anchor`."""
    unit = _unit(chapter, anchor)
    needed = seconds_needed(unit_lengths(chapter).get(unit.anchor, 0), rule["READING_CHARS_PER_SECOND"],
                            rule["READING_MIN_SECONDS"], rule["READING_MAX_SECONDS"])
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not math.isfinite(seconds) or seconds < needed:
        raise TooQuick()


def _unit(chapter: Chapter, anchor: str) -> Section:
    section = db.session.scalar(select(Section).where(
        Section.chapter_id == chapter.id, Section.anchor == anchor, Section.retired.is_(False)))
    if section is None:
        raise UnknownSection(anchor)
    return section if section.level == 2 else db.session.scalar(select(Section).where(Section.anchor == section.unit_anchor))


def mark_read(user_id: int, chapter: Chapter, anchor: str, now: datetime) -> bool:
    """Mark the reading unit containing `anchor` as read; True if it was not read before."""
    unit = _unit(chapter, anchor)
    if db.session.scalar(select(SectionRead.id).where(SectionRead.user_id == user_id, SectionRead.section_id == unit.id)):
        return False
    db.session.add(SectionRead(user_id=user_id, section_id=unit.id, read_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # a scroll event and a click raced: it is read either way
        db.session.rollback()
        return False
    return True


def read_anchors(user_id: int, chapter_id: int) -> set[str]:
    return set(db.session.scalars(select(Section.anchor).join(SectionRead, SectionRead.section_id == Section.id)
                                  .where(SectionRead.user_id == user_id, Section.chapter_id == chapter_id)))


def chapter_progress(user_id: int) -> dict[int, tuple[int, int]]:
    """chapter id -> (sections read, reading sections), for every live chapter, in two queries."""
    live = (Section.level == 2) & Section.retired.is_(False)
    totals = dict(db.session.execute(select(Section.chapter_id, func.count()).where(live).group_by(Section.chapter_id)).all())
    done = dict(db.session.execute(
        select(Section.chapter_id, func.count()).join(SectionRead, SectionRead.section_id == Section.id)
        .where(live, SectionRead.user_id == user_id).group_by(Section.chapter_id)).all())
    return {chapter_id: (done.get(chapter_id, 0), total) for chapter_id, total in totals.items()}


def live_chapters() -> list[Chapter]:
    return list(db.session.scalars(select(Chapter).where(Chapter.retired.is_(False)).order_by(Chapter.position)))
