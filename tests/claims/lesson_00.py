"""Lesson 00, start here: what the warm-up explorer's tasks promise about demand."""

from __future__ import annotations

import numpy as np

from claims import Claim
from mtolab.demand import expected_demand
from mtolab.presets import preset
from mtolab.widgets.intro import WARM_UP

LESSON = "00_start_here"


def _offers(name: str, value: float) -> None:
    values = WARM_UP.controls[name].values()
    assert np.isclose(values, value).any(), f"the {name} slider does not offer {value}"


def _expected(**demand) -> np.ndarray:
    sc = preset("warm-up", demand=demand)
    return expected_demand(sc.demand, sc.n_periods)


def trend_of_a_tenth() -> None:
    _offers("trend", 0.1)
    steps = np.diff(_expected(trend=0.1))
    assert np.allclose(steps, 0.1), steps[:5]


def season_swing_of_40_percent() -> None:
    _offers("seasonal_amplitude", 0.4)
    level = _expected(seasonal_amplitude=0.4)
    assert np.isclose(level.max(), 20 * 1.4, rtol=0.01), level.max()
    assert np.isclose(level.min(), 20 * 0.6, rtol=0.01), level.min()


def surge_of_double_demand() -> None:
    _offers("surge_factor", 2.0)
    ratio = _expected(surge_factor=2.0) / _expected(surge_factor=1.0)
    surged = np.flatnonzero(~np.isclose(ratio, 1.0))
    assert surged.tolist() == list(range(60, 68)), surged
    assert np.allclose(ratio[surged], 2.0)


CLAIMS = [
    Claim(LESSON, "give it a trend of +0.1: demand grows by a tenth of a unit every week",
          trend_of_a_tenth,
          nb="gi den en trend på +0,1: etterspørselen øker med en tidel enhet hver uke"),
    Claim(LESSON, "add a season swing of 40 %: a yearly wave", season_swing_of_40_percent,
          nb="legg til en sesongsvingning på 40 %: en bølge gjennom året"),
    Claim(LESSON, "set a surge of 2×: eight weeks of double demand from week 60",
          surge_of_double_demand,
          nb="sett en etterspørselstopp på 2×: åtte uker med dobbel etterspørsel fra uke 60"),
]
