"""Import: parse and preview first (a batch), then write what the instructor confirmed in one transaction.

Each question of a batch is classified against the bank before anything is written:
- 新增 (create): not in the bank;
- 更新 (update): the same question (identity.py) with a field or the content changed — a new version;
- 未变 (unchanged): the same question, nothing changed — left alone;
- 重复 (duplicate): a new question whose normalised stem and options equal a bank question's or an
  earlier one in the file — skipped, or imported as a new question if the instructor says so.
"""
import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import Case, Chapter, ImportBatch, Question, QuestionVersion, Section
from app.problems import Problem
from app.questions.versions import apply_draft, content_hash
from app.transfer.categories import category_topic
from app.transfer.draft import QuestionDraft
from app.transfer.fields import FIELDS
from app.transfer.formats import Format, UnknownFormat, decode_text
from app.transfer.identity import content_key, content_uid, scoped_uid, verified_uid

UNSUPPORTED_MARK = "不支持"
FILE_REFERENCE = re.compile(r"@@PLUGINFILE@@/([^\"'\s)<>\\]*)")
DUPLICATE_CHOICES = ("skip", "new")


class ImportRefused(ValueError):
    """The batch cannot be imported as it is; the message says why."""


@dataclass
class Row:
    """One question of a batch as the preview shows it."""
    draft: QuestionDraft
    action: str              # create | update | unchanged | duplicate
    duplicate_of: str = ""   # the bank question's uid, or "第 N 行" of the file


MAX_QUESTIONS = 5000


def parse_upload(fmt: Format, data: bytes, filename: str) -> tuple[list[QuestionDraft], list[Problem]]:
    """The file's questions and problems; UnknownFormat when it cannot or may not be read at all."""
    payload = data if fmt.binary else decode_text(data)
    if not payload.strip():
        raise UnknownFormat("文件是空的，没有可导入的内容：请检查是否选错了文件。")
    drafts, problems = fmt.parse(payload, filename)
    if len(drafts) > MAX_QUESTIONS:
        raise UnknownFormat(f"文件太大：一次最多导入 {MAX_QUESTIONS} 道题（这个文件有 {len(drafts)} 道），请拆分后再导入。")
    drafts, refused = _without_files(drafts, filename)
    problems += refused
    return drafts, problems + _section_problems(drafts, filename)


def _without_files(drafts: list[QuestionDraft], filename: str) -> tuple[list[QuestionDraft], list[Problem]]:
    """A question that points at a file Moodle keeps (`@@PLUGINFILE@@/x.png`, an image or
    attachment) is refused with a message: stored, it would show a broken link."""
    kept, problems = [], []
    for draft in drafts:
        names = FILE_REFERENCE.findall(json.dumps([draft.stem, draft.payload, draft.explanation], ensure_ascii=False))
        if names:
            problems.append(Problem(filename, draft.line, f"题目引用了 Moodle 文件（{'、'.join(dict.fromkeys(names))}），"
                                    f"{UNSUPPORTED_MARK}导入图片和附件：请删除图片或改用文字后再导入，这道题未导入。"))
        else:
            kept.append(draft)
    return kept, problems


def _section_problems(drafts, filename) -> list[Problem]:
    """Sections and cases a file names must exist (the case link keeps a question on its case page)."""
    problems = []
    for column, attr, label in ((Section.anchor, "section", "小节"), (Case.slug, "case_slug", "案例")):
        wanted = {getattr(d, attr) for d in drafts if getattr(d, attr)}
        known = set(db.session.scalars(select(column).where(column.in_(wanted)))) if wanted else set()
        problems += [Problem(filename, d.line, f"{label}“{getattr(d, attr)}”不存在。")
                     for d in drafts if getattr(d, attr) and getattr(d, attr) not in known]
    return problems


