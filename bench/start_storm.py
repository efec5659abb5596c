"""Exam day at 09:00 sharp: every trainee presses 开始 in the same second (prints its figures; not a test).

  .venv/bin/python bench/start_storm.py --db postgres --trainees 1000
  .venv/bin/python bench/start_storm.py --db sqlite --trainees 200      # make run's single process
  .venv/bin/python bench/start_storm.py --db postgres --trainees 1000 --stock   # papers drawn before 09:00

All trainees sign in and open the exam list first. Then, in the same run and on the same server:
 1. the no-op baseline: every trainee sends one GET /ping at the same moment;
 2. the storm: every trainee presses 开始 at the same moment, as exam_start.js does (JSON, retried
    with jittered backoff on a timeout or 5xx), then loads the paper (br/gzip, as a browser does);
    the clock stops when the whole paper page is in;
 3. saturation: as many autosaves as the server takes for 10 s, then as many no-op requests with the
    same number of client threads; the ratio of the two rates.
It checks that every trainee holds exactly one attempt. Loopback only; every loop is bounded.
"""
import argparse
import http.client
import json
import random
import threading
import time

import brotli
from loadlib import PASSWORD, Client, Server, csrf_in, database_url, prepare, questions_in

BUSY = {429, 502, 503, 504, 599}


