from app.questions.types.base import AnswerError, QuestionType, Score
from app.questions.types.choice import marks_for

TRUE_WORDS = {"true", "t", "1", "对", "正确", "是", "√"}
FALSE_WORDS = {"false", "f", "0", "错", "错误", "否", "×"}


class TrueFalse(QuestionType):
    name = "true_false"
    label = "判断题"

    def validate(self, payload):
        return [] if isinstance(payload.get("answer"), bool) else ["判断题的答案必须是“对”或“错”。"]

    def public(self, payload):
        return {"options": ["对", "错"]}

    def parse_answer(self, payload, raw):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower() if raw is not None else ""
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise AnswerError("请选择“对”或“错”。")


    def grade(self, payload, answer):
        return Score(1.0 if answer is payload["answer"] else 0.0, 1.0)

    def form_values(self, answer):
        return [] if answer is None else ["true" if answer else "false"]

    def answer_text(self, payload, answer):
        return None if answer is None else ("对" if answer else "错")

    def option_marks(self, payload, answer):
        # The options are shown as 对 (index 0) and 错 (index 1).
        return marks_for(0 if payload["answer"] else 1, None if answer is None else (0 if answer else 1))

    def key_text(self, payload):
        return "对" if payload["answer"] else "错"

    def is_blank(self, answer):
        return answer is None
