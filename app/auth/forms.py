from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

REQUIRED = "此项必填。"


class LoginForm(FlaskForm):
    email = StringField("手机号或邮箱", validators=[DataRequired(REQUIRED), Length(max=254)],
                        render_kw={"autocomplete": "username", "inputmode": "email"})
    password = PasswordField("密码", validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("登录")


class RegisterForm(FlaskForm):
    name = StringField("姓名", validators=[DataRequired(REQUIRED), Length(max=80, message="姓名不能超过 80 个字符。")])
    email = EmailField("邮箱", validators=[DataRequired(REQUIRED), Email("请输入有效的邮箱地址。"), Length(max=254)])
    password = PasswordField("密码", validators=[DataRequired(REQUIRED)],
                             description="至少 8 个字符，不要使用常见密码。")
    confirm = PasswordField("确认密码", validators=[DataRequired(REQUIRED), EqualTo("password", "两次输入的密码不一致。")])
    submit = SubmitField("注册")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("当前密码", validators=[DataRequired(REQUIRED)])
    password = PasswordField("新密码", validators=[DataRequired(REQUIRED)], description="至少 8 个字符，不要使用常见密码。")
    confirm = PasswordField("确认新密码", validators=[DataRequired(REQUIRED), EqualTo("password", "两次输入的密码不一致。")])
    submit = SubmitField("修改密码")


class ForgotForm(FlaskForm):
    email = EmailField("注册邮箱", validators=[DataRequired(REQUIRED), Length(max=254)])
    submit = SubmitField("发送重置链接")


class ResetForm(FlaskForm):
    password = PasswordField("新密码", validators=[DataRequired(REQUIRED)], description="至少 8 个字符，不要使用常见密码。")
    confirm = PasswordField("确认新密码", validators=[DataRequired(REQUIRED), EqualTo("password", "两次输入的密码不一致。")])
    submit = SubmitField("设置新密码")