class Trainee:
    def __init__(self, port: int, email: str, number: int):
        self.client = Client(port, f"10.{number // 65536}.{number // 256 % 256}.{number % 256 + 1}")
        self.email, self.port = email, port
        self.token, self.page, self.attempt, self.retries, self.exam_id = "", "", None, 0, 0

    def sign_in(self, exam_id: int):
        """Not timed; retried, since password hashing makes a thousand simultaneous logins slow."""
        self.exam_id = exam_id
        for _ in range(5):
            try:
                _, page, _ = self.client.get("/auth/login")
                self.client.form("/auth/login", {"email": self.email, "password": PASSWORD, "csrf_token": csrf_in(page)})
                status, page, _ = self.client.get("/exams/")
                if status == 200 and csrf_in(page):
                    self.token = csrf_in(page)
                    return
            except OSError:
                time.sleep(1)

    def fresh_connection(self):
        """Idle keep-alive connections were closed by the server meanwhile: open one at the press, as a browser would."""
        self.client.connection.close()
        self.client.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def send(self, method, path, body=None, headers=None):
        try:
            return self.client.request(method, path, body, headers)
        except OSError:
            return 599, "", None

    def start_and_load(self) -> tuple[float, int]:
        """Seconds from the press until the whole paper is in; 0 and the status on failure."""
        pressed = time.perf_counter()
        body = f"csrf_token={self.token}"
        for tries in range(1, 9):
            status, text, _ = self.send("POST", f"/exams/{self.exam_id}/start", body,
                                        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
            if status not in BUSY:
                break
            self.retries += 1
            ceiling = min(15.0, 2 ** (tries - 1))
            time.sleep(ceiling / 2 + random.random() * ceiling / 2)
        if status != 200:
            return 0.0, status
        url = json.loads(text)["url"]
        for tries in range(1, 9):
            status, page = self._page(url)
            if status not in BUSY:
                break
            self.retries += 1
            time.sleep(min(4.0, 0.5 * tries) * (0.5 + random.random() / 2))
        if status != 200 or 'id="exam"' not in page:
            return 0.0, status
        self.page, self.attempt = page, int(url.rsplit("/", 1)[1])
        return time.perf_counter() - pressed, 200

    def _page(self, path):
        connection = self.client.connection
        try:
            connection.request("GET", path, headers={"Cookie": self.client.cookie, "Accept-Encoding": "br, gzip",
                                                     "X-Forwarded-For": self.client.address})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.fresh_connection()
            return 599, ""
        if response.getheader("Content-Encoding") == "br":
            data = brotli.decompress(data)
        elif response.getheader("Content-Encoding") == "gzip":
            import gzip
            data = gzip.decompress(data)
        return response.status, data.decode(errors="replace")


def together(trainees, work) -> tuple[list, float]:
    """Run `work(trainee)` in one thread per trainee, all released at once; results and the wall time."""
    barrier = threading.Barrier(len(trainees) + 1)
    results = [None] * len(trainees)

    def run(i, trainee):
        barrier.wait()
        try:
            results[i] = work(trainee)
        except Exception as error:       # counted as an error, never a hung run
            results[i] = (0.0, type(error).__name__)
    threads = [threading.Thread(target=run, args=(i, t), daemon=True) for i, t in enumerate(trainees)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join(timeout=600)
    return results, time.perf_counter() - began


def noop(trainee) -> tuple[float, int]:
    began = time.perf_counter()
    status = trainee.send("GET", "/ping")[0]
    return time.perf_counter() - began, status


def saturate(trainees, work, seconds: float, threads: int) -> int:
    """How many `work` calls `threads` client threads get through in `seconds`, round-robin over trainees."""
    stop, done, lock = time.monotonic() + seconds, [0], threading.Lock()
    queue = list(trainees)

    def loop(i):
        n = i
        while time.monotonic() < stop:
            if work(queue[n % len(queue)]) == 200:
                with lock:
                    done[0] += 1
            n += threads
    workers = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=seconds + 120)
    return done[0]


def autosave(trainee) -> int:
    """One autosave of a random question; each trainee has its own lock so its sequence numbers stay in order."""
    with trainee.lock:
        trainee.seq += 1
        position, _, values = random.choice(trainee.questions)
        payload = json.dumps({"seq": trainee.seq, "position": position, "values": [random.choice(values)] if values else ["对"]})
        return trainee.send("POST", f"/api/attempts/{trainee.attempt}/answers", payload,
                            {"Content-Type": "application/json", "X-CSRFToken": csrf_in(trainee.page)})[0]


def ping(trainee) -> int:
    with trainee.lock:
        return trainee.send("GET", "/ping")[0]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def exactly_one_attempt_each(url, exam_id, count) -> tuple[int, int]:
    """(trainees with exactly one attempt, trainees with more than one), from the database."""
    from collections import Counter

    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from app.models import Attempt

    engine = create_engine(url)
    with Session(engine) as session:
        per_user = Counter(session.scalars(select(Attempt.user_id).where(Attempt.exam_id == exam_id)))
    engine.dispose()
    return sum(1 for n in per_user.values() if n == 1), sum(1 for n in per_user.values() if n > 1)


def draw_stock(url: str, exam_id: int, count: int) -> float:
    """What an operator runs before 09:00 (not timed in the storm); returns the seconds it took."""
    from datetime import datetime

    from app import create_app
    from app.exams.stock import fill_stock
    from app.extensions import db
    from app.models import Exam

    began = time.perf_counter()
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        fill_stock(db.session.get(Exam, exam_id), count, datetime.utcnow())
        db.engine.dispose()
    return time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: 5 on PostgreSQL, 1 on SQLite)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--saturate-threads", type=int, default=32)
    parser.add_argument("--saturate-seconds", type=float, default=10)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--stock", action="store_true", help="draw a paper per trainee beforehand, as `flask exams stock` at 08:30")
    args = parser.parse_args()
    url = database_url(args.db)
    exam_id, emails = prepare(url, args.trainees)
    if args.stock:
        print(f"papers drawn beforehand: {draw_stock(url, exam_id, args.trainees):.1f} s")
    workers = args.workers or (5 if args.db == "postgres" else 1)
    server = Server(url, workers, args.threads, args.redis if args.db == "postgres" else None)
    print(f"{args.trainees} trainees, {args.db}, gunicorn {workers} workers x {args.threads} threads")
    try:
        trainees = [Trainee(server.port, e, i) for i, e in enumerate(emails)]
        for i in range(0, len(trainees), 50):                  # sign in fifty at a time
            together(trainees[i:i + 50], lambda t: t.sign_in(exam_id))
        for t in trainees:
            t.fresh_connection()
        pings, noop_wall = together(trainees, noop)
        for t in trainees:
            t.fresh_connection()
        storm, storm_wall = together(trainees, Trainee.start_and_load)
        report(args, pings, noop_wall, storm, storm_wall, trainees, *exactly_one_attempt_each(url, exam_id, len(trainees)))
        holding = [t for t in trainees if t.attempt]
        for t in holding:
            t.lock, t.seq, t.questions = threading.Lock(), 0, questions_in(t.page)
        saves = saturate(holding, autosave, args.saturate_seconds, args.saturate_threads)
        noops = saturate(holding, ping, args.saturate_seconds, args.saturate_threads)
        print(f"saturation ({args.saturate_threads} client threads, {args.saturate_seconds:g} s each): autosaves "
              f"{saves / args.saturate_seconds:.0f}/s, no-op {noops / args.saturate_seconds:.0f}/s, ratio {saves / max(noops, 1):.2f}")
    finally:
        server.stop()


def report(args, pings, noop_wall, storm, storm_wall, trainees, one_each, duplicates):
    ping_ms = [s * 1000 for s, status in pings if status == 200]
    held = [s for s, status in storm if status == 200]
    errors = [status for _, status in storm if status != 200]
    print(f"no-op: {len(ping_ms)} simultaneous GET /ping answered in {noop_wall:.2f} s "
          f"(p50 {percentile(ping_ms, .5):.0f} ms, p95 {percentile(ping_ms, .95):.0f} ms); errors {len(pings) - len(ping_ms)}")
    print(f"start storm: {len(held)} trainees hold the whole paper; press -> paper p50 {percentile(held, .5):.2f} s, "
          f"p95 {percentile(held, .95):.2f} s, max {max(held, default=0):.2f} s; all done in {storm_wall:.2f} s")
    print(f"errors {len(errors)} {sorted(set(errors))}; client retries {sum(t.retries for t in trainees)}; "
          f"trainees with exactly one attempt {one_each}, with more than one {duplicates}")
    print(f"ratio: storm p95 / no-op time = {percentile(held, .95) / noop_wall:.1f} (target <= 4)")


if __name__ == "__main__":
    main()
