"""The bank's own Markdown format (content/questions/README.md): parse and write.

Parsing is pure: it returns drafts and problems, and checks everything that can be checked
without the database (sections and chapters are checked by the sync).
"""
import re

from app.content.frontmatter import split_front_matter
from app.content.syllabus import TOPICS
from app.problems import Problem
from app.questions.registry import QUESTION_TYPES, TYPE_BY_LABEL
from app.transfer.draft import STATUS_BY_LABEL, STATUS_LABELS, QuestionDraft
from app.transfer.fields import EXTRA_LABEL, LABELS, apply_meta, extras_text, meta_values, read_extras
from app.transfer.key_points import SYNTAX, format_key_point, parse_key_point

UID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The fields read here by hand; the others of fields.FIELDS are read and written generically.
OWN_FIELDS = ("类型", "小节", "难度", "主题", "状态", "来源", "计分", "分值", "考试专用")
GENERIC = [label for label in LABELS if label not in OWN_FIELDS]
FIELD = re.compile(rf"^({'|'.join(dict.fromkeys([*OWN_FIELDS, *LABELS, EXTRA_LABEL]))})\s*[:：]\s*(.*)$")
YES_NO = {"是": True, "否": False}
MARKER = re.compile(r"^(题干|答案|采分点|解析)\s*[:：]\s*(.*)$")
OPTION = re.compile(r"^([A-H])\s*[.．、]\s*(.+)$")
BLANK = re.compile(r"_{4,}")
SCORING = {"全对得分": "all", "部分得分": "partial"}
LABEL_BY_TYPE = {"true_false": "判断", "single": "单选", "multiple": "多选", "fill": "填空", "case": "案例分析"}


def parse_bank_file(text: str, filename: str) -> tuple[dict, list[QuestionDraft], list[Problem]]:
    """A whole bank file: front matter (chapter, topics) and its question blocks."""
    meta, body, first_line, problems = split_front_matter(text, filename)
    if problems:
        return meta, [], problems
    default_topics = meta.get("topics") or []
    bad = [t for t in default_topics if t not in TOPICS]
    if bad:
        problems.append(Problem(filename, 2, f"未知的主题：{', '.join(map(str, bad))}"))
    drafts, block_problems = parse_blocks(body, filename, first_line, default_topics)
    return meta, drafts, problems + block_problems


def parse_blocks(text: str, filename: str, first_line: int = 1, default_topics=()) -> tuple[list[QuestionDraft], list[Problem]]:
    """Every `### id` block in `text`; `first_line` is the file line of text's first line."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("### ")]
    drafts, problems = [], []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        end = next((i for i in range(start + 1, end) if lines[i].startswith("## ")), end)
        draft, found = _parse_block(lines[start:end], filename, first_line + start, list(default_topics))
        problems += found
        if draft:
            drafts.append(draft)
    return drafts, problems


def _parse_block(lines: list[str], filename: str, line_no: int, default_topics: list[str]):
    problems: list[Problem] = []

    def problem(offset: int, message: str) -> None:
        problems.append(Problem(filename, line_no + offset, message))

    uid = lines[0][4:].strip()
    if not UID.match(uid):
        problem(0, f"题目编号“{uid}”无效：只能用小写字母、数字和连字符。")
    fields, i = {}, 1
    while i < len(lines) and lines[i].strip():
        match = FIELD.match(lines[i].strip())
        if match:
            fields[match.group(1)] = (match.group(2).strip(), i)
        else:
            problem(i, f"无法识别的字段：“{lines[i].strip()[:30]}”（字段写作“键：值”，字段后空一行再写题干）。")
        i += 1
    sections = _split_markers(lines, i, problem)
    draft = _build_draft(uid, fields, sections, default_topics, problem)
    if draft is None:
        return None, problems
    draft.line = line_no
    if not problems:  # the type's own checks; earlier problems already explain a broken payload
        for message in QUESTION_TYPES[draft.type].validate(draft.payload):
            problem(0, message)
    return (None if problems else draft), problems


def _split_markers(lines, start, problem) -> dict[str, list[tuple[str, int]]]:
    """Group the block's body under 题干 / 答案 / 采分点 / 解析; 答案 may repeat (one per blank)."""
    parts: dict[str, list] = {}
    current = None
    for i in range(start, len(lines)):
        match = MARKER.match(lines[i])
        if match:
            current = match.group(1)
            if current == "答案":
                parts.setdefault("答案", []).append((match.group(2).strip(), i))
                current = None
                continue
            if current in parts:
                problem(i, f"“{current}”重复出现。")
            parts[current] = [(match.group(2), i)] if match.group(2).strip() else []
        elif current:
            parts[current].append((lines[i], i))
        elif lines[i].strip():
            problem(i, "这一行不属于任何部分（题干、答案、采分点或解析）。")
    return parts


