"""Writing Moodle XML; see moodle_xml.py for the mapping, which both directions follow."""
import re
from xml.sax.saxutils import escape, quoteattr

from app.transfer.draft import QuestionDraft
from app.transfer.fields import meta_values
from app.transfer.gift import implied_weights
from app.transfer.key_points import format_key_point
from app.transfer.markdown_bank import BLANK
from app.transfer.moodle_xml import CLOZE_SPECIAL, SCORING_LABELS


def write_moodle_xml(drafts: list[QuestionDraft]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for draft in drafts:
        out += _question_xml(draft)
    out.append("</quiz>")
    return "\n".join(out) + "\n"


def _x(text: str) -> str:
    """Escaped text, without the control characters XML 1.0 cannot hold."""
    return escape(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text))


def _block(tag: str, text: str, fmt: str = "markdown") -> str:
    return f'<{tag} format="{fmt}"><text>{_x(text)}</text></{tag}>'


def _question_xml(d: QuestionDraft) -> list[str]:
    kind, stem, body = WRITERS[d.type](d)
    name = d.uid or (d.stem.strip().split("\n")[0][:40] or "题目")
    grade = (d.payload.get("points") or 1) if d.type == "case" else 1
    lines = [f'  <question type="{kind}">', f"    <name><text>{_x(name)}</text></name>",
             "    " + _block("questiontext", stem), "    " + _block("generalfeedback", d.explanation),
             f"    <defaultgrade>{_num(grade)}</defaultgrade>", "    <hidden>0</hidden>"]
    lines += [f"    <idnumber>{_x(d.ref)}</idnumber>"] if d.ref else []
    lines += ["    " + b for b in body]
    tags = _draft_tags(d)
    if tags:
        lines += ["    <tags>", *[f"      <tag><text>{_x(t)}</text></tag>" for t in tags], "    </tags>"]
    return lines + ["  </question>"]


def _draft_tags(d: QuestionDraft) -> list[str]:
    values = meta_values(d)
    values.pop("标识", None)  # in <idnumber>
    tags = [f"主题:{t}" for t in d.topics]
    tags += [f"{label}:{text}" for label, text in values.items() if label != "主题"]
    if d.type == "multiple":
        tags.append(f"计分:{SCORING_LABELS[d.payload.get('scoring', 'all')]}")
        tags += ["权重:自定"] if "weights" in d.payload else []
    return tags


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _answer(text: str, fraction, feedback: str = "") -> str:
    return (f'<answer fraction={quoteattr(_num(fraction))} format="html"><text>{_x(text)}</text>'
            f'{_block("feedback", feedback, "html")}</answer>')


def _write_true_false(d):
    p = d.payload
    return "truefalse", d.stem, [_answer("true", 100 if p["answer"] else 0, p.get("feedback_true", "")),
                                 _answer("false", 0 if p["answer"] else 100, p.get("feedback_false", ""))]


def _write_choice(d):
    p, single = d.payload, d.type == "single"
    default = [100 if i == p["answer"] else 0 for i in range(len(p["options"]))] if single else implied_weights(p)
    fractions = p.get("weights") or default
    feedback = p.get("option_feedback") or [""] * len(p["options"])
    body = [f"<single>{'true' if single else 'false'}</single>", "<shuffleanswers>true</shuffleanswers>",
            "<answernumbering>ABCD</answernumbering>"]
    return "multichoice", d.stem, body + [_answer(o, f, fb) for o, f, fb in zip(p["options"], fractions, feedback)]


def _write_fill(d):
    blanks = d.payload["blanks"]
    if len(blanks) == 1:
        weights = (d.payload.get("weights") or [[100] * len(blanks[0])])[0]
        return "shortanswer", d.stem, ["<usecase>0</usecase>", *[_answer(a, w) for a, w in zip(blanks[0], weights)]]
    gaps = iter(blanks)

    def gap(_match):
        accepted = next(gaps, [])
        return "{1:SA:" + "~".join("=" + CLOZE_SPECIAL.sub(r"\\\1", a) for a in accepted) + "}"

    return "cloze", BLANK.sub(gap, d.stem), []


def _write_case(d):
    points = "\n".join(f"- {format_key_point(k)}" for k in d.payload["key_points"])
    return "essay", d.stem, ["<responseformat>editor</responseformat>", "<responserequired>1</responserequired>",
                             "<responsefieldlines>15</responsefieldlines>", "<attachments>0</attachments>",
                             _block("graderinfo", points), _block("responsetemplate", "", "html")]


WRITERS = {"true_false": _write_true_false, "single": _write_choice, "multiple": _write_choice,
           "fill": _write_fill, "case": _write_case}
