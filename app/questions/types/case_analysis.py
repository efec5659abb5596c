"""Case analysis / short answer: free text graded by an instructor against key points (采分点).

The type suggests a score by finding each key point's accepted phrasings in the answer (after
jieba segmentation); the instructor's grade is what counts.
"""
from app.questions.types.base import AnswerError, QuestionType, Score, normalise_text

MAX_ANSWER = 20000


class CaseAnalysis(QuestionType):
    name = "case"
    label = "案例分析题"
    auto_graded = False

    def validate(self, payload):
        points = payload.get("key_points")
        if not isinstance(points, list) or not points:
            return ["案例分析题至少需要一个采分点。"]
        problems = []
        for i, point in enumerate(points, 1):
            if not str(point.get("text", "")).strip():
                problems.append(f"第 {i} 个采分点没有内容。")
            if not isinstance(point.get("points"), (int, float)) or point["points"] <= 0:
                problems.append(f"第 {i} 个采分点的分值必须大于 0。")
        total = payload.get("points")
        if not problems and total is not None and abs(sum(p["points"] for p in points) - total) > 1e-6:
            problems.append(f"采分点分值之和（{sum(p['points'] for p in points):g}）与总分（{total:g}）不一致。")
        return problems

    def public(self, payload):
        return {"points": self.possible(payload)}

    def parse_answer(self, payload, raw):
        text = str(raw or "").strip()
        if len(text) > MAX_ANSWER:
            raise AnswerError(f"答案不能超过 {MAX_ANSWER} 个字。")
        return text

    def possible(self, payload):
        return float(sum(p["points"] for p in payload["key_points"]))

    def grade(self, payload, answer):
        """The suggested score; an instructor confirms or changes it."""
        matched = self.matched_points(payload, answer)
        return Score(float(sum(payload["key_points"][i]["points"] for i in matched)), self.possible(payload))

    def matched_points(self, payload, answer) -> list[int]:
        """Key points whose phrasings the answer uses: at least half of them, or any two."""
        if not answer:
            return []
        words = _words(answer)
        flat = normalise_text(answer)
        hits = []
        for i, point in enumerate(payload["key_points"]):
            phrases = [normalise_text(k) for k in point.get("keywords", []) if k.strip()]
            if not phrases:
                continue
            found = sum(1 for p in phrases if p in words or p in flat)
            if found >= min(2, len(phrases)) or found * 2 >= len(phrases):
                hits.append(i)
        return hits

    def key_text(self, payload):
        return "；".join(f"{p['text']}（{p['points']:g}分）" for p in payload["key_points"])


def _words(text: str) -> set[str]:
    import jieba  # imported on first use: loading its dictionary takes a second

    return {normalise_text(w) for w in jieba.cut_for_search(text) if w.strip()}
