"""How instructors read a section: 第9章 服务质量差距模型 › 差距五, never its code (gap-model-gap-5).

Spreadsheets write sections this way and read them back by that label, by the section's own title
when only one section has it, or by the code that older files carry."""
from flask import has_app_context
from sqlalchemy import select

from app.extensions import db
from app.models import Chapter, Section


def _label(position: int, chapter: str, title: str) -> str:
    return f"第{position}章 {chapter} › {title}"


def section_labels(anchors=None, live_only: bool = False) -> dict[str, str]:
    """Anchor -> label, in reading order: all sections, only the anchors given, or only live ones."""
    if not has_app_context():
        return {}
    query = select(Section.anchor, Section.title, Chapter.title, Chapter.position).join(Chapter).order_by(
        Chapter.position, Section.position)
    if anchors is not None:
        wanted = {a for a in anchors if a}
        if not wanted:
            return {}
        query = query.where(Section.anchor.in_(wanted))
    if live_only:
        query = query.where(Section.retired.is_(False), Chapter.retired.is_(False))
    return {anchor: _label(pos, chapter, title) for anchor, title, chapter, pos in db.session.execute(query).all()}


def anchor_reader(labels: dict[str, str]):
    """A function text -> anchor: a label, a title only one section has, or a code (kept as written)."""
    by_label = {label: anchor for anchor, label in labels.items()}
    titles: dict[str, list[str]] = {}
    for anchor, label in labels.items():
        titles.setdefault(label.rsplit(" › ", 1)[-1], []).append(anchor)
    unique = {title: found[0] for title, found in titles.items() if len(found) == 1}

    def read(text: str) -> str:
        text = " ".join(text.split()).replace(">", "›")
        return by_label.get(text) or unique.get(text) or text
    return read
