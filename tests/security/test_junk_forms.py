"""Every write route, fed junk in every field a form or view reads: never a 500, never English."""
import pytest

from app.models import Role
from tests.browser.pages import make_people_and_data
from tests.security.test_chinese_errors import sign_in
from tests.security.visible_text import english_words, visible_text
from tests.test_access import RULES

JUNK = ["abc", "9223372036854775808", "-99999999999999999999", "-1", "1e999", "1.5", "NaN", "\u202e\u200f名字\u202c",
        "😀" * 50, "   \t ", "长" * 5000]
ROW_FIELDS = ["question_type", "count", "points", "topic", "chapter", "difficulty_min", "difficulty_max", "reserved"]
SKIP = {"auth.logout", "auth.logout_all"}     # they read nothing, and would end the walk's session


def field_names(app) -> list[str]:
    """Every field of every form in the app, every name a view reads from request.form, and blueprint rows."""
    import pathlib
    import re

    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    def forms(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from forms(sub)

    names = {name for form in forms(FlaskForm) for name, value in vars(form).items() if isinstance(value, UnboundField)}
    for path in pathlib.Path("app").rglob("*.py"):
        names |= set(re.findall(r"request\.form\.(?:get|getlist)\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")))
    names |= {f"rows-{i}-{field}" for i in (0, 11, 12) for field in ROW_FIELDS}
    return sorted(names - {"csrf_token", "file"})


def write_routes(app) -> list[tuple[str, str]]:
    return sorted((rule.endpoint, RULES[rule.endpoint][1]) for rule in app.url_map.iter_rules()
                  if "POST" in rule.methods and rule.endpoint not in SKIP)


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN], ids=["trainee", "instructor", "admin"])
def test_junk_in_every_field_of_every_write_gets_a_chinese_answer(app, client, content_tree, role):
    data = make_people_and_data(app)
    sign_in(client, data, role)
    names = field_names(app)
    failures = []
    for endpoint, url in write_routes(app):
        url = url.format(**data["ids"])
        for junk in JUNK:
            for form in ({name: junk for name in names}, {name: [junk, "1"] for name in names}):
                response = client.post(url, data=form)
                response.close()
                text = _without(visible_text(response), JUNK) if response.status_code != 302 else ""
                if response.status_code >= 500 or english_words(text):
                    failures.append((endpoint, junk[:20], response.status_code, english_words(text)[:5]))
    assert not failures, "\n".join(map(str, failures))


def _without(text: str, values: list[str]) -> str:
    """The page without the junk itself: echoed back in a field, or the name of a cohort an earlier post created."""
    for value in values:
        text = text.replace(value, " ")
    return text
