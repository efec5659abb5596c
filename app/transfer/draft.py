"""A question as read from a file, before it touches the database: what every importer produces."""
from dataclasses import dataclass, field

STATUS_BY_LABEL = {"已发布": "published", "草稿": "draft", "已停用": "retired"}
STATUS_LABELS = {v: k for k, v in STATUS_BY_LABEL.items()}


@dataclass
class QuestionDraft:
    type: str
    stem: str
    payload: dict
    explanation: str = ""
    uid: str | None = None       # the bank's id: set by the import from `ref` or `name`, never by a parser
    topics: list[str] = field(default_factory=list)
    section: str | None = None
    difficulty: int = 3
    status: str = "published"
    source: str = ""
    reviewer: str = ""  # the second reader who checked it against the chapter (审核)
    case_slug: str | None = None
    exam_only: bool | None = None   # 考试专用; None: the format cannot say, so an import leaves it as it was
    line: int = 0
    ref: str | None = None       # our export's signed identity (identity.py); only it updates by id
    name: str | None = None      # the question's name in a foreign file, scoped to that file
    category: str | None = None  # the Moodle category it came under (categories.py)
