r"""Moodle's GIFT format (Moodle docs, "GIFT format"): parsing here, writing in gift_export.py.

Read as Moodle reads it: blank lines between questions, whole-line // comments, ::title::,
$CATEGORY: lines, [markdown]/[html]/[plain]/[moodle] markers, escapes \~ \= \# \{ \} \: \n \\.
Lines are kept as written (Moodle trims them) so Markdown indentation and hard breaks survive.
- {T}/{TRUE}/{F}/{FALSE} -> true_false. Moodle shows the FIRST #feedback after a wrong answer and
  the second after a right one; we store them by the learner's choice (feedback_true/_false).
- {=a ~%50%b ~c}: one full-credit option -> single; partial credit on the others is kept as
  `weights` and graded. Two or more scoring options -> multiple, graded by the weights as Moodle
  does (the sum of the ticked percentages, between 0 and 100 %); `weights` is kept only when it
  says more than the key (implied_weights), and the scoring is "partial" unless our own comment
  says otherwise. Per-option #feedback is kept.
- {=a =%50%b} -> fill, one blank; partial-credit answers are kept with their weights.
  {} -> case with a placeholder key point, status "draft".
- numerical, matching, description and malformed questions are Problems, never drafts.
- A ::title:: is the question's name in this file (identity.py), never a bank id.
- Our own fields (fields.FIELDS: signed id, topics, section, difficulty, status, source, case,
  plus the multiple-choice scoring) travel in a comment line before the question,
  `// [xuetang] {"标识": "xt:…", "主题": "…", …}`, which Moodle ignores. What GIFT cannot hold
  (our case key points; fill with several blanks or an answer with "->") is written as an essay
  after `// [xuetang:case|fill] {json payload}`. #### general feedback is the explanation.
- `$CATEGORY: $course$/top/a/b` is Moodle's category: it becomes a topic when it names one
  (categories.py), shown as a mapping in the preview.
"""
import json
import re
from itertools import groupby

from app.problems import Problem
from app.questions.registry import QUESTION_TYPES
from app.transfer.draft import QuestionDraft
from app.transfer.formats import UnknownFormat, decode_text
from app.transfer.categories import apply_category
from app.transfer.gift_comments import apply_fields, meta_payload
from app.transfer.markdown_bank import BLANK

# While the structure is read, escaped characters hide as private-use placeholders (as Moodle does).
PLACEHOLDER = {c: chr(0xE000 + i) for i, c in enumerate("\\~=#{}:n")}
RESTORE = str.maketrans({p: ("\n" if c == "n" else c) for c, p in PLACEHOLDER.items()})
ESCAPED = re.compile(r"\\([\\~=#{}:n])")
SPECIAL = re.compile(r"([\\~=#{}:])")
FORMAT = re.compile(r"^\[(?:html|markdown|plain|moodle)\]")
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
META = re.compile(r"^\s*//\s*\[xuetang:(case|fill)\]\s*(.*)$")
CATEGORY = re.compile(r"^\s*\$CATEGORY:\s*(.+?)\s*$")
FIELDS_COMMENT = re.compile(r"^\s*//\s*\[xuetang\]\s*(.*)$")
TF_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
UNSUPPORTED = {"numerical": "数值题", "matching": "匹配题", "description": "描述"}
ESSAY_POINT = "整体作答（导入的简答题，请补充采分点）"


def parse_gift(data: str | bytes, filename: str = "") -> tuple[list[QuestionDraft], list[Problem]]:
    if isinstance(data, bytes):
        try:
            data = decode_text(data)
        except UnknownFormat as error:
            return [], [Problem(filename, 1, f"第 1 行：{error}")]
    lines = data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    drafts, problems = [], []
    categories = {no: m.group(1) for no, line in enumerate(lines, 1) if (m := CATEGORY.match(line))}
    for numbered in _blocks(lines):
        block = _Block(numbered, filename)
        draft = _read(block) if block.text.strip() else None
        problems += block.problems
        if draft:
            apply_category(draft, next((categories[n] for n in sorted(categories, reverse=True) if n < numbered[0][0]), None))
            drafts.append(draft)
    return drafts, problems


def _blocks(lines):
    """Questions are separated by blank lines; a `$CATEGORY:` line stands on its own and is skipped."""
    def filled(numbered):
        return bool(numbered[1].strip()) and not numbered[1].strip().startswith("$CATEGORY:")

    return [list(group) for is_filled, group in groupby(enumerate(lines, 1), filled) if is_filled]


