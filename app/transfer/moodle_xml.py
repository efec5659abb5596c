"""Moodle XML (Moodle docs, "Moodle XML format"): parsing here, writing in moodle_xml_export.py.

Mapping: truefalse -> true_false; multichoice with <single>true</single> -> single, with false ->
multiple ("partial" when a correct option has a fractional weight, the fractions kept as
weights); shortanswer -> fill with one blank (answers with fraction 100 are accepted, others
dropped); essay -> case (draft, one placeholder key point worth <defaultgrade>). A fill with
several blanks cannot be a shortanswer, so it is written as a cloze question whose gaps are all
short answers, and only such cloze questions are read back; any other cloze, and matching,
numerical, description etc. are reported. Category pseudo-questions are skipped.

Our own fields (topics, section, difficulty, status, source, multiple-choice scoring) travel as
Moodle tags "主题:<key>", "小节:<id>", "难度:<n>", "状态:<label>", "来源:<text>", "计分:<label>";
"权重:自定" marks a multiple choice whose weights are its own (not derived from the scoring).
A case's key points travel in <graderinfo> as lines `- (5分) 要点 —— 关键词：词一、词二`.

Security: the XML is parsed with defusedxml, which refuses entity declarations (billion laughs)
and external entities. Line numbers are exact: expat's current line at each <question> start tag.
"""
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from app.content.syllabus import TOPICS
from app.problems import Problem
from app.questions.registry import QUESTION_TYPES
from app.transfer.draft import STATUS_BY_LABEL, QuestionDraft
from app.transfer.key_points import parse_key_point
from app.transfer.markdown_bank import BLANK, UID

ENTITY_MESSAGE = "XML 文件包含实体定义，出于安全原因拒绝导入"
ESSAY_POINT = "整体作答（导入的简答题，请补充采分点）"
UNSUPPORTED = {"matching": "匹配题", "numerical": "数值题", "description": "描述", "cloze": "完形填空",
               "multianswer": "完形填空", "calculated": "计算题", "calculatedsimple": "简单计算题",
               "calculatedmulti": "计算选择题", "ddwtos": "拖放文本", "gapselect": "选择缺失词", "ddimageortext":
               "拖放到图像", "ddmarker": "拖放标记", "randomsamatch": "随机简答匹配题", "random": "随机题"}
SCORING_LABELS = {"all": "全对得分", "partial": "部分得分"}
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
    drafts, problems = [], []
    for question in root.findall("question"):
        line, kind = lines.get(id(question), 1), question.get("type", "")
        if kind == "category":
            continue  # a category marker, not a question
        draft, messages = _read_question(question, kind, line)
        problems += [Problem(filename, line, m) for m in messages]
        if draft and not messages:
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
    name = _text(q, "name")
    draft = QuestionDraft(type=qtype, stem=stem, payload=payload, explanation=_text(q, "generalfeedback"),
                          uid=name if UID.match(name) else None, line=line)
    messages += _apply_tags(draft, tags)
    if not draft.explanation or (qtype == "case" and payload["key_points"][0]["text"] == ESSAY_POINT):
        draft.status = "draft"
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


def _apply_tags(draft, tags) -> list[str]:
    def first(key, default):
        return (tags.get(key) or [default])[0]

    messages = [f"未知的主题：{t}" for t in tags.get("主题", []) if t not in TOPICS]
    draft.topics = [t for t in tags.get("主题", []) if t in TOPICS]
    draft.section, draft.source = first("小节", "") or None, first("来源", "")
    draft.status = STATUS_BY_LABEL.get(first("状态", "已发布"), "published")
    if first("难度", "3") not in ("1", "2", "3", "4", "5"):
        return messages + ["难度必须是 1 到 5 的整数。"]
    draft.difficulty = int(first("难度", "3"))
    return messages


def _fraction(answer) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _answers(q):
    """(text, fraction, feedback) per <answer>."""
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
    if (q.findtext("single") or "true").strip().lower() in ("true", "1"):
        full = [i for i, f in enumerate(fractions) if f >= 99.99999]
        payload["answer"] = full[0] if len(full) == 1 else -1
        return "single", stem, payload, []
    payload["answer"] = [i for i, f in enumerate(fractions) if f > 0]
    scoring_label = (tags.get("计分") or [None])[0]
    if scoring_label:  # our own export: the tags say what the fractions cannot
        payload["scoring"] = "partial" if scoring_label == SCORING_LABELS["partial"] else "all"
        keep_weights = "权重" in tags
    else:
        payload["scoring"] = "partial" if any(0 < f < 99.99999 for f in fractions) else "all"
        keep_weights = True
    if keep_weights:
        payload["weights"] = fractions
    return "multiple", stem, payload, []


def _read_shortanswer(q, stem, tags):
    accepted = [text for text, fraction, _ in _answers(q) if fraction >= 99.99999 and text]
    blanks = len(BLANK.findall(stem))
    if blanks == 0:
        stem = f"{stem} ____"
    elif blanks > 1:
        return "fill", stem, {}, [f"简答题只有一个空，但题干中有 {blanks} 个“____”。"]
    return "fill", stem, {"blanks": [accepted]}, []


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
