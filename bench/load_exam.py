"""A cohort sits the theory mock at once, on loopback (prints its figures; not a test).

  .venv/bin/python bench/load_exam.py --db postgres --trainees 1000 --speedup 20
  .venv/bin/python bench/load_exam.py --db sqlite --trainees 200 --speedup 20
  .venv/bin/python bench/load_exam.py --db postgres --trainees 300 --fault kill-worker
  .venv/bin/python bench/load_exam.py --db postgres --trainees 300 --fault restart-postgres
  # on a shared machine, restart a private cluster instead of everyone's: BENCH_PG_PORT=55433 BENCH_PGDATA=/path/to/data

Every trainee logs in, all start the paper at the same moment, answer the 90 questions with a think
time of 5-30 s (divided by --speedup), revisit some answers, and submit during the last minute.
Every save is an autosave stamped with its edit time (ms; the bench runs on the server's machine, so
its clock is the server's); a save the server acknowledged must be in the database at the end (that edit
or a newer one): the lost-answer count compares the two.
"""
import argparse
import os
import random
import subprocess
import threading
import time
from collections import defaultdict

from loadlib import PASSWORD, Client, Server, csrf_in, database_url, prepare, questions_in

RETRIABLE = {500, 502, 503, 504}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = defaultdict(int)
        self.retries = 0
        self.acknowledged: dict[tuple[int, int], int] = {}   # (attempt, position) -> last acknowledged edit time

    def record(self, kind, started, status):
        with self.lock:
            self.timings[kind].append((time.perf_counter() - started) * 1000)
            if status >= 400 and status != 409:
                self.errors[f"{kind} {status}"] += 1


def call(stats, kind, fn, *args, tries=40):
    """One request, retried through dropped connections and 5xx answers (a restarting worker or database)."""
    for attempt in range(tries):
        started = time.perf_counter()
        try:
            status, body, location = fn(*args)
        except OSError:
            status, body, location = 599, "", None
        if status not in RETRIABLE and status != 599:
            stats.record(kind, started, status)
            return status, body, location
        with stats.lock:
            stats.retries += 1
        time.sleep(min(0.2 * (attempt + 1), 2))
    stats.record(kind, started, status)
    return status, body, location


