"""Choosing a strategy (lessons 05 and 06): cost per unit and where the cheapest flips.

Each explorer is a computation of :mod:`mtolab.analysis`, a pure drawing
function of this module and an app factory, on the preset
``"computer maker"`` (18 configurations, stock written off after 12 weeks,
one year, 30 runs so that a slider answers quickly):

- :data:`COSTS`: :func:`mtolab.analysis.strategy_costs`,
  :func:`draw_strategy_costs`, :func:`cost_app`: forecast noise, the wait
  customers accept, the make-to-order premium and the holding cost against
  each strategy's cost per unit sold, by component;
- :data:`MAP`: :func:`mtolab.analysis.cheapest_strategy_grid`,
  :func:`draw_strategy_map`, :func:`strategy_map_app`: the strategy to
  choose (the cheapest fast enough) over forecast noise and the
  make-to-order premium, with the other costs set by sliders.

Both apply the one feasibility rule of :func:`mtolab.analysis.fast_enough`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from mtolab.analysis import cheapest_strategy_grid, prepare_runs, strategy_costs
from mtolab.costs import COST_COMPONENTS
from mtolab.i18n import phrase, tr
from mtolab.plots import (
    STRATEGY_COLORS,
    cost_patch,
    map_legend_handles,
    plot_strategy_map,
)
from mtolab.presets import preset
from mtolab.widgets._base import (
    Choice,
    Explorer,
    ExplorerSpec,
    Group,
    Remark,
    count,
    explorer_style,
    fixed_limits,
    fixed_ticks,
    key,
    new_figure,
)
from mtolab.widgets._base import title as set_title
from mtolab.widgets.controls import (
    accepted_wait,
    euro_per_unit,
    forecast_noise,
    holding_cost,
    weeks,
)

__all__ = ["COSTS", "MAP", "MAP_DETAIL", "draw_strategy_costs", "cost_app", "draw_strategy_map",
           "strategy_map_app"]

#: The components drawn above the cost of making a unit (which every strategy pays).
EXTRA_COMPONENTS = tuple(c for c in COST_COMPONENTS if c != "production")
MAP_DETAIL = {
    # name: (noise values, premium values, weeks, replications)
    "quick (9 x 7 grid)": (np.linspace(0.0, 2.0, 9), np.linspace(0.0, 30.0, 7), 52, 30),
    "fine (17 x 13, 100 runs of 2 years)": (np.linspace(0.0, 2.0, 17),
                                            np.linspace(0.0, 30.0, 13), 104, 100),
}


# ---------------------------------------------------------------- costs
def _with_gaps(values: np.ndarray) -> np.ndarray:
    """Bar heights interleaved with 0 for the gaps between bars (for ``ax.stairs``)."""
    out = np.zeros(2 * len(values) - 1)
    out[::2] = values
    return out


@explorer_style
def draw_strategy_costs(table: pd.DataFrame, *, y_max: float | None = None):
    """Stacked bars of each strategy's cost per unit above the cost of making it.

    Every strategy pays the unit cost of each unit it sells; the bars show
    what comes on top, by component (greys and hatchings, in the order of
    the legend).  Strategies too slow for the accepted wait are marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`mtolab.analysis.strategy_costs`.
    y_max : float or None
        Top of the y axis (EUR per unit sold above the unit cost); ``None``:
        from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=400, right=230, bottom=78)
    names = list(table.index)
    x = np.arange(len(names))
    # One step patch per component (bars separated by zero-height gaps) instead of a
    # rectangle per bar and component: the same picture, far fewer artists.
    edges = np.sort(np.concatenate([x - 0.3, x + 0.3]))
    bottom = np.zeros(len(names))
    handles = []
    for comp in EXTRA_COMPONENTS:
        values = table[f"{comp} cost"].to_numpy(dtype=float)
        top = bottom + values
        if values.any():
            ax.stairs(_with_gaps(top), edges, baseline=_with_gaps(bottom), fill=True,
                      **cost_patch(comp))
        handles.append(Patch(**cost_patch(comp), label=tr(f"{comp} cost")))
        bottom = top
    totals = table["total cost"].to_numpy(dtype=float)
    choice = table.attrs.get("choice")
    # Totals (and "too slow") go into the tick labels: fewer texts to draw.
    labels = [phrase("{strategy}\n{total:.1f} €", strategy=name, total=totals[i])
              + ("" if table.loc[name, "fast enough"] else "\n" + tr("too slow"))
              for i, name in enumerate(names)]
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylim(0, y_max if y_max is not None else max(bottom.max(), 1.0) * 1.1)
    fixed_ticks(ax, x=x, xlabels=labels, ny=5,
                xcolors=[STRATEGY_COLORS.get(name, "black") for name in names],
                xweights=["bold" if name == choice else "normal" for name in names])
    unit_cost = table.attrs.get("unit_cost", 100.0)
    ax.set_ylabel(phrase("€ per unit sold above the {unit_cost:.0f} € unit cost",
                         unit_cost=unit_cost))
    wait = table.attrs.get("max_wait")
    if choice is None:
        text = phrase("No strategy is fast enough for customers who accept {wait}",
                      wait=count(wait, "week"))
    else:
        text = phrase("Cheapest fast enough: {strategy}, {cost:.1f} € per unit", strategy=choice,
                      cost=table.loc[choice, "total cost"])
        cheapest = table.attrs.get("cheapest", choice)
        if cheapest != choice:
            text += "\n" + phrase("({strategy} is cheaper but too slow)", strategy=cheapest)
    set_title(ax, text)
    key(ax, handles[::-1], title=tr("on top of the unit cost"))
    return fig