class _Block:
    """One question's text, escapes hidden and comment lines blanked, so an offset still gives a line."""

    def __init__(self, numbered, filename):
        self.meta = [(m.group(1), m.group(2), no) for no, line in numbered if (m := META.match(line))]
        self.fields = [(m.group(1), no) for no, line in numbered if (m := FIELDS_COMMENT.match(line))]
        body = [(no, "" if line.strip().startswith("//") else line) for no, line in numbered]
        while body and not body[0][1].strip():
            body.pop(0)
        self.start = body[0][0] if body else 0
        self.text = ESCAPED.sub(lambda m: PLACEHOLDER[m.group(1)], "\n".join(line for _, line in body))
        self.filename, self.problems = filename, []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, f"第 {line} 行：{message}"))

    def problem(self, offset: int, message: str) -> None:
        self.report(self.start + self.text.count("\n", 0, offset), message)


def _clean(text: str) -> str:
    """Moodle's reading of a piece of text: trimmed, format marker dropped, escapes restored."""
    return FORMAT.sub("", text.strip()).translate(RESTORE).strip()


def _read(block: _Block) -> QuestionDraft | None:
    text = block.text
    pos, title = len(text) - len(text.lstrip()), None
    if text.startswith("::", pos):
        end = text.find("::", pos + 2)
        if end < 0:
            block.problem(pos, "题目名称缺少结尾的“::”。")
            return None
        title, pos = text[pos + 2:end].translate(RESTORE).strip(), end + 2
    found = _answer_block(block, pos)
    if found is None:
        return None
    start, end = found
    inner = text[start + 1:end] if start >= 0 else ""
    body, _, general = inner.rpartition("####") if "####" in inner else (inner, "", "")
    kind = _kind(body) if start >= 0 else "description"
    if kind in UNSUPPORTED:
        block.problem(0, f"不支持的题型：{UNSUPPORTED[kind]}（{kind}），未导入。")
        return None
    before, after = text[pos:start], text[end + 1:]
    # Moodle leaves a blank where the answer block sat, unless the block ends the question.
    stem = _clean(before + "____" + after if after.strip() else before)
    if not _clean(before + after):
        block.problem(0, "缺少题干。")
    qtype, payload = BUILDERS[kind](block, body, start + 1)
    return _draft(block, title, stem, qtype, payload, _clean(general))


def _answer_block(block: _Block, pos: int) -> tuple[int, int] | None:
    """Offsets of the answer block's `{` and `}`, (-1, -1) when there is none, None on a problem."""
    text = block.text
    start = text.find("{", pos)
    stray = text.find("}", pos, start if start >= 0 else len(text))
    if stray >= 0:
        block.problem(stray, "出现了没有配对“{”的“}”（字面的花括号请写作 \\}）。")
        return None
    if start < 0:
        return -1, -1
    end = text.find("}", start)
    if end < 0:
        block.problem(start, "“{”没有对应的“}”：答案块没有结束（答案块内不能有空行）。")
        return None
    nested = text.find("{", start + 1, end)
    if nested >= 0:
        block.problem(nested, "答案块里又出现了“{”（字面的花括号请写作 \\{）。")
        return None
    extra = re.search(r"[{}]", text[end + 1:])
    if extra:
        block.problem(end + 1 + extra.start(), "一道题只能有一个答案块；题与题之间要空一行。")
        return None
    return start, end


def _kind(body: str) -> str:
    """Moodle's order of tests on the answer block (general feedback already removed)."""
    body = body.strip()
    if not body:
        return "essay"
    if body[0] == "#":
        return "numerical"
    if "~" in body:
        return "choice"
    if "=" in body and "->" in body:
        return "matching"
    return "true_false" if body.partition("#")[0].strip() in TF_WORDS else "short"


def _split(body: str, base: int, markers: str = "~="):
    """(marker, raw text, offset) per answer; text before the first marker has marker ""."""
    cuts = [i for i, c in enumerate(body) if c in markers]
    parts = [("", body[:cuts[0] if cuts else len(body)], base)]
    for n, i in enumerate(cuts):
        parts.append((body[i], body[i + 1:cuts[n + 1] if n + 1 < len(cuts) else len(body)], base + i))
    return [p for p in parts if p[0] or p[1].strip()]


def _parts(raw: str) -> tuple[float | None, str, str]:
    """An answer's weight (%50%), text and feedback (#...)."""
    raw = raw.strip()
    match = WEIGHT.match(raw)
    text, _, feedback = raw[match.end() if match else 0:].partition("#")
    return (float(match.group(1)) if match else None), _clean(text), _clean(feedback)


