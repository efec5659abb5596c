"""How long a chapter page takes on the server once its Markdown is cached (target: < 10 ms).

Run: .venv/bin/python bench/chapter_render.py [requests]
"""
import sys
import time

from _setup import bench_app, percentile, signed_in_client


def main(requests: int = 300) -> None:
    from app.content.rendering import _render
    from app.extensions import db
    from app.models import Chapter

    app = bench_app()
    client = signed_in_client(app)
    with app.app_context():
        chapters = db.session.query(Chapter.slug, Chapter.body).all()
    start = time.perf_counter()
    for _, body in chapters:
        _render(body)
    uncached = (time.perf_counter() - start) / len(chapters) * 1000
    for slug, _ in chapters:  # warm the cache
        assert client.get(f"/chapters/{slug}").status_code == 200
    timings = []
    for i in range(requests):
        slug = chapters[i % len(chapters)][0]
        t = time.perf_counter()
        response = client.get(f"/chapters/{slug}")
        timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    print(f"chapters: {len(chapters)}, requests: {requests}")
    print(f"markdown render without cache: {uncached:.1f} ms per chapter")
    print(f"chapter page from cache (whole request in the app): mean {sum(timings) / len(timings):.2f} ms, "
          f"p50 {percentile(timings, 0.5):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
