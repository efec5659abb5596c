"""Our own comment lines in GIFT, which Moodle skips (see gift.py): the fields GIFT has no place
for, `// [xuetang] {"标识": …}`, and the payload of a question GIFT cannot hold,
`// [xuetang:case|fill] {…}`. Both are read back from the keys we know, never trusted whole."""
import json
import math

from app.transfer.draft import QuestionDraft
from app.transfer.fields import apply_meta

SCORING_KEY = "计分"
SCORING_LABELS = {"all": "全对得分", "partial": "部分得分"}


def apply_fields(draft: QuestionDraft, raw: str) -> list[str]:
    """Set the draft's fields from a `// [xuetang]` comment; the problems found."""
    try:
        values = json.loads(raw)
    except (ValueError, RecursionError):
        values = None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        return ["“[xuetang]”注释里的内容不是有效的字段数据。"]
    messages = apply_meta(draft, values)
    if draft.type == "multiple" and values.get(SCORING_KEY) in SCORING_LABELS.values():
        draft.payload["scoring"] = "all" if values[SCORING_KEY] == SCORING_LABELS["all"] else "partial"
    return messages


def meta_payload(kind: str, data) -> dict | None:
    """Our own payload carried in a comment, rebuilt from the keys we know, or None if malformed."""
    def number(x):
        return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)

    def texts(x):
        return isinstance(x, list) and all(isinstance(t, str) for t in x)

    if kind == "fill" and isinstance(data, dict):
        blanks = data.get("blanks")
        return {"blanks": blanks} if isinstance(blanks, list) and all(texts(b) for b in blanks) else None
    points = data.get("key_points") if isinstance(data, dict) else None
    if not (kind == "case" and isinstance(points, list) and number(data.get("points"))
            and all(isinstance(p, dict) and isinstance(p.get("text"), str) and number(p.get("points"))
                    and texts(p.get("keywords", [])) for p in points)):
        return None
    return {"points": data["points"], "key_points": [
        {"text": p["text"], "points": p["points"], "keywords": p.get("keywords", [])} for p in points]}
