from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, SubmitField,
                     TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.content.syllabus import TOPICS
from app.models.question import STATUSES
from app.questions.registry import QUESTION_TYPES
from app.transfer.formats import FORMATS

TYPE_CHOICES = [SelectChoice(name, t.label) for name, t in QUESTION_TYPES.items()]
TOPIC_CHOICES = [SelectChoice(key, f"{i}. {label}") for i, (key, label) in enumerate(TOPICS.items(), 1)]


class QuestionForm(FlaskForm):
    type = SelectField("题型", choices=TYPE_CHOICES)
    uid = StringField("编号", validators=[Optional(), Length(max=80)], description="留空则自动生成；只能用小写字母、数字和连字符。")
    stem = TextAreaField("题干", validators=[DataRequired("请填写题干。"), Length(max=20000)],
                         description="支持 Markdown。填空题用四个下划线 ____ 表示一个空。")
    options = TextAreaField("选项", validators=[Length(max=5000)], description="单选题、多选题每行一个选项，按 A、B、C、D 顺序。")
    answer = TextAreaField("答案 / 采分点", validators=[Length(max=10000)],
                           description="判断题：对 或 错；单选题：一个字母；多选题：如 ABD；填空题：每个空一行，"
                                       "多个可接受答案用 | 分隔；案例分析题：每行一个采分点，如“- (5分) 要点 —— 关键词：词一、词二”。")
    explanation = TextAreaField("解析", validators=[DataRequired("请填写解析。"), Length(max=20000)],
                                description="说明为什么，并指出讲授它的小节。")
    section = SelectField("讲授小节", validators=[DataRequired("请选择讲授这道题的小节。")])
    topics = SelectMultipleField("大纲主题", choices=TOPIC_CHOICES, option_widget=widgets.CheckboxInput(),
                                 widget=widgets.ListWidget(prefix_label=False))
    difficulty = IntegerField("难度（1-5）", default=3, validators=[NumberRange(1, 5, "难度必须是 1 到 5。")])
    status = SelectField("状态", choices=[SelectChoice(k, v) for k, v in STATUSES.items()], default="published")
    scoring = SelectField("多选题计分", choices=[SelectChoice("all", "全对得分"), SelectChoice("partial", "部分得分（少选按比例，错选不得分）")])
    points = IntegerField("案例分析题总分", validators=[Optional(), NumberRange(1, 100, "总分必须是 1 到 100。")])
    source = StringField("来源", validators=[Optional(), Length(max=200)])
    exam_only = BooleanField("考试专用（只在模拟考试中出现：练习、背题、案例页和搜索都不向学员显示）")
    case_slug = SelectField("所属案例", choices=[SelectChoice("", "不属于案例")], default="", validate_choice=True,
                            description="案例分析题显示在哪个案例之下。")
    extras = TextAreaField("附加", validators=[Optional(), Length(max=5000)],
                           description="从 Moodle 等处导入的选项权重（weights）与选项反馈（option_feedback、feedback_true、"
                                       "feedback_false），JSON 格式；不了解可保持原样，清空则删除。")
    submit = SubmitField("保存")

    def fields(self) -> dict:
        return {name: self[name].data for name in ("type", "uid", "stem", "options", "answer", "explanation", "section",
                                                  "topics", "difficulty", "status", "scoring", "points", "source", "exam_only",
                                                  "case_slug", "extras")}


class ImportForm(FlaskForm):
    file = FileField("题库文件", validators=[FileRequired("请选择要导入的文件。")],
                     description="支持 GIFT（.gift）、Moodle XML（.xml）、Aiken（.txt）、Excel（.xlsx）和题库 Markdown（.md），文件需为 UTF-8 编码。")
    format = SelectField("格式", choices=[SelectChoice("", "按内容自动识别")] + [SelectChoice(k, f.label) for k, f in FORMATS.items()])
    submit = SubmitField("上传并预览")


class BulkForm(FlaskForm):
    action = SelectField("批量操作", choices=[SelectChoice("add-topic", "添加主题"), SelectChoice("remove-topic", "移除主题"),
                                          SelectChoice("exam-only", "设为考试专用"), SelectChoice("not-exam-only", "取消考试专用"),
                                          SelectChoice("retire", "停用")])
    topic = SelectField("主题", choices=[SelectChoice("", "—")] + TOPIC_CHOICES, validate_choice=True)
    submit = SubmitField("应用到所选题目")
