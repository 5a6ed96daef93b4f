"""Figures and the explorer of lesson 01, production strategies.

- :func:`draw_decoupling_points`: where each strategy stops working to a
  forecast and starts working to an order (a diagram, no controls).
- :func:`draw_strategy_table`: the trade-off in one picture, from
  :func:`mtolab.analysis.strategy_table` (mean lead time, stock, on-time
  rate and total cost per unit of every strategy).
- :func:`strategy_app` (:data:`OVERVIEW`): the same numbers for the preset
  ``"four variants"``, recomputed as forecast noise, production time and the
  wait customers accept change.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle

from mtolab.analysis import STRATEGY_TABLE_COLUMNS, kpi_summary, strategy_table
from mtolab.i18n import phrase, tr
from mtolab.plots import (
    OKABE_ITO,
    STRATEGY_COLORS,
    STRATEGY_MARKERS,
)
from mtolab.presets import preset
from mtolab.widgets._base import (
    Explorer,
    ExplorerSpec,
    Group,
    count,
    explorer_style,
    fixed_limits,
    fixed_ticks,
    key,
    new_figure,
    title,
)
from mtolab.widgets.controls import accepted_wait, forecast_noise, weeks

__all__ = ["CHAIN", "DECOUPLING", "OVERVIEW", "draw_decoupling_points", "draw_strategy_table",
           "strategy_app"]

#: The steps from raw material to customer, in order.
CHAIN = ("source\nmaterials", "make\ncomponents", "assemble\nproduct", "finished-\ngoods store",
         "deliver to\ncustomer")

#: Index of the first step done *after* the customer's order, by strategy.
DECOUPLING = {"MTS": 4, "ATO": 2, "MTO": 0}

#: Fills of the diagram's steps (palette colours, pale: they are not strategies).
FORECAST_FILL = OKABE_ITO["sky blue"]
ORDER_FILL = OKABE_ITO["orange"]
FILL_ALPHA = 0.35

LEAD, STOCK, ON_TIME, COST = STRATEGY_TABLE_COLUMNS


#: Engineer to order, drawn only with examples: the design for the customer comes first.
ETO_CHAIN = ("design,\nsource",) + CHAIN[1:]


@explorer_style
def draw_decoupling_points(ax=None, examples: dict | None = None):
    """Diagram: the supply chain of MTS, ATO and MTO, split at the decoupling point.

    Steps before the decoupling point are done to a forecast (pale blue),
    steps after it only once a customer has ordered (pale orange).

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Where to draw (say, from ``plt.subplots(figsize=(9, 3.8))`` in a
        notebook; with ``examples``, ``figsize=(11, 4.6)``); ``None`` makes
        a new explorer-sized figure.
    examples : dict of str to str or None
        Products or industries to place beside each strategy's chain, e.g.
        :data:`mtolab.cases.INDUSTRIES`, shown through :func:`~mtolab.i18n.tr`
        (in the learner's language); an ``"ETO"`` entry adds a row for
        engineer to order, whose design for the customer comes first.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        fig, ax = new_figure(height=380, left=8, right=8, top=36, bottom=8)
    fig = ax.figure
    examples = dict(examples or {})
    unknown = sorted(set(examples) - set(DECOUPLING) - {"ETO"})
    if unknown:
        raise ValueError(f"examples has no strategy {unknown[0]!r}; use "
                         f"{sorted(DECOUPLING) + ['ETO']}")
    rows = [(name, cut, CHAIN) for name, cut in DECOUPLING.items()]
    if "ETO" in examples:
        rows.append(("ETO", 0, ETO_CHAIN))
    width, gap = 1.0, 0.35
    for row, (name, cut, chain) in enumerate(rows):
        y = len(rows) - 1 - row
        for i, step in enumerate(chain):
            x = i * (width + gap)
            color = FORECAST_FILL if i < cut else ORDER_FILL
            ax.add_patch(Rectangle((x, y - 0.3), width, 0.6, facecolor=color,
                                   alpha=FILL_ALPHA, edgecolor="none"))
            ax.add_patch(Rectangle((x, y - 0.3), width, 0.6, facecolor="none",
                                   edgecolor="#555555"))
            ax.text(x + width / 2, y, tr(step), ha="center", va="center", fontsize="small")
            if i:
                ax.add_patch(FancyArrowPatch((x - gap, y), (x, y), arrowstyle="->",
                                             mutation_scale=10, color="#555555"))
        x_cut = cut * (width + gap) - gap / 2
        ax.plot([x_cut, x_cut], [y - 0.42, y + 0.42], color="black", linewidth=2.5)
        ax.text(-0.3, y, name, ha="right", va="center", fontweight="bold",
                color=STRATEGY_COLORS.get(name, "black"))
        if name in examples:
            ax.text(len(CHAIN) * (width + gap) - 0.1, y, tr(examples[name]), ha="left",
                    va="center", fontsize="small", linespacing=1.15)
    right = len(CHAIN) * (width + gap) + (3.6 if examples else 0.0)
    ax.set_xlim(-1.3, right)
    ax.set_ylim(-1.0, len(rows) - 0.4)
    ax.axis("off")
    handles = [Patch(facecolor=FORECAST_FILL, alpha=FILL_ALPHA, edgecolor="#555555",
                     label=tr("done to a forecast")),
               Patch(facecolor=ORDER_FILL, alpha=FILL_ALPHA, edgecolor="#555555",
                     label=tr("done after the customer's order")),
               Line2D([], [], color="black", linewidth=2.5, label=tr("decoupling point"))]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=3,
              frameon=False, fontsize="small")
    title(ax, tr("Where each strategy waits for the customer: the decoupling point, and what "
                 "suits it") if examples else
          tr("Where each strategy waits for the customer: the decoupling point"))
    return fig