def assign_uids(drafts: list[QuestionDraft], filename: str) -> None:
    """Our signed reference gives the uid; a foreign name is scoped to the file; else the content."""
    taken: Counter = Counter()
    for draft in drafts:
        uid = verified_uid(draft.ref)
        if uid is None:
            draft.ref = None
            uid = scoped_uid(filename, draft.name) if draft.name else content_uid(draft.type, draft.stem, draft.payload)
        taken[uid] += 1
        draft.uid = uid if taken[uid] == 1 else f"{uid[:70]}-{taken[uid]}"


def blocking_problems(fmt: Format, problems: list[Problem]) -> list[Problem]:
    """Problems that refuse the whole file: none in a `partial` format (each broken question is
    skipped), else all but unsupported question types."""
    return [] if fmt.partial else [p for p in problems if UNSUPPORTED_MARK not in p.message]


def create_batch(user_id: int | None, fmt: Format, filename: str, drafts, problems, now: datetime) -> ImportBatch:
    assign_uids(drafts, filename)
    blocking = [str(p) for p in blocking_problems(fmt, problems)]
    skipped = [str(p) for p in problems if str(p) not in set(blocking)] if blocking else [str(p) for p in problems]
    batch = ImportBatch(user_id=user_id, filename=filename[:255], format=fmt.name, created_at=now,
                        drafts=[dataclasses.asdict(d) for d in drafts], problems=blocking, skipped=skipped)
    db.session.add(batch)
    db.session.commit()
    return batch


# A draft field's name on the Question model, where the two differ.
MODEL_ATTR = {"section": "section_anchor"}


# The fields the bank stores (not the reference; the reviewer lives in the bank files only).
COMPARED = [f for f in FIELDS if f.attr != "ref" and hasattr(Question, MODEL_ATTR.get(f.attr, f.attr))]


def _fields(obj, on_model: bool) -> list:
    """The values of COMPARED, normalised so "" and None compare equal."""
    values = [getattr(obj, MODEL_ATTR.get(f.attr, f.attr) if on_model else f.attr) for f in COMPARED]
    return [list(v) if isinstance(v, (list, tuple)) else (v if v not in ("", None) else None) for v in values]


def _unchanged(question: Question, draft: QuestionDraft, chapter: str | None) -> bool:
    current = question.current
    return (current is not None and question.type == draft.type and question.chapter_slug == chapter
            and current.content_hash == content_hash(draft.type, draft.stem, draft.payload, draft.explanation)
            and all(ours == theirs or (f.attr == "exam_only" and theirs is None)   # None: the file cannot say
                    for f, ours, theirs in zip(COMPARED, _fields(question, True), _fields(draft, False))))


def classify(batch: ImportBatch) -> list[Row]:
    return classify_drafts([QuestionDraft(**d) for d in batch.drafts])


def classify_drafts(drafts: list[QuestionDraft]) -> list[Row]:
    """Each draft (uids assigned) against the bank and the drafts before it."""
    chapter_of = _chapters()
    uids = [d.uid for d in drafts]
    existing = {q.uid: q for q in db.session.scalars(select(Question).where(Question.uid.in_(uids)))} if uids else {}
    seen = _bank_keys()
    rows = []
    for draft in drafts:
        question = existing.get(draft.uid)
        if question is not None:
            rows.append(Row(draft, "unchanged" if _unchanged(question, draft, chapter_of.get(draft.section)) else "update"))
            continue
        key = content_key(draft.type, draft.stem, draft.payload)
        rows.append(Row(draft, "duplicate", seen[key]) if key in seen else Row(draft, "create"))
        seen.setdefault(key, f"第 {draft.line} 行" if draft.line else draft.uid)
    return rows


def _bank_keys() -> dict[str, str]:
    """The content key of every bank question's current version -> its uid."""
    keys: dict[str, str] = {}
    rows = db.session.execute(select(Question.uid, Question.type, QuestionVersion.stem, QuestionVersion.payload)
                              .join(QuestionVersion, Question.current_version_id == QuestionVersion.id))
    for uid, qtype, stem, payload in rows:
        keys.setdefault(content_key(qtype, stem, payload), uid)
    return keys


