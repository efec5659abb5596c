"""Moodle XML (Moodle docs, "Moodle XML format"): parsing here, writing in moodle_xml_export.py.

Mapping: truefalse -> true_false; multichoice with <single>true</single> -> single, with false ->
multiple; shortanswer -> fill with one blank (answers with a positive fraction are accepted); essay -> case (draft, one placeholder key point worth <defaultgrade>). A fill with
several blanks cannot be a shortanswer, so it is written as a cloze question whose gaps are all
short answers, and only such cloze questions are read back; any other cloze, and matching,
numerical, description etc. are reported. A category pseudo-question sets the category (and so
perhaps the topic, categories.py) of the questions after it.

Our own fields (fields.FIELDS) travel as Moodle tags "<label>:<value>" ("主题:<key>" one tag per
topic, "小节:<id>", "难度:<n>", "状态:<label>", "来源:<text>", "案例:<slug>"), plus "计分:<label>" for
a multiple choice and "权重:自定" when its weights are its own; the signed identity of our export
goes in <idnumber> (Moodle 3.6+ keeps it). <name> is the question's name in this file, never a
bank id. Fractions are graded as written: partial credit on a single-choice distractor and on
an alternative short answer is kept as `weights`; multi-answer fractions are kept unless they
are what the key implies (gift.implied_weights).
A case's key points travel in <graderinfo> as lines `- (5分) 要点 —— 关键词：词一、词二`.

Security: the XML is parsed with defusedxml, which refuses entity declarations (billion laughs)
and external entities. Line numbers are exact: expat's current line at each <question> start tag.
"""
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from app.problems import Problem
from app.questions.registry import QUESTION_TYPES
from app.transfer.categories import apply_category
from app.transfer.draft import QuestionDraft
from app.transfer.fields import apply_meta
from app.transfer.gift import implied_weights
from app.transfer.gift_comments import SCORING_LABELS
from app.transfer.key_points import parse_key_point
from app.transfer.markdown_bank import BLANK

ENTITY_MESSAGE = "XML 文件包含实体定义，出于安全原因拒绝导入"
ESSAY_POINT = "整体作答（导入的简答题，请补充采分点）"
UNSUPPORTED = {"matching": "匹配题", "numerical": "数值题", "description": "描述", "cloze": "完形填空",
               "multianswer": "完形填空", "calculated": "计算题", "calculatedsimple": "简单计算题",
               "calculatedmulti": "计算选择题", "ddwtos": "拖放文本", "gapselect": "选择缺失词", "ddimageortext":
               "拖放到图像", "ddmarker": "拖放标记", "randomsamatch": "随机简答匹配题", "random": "随机题"}

CLOZE_GAP = re.compile(r"\{(\d*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC):((?:\\.|[^}\\])*)\}")
ANY_CLOZE_GAP = re.compile(r"\{\d*:[A-Z_]+:")
CLOZE_SPECIAL = re.compile(r'([\\}#~/"])')


