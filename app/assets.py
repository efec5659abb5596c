"""Static files on the wire. Every url_for(static) carries a fingerprint of the file (`?v=<12 hex>`);
a request with the current fingerprint is cached for a year, anything else is revalidated. Assets are
compressed (br or gzip) once per process and file version, not per request; pages are compressed by
Flask-Compress."""
import gzip
import hashlib
import os
from threading import Lock

import brotli
from flask import Flask, request
from werkzeug.security import safe_join

YEAR = "public, max-age=31536000, immutable"
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json", "text/plain"}
ENCODERS = {"br": lambda data: brotli.compress(data, quality=11), "gzip": lambda data: gzip.compress(data, 9, mtime=0)}

_digests: dict[tuple[str, int], str] = {}
_encoded: dict[tuple[str, int, str], bytes] = {}
_lock = Lock()


def _is_static(endpoint: str | None) -> bool:
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))


def _path(app: Flask, endpoint: str, filename: str) -> str | None:
    folder = app.static_folder if endpoint == "static" else app.blueprints[endpoint.rsplit(".", 1)[0]].static_folder
    path = safe_join(folder, filename) if folder else None
    return path if path and os.path.isfile(path) else None


def fingerprint(app: Flask, endpoint: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, recomputed when the file changes (development)."""
    path = _path(app, endpoint, filename)
    if path is None:
        return None
    key = (path, os.stat(path).st_mtime_ns)
    digest = _digests.get(key)
    if digest is None:
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        _digests[key] = digest
    return digest


def _encoded_file(path: str, encoding: str) -> bytes:
    key = (path, os.stat(path).st_mtime_ns, encoding)
    data = _encoded.get(key)
    if data is None:
        with open(path, "rb") as handle:
            data = ENCODERS[encoding](handle.read())
        with _lock:
            _encoded[key] = data
    return data


def _encoding_for(accepted) -> str | None:
    return next((name for name in ENCODERS if accepted[name]), None)


def _finish_static(app: Flask, response):
    filename = (request.view_args or {}).get("filename", "")
    path = _path(app, request.endpoint, filename)
    if path is None:
        return response
    if request.args.get("v") == fingerprint(app, request.endpoint, filename):
        response.headers["Cache-Control"] = YEAR
    encoding = _encoding_for(request.accept_encodings)
    if response.status_code == 200 and encoding and response.mimetype in COMPRESSIBLE:
        etag, _ = response.get_etag()
        response.close()                           # the file send_file opened
        response.direct_passthrough = False
        response.set_data(_encoded_file(path, encoding))
        response.headers["Content-Encoding"] = encoding
        if etag:
            response.set_etag(etag, weak=True)     # the same file in another encoding: equivalent, not identical
    response.vary.add("Accept-Encoding")
    return response


def register(app: Flask) -> None:
    """Call after Flask-Compress is set up: this hook then runs first and compressed assets are left alone."""
    @app.url_defaults
    def fingerprint_static_urls(endpoint, values):
        if _is_static(endpoint) and "filename" in values and "v" not in values:
            digest = fingerprint(app, endpoint, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_and_compress_static(response):
        return _finish_static(app, response) if _is_static(request.endpoint) else response
