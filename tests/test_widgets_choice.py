"""Lessons 05 and 06: the sweep figure and the explorers' drawings of costs and the map."""

import numpy as np

from mtolab.analysis import break_even, cheapest_strategy_grid, strategy_costs
from mtolab.plots import NOT_FAST_ENOUGH, draw_cost_sweep
from mtolab.presets import preset
from mtolab.widgets._base import render_svg
from mtolab.widgets.choice import (
    MAP_DETAIL,
    draw_strategy_costs,
    draw_strategy_map,
)


def test_the_title_names_the_cheapest_strategy_fast_enough_and_slow_ones_are_marked():
    table = strategy_costs(preset("computer maker", forecast_noise=2.0, max_wait=1))
    assert table.attrs["cheapest"] != table.attrs["choice"]
    fig = draw_strategy_costs(table)
    (ax,) = fig.axes
    title = ax.get_title(loc="left")
    assert title.startswith(f"Cheapest fast enough: {table.attrs['choice']}")
    assert f"{table.attrs['cheapest']} is cheaper but too slow" in title
    ticks = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts}
    for name in table.index:
        assert ("too slow" in ticks[name]) != bool(table.loc[name, "fast enough"])
    nobody = draw_strategy_costs(strategy_costs(preset("computer maker", max_wait=0)))
    assert nobody.axes[0].get_title(loc="left").startswith("No strategy is fast enough")


def test_the_bars_stack_every_cost_above_the_unit_cost():
    table = strategy_costs(preset("computer maker"))
    fig = draw_strategy_costs(table, y_max=60.0)
    (ax,) = fig.axes
    top = max(p.get_data().values.max() for p in ax.patches)
    extra = (table["total cost"] - table["production cost"]).max()
    assert top == np.float64(extra) or abs(top - extra) < 1e-9


def test_draw_cost_sweep_draws_a_line_per_strategy_and_the_crossing():
    import pandas as pd

    sweep = pd.DataFrame({"MTS": [3.0, 2.5, 1.0], "MTO": [2.0, 2.0, 2.0]},
                         index=pd.Index([0.0, 1.0, 2.0], name="forecast_noise"))
    fig = draw_cost_sweep(sweep, crossing=break_even(sweep, "MTS", "MTO"), title="T")
    (ax,) = fig.axes
    assert len(ax.lines) == 3  # two strategies and the break-even marker
    assert ax.get_title(loc="left") == "T" and "relative standard deviation" in ax.get_xlabel()
    assert any("break-even: 1.33" in t.get_text() for t in fig.texts)
    assert "<svg" in render_svg(fig)


def test_quick_and_fine_maps_share_their_axes_and_hatch_where_none_is_fast_enough():
    figs = []
    for noise, premiums, _, _ in MAP_DETAIL.values():
        grid = cheapest_strategy_grid(preset("computer maker", n_periods=26, n_replications=5,
                                             max_wait=0), "forecast_noise", noise[::4],
                                      "costs.mto_premium", premiums[::3],
                                      strategies=["ATO", "MTO"])
        assert set(grid.to_numpy().ravel()) == {NOT_FAST_ENOUGH}
        figs.append(draw_strategy_map(grid))
    (a,), (b,) = (f.axes for f in figs)
    assert a.get_xlim() == b.get_xlim() == (0.0, 2.0)
    assert a.get_ylim() == b.get_ylim() == (0.0, 30.0)
    assert any(c.get_hatch() for c in a.collections)
