"""Every HTML page of every role, as URLs built from the access matrix, over data made in the live app.

The access matrix (tests/test_access.py) lists every route with the status each role gets; a page
here is a GET route that answers 200 for that role. New routes join the walk when they join the matrix.
"""
from datetime import datetime, timedelta

from sqlalchemy import select

from tests.test_access import ANON, RULES, ROLES

SKIP_SUFFIXES = (".svg", ".csv", ".xlsx", ".css", ".js", ".txt", ".json")
SKIP_ENDPOINTS = {"core.healthz", "core.ping", "static", "bootstrap.static"}


def make_people_and_data(app) -> dict:
    """Users of every role, a cohort, an exam with an open and a graded attempt, an import batch: their ids."""
    from app.extensions import db
    from app.models import Attempt, Question, Role
    from tests.factories import (PASSWORD, make_cohort, make_exam_attempt, make_import_batch, make_practice_set,
                                 make_question_report, make_user)
    from tests.test_access import make_roster_batch

    with app.app_context():
        trainee, instructor, admin = (make_user(role=role) for role in (Role.TRAINEE, Role.INSTRUCTOR, Role.ADMIN))
        member = make_user()
        cohort = make_cohort(owner=instructor, members=[trainee, member])
        exam, attempt = make_exam_attempt(owner=instructor, trainee=member)
        _, own = make_exam_attempt(owner=instructor, trainee=trainee)
        _, done = make_exam_attempt(owner=instructor, trainee=trainee)
        closed = datetime(2026, 1, 1, 0, 30)
        db.session.get(Attempt, done.id).__dict__  # loaded for the update below
        done.status, done.closed_at, done.closed_by, done.score, done.passed = "graded", closed, "submit", 1, True
        done.items[0].score = 1
        done.deadline = done.submit_until = closed + timedelta(minutes=1)
        db.session.commit()
        batch = make_import_batch(owner=instructor)
        question = db.session.scalar(select(Question.id).where(Question.uid == "alpha-001"))
        pset, report = make_practice_set(member, question), make_question_report(member, question)
        roster = make_roster_batch(owner=instructor)
        return {"password": PASSWORD, "emails": {Role.TRAINEE: trainee.email, Role.INSTRUCTOR: instructor.email,
                                                 Role.ADMIN: admin.email},
                "ids": dict(cohort=cohort.id, member=member.id, question=question, batch=batch.id, exam=exam.id,
                            attempt=attempt.id, item=attempt.items[0].id, pset=pset.id, report=report.id,
                            roster=roster.id),
                "own_attempt": own.id, "graded_attempt": done.id}


def pages_for(role, data) -> list[str]:
    """The HTML pages `role` may open: GET routes of the matrix that answer it 200, plus its own attempts."""
    index = ROLES.index(role)
    urls = []
    for endpoint, (method, url, expected) in sorted(RULES.items()):
        if method != "GET" or expected[index] != 200 or endpoint in SKIP_ENDPOINTS:
            continue
        url = url.format(**data["ids"])
        if not url.split("?")[0].endswith(SKIP_SUFFIXES):
            urls.append(url)
    if role != ANON and role.value == "trainee":
        urls += [f"/exams/attempts/{data['own_attempt']}", f"/exams/attempts/{data['graded_attempt']}/result"]
    return urls