def trainee(port, email, exam_id, args, barrier, stats, clock):
    rng = random.Random(email)
    number = int(email[4:].split("@")[0])
    client = Client(port, f"10.{number // 65536}.{number // 256 % 256}.{number % 256 + 1}")
    _, page, _ = call(stats, "login page", client.get, "/auth/login")
    call(stats, "login", client.form, "/auth/login", {"email": email, "password": PASSWORD, "csrf_token": csrf_in(page)})
    _, page, _ = call(stats, "exam list", client.get, "/exams/")
    barrier.wait()
    _, _, location = call(stats, "start", client.form, f"/exams/{exam_id}/start", {"csrf_token": csrf_in(page)})
    if not location or "/attempts/" not in location:
        return                                   # counted as an error by call()
    path = location.replace(f"http://127.0.0.1:{port}", "")
    _, page, _ = call(stats, "attempt page", client.get, path)
    attempt_id, token, edited_at = int(path.rsplit("/", 1)[1]), csrf_in(page), 0
    questions = questions_in(page)
    order = questions + rng.sample(questions, k=len(questions) // 10)       # about one in ten revisited
    for position, qtype, values in order:
        time.sleep(rng.uniform(5, 30) / args.speedup)
        edited_at = max(int(time.time() * 1000), edited_at + 1)
        status, body, _ = call(stats, "autosave", client.json, f"/api/attempts/{attempt_id}/answers",
                               {"edited_at": edited_at, "position": position, "values": [rng.choice(values)] if values else ["对"]}, token)
        if status == 200 and ('"saved"' in body or '"unchanged"' in body):
            with stats.lock:
                stats.acknowledged[(attempt_id, position)] = edited_at
    time.sleep(max(0.0, clock["end"] - time.monotonic() - rng.uniform(0, 60 / args.speedup)))   # the last minute
    call(stats, "submit", client.json, f"/api/attempts/{attempt_id}/submit", {}, token)


def ceiling(port, seconds=5, threads=16):
    """Requests per second of /ping, the no-op endpoint: what this stack allows on this machine."""
    done = [0] * threads
    stop = time.monotonic() + seconds

    def hammer(i):
        client = Client(port)
        while time.monotonic() < stop:
            client.get("/ping")
            done[i] += 1
    workers = [threading.Thread(target=hammer, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done) / seconds


def inject(fault, server, delay, log):
    time.sleep(delay)
    if fault == "kill-worker":
        log.append(f"killed gunicorn worker {server.kill_a_worker()} with SIGKILL at +{delay:.0f} s")
    elif fault == "restart-postgres":
        t = time.monotonic()
        if os.environ.get("BENCH_PGDATA"):     # a private cluster: restarting the shared one would cut everyone else off
            pg_ctl = f"{os.environ.get('BENCH_PGBIN', '/usr/lib/postgresql/15/bin')}/pg_ctl"
            subprocess.run(["su", "postgres", "-c", f"{pg_ctl} -D {os.environ['BENCH_PGDATA']} -m fast -w restart > /dev/null"],
                           check=True)
        else:
            cluster = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout.split()[0]
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        log.append(f"restarted PostgreSQL at +{delay:.0f} s (took {time.monotonic() - t:.1f} s)")


def verify(url, stats, exam_id):
    """Compare every acknowledged save with the database, and check each attempt was closed exactly once."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from app.models import Answer, Attempt, AttemptItem

    engine = create_engine(url)
    with Session(engine) as session:
        saved = {(a, p): s for a, p, s in session.execute(select(AttemptItem.attempt_id, AttemptItem.position, AttemptItem.edited_at))}
        lost = sum(1 for key, stamp in stats.acknowledged.items() if saved.get(key, 0) < stamp)
        attempts = session.scalars(select(Attempt).where(Attempt.exam_id == exam_id)).all()
        per_user = defaultdict(int)
        for a in attempts:
            per_user[a.user_id] += 1
        graded_twice = session.execute(select(func.count()).select_from(
            select(Answer.user_id, Answer.question_id).where(Answer.mode == "exam").group_by(Answer.user_id, Answer.question_id)
            .having(func.count() > 1).subquery())).scalar()
        statuses = defaultdict(int)
        for a in attempts:
            statuses[a.status] += 1
    engine.dispose()
    return lost, sum(n > 1 for n in per_user.values()), graded_twice, dict(statuses)


def report(stats, elapsed, noop, lost, duplicates, graded_twice, statuses, events, server_log):
    from _setup import percentile

    total = sum(len(v) for v in stats.timings.values())
    print(f"\nrequests: {total} in {elapsed:.1f} s = {total / elapsed:.0f} req/s overall; retries {stats.retries}")
    print(f"{'kind':<14}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in stats.timings.items():
        print(f"{kind:<14}{len(values):>8}{percentile(values, .5):>9.1f}{percentile(values, .95):>9.1f}"
              f"{percentile(values, .99):>9.1f}{max(values):>9.1f}")
    saves = len(stats.timings["autosave"])
    print(f"errors: {dict(stats.errors) or 0}")
    print(f"acknowledged answers: {len(stats.acknowledged)}, lost: {lost}; trainees with two attempts: {duplicates}; "
          f"answers graded twice: {graded_twice}; attempts: {statuses}")
    print(f"no-op endpoint ceiling: {noop:.0f} req/s; autosave rate during the run: {saves / elapsed:.0f}/s "
          f"({saves / elapsed / noop:.1%} of the ceiling)")
    print(f"'database is locked' in the server log: {server_log.count('database is locked')}")
    for event in events:
        print("fault:", event)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--speedup", type=float, default=20)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: 5 on PostgreSQL, 1 on SQLite)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--fault", choices=["none", "kill-worker", "restart-postgres"], default="none")
    args = parser.parse_args()
    url = database_url(args.db)
    exam_id, emails = prepare(url, args.trainees)
    workers = args.workers or (5 if args.db == "postgres" else 1)
    server = Server(url, workers, args.threads, args.redis if args.db == "postgres" else None)
    print(f"{args.trainees} trainees, {args.db}, gunicorn {workers} workers x {args.threads} threads, speed-up {args.speedup:g}")
    try:
        noop = ceiling(server.port)
        stats, barrier, events, clock = Stats(), threading.Barrier(args.trainees + 1), [], {}
        answering = 99 * 17.5 / args.speedup + 60 / args.speedup
        threads = [threading.Thread(target=trainee, args=(server.port, e, exam_id, args, barrier, stats, clock), daemon=True)
                   for e in emails]
        for t in threads:
            t.start()
        barrier.wait()
        started = time.monotonic()
        clock["end"] = started + answering * 1.3       # everyone submits in the minute before this
        if args.fault != "none":
            threading.Thread(target=inject, args=(args.fault, server, answering / 2, events), daemon=True).start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        report(stats, elapsed, noop, *verify(url, stats, exam_id), events, server.log_text())
    finally:
        server.stop()


if __name__ == "__main__":
    main()
