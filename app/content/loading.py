"""Read every content file and check it, before anything is written."""
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.content.parsing import CaseDoc, ChapterDoc, parse_case, parse_chapter
from app.problems import Problem
from app.transfer.draft import QuestionDraft
from app.transfer.markdown_bank import parse_bank_file

UNSAFE_SVG = re.compile(r"<script|<!ENTITY|<foreignObject|\son\w+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#)", re.I)


@dataclass
class BankFile:
    file: str
    chapter: str
    drafts: list[QuestionDraft]


@dataclass
class ContentSet:
    chapters: list[ChapterDoc] = field(default_factory=list)
    cases: list[CaseDoc] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)
    banks: list[BankFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def section_chapter(self) -> dict[str, str]:
        return {s.anchor: c.slug for c in self.chapters for s in c.sections}


def load_content(content_dir: Path, cases_dir: Path, root: Path | None = None) -> ContentSet:
    root = root or content_dir.parent
    found = ContentSet()
    for path in sorted((content_dir / "chapters").glob("*.md")):
        doc, problems = parse_chapter(path.read_text(encoding="utf-8"), _rel(path, root))
        found.problems += problems
        if doc:
            found.chapters.append(doc)
    for path in sorted(cases_dir.glob("*.md")):
        doc, problems = parse_case(path.read_text(encoding="utf-8"), _rel(path, root))
        found.problems += problems
        if doc:
            found.cases.append(doc)
    for path in sorted((content_dir / "figures").glob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        if UNSAFE_SVG.search(svg) or "<title" not in svg:
            found.problems.append(Problem(_rel(path, root), 1, "SVG 图不能含脚本、事件属性或外部引用，并且需要 <title>。"))
        found.figures[path.stem] = svg
    for path in sorted((content_dir / "questions").glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        meta, drafts, problems = parse_bank_file(path.read_text(encoding="utf-8"), _rel(path, root))
        found.problems += problems
        found.banks.append(BankFile(_rel(path, root), str(meta.get("chapter", "")), drafts))
    found.problems += cross_check(found)
    return found


def cross_check(found: ContentSet) -> list[Problem]:
    """What no single file can know: unique slugs and ids, and references that resolve."""
    problems = []
    problems += _duplicates([(c.slug, c.file, 2) for c in found.chapters], "章节 slug")
    problems += _duplicates([(c.slug, c.file, 2) for c in found.cases], "案例 slug")
    problems += _duplicates([(s.anchor, c.file, s.line) for c in found.chapters for s in c.sections], "小节 id")
    drafts = [(d, b.file) for b in found.banks for d in b.drafts] + [(q, c.file) for c in found.cases for q in c.questions]
    problems += _duplicates([(d.uid, f, d.line) for d, f in drafts], "题目编号")
    anchors = found.section_chapter
    slugs = {c.slug for c in found.chapters}
    for chapter in found.chapters:
        own = {s.anchor for s in chapter.sections}
        problems += _link_problems(chapter.file, chapter.links, own, anchors, found.figures, chapter.figures)
    for case in found.cases:
        problems += _link_problems(case.file, case.links, set(), anchors, found.figures, case.figures)
        problems += [Problem(case.file, 2, f"sections 中的小节不存在：{a}") for a in case.sections if a not in anchors]
    for bank in found.banks:
        if bank.chapter not in slugs:
            problems.append(Problem(bank.file, 2, f"chapter“{bank.chapter}”不是已有章节的 slug。"))
    for draft, file in drafts:
        if not draft.section:
            problems.append(Problem(file, draft.line, "缺少“小节”：每道题都要指明讲授它的小节。"))
        elif draft.section not in anchors:
            problems.append(Problem(file, draft.line, f"小节“{draft.section}”不存在。"))
    return problems


def _link_problems(file, links, own, anchors, figures, used_figures) -> list[Problem]:
    problems = []
    for target, line in links:
        if target.startswith("#"):
            if target[1:] not in own:
                problems.append(Problem(file, line, f"链接指向本章不存在的小节：{target}"))
            continue
        slug, _, anchor = target[len("/chapters/"):].partition("#")
        if anchors.get(anchor) != slug:
            problems.append(Problem(file, line, f"链接指向不存在的章节或小节：{target}"))
    problems += [Problem(file, line, f"图不存在：figures/{name}.svg") for name, line in used_figures if name not in figures]
    return problems


def _duplicates(items, what: str) -> list[Problem]:
    seen, problems = {}, []
    for key, file, line in items:
        if key in seen:
            problems.append(Problem(file, line, f"{what}“{key}”重复（另见 {seen[key]}）。"))
        else:
            seen[key] = f"{file}:{line}"
    return problems


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
