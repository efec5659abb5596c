"""Reading progress: which `##` sections a trainee has read."""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Chapter, Section, SectionRead


class UnknownSection(LookupError):
    pass


def mark_read(user_id: int, chapter: Chapter, anchor: str, now: datetime) -> bool:
    """Mark the reading unit containing `anchor` as read; True if it was not read before."""
    section = db.session.scalar(select(Section).where(
        Section.chapter_id == chapter.id, Section.anchor == anchor, Section.retired.is_(False)))
    if section is None:
        raise UnknownSection(anchor)
    unit = section if section.level == 2 else db.session.scalar(select(Section).where(Section.anchor == section.unit_anchor))
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
