from app.questions.types.base import AnswerError, QuestionType, Score, normalise_text


def _percent(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 100


class FillBlank(QuestionType):
    """One or more blanks, each with several accepted answers; each blank counts equally."""

    name = "fill"
    label = "填空题"

    def validate(self, payload):
        blanks = payload.get("blanks")
        if not isinstance(blanks, list) or not blanks:
            return ["填空题至少需要一个空的答案。"]
        if any(not isinstance(b, list) or not b or any(not str(a).strip() for a in b) for b in blanks):
            return ["填空题每个空至少需要一个非空的参考答案。"]
        weights = payload.get("weights")
        if weights is not None and not (
                isinstance(weights, list) and len(weights) == len(blanks)
                and all(isinstance(w, list) and len(w) == len(b) and all(_percent(x) for x in w) and 100 in w
                        for w, b in zip(weights, blanks))):
            return ["填空题各答案的分值须与答案一一对应（0% 到 100%），每个空至少一个 100% 的答案。"]
        return []

    def public(self, payload):
        return {"blanks": len(payload["blanks"])}

    def parse_answer(self, payload, raw):
        values = raw if isinstance(raw, (list, tuple)) else [raw]
        if any(v is not None and not isinstance(v, str) for v in values):
            raise AnswerError("填空答案格式不正确。")
        if len(values) > 20 or any(v and len(v) > 500 for v in values):
            raise AnswerError("填空答案过长。")
        return [(v or "").strip() for v in values]

    def parse_form(self, payload, values):
        return self.parse_answer(payload, list(values))

    def form_values(self, answer):
        return list(answer or [])

    def grade(self, payload, answer):
        """Each blank counts equally; an alternative answer with a weight (`=%50%`) earns that share."""
        blanks = payload["blanks"]
        weights = payload.get("weights") or [[100] * len(b) for b in blanks]
        earned = 0.0
        for i, accepted in enumerate(blanks):
            given = normalise_text(answer[i]) if i < len(answer or []) else ""
            earned += max((w for a, w in zip(accepted, weights[i]) if given and normalise_text(a) == given), default=0) / 100
        return Score(round(earned / len(blanks), 4), 1.0)

    def key_text(self, payload):
        return "；".join(" / ".join(b) for b in payload["blanks"])

    def is_blank(self, answer):
        return not answer or not any(answer)
