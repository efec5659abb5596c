"""The trainee's review of a closed paper: each item as they saw it (options in their order) with their
own answer, the key, the outcome and the score; filters (只看错题, 只看标记, 未作答), pages and the
index that jumps to any item. Whether a review may be shown at all is grading.review_allowed's call:
nothing here is used before it said yes, except type_summary without outcomes."""
from dataclasses import dataclass
from typing import Any

from app.models import AttemptItem
from app.questions.fragments import Fragments, fragments_of
from app.questions.registry import get_type
from app.questions.types.base import QuestionType

PAGE_SIZE = 10
FILTERS = {"all": "全部", "wrong": "只看错题", "flagged": "只看标记", "unanswered": "未作答"}
OUTCOMES = {"right": ("✓", "正确"), "partial": ("◐", "部分正确"), "wrong": ("✗", "错误"),
            "unanswered": ("–", "未作答"), "pending": ("…", "待阅卷")}


@dataclass(frozen=True)
class Entry:
    """One reviewed item; payload, answer and marks are in the order the trainee saw the options."""
    item: AttemptItem
    qtype: QuestionType
    outcome: str
    payload: dict
    answer: Any
    marks: dict
    fragments: Fragments
    answer_text: str | None        # the answer in a line ("B", "对", "顾客；满意"); None for free text
    key_points: list | None        # case: [(text, points, awarded or None)]

    @property
    def number(self) -> int:
        return self.item.position + 1

    @property
    def symbol(self) -> str:
        return OUTCOMES[self.outcome][0]

    @property
    def label(self) -> str:
        return OUTCOMES[self.outcome][1]


def outcome_of(item: AttemptItem) -> str:
    if item.response is None:
        return "unanswered"
    if item.score is None:
        return "pending"
    if item.score >= item.points - 1e-9:
        return "right"
    return "partial" if item.score > 0 else "wrong"


def entries(items: list[AttemptItem]) -> list[Entry]:
    return [_entry(item) for item in items]


def _entry(item: AttemptItem) -> Entry:
    qtype = get_type(item.question.type)
    payload = qtype.shown(item.version.payload, item.option_order)
    answer = qtype.to_shown(item.response, item.option_order)
    return Entry(item, qtype, outcome_of(item), payload, answer, qtype.option_marks(payload, answer) if answer is not None else {},
                 fragments_of(item.version, item.option_order), _answer_line(qtype, payload, answer), _key_points(item))


def _answer_line(qtype: QuestionType, payload: dict, answer: Any) -> str | None:
    if answer is None:
        return None
    text = qtype.answer_text(payload, answer)
    if text is None and isinstance(answer, list):      # blanks: each as typed
        text = "；".join(value or "（空）" for value in answer)
    return text


def _key_points(item: AttemptItem) -> list | None:
    points = item.version.payload.get("key_points")
    if not points:
        return None
    awards = item.point_awards or []
    return [(p["text"], p["points"], awards[i] if i < len(awards) else None) for i, p in enumerate(points)]


def parse_filter(value: str | None) -> str:
    """A filter from the query string; anything unknown shows everything."""
    return value if value in FILTERS else "all"


def matches(entry: Entry, show: str) -> bool:
    return (show == "all" or (show == "wrong" and entry.outcome in ("wrong", "partial"))
            or (show == "flagged" and entry.item.flagged) or (show == "unanswered" and entry.outcome == "unanswered"))


def counts(all_entries: list[Entry]) -> dict[str, int]:
    return {show: sum(1 for e in all_entries if matches(e, show)) for show in FILTERS}


@dataclass(frozen=True)
class Page:
    show: str
    number: int
    pages: int
    entries: list[Entry]                  # this page's
    all_entries: list[Entry]              # the paper's, for the index
    counts: dict[str, int]                # filter -> how many it lists
    places: dict[int, tuple[str, int]]    # item position -> (filter, page) where the index finds it


def page_of(all_entries: list[Entry], show: str, number: int) -> Page:
    """The entries of one page of a filter; an index link to an item outside the filter opens 全部."""
    chosen = [e for e in all_entries if matches(e, show)]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    number = min(max(number, 1), pages)
    places = {e.item.position: ("all", i // PAGE_SIZE + 1) for i, e in enumerate(all_entries)}
    places.update({e.item.position: (show, i // PAGE_SIZE + 1) for i, e in enumerate(chosen)})
    return Page(show, number, pages, chosen[(number - 1) * PAGE_SIZE:number * PAGE_SIZE], all_entries, counts(all_entries), places)


@dataclass(frozen=True)
class TypeRow:
    label: str
    count: int
    right: int
    wrong: int          # wrong or partly right
    unanswered: int
    pending: int
    earned: float
    possible: float


def type_summary(all_entries: list[Entry]) -> list[TypeRow]:
    """Per question type, in paper order: how many were right, wrong, unanswered, and the points."""
    groups: dict[str, list[Entry]] = {}
    for entry in all_entries:
        groups.setdefault(entry.qtype.label, []).append(entry)
    return [TypeRow(label, len(group), *(sum(1 for e in group if e.outcome in kinds)
                                         for kinds in (("right",), ("wrong", "partial"), ("unanswered",), ("pending",))),
                    sum(e.item.score or 0.0 for e in group), sum(e.item.points for e in group))
            for label, group in groups.items()]
