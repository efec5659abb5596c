"""Answering a practice question end to end: parse, grade, record, schedule in FSRS, render feedback.

Run: .venv/bin/python bench/practice_answer.py [answers]
Prints answers per second on SQLite (one process, the default set-up).
"""
import random
import sys
import time

from _setup import bench_app, percentile, signed_in_client


def main(count: int = 1000) -> None:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Answer, Question, ReviewCard
    from app.models import User
    from app.practice.selection import OBJECTIVE
    from app.practice.served import serve_token

    app = bench_app()
    client = signed_in_client(app)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "bench-trainee@example.com"))
        questions = [(q.id, q.type, q.current.payload) for q in db.session.scalars(
            select(Question).where(Question.type.in_(OBJECTIVE), Question.status == "published", Question.exam_only.is_(False)))]
    rng = random.Random(7)
    timings = []
    for _ in range(count):
        qid, qtype, payload = rng.choice(questions)
        data = {"question_id": qid, "answer": random_answer(rng, qtype, payload),
                "served": serve_token(app.secret_key, user_id, qid, "random", "all")}
        t = time.perf_counter()
        response = client.post("/practice/random/all/answer", data=data)
        timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    with app.app_context():
        answers = db.session.scalar(select(func.count()).select_from(Answer))
        cards = db.session.scalar(select(func.count()).select_from(ReviewCard))
    total = sum(timings) / 1000
    print(f"answers: {count} recorded: {answers}, wrong-answer book cards: {cards}")
    print(f"throughput: {count / total:.0f} answers/s (one process, SQLite)")
    print(f"latency: p50 {percentile(timings, 0.5):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms")


def random_answer(rng, qtype, payload):
    letters = "ABCDEFGH"
    if qtype == "true_false":
        return rng.choice(["true", "false"])
    if qtype == "single":
        return letters[rng.randrange(len(payload["options"]))]
    if qtype == "multiple":
        return rng.sample(letters[:len(payload["options"])], 2)
    return [rng.choice(b) for b in payload["blanks"]]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
