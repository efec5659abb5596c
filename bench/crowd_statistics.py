"""全体正确率 on one question: the grouped query a trainee's answer page runs, over many answers.

Run: .venv/bin/python bench/crowd_statistics.py [answers]
Prints the milliseconds per call on SQLite with the real bank (answers spread over 2,000 trainees).
"""
import random
import sys
import time
from datetime import datetime

from _setup import bench_app, percentile


def main(count: int = 100000) -> None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Answer, Question, User
    from app.practice.crowd import compute, crowd_statistics

    app = bench_app()
    with app.app_context():
        users = [User(email=f"crowd{i}@example.com", name=f"学员{i}", role="trainee", password_hash="x") for i in range(2000)]
        db.session.add_all(users)
        db.session.flush()
        questions = list(db.session.scalars(select(Question).where(Question.type == "single").limit(50)))
        rng = random.Random(3)
        rows = [dict(user_id=rng.choice(users).id, question_id=(q := rng.choice(questions)).id, version_id=q.current_version_id,
                     mode="random", response=(pick := rng.randrange(4)), score=float(pick == q.current.payload["answer"]),
                     correct=pick == q.current.payload["answer"], created_at=datetime(2026, 11, 1)) for _ in range(count)]
        db.session.execute(Answer.__table__.insert(), rows)
        db.session.commit()
        cold, warm = [], []
        for q in questions * 2:
            t = time.perf_counter()
            compute(q, 20)
            cold.append((time.perf_counter() - t) * 1000)
            crowd_statistics(q)
            t = time.perf_counter()
            crowd_statistics(q)
            warm.append((time.perf_counter() - t) * 1000)
    print(f"answers: {count} over {len(questions)} questions ({count // len(questions)} per question), 2000 trainees")
    print(f"computed: p50 {percentile(cold, 0.5):.2f} ms, p95 {percentile(cold, 0.95):.2f} ms")
    print(f"from the one-minute cache: p50 {percentile(warm, 0.5):.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
