"""The exam page on the wire: bytes of its first load with every stylesheet and script it loads (prints; not a test).

  .venv/bin/python bench/page_bytes.py        # target: <= 150 KB with br or gzip
"""
import re
from datetime import datetime

from _setup import bench_app, signed_in_client

from app.exams.defaults import THEORY, ensure_default_exams
from app.extensions import db
from app.models import Exam


def first_load(client, path: str, encoding: str | None) -> list[tuple[str, int]]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    page = client.get(path, headers=headers)
    sizes = [(path, len(page.get_data()))]
    plain = client.get(path).get_data(as_text=True)
    for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(/(?:static|bootstrap)/[^"]+)"', plain):
        if 'rel="prefetch"' in url:
            continue
        asset = client.get(url, headers=headers)
        sizes.append((url.split("?")[0], len(asset.get_data())))
        asset.close()
    return sizes


def main():
    app = bench_app()
    with app.app_context():
        ensure_default_exams(datetime.now())
        exam_id = db.session.query(Exam.id).filter(Exam.title == THEORY["title"]).scalar()
    client = signed_in_client(app)
    attempt_path = client.post(f"/exams/{exam_id}/start").headers["Location"]
    for encoding in (None, "gzip", "br"):
        sizes = first_load(client, attempt_path, encoding)
        total = sum(n for _, n in sizes)
        print(f"{encoding or 'identity':<9} total {total / 1024:7.1f} KB  " + ", ".join(f"{p.rsplit('/', 1)[-1]} {n / 1024:.1f}" for p, n in sizes))


if __name__ == "__main__":
    main()
