"""Authoring in the browser. A form is written out in the bank's own Markdown syntax and read back
by the same parser as the files, so both ways of writing a question obey the same rules."""
import secrets
from dataclasses import dataclass

from sqlalchemy import String, cast, or_, select

from app.admin.audit import record
from app.auth.clock import now as utcnow
from app.content.section_labels import section_labels
from app.extensions import db
from app.models import Case, Chapter, Question, QuestionVersion, Section
from app.problems import Problem
from app.questions.versions import apply_draft
from app.transfer.draft import STATUS_LABELS, QuestionDraft
from app.transfer.fields import EXTRA_LABEL, FIELDS, extras_text
from app.transfer.markdown_bank import LABEL_BY_TYPE, parse_blocks

CASE_LABEL = next(f.label for f in FIELDS if f.attr == "case_slug")

PAGE_SIZE = 30


class QuestionError(ValueError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("；".join(messages))


@dataclass
class Filters:
    type: str = ""
    topic: str = ""
    chapter: str = ""
    difficulty: int | None = None
    status: str = ""
    q: str = ""
    pool: str = ""   # "exam": only 考试专用; "practice": only the others


def filtered_query(f: Filters):
    query = select(Question).join(QuestionVersion, Question.current_version_id == QuestionVersion.id)
    if f.type:
        query = query.where(Question.type == f.type)
    if f.chapter:
        query = query.where(Question.chapter_slug == f.chapter)
    if f.difficulty:
        query = query.where(Question.difficulty == f.difficulty)
    if f.status:
        query = query.where(Question.status == f.status)
    if f.pool in ("exam", "practice"):
        query = query.where(Question.exam_only.is_(f.pool == "exam"))
    if f.topic:
        # JSON list membership, portable across SQLite and PostgreSQL: match the quoted key.
        query = query.where(cast(Question.topics, String).like(f'%"{f.topic}"%'))
    if f.q:
        like = f"%{f.q.strip()[:100]}%"
        query = query.where(or_(QuestionVersion.stem.ilike(like), Question.uid.ilike(like)))
    return query.order_by(Question.chapter_slug, Question.uid)


def section_choices() -> list[tuple[str, str]]:
    """(anchor, name) of every live section, in reading order: how instructors pick and read a section."""
    return list(section_labels(live_only=True).items())


def case_choices() -> list[tuple[str, str]]:
    """(slug, title) of every live case: what a case-analysis question can belong to."""
    return [tuple(row) for row in db.session.execute(select(Case.slug, Case.title).where(Case.retired.is_(False))
                                                     .order_by(Case.title)).all()]


def section_names(anchors) -> dict[str, str]:
    """Anchor -> the section's Chinese name, for the anchors given (retired sections included)."""
    return section_labels(anchors)


def compose_block(fields: dict) -> str:
    """The form's fields as one question block of the bank format."""
    lines = [f"### {fields.get('uid') or 'new-question'}", f"类型：{LABEL_BY_TYPE.get(fields['type'], fields['type'])}",
             f"小节：{fields.get('section') or ''}", f"难度：{fields.get('difficulty') or ''}",
             f"主题：{', '.join(fields.get('topics') or [])}", f"状态：{STATUS_LABELS.get(fields.get('status'), '已发布')}"]
    if fields.get("source"):
        lines.append(f"来源：{fields['source']}")
    if fields.get("exam_only"):
        lines.append("考试专用：是")
    if fields.get("case_slug"):
        lines.append(f"{CASE_LABEL}：{fields['case_slug']}")
    if (fields.get("extras") or "").strip():
        lines.append(f"{EXTRA_LABEL}：{' '.join(fields['extras'].split())}")   # one line, as the bank format has it
    if fields["type"] == "multiple":
        lines.append("计分：" + ("部分得分" if fields.get("scoring") == "partial" else "全对得分"))
    if fields["type"] == "case":
        lines.append(f"分值：{fields.get('points') or ''}")
    lines += ["", "题干：", (fields.get("stem") or "").strip(), ""]
    options = [o.strip() for o in (fields.get("options") or "").splitlines() if o.strip()]
    lines += [o if o[:2] in {f"{c}." for c in "ABCDEFGH"} else f"{chr(65 + i)}. {o}" for i, o in enumerate(options)]
    answer = (fields.get("answer") or "").strip()
    if fields["type"] == "case":
        lines += ["", "采分点：", answer]
    else:
        lines += [""] + [f"答案：{a.strip()}" for a in answer.splitlines() if a.strip()]
    lines += ["", "解析：", (fields.get("explanation") or "").strip()]
    return "\n".join(lines)


def draft_from_fields(fields: dict) -> QuestionDraft:
    drafts, problems = parse_blocks(compose_block(fields), "")
    problems += _section_problem(fields.get("section"))
    if problems or not drafts:
        raise QuestionError([p.message for p in problems] or ["题目内容不完整。"])
    return drafts[0]


def _section_problem(anchor: str | None) -> list[Problem]:
    if anchor and not db.session.scalar(select(Section.id).where(Section.anchor == anchor)):
        return [Problem("", 0, f"小节“{anchor}”不存在。")]
    return []


def fields_from_question(q: Question) -> dict:
    from app.transfer.markdown_bank import _answer_lines

    draft = QuestionDraft(type=q.type, stem=q.current.stem, payload=q.current.payload, explanation=q.current.explanation)
    lines = _answer_lines(draft)
    options = [line for line in lines if line[:2] in {f"{c}." for c in "ABCDEFGH"}]
    answers = [line.removeprefix("答案：") for line in lines if line.startswith("答案：")]
    points = [line for line in lines if line.startswith("- (")]
    return {"uid": q.uid, "type": q.type, "section": q.section_anchor, "difficulty": q.difficulty, "topics": q.topics,
            "status": q.status, "source": q.source, "exam_only": q.exam_only, "scoring": q.current.payload.get("scoring", "all"),
            "points": q.current.payload.get("points"), "stem": q.current.stem, "options": "\n".join(options),
            "answer": "\n".join(points or answers), "explanation": q.current.explanation, "case_slug": q.case_slug or "",
            "extras": extras_text(q.type, q.current.payload)}


def save_question(fields: dict, user_id: int, question: Question | None = None) -> Question:
    """Create or edit; an edit of the content adds a version, so earlier answers keep theirs."""
    uid = (fields.get("uid") or "").strip() or (question.uid if question else f"web-{secrets.token_hex(4)}")
    draft = draft_from_fields({**fields, "uid": uid})
    clash = db.session.scalar(select(Question).where(Question.uid == uid))
    if clash is not None and clash is not question:
        raise QuestionError([f"编号“{uid}”已被其他题目使用。"])
    if question is None:
        question = Question(uid=uid, type=draft.type, origin="web", topics=[], created_by_id=user_id)
        db.session.add(question)
    question.uid = uid
    apply_draft(question, draft, _chapter_of(draft.section))
    record(user_id, "question.save", f"题目 {uid}", "", utcnow())
    db.session.commit()
    return question


def _chapter_of(anchor: str | None) -> str | None:
    return db.session.scalar(select(Chapter.slug).join(Section).where(Section.anchor == anchor)) if anchor else None


def duplicate_question(question: Question, user_id: int) -> Question:
    fields = fields_from_question(question)
    fields.update(uid=f"{question.uid[:60]}-copy-{secrets.token_hex(2)}", status="draft")
    return save_question(fields, user_id)


def set_status(question: Question, status: str) -> None:
    if status == "published" and not (question.current and question.current.explanation.strip()):
        raise QuestionError(["缺少解析的题目不能发布。"])
    question.status = status
    db.session.commit()


def bulk_update(ids: list[int], action: str, topic: str = "") -> int:
    questions = list(db.session.scalars(select(Question).where(Question.id.in_(ids)))) if ids else []
    for q in questions:
        if action == "add-topic" and topic and topic not in (q.topics or []):
            q.topics = [*q.topics, topic]
        elif action == "remove-topic" and topic in (q.topics or []):
            q.topics = [t for t in q.topics if t != topic]
        elif action == "retire":
            q.status = "retired"
        elif action in ("exam-only", "not-exam-only"):
            q.exam_only = action == "exam-only"
    db.session.commit()
    return len(questions)
