"""Item analysis and the cohort view at scale: 100,000 answers to 500 questions by 1,000 trainees.

Run: .venv/bin/python bench/reports_scale.py
Targets: item analysis for the whole bank under 1 s on SQLite; the cohort view under 200 ms.
"""
import random
import sys
import time
from datetime import datetime, timedelta

from _setup import bench_app, percentile


def populate(app, trainees=1000, questions=500, answers=100_000):
    from sqlalchemy import insert, select

    from app.auth.passwords import hash_password
    from app.extensions import db
    from app.models import Answer, Cohort, CohortMember, Question, Role, User

    rng = random.Random(11)
    now = datetime(2026, 11, 1)
    with app.app_context():
        password = hash_password("Bench-Mark-2026")
        db.session.execute(insert(User), [{"email": f"t{i}@example.com", "name": f"学员{i}", "role": "trainee",
                                           "password_hash": password, "active": True, "session_version": 1} for i in range(trainees)])
        teacher = User(email="teacher@example.com", name="讲师", role=Role.INSTRUCTOR.value, password_hash=password)
        db.session.add(teacher)
        db.session.flush()
        cohort = Cohort(name="千人班", owner_id=teacher.id, invite_code="BENCH001")
        small = Cohort(name="五十人班", owner_id=teacher.id, invite_code="BENCH002")
        db.session.add_all([cohort, small])
        db.session.flush()
        user_ids = list(db.session.scalars(select(User.id).where(User.role == "trainee")))
        db.session.execute(insert(CohortMember), [{"cohort_id": cohort.id, "user_id": u} for u in user_ids]
                           + [{"cohort_id": small.id, "user_id": u} for u in user_ids[:50]])
        bank = [(q.id, q.current_version_id, len(q.current.payload.get("options", [])), q.current.payload.get("answer"))
                for q in db.session.scalars(select(Question).where(Question.type.in_(["single", "true_false", "multiple"]))).all()][:questions]
        ability = {u: rng.uniform(0.3, 0.95) for u in user_ids}
        rows = []
        for i in range(answers):
            user = rng.choice(user_ids)
            qid, vid, options, key = rng.choice(bank)
            right = rng.random() < ability[user]
            response = key if right else wrong_answer(rng, options, key)
            rows.append({"user_id": user, "question_id": qid, "version_id": vid, "mode": "random", "response": response,
                         "score": 1.0 if right else 0.0, "correct": right, "created_at": now + timedelta(seconds=i)})
        for start in range(0, len(rows), 10_000):
            db.session.execute(insert(Answer), rows[start:start + 10_000])
        db.session.commit()
        return cohort.id, small.id, len(bank)


def view_timings(client, url, runs=5):
    timings = []
    for _ in range(runs):
        t = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - t) * 1000)
    return timings


def answer_again(app, trainees):
    """One more answer each from `trainees` random trainees, as if they practised since the last view."""
    from sqlalchemy import func, insert, select

    from app.extensions import db
    from app.models import Answer

    with app.app_context():
        latest = db.session.scalars(select(Answer).order_by(Answer.id.desc()).limit(trainees * 5)).all()
        chosen = {a.user_id: a for a in latest}
        rows = [{"user_id": a.user_id, "question_id": a.question_id, "version_id": a.version_id, "mode": "random",
                 "response": a.response, "score": a.score, "correct": a.correct,
                 "created_at": db.session.scalar(select(func.max(Answer.created_at)))} for a in list(chosen.values())[:trainees]]
        db.session.execute(insert(Answer), rows)
        db.session.commit()
        return len(rows)


def wrong_answer(rng, options, key):
    if isinstance(key, bool):
        return not key
    if isinstance(key, list):
        return [rng.choice([o for o in range(options) if o not in key])]
    return rng.choice([o for o in range(options) if o != key])


def main():
    from app.extensions import db
    from app.reports.items import bank_item_stats

    app = bench_app()
    t = time.perf_counter()
    cohort_id, small_id, questions = populate(app)
    print(f"built 1,000 trainees, {questions} questions, 100,000 answers in {time.perf_counter() - t:.1f} s")
    with app.app_context():
        timings = []
        for _ in range(3):
            db.session.expire_all()
            t = time.perf_counter()
            stats = bank_item_stats()
            timings.append(time.perf_counter() - t)
        flagged = sum(bool(s.flags) for s in stats.values())
    print(f"item analysis, whole bank ({len(stats)} questions): best {min(timings):.3f} s, worst {max(timings):.3f} s "
          f"({flagged} questions flagged)")
    client = app.test_client()
    client.post("/auth/login", data={"email": "teacher@example.com", "password": "Bench-Mark-2026"})
    for label, cid in (("a class of 50 trainees", small_id), ("all 1,000 trainees in one cohort", cohort_id)):
        url = f"/reports/cohorts/{cid}?sort=readiness&order=desc"
        t = time.perf_counter()
        assert client.get(url).status_code == 200
        cold = (time.perf_counter() - t) * 1000
        warm = view_timings(client, url)
        print(f"cohort view, {label} (whole request): first view {cold:.0f} ms (every summary built); then "
              f"p50 {percentile(warm, 0.5):.0f} ms, best {min(warm):.0f} ms, worst {max(warm):.0f} ms")
    touched = answer_again(app, 100)
    timings = []
    for _ in range(5):
        touched = answer_again(app, 100)
        t = time.perf_counter()
        assert client.get(f"/reports/cohorts/{cohort_id}?sort=readiness&order=desc").status_code == 200
        timings.append((time.perf_counter() - t) * 1000)
    print(f"cohort view, 1,000 trainees, {touched} of them answered since the last view: p50 {percentile(timings, 0.5):.0f} ms, "
          f"worst {max(timings):.0f} ms")
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        answer_again(app, 100)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(f"/reports/cohorts/{cohort_id}?sort=readiness&order=desc")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
