"""Every WTForms message in Chinese, for Flask-WTF forms and plain sub-forms (exam blueprint rows) alike.

WTForms' bundled zh catalogue lacks a few messages (some are only marked fuzzy, so never compiled):
a bad choice in a multiple select, for one, came out as "'7' is not a valid choice for this field."
They are filled in here; everything else comes from the catalogue. Flask-WTF's Babel route stays off.
"""
from wtforms import i18n
from wtforms.meta import DefaultMeta

MISSING = {
    "Date must be at least %(min)s.": "日期不能早于 %(min)s。",
    "Date must be at most %(max)s.": "日期不能晚于 %(max)s。",
    "Date must be between %(min)s and %(max)s.": "日期必须在 %(min)s 和 %(max)s 之间。",
    "This field cannot be edited.": "该字段不可编辑。",
    "This field is disabled and cannot have a value.": "该字段已禁用，不能填写。",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s”不是该字段的有效选项。",
    "Not a valid week value.": "不是有效的周。",
}


class ChineseMessages:
    """WTForms' zh catalogue with the messages it lacks."""

    def __init__(self):
        self.catalogue = i18n.get_translations(["zh"])

    def gettext(self, message: str) -> str:
        return MISSING.get(message) or self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return MISSING.get(singular) or self.catalogue.ngettext(singular, plural, n)


def install() -> None:
    """Every form class, FlaskForm or plain wtforms.Form, takes its messages from ChineseMessages."""
    messages = ChineseMessages()
    DefaultMeta.locales = ("zh",)
    DefaultMeta.get_translations = lambda meta, form: messages
