from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class CohortForm(FlaskForm):
    name = StringField("班级名称", validators=[DataRequired("请填写班级名称。"), Length(max=80, message="班级名称不能超过 80 个字符。")])
    submit = SubmitField("创建班级")


class JoinForm(FlaskForm):
    code = StringField("邀请码", validators=[DataRequired("请输入邀请码。"), Length(max=16, message="邀请码不正确。")])
    submit = SubmitField("加入班级")
