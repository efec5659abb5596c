from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class CohortForm(FlaskForm):
    name = StringField("班级名称", validators=[DataRequired("请填写班级名称。"), Length(max=80, message="班级名称不能超过 80 个字符。")])
    submit = SubmitField("创建班级")


class JoinForm(FlaskForm):
    code = StringField("邀请码", validators=[DataRequired("请输入邀请码。"), Length(max=16, message="邀请码不正确。")])
    submit = SubmitField("加入班级")


class RosterForm(FlaskForm):
    file = FileField("学员名单（Excel）", validators=[FileRequired("请选择名单文件。"),
                                                   FileAllowed(["xlsx"], "请上传 Excel（.xlsx）文件，可先下载名单模板。")],
                     description="表头：姓名、手机号、邮箱（可不填）、班级。班级必须是已创建的班级。")
    submit = SubmitField("上传并预览")
