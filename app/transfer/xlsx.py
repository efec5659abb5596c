"""Excel (.xlsx) question sheets: parse, write and a downloadable template.

One question per row under a header row (found by name, in any column order, within the first
ten rows). Row numbers in problems are Excel's. The first worksheet holds the questions; it is
read by xlsx_sheet.py (limits, merged cells, formulas without a result, dates where text was meant).
The sheet carries no per-option feedback or multiple-choice weights.

Security: text cells that Excel would run as a formula (starting with = + - @, a tab or a CR)
are written with a leading single quote (formula injection). Reading strips that quote again
when a run of quotes is followed by one of those characters, so text that itself starts with
"'=" survives the round trip (it is written as "''="). openpyxl parses the workbook's XML with
defusedxml when it is installed, and a workbook that inflates beyond MAX_UNZIPPED is refused.
"""
import re
from datetime import date, datetime, time
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from app.content.syllabus import TOPICS
from app.problems import Problem
from app.questions.registry import QUESTION_TYPES, TYPE_BY_LABEL
from app.questions.types.true_false import FALSE_WORDS, TRUE_WORDS
from app.transfer.draft import QuestionDraft
from app.content.section_labels import anchor_reader, section_labels
from app.transfer.fields import EXTRA_LABEL, LABELS, apply_meta, extras_text, meta_values, read_extras
from app.transfer.key_points import SYNTAX, format_key_point, parse_key_point
from app.transfer.markdown_bank import BLANK, LABEL_BY_TYPE, SCORING
from app.transfer.xlsx_sheet import CORRUPT, Uncached, cell_ref, read_sheet

OPTION_HEADERS = [f"选项{c}" for c in "ABCDEFGH"]
HEADERS = ["编号", "题型", "题干", *OPTION_HEADERS[:6], "答案", "解析", *[f for f in LABELS if f != "标识"],
           "计分", "分值", "采分点", EXTRA_LABEL, "标识"]
REQUIRED = ("题型", "题干", "答案")
SECTION = "小节"
GUARDED = re.compile(r"^'*[=+\-@\t\r]")
SCORING_LABELS = {v: k for k, v in SCORING.items()}


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and GUARDED.match(text) else text


