from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, SelectMultipleField, SubmitField, widgets

from app.models.user import ROLE_LABELS


class UserEditForm(FlaskForm):
    role = SelectField("角色", choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    active = BooleanField("账号启用")
    cohorts = SelectMultipleField("所在班级", coerce=int, option_widget=widgets.CheckboxInput(),
                                  widget=widgets.ListWidget(prefix_label=False), validate_choice=True)
    submit = SubmitField("保存")
