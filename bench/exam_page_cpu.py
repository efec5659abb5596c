"""CPU per request of pressing 开始 and loading the paper, in one process on SQLite (prints; not a test).

  .venv/bin/python bench/exam_page_cpu.py           # cold, warm (pools and caches filled), and on papers drawn beforehand
Process CPU time (not wall time), so other load on the machine changes the figures little.
"""
import time
from datetime import datetime

from _setup import bench_app

from app.auth.services import create_user
from app.content import rendering
from app.exams.defaults import THEORY, ensure_default_exams
from app.exams import page as page_blocks
from app.exams.stock import fill_stock
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
        page_blocks._blocks.clear()
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
    for label, cold in (("cold render cache", True), ("warm", False), ("stored papers", False)):
        if label == "warm":                                   # a worker some papers into the storm: blocks cached
            for i in range(10):
                one_trainee(app, exam_id, 3000 + i, False)
        if label == "stored papers":                          # drawn beforehand, as `flask exams stock` does
            with app.app_context():
                fill_stock(db.session.get(Exam, exam_id), rounds, datetime.utcnow())
        runs = [one_trainee(app, exam_id, i + {"cold render cache": 1000, "warm": 1, "stored papers": 2000}[label], cold)
                for i in range(rounds)]
        starts, pages = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
        print(f"{label:<18} start {starts[rounds // 2]:6.1f} ms CPU, paper page {pages[rounds // 2]:6.1f} ms CPU (medians of {rounds})")


if __name__ == "__main__":
    main()
