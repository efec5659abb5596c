"""A page is inert when the parsed DOM has nothing that could run: checked structurally, not by substring."""
from html.parser import HTMLParser

DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta", "link", "math", "svg", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
OWN_SCRIPTS = ("/static/", "/bootstrap/static/")
ALLOWED_LINKS = {"stylesheet", "icon"}


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = [(name.lower(), value or "") for name, value in attrs]
        values = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not values.get("src", "").startswith(OWN_SCRIPTS):
                self.problems.append(f"script not served by the app: {attrs}")
        elif tag == "link" and values.get("rel") in ALLOWED_LINKS and values.get("href", "").startswith(OWN_SCRIPTS + ("/static",)):
            pass
        elif tag == "meta" and set(values) <= {"charset", "name", "content"} and "http-equiv" not in values:
            pass
        elif tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> in page")
        for name, value in attrs:
            lowered = "".join(value.split()).lower()
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and lowered.startswith(("javascript:", "vbscript:", "data:text", "//", "http")):
                if not (name == "href" and tag == "a" and lowered.startswith("http")):   # plain outbound links are fine
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append("inline script content")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems
