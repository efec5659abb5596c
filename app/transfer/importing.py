"""Import: parse and preview first (a batch), then write everything in one transaction on confirm."""
import dataclasses
import hashlib
from collections import Counter
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Chapter, ImportBatch, Question, Section
from app.problems import Problem
from app.questions.versions import apply_draft
from app.transfer.draft import QuestionDraft
from app.transfer.formats import Format, decode_text

UNSUPPORTED_MARK = "不支持"


class ImportRefused(ValueError):
    """The batch cannot be imported as it is; the message says why."""


def parse_upload(fmt: Format, data: bytes, filename: str) -> tuple[list[QuestionDraft], list[Problem]]:
    payload = data if fmt.binary else decode_text(data)
    drafts, problems = fmt.parse(payload, filename)
    return drafts, problems + _section_problems(drafts, filename)


def _section_problems(drafts, filename) -> list[Problem]:
    wanted = {d.section for d in drafts if d.section}
    known = set(db.session.scalars(select(Section.anchor).where(Section.anchor.in_(wanted)))) if wanted else set()
    return [Problem(filename, d.line, f"小节“{d.section}”不存在。") for d in drafts if d.section and d.section not in known]


def stable_uid(draft: QuestionDraft) -> str:
    """Questions without an id get one from their content, so importing a file again updates them."""
    return "imp-" + hashlib.sha1(f"{draft.type}\x00{draft.stem}".encode()).hexdigest()[:10]


def create_batch(user_id: int, fmt: Format, filename: str, drafts, problems, now: datetime) -> ImportBatch:
    for draft in drafts:
        draft.uid = draft.uid or stable_uid(draft)
    blocking = [str(p) for p in problems if UNSUPPORTED_MARK not in p.message]
    skipped = [str(p) for p in problems if UNSUPPORTED_MARK in p.message]
    batch = ImportBatch(user_id=user_id, filename=filename[:255], format=fmt.name, created_at=now,
                        drafts=[dataclasses.asdict(d) for d in drafts], problems=blocking, skipped=skipped)
    db.session.add(batch)
    db.session.commit()
    return batch


def preview(batch: ImportBatch) -> dict:
    uids = [d["uid"] for d in batch.drafts]
    existing = set(db.session.scalars(select(Question.uid).where(Question.uid.in_(uids)))) if uids else set()
    return {"by_type": Counter(d["type"] for d in batch.drafts), "updates": len(existing),
            "creates": len(uids) - len(existing), "drafts": sum(d["status"] == "draft" for d in batch.drafts)}


def confirm_batch(batch: ImportBatch, user_id: int, now: datetime) -> int:
    """Write every question of the batch in one transaction; refuse if the preview showed problems."""
    if batch.imported_at is not None:
        raise ImportRefused("这批题目已经导入过了。")
    if batch.problems:
        raise ImportRefused("文件中有错误，请修改后重新上传；本次没有导入任何题目。")
    drafts = [QuestionDraft(**d) for d in batch.drafts]
    chapter_of = dict(db.session.execute(select(Section.anchor, Chapter.slug).join(Chapter)).all())
    try:
        existing = {q.uid: q for q in db.session.scalars(select(Question).where(Question.uid.in_([d.uid for d in drafts])))}
        for draft in drafts:
            question = existing.get(draft.uid) or Question(uid=draft.uid, type=draft.type, origin="import",
                                                           topics=[], created_by_id=user_id)
            db.session.add(question)
            apply_draft(question, draft, chapter_of.get(draft.section))
        batch.imported_at = now
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(drafts)


def drafts_from_questions(questions: list[Question]) -> list[QuestionDraft]:
    return [QuestionDraft(type=q.type, stem=q.current.stem, payload=q.current.payload, explanation=q.current.explanation,
                          uid=q.uid, topics=list(q.topics or []), section=q.section_anchor, difficulty=q.difficulty,
                          status=q.status, source=q.source or "", case_slug=q.case_slug, exam_only=q.exam_only)
            for q in questions if q.current is not None]
