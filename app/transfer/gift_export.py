"""Writing Moodle's GIFT format; see gift.py for the mapping. parse_gift(write_gift(x)) gives x back."""
import json

from app.transfer.draft import QuestionDraft
from app.transfer.fields import meta_values
from app.transfer.gift import FORMAT, SPECIAL, implied_weights
from app.transfer.gift_comments import SCORING_KEY, SCORING_LABELS
from app.transfer.markdown_bank import UID


def write_gift(drafts: list[QuestionDraft]) -> str:
    """Drafts as GIFT, a blank line between questions; parse_gift(write_gift(x)) gives x back."""
    return "".join(_write(d) + "\n\n" for d in drafts)


def _write(d: QuestionDraft) -> str:
    meta, answers = _answers(d)
    if d.explanation:
        answers.append("####" + _guard(d.explanation))
    block = "{" + "".join(f"\n\t{a}" for a in answers) + "\n}" if answers else "{}"
    # The stem is on one line (newlines escaped), so no line of it can pass for a comment.
    title = f"::{d.uid}::" if d.uid and UID.match(d.uid) else ""
    question = f"{title}[markdown]{_escape(d.stem)}{block}"
    return "\n".join(line for line in (_fields_comment(d), meta, question) if line)


def _fields_comment(d: QuestionDraft) -> str:
    """Our fields in a comment line Moodle skips (gift.py reads it back)."""
    values = meta_values(d)
    if d.type == "multiple":
        values[SCORING_KEY] = SCORING_LABELS[d.payload.get("scoring", "all")]
    return f"// [xuetang] {json.dumps(values, ensure_ascii=False)}" if values else ""


def _answers(d: QuestionDraft) -> tuple[str | None, list[str]]:
    p = d.payload
    feedback = list(p.get("option_feedback") or []) + [""] * len(p.get("options", []))  # zip stops at the options
    if d.type == "true_false":
        return None, [_true_false_line(p)]
    if d.type == "single":
        weights = p.get("weights") or [0] * len(p["options"])
        return None, [_option("=" if i == p["answer"] else "~", None if i == p["answer"] or not w else w, o, f)
                      for i, (o, w, f) in enumerate(zip(p["options"], weights, feedback))]
    if d.type == "multiple":
        weights = p["weights"] if len(p.get("weights") or []) == len(p["options"]) else implied_weights(p)
        return None, [_option("~", w, o, f) for o, w, f in zip(p["options"], weights, feedback)]
    if d.type == "fill" and len(p["blanks"]) == 1 and not any("->" in a for a in p["blanks"][0]):
        weights = (p.get("weights") or [[100] * len(p["blanks"][0])])[0]
        return None, [_option("=", None if w == 100 else w, a, "") for a, w in zip(p["blanks"][0], weights)]
    if d.type in ("fill", "case"):
        return f"// [xuetang:{d.type}] {json.dumps(p, ensure_ascii=False)}", []
    raise ValueError(f"GIFT 无法导出题型：{d.type}")


def _true_false_line(p: dict) -> str:
    # Moodle: the first feedback is for a wrong answer, the second for a right one.
    right = p.get("feedback_true" if p["answer"] else "feedback_false", "")
    wrong = p.get("feedback_false" if p["answer"] else "feedback_true", "")
    line = "TRUE" if p["answer"] else "FALSE"
    if wrong or right:
        line += "#" + _guard(wrong)
    return line + ("#" + _guard(right) if right else "")


def _option(marker: str, weight: float | None, text: str, feedback: str) -> str:
    if weight is None and text.startswith("%"):  # would be read as a weight: give the real one
        weight = 100 if marker == "=" else 0
    prefix = marker + (f"%{f'{weight:.5f}'.rstrip('0').rstrip('.')}%" if weight is not None else "")
    return prefix + _guard(text) + (f"#{_guard(feedback)}" if feedback else "")


def _guard(text: str) -> str:
    """Escaped text; one that starts like a format marker gets a real one in front."""
    return ("[markdown]" if FORMAT.match(text) else "") + _escape(text)


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # GIFT has no escape for a bare CR
    return SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")
