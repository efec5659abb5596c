"""Search across chapters and cases. Chinese has no spaces: the query is segmented with jieba,
and a section matches when it contains every word. The corpus is a few hundred sections, so a
scan with LIKE is fast on SQLite and PostgreSQL alike and needs no separate index to keep."""
import re
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select

from app.content.cases import case_visible
from app.extensions import db
from app.models import Case, Chapter, Section

MAX_RESULTS = 30
STOPWORDS = {"的", "了", "和", "与", "是", "在", "及", "或", "有", "中", "对", "为", "什么", "哪些", "如何", "怎么"}
SNIPPET = 60


@dataclass
class Hit:
    title: str
    where: str
    url: str
    snippet: Markup
    score: int


def query_terms(query: str) -> list[str]:
    import jieba

    query = query.strip()[:100]
    words = {w.strip().lower() for w in jieba.cut_for_search(query)
             if w.strip() and not re.fullmatch(r"\W+", w) and w not in STOPWORDS}
    # Keep the longest words: "服务质量" already covers "服务" and "质量".
    return sorted((w for w in words if not any(w != o and w in o for o in words)), key=len, reverse=True)[:8]


def search(query: str, user_id: int, now: datetime) -> tuple[list[str], list[Hit]]:
    terms = query_terms(query)
    if not terms:
        return [], []
    hits = _section_hits(terms) + _case_hits(terms, user_id, now)
    hits.sort(key=lambda h: -h.score)
    return terms, hits[:MAX_RESULTS]


def _matches(column, title_column, terms):
    return and_(*[or_(column.ilike(f"%{_escape_like(t)}%", escape="\\"), title_column.ilike(f"%{_escape_like(t)}%", escape="\\"))
                  for t in terms])


def _section_hits(terms) -> list[Hit]:
    rows = db.session.execute(select(Section, Chapter).join(Chapter).where(
        Section.retired.is_(False), Chapter.retired.is_(False), _matches(Section.plain_text, Section.title, terms)).limit(200))
    return [Hit(s.title, c.title, f"/chapters/{c.slug}#{s.anchor}", highlight(s.plain_text, terms),
                _score(s.title, s.plain_text, terms)) for s, c in rows]


def _case_hits(terms, user_id: int, now: datetime) -> list[Hit]:
    rows = db.session.scalars(select(Case).where(case_visible(user_id, now), _matches(Case.plain_text, Case.title, terms)))
    return [Hit(c.title, "案例", f"/cases/{c.slug}", highlight(c.plain_text, terms), _score(c.title, c.plain_text, terms))
            for c in rows]


def _score(title: str, text: str, terms) -> int:
    lowered = text.lower()
    return sum(10 * (t in title.lower()) + lowered.count(t) for t in terms)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def highlight(text: str, terms: list[str]) -> Markup:
    """An escaped snippet around the first hit, with every term wrapped in <mark>."""
    lowered = text.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - SNIPPET // 2)
    piece = text[start:start + SNIPPET * 2]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    out, last = [], 0
    for m in pattern.finditer(piece):
        out += [escape(piece[last:m.start()]), Markup("<mark>"), escape(m.group()), Markup("</mark>")]
        last = m.end()
    out.append(escape(piece[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET * 2 < len(text) else ""
    return Markup(prefix) + Markup(str(Markup("").join(out)).replace("</mark><mark>", "")) + Markup(suffix)
