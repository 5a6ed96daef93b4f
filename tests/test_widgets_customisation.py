"""Lesson 07's explorer: the drawing of profit against variety."""

import pytest

from mtolab.analysis import variety_profit
from mtolab.plots import STRATEGY_COLORS
from mtolab.presets import preset
from mtolab.widgets.customisation import CUSTOMISATION, draw_variety_profit


def sweep(**changes):
    return variety_profit(preset("configurable", n_replications=5, n_periods=52, **changes))


def test_lines_are_the_profit_of_each_strategy_and_the_key_reads_the_chosen_variety():
    result = sweep()
    fig = draw_variety_profit(result, 27, profit_range=(0.0, 3000.0))
    (ax,) = fig.axes
    lines = {line.get_color(): line.get_ydata() for line in ax.get_lines()}
    for s in result.profit.columns:
        assert list(lines[STRATEGY_COLORS[s]]) == pytest.approx(result.profit[s].tolist())
    texts = [t.get_text() for t in fig.texts]
    mts = next(t for t in texts if t.startswith("MTS:"))
    exact = result.outcomes[27].loc["MTS", "exact specification"]
    assert f"{result.profit.loc[27, 'MTS']:,.0f} € a week" in mts
    assert f"{exact:.0f} % get their exact wish" in mts
    assert any("MTS stocks 8" in t for t in texts)
    assert f"the highest profit: {result.profit.loc[27].idxmax()}" in ax.get_title(loc="left")
    assert ax.get_ylim() == (0.0, 3000.0)


def test_a_variety_not_swept_is_refused_with_the_ones_that_are():
    with pytest.raises(ValueError, match=r"configurations must be one of \[1, 3, 9, 27, 81\]"):
        draw_variety_profit(sweep(), 10)


def test_the_hybrid_with_one_configuration_is_explained():
    assert "make to order" in CUSTOMISATION.notes(**(CUSTOMISATION.defaults |
                                                      {"option_groups": 0}))["option_groups"]
    assert CUSTOMISATION.notes(**CUSTOMISATION.defaults) == {}
