"""The interchange formats: one entry each, so import and export code never branch on a format."""
import importlib
import re
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    module: str
    extension: str
    mimetype: str
    binary: bool = False
    writer: str = ""         # the module that writes the format, when it is not `module`
    partial: bool = False    # a broken question is skipped, the others import (else any problem blocks)

    def _function(self, prefix: str, module: str):
        name = self.module if self.module != "markdown_bank" else "markdown"
        return getattr(importlib.import_module(f"app.transfer.{module}"), f"{prefix}_{name}")

    def parse(self, data, filename: str = ""):
        return self._function("parse", self.module)(data, filename)

    def write(self, drafts):
        return self._function("write", self.writer or self.module)(drafts)


FORMATS = {f.name: f for f in (
    Format("gift", "Moodle GIFT", "gift", ".gift", "text/plain", writer="gift_export"),
    Format("moodle-xml", "Moodle XML", "moodle_xml", ".xml", "application/xml", writer="moodle_xml_export"),
    Format("aiken", "Aiken", "aiken", ".txt", "text/plain", partial=True),
    Format("xlsx", "Excel", "xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", binary=True),
    Format("md", "题库 Markdown", "markdown_bank", ".md", "text/markdown"),
)}
BY_EXTENSION = {".gift": "gift", ".xml": "moodle-xml", ".txt": "aiken", ".xlsx": "xlsx", ".md": "md"}


MAX_LINES = 100_000  # a text file over this is refused before it is parsed (about 5,000 questions in any format)


class UnknownFormat(ValueError):
    """The file cannot be read at all; the message says why (shown on the upload form)."""


XML_START = re.compile(r"^\s*<(\?xml|quiz[\s>])")
MARKDOWN_BLOCK = re.compile(r"^### \S+\s*\n类型\s*[:：]", re.M)
AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*[:：]", re.M)
GIFT_BLOCK = re.compile(r"(^\s*::.+?::|^\s*\$CATEGORY:|\{\s*(=|~|T\b|F\b|TRUE\b|FALSE\b|#|\}))", re.M)


def sniff_format(data: bytes) -> str | None:
    """The format a text file's content shows, whatever its extension (Moodle ships `*.gift.txt`)."""
    head = data[:200_000].decode("utf-8", errors="ignore").removeprefix("\ufeff")
    if XML_START.match(head):
        return "moodle-xml"
    if MARKDOWN_BLOCK.search(head):
        return "md"
    gift, aiken = GIFT_BLOCK.search(head), AIKEN_ANSWER.search(head)
    if gift and not aiken:
        return "gift"
    return "aiken" if aiken and not gift else None


def detect_format(filename: str, requested: str | None = None, data: bytes = b"") -> Format:
    """The format the instructor chose; else, for text files, the one the content shows; else the extension's."""
    suffix = PurePath(filename).suffix.lower()
    name = requested or (sniff_format(data) if data and suffix != ".xlsx" else None) or BY_EXTENSION.get(suffix)
    if name not in FORMATS:
        raise UnknownFormat(f"无法识别文件格式“{filename}”：请选择 {'、'.join(FORMATS)} 之一。")
    return FORMATS[name]


def decode_text(data: bytes) -> str:
    """Text formats are UTF-8 (a BOM is fine) or UTF-16 with its BOM (Windows Notepad's "Unicode").
    Anything else gets a message naming what it probably is, not mojibake; a file over MAX_LINES
    lines is refused before any parser sees it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnknownFormat("文件是 UTF-16 编码，但内容已损坏。请在编辑器中“另存为 UTF-8”后重新导入。") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnknownFormat(f"文件不是 UTF-8 编码（{_likely_encoding(data)}）。请在编辑器中“另存为 UTF-8”后重新导入。") from None
    if text.count("\n") > MAX_LINES:
        raise UnknownFormat(f"文件太大：一次最多导入 {MAX_LINES} 行（约 5000 道题），请拆分后再导入。")
    return text


def _likely_encoding(data: bytes) -> str:
    if b"\x00" in data[:4000]:  # GBK text never holds a NUL byte; UTF-16 has one in every ASCII character
        return "看起来是没有 BOM 的 UTF-16"
    return "可能是 GBK"
