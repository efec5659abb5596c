"""Question HTML rendered once, when a version is written (editor, import, sync), and stored on the
version: a page assembles these sanitized fragments instead of running Markdown per request."""
from dataclasses import dataclass

from markupsafe import Markup

from app.content.rendering import render_inline, render_markdown


def render_fragments(stem: str, payload: dict, explanation: str) -> dict:
    """The stored HTML columns of a version; options keep the payload's own order."""
    options = payload.get("options")
    return {
        "stem_html": str(render_markdown(stem)),
        "options_html": [str(render_inline(str(o))) for o in options] if isinstance(options, list) else None,
        "explanation_html": str(render_markdown(explanation)),
    }


@dataclass(frozen=True)
class Fragments:
    stem: Markup
    options: list[Markup] | None
    explanation: Markup


def fragments_of(version, order: list[int] | None = None) -> Fragments:
    """A version's stored HTML, options in the displayed `order` (as QuestionType.shown orders them)."""
    options = version.options_html
    if options is not None and order:
        options = [options[i] for i in order]
    return Fragments(Markup(version.stem_html), [Markup(o) for o in options] if options is not None else None,
                     Markup(version.explanation_html))
