"""Reading the first worksheet of an .xlsx as people fill it in, within stated limits.

- A file over MAX_ROWS rows or MAX_CELLS cells is refused while it is streamed, before the rest is read.
- A merged cell is read as its value in every cell of the range (a 题型 merged down a column).
- A formula without a cached result (a file written by a script, never opened in Excel) and a
  date where text was meant (Excel turns "1-2" into 1月2日) are Uncached / date values the
  caller refuses with the cell named.
"""
import re
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from app.problems import Problem

MAX_ROWS = 5000
MAX_CELLS = 200_000
MAX_UNZIPPED = 100 * 1024 * 1024
CORRUPT = "无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式"
MERGE = re.compile(rb'<mergeCell[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


@dataclass(frozen=True)
class Uncached:
    """A formula cell whose result the file does not hold."""
    formula: str


def cell_ref(row_number: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}{row_number}"


class _TooBig(Exception):
    pass


def _stream(sheet) -> list[list]:
    rows, cells = [], 0
    for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True):
        rows.append(list(row))
        cells += len(row)
        if len(rows) > MAX_ROWS + 10 or cells > MAX_CELLS:
            raise _TooBig
    return rows


def _load(data: bytes, values: bool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        book = load_workbook(BytesIO(data), read_only=True, data_only=values)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # some writers record a wrong sheet size
            return _stream(sheet), sheet._worksheet_path
        finally:
            book.close()


def _merge(rows: list[list], archive: zipfile.ZipFile, path: str) -> None:
    for ref in MERGE.findall(archive.read(path.lstrip("/"))):
        low_col, low_row, high_col, high_row = range_boundaries(ref.decode())
        if low_row > len(rows):
            continue
        value = rows[low_row - 1][low_col - 1] if low_col - 1 < len(rows[low_row - 1]) else None
        for r in range(low_row - 1, min(high_row, len(rows))):
            rows[r] += [None] * (high_col - len(rows[r]))
            for c in range(low_col - 1, high_col):
                rows[r][c] = value


def read_sheet(data: bytes, filename: str) -> tuple[list[list] | None, Problem | None]:
    """Every row of the first sheet as a list of values, or a Problem; never raises."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                return None, Problem(filename, 1, "无法读取 Excel 文件：解压后超过 100 MB，请拆分后再导入")
            rows, path = _load(data, values=True)
            formulas, _ = _load(data, values=False)
            _merge(rows, archive, path)
    except _TooBig:
        return None, Problem(filename, 1, f"文件太大：一次最多导入 {MAX_ROWS} 行、{MAX_CELLS} 个单元格，请拆分后再导入。")
    except Exception:  # a broken file fails in many ways (zip, XML, KeyError, ...); all mean the same
        return None, Problem(filename, 1, CORRUPT)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            raw = formulas[r][c] if c < len(formulas[r]) else None
            if value is None and isinstance(raw, str) and raw.startswith("="):
                row[c] = Uncached(raw)
    return rows, None
