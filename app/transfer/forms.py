"""The import confirmation: what to do with the duplicates the preview found."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SubmitField

DUPLICATE_CHOICES = [SelectChoice("skip", "跳过重复的题目"), SelectChoice("new", "作为新题目导入")]


class ConfirmImportForm(FlaskForm):
    # Checked by the service (a clear message, not a 400); absent means skip.
    duplicates = RadioField("重复的题目", choices=DUPLICATE_CHOICES, default="skip", validate_choice=False)
    submit = SubmitField("确认导入")
