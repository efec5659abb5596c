"""The cohort standing on a result (超过本班 72% 的学员): peers' latest graded results, strictly below, five or more."""
from datetime import timedelta

import pytest

from app.exams.standing import MIN_PEERS, cohort_standing
from app.extensions import db
from app.models import Attempt, Role
from tests.exams.conftest import T0, make_exam
from tests.factories import make_cohort, make_user


def result(exam, user, score, status="graded", minutes=0) -> Attempt:
    closed = T0 + timedelta(minutes=minutes)
    attempt = Attempt(exam_id=exam.id, user_id=user.id, seed=1, started_at=T0, deadline=closed, submit_until=closed,
                      status=status, closed_at=None if status == "open" else closed, score=None if status == "open" else score,
                      max_score=100, passed=None)
    db.session.add(attempt)
    db.session.commit()
    return attempt


@pytest.fixture
def setting(app):
    exam = make_exam(blueprint=[])
    me = make_user()
    peers = [make_user() for _ in range(6)]
    cohort = make_cohort(members=[me, *peers])
    return exam, me, peers, cohort


def test_four_peers_give_no_standing_and_five_do(setting):
    exam, me, peers, _ = setting
    mine = result(exam, me, 70)
    for peer, score in zip(peers[:4], (10, 20, 30, 80)):
        result(exam, peer, score)
    assert MIN_PEERS == 5 and cohort_standing(mine) is None
    result(exam, peers[4], 40)
    assert cohort_standing(mine) == 80          # 4 of 5 strictly below


def test_ties_do_not_count_as_below_and_the_share_is_rounded_down(setting):
    exam, me, peers, _ = setting
    mine = result(exam, me, 60)
    for peer, score in zip(peers, (60, 60, 59.5, 10, 90, 61)):
        result(exam, peer, score)
    assert cohort_standing(mine) == 33          # 2 of 6 below: 33.3 → 33; the two at 60 are not below


def test_only_each_peers_latest_graded_result_counts(setting):
    exam, me, peers, _ = setting
    mine = result(exam, me, 50)
    for peer in peers[:5]:
        result(exam, peer, 90, minutes=1)
        result(exam, peer, 10, minutes=5)       # the latest: below
    result(exam, peers[0], 95, status="grading", minutes=9)   # closed, not graded yet
    result(exam, peers[1], 0, status="open", minutes=9)       # being sat
    assert cohort_standing(mine) == 100


def test_open_attempts_and_my_own_results_are_not_peers(setting):
    exam, me, peers, _ = setting
    mine = result(exam, me, 50)
    result(exam, me, 10, minutes=3)
    for peer in peers[:4]:
        result(exam, peer, 10)
    result(exam, peers[4], 10, status="open")
    assert cohort_standing(mine) is None


def test_other_cohorts_other_exams_and_staff_are_excluded(setting):
    exam, me, peers, _ = setting
    mine = result(exam, me, 50)
    for peer in peers[:4]:
        result(exam, peer, 10)
    stranger = make_user()
    make_cohort(members=[stranger])
    result(exam, stranger, 10)
    result(make_exam(blueprint=[]), peers[4], 10)
    teacher = make_user(role=Role.INSTRUCTOR)
    make_cohort(members=[teacher, me])
    result(exam, teacher, 10)
    assert cohort_standing(mine) is None


def test_no_cohort_or_no_grade_means_no_standing(setting):
    exam, me, peers, _ = setting
    loner = make_user()
    for peer in peers:
        result(exam, peer, 10)
    assert cohort_standing(result(exam, loner, 90)) is None
    assert cohort_standing(result(exam, me, None, status="grading", minutes=2)) is None
    assert cohort_standing(result(exam, me, 90, minutes=3)) == 100