class _LineTreeBuilder(ET.TreeBuilder):
    """Remembers the source line of every element (ElementTree keeps none)."""

    def __init__(self):
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _decode(data: bytes) -> str:
    """Decoded here because expat knows no GBK; undeclared non-UTF-8 is tried as GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    declared = DECLARED_ENCODING.match(data[:300])
    if declared:
        return data.decode(declared.group(1).decode("ascii"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _parse_xml(data, filename):
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder)  # forbids entity declarations and external entities
    builder.parser = parser
    try:
        parser.feed(_decode(data) if isinstance(data, bytes) else data)
        return parser.close(), builder.lines, None
    except DefusedXmlException:
        return None, {}, Problem(filename, 1, ENTITY_MESSAGE)
    except ET.ParseError as error:
        return None, {}, Problem(filename, error.position[0] or 1, f"XML 格式错误：{error}")
    except (LookupError, UnicodeError):
        return None, {}, Problem(filename, 1, "无法读取 XML 文件：文件编码无法识别或与声明的编码不符，请另存为 UTF-8")
    except ValueError as error:  # anything else expat refuses
        return None, {}, Problem(filename, 1, f"无法读取 XML 文件：{error}")


def parse_moodle_xml(data: str | bytes, filename: str = "") -> tuple[list[QuestionDraft], list[Problem]]:
    root, lines, failure = _parse_xml(data, filename)
    if failure:
        return [], [failure]
    if root.tag != "quiz":
        return [], [Problem(filename, lines.get(id(root), 1), "不是 Moodle XML 文件：根元素应为 <quiz>。")]
    drafts, problems, category = [], [], None
    for question in root.findall("question"):
        line, kind = lines.get(id(question), 1), question.get("type", "")
        if kind == "category":  # a category marker, not a question: it applies to the questions after it
            category = _text(question, "category") or category
            continue
        draft, messages = _read_question(question, kind, line)
        problems += [Problem(filename, line, m) for m in messages]
        if draft and not messages:
            apply_category(draft, category)
            drafts.append(draft)
    return drafts, problems


def _read_question(q, kind, line):
    reader = READERS.get(kind)
    if reader is None or (kind == "cloze" and not _sa_only(q)):
        return None, [f"不支持的题型：{UNSUPPORTED.get(kind, kind)}（{kind}），未导入"]
    tags = _tags(q)
    qtype, stem, payload, messages = reader(q, _text(q, "questiontext"), tags)
    if not stem:
        messages.append("缺少题干。")
    messages += QUESTION_TYPES[qtype].validate(payload) if not messages else []
    draft = QuestionDraft(type=qtype, stem=stem, payload=payload, explanation=_text(q, "generalfeedback"),
                          name=_text(q, "name") or None, ref=(q.findtext("idnumber") or "").strip() or None, line=line)
    if not draft.explanation or (qtype == "case" and payload["key_points"][0]["text"] == ESSAY_POINT):
        draft.status = "draft"
    messages += apply_meta(draft, {label: ", ".join(values) for label, values in tags.items() if label != "标识"})
    return draft, messages


def _text(element, path: str) -> str:
    found = element.find(f"{path}/text") if path else element.find("text")
    return (found.text or "").strip() if found is not None else ""


def _tags(q) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for tag in q.findall("tags/tag"):
        key, sep, value = _text(tag, "").partition(":")
        if sep:
            tags.setdefault(key.strip(), []).append(value.strip())
    return tags


def _fraction(answer) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _answers(q):
    """(text, fraction in percent, feedback) per <answer>."""
    return [(_text(a, ""), _fraction(a), _text(a, "feedback")) for a in q.findall("answer")]


def _read_truefalse(q, stem, tags):
    by_text = {text.lower(): (fraction, feedback) for text, fraction, feedback in _answers(q)}
    true_ok, false_ok = by_text.get("true", (0, ""))[0] > 0, by_text.get("false", (0, ""))[0] > 0
    if true_ok == false_ok:
        return "true_false", stem, {}, ["判断题必须有且只有一个正确答案（true 或 false）。"]
    payload = {"answer": true_ok}
    for key, text in (("feedback_true", "true"), ("feedback_false", "false")):
        if by_text.get(text, (0, ""))[1]:
            payload[key] = by_text[text][1]
    return "true_false", stem, payload, []


def _read_multichoice(q, stem, tags):
    answers = _answers(q)
    options = [text for text, _, _ in answers]
    payload: dict = {"options": options}
    if any(feedback for _, _, feedback in answers):
        payload["option_feedback"] = [feedback for _, _, feedback in answers]
    fractions = [fraction for _, fraction, _ in answers]
    fractions = [_percent(f) for f in fractions]
    if (q.findtext("single") or "true").strip().lower() in ("true", "1"):
        full = [i for i, f in enumerate(fractions) if f >= 100]
        payload["answer"] = full[0] if full else -1
        if full and any(f for i, f in enumerate(fractions) if i != full[0]):
            payload["weights"] = fractions
        return "single", stem, payload, []
    payload["answer"] = [i for i, f in enumerate(fractions) if f > 0]
    scoring_label = (tags.get("计分") or [None])[0]
    payload["scoring"] = "all" if scoring_label == SCORING_LABELS["all"] else "partial"
    if len(payload["answer"]) >= 2 and ("权重" in tags or any(
            abs(a - b) > 0.01 for a, b in zip(fractions, implied_weights(payload)))):
        payload["weights"] = fractions
    return "multiple", stem, payload, []


def _percent(fraction: float) -> int | float:
    """A Moodle XML fraction (a percentage: 100, 33.333333) as our weight, rounded like Moodle's grade list."""
    value = round(fraction, 5)
    return int(value) if float(value).is_integer() else value


def _read_shortanswer(q, stem, tags):
    scored = [(text, _percent(min(fraction, 100))) for text, fraction, _ in _answers(q) if fraction > 0 and text]
    accepted, weights = [text for text, _ in scored], [w for _, w in scored]
    extra = {"weights": [weights]} if any(w < 100 for w in weights) else {}
    blanks = len(BLANK.findall(stem))
    if blanks == 0:
        stem = f"{stem} ____"
    elif blanks > 1:
        return "fill", stem, {}, [f"简答题只有一个空，但题干中有 {blanks} 个“____”。"]
    return "fill", stem, {"blanks": [accepted], **extra}, []


def _sa_only(q) -> bool:
    text = _text(q, "questiontext")
    return len(ANY_CLOZE_GAP.findall(text)) == len(CLOZE_GAP.findall(text))


def _read_cloze(q, stem, tags):
    """A cloze whose gaps are all short answers: `{1:SA:=答案一~=答案二#反馈}`."""
    blanks = []
    for match in CLOZE_GAP.finditer(stem):
        accepted = []
        for raw in _split_unescaped(match.group(3), "~"):
            text = _split_unescaped(raw, "#")[0]
            full = re.match(r"^(=|%100%)", text)
            if full:
                accepted.append(re.sub(r"\\(.)", r"\1", text[full.end():]).strip())
        blanks.append([a for a in accepted if a])
    return "fill", CLOZE_GAP.sub("____", stem), {"blanks": blanks}, []


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split at separators not escaped by a backslash (escapes are kept for the caller)."""
    parts, current, chars = [], "", iter(text)
    for char in chars:
        if char == "\\":
            current += char + next(chars, "")
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def _read_essay(q, stem, tags):
    grade = _number(q.findtext("defaultgrade") or "1") or 1
    points = []
    for line in _text(q, "graderinfo").split("\n"):
        if not line.strip():
            continue
        point = parse_key_point(line)
        if point is None:  # grader notes in prose, not our key points: keep the placeholder
            points = []
            break
        points.append(point)
    if points and abs(sum(p["points"] for p in points) - grade) < 1e-6:
        return "case", stem, {"points": grade, "key_points": points}, []
    return "case", stem, {"points": grade, "key_points": [{"text": ESSAY_POINT, "points": grade, "keywords": []}]}, []


def _number(text: str) -> int | float:
    try:
        value = float(text)
    except ValueError:
        return 0
    return int(value) if value.is_integer() else value


READERS = {"truefalse": _read_truefalse, "multichoice": _read_multichoice, "shortanswer": _read_shortanswer,
           "essay": _read_essay, "cloze": _read_cloze}