def _cost_scenario(forecast_noise, max_wait, mto_premium, holding_pct):
    # Rounded: the browser may send 0.30000000000000004 for 0.3 (same run, same cache).
    return preset("computer maker", forecast_noise=round(float(forecast_noise), 2),
                  max_wait=max_wait,
                  costs={"mto_premium": mto_premium, "holding_rate": holding_pct / 100})


def _prepare_costs():
    """Simulate every noise value the slider offers, together (one run per strategy).

    Simulating a value only when the learner first picks it would make its
    slider answer in about 1.5 times the baseline explorer's time
    (benchmarks/explorer_latency.py), beyond the course's goal of 1.25.
    """
    prepare_runs([_cost_scenario(value, 4, 15.0, 0.5)
                  for value in COSTS.controls["forecast_noise"].values()])


@lru_cache(maxsize=1)
def _cost_top() -> float:
    def top(**values):
        table = strategy_costs(_cost_scenario(**values))
        return (float((table["total cost"] - table["production cost"]).max()),)

    (peak,) = fixed_limits(top, COSTS.controls, list(COSTS.sliders))
    return float(np.ceil(peak * 1.08 / 5) * 5)


def _cost_figure(forecast_noise, max_wait, mto_premium, holding_pct):
    return draw_strategy_costs(strategy_costs(_cost_scenario(forecast_noise, max_wait,
                                                             mto_premium, holding_pct)),
                               y_max=_cost_top())


COSTS = ExplorerSpec(
    name="cost", lesson="06",
    title="What does each strategy cost per unit?",
    explanation="A computer maker sells 20 units a week in 18 configurations, a few of them "
                "favourites; stock older than 12 weeks is written off. Each bar is what a "
                "strategy pays per unit on top of the 100 € it costs to make. A strategy is "
                "too slow when its 95th percentile lead time is longer than customers accept. "
                "Raise the forecast noise and watch make to stock's holding and obsolescence "
                "grow; lower the make-to-order premium to see when making to order pays.",
    groups=(
        Group("Forecast and customers", (
            forecast_noise(0.3, 2.0),
            accepted_wait(4, 0, 8),
        )),
        Group("Costs", (
            euro_per_unit("mto_premium", "make-to-order premium", 15.0, 30.0,
                          "Extra cost of making one unit to order"),
            holding_cost(),
        )),
    ),
    figure=_cost_figure,
    prepare=_prepare_costs,
)


def cost_app() -> Explorer:
    """Explorer: forecast error, patience and cost rates against each strategy's cost per unit.

    Returns
    -------
    Explorer
    """
    return Explorer(COSTS)