def _choice(block: _Block, body: str, base: int):
    options, weights, feedback, markers = [], [], [], set()
    for marker, raw, offset in _split(body, base):
        weight, text, note = _parts(raw)
        if not marker:
            block.problem(offset, f"“{text[:20]}”前缺少“=”或“~”。")
        elif not text:
            block.problem(offset, "答案内容为空。")
        elif weight is not None and not -100 <= weight <= 100:
            block.problem(offset, "分值必须在 -100% 到 100% 之间。")
        markers.add(marker)
        options.append(text)
        weights.append(weight if weight is not None else (100.0 if marker == "=" else 0.0))
        feedback.append(note)
    right = [i for i, w in enumerate(weights) if w > 0]
    full = [i for i, w in enumerate(weights) if w >= 100]
    extra = {"option_feedback": feedback} if any(feedback) else {}
    as_numbers = [int(w) if w.is_integer() else w for w in weights]
    # Moodle: an answer marked "=" makes the question single-answer; without one it is multi-answer.
    if full and ("=" in markers or len(right) == 1):
        if any(w for i, w in enumerate(weights) if i != full[0]):
            extra["weights"] = as_numbers
        return "single", {"options": options, "answer": full[0], **extra}
    if len(right) < 2 or "=" in markers:
        block.problem(0, "选择题没有正确答案：单选题用“=”标出一个正确选项，多选题给两个以上选项正分值（如 ~%50%）。")
        return "single", {}
    payload = {"options": options, "answer": right, "scoring": "partial", **extra}
    if any(abs(a - b) > 0.01 for a, b in zip(weights, implied_weights(payload))):
        payload["weights"] = as_numbers
    return "multiple", payload


def implied_weights(payload: dict) -> list[float]:
    """The Moodle weights a multiple-choice key stands for, whichever our scoring: each right
    option an equal share of 100 %, each wrong one -100 %. Moodle adds the ticked weights up
    (between 0 and 100 %), so a wrong tick cancels everything, as 错选不得分, and ticking every
    box never scores. Moodle cannot grade all-or-nothing: a correct subset gets its share there."""
    right = set(payload["answer"])
    return [round(100 / len(right), 5) if i in right else -100.0 for i in range(len(payload["options"]))]


def _short(block: _Block, body: str, base: int):
    accepted, weights = [], []
    for _, raw, offset in _split(body, base, "="):
        weight, text, _ = _parts(raw)
        if not text:
            block.problem(offset, "答案内容为空。")
        elif weight is None or weight > 0:
            accepted.append(text)
            weights.append(100 if weight is None or weight >= 100 else (int(weight) if weight.is_integer() else weight))
    if 100 not in weights and not block.problems:
        block.problem(0, "简答题没有满分（100%）的答案。")
    return "fill", {"blanks": [accepted], **({"weights": [weights]} if any(w < 100 for w in weights) else {})}


def _true_false(block: _Block, body: str, base: int):
    word, _, comment = body.strip().partition("#")
    answer = TF_WORDS[word.strip()]
    wrong, _, right = comment.partition("#")
    # Moodle: the first feedback is shown after a wrong answer, the second after a right one.
    by_choice = {answer: _clean(right), not answer: _clean(wrong)}
    payload = {"answer": answer}
    for choice, key in ((True, "feedback_true"), (False, "feedback_false")):
        if by_choice[choice]:
            payload[key] = by_choice[choice]
    return "true_false", payload


def _essay(block: _Block, body: str, base: int):
    if not block.meta:
        return "case", {"points": 1, "key_points": [{"text": ESSAY_POINT, "points": 1, "keywords": []}]}
    kind, raw, line = block.meta[-1]
    try:
        payload = meta_payload(kind, json.loads(raw))
    except (ValueError, RecursionError):
        payload = None
    if payload is None:
        block.report(line, f"“[xuetang:{kind}]”注释里的内容不是有效的题目数据。")
    return kind, payload or {}


BUILDERS = {"choice": _choice, "short": _short, "true_false": _true_false, "essay": _essay}


def _draft(block, title, stem, qtype, payload, explanation) -> QuestionDraft | None:
    if qtype == "fill" and "blanks" in payload:
        if not BLANK.search(stem):
            stem += " ____"
        if len(BLANK.findall(stem)) != len(payload["blanks"]):
            block.problem(0, f"题干中有 {len(BLANK.findall(stem))} 个空（____），但答案有 {len(payload['blanks'])} 个空。")
    draft = QuestionDraft(type=qtype, stem=stem, payload=payload, explanation=explanation, name=title or None,
                          line=block.start, status="draft" if qtype == "case" or not explanation else "published")
    if block.fields:
        raw, line = block.fields[-1]
        for message in apply_fields(draft, raw):
            block.report(line, message)
    if not block.problems:
        for message in QUESTION_TYPES[qtype].validate(payload):
            block.problem(0, message)
    return None if block.problems else draft
