"""YAML front matter between `---` lines at the top of a Markdown file."""
import yaml

from app.problems import Problem


def split_front_matter(text: str, filename: str) -> tuple[dict, str, int, list[Problem]]:
    """Return (meta, body, line number where the body starts, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1, [Problem(filename, 1, "文件开头缺少 front matter（以 --- 开始的 YAML 块）。")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text, 1, [Problem(filename, 1, "front matter 没有以 --- 结束。")]
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return {}, text, 1, [Problem(filename, line, f"front matter 不是有效的 YAML：{getattr(error, 'problem', error)}")]
    if not isinstance(meta, dict):
        return {}, text, 1, [Problem(filename, 2, "front matter 必须是“键: 值”的形式。")]
    return meta, "\n".join(lines[end + 1:]), end + 2, []
