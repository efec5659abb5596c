"""Per-trainee summaries: practice totals, 90-day accuracy per (type, chapter) and the readiness
forecast, kept in one `trainee_summaries` row per trainee so that a cohort of a thousand is read,
not recomputed, on every view.

A stored row is fresh while (1) the trainee's newest answer is the one it was computed at, (2) no
answer it counted has left the 90-day window, and (3) it was computed no later than `now`. A stale
row is rebuilt from the answers, for the stale trainees only, in grouped queries. The forecast is
also stamped with its basis (the theory blueprint, pass mark and the bank's shares): when that
changes, forecasts are recomputed from the stored cells without touching the answers.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from app.extensions import db
from app.models import Answer, Question, TraineeSummary
from app.progress.readiness import WINDOW, Basis, Readiness, current_basis, forecast

CHUNK = 500          # trainees per recomputing query: keeps IN lists small on any database
TABLE = TraineeSummary.__table__


@dataclass
class Summary:
    practised: int
    practice_right: int
    last_practice: datetime | None
    readiness: Readiness

    @property
    def accuracy(self) -> float | None:
        return self.practice_right / self.practised if self.practised else None


def summaries_for(user_ids: list[int], now: datetime, members=None) -> dict[int, Summary]:
    """Summaries for these trainees, rebuilding only stale rows. `members`, a subquery selecting the
    same ids (a cohort's), keeps a large IN list out of the reading queries."""
    return refresh(user_ids, now, members)[0]


def refresh_all(now: datetime, batch: int = 1000) -> int:
    """Rebuilds every stale summary ahead of the views (`flask progress refresh`, e.g. nightly, when
    a day's answers leave the 90-day window); returns how many were rebuilt."""
    ids = list(db.session.scalars(select(Answer.user_id).distinct().order_by(Answer.user_id)))
    return sum(refresh(ids[start:start + batch], now)[1] for start in range(0, len(ids), batch))


def refresh(user_ids: list[int], now: datetime, members=None) -> tuple[dict[int, Summary], int]:
    """(summaries, how many rows were rebuilt from the answers)."""
    if not user_ids:
        return {}, 0
    scope = members if members is not None else user_ids
    basis = current_basis()
    stamps = dict(db.session.execute(select(Answer.user_id, func.max(Answer.id)).where(Answer.user_id.in_(scope))
                                     .group_by(Answer.user_id)).all())
    stored = {row.user_id: row for row in db.session.execute(
        select(*[c for c in TABLE.c if c.key != "cells"]).where(TABLE.c.user_id.in_(scope))).all()}
    stale = [uid for uid, stamp in stamps.items() if not _fresh(stored.get(uid), stamp, now)]
    rebuilt = _rebuild(stale, stamps, now, basis)
    reforecast = _reforecast([uid for uid, row in stored.items() if uid in stamps and uid not in rebuilt
                              and row.basis != basis.key], basis)
    _save(list(rebuilt.values()), [dict(row) for row in reforecast.values()])
    result = {}
    for uid in user_ids:
        row = rebuilt.get(uid) or (stored.get(uid) if uid in stamps else None)
        result[uid] = _summary(row, reforecast.get(uid), basis)
    return result, len(rebuilt)


def _fresh(row, stamp: int, now: datetime) -> bool:
    return (row is not None and row.last_answer_id == stamp and row.computed_at <= now
            and (row.valid_until is None or now <= row.valid_until))


def _rebuild(user_ids: list[int], stamps: dict[int, int], now: datetime, basis: Basis) -> dict[int, dict]:
    rows = {}
    for start in range(0, len(user_ids), CHUNK):
        chunk = user_ids[start:start + CHUNK]
        cells, oldest = _window_cells(chunk, now)
        totals = _practice_totals(chunk)
        for uid in chunk:
            practised, right, last = totals.get(uid, (0, 0, None))
            user_cells = cells.get(uid, {})
            readiness = forecast(user_cells, basis)
            rows[uid] = dict(user_id=uid, last_answer_id=stamps[uid], computed_at=now,
                             valid_until=oldest[uid] + WINDOW if uid in oldest else None,
                             practised=practised, practice_right=right, last_practice=last,
                             cells=[[t, c, n, r] for (t, c), (n, r) in user_cells.items()],
                             **_forecast_columns(readiness, basis))
    return rows


def _window_cells(user_ids: list[int], now: datetime):
    """user -> (type, chapter) -> (answers, right) over the window, and user -> oldest answer counted."""
    statement = (select(Answer.user_id, Question.type, Question.chapter_slug, func.count(),
                        func.sum(cast(Answer.correct, Integer)), func.min(Answer.created_at))
                 .join(Question, Question.id == Answer.question_id)
                 .where(Answer.user_id.in_(user_ids), Answer.created_at >= now - WINDOW)
                 .group_by(Answer.user_id, Question.type, Question.chapter_slug))
    cells: dict[int, dict] = {}
    oldest: dict[int, datetime] = {}
    for uid, qtype, chapter, n, right, first in db.session.connection().execute(statement):
        cells.setdefault(uid, {})[(qtype, chapter)] = (n, int(right or 0))
        oldest[uid] = min(first, oldest.get(uid, first))
    return cells, oldest


def _practice_totals(user_ids: list[int]) -> dict[int, tuple[int, int, datetime | None]]:
    statement = (select(Answer.user_id, func.count(), func.sum(cast(Answer.correct, Integer)), func.max(Answer.created_at))
                 .where(Answer.user_id.in_(user_ids), Answer.mode != "exam").group_by(Answer.user_id))
    return {uid: (n, int(right or 0), last) for uid, n, right, last in db.session.connection().execute(statement)}


def _reforecast(user_ids: list[int], basis: Basis) -> dict[int, dict]:
    """New forecasts from stored cells, for rows whose basis is out of date."""
    rows = {}
    for start in range(0, len(user_ids), CHUNK):
        chunk = user_ids[start:start + CHUNK]
        for uid, cells in db.session.execute(select(TABLE.c.user_id, TABLE.c.cells).where(TABLE.c.user_id.in_(chunk))):
            readiness = forecast({(t, c): (n, r) for t, c, n, r in cells}, basis)
            rows[uid] = dict(user_id=uid, **_forecast_columns(readiness, basis))
    return rows


def _forecast_columns(readiness: Readiness, basis: Basis) -> dict:
    return dict(basis=basis.key, probability=readiness.probability, expected=readiness.expected,
                answers=readiness.answers, chapters=readiness.chapters)


def _summary(row, forecast_columns: dict | None, basis: Basis) -> Summary:
    if row is None:
        return Summary(0, 0, None, Readiness(None, None, 0, 0, basis.pass_mark))
    get = row.get if isinstance(row, dict) else row._mapping.get
    columns = forecast_columns or {key: get(key) for key in ("probability", "expected", "answers", "chapters")}
    readiness = Readiness(columns["probability"], columns["expected"], columns["answers"], columns["chapters"], basis.pass_mark)
    return Summary(get("practised"), get("practice_right"), get("last_practice"), readiness)


def _save(rebuilt: list[dict], reforecast: list[dict]) -> None:
    """Stores rebuilt rows (an upsert on user_id) and new forecasts. The cache is best effort: a write
    that loses a race or meets a busy database is dropped, and a later view recomputes."""
    if not rebuilt and not reforecast:
        return
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False   # the caller's loaded objects stay usable
    try:
        if rebuilt:
            insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(TABLE)
            session.execute(insert.on_conflict_do_update(
                index_elements=[TABLE.c.user_id], set_={c.key: insert.excluded[c.key] for c in TABLE.c if c.key != "user_id"}), rebuilt)
        if reforecast:
            session.execute(TABLE.update().where(TABLE.c.user_id == bindparam("uid")),
                            [{"uid": row.pop("user_id"), **row} for row in reforecast])
        session.commit()
    except (IntegrityError, OperationalError):
        session.rollback()
    finally:
        session.expire_on_commit = keep
