"""Every sentence of the study material is in our own words: no prose copied from the seeds.

The seeds (../shared/seeds/, or $SEEDS_DIR) are the source facts. A run of 25 or more Chinese
characters that a chapter, case or question file shares with them is a copied sentence, unless
the run is a list of names (the five SERVQUAL dimensions, Feld's six loyalty types), which may
stay. Punctuation, spaces and Markdown are ignored when comparing, so re-punctuating a copied
sentence does not hide it.
"""
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("SEEDS_DIR") or ROOT.parent / "shared" / "seeds")
RUN = 25
HAN = re.compile(r"[\u3400-\u9fff]")
# Between two names of a list: enumeration marks, line breaks, option letters, circled numbers.
LIST_SEPARATORS = re.compile(r"(?:[、，,；;：:|/→\s（）()“”\"①-⑩]|(?<![\w])[A-H1-9][.．])+")
NAME = 10


def han_only(text: str) -> tuple[str, list[int]]:
    """The Chinese characters of `text`, and where each one sits in `text`."""
    positions = [i for i, ch in enumerate(text) if HAN.match(ch)]
    return "".join(text[i] for i in positions), positions


def shared_runs(text: str, seed_grams: set[str], run: int = RUN) -> list[str]:
    """The passages of `text` (as written there) that share `run`+ Chinese characters with a seed."""
    han, positions = han_only(text)
    hits = [i for i in range(len(han) - run + 1) if han[i:i + run] in seed_grams]
    passages, start, end = [], None, None
    for i in hits:
        if start is not None and i <= end:
            end = i + run
            continue
        if start is not None:
            passages.append(text[positions[start]:positions[end - 1] + 1])
        start, end = i, i + run
    if start is not None:
        passages.append(text[positions[start]:positions[end - 1] + 1])
    return passages


def is_list_of_names(passage: str) -> bool:
    """Names separated by 、 or line breaks (each at most 10 characters) may be repeated; prose may not."""
    names = [p for p in LIST_SEPARATORS.split(passage.replace("*", "")) if p.strip()]
    return len(names) >= 3 and all(len(han_only(n)[0]) <= NAME and "。" not in n for n in names)


def seed_grams(run: int = RUN) -> set[str]:
    grams = set()
    for path in sorted(SEEDS.glob("*.txt")):
        han, _ = han_only(path.read_text(encoding="utf-8"))
        grams.update(han[i:i + run] for i in range(len(han) - run + 1))
    return grams


def material_files() -> list[Path]:
    folders = [ROOT / "content" / "chapters", ROOT / "content" / "questions", ROOT / "cases"]
    return [p for folder in folders for p in sorted(folder.glob("*.md")) if p.name.lower() != "readme.md"]


def test_finder_catches_a_repunctuated_copy_and_spares_a_list():
    seed = "顾客感知服务质量是顾客对服务期望与实际服务绩效之间的比较结果，由技术质量和功能质量组成"
    grams = {han_only(seed)[0][i:i + RUN] for i in range(len(han_only(seed)[0]) - RUN + 1)}
    copied = "正文：顾客感知服务质量是顾客对服务期望、与实际服务绩效之间的比较结果。"
    assert shared_runs(copied, grams) and not is_list_of_names(shared_runs(copied, grams)[0])
    assert shared_runs("顾客感知的服务质量，是把期望和实际绩效放在一起比较得出的。", grams) == []
    assert is_list_of_names("兴奋忠诚、价格忠诚、刺激性忠诚、垄断性忠诚、习惯性忠诚、服务基础上的忠诚")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed folder {SEEDS} is not on this machine")
def test_no_prose_copied_from_the_seeds():
    grams = seed_grams()
    copied = [f"{path.relative_to(ROOT)}: {passage}" for path in material_files()
              for passage in shared_runs(path.read_text(encoding="utf-8"), grams) if not is_list_of_names(passage)]
    assert not copied, f"{len(copied)} passages repeat a seed sentence:\n" + "\n".join(copied)
