"""Markdown to safe HTML. Everything rendered from Markdown passes through nh3; results are cached
by content hash, so a page does not re-render unchanged text."""
import hashlib
import re
from collections import OrderedDict
from threading import Lock, local

import markdown
import nh3
from markupsafe import Markup

EXTENSIONS = ["tables", "admonition", "toc", "attr_list", "footnotes", "sane_lists", "fenced_code"]
ADMONITIONS = {"admonition", "note", "tip", "hint", "info", "warning", "caution", "attention", "important", "danger", "error"}
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "mark", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    "a": {"href", "title", "id"}, "img": {"src", "alt", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "li": {"id"}, "sup": {"id"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"},
}
CLASSES = {"div": ADMONITIONS | {"footnote"}, "p": {"admonition-title"}, "a": {"footnote-ref", "footnote-backref"}}
FIGURE_SRC = re.compile(r'src="figures/([a-z0-9-]+)\.svg"')
CACHE_SIZE = 2048

_cache: OrderedDict[str, Markup] = OrderedDict()
_lock = Lock()
_converters = local()   # one Markdown object per thread, reset between texts: building one costs more than a render


def render_markdown(text: str, digest: str | None = None) -> Markup:
    """Sanitized HTML for `text`; pass the stored content hash to skip hashing long texts."""
    key = digest or hashlib.sha256(text.encode()).hexdigest()
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    html = Markup(_render(text))
    with _lock:
        _cache[key] = html
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return html


def _render(text: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    raw = converter.reset().convert(text)
    clean = nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return FIGURE_SRC.sub(r'src="/figures/\1.svg" loading="lazy"', clean)


def render_inline(text: str) -> Markup:
    """A short text (an option, a key point) rendered without the surrounding paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
