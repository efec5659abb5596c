from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length

from app.questions.types.case_analysis import MAX_ANSWER


class CaseAnswerForm(FlaskForm):
    text = TextAreaField("我的分析", validators=[
        DataRequired("请先写下你的分析，提交后才能查看参考分析。"),
        Length(max=MAX_ANSWER, message=f"答案不能超过 {MAX_ANSWER} 个字。")])
    submit = SubmitField("提交并查看参考分析")


class SelfScoreForm(FlaskForm):
    points = SelectMultipleField("我答到的采分点", coerce=int, option_widget=widgets.CheckboxInput(),
                                 widget=widgets.ListWidget(prefix_label=False))
    submit = SubmitField("保存自评")
