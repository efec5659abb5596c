"""Every field of a question that is not its content, in one list that every format writes and reads.

A format writes `meta_values(draft)` (label -> text) in its own way: GIFT as a comment line Moodle
ignores, Moodle XML as tags (topics one tag each), Excel as columns, Markdown as `键：值` lines.
It reads them back with `apply_meta`. Adding a field to the bank is one line in FIELDS (plus the
draft attribute it fills). Payload keys a format has no native place for (weights, per-option
feedback) travel as JSON under EXTRA_LABEL in the formats that need it (Markdown, Excel).
"""
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from app.content.syllabus import TOPICS, topic_label
from app.transfer.draft import STATUS_BY_LABEL, STATUS_LABELS, QuestionDraft

EXTRA_LABEL = "附加"
CORE_KEYS = {"true_false": {"answer"}, "single": {"options", "answer"}, "multiple": {"options", "answer", "scoring"},
             "fill": {"blanks"}, "case": {"points", "key_points"}}
EXTRA_KEYS = {"weights", "option_feedback", "feedback_true", "feedback_false"}


def _text(value) -> str:
    return "" if value is None else str(value)


def _optional(text: str):
    return text.strip() or None


# Files name topics in Chinese (what instructors read); the keys of older files are still understood.
TOPIC_KEYS = {**{key: key for key in TOPICS}, **{name: key for key, name in TOPICS.items()}}


def _topics(text: str) -> list[str]:
    topics = [TOPIC_KEYS.get(t.strip(), t.strip()) for t in re.split(r"[,，、]", text) if t.strip()]
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise ValueError(f"未知的主题：{'、'.join(unknown)}")
    return topics


def _difficulty(text: str) -> int:
    if text.strip() not in ("1", "2", "3", "4", "5"):
        raise ValueError("难度必须是 1 到 5 的整数。")
    return int(text)


def _status(text: str) -> str:
    if text.strip() not in STATUS_BY_LABEL:
        raise ValueError("状态必须是 已发布、草稿 或 已停用。")
    return STATUS_BY_LABEL[text.strip()]


def _yes_no(text: str) -> bool:
    if text.strip() not in ("是", "否", ""):
        raise ValueError("考试专用写“是”或“否”。")
    return text.strip() == "是"


@dataclass(frozen=True)
class MetaField:
    attr: str                       # the QuestionDraft attribute
    label: str                      # its name in every file format
    read: Callable[[str], Any]      # text -> value; raises ValueError with a Chinese message
    write: Callable[[Any], str] = _text


FIELDS = (
    MetaField("ref", "标识", _optional),
    MetaField("topics", "主题", _topics, lambda v: "、".join(topic_label(t) for t in v or [])),
    MetaField("section", "小节", _optional),
    MetaField("difficulty", "难度", _difficulty),
    MetaField("status", "状态", _status, lambda v: STATUS_LABELS.get(v, "")),
    MetaField("source", "来源", str.strip),
    MetaField("case_slug", "案例", _optional),
    MetaField("reviewer", "审核", str.strip),    # the second reader (content/questions/README.md)
    MetaField("exam_only", "考试专用", _yes_no, lambda v: "是" if v else ""),   # absent: an import leaves it as it was
)
LABELS = [f.label for f in FIELDS]


def meta_values(draft: QuestionDraft) -> dict[str, str]:
    """Label -> text for every field that has a value."""
    values = {f.label: f.write(getattr(draft, f.attr)) for f in FIELDS}
    return {label: text for label, text in values.items() if text}


def apply_meta(draft: QuestionDraft, values: dict[str, str]) -> list[str]:
    """Set the fields present in `values`; the problems found, in Chinese."""
    messages = []
    for f in FIELDS:
        if f.label in values:
            try:
                setattr(draft, f.attr, f.read(values[f.label]))
            except ValueError as error:
                messages.append(str(error))
    return messages


def payload_extras(qtype: str, payload: dict) -> dict:
    return {k: v for k, v in payload.items() if k not in CORE_KEYS.get(qtype, set())}


def extras_text(qtype: str, payload: dict) -> str:
    extras = payload_extras(qtype, payload)
    return json.dumps(extras, ensure_ascii=False, sort_keys=True) if extras else ""


def read_extras(text: str) -> tuple[dict, list[str]]:
    """The `附加` JSON back into payload keys; the question type validates the values."""
    if not text.strip():
        return {}, []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or set(data) - EXTRA_KEYS or not _finite(data):
        return {}, [f"“{EXTRA_LABEL}”不是有效的数据（应为导出时写出的 JSON，键为 {'、'.join(sorted(EXTRA_KEYS))}）。"]
    return data, []


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True
