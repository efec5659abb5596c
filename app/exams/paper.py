"""From blueprint to paper. A cell asks for `count` questions of one type, worth `points` each,
from one topic or chapter, or from the whole bank in proportion to the syllabus topics; a cell with
`reserved` draws only from the exam-reserved pool (questions marked 考试专用)."""
import random
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from app.content.syllabus import TOPICS, topic_label
from app.extensions import db
from app.models import Chapter, Question
from app.questions.registry import QUESTION_TYPES


class BlueprintError(ValueError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("；".join(messages))


@dataclass(frozen=True)
class PoolEntry:
    """What drawing needs of a question: no payloads, no ORM objects, cheap to keep."""
    id: int
    current_version_id: int
    uid: str
    type: str
    topics: tuple[str, ...]
    chapter_slug: str | None
    options: int


@dataclass
class Drawn:
    question: PoolEntry
    points: float
    order: list[int] | None


# Pools are derived from the bank and keyed by its stamp, so any edit makes a new key: safe to keep
# per process, and a second instance simply builds its own.
_pools: dict[tuple, list[PoolEntry]] = {}


def chapter_name(slug: str) -> str:
    """How instructors know a chapter: 第1章 title, never its slug."""
    row = db.session.execute(select(Chapter.position, Chapter.title).where(Chapter.slug == slug)).first()
    return f"第{row.position}章 {row.title}" if row else f"章节“{slug}”（不存在）"


def describe(index: int, cell: dict) -> str:
    where = topic_label(cell["topic"]) if cell.get("topic") else (chapter_name(cell["chapter"]) if cell.get("chapter") else "全部主题（按大纲比例）")
    pool = "，仅考试专用题" if cell.get("reserved") else ""
    return (f"第 {index + 1} 行（{QUESTION_TYPES[cell['type']].label}，{where}{pool}，"
            f"难度 {cell.get('difficulty_min', 1)}-{cell.get('difficulty_max', 5)}）")


def validate_cells(cells: list[dict]) -> list[str]:
    problems = []
    for i, cell in enumerate(cells):
        if cell.get("type") not in QUESTION_TYPES:
            problems.append(f"第 {i + 1} 行：题型无效。")
        elif not (isinstance(cell.get("count"), int) and cell["count"] > 0) or not (cell.get("points", 0) > 0):
            problems.append(f"{describe(i, cell)}：题数和每题分值都必须大于 0。")
        elif cell.get("topic") and cell["topic"] not in TOPICS:
            problems.append(f"第 {i + 1} 行：主题无效。")
    if not cells:
        problems.append("试卷至少需要一行题目。")
    return problems


def bank_stamp() -> tuple:
    reserved = func.sum(case((Question.exam_only.is_(True), 1), else_=0))   # a toggle within the same second counts too
    return tuple(db.session.execute(select(func.count(), func.max(Question.updated_at), func.max(Question.current_version_id),
                                           reserved).where(Question.status == "published")).one())


def _pool(cell: dict, stamp: tuple) -> list[PoolEntry]:
    key = (cell["type"], cell.get("topic") or "", cell.get("chapter") or "", cell.get("difficulty_min", 1),
           cell.get("difficulty_max", 5), bool(cell.get("reserved")), stamp)
    if key not in _pools:
        if len(_pools) > 256:
            _pools.clear()
        _pools[key] = _load_pool(cell)
    return _pools[key]


def _load_pool(cell: dict) -> list[PoolEntry]:
    query = select(Question).where(Question.status == "published", Question.type == cell["type"],
                                   Question.difficulty.between(cell.get("difficulty_min", 1), cell.get("difficulty_max", 5)))
    if cell.get("chapter"):
        query = query.where(Question.chapter_slug == cell["chapter"])
    if cell.get("reserved"):   # the exam-reserved pool (考试专用), which trainees never see outside exams
        query = query.where(Question.exam_only.is_(True))
    pool = [PoolEntry(q.id, q.current_version_id, q.uid, q.type, tuple(q.topics or ()), q.chapter_slug,
                      len(q.current.payload.get("options", [])))
            for q in db.session.scalars(query.order_by(Question.id).options(selectinload(Question.current)))]
    return [q for q in pool if cell["topic"] in q.topics] if cell.get("topic") else pool


def _sample(candidates: list[PoolEntry], count: int, rng: random.Random, seen: frozenset[int]) -> list[PoolEntry]:
    """Questions the trainee has not had on an earlier paper first, then the rest."""
    fresh = [q for q in candidates if q.id not in seen]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    picked = fresh + rng.sample([q for q in candidates if q.id in seen], count - len(fresh))
    rng.shuffle(picked)
    return picked


def _proportional(pool: list[PoolEntry], count: int, rng: random.Random, seen: frozenset[int]) -> list[PoolEntry]:
    """Quotas per primary topic in proportion to the bank (largest remainder), then sampled. For a
    trainee's next paper the quotas follow the questions they have not had yet, while enough are left:
    a small topic then gives way instead of repeating its few questions on every paper."""
    groups: dict[str, list[PoolEntry]] = {}
    for q in pool:
        groups.setdefault((q.topics or ("",))[0], []).append(q)
    fresh = {t: sum(q.id not in seen for q in qs) for t, qs in groups.items()}
    basis = fresh if sum(fresh.values()) >= count else {t: len(qs) for t, qs in groups.items()}
    exact = {t: count * n / sum(basis.values()) for t, n in basis.items()}
    quotas = {t: int(v) for t, v in exact.items()}
    for t in sorted(exact, key=lambda t: exact[t] - quotas[t], reverse=True)[:count - sum(quotas.values())]:
        quotas[t] += 1
    chosen = [q for t in sorted(groups) for q in _sample(groups[t], quotas[t], rng, seen)]
    rng.shuffle(chosen)
    return chosen


def draw(blueprint: list[dict], seed: int, shuffle_questions: bool, shuffle_options: bool,
         seen: frozenset[int] = frozenset()) -> list[Drawn]:
    """The same seed (and `seen`: question ids of the trainee's earlier papers, drawn last) gives the
    same paper. Raises BlueprintError naming each cell the bank cannot fill."""
    used: set[int] = set()
    paper, short = [], []
    stamp = bank_stamp()
    for index, cell in enumerate(blueprint):
        rng = random.Random(f"{seed}:{index}")
        pool = [q for q in _pool(cell, stamp) if q.id not in used]
        if len(pool) < cell["count"]:
            short.append(f"{describe(index, cell)}：题库中只有 {len(pool)} 道可用题目，需要 {cell['count']} 道。")
            continue
        if cell.get("topic") or cell.get("chapter"):
            chosen = _sample(pool, cell["count"], rng, seen)
        else:
            chosen = _proportional(pool, cell["count"], rng, seen)
        if not shuffle_questions:
            chosen.sort(key=lambda q: (q.chapter_slug or "", q.uid))
        for q in chosen:
            used.add(q.id)
            shape = {"options": [None] * q.options}       # shuffling needs only how many options there are
            order = QUESTION_TYPES[q.type].shuffled_order(shape, rng) if shuffle_options and q.options else None
            paper.append(Drawn(q, float(cell["points"]), order))
    if short:
        raise BlueprintError(short)
    return paper
