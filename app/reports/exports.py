"""Excel and CSV downloads with Chinese headers. CSV is UTF-8 with a BOM so Excel opens it, and
every cell that Excel could take for a formula is defused."""
import csv
import io
import re
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_FORBIDDEN = re.compile(r"[/:\[\]*?\\\x00-\x1f]")       # Excel refuses these in a sheet name
FILE_FORBIDDEN = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')     # no file system or header takes these


def sheet_title(name: str) -> str:
    """A name Excel accepts for a worksheet: no / : [ ] * ? \\, at most 31 characters, no quote at either end."""
    title = SHEET_FORBIDDEN.sub("_", name)[:31].strip("'").strip()
    return title or "导出"


def content_disposition(name: str, extension: str) -> str:
    """An attachment header: an ASCII fallback, and the real (Chinese) name per RFC 5987 with nothing a path could use."""
    stem = FILE_FORBIDDEN.sub("_", name).strip(" .") or "export"
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_") or "export"
    return f"attachment; filename=\"{ascii_stem}.{extension}\"; filename*=UTF-8''{quote(f'{stem}.{extension}', safe='')}"


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def excel_cell(value):
    """A cell openpyxl writes: without the control characters it refuses (a vertical tab pasted from Word), defused."""
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value)


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(headers: list[str], rows: list[list], title: str, extra_sheets: tuple[tuple[str, list[list]], ...] = ()) -> bytes:
    """The table on the first sheet; each extra (title, rows) on a sheet of its own."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(title)
    sheet.append(headers)
    for row in rows:
        sheet.append([excel_cell(v) for v in row])
    for extra_title, extra_rows in extra_sheets:
        extra = book.create_sheet(sheet_title(extra_title))
        for row in extra_rows:
            extra.append([excel_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
