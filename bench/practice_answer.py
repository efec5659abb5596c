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
    from app.models import Answer, PracticeSet, Question, ReviewCard

    app = bench_app()
    client = signed_in_client(app)
    rng = random.Random(7)
    timings = []
    queue = []
    for _ in range(count):
        if not queue:   # a set of every question, answered in order; then another
            location = client.post("/practice/random/all/start", data={"size": "all"}).headers["Location"]
            with app.app_context():
                practice_set = db.session.get(PracticeSet, int(location.split("/")[-2]))
                questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(practice_set.question_ids)))}
                queue = [(f"/practice/sets/{practice_set.id}/{n}", questions[qid].type, questions[qid].current.payload)
                         for n, qid in enumerate(practice_set.question_ids, 1)][::-1]
        url, qtype, payload = queue.pop()
        data = {"answer": random_answer(rng, qtype, payload)}
        t = time.perf_counter()
        response = client.post(url, data=data)
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