@explorer_style
def draw_strategy_table(table: pd.DataFrame, max_wait: int | None = None, ax=None, *,
                        limits: tuple | None = None):
    """The trade-off in one picture: customer lead time against stock, one point per strategy.

    Each strategy has its colour and marker; the legend gives its total cost
    per unit sold and its on-time rate.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`mtolab.analysis.strategy_table`.
    max_wait : int or None
        Longest wait customers accept (weeks), drawn as a dotted line.
    ax : matplotlib.axes.Axes or None
        Where to draw (say, from ``plt.subplots(figsize=(9, 3.6))`` in a
        notebook, with room on the right for the legend); ``None`` makes a
        new explorer figure.
    limits : tuple or None
        ``(lead time, stock)``: the right and top ends of the axes; ``None``:
        from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        fig, ax = new_figure(height=380, right=300)
    fig = ax.figure
    lead = table[LEAD].to_numpy(dtype=float)
    stock = table[STOCK].to_numpy(dtype=float)
    handles = []
    for name, x, y in zip(table.index, lead, stock, strict=True):
        ax.plot([x], [y], linestyle="", markersize=11, color=STRATEGY_COLORS.get(name, "#777777"),
                marker=STRATEGY_MARKERS.get(name, "o"), zorder=3)
        handles.append(Line2D([], [], color=STRATEGY_COLORS.get(name, "#777777"),
                              marker=STRATEGY_MARKERS.get(name, "o"), linestyle="",
                              markersize=9,
                              label=phrase("{strategy}: {cost:.1f} €, {on_time:.0f} % on time",
                                           strategy=name, cost=table.loc[name, COST],
                                           on_time=table.loc[name, ON_TIME])))
    if max_wait is not None:
        ax.axvline(max_wait, color="black", linestyle=":")
        handles.append(Line2D([], [], color="black", linestyle=":",
                              label=phrase("customers accept {wait}",
                                           wait=count(max_wait, "week"))))
    right, top = limits if limits is not None else (
        max(float(lead.max()), float(max_wait or 0), 1.0) * 1.1,
        max(float(stock.max()), 1.0) * 1.15)
    ax.set_xlim(-0.5, right)
    ax.set_ylim(-0.04 * top, top)
    ax.set_xlabel(tr("mean lead time (weeks)"))
    ax.set_ylabel(tr("stock (units + kits)"))
    title(ax, phrase("Wait or stock? Cheapest per unit sold: {strategy}",
                     strategy=table[COST].idxmin()))
    fixed_ticks(ax, nx=7, ny=5, integer_x=True)
    key(ax, handles, title=tr("total cost per unit sold,\non-time rate"))
    return fig


def _scenario(forecast_noise, production_time, max_wait):
    return preset("four variants", forecast_noise=forecast_noise,
                  production_time=production_time, max_wait=max_wait)


def _table(forecast_noise, production_time, max_wait):
    return strategy_table(kpi_summary(_scenario(forecast_noise, production_time, max_wait)))


@lru_cache(maxsize=1)
def _limits() -> tuple:
    def top(forecast_noise, production_time, max_wait):
        table = _table(forecast_noise, production_time, max_wait)
        return (max(float(table[LEAD].max()), float(max_wait)), float(table[STOCK].max()))

    lead, stock = fixed_limits(top, OVERVIEW.controls, list(OVERVIEW.sliders))
    return (float(np.ceil(lead + 1)), float(np.ceil(stock * 1.12 / 10) * 10))


def _figure(forecast_noise, production_time, max_wait):
    table = _table(forecast_noise, production_time, max_wait)
    return draw_strategy_table(table, max_wait, limits=_limits())


def _prepare():
    """Simulate every forecast noise the slider offers once (a few tenths of a second).

    The lesson asks learners to move the noise first; each of its steps then
    only redraws (the runs are cached by :mod:`mtolab.analysis`).
    """
    defaults = OVERVIEW.defaults
    for noise in OVERVIEW.controls["forecast_noise"].values():
        _table(noise, defaults["production_time"], defaults["max_wait"])


OVERVIEW = ExplorerSpec(
    name="strategy", lesson="01",
    title="Four strategies, one market",
    explanation="About 20 units a week of a product in 4 variants, one year, 40 runs. "
                "Stock-based strategies answer at once but hold more stock the noisier the "
                "forecast; make to order holds none but makes customers wait.",
    groups=(
        Group("Forecast", (
            forecast_noise(0.3, 1.0),
        )),
        Group("Making to order", (
            weeks("production_time", "production time", 1, 0, 8,
                  "Weeks to make one unit to order (MTO and the hybrid's made-to-order "
                  "variants)"),
        )),
        Group("Customers", (
            accepted_wait(4, 0, 12),
        )),
    ),
    figure=_figure,
    prepare=_prepare,
)


def strategy_app() -> Explorer:
    """Explorer: forecast noise, production time and accepted wait against every strategy.

    Returns
    -------
    Explorer
    """
    return Explorer(OVERVIEW)
