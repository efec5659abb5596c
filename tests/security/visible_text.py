"""What a user reads on a response: its text with tags, scripts and styles stripped, and the English in it."""
import json
import re
from html.parser import HTMLParser

# Product names, formats and codes the interface may show as they are.
ALLOWED_WORDS = {
    "csv", "excel", "gift", "moodle", "xml", "markdown", "md", "id", "qr", "url", "erlang", "rfm", "crm", "servqual",
    "acsi", "ecsi", "scsb", "csr", "aiken", "xlsx", "wps", "libreoffice", "utf", "gbk", "csrf", "json", "svg", "ai",
    "internet", "http", "https", "email", "pdf", "zip", "alt", "enter", "ctrl", "shift", "tab", "esc",
}
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,.:;!?'’-]+[A-Za-z]{2,})+")    # two or more words: a sentence
# E-mail addresses, tokens and hyphenated codes (a question's uid such as alpha-001-copy-ea): data, not sentences.
DATA = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[0-9a-f]{8,}\b|\w+(-\w+)+")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        for name, value in attrs:        # attributes a user reads or hears
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(response) -> str:
    """HTML: the text a reader sees. JSON: every string value (our scripts show them). Other text: itself."""
    body = response.get_data(as_text=True)
    if response.mimetype == "application/json":
        return " ".join(_strings(json.loads(body)))
    if response.mimetype == "text/html":
        parser = _Text()
        parser.feed(body)
        return " ".join(parser.parts)
    return body


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def english_words(text: str) -> list[str]:
    """Runs of two or more English words that are not product names or codes: a user would read English.
    A lone word (a field name such as `weights` explained in Chinese) is not a sentence."""
    phrases = ENGLISH_PHRASE.findall(DATA.sub(" ", text))
    return [p for p in phrases if sum(w.lower() not in ALLOWED_WORDS for w in re.findall(r"[A-Za-z]{2,}", p)) >= 2]