# ------------------------------------------------------------------ map
@explorer_style
def draw_strategy_map(grid: pd.DataFrame):
    """The map of the strategy to choose, drawn with :func:`mtolab.plot_strategy_map`.

    The axes span the grid, and the legend lists every strategy whether it
    appears or not, so neither moves with the sliders.

    Parameters
    ----------
    grid : pandas.DataFrame
        From :func:`mtolab.analysis.cheapest_strategy_grid`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=400, right=230)
    plot_strategy_map(grid, ax=ax, legend=False)
    ax.set_title("")
    a = grid.attrs
    text = tr("The cheapest strategy fast enough")
    if {"holding_rate", "shelf_life", "max_wait", "assembly_premium"} <= set(a):
        # The sliders' values in the title: every move visibly redraws, even one that
        # leaves every square's colour as it was.
        text = phrase("The cheapest strategy fast enough: holding {holding:.2f} %/week, shelf "
                      "life {shelf_life} weeks,\ncustomers accept {wait}, assembly premium "
                      "{premium:g} €/unit", holding=100 * a["holding_rate"],
                      shelf_life=a["shelf_life"], wait=count(a["max_wait"], "week"),
                      premium=a["assembly_premium"])
    set_title(ax, text)
    fixed_ticks(ax, nx=5, ny=4)
    key(ax, map_legend_handles(), title=tr("cheapest fast enough"))
    return fig


def _map_scenario(holding_pct, assembly_premium, max_wait, shelf_life, detail, no_limit=False):
    _, _, weeks, runs = MAP_DETAIL[detail]
    return preset("computer maker", n_periods=weeks, n_replications=runs,
                  max_wait=None if no_limit else max_wait, shelf_life=shelf_life,
                  costs={"holding_rate": holding_pct / 100,
                         "assembly_premium": assembly_premium})


_MAPS: dict = {}


def _map(holding_pct, assembly_premium, max_wait, shelf_life, detail, no_limit=False,
         progress=None):
    """The grid for these slider values, kept for the next call (the notes read it too)."""
    key = (holding_pct, assembly_premium, max_wait, shelf_life, detail, no_limit)
    if key not in _MAPS:
        noise, premiums, _, _ = MAP_DETAIL[detail]
        sc = _map_scenario(holding_pct, assembly_premium, max_wait, shelf_life, detail,
                           no_limit)
        grid = cheapest_strategy_grid(sc, "forecast_noise", noise, "costs.mto_premium",
                                      premiums, progress=progress)
        grid.attrs.update(holding_rate=holding_pct / 100, shelf_life=shelf_life,
                          max_wait=max_wait, assembly_premium=assembly_premium)
        while len(_MAPS) >= 32:
            _MAPS.pop(next(iter(_MAPS)))
        _MAPS[key] = grid
    return _MAPS[key]


def _map_figure(holding_pct, assembly_premium, max_wait, shelf_life, detail, progress=None):
    fine = detail != next(iter(MAP_DETAIL))
    return draw_strategy_map(_map(holding_pct, assembly_premium, max_wait, shelf_life, detail,
                                  progress=progress if fine else None))


def _map_inactive(holding_pct, assembly_premium, max_wait, shelf_life, detail):
    grid = _map(holding_pct, assembly_premium, max_wait, shelf_life, detail)
    patient = _map(holding_pct, assembly_premium, max_wait, shelf_life, detail, no_limit=True)
    if max_wait > 0 and grid.equals(patient):
        return {"max_wait": Remark(
            "From {weeks} weeks on, this map is the map of customers who wait as long as "
            "it takes: no strategy is too slow anywhere, so a longer accepted wait changes "
            "nothing here. Move it down.", weeks=max_wait)}
    return {}


MAP = ExplorerSpec(
    name="strategy_map", lesson="06",
    title="Where is each strategy the one to choose?",
    explanation="Each square is one setting of forecast noise (across) and the make-to-order "
                "premium (up); its colour is the cheapest strategy fast enough there (hatched "
                "grey: none is). Move the sliders to change the other costs and watch the "
                "borders move. A fine map takes several seconds.",
    groups=(
        Group("Costs", (
            holding_cost(),
            euro_per_unit("assembly_premium", "assembly premium", 4.0, 20.0,
                          "Extra cost of assembling one unit to order"),
        )),
        Group("Customers, product and map", (
            accepted_wait(4, 0, 6),
            weeks("shelf_life", "shelf life", 12, 4, 52,
                  "Weeks before stock is written off as obsolete"),
            Choice("detail", "map detail", tuple((k, k) for k in MAP_DETAIL),
                   next(iter(MAP_DETAIL)), "A finer map takes longer to compute"),
        )),
    ),
    figure=_map_figure,
    inactive=_map_inactive,
    progress=True,
)


def strategy_map_app() -> Explorer:
    """Explorer: a map of the strategy to choose over forecast noise and the MTO premium.

    The sliders set the other costs and settings; "map detail" trades
    speed for a finer, steadier map (a progress bar shows the work).

    Returns
    -------
    Explorer
    """
    return Explorer(MAP)
