"""The one written form of a key point (采分点), shared by every format that carries them:
`(5分) 要点 —— 关键词：词一、词二`, optionally after a list dash."""
import re

KEY_POINT = re.compile(r"^-?\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*(.+?)(?:\s*——\s*关键词\s*[:：]\s*(.+))?$")
SYNTAX = "“(5分) 要点 —— 关键词：词一、词二”"


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def parse_key_point(line: str) -> dict | None:
    match = KEY_POINT.match(line.strip())
    if not match:
        return None
    keywords = [k.strip() for k in re.split(r"[、,，;；]", match.group(3) or "") if k.strip()]
    return {"text": match.group(2).strip(), "points": _number(match.group(1)), "keywords": keywords}


def format_key_point(point: dict) -> str:
    text = f"({point['points']:g}分) {point['text']}"
    return text + (f" —— 关键词：{'、'.join(point['keywords'])}" if point.get("keywords") else "")
