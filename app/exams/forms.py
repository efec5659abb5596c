from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, FieldList, Form, FormField, IntegerField,
                     SelectChoice, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField, widgets)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.beijing import BeijingDateTimeField
from app.converters import bounded_int
from app.content.syllabus import TOPICS
from app.models.exam import REVIEW_POLICIES, TIMEOUT_POLICIES
from app.questions.registry import QUESTION_TYPES


class WholeNumberField(IntegerField):
    """A whole number read through bounded_int: junk gets a message in Chinese, not WTForms' English one."""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = bounded_int(valuelist[0], None, 0, 10**6)
        if self.data is None:
            raise ValueError("请填写整数。")


class BlueprintRow(Form):
    """One blueprint cell; a row without a type is ignored."""
    # Choices are checked by paper.validate_cells, which also names the row; blank rows are skipped.
    question_type = SelectField("题型", choices=[SelectChoice("", "—")] + [SelectChoice(k, t.label) for k, t in QUESTION_TYPES.items()],
                                validate_choice=False)
    count = IntegerField("题数", validators=[Optional(), NumberRange(1, 200, "题数为 1-200。")])
    points = DecimalField("每题分值", places=2, validators=[Optional(), NumberRange(0.5, 100, "分值为 0.5-100。")])
    topic = SelectField("主题", choices=[SelectChoice("", "全部（按大纲比例）")] + [SelectChoice(k, v) for k, v in TOPICS.items()],
                        validate_choice=False)
    chapter = SelectField("章节", choices=[SelectChoice("", "不限")], validate_choice=False)
    difficulty_min = IntegerField("最低难度", default=1, validators=[Optional(), NumberRange(1, 5)])
    difficulty_max = IntegerField("最高难度", default=5, validators=[Optional(), NumberRange(1, 5)])
    reserved = BooleanField("只抽考试专用题")


class ExamForm(FlaskForm):
    title = StringField("试卷名称", validators=[DataRequired("请填写试卷名称。"), Length(max=200)])
    instructions = TextAreaField("考试说明", validators=[Length(max=5000)])
    time_limit_minutes = IntegerField("限时（分钟）", default=90, validators=[DataRequired("请填写限时。"), NumberRange(1, 600, "限时为 1-600 分钟。")])
    pass_mark = DecimalField("及格分", default=60, validators=[DataRequired("请填写及格分。"), NumberRange(0, 1000)])
    attempts_allowed = IntegerField("允许作答次数（0 为不限）", default=0, validators=[NumberRange(0, 100)])
    opens_at = BeijingDateTimeField("开放时间（北京时间，可不填）", validators=[Optional()])
    closes_at = BeijingDateTimeField("关闭时间（北京时间，可不填）", validators=[Optional()])
    shuffle_questions = BooleanField("打乱题目顺序", default=True)
    shuffle_options = BooleanField("打乱选项顺序", default=True)
    review_policy = SelectField("答卷回顾", choices=[SelectChoice(k, v) for k, v in REVIEW_POLICIES.items()])
    timeout_policy = SelectField("时间到时", choices=[SelectChoice(k, v) for k, v in TIMEOUT_POLICIES.items()])
    grace_minutes = IntegerField("宽限期（分钟）", default=0, validators=[NumberRange(0, 60)])
    track_leaves = BooleanField("记录离开考试页面（切屏）", default=False)
    leave_limit = WholeNumberField("离开几次后自动交卷", validators=[Optional(), NumberRange(0, 20, "自动交卷的离开次数为 0-20 次。")])
    cohorts = SelectMultipleField("面向班级（不选则所有学员可参加）", coerce=int, option_widget=widgets.CheckboxInput(),
                                  widget=widgets.ListWidget(prefix_label=False))
    rows = FieldList(FormField(BlueprintRow), min_entries=6, max_entries=12)
    submit = SubmitField("保存试卷")

    def cells(self) -> list[dict]:
        return [{"type": r.question_type.data, "count": r.count.data or 0, "points": float(r.points.data or 0), "topic": r.topic.data or "",
                 "chapter": r.chapter.data or "", "difficulty_min": r.difficulty_min.data or 1, "difficulty_max": r.difficulty_max.data or 5,
                 "reserved": bool(r.reserved.data)}
                for r in self.rows if r.question_type.data]


class ExtraTimeForm(FlaskForm):
    login = StringField("学员的邮箱或手机号", validators=[DataRequired("请填写学员的邮箱或手机号。"), Length(max=254)])
    minutes = IntegerField("额外时间（分钟）", validators=[InputRequired("请填写分钟数。"), NumberRange(0, 240, "额外时间为 0-240 分钟。")],
                           description="填 0 取消这名学员的额外时间。")
    submit = SubmitField("设置额外时间")
