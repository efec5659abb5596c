"""`flask content sync`: copy content/ and cases/ into the database, idempotently, all or nothing."""
import hashlib
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from app.content.loading import ContentSet, load_content
from app.content.parsing import plain_text
from app.extensions import db
from app.models import Case, Chapter, Figure, Question, Section
from app.problems import ProblemsFound
from app.questions.versions import apply_draft, draft_hash


def sync_content(content_dir: Path, cases_dir: Path, dry_run: bool = False) -> Counter:
    """Load, check, then write everything in one transaction. Raises ProblemsFound, writing nothing."""
    found = load_content(content_dir, cases_dir)
    if found.problems:
        raise ProblemsFound(found.problems)
    report = Counter()
    if dry_run:
        return _counts(found)
    try:
        _write_chapters(found, report)
        _write_figures(found, report)
        _write_cases(found, report)
        _write_questions(found, report)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _counts(found: ContentSet) -> Counter:
    return Counter({"chapters": len(found.chapters), "cases": len(found.cases), "figures": len(found.figures),
                    "questions": sum(len(b.drafts) for b in found.banks) + sum(len(c.questions) for c in found.cases)})


def _digest(*parts) -> str:
    return hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()


def _upsert(model, key_column, key, values: dict, report: Counter, kind: str):
    row = db.session.scalar(select(model).where(key_column == key))
    if row is None:
        row = model(**values)
        db.session.add(row)
        report[f"{kind} created"] += 1
    elif any(getattr(row, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(row, k, v)
        report[f"{kind} updated"] += 1
    return row


def _retire_missing(model, key_column, keep: set, report: Counter, kind: str) -> None:
    for row in db.session.scalars(select(model).where(model.retired.is_(False))):
        if getattr(row, key_column.key) not in keep:
            row.retired = True
            report[f"{kind} retired"] += 1


def _write_chapters(found: ContentSet, report: Counter) -> None:
    for doc in found.chapters:
        chapter = _upsert(Chapter, Chapter.slug, doc.slug, {
            "slug": doc.slug, "title": doc.title, "position": doc.order, "topics": doc.topics,
            "objectives": doc.objectives, "body": doc.body, "content_hash": _digest(doc.body), "retired": False,
        }, report, "chapters")
        db.session.flush()
        for position, s in enumerate(doc.sections):
            _upsert(Section, Section.anchor, s.anchor, {
                "anchor": s.anchor, "chapter_id": chapter.id, "title": s.title, "level": s.level,
                "position": position, "unit_anchor": s.unit_anchor, "plain_text": plain_text(s.text), "retired": False,
            }, report, "sections")
    _retire_missing(Chapter, Chapter.slug, {c.slug for c in found.chapters}, report, "chapters")
    _retire_missing(Section, Section.anchor, set(found.section_chapter), report, "sections")


def _write_figures(found: ContentSet, report: Counter) -> None:
    for name, svg in found.figures.items():
        _upsert(Figure, Figure.name, name, {"name": name, "svg": svg, "content_hash": _digest(svg), "retired": False},
                report, "figures")
    _retire_missing(Figure, Figure.name, set(found.figures), report, "figures")


def _write_cases(found: ContentSet, report: Counter) -> None:
    for doc in found.cases:
        _upsert(Case, Case.slug, doc.slug, {
            "slug": doc.slug, "title": doc.title, "topics": doc.topics, "sections": doc.sections,
            "background": doc.background, "plain_text": plain_text(doc.background),
            "content_hash": _digest(doc.background), "retired": False,
        }, report, "cases")
    _retire_missing(Case, Case.slug, {c.slug for c in found.cases}, report, "cases")


def _write_questions(found: ContentSet, report: Counter) -> None:
    chapter_of = found.section_chapter
    drafts = [d for b in found.banks for d in b.drafts] + [q for c in found.cases for q in c.questions]
    existing = {q.uid: q for q in db.session.scalars(select(Question).where(Question.origin == "bank"))}
    for draft in drafts:
        digest = draft_hash(draft)
        question = existing.get(draft.uid)
        if question is None:
            question = Question(uid=draft.uid, type=draft.type, origin="bank", topics=[])
            db.session.add(question)
            report["questions created"] += 1
        elif question.file_hash == digest:
            continue  # file unchanged since the last sync: keep any edit made in the browser
        else:
            report["questions updated"] += 1
        apply_draft(question, draft, chapter_of.get(draft.section))
        question.file_hash = digest
    keep = {d.uid for d in drafts}
    for uid, question in existing.items():
        if uid not in keep and question.status != "retired":
            question.status = "retired"
            report["questions retired"] += 1