def _guard(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if GUARDED.match(text) else text


def _refused_cells(row: list, columns: dict[str, int], number: int) -> list[str]:
    """Cells whose value cannot be trusted as written: named, so the instructor can fix them."""
    messages = []
    for name, i in columns.items():
        value = row[i] if i < len(row) else None
        if isinstance(value, Uncached):
            messages.append(f"“{name}”列的单元格 {cell_ref(number, i)} 是公式（{value.formula[:30]}），但文件中没有计算结果："
                            "请在 Excel 中打开并保存后再导入，或直接填写内容。")
        elif isinstance(value, (datetime, date, time)) and name not in ("来源",):
            messages.append(f"“{name}”列的单元格 {cell_ref(number, i)} 被 Excel 识别成了日期或时间（{value}）："
                            "请把该列设为“文本”格式后重新输入。")
    return messages


def _cell_text(value) -> str:
    if value is None or isinstance(value, Uncached):
        return ""
    if isinstance(value, bool):
        return "对" if value else "错"
    if isinstance(value, float):
        return _num(value)
    return _unguard(str(value)).replace("\r\n", "\n").strip()


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def parse_xlsx(data: bytes, filename: str = "") -> tuple[list[QuestionDraft], list[Problem]]:
    if not isinstance(data, (bytes, bytearray)):
        return [], [Problem(filename, 1, CORRUPT)]
    rows, failure = read_sheet(bytes(data), filename)
    if failure:
        return [], [failure]
    header_at = next((i for i, row in enumerate(rows[:10]) if "题干" in map(_cell_text, row)), 0)
    header = [_cell_text(v) for v in rows[header_at]] if rows else []
    columns = {name: i for i, name in reversed(list(enumerate(header))) if name}
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        return [], [Problem(filename, header_at + 1, f"缺少必需的表头：{'、'.join(missing)}（表头见导入模板）")]
    drafts, problems = [], []
    section_of = anchor_reader(section_labels())
    for number, row in enumerate(rows[header_at + 1:], header_at + 2):
        cells = {name: _cell_text(row[i]) if i < len(row) else "" for name, i in columns.items()}
        if not any(cells.values()):
            continue
        if cells.get(SECTION):
            cells[SECTION] = section_of(cells[SECTION])
        refused = _refused_cells(row, columns, number)
        draft, messages = (None, refused) if refused else _row_draft(cells)
        problems += [Problem(filename, number, m) for m in messages]
        if draft and not messages:
            draft.line = number
            drafts.append(draft)
    return drafts, problems


def _row_draft(cells: dict[str, str]):
    label = cells.get("题型", "")
    qtype = TYPE_BY_LABEL.get(label) or TYPE_BY_LABEL.get(label.removesuffix("题"))  # 单选题 as well as 单选
    if qtype is None:
        allowed = "、".join(LABEL_BY_TYPE.values())
        return None, [f"不支持的题型：{label or '（空）'}，未导入（题型写 {allowed} 之一）"]
    messages: list[str] = []
    stem = cells.get("题干", "")
    if qtype == "fill" and not BLANK.search(stem) and stem and "\n" not in cells.get("答案", "").strip():
        stem = f"{stem} ____"  # no blank marked: the single blank goes at the end
    payload = PAYLOADS[qtype](cells, stem, messages)
    extras, problems = read_extras(cells.get(EXTRA_LABEL, ""))
    payload.update(extras)
    messages += problems
    if not stem:
        messages.append("缺少题干。")
    messages += QUESTION_TYPES[qtype].validate(payload) if not messages else []
    draft = QuestionDraft(type=qtype, stem=stem, payload=payload, explanation=cells.get("解析", ""),
                          name=cells.get("编号") or None)  # 编号 names the row in this file (identity.py)
    messages += apply_meta(draft, {label: cells[label] for label in LABELS if cells.get(label)})
    if not draft.explanation:
        draft.status = "draft"
    return draft, messages


def _options(cells) -> list[str]:
    values = [cells.get(h, "") for h in OPTION_HEADERS]
    while values and not values[-1]:
        values.pop()
    return values


def _letters(cells, count: int, messages: list[str]) -> list[int]:
    answer = re.sub(r"[\s,，、;；]", "", cells.get("答案", "")).upper()
    if not answer or any(c not in "ABCDEFGH"[:count] for c in answer):
        messages.append(f"答案“{cells.get('答案', '')}”不是有效的选项字母。")
        return []
    return sorted({ord(c) - 65 for c in answer})


def _true_false(cells, stem, messages):
    answer = cells.get("答案", "").lower()
    if answer not in TRUE_WORDS | FALSE_WORDS:
        messages.append("判断题的答案写“对”或“错”。")
    return {"answer": answer in TRUE_WORDS}


def _single(cells, stem, messages):
    options = _options(cells)
    indexes = _letters(cells, len(options), messages)
    if len(indexes) > 1:
        messages.append("单选题只能有一个答案。")
    return {"options": options, "answer": indexes[0] if indexes else -1}


def _multiple(cells, stem, messages):
    options = _options(cells)
    scoring = SCORING.get(cells.get("计分") or "全对得分")
    if scoring is None:
        messages.append("计分写“全对得分”或“部分得分”。")
    return {"options": options, "answer": _letters(cells, len(options), messages), "scoring": scoring or "all"}


def _fill(cells, stem, messages):
    blanks = [[a.strip() for a in re.split(r"[|｜]", line) if a.strip()]
              for line in cells.get("答案", "").split("\n") if line.strip()]
    if len(BLANK.findall(stem)) != len(blanks):
        messages.append(f"题干中有 {len(BLANK.findall(stem))} 个空（____），但答案有 {len(blanks)} 行。")
    return {"blanks": blanks}


def _case(cells, stem, messages):
    key_points = []
    for line in cells.get("采分点", "").split("\n"):
        if not line.strip():
            continue
        point = parse_key_point(line)
        if point is None:
            messages.append(f"采分点“{line.strip()[:20]}”应写作{SYNTAX}。")
            continue
        key_points.append(point)
    total = cells.get("分值", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", total):
        messages.append("案例分析题需要“分值”（总分，数字）。")
    return {"points": _number(total) if re.fullmatch(r"\d+(?:\.\d+)?", total) else None, "key_points": key_points}


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


PAYLOADS = {"true_false": _true_false, "single": _single, "multiple": _multiple, "fill": _fill, "case": _case}


# ---- writing ----

def _answer_text(d: QuestionDraft) -> str:
    p = d.payload
    if d.type == "true_false":
        return "对" if p["answer"] else "错"
    if d.type == "single":
        return chr(65 + p["answer"])
    if d.type == "multiple":
        return "".join(chr(65 + i) for i in sorted(p["answer"]))
    if d.type == "fill":
        return "\n".join("|".join(b) for b in p["blanks"])
    return ""


def _row(d: QuestionDraft, headers: list[str], labels: dict[str, str]) -> list:
    values = {"编号": d.uid or "", "题型": LABEL_BY_TYPE[d.type], "题干": d.stem, "答案": _answer_text(d),
              "解析": d.explanation, **meta_values(d), EXTRA_LABEL: extras_text(d.type, d.payload)}
    if d.section:
        values[SECTION] = labels.get(d.section, d.section)   # by name; a section the bank lacks stays a code
    if d.type in ("single", "multiple"):
        values.update(zip(OPTION_HEADERS, d.payload["options"]))
    if d.type == "multiple":
        values["计分"] = SCORING_LABELS[d.payload.get("scoring", "all")]
    if d.type == "case":
        values["分值"] = d.payload.get("points")
        values["采分点"] = "\n".join(format_key_point(k) for k in d.payload["key_points"])
    return [_guard(v) if isinstance(v, str) else v for v in (values.get(h, "") for h in headers)]


def _question_sheet(book: Workbook, drafts: list[QuestionDraft]) -> None:
    sheet = book.active
    sheet.title = "题目"
    most = max((len(d.payload.get("options", [])) for d in drafts), default=0)
    headers = HEADERS[:9] + OPTION_HEADERS[6:most] + HEADERS[9:]  # 选项G/H only when needed
    if not any(d.ref for d in drafts):
        headers.remove("标识")
    sheet.append(headers)
    labels = section_labels({d.section for d in drafts})
    for d in drafts:
        sheet.append(_row(d, headers, labels))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, name in enumerate(headers):
        sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = 40 if name in ("题干", "解析", "采分点") else 14
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _save(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def write_xlsx(drafts: list[QuestionDraft]) -> bytes:
    book = Workbook()
    _question_sheet(book, drafts)
    return _save(book)


TEMPLATE_EXAMPLES = [
    QuestionDraft(type="single", stem="在服务质量差距模型中，顾客期望的服务与顾客感知的服务之间的差距是（　）。",
                  payload={"options": ["差距一", "差距三", "差距五", "差距四"], "answer": 2},
                  explanation="差距五是顾客期望与顾客感知之间的差距，它是前四个差距共同作用的结果。（见第九章“差距五”）",
                  topics=["gap-model"], section="gap-model-gap-5", difficulty=2, source="导入模板示例"),
    QuestionDraft(type="multiple", stem="处理顾客投诉时，下列做法正确的有（　）。",
                  payload={"options": ["耐心倾听顾客的陈述", "先判断顾客是否在说谎", "及时向顾客反馈处理进度", "对顾客表示理解"],
                           "answer": [0, 2, 3], "scoring": "partial"},
                  explanation="倾听、反馈进度和表示理解都有助于平息不满；先怀疑顾客会激化矛盾。",
                  topics=["complaints"], section="complaints-process", difficulty=3, source="导入模板示例"),
]
COLUMN_HELP = [
    ("编号", "题目在本文件中的名称，可不填；同一文件修改后再次导入时，按编号更新对应的题目（不同文件的编号互不影响）。"),
    ("题型", "必填：判断、单选、多选、填空、案例分析 之一（也可写 判断题、单选题 等）。"),
    ("题干", "必填：题目正文。填空题用四个下划线 ____ 标出每个空。"),
    ("选项A～选项F", "单选、多选题的选项，从选项A起依次填写，至少两个；其他题型留空。"),
    ("答案", "判断题填“对”或“错”；单选题填一个字母，如 C；多选题填多个字母，如 ABD；"
             "填空题每个空一行（单元格内按 Alt+Enter 换行），同一空的多个可接受答案用 | 分隔；案例分析题留空。"),
    ("解析", "说明为什么这样答，最好注明出处；不填时题目导入为草稿。"),
    ("主题", "考纲主题的名称，多个用顿号分隔，例如 服务质量差距模型、服务质量管理；可填的名称见“知识点”工作表。"),
    ("小节", "讲授该题的小节，从“知识点”工作表的“小节名称”列复制，例如 第9章 服务质量差距模型 › 差距五；"
            "只有一个小节叫这个名字时也可只写小节名，旧文件中的小节编号同样有效。"),
    ("难度", "1（易）到 5（难）的整数，不填按 3。"),
    ("状态", "已发布、草稿 或 已停用，不填按 已发布。"),
    ("来源", "题目出处，例如教材名称，可不填。"),
    ("案例", "仅属于某个案例的案例分析题：案例的编号（slug），可不填。"),
    ("审核", "第二位审读人（对照章节核对答案、干扰项、解析和小节后填写），可不填。"),
    ("考试专用", "写“是”则该题只在模拟考试中出现，不进入练习、背题和搜索；留空或写“否”为普通题。"),
    ("计分", "仅多选题：全对得分（默认）或 部分得分（少选得部分分，错选不得分）。"),
    ("分值", "仅案例分析题：总分，必须等于各采分点分值之和。"),
    ("采分点", "仅案例分析题：每行一个，写作“(5分) 要点 —— 关键词：词一、词二”。"),
    (EXTRA_LABEL, "导出时写出的选项分值、选项反馈等（JSON），请勿手工修改；可不填。"),
    ("标识", "本平台导出时写出的题目标识，重新导入时据此更新原题；请勿修改或复制到其他行。"),
    ("注意", "以 = + - @ 开头的内容导出时会加一个单引号，防止被 Excel 当作公式执行；导入时会自动去掉。"),
]


def _knowledge_sheet(book: Workbook, sections: list[tuple[str, str]]) -> None:
    """知识点: every value the 主题 and 小节 columns accept, by name, with the code a section is written as."""
    sheet = book.create_sheet("知识点")
    sheet.append(["主题（填入“主题”列）", "", "小节名称（填入“小节”列）", "小节编号（旧文件使用，也可填入）"])
    topics = list(TOPICS.values())
    for i in range(max(len(topics), len(sections))):
        anchor, name = sections[i] if i < len(sections) else ("", "")
        sheet.append([topics[i] if i < len(topics) else "", "", _guard(name), _guard(anchor)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in (("A", 26), ("B", 2), ("C", 48), ("D", 30)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


def template_xlsx(sections: list[tuple[str, str]] = ()) -> bytes:
    """The import template: the question headers, two example rows, a sheet of instructions and a
    知识点 sheet listing every topic and the given sections as (anchor, name)."""
    book = Workbook()
    _question_sheet(book, TEMPLATE_EXAMPLES)
    help_sheet = book.create_sheet("填写说明")
    help_sheet.append(["列名", "填写说明"])
    for row in COLUMN_HELP:
        help_sheet.append(list(row))
    help_sheet["A1"].font = help_sheet["B1"].font = Font(bold=True)
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["B"].width = 100
    _knowledge_sheet(book, list(sections))
    return _save(book)
