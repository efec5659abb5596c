"""Export: the file, how many questions it holds, and what the format loses, said honestly."""
from collections import Counter
from dataclasses import dataclass, field

from app.models import Question
from app.questions.registry import QUESTION_TYPES
from app.transfer.aiken import exportable
from app.transfer.draft import QuestionDraft
from app.transfer.formats import Format
from app.transfer.importing import drafts_from_questions

MOODLE_FORMATS = ("gift", "moodle-xml")


@dataclass
class Export:
    body: str | bytes
    written: int
    notes: list[str] = field(default_factory=list)


def export_questions(questions: list[Question], fmt: Format) -> Export:
    drafts = drafts_from_questions(questions)
    body = fmt.write(drafts)
    if fmt.name == "aiken":
        left_out = [d for d in drafts if not exportable(d)]
        return Export(body, len(drafts) - len(left_out), _aiken_notes(left_out))
    return Export(body, len(drafts), _moodle_notes(drafts, fmt.name) if fmt.name in MOODLE_FORMATS else [])


def _aiken_notes(left_out: list[QuestionDraft]) -> list[str]:
    if not left_out:
        return []
    by_type = Counter(QUESTION_TYPES[d.type].label for d in left_out)
    detail = "，".join(f"{label} {n}" for label, n in by_type.items())
    return [f"Aiken 格式只能保存单行选项、没有选项分值的单选题：另有 {len(left_out)} 道题没有导出（{detail}）。"
            "请用 Moodle XML 或 GIFT 导出全部题目。"]


def _moodle_notes(drafts: list[QuestionDraft], name: str) -> list[str]:
    notes = []
    all_or_nothing = sum(d.type == "multiple" and d.payload.get("scoring", "all") == "all" and "weights" not in d.payload
                         for d in drafts)
    if all_or_nothing:
        notes.append(f"{all_or_nothing} 道“全对得分”的多选题：Moodle 的多选题不能全对才得分，导出为正确选项平分 100%、"
                     "错误选项 -100%，在 Moodle 中少选按比例得分，错选或全选得 0 分；重新导入本平台仍为全对得分。")
    essays = sum(_moodle_essay(d, name) for d in drafts)
    if essays:
        notes.append(f"{essays} 道题（案例分析题{'、多空填空题' if name == 'gift' else ''}）在 Moodle 中是作文题，由教师评分；"
                     "采分点和答案保存在文件中，重新导入本平台时完整恢复。")
    return notes


def _moodle_essay(d: QuestionDraft, name: str) -> bool:
    """Written as an essay Moodle grades by hand: a case; in GIFT also a fill it cannot hold."""
    if d.type == "case":
        return True
    return name == "gift" and d.type == "fill" and (len(d.payload["blanks"]) > 1 or any("->" in a for a in d.payload["blanks"][0]))
