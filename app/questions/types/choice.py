"""Single and multiple choice: options are a list, the key is option indexes."""
from app.questions.types.base import LETTERS, AnswerError, QuestionType, Score, letter


def _option_problems(payload) -> list[str]:
    options = payload.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
        return [f"选择题需要 2 到 {len(LETTERS)} 个选项。"]
    problems = []
    if any(not isinstance(o, str) or not o.strip() for o in options):
        problems.append("选项内容不能为空。")
    if len({o.strip() for o in options if isinstance(o, str)}) != len(options):
        problems.append("选项内容不能重复。")
    return problems


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and -100 <= x <= 100


def _extra_problems(payload) -> list[str]:
    """Moodle's per-option weights (percent, -100..100) and per-option feedback, when present."""
    count, problems = len(payload["options"]), []
    weights = payload.get("weights")
    if weights is not None and not (isinstance(weights, list) and len(weights) == count and all(map(_number, weights))):
        problems.append("选项分值（权重）须与选项一一对应，且在 -100% 到 100% 之间。")
    feedback = payload.get("option_feedback")
    if feedback is not None and not (isinstance(feedback, list) and len(feedback) == count
                                     and all(isinstance(f, str) for f in feedback)):
        problems.append("选项反馈须与选项一一对应。")
    return problems


def _weighted(payload, chosen) -> float:
    """Moodle's reading of weights: the chosen options' percentages added up, between 0 and 100 %."""
    total = sum(payload["weights"][i] for i in chosen if 0 <= i < len(payload["weights"]))
    return round(min(max(total / 100, 0.0), 1.0), 4)


def _index(raw, count: int) -> int:
    text = str(raw).strip().upper()
    if len(text) == 1 and text in LETTERS[:count]:
        return LETTERS.index(text)
    if text.isdigit() and int(text) < count:
        return int(text)
    raise AnswerError("所选选项不存在。")


def marks_for(key, answer) -> dict[int, str]:
    """Option marks from the key and the answer, each an index or a list of indexes."""
    key = set(key) if isinstance(key, list) else {key}
    chosen = set(answer) if isinstance(answer, list) else ({answer} if answer is not None else set())
    marks = {i: "correct" if i in chosen else "missed" for i in key}
    marks.update({i: "wrong" for i in chosen - key})
    return marks


class _Options(QuestionType):
    """Option shuffling shared by the choice types: answers are stored against the original order."""

    def shuffled_order(self, payload, rng):
        order = list(range(len(payload["options"])))
        rng.shuffle(order)
        return order

    def shown(self, payload, order):
        """Options, per-option weights and feedback in the displayed order, and the key pointing at them."""
        if not order:
            return payload
        shown = {**payload, "answer": self.to_shown(payload["answer"], order)}
        for field in ("options", "weights", "option_feedback"):
            if field in payload:
                shown[field] = [payload[field][i] for i in order]
        return shown

    def to_original(self, answer, order):
        if not order or answer is None:
            return answer
        return sorted(order[i] for i in answer) if isinstance(answer, list) else order[answer]

    def to_shown(self, answer, order):
        if not order or answer is None:
            return answer
        back = {original: shown for shown, original in enumerate(order)}
        return sorted(back[i] for i in answer) if isinstance(answer, list) else back[answer]


    def option_marks(self, payload, answer):
        return marks_for(payload["answer"], answer)

    def answer_text(self, payload, answer):
        return "".join(self.form_values(answer)) or None

    def form_values(self, answer):
        if answer is None:
            return []
        return [letter(i) for i in answer] if isinstance(answer, list) else [letter(answer)]


class SingleChoice(_Options):
    name = "single"
    label = "单选题"

    def validate(self, payload):
        problems = _option_problems(payload)
        answer = payload.get("answer")
        if not problems and not (isinstance(answer, int) and 0 <= answer < len(payload["options"])):
            problems.append("单选题必须有且只有一个正确选项。")
        problems += _extra_problems(payload) if not problems else []
        if not problems and "weights" in payload and not payload["weights"][answer] == 100 == max(payload["weights"]):
            problems.append("单选题的正确选项分值必须是 100%。")
        return problems

    def public(self, payload):
        return {"options": list(payload["options"])}

    def parse_answer(self, payload, raw):
        if raw is None or raw == "":
            raise AnswerError("请选择一个选项。")
        return _index(raw, len(payload["options"]))

    def grade(self, payload, answer):
        """Partial credit on a distractor (`~%50%`) counts; a negative one scores 0, as a whole
        question never takes points away from an exam total."""
        if "weights" in payload and isinstance(answer, int):
            return Score(_weighted(payload, [answer]), 1.0)
        return Score(1.0 if answer == payload["answer"] else 0.0, 1.0)

    def key_text(self, payload):
        return letter(payload["answer"])


class MultipleChoice(_Options):
    """All or nothing by default; with scoring "partial", a wrong pick scores 0 and a correct
    subset scores its share (the usual rule of Chinese certification exams: 少选得部分分，错选不得分)."""

    name = "multiple"
    label = "多选题"

    def validate(self, payload):
        problems = _option_problems(payload)
        answer = payload.get("answer")
        if not problems:
            if not (isinstance(answer, list) and len(answer) >= 2 and len(set(answer)) == len(answer)
                    and all(isinstance(i, int) and 0 <= i < len(payload["options"]) for i in answer)):
                problems.append("多选题至少需要两个正确选项。")
        if payload.get("scoring", "all") not in ("all", "partial"):
            problems.append("多选题计分方式只能是“全对得分”或“部分得分”。")
        problems += _extra_problems(payload) if not problems else []
        if not problems and "weights" in payload and \
                set(answer) != {i for i, w in enumerate(payload["weights"]) if w > 0}:
            problems.append("多选题的正确选项必须正好是分值大于 0 的选项。")
        return problems

    def public(self, payload):
        return {"options": list(payload["options"])}

    def parse_answer(self, payload, raw):
        items = raw if isinstance(raw, (list, tuple)) else list(str(raw or "").replace(",", ""))
        indexes = sorted({_index(item, len(payload["options"])) for item in items if str(item).strip()})
        if not indexes:
            raise AnswerError("请至少选择一个选项。")
        return indexes

    def parse_form(self, payload, values):
        return self.parse_answer(payload, values)

    def grade(self, payload, answer):
        """With weights (from Moodle), the chosen weights add up, as Moodle grades them."""
        if "weights" in payload:
            return Score(_weighted(payload, set(answer or [])), 1.0)
        key, chosen = set(payload["answer"]), set(answer or [])
        if chosen == key:
            return Score(1.0, 1.0)
        if payload.get("scoring") == "partial" and chosen and chosen <= key:
            return Score(round(len(chosen) / len(key), 4), 1.0)
        return Score(0.0, 1.0)

    def key_text(self, payload):
        return "".join(letter(i) for i in sorted(payload["answer"]))
