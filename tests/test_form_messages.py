"""WTForms' own messages reach users (a bad choice, a number out of range): every one is Chinese."""
import re
from pathlib import Path

import wtforms
from wtforms import Form, IntegerField, SelectChoice, SelectMultipleField
from wtforms.validators import NumberRange
from werkzeug.datastructures import MultiDict

from tests.security.visible_text import english_words

CATALOGUE = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"


def test_every_wtforms_message_has_a_chinese_translation(app):
    from flask_wtf import FlaskForm

    translations = FlaskForm.Meta().get_translations(None)
    for message in re.findall(r'^msgid "(.+)"', CATALOGUE.read_text(encoding="utf-8"), re.M):
        assert translations.gettext(message) != message, message
    plural = ("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.")
    assert translations.ngettext(*plural, 2) != plural[1]


def test_a_plain_subform_speaks_chinese_too(app):
    """Exam blueprint rows are a plain wtforms.Form inside a FlaskForm."""

    class Row(Form):
        count = IntegerField(validators=[NumberRange(1, 5)])
        cohorts = SelectMultipleField(choices=[SelectChoice("1", "一班")])

    row = Row(MultiDict([("count", "9"), ("cohorts", "7")]))
    assert not row.validate()
    for errors in row.errors.values():
        assert errors and not any(english_words(e) for e in errors), errors
