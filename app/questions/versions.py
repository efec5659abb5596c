"""Writing question content: a change adds a version; what was shown before stays as it was."""
import hashlib
import json

from app.extensions import db
from app.models import Question, QuestionVersion
from app.questions.fragments import render_fragments
from app.transfer.draft import QuestionDraft


def content_hash(qtype: str, stem: str, payload: dict, explanation: str) -> str:
    blob = json.dumps([qtype, stem, payload, explanation], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def set_content(question: Question, stem: str, payload: dict, explanation: str) -> bool:
    """Point the question at a version with this content; True if a new version was added."""
    digest = content_hash(question.type, stem, payload, explanation)
    if question.current is not None and question.current.content_hash == digest:
        return False
    number = max((v.number for v in question.versions), default=0) + 1
    version = QuestionVersion(number=number, stem=stem, payload=payload, explanation=explanation, content_hash=digest,
                              **render_fragments(stem, payload, explanation))
    question.versions.append(version)
    db.session.flush()
    question.current = version
    return True


def apply_draft(question: Question, draft: QuestionDraft, chapter_slug: str | None) -> bool:
    """Copy a draft's metadata and content onto a question; True if anything changed."""
    before = (question.status, list(question.topics or []), question.section_anchor, question.difficulty,
              question.source, question.chapter_slug, question.case_slug, question.exam_only)
    question.type = draft.type
    question.status = draft.status
    question.topics = list(draft.topics)
    question.section_anchor = draft.section
    question.difficulty = draft.difficulty
    question.source = draft.source or ""
    question.chapter_slug = chapter_slug
    question.case_slug = draft.case_slug
    if draft.exam_only is not None:
        question.exam_only = draft.exam_only
    changed = set_content(question, draft.stem, draft.payload, draft.explanation)
    after = (question.status, question.topics, question.section_anchor, question.difficulty,
             question.source, question.chapter_slug, question.case_slug, question.exam_only)
    return changed or before != after


def draft_hash(draft: QuestionDraft) -> str:
    return content_hash(draft.type, draft.stem, draft.payload, draft.explanation + json.dumps(
        # 考试专用 joins the hash only when set, so marking questions leaves the other files' hashes alone.
        [draft.status, draft.topics, draft.section, draft.difficulty, draft.source, draft.case_slug]
        + (["exam_only"] if draft.exam_only else []), ensure_ascii=False))
