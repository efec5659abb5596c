"""Spreadsheet downloads for the admin pages (the cells are defused by app.reports.exports)."""
from urllib.parse import quote

from flask import Response, abort

from app.reports.exports import to_csv, to_xlsx

MIME = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def spreadsheet(fmt: str, headers: list[str], rows: list[list], name: str) -> Response:
    """An attachment in `fmt` (csv or xlsx); any other extension is a 404."""
    if fmt not in MIME:
        abort(404)
    body = to_csv(headers, rows) if fmt == "csv" else to_xlsx(headers, rows, name)
    return attachment(body, f"{name}.{fmt}")


def attachment(body: bytes, filename: str) -> Response:
    """A download that no cache keeps (slips and logs hold what should not linger)."""
    response = Response(body, mimetype=MIME[filename.rsplit(".", 1)[-1]])
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response.headers["Cache-Control"] = "no-store"
    return response
