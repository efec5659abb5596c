"""Classical item statistics, pure functions on plain numbers (checked by hand in the tests).

A response is (score, total): the item's score as a fraction 0..1, and the respondent's total
(their exam score, or in practice their overall accuracy), which ranks them by ability.
"""
import math
from dataclasses import dataclass, field

GROUP_SHARE = 0.27          # Kelley's upper and lower groups
LOW_DISCRIMINATION = 0.1    # below this (or negative) an item does not separate strong from weak
MIN_RESPONSES_FOR_FLAGS = 10


@dataclass
class ItemStats:
    responses: int
    facility: float | None = None
    discrimination: float | None = None
    point_biserial: float | None = None
    option_counts: list[int] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    omitted: int = 0            # exam items left unanswered: counted apart, not as wrong answers


def facility(scores: list[float]) -> float | None:
    """The mean score on the item: 1.0 everyone right, 0.0 nobody."""
    return sum(scores) / len(scores) if scores else None


def discrimination(responses: list[tuple[float, float]]) -> float | None:
    """Mean item score of the top 27% by total minus that of the bottom 27%."""
    n = round(len(responses) * GROUP_SHARE)
    if n < 1 or len(responses) < 2:
        return None
    ranked = sorted(responses, key=lambda r: r[1])
    lower, upper = ranked[:n], ranked[-n:]
    return sum(s for s, _ in upper) / n - sum(s for s, _ in lower) / n


def point_biserial(responses: list[tuple[float, float]]) -> float | None:
    """Correlation of being right (score 1) with the total: (M1 - M0) / s * sqrt(p q)."""
    totals = [t for _, t in responses]
    right = [t for s, t in responses if s >= 1]
    wrong = [t for s, t in responses if s < 1]
    if not right or not wrong:
        return None
    mean = sum(totals) / len(totals)
    sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / len(totals))
    if sd == 0:
        return None
    p = len(right) / len(totals)
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def option_counts(picks: list[list[int]], options: int) -> list[int]:
    counts = [0] * options
    for chosen in picks:
        for index in chosen:
            if 0 <= index < options:
                counts[index] += 1
    return counts


def analyse(responses: list[tuple[float, float]], picks: list[list[int]] | None = None,
            options: int = 0, key: set[int] | None = None) -> ItemStats:
    stats = ItemStats(len(responses), facility([s for s, _ in responses]), discrimination(responses),
                      point_biserial(responses), option_counts(picks or [], options) if options else [])
    if stats.responses >= MIN_RESPONSES_FOR_FLAGS:
        if stats.discrimination is not None and stats.discrimination < LOW_DISCRIMINATION:
            stats.flags.append("区分度为负" if stats.discrimination < 0 else "区分度接近零")
        if stats.point_biserial is not None and stats.point_biserial < 0 and "区分度为负" not in stats.flags:
            stats.flags.append("点二列相关为负")
        unused = [chr(65 + i) for i, n in enumerate(stats.option_counts) if n == 0 and i not in (key or set())]
        if unused:
            stats.flags.append("无人选择的干扰项：" + "、".join(unused))
    return stats


def pass_probability(items: list[tuple[float, float, float]], pass_mark: float) -> float:
    """P(score >= pass mark) for independent items given as (points, probability right, how many),
    by the normal approximation with a continuity correction of a quarter point."""
    mean = sum(points * p * n for points, p, n in items)
    variance = sum(points * points * p * (1 - p) * n for points, p, n in items)
    if variance == 0:
        return 1.0 if mean >= pass_mark else 0.0
    z = (pass_mark - 0.25 - mean) / math.sqrt(variance)
    return 0.5 * math.erfc(z / math.sqrt(2))