def _build_draft(uid, fields, parts, default_topics, problem) -> QuestionDraft | None:
    type_label, _ = fields.get("类型", ("", 0))
    qtype = TYPE_BY_LABEL.get(type_label)
    if qtype is None:
        problem(0, f"类型必须是 {'、'.join(LABEL_BY_TYPE.values())} 之一（写的是“{type_label}”）。")
        return None
    stem_lines = parts.get("题干", [])
    options, stem = _take_options(stem_lines) if qtype in ("single", "multiple") else ([], stem_lines)
    stem_text = "\n".join(t for t, _ in stem).strip()
    explanation = "\n".join(t for t, _ in parts.get("解析", [])).strip()
    if not stem_text:
        problem(0, "缺少题干。")
    if not explanation:
        problem(0, "缺少解析：每道题都要有解析，并指出讲授它的小节。")
    difficulty = fields.get("难度", ("", 0))[0]
    if not (difficulty.isdigit() and 1 <= int(difficulty) <= 5):
        problem(fields.get("难度", ("", 0))[1], "难度必须是 1 到 5 的整数。")
    topics = [t.strip() for t in re.split(r"[,，、]", fields["主题"][0]) if t.strip()] if "主题" in fields else default_topics
    for topic in topics:
        if topic not in TOPICS:
            problem(fields.get("主题", ("", 0))[1], f"未知的主题：{topic}")
    status_label = fields.get("状态", ("已发布", 0))[0]
    if status_label not in STATUS_BY_LABEL:
        problem(fields["状态"][1], "状态必须是 已发布、草稿 或 已停用。")
    exam_only, exam_only_line = fields.get("考试专用", ("否", 0))
    if exam_only not in YES_NO:
        problem(exam_only_line, "考试专用写“是”或“否”。")
    payload = _payload(qtype, options, stem_text, parts, fields, problem)
    extras, messages = read_extras(fields.get(EXTRA_LABEL, ("", 0))[0])
    for message in messages:
        problem(fields[EXTRA_LABEL][1], message)
    draft = QuestionDraft(
        uid=uid, type=qtype, stem=stem_text, payload=payload, explanation=explanation, topics=topics,
        section=fields.get("小节", ("", 0))[0] or None, difficulty=int(difficulty) if difficulty.isdigit() else 3,
        status=STATUS_BY_LABEL.get(status_label, "published"), source=fields.get("来源", ("", 0))[0],
        exam_only=YES_NO.get(exam_only, False),
    )
    draft.payload.update(extras)
    for message in apply_meta(draft, {label: fields[label][0] for label in GENERIC if label in fields}):
        problem(0, message)
    return draft


def _take_options(stem_lines):
    options, rest = [], []
    for text, i in stem_lines:
        match = OPTION.match(text.strip())
        if match and (not options or ord(match.group(1)) == ord("A") + len(options)):
            options.append(match.group(2).strip())
        elif match and options:
            options.append(None)  # letters out of order: validate() reports it
        else:
            rest.append((text, i))
    return options, rest


