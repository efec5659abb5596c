"""Autosave: the newest edit of each question wins, whichever tab or device made it.

Every answer the page sends carries `edited_at`: the moment the trainee made that edit, in milliseconds
since the epoch on the SERVER's clock (the page keeps its offset from the server's clock, measured on
every response). An edit time, not a per-item version number: two tabs that were offline both start
from the same version and a version cannot say which edit was typed last; an edit time can, across
tabs, devices, reloads and browser restarts.

The server applies an answer only if its edit time is later than the stored one (`AttemptItem.edited_at`)
and otherwise acknowledges it as `newer_on_server` with the stored answer, which the page loads and
reports. So an answer older than the server's is never applied, however often it is resent. Edit times
after `submit_until` (the deadline, plus the grace period under the grace policy) or more than
FUTURE_TOLERANCE_MS ahead of the server's clock are refused. Each answer gets its own acknowledgement,
naming its question and its edit time; the page drops a queued answer only on one of those.
"""
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.exams.attempts import AttemptClosed, ExamError, close_if_overdue, parse_response, seconds_left
from app.extensions import db
from app.models import Attempt, AttemptItem, Question, QuestionVersion
from app.questions.registry import get_type

FUTURE_TOLERANCE_MS = 5_000
MAX_BATCH = 50
VERSIONS_KEPT = 5_000

# Version id -> (question type, payload), per process: versions are written once (editing adds one), so
# reading an answer needs no join and no JSON decoding of the version on every save.
_contents: dict[int, tuple[str, dict]] = {}


@dataclass(frozen=True)
class Edit:
    position: int
    values: list[str]
    flagged: bool
    edited_at: int


def epoch_ms(moment: datetime) -> int:
    """A naive UTC datetime as milliseconds since the epoch: the unit of every edit time."""
    return int(moment.replace(tzinfo=timezone.utc).timestamp() * 1000)


def attempt_clock(attempt: Attempt, now: datetime) -> dict:
    """What the page's countdown needs: the server's clock and the deadline (ms), and the seconds left."""
    return {"server_now": epoch_ms(now), "deadline": epoch_ms(attempt.deadline),
            "seconds_left": seconds_left(attempt, now)}


def shown_answer(item: AttemptItem) -> dict:
    """The stored answer as the page shows it (shown option order), never the key."""
    qtype = get_type(item.question.type)
    return {"position": item.position, "flagged": item.flagged, "edited_at": item.edited_at,
            "values": qtype.form_values(qtype.to_shown(item.response, item.option_order))}


def _ack(edit: Edit, result: str, **extra) -> dict:
    return {"position": edit.position, "edited_at": edit.edited_at, "result": result, **extra}


def save_answers(attempt: Attempt, edits: list[Edit], now: datetime) -> list[dict]:
    """Apply a batch of edits in one transaction; one acknowledgement per edit, in the order given.
    Raises AttemptClosed when the attempt is (or gets) closed: nothing is applied then."""
    if close_if_overdue(attempt, now):
        raise AttemptClosed("考试时间已到，试卷已自动交卷，这次修改没有保存。")
    items = {i.position: i for i in db.session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id, AttemptItem.position.in_({e.position for e in edits})))}
    contents = _version_contents({i.version_id for i in items.values()})
    acks, apply = {}, []
    for index, edit in sorted(enumerate(edits), key=lambda pair: pair[1].edited_at):
        try:
            response = _checked(attempt, items.get(edit.position), edit, now, contents)
        except ExamError as error:
            acks[index] = _ack(edit, "rejected", error=str(error))
            continue
        apply.append((index, edit, response))
    if apply:
        lock_open_attempt(attempt)
        for index, edit, response in apply:
            acks[index] = _apply(items[edit.position], edit, response, now)
    db.session.commit()
    return [acks[index] for index in range(len(edits))]


def _version_contents(version_ids: set[int]) -> dict[int, tuple[str, dict]]:
    missing = version_ids - _contents.keys()
    if missing:
        if len(_contents) >= VERSIONS_KEPT:
            _contents.clear()
        for version_id, type_name, payload in db.session.execute(
                select(QuestionVersion.id, Question.type, QuestionVersion.payload)
                .join(Question, Question.id == QuestionVersion.question_id).where(QuestionVersion.id.in_(missing))):
            _contents[version_id] = (type_name, payload)
    return _contents


def _checked(attempt: Attempt, item: AttemptItem | None, edit: Edit, now: datetime, contents: dict):
    if item is None:
        raise ExamError("题号不存在。")
    if edit.edited_at > epoch_ms(attempt.submit_until):
        raise ExamError("这次修改发生在考试时间结束之后，没有保存。")
    if edit.edited_at > epoch_ms(now) + FUTURE_TOLERANCE_MS:
        raise ExamError("这次修改的时间晚于服务器时间，没有保存，请刷新页面后重新作答。")
    type_name, payload = contents[item.version_id]
    return parse_response(type_name, payload, item.option_order, edit.values)


def lock_open_attempt(attempt: Attempt) -> None:
    """Count the save on the attempt row, only while it is open: this row lock orders saves against
    close_attempt, so an answer is either stored before grading reads it or refused."""
    moved = db.session.execute(update(Attempt).where(Attempt.id == attempt.id, Attempt.status == "open")
                               .values(seq=Attempt.seq + 1).execution_options(synchronize_session=False)).rowcount
    if not moved:
        db.session.rollback()
        db.session.refresh(attempt)
        raise AttemptClosed("考试已经交卷，这次修改没有保存。")


def _apply(item: AttemptItem, edit: Edit, response, now: datetime) -> dict:
    """Store the edit unless the stored one is at least as new (checked in the UPDATE itself, so two
    tabs racing cannot both win); a replay of the stored edit is 'unchanged'."""
    same = edit.edited_at == item.edited_at and response == item.response and edit.flagged == item.flagged
    if same:
        return _ack(edit, "unchanged")
    moved = db.session.execute(update(AttemptItem).where(AttemptItem.id == item.id, AttemptItem.edited_at < edit.edited_at)
                               .values(response=response, flagged=edit.flagged, edited_at=edit.edited_at, saved_at=now)
                               .execution_options(synchronize_session=False)).rowcount
    if moved:
        for name, value in (("response", response), ("flagged", edit.flagged), ("edited_at", edit.edited_at), ("saved_at", now)):
            set_committed_value(item, name, value)     # stored already: nothing left for the flush to write
        return _ack(edit, "saved")
    db.session.refresh(item)
    return _ack(edit, "newer_on_server", current=shown_answer(item))
