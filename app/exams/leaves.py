"""What the exam page reports besides answers: absences from the page (切屏) and time per question.

Both travel with the autosave batch (`POST /api/attempts/<id>/answers`, keys `leaves` and `times`) and
are queued in the browser like answers, so an absence during a dropped connection arrives later.
The server is the authority:

- A leave is `{"id", "at"}`: the page's random id for that absence (a resend counts once) and when it
  began, in server-clock milliseconds. `at` is kept within the attempt (not before the start, not after
  the server's now); one arriving after the time to submit is ignored. Absences beginning within
  MERGE of one already stored are the same absence seen by two tabs or windows, and count once.
  Only exams with `track_leaves` count leaves; the leave that reaches `leave_limit` closes the attempt
  through the normal submit path (`close_attempt(..., "leaves")`).
- Times are `{"<position>": seconds}`: the total this browser measured for each question. Totals, not
  increments, so a resend adds nothing; the server keeps the larger value. A malicious page cannot push
  more than the wall-clock time since the attempt started: the sum over the paper is capped by it, and
  junk (negative, not a whole number, absurd) is ignored.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.exams.attempts import AttemptClosed, close_attempt
from app.exams.autosave import lock_open_attempt
from app.extensions import db
from app.models import Attempt, AttemptItem, AttemptLeave

MERGE = timedelta(seconds=1)
MAX_LEAVES = 20            # per request; a page queues one per absence
MAX_SECONDS = 10**6        # a total beyond this is junk, not a measurement
KEY = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
OFF_MESSAGE = "这场考试不记录离开考试页面。"


@dataclass(frozen=True)
class Leave:
    key: str
    at_ms: int


def read_leaves(raw) -> list[Leave]:
    """The `leaves` list of a save; ValueError for anything malformed (the whole request is refused)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_LEAVES:
        raise ValueError
    leaves = [Leave(key=str(entry["id"]), at_ms=int(entry["at"])) for entry in raw]
    if any(not KEY.match(leave.key) or not 0 <= leave.at_ms < 2**53 for leave in leaves):
        raise ValueError
    return leaves


def read_times(raw) -> dict[int, int]:
    """The `times` map of a save. Junk values are dropped rather than refused: time is a nicety, answers are not."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > 10_000:
        raise ValueError
    times = {}
    for position, seconds in raw.items():
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 < seconds <= MAX_SECONDS:
            continue
        if str(position).isdigit() and int(position) < 10_000:
            times[int(position)] = seconds
    return times


def leave_times(attempt_id: int) -> list[datetime]:
    return list(db.session.scalars(select(AttemptLeave.left_at).where(AttemptLeave.attempt_id == attempt_id)
                                   .order_by(AttemptLeave.left_at)))


def leave_times_by_attempt(attempt_ids: list[int]) -> dict[int, list[datetime]]:
    """For a results table: each attempt's leaves (UTC), oldest first, in one query."""
    found: dict[int, list[datetime]] = {}
    if attempt_ids:
        for attempt_id, left_at in db.session.execute(select(AttemptLeave.attempt_id, AttemptLeave.left_at)
                                                      .where(AttemptLeave.attempt_id.in_(attempt_ids)).order_by(AttemptLeave.left_at)):
            found.setdefault(attempt_id, []).append(left_at)
    return found


def summary(attempt: Attempt) -> dict:
    """What the page shows in its bar: whether leaves count, how many, and the limit (0: none)."""
    count = db.session.scalar(select(func.count()).where(AttemptLeave.attempt_id == attempt.id)) if attempt.exam.track_leaves else 0
    return {"tracked": attempt.exam.track_leaves, "leaves": count, "limit": attempt.exam.leave_limit if attempt.exam.track_leaves else 0}


def record_activity(attempt: Attempt, leaves: list[Leave], times: dict[int, int], now: datetime) -> dict:
    """Store reported times and leaves of an open attempt; close it when the leaves reach the limit.
    Returns summary() plus `message` when leaves were sent to an exam that does not count them.
    Raises AttemptClosed when the attempt was closed (nothing stored) or these leaves closed it."""
    lock_open_attempt(attempt)     # orders this against a submit and against another tab's report
    if times:
        _store_times(attempt, times, now)
    counted = any([_store_leave(attempt, leave, now) for leave in leaves]) if attempt.exam.track_leaves else False
    db.session.commit()
    result = summary(attempt)
    if leaves and not attempt.exam.track_leaves:
        result["message"] = OFF_MESSAGE
    limit = attempt.exam.leave_limit
    if counted and limit and result["leaves"] >= limit:
        close_attempt(attempt, now, "leaves")
        raise AttemptClosed(f"已离开考试页面 {result['leaves']} 次，达到本场考试的上限（{limit} 次），试卷已自动交卷。")
    return result


def _store_leave(attempt: Attempt, leave: Leave, now: datetime) -> bool:
    """True if this is a new absence (not a resend, not another tab's view of a stored one)."""
    left_at = min(max(_from_ms(leave.at_ms), attempt.started_at), now)
    if left_at > attempt.submit_until:
        return False
    same_key = select(AttemptLeave.id).where(AttemptLeave.attempt_id == attempt.id, AttemptLeave.key == leave.key)
    near = select(AttemptLeave.id).where(AttemptLeave.attempt_id == attempt.id,
                                         AttemptLeave.left_at.between(left_at - MERGE, left_at + MERGE))
    if db.session.scalar(same_key) is not None or db.session.scalar(near) is not None:
        return False
    db.session.add(AttemptLeave(attempt_id=attempt.id, key=leave.key, left_at=left_at, recorded_at=now))
    db.session.flush()
    return True


def _store_times(attempt: Attempt, times: dict[int, int], now: datetime) -> None:
    """Raise each item's total to the reported one, within what the clock allows for the whole paper."""
    items = {i.position: i for i in db.session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id))}
    elapsed = int((min(now, attempt.submit_until) - attempt.started_at).total_seconds()) + 1
    budget = max(0, elapsed - sum(i.seconds_spent for i in items.values()))
    for position, seconds in sorted(times.items()):
        item = items.get(position)
        if item is None or seconds <= item.seconds_spent or budget <= 0:
            continue
        target = item.seconds_spent + min(seconds - item.seconds_spent, budget)
        moved = db.session.execute(update(AttemptItem).where(AttemptItem.id == item.id, AttemptItem.seconds_spent < target)
                                   .values(seconds_spent=target).execution_options(synchronize_session=False)).rowcount
        if moved:
            budget -= target - item.seconds_spent
            set_committed_value(item, "seconds_spent", target)


def duration(seconds: int | None) -> str:
    """Time on a question as an instructor reads it: 1 分 20 秒; a dash when nothing was measured."""
    if not seconds:
        return "—"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} 分 {rest} 秒" if minutes else f"{rest} 秒"


def _from_ms(ms: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(milliseconds=ms)
