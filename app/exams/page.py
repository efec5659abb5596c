"""The paper page's question blocks, without running the type templates 90 times per request.

A question block (stem, inputs, never the key) depends on the frozen version and the points, plus three
things that vary per trainee: the input name, the option order and the saved answer. An unanswered
block (every block of a paper just started) is rendered once per (version, points) and kept per process
with placeholders for the name and for each option slot, which are filled per request; the same block
recurs across every trainee's paper. An answered block is rendered with its answer, uncached. Versions are
written once (editing adds a version) and the key carries the version's content hash as well, so a
changed question is never served from the cache.
"""
import re

from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Attempt, AttemptItem, Case, Question, QuestionVersion
from app.questions.fragments import Fragments, fragments_of
from app.questions.registry import get_type

LIMIT = 5_000                 # blocks kept per process (a bank's worth; about 1.5 KB each)
# NUL never occurs in stored question HTML (NUL bytes are refused on every input), so it cannot clash.
SLOT = re.compile("\x00(name|[0-9]+)\x00")

_blocks: dict[tuple, str] = {}


def question_block(item: AttemptItem) -> Markup:
    """The question as the trainee sees it, options in their shown order, with their saved answer."""
    version, order = item.version, item.option_order
    options = version.options_html
    if item.response is not None or (order and options is None):
        return _render(item, f"q{item.position}", item.response, fragments_of(version, order), order)
    key = _key(item)
    html = _blocks.get(key)
    if html is None:
        slots = None if options is None else [Markup(f"\x00{i}\x00") for i in range(len(options))]
        blank = Fragments(Markup(version.stem_html), slots, Markup(""))     # the page never shows explanations
        if len(_blocks) >= LIMIT:
            _blocks.clear()
        html = _blocks[key] = str(_render(item, "\x00name\x00", None, blank, None))
    shown = options if not order else [options[i] for i in order]
    name = f"q{item.position}"
    return Markup(SLOT.sub(lambda m: name if m[1] == "name" else shown[int(m[1])], html))


def case_texts(items: list[AttemptItem]) -> dict[int, tuple[Case, int]]:
    """For each case question, keyed by its position on the paper: its case and the position of the paper's first
    question on that case, where the text is shown (once per case, however many were drawn).
    Retired cases too: a paper drawn before the retirement still asks about them."""
    slugs = {item.question.case_slug for item in items if item.question.case_slug}
    if not slugs:
        return {}
    cases = {c.slug: c for c in db.session.scalars(select(Case).where(Case.slug.in_(slugs)))}
    first: dict[str, int] = {}
    result = {}
    for item in items:
        slug = item.question.case_slug
        if slug in cases:
            result[item.position] = (cases[slug], first.setdefault(slug, item.position))
    return result


def render_paper(items: list, cases: dict) -> tuple[Markup, Markup]:
    """The answer sheet's cells and the questions of a paper (`cases`: attempts.case_texts of the items)."""
    questions = [(item, question_block(item)) for item in items]
    return (Markup(render_template("exams/_sheet.html", questions=questions)),
            Markup(render_template("exams/_questions.html", questions=questions, cases=cases)))


def _key(item) -> tuple:
    return (item.version.id, item.version.content_hash, item.points)


def _render(item: AttemptItem, name: str, response, fragments: Fragments, order) -> Markup:
    """The question partial on its own: it needs only the app's template globals, not the page's context."""
    qtype = get_type(item.question.type)
    template = current_app.jinja_env.get_template("questions/_question.html")
    return Markup(template.render(qtype=qtype, stem=item.version.stem, payload=qtype.shown(item.version.payload, order),
                                  name=name, answer=qtype.to_shown(response, order), fragments=fragments, points=item.points))


def load_page_items(attempt: Attempt) -> list[AttemptItem]:
    """The paper's items for the page, in three queries, reading only the columns a cached block needs;
    what a block rendered afresh needs more (the payload, the stem) loads when it is first touched."""
    items = db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)
                               .options(selectinload(AttemptItem.question).load_only(Question.type, Question.case_slug),
                                        selectinload(AttemptItem.version).load_only(
                                            QuestionVersion.content_hash, QuestionVersion.stem_html, QuestionVersion.options_html))).all()
    set_committed_value(attempt, "items", list(items))
    fresh = {i.version_id for i in items if i.response is not None or _key(i) not in _blocks}
    if fresh:   # blocks to render: their versions' stems and payloads in one query, not two per question
        db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(fresh))).all()
    return items
