"""The question types. Views and exam code look a type up here and never branch on its name."""
from app.questions.types.base import QuestionType
from app.questions.types.case_analysis import CaseAnalysis
from app.questions.types.choice import MultipleChoice, SingleChoice
from app.questions.types.fill_blank import FillBlank
from app.questions.types.true_false import TrueFalse

QUESTION_TYPES: dict[str, QuestionType] = {t.name: t for t in (TrueFalse(), SingleChoice(), MultipleChoice(), FillBlank(), CaseAnalysis())}
TYPE_BY_LABEL = {"判断": "true_false", "单选": "single", "多选": "multiple", "填空": "fill", "案例分析": "case", "简答": "case"}


class UnknownType(KeyError):
    pass


def get_type(name: str) -> QuestionType:
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise UnknownType(name) from None
