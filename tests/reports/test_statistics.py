"""Every statistic against values worked out by hand on a small fixed data set."""
import math

import pytest

from app.progress.readiness import Basis, forecast
from app.reports.statistics import analyse, discrimination, facility, option_counts, pass_probability, point_biserial

# Ten trainees: item score (1 right, 0 wrong) and their total, strongest first.
SCORES = [1, 1, 1, 1, 1, 0, 1, 0, 0, 0]
TOTALS = [9, 8, 8, 7, 6, 5, 5, 4, 3, 2]
DATA = list(zip(SCORES, TOTALS))


def test_facility_is_the_share_right():
    assert facility(SCORES) == 0.6                       # 6 of 10


def test_discrimination_uses_upper_and_lower_27_percent():
    # 27% of 10 = 2.7 -> 3 per group. Upper: totals 9, 8, 8 -> all right = 1.0. Lower: 2, 3, 4 -> all wrong = 0.0.
    assert discrimination(DATA) == 1.0
    assert discrimination([(1 - s, t) for s, t in DATA]) == -1.0
    mixed = [(1, 9), (0, 8), (1, 8), (1, 7), (0, 6), (1, 5), (0, 5), (1, 4), (0, 3), (0, 2)]
    assert discrimination(mixed) == pytest.approx(2 / 3 - 1 / 3)   # upper 1,0,1; lower 0,0,1


def test_point_biserial_by_hand():
    # Right: 9,8,8,7,6,5 -> mean 43/6 = 7.1667. Wrong: 5,4,3,2 -> mean 3.5. All: mean 5.7,
    # squared deviations sum to 48.1 -> population SD sqrt(4.81) = 2.1932. p = 0.6, q = 0.4.
    # r = (7.1667 - 3.5) / 2.1932 * sqrt(0.24) = 0.8190
    expected = (43 / 6 - 3.5) / math.sqrt(4.81) * math.sqrt(0.24)
    assert point_biserial(DATA) == pytest.approx(expected)
    assert round(expected, 4) == 0.8190
    assert point_biserial([(1, 5), (1, 6)]) is None      # nobody wrong: undefined


def test_option_counts_and_flags():
    picks = [[1]] * 6 + [[0]] * 3 + [[2]]
    assert option_counts(picks, 4) == [3, 6, 1, 0]
    stats = analyse(DATA, picks, options=4, key={1})
    assert stats.flags == ["无人选择的干扰项：D"]
    reversed_item = analyse([(1 - s, t) for s, t in DATA], picks, options=4, key={1})
    assert "区分度为负" in reversed_item.flags
    flat = analyse([(1, t) if i % 2 else (0, t) for i, t in enumerate(TOTALS)])
    assert flat.discrimination == pytest.approx(1 / 3 - 2 / 3) and flat.flags == ["区分度为负"]


def test_few_responses_raise_no_flags():
    assert analyse(DATA[:5], [[1]] * 5, options=4, key={1}).flags == []


def test_pass_probability_normal_approximation():
    # 100 one-point items at p = 0.5: mean 50, variance 25; pass at 50 with a quarter-point correction:
    # P = 1 - Phi((50 - 0.25 - 50) / 5) = Phi(0.05) = 0.5199
    assert pass_probability([(1, 0.5, 100)], 50) == pytest.approx(0.5199, abs=1e-4)
    assert pass_probability([(1, 1.0, 100)], 60) == 1.0
    assert pass_probability([(1, 0.0, 100)], 60) == 0.0


def test_forecast_needs_enough_data_then_weighs_the_blueprint():
    blueprint = [{"type": "single", "count": 100, "points": 1}]
    basis = Basis(blueprint, 60, {"single": {"a": 0.5, "b": 0.5}})
    few = forecast({("single", "a"): (10, 10)}, basis)
    assert not few.enough and few.answers == 10
    cells = {("single", c): (10, 10) for c in "abcdefg"}          # 70 answers, all right, 7 chapters
    ready = forecast(cells, basis)
    prior = (70 + 1) / (70 + 2)                                    # type-level accuracy, smoothed
    p = (10 + 3 * prior) / (10 + 3)                                # chapter accuracy shrunk towards it
    assert ready.expected == pytest.approx(100 * p)
    assert ready.probability > 0.99
    cells = {("single", c): (10, 3) for c in "abcdefg"}            # 30% right
    assert forecast(cells, basis).probability < 0.01
