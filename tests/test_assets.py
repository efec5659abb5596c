"""The page on the wire: pages and assets compressed (br, gzip), fingerprinted assets cached for a year."""
import gzip
import re

import brotli
import pytest

from app.models import Role
from tests.exams.conftest import clock, exam, started  # noqa: F401  (fixtures)

BUDGET = 150 * 1024


def fetch(client, url, encoding=None):
    """status, headers and body of a GET, the response closed (send_file holds the file open until then)."""
    response = client.get(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        return response.status_code, response.headers, response.get_data()
    finally:
        response.close()


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/(?:static|bootstrap)/[^"]+)"', html)


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_are_compressed(client, encoding, decode):
    plain = client.get("/auth/login").get_data()
    response = client.get("/auth/login", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding and "Accept-Encoding" in response.headers["Vary"]
    page = decode(response.get_data())      # the CSRF token differs between the two requests, nothing else
    assert re.sub(rb'value="[^"]+"', b"", page) == re.sub(rb'value="[^"]+"', b"", plain)
    assert len(response.get_data()) < len(plain) / 2


def test_asset_urls_carry_a_fingerprint_and_are_cached_for_a_year(client):
    urls = asset_urls(client.get("/auth/login").get_data(as_text=True))
    assert any("bootstrap.min.css" in u for u in urls) and any("app.css" in u for u in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        status, headers, _ = fetch(client, url, "br, gzip")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable", url


def test_assets_are_compressed_once_and_decode_to_the_file(client):
    url = next(u for u in asset_urls(client.get("/auth/login").get_data(as_text=True)) if "bootstrap.min.css" in u)
    plain = fetch(client, url)[2]
    for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        _, headers, body = fetch(client, url, encoding)
        assert headers["Content-Encoding"] == encoding and decode(body) == plain


@pytest.mark.parametrize("query", ["", "?v=000000000000", "?v=../../etc"])
def test_an_asset_without_its_current_fingerprint_is_revalidated(client, query):
    """An old or forged fingerprint must not pin stale content in a browser for a year."""
    status, headers, _ = fetch(client, "/static/css/app.css" + query)
    assert status == 200 and "max-age=31536000" not in headers.get("Cache-Control", "")


def test_missing_asset_is_404_not_500(client):
    assert fetch(client, "/static/css/none.css?v=abc")[0] == 404
    assert fetch(client, "/static/../config.py")[0] == 404


def test_exam_page_first_load_fits_the_budget(client, started):
    """The attempt page with every stylesheet and script it loads, as a browser on first visit receives them."""
    _, attempt_id = started
    page = client.get(f"/exams/attempts/{attempt_id}", headers={"Accept-Encoding": "br, gzip"})
    html = brotli.decompress(page.get_data()).decode()
    total = len(page.get_data()) + sum(len(fetch(client, u, "br, gzip")[2]) for u in asset_urls(html))
    assert total <= BUDGET, total


def test_scripts_only_on_pages_that_use_them(client, login_as, exam, clock):
    login_as(Role.TRAINEE)
    exams = client.get("/exams/").get_data(as_text=True)
    assert "exam_start.js" in exams and "js/exam.js" not in re.sub(r'<link rel="prefetch"[^>]*>', "", exams)
    chapters = client.get("/chapters/").get_data(as_text=True)
    assert "exam_start.js" not in chapters and "exam.js" not in chapters
