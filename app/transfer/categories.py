"""Moodle question categories mapped to our syllabus topics (GIFT `$CATEGORY:` lines and Moodle XML
category pseudo-questions).

A category path such as `$course$/top/第九章 服务质量差距模型` maps to the topic whose key or title
one of its parts names (the deepest part wins). A question that names no topic of its own gets
its category's topic; the preview shows the mapping, so a category that maps to nothing is seen.
"""
import re

from app.content.syllabus import TOPICS

BY_TITLE = {title: key for key, title in TOPICS.items()}


def category_name(path: str) -> str:
    """The path as an instructor reads it: Moodle's `$course$/top/` prefix dropped."""
    parts = [p.strip() for p in re.split(r"(?<!/)/(?!/)", path.strip()) if p.strip()]
    while parts and (parts[0].startswith("$") or parts[0] in ("top", "默认", "Default")):
        parts.pop(0)
    return "/".join(parts) or path.strip()


def category_topic(path: str) -> str | None:
    for part in reversed(re.split(r"(?<!/)/(?!/)", path)):
        part = part.strip()
        if part in TOPICS:
            return part
        found = next((key for title, key in BY_TITLE.items() if title in part), None)
        if found:
            return found
    return None


def apply_category(draft, path: str | None) -> None:
    """Record the draft's category; give it the category's topic when it has none of its own."""
    if not path:
        return
    draft.category = category_name(path)
    topic = category_topic(path)
    if topic and not draft.topics:
        draft.topics = [topic]
