"""CPU per request of pressing 开始 and loading the paper, in one process on SQLite (prints; not a test).

  .venv/bin/python bench/exam_page_cpu.py           # warm: the question pools and render caches filled
Process CPU time (not wall time), so other load on the machine changes the figures little.
"""
import time
from datetime import datetime

from _setup import bench_app

from app.auth.services import create_user
from app.content import rendering
from app.exams.defaults import THEORY, ensure_default_exams
from app.extensions import db
from app.models import Exam, Role

PASSWORD = "Bench-Mark-2026"


def one_trainee(app, exam_id: int, number: int, cold: bool) -> tuple[float, float]:
    with app.app_context():
        create_user(f"cpu{number}@example.com", PASSWORD, "压测", Role.TRAINEE)
    client = app.test_client()
    client.post("/auth/login", data={"email": f"cpu{number}@example.com", "password": PASSWORD})
    if cold:
        rendering._cache.clear()      # as in a freshly started worker
    began = time.process_time()
    location = client.post(f"/exams/{exam_id}/start").headers["Location"]
    started = time.process_time()
    page = client.get(location, headers={"Accept-Encoding": "br"})
    assert page.status_code == 200
    return (started - began) * 1000, (time.process_time() - started) * 1000


def main(rounds: int = 20):
    app = bench_app()
    with app.app_context():
        ensure_default_exams(datetime.now())
        exam_id = db.session.query(Exam.id).filter(Exam.title == THEORY["title"]).scalar()
    one_trainee(app, exam_id, 0, False)                       # fills the question pools
    for label, cold in (("cold render cache", True), ("warm", False)):
        runs = [one_trainee(app, exam_id, i + (1000 if cold else 1), cold) for i in range(rounds)]
        starts, pages = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
        print(f"{label:<18} start {starts[rounds // 2]:6.1f} ms CPU, paper page {pages[rounds // 2]:6.1f} ms CPU (medians of {rounds})")


if __name__ == "__main__":
    main()
