"""Reading chapter and case files into plain documents. Pure: no database."""
import re
from dataclasses import dataclass, field

from app.content.frontmatter import split_front_matter
from app.content.syllabus import TOPICS
from app.problems import Problem
from app.transfer.draft import QuestionDraft
from app.transfer.markdown_bank import parse_blocks

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ID = re.compile(r"^(.*?)\s*\{\s*#([A-Za-z0-9_-]+)[^}]*\}$")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)[^)]*\)")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
ANALYSIS_HEADING = "## 讨论与参考分析"


@dataclass
class SectionDoc:
    anchor: str
    title: str
    level: int
    line: int
    unit_anchor: str
    text: str = ""


@dataclass
class ChapterDoc:
    file: str
    slug: str
    title: str
    order: int
    topics: list[str]
    objectives: dict
    body: str
    sections: list[SectionDoc] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    figures: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class CaseDoc:
    file: str
    slug: str
    title: str
    topics: list[str]
    sections: list[str]
    background: str
    questions: list[QuestionDraft]
    links: list[tuple[str, int]] = field(default_factory=list)
    figures: list[tuple[str, int]] = field(default_factory=list)


def parse_chapter(text: str, filename: str) -> tuple[ChapterDoc | None, list[Problem]]:
    meta, body, first, problems = split_front_matter(text, filename)
    if problems:
        return None, problems
    problems += _check_meta(meta, filename, ("slug", "title", "order", "topics", "objectives"))
    objectives = meta.get("objectives") or {}
    if not isinstance(objectives, dict) or not all(isinstance(objectives.get(k), list) and objectives[k] for k in ("knowledge", "skills")):
        problems.append(Problem(filename, 2, "objectives 需要 knowledge（知识目标）和 skills（技能目标）两个非空列表。"))
    if not isinstance(meta.get("order"), int):
        problems.append(Problem(filename, 2, "order 必须是整数。"))
    sections, heading_problems = _sections(body, filename, first)
    problems += heading_problems
    slug = str(meta.get("slug", ""))
    for suffix, label in (("summary", "本章小结"), ("review", "思考题")):
        if not any(s.anchor == f"{slug}-{suffix}" and s.level == 2 for s in sections):
            problems.append(Problem(filename, first, f"缺少“## {label} {{#{slug}-{suffix}}}”。"))
    if problems:
        return None, problems
    doc = ChapterDoc(filename, slug, str(meta["title"]), meta["order"], list(meta["topics"]),
                     {"knowledge": objectives["knowledge"], "skills": objectives["skills"]}, body, sections)
    doc.links, doc.figures, ref_problems = _references(body, filename, first)
    return doc, ref_problems


def parse_case(text: str, filename: str) -> tuple[CaseDoc | None, list[Problem]]:
    meta, body, first, problems = split_front_matter(text, filename)
    if problems:
        return None, problems
    problems += _check_meta(meta, filename, ("slug", "title", "topics", "sections"))
    split = body.find("\n" + ANALYSIS_HEADING)
    if split < 0:
        problems.append(Problem(filename, first, f"缺少“{ANALYSIS_HEADING}”部分（讨论题与参考分析）。"))
        return None, problems
    background = body[:split]
    analysis_line = first + background.count("\n") + 1
    questions, block_problems = parse_blocks(body[split + 1:], filename, analysis_line, meta.get("topics") or [])
    problems += block_problems
    if not questions and not block_problems:
        problems.append(Problem(filename, analysis_line, "参考分析中至少需要一道案例分析题。"))
    for q in questions:
        if q.type != "case":
            problems.append(Problem(filename, q.line, "案例中的题目类型必须是“案例分析”。"))
        q.case_slug = str(meta.get("slug"))
    _, heading_problems = _sections(background, filename, first)
    problems += heading_problems
    if problems:
        return None, problems
    doc = CaseDoc(filename, meta["slug"], str(meta["title"]), list(meta["topics"]), list(meta["sections"]),
                  background, questions)
    doc.links, doc.figures, ref_problems = _references(background, filename, first)
    return doc, ref_problems


def _check_meta(meta: dict, filename: str, required: tuple[str, ...]) -> list[Problem]:
    problems = [Problem(filename, 2, f"front matter 缺少 {key}。") for key in required if not meta.get(key)]
    if meta.get("slug") and not SLUG.match(str(meta["slug"])):
        problems.append(Problem(filename, 2, f"slug“{meta['slug']}”只能用小写字母、数字和连字符。"))
    topics = meta.get("topics")
    if topics is not None and (not isinstance(topics, list) or any(t not in TOPICS for t in topics)):
        problems.append(Problem(filename, 2, f"topics 必须是大纲主题列表，未知：{topics}"))
    return problems


def _sections(body: str, filename: str, first: int) -> tuple[list[SectionDoc], list[Problem]]:
    sections, problems, unit, in_code = [], [], None, False
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        match = None if in_code else HEADING.match(line)
        if not match:
            if sections:
                sections[-1].text += line + "\n"
            continue
        level, rest = len(match.group(1)), match.group(2)
        id_match = HEADING_ID.match(rest)
        if level not in (2, 3):
            problems.append(Problem(filename, first + i, "只能使用二级（##）和三级（###）标题；章节标题写在 front matter 的 title 中。"))
            continue
        if not id_match:
            problems.append(Problem(filename, first + i, f"标题“{rest[:30]}”缺少 {{#id}}。"))
            continue
        anchor = id_match.group(2)
        unit = anchor if level == 2 else (unit or anchor)
        sections.append(SectionDoc(anchor, id_match.group(1), level, first + i, unit))
    return sections, problems


def _references(body: str, filename: str, first: int):
    links, figures, problems = [], [], []
    for i, line in enumerate(body.split("\n")):
        for alt, src in IMAGE.findall(line):
            if not src.startswith("figures/") or not src.endswith(".svg"):
                problems.append(Problem(filename, first + i, f"图片只能引用 figures/ 下的 SVG 文件：{src}"))
            elif not alt.strip():
                problems.append(Problem(filename, first + i, f"图 {src} 缺少替代文字（alt）。"))
            else:
                figures.append((src[len("figures/"):-len(".svg")], first + i))
        for target in LINK.findall(IMAGE.sub("", line)):
            if target.startswith(("#", "/chapters/")):
                links.append((target, first + i))
            elif not target.startswith(("http://", "https://")):
                problems.append(Problem(filename, first + i, f"链接只能指向 #小节 或 /chapters/章节#小节：{target}"))
    return links, figures, problems


def plain_text(markdown_text: str) -> str:
    """Markdown reduced to searchable text: markup, ids and link targets removed."""
    text = re.sub(r"\{\s*#[^}]*\}", "", markdown_text)
    text = IMAGE.sub(r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^!!!\s*\w+\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`>#|]+|^-{3,}$|^\s*[-:| ]+$", " ", text, flags=re.M)
    return re.sub(r"\s+", " ", text).strip()