def _payload(qtype, options, stem_text, parts, fields, problem) -> dict:
    answers = parts.get("答案", [])
    if qtype == "case":
        return _case_payload(parts.get("采分点", []), fields, problem)
    if not answers:
        problem(0, "缺少答案。")
        return {}
    first, line = answers[0]
    if qtype == "true_false":
        if first not in ("对", "错"):
            problem(line, "判断题的答案写“对”或“错”。")
        return {"answer": first == "对"}
    if qtype == "fill":
        blanks = [[a.strip() for a in text.split("|") if a.strip()] for text, _ in answers]
        if len(BLANK.findall(stem_text)) != len(blanks):
            problem(line, f"题干中有 {len(BLANK.findall(stem_text))} 个空（____），但给了 {len(blanks)} 行答案。")
        return {"blanks": blanks}
    letters = first.replace(" ", "").upper()
    if any(c not in "ABCDEFGH"[:len(options)] for c in letters) or not letters:
        problem(line, f"答案“{first}”不是有效的选项字母。")
        letters = ""
    indexes = [ord(c) - ord("A") for c in letters]
    if qtype == "single":
        if len(indexes) != 1 and letters:
            problem(line, "单选题只能有一个答案。")
        return {"options": options, "answer": indexes[0] if indexes else -1}
    scoring = SCORING.get(fields.get("计分", ("全对得分", 0))[0])
    if scoring is None:
        problem(fields["计分"][1], "计分写“全对得分”或“部分得分”。")
    return {"options": options, "answer": indexes, "scoring": scoring or "all"}


def _case_payload(point_lines, fields, problem) -> dict:
    key_points = []
    for text, i in point_lines:
        if not text.strip():
            continue
        point = parse_key_point(text) if text.strip().startswith("-") else None
        if point is None:
            problem(i, f"采分点写作“- {SYNTAX[1:]}。")
            continue
        key_points.append(point)
    total_text, line = fields.get("分值", ("", 0))
    total = _number(total_text) if re.fullmatch(r"\d+(?:\.\d+)?", total_text or "") else None
    if total is None:
        problem(line, "案例分析题需要“分值”（总分）。")
    return {"points": total, "key_points": key_points}


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def write_bank(drafts: list[QuestionDraft], meta: dict | None = None) -> str:
    """Drafts back to the Markdown format; parse_bank_file(write_bank(x)) gives x again."""
    out = []
    if meta:
        import yaml
        out += ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip(), "---", ""]
    for d in drafts:
        out += [f"### {d.uid}", f"类型：{LABEL_BY_TYPE[d.type]}"]
        if d.section:
            out.append(f"小节：{d.section}")
        out.append(f"难度：{d.difficulty}")
        if d.topics:
            out.append(f"主题：{', '.join(d.topics)}")
        if d.status != "published":
            out.append(f"状态：{STATUS_LABELS[d.status]}")
        if d.source:
            out.append(f"来源：{d.source}")
        if d.exam_only:
            out.append("考试专用：是")
        if d.type == "multiple" and d.payload.get("scoring") == "partial":
            out.append("计分：部分得分")
        if d.type == "case":
            out.append(f"分值：{d.payload['points']:g}")
        values = meta_values(d)
        out += [f"{label}：{values[label]}" for label in GENERIC if label in values]
        out += [f"{EXTRA_LABEL}：{extras_text(d.type, d.payload)}"] if extras_text(d.type, d.payload) else []
        out += ["", "题干：", d.stem, ""]
        out += _answer_lines(d)
        out += ["解析：", d.explanation, ""]
    return "\n".join(out)


def _answer_lines(d: QuestionDraft) -> list[str]:
    p = d.payload
    if d.type in ("single", "multiple"):
        lines = [f"{chr(65 + i)}. {o}" for i, o in enumerate(p["options"])] + [""]
        key = chr(65 + p["answer"]) if d.type == "single" else "".join(chr(65 + i) for i in sorted(p["answer"]))
        return lines + [f"答案：{key}"]
    if d.type == "true_false":
        return [f"答案：{'对' if p['answer'] else '错'}"]
    if d.type == "fill":
        return [f"答案：{'|'.join(b)}" for b in p["blanks"]]
    points = [f"- {format_key_point(k)}" for k in p["key_points"]]
    return ["采分点：", *points]


def parse_markdown(data: str, filename: str = "") -> tuple[list[QuestionDraft], list[Problem]]:
    """An uploaded bank file: front matter is optional (an export has none)."""
    if data.lstrip().startswith("---"):
        _, drafts, problems = parse_bank_file(data, filename)
    else:
        drafts, problems = parse_blocks(data, filename)
    for draft in drafts:  # a heading is a name in this file, not an id in the bank (identity.py)
        draft.name, draft.uid = draft.uid, None
    return drafts, problems


def write_markdown(drafts: list[QuestionDraft]) -> str:
    return write_bank(drafts)
