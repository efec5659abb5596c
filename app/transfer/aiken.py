"""The Aiken format (Moodle docs, "Aiken format"): single choice questions only.

    服务质量差距模型中，差距五是指（　）。
    A. 管理者认知差距
    B) 顾客期望与顾客感知之间的差距
    ANSWER: B

The stem may run over several lines (Moodle reads one; more lines are our extension). Options are
`A.`, `A)` or `A、`, a space after the mark optional, in letter order; `ANSWER:` ends the question.
A broken question is reported at its line and the others still import (as Moodle does: the
format is `partial` in formats.py). Aiken carries no explanation, name
or per-option feedback: imported questions have no uid and, lacking an explanation, are drafts.
Only single choice questions can be written; `aiken_skipped` names the drafts that cannot be.
"""
import re

from app.problems import Problem
from app.questions.registry import QUESTION_TYPES
from app.transfer.draft import QuestionDraft

# Moodle (qformat_aiken): `A)` or `A.`, the space after it optional; `A、` and full-width marks as Chinese files write them.
OPTION = re.compile(r"^([A-Z])[.)．、）][ \t]*(.*)$")
ANSWER = re.compile(r"^ANSWER\s*[:：]\s*(.*)$")


def parse_aiken(data: str | bytes, filename: str = "") -> tuple[list[QuestionDraft], list[Problem]]:
    if isinstance(data, bytes):
        data = _decode(data)
    drafts, problems = [], []
    current: dict | None = None  # {"line", "stem": [...], "options": [(letter, text, line)]}

    def finish(answer: str, line: int) -> None:
        draft, messages = _build(current, answer, line)
        problems.extend(Problem(filename, n, m) for n, m in messages)
        if draft:
            drafts.append(draft)

    for number, raw in enumerate(data.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        text = raw.strip()
        option, answer = OPTION.match(text), ANSWER.match(text)
        if answer:
            if current is None:
                problems.append(Problem(filename, number, "ANSWER 行前面没有题目。"))
            else:
                finish(answer.group(1).strip(), number)
            current = None
        elif option:
            if current is None:
                problems.append(Problem(filename, number, "选项前面没有题干。"))
                current = {"line": number, "stem": [], "options": [], "orphan": True}
            current["options"].append((option.group(1), (option.group(2) or "").strip(), number))
        elif text and current is not None and current["options"]:
            # Text after the options: the previous question never got its ANSWER line.
            if not current.get("orphan"):
                problems.append(Problem(filename, current["line"], "缺少 ANSWER 行（例如“ANSWER: B”），未导入这道题。"))
            current = {"line": number, "stem": [raw.rstrip()], "options": []}
        elif current is not None:
            current["stem"].append(raw.rstrip())  # blank lines and indents inside a stem are kept
        elif text:
            current = {"line": number, "stem": [raw.rstrip()], "options": []}
    if current is not None and not current.get("orphan"):
        problems.append(Problem(filename, current["line"], "缺少 ANSWER 行（例如“ANSWER: B”），未导入这道题。"))
    return drafts, problems


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: what Windows tools in China save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _build(current: dict, answer: str, answer_line: int):
    """The draft for one finished question, or the (line, message) problems that stop it."""
    if current.get("orphan"):
        return None, []  # already reported at its first option
    line, options = current["line"], current["options"]
    messages = []
    if len(options) < 2:
        messages.append((line, f"至少需要 2 个选项（只有 {len(options)} 个）。"))
    letters = [letter for letter, _, _ in options]
    if letters != [chr(65 + i) for i in range(len(letters))]:
        messages.append((options[0][2] if options else line, "选项字母应按 A、B、C…… 的顺序排列。"))
    if len(answer) != 1 or answer.upper() not in letters:
        shown = answer or "（空）"
        messages.append((answer_line, f"答案“{shown}”不在选项之中（Aiken 格式只支持单选，答案写一个选项字母）。"))
    stem = "\n".join(current["stem"]).strip()
    if not stem:
        messages.append((line, "缺少题干。"))
    if messages:
        return None, messages
    payload = {"options": [text for _, text, _ in options], "answer": letters.index(answer.upper())}
    messages = [(line, m) for m in QUESTION_TYPES["single"].validate(payload)]
    draft = QuestionDraft(type="single", stem=stem, payload=payload, status="draft", line=line)
    return (None if messages else draft), messages


def exportable(draft: QuestionDraft) -> bool:
    """Single choice whose stem and options survive the line-based format unchanged, and that
    Moodle would grade as we do (no partial credit on a distractor)."""
    if draft.type != "single" or not draft.stem.strip() or "weights" in draft.payload:
        return False
    stem_lines = [line.strip() for line in draft.stem.split("\n")]
    if any(OPTION.match(line) or ANSWER.match(line) for line in stem_lines):
        return False
    return all("\n" not in o and "\r" not in o and o.strip() for o in draft.payload["options"])


def aiken_skipped(drafts: list[QuestionDraft]) -> list[str]:
    """The uid (or the stem's start) of each draft write_aiken leaves out, to tell the user."""
    return [d.uid or d.stem.strip().split("\n")[0][:30] for d in drafts if not exportable(d)]


def write_aiken(drafts: list[QuestionDraft]) -> str:
    """The single choice drafts only; the rest are named by aiken_skipped."""
    blocks = []
    for d in drafts:
        if not exportable(d):
            continue
        options = [f"{chr(65 + i)}. {o.strip()}" for i, o in enumerate(d.payload["options"])]
        blocks.append("\n".join([d.stem.strip(), *options, f"ANSWER: {chr(65 + d.payload['answer'])}"]))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