def _chapters() -> dict[str, str]:
    return dict(db.session.execute(select(Section.anchor, Chapter.slug).join(Chapter)).all())


def preview(rows: list[Row]) -> dict:
    actions = Counter(row.action for row in rows)
    categories = Counter(row.draft.category for row in rows if row.draft.category)
    mapping = [(name, n, category_topic(name)) for name, n in categories.items()]
    return {"by_type": Counter(row.draft.type for row in rows), "creates": actions["create"], "categories": mapping,
            "updates": actions["update"], "unchanged": actions["unchanged"], "duplicates": actions["duplicate"],
            "drafts": sum(row.draft.status == "draft" and row.action in ("create", "update") for row in rows)}


def confirm_batch(batch: ImportBatch, user_id: int | None, now: datetime, duplicates: str = "skip") -> dict:
    """Write the batch in one transaction: creates, updates (each a new version), and duplicates
    only when `duplicates` is "new". Returns the counts by action."""
    if batch.imported_at is not None:
        raise ImportRefused("这批题目已经导入过了。")
    if batch.problems:
        raise ImportRefused("文件中有错误，请修改后重新上传；本次没有导入任何题目。")
    if duplicates not in DUPLICATE_CHOICES:
        raise ImportRefused("请选择如何处理重复的题目。")
    rows = classify(batch)
    chapter_of = _chapters()
    written = Counter()
    try:
        existing = {q.uid: q for q in db.session.scalars(select(Question).where(Question.uid.in_([r.draft.uid for r in rows])))}
        for row in rows:
            if row.action == "unchanged" or (row.action == "duplicate" and duplicates == "skip"):
                continue
            draft = row.draft
            question = existing.get(draft.uid) if row.action == "update" else None
            if question is None:
                question = Question(uid=_free_uid(draft.uid), type=draft.type, origin="import", topics=[], created_by_id=user_id)
                db.session.add(question)
            apply_draft(question, draft, chapter_of.get(draft.section))
            written[row.action] += 1
        batch.imported_at = now
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise ImportRefused("写入题库时发生冲突（可能有人同时导入了相同的题目），本次没有导入任何题目，请重新上传。") from None
    return dict(written)


def preview_message(summary: dict) -> str:
    """The preview in one sentence (the CLI prints it; the page shows the same counts)."""
    if not summary["creates"] and not summary["updates"] and not summary["duplicates"]:
        return f"文件中的 {summary['unchanged']} 道题与题库完全一致，导入不会改变任何题目。"
    return (f"新增 {summary['creates']} 题，更新 {summary['updates']} 题（各加一个新版本），"
            f"未变 {summary['unchanged']} 题，重复 {summary['duplicates']} 题。")


def confirmation_message(written: dict) -> str:
    created = written.get("create", 0) + written.get("duplicate", 0)
    if not created and not written.get("update"):
        return "导入完成：题库没有任何变化。"
    return f"导入完成：新增 {created} 道题，更新 {written.get('update', 0)} 道题。"


def _free_uid(uid: str) -> str:
    """The uid, or the first `uid-N` free in the bank (a duplicate imported as a new question)."""
    candidate, n = uid, 1
    while db.session.scalar(select(Question.id).where(Question.uid == candidate)) is not None:
        n += 1
        candidate = f"{uid[:70]}-{n}"
    return candidate


def drafts_from_questions(questions: list[Question]) -> list[QuestionDraft]:
    from app.transfer.identity import sign_ref

    return [QuestionDraft(type=q.type, stem=q.current.stem, payload=q.current.payload, explanation=q.current.explanation,
                          uid=q.uid, topics=list(q.topics or []), section=q.section_anchor, difficulty=q.difficulty,
                          status=q.status, source=q.source or "", case_slug=q.case_slug, ref=sign_ref(q.uid),
                          exam_only=q.exam_only)
            for q in questions if q.current is not None]
