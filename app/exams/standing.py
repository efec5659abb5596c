"""A trainee's standing in their cohort on a result: 超过本班 72% 的学员.

The peers are the other trainees of every cohort the trainee belongs to; each counts with their
latest graded result on the same exam (open attempts and papers awaiting grading do not count).
The share is of those peers strictly below this result (a tie is not beaten), rounded down, and
only once MIN_PEERS such results exist: fewer would let a trainee work out a classmate's score.
Nothing here returns a name or another trainee's score."""
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt, Role, User
from app.models.user import CohortMember

MIN_PEERS = 5


def cohort_standing(attempt: Attempt) -> int | None:
    """The percentage of cohort peers this graded attempt beats, or None when there is none to show."""
    if attempt.status != "graded" or attempt.score is None:
        return None
    scores = _latest_peer_scores(attempt)
    if len(scores) < MIN_PEERS:
        return None
    below = sum(1 for score in scores if score < attempt.score)
    return below * 100 // len(scores)


def _latest_peer_scores(attempt: Attempt) -> list[float]:
    cohorts = select(CohortMember.cohort_id).where(CohortMember.user_id == attempt.user_id)
    peers = select(CohortMember.user_id).where(CohortMember.cohort_id.in_(cohorts), CohortMember.user_id != attempt.user_id)
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.score).join(User, User.id == Attempt.user_id)
        .where(Attempt.exam_id == attempt.exam_id, Attempt.status == "graded", Attempt.score.is_not(None),
               Attempt.user_id.in_(peers), User.role == Role.TRAINEE.value)
        .order_by(Attempt.closed_at, Attempt.id))
    latest = {}
    for user_id, score in rows:   # oldest first: each peer's last row is their latest result
        latest[user_id] = score
    return list(latest.values())
