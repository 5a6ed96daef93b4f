"""The course's standard figures and its colours, drawn with matplotlib.

Every ``plot_*`` function draws on the ``ax`` it is given (or a new one),
titles it, labels its axes with units, and returns the axes, so that
lessons and explorers compose them freely.  ``draw_*`` functions make a
whole figure in the explorers' frame (:mod:`mtolab.figures`), shown in a
notebook as SVG.

Colours.  Each strategy has one colour everywhere in the course (plots,
explorers, tables, labels), from the colour-blind-safe palette of Okabe
and Ito (:data:`OKABE_ITO`): :data:`STRATEGY_COLORS`, with one marker shape
per strategy as well (:data:`STRATEGY_MARKERS`), so that a figure reads in
grey print too.  Cost components are another family altogether: shades of
grey with hatching (:data:`COST_STYLES`), stacked and listed in the order
of :data:`mtolab.costs.COST_COMPONENTS`, so a cost never looks like a
strategy.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mtolab._validate import check_choice, check_int
from mtolab.costs import COST_COMPONENTS
from mtolab.figures import explorer_style, fixed_ticks, key, new_figure
from mtolab.figures import title as set_title
from mtolab.i18n import number, phrase, tr
from mtolab.simulate import SimResult

__all__ = [
    "OKABE_ITO",
    "STRATEGY_COLORS",
    "STRATEGY_MARKERS",
    "COST_STYLES",
    "NOT_FAST_ENOUGH",
    "plot_inventory",
    "plot_lead_times",
    "plot_cost_breakdown",
    "plot_strategy_map",
    "draw_cost_sweep",
]

#: The eight colours of Okabe & Ito (2008), distinguishable with every common
#: colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: One colour per strategy, everywhere in the course.
STRATEGY_COLORS = {
    "MTS": OKABE_ITO["blue"],
    "ATO": OKABE_ITO["bluish green"],
    "MTO": OKABE_ITO["vermillion"],
    "Hybrid": OKABE_ITO["reddish purple"],
}

#: One marker shape per strategy, so that points read without colour too.
STRATEGY_MARKERS = {"MTS": "o", "ATO": "s", "MTO": "^", "Hybrid": "D"}

#: Colours for things that are not strategies (from the same palette, never a
#: strategy's colour): forecasts, and a marked accepted wait.
FORECAST_COLOR = OKABE_ITO["orange"]
DEMAND_COLOR = "#8c8c8c"
#: Cells of a strategy map where no strategy is fast enough.
NOT_FAST_ENOUGH = "none fast enough"
NOT_FAST_COLOR, NOT_FAST_EDGE = "#e8e8e8", "#8c8c8c"

#: Fill colour and hatching of each cost component: greys, not strategy colours.
COST_STYLES = {
    "production": {"facecolor": "#f7f7f7", "hatch": ""},
    "premium": {"facecolor": "#bdbdbd", "hatch": ""},
    "setup": {"facecolor": "#ffffff", "hatch": "---"},
    "holding": {"facecolor": "#636363", "hatch": ""},
    "obsolescence": {"facecolor": "#d9d9d9", "hatch": "xxx"},
    "lost sales": {"facecolor": "#252525", "hatch": ""},
    "late delivery": {"facecolor": "#ffffff", "hatch": "///"},
}
#: The fill colour alone (for tables and text keys).
COST_COLORS = {name: style["facecolor"] for name, style in COST_STYLES.items()}
COST_EDGE = "#4d4d4d"


def cost_patch(component: str, **kwargs) -> dict:
    """Keyword arguments that draw a patch in a cost component's style."""
    style = COST_STYLES[check_choice("component", component, COST_COMPONENTS)]
    return {"facecolor": style["facecolor"], "hatch": style["hatch"], "edgecolor": COST_EDGE,
            "linewidth": 0.6, **kwargs}


def strategy_legend_handles(names) -> list:
    """Legend proxies (colour and marker) for some strategies, in the order given."""
    return [Line2D([], [], color=STRATEGY_COLORS[n], marker=STRATEGY_MARKERS[n],
                   linestyle="", markersize=8, label=n) for n in names]


def legend_outside(ax, handles=None, *, title=None, **kwargs):
    """A legend to the right of the axes, outside the data area."""
    options = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0,
               "frameon": False, "fontsize": "small", "title": title,
               "title_fontsize": "small", "alignment": "left"}
    options.update(kwargs)
    if handles is None:
        return ax.legend(**options)
    return ax.legend(handles=handles, **options)


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    return ax


def _check_result(result):
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")


def plot_inventory(result: SimResult, replication: int = 0, ax=None, period_unit="week"):
    """Stock on hand (above zero) and orders waiting (below zero, grey) over time.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    replication : int
        Which replication to draw.
    ax : matplotlib.axes.Axes or None
        Where to draw; ``None`` makes a new figure.
    period_unit : str
        Name of a period, for the axis label.
    """
    _check_result(result)
    r = check_int("replication", replication, low=0, high=result.n_replications - 1)
    ax = _axes(ax)
    t = np.arange(result.n_periods)
    color = STRATEGY_COLORS.get(result.strategy, "#555555")
    if result.fg_inventory[r].any():
        ax.step(t, result.fg_inventory[r], where="post", color=color,
                label=tr("finished goods"))
    if result.component_inventory[r].any():
        ax.step(t, result.component_inventory[r], where="post", color=color, linestyle="--",
                label=tr("components (kits)"))
    ax.fill_between(t, -result.backlog[r], step="post", color="#999999",
                    label=tr("backlog (orders waiting)"))
    if result.obsolete[r].any():
        hit = np.flatnonzero(result.obsolete[r])
        ax.scatter(hit, np.zeros_like(hit), marker="x", color="black", zorder=3,
                   label=tr("stock scrapped"))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel(phrase("time ({periods})", periods=tr(f"{period_unit}s")))
    ax.set_ylabel(tr("units"))
    ax.set_title(phrase("{strategy}: stock and backlog over time", strategy=result.strategy))
    legend_outside(ax)
    return ax


def plot_lead_times(results, ax=None, max_wait=None, period_unit="week"):
    """Distribution of customer lead times, one bar series per strategy.

    Parameters
    ----------
    results : SimResult or dict of str to SimResult
        Strategies to draw.
    ax : matplotlib.axes.Axes or None
    max_wait : int or None
        Longest wait customers accept; drawn as a vertical line.
    period_unit : str
        Name of a period, for the axis label.
    """
    if isinstance(results, SimResult):
        results = {results.strategy: results}
    if not isinstance(results, dict) or not results:
        raise TypeError("results must be a SimResult or a non-empty dict of SimResults")
    for res in results.values():
        _check_result(res)
    ax = _axes(ax)
    width = 0.8 / len(results)
    for i, (name, res) in enumerate(results.items()):
        hist = res.lead_times.sum(axis=0)
        share = 100 * hist / max(hist.sum(), 1)
        waits = np.arange(len(share))
        ax.bar(waits + (i - (len(results) - 1) / 2) * width, share, width=width,
               color=STRATEGY_COLORS.get(name), label=name)
    if max_wait is not None:
        ax.axvline(max_wait + 0.5, color="black", linestyle=":",
                   label=phrase("customers accept {wait} {periods}", wait=max_wait,
                                periods=tr(f"{period_unit}s")))
    ax.set_xlabel(phrase("customer lead time ({periods} from order to delivery)",
                         periods=tr(f"{period_unit}s")))
    ax.set_ylabel(tr("share of units delivered (%)"))
    ax.set_title(tr("How long customers wait"))
    legend_outside(ax)
    return ax


def plot_cost_breakdown(summary: pd.DataFrame, ax=None, currency="€"):
    """Stacked bars of cost per unit sold, by component, one bar per strategy.

    Components are greys and hatchings (:data:`COST_STYLES`), stacked in the
    order of :data:`mtolab.costs.COST_COMPONENTS`; each bar's tick label has
    its strategy's colour.

    Parameters
    ----------
    summary : pandas.DataFrame
        :attr:`Comparison.summary`: KPI rows (including ``"<component> cost"``
        rows), one column per strategy.
    ax : matplotlib.axes.Axes or None
    currency : str
        Currency symbol for the axis label.
    """
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(f"summary must be a DataFrame, got {type(summary).__name__}")
    ax = _axes(ax)
    strategies = [c for c in summary.columns if c != "unit"]
    bottom = np.zeros(len(strategies))
    x = np.arange(len(strategies))
    handles = []
    for comp in COST_COMPONENTS:
        values = summary.loc[f"{comp} cost", strategies].to_numpy(dtype=float)
        if not values.any():
            continue
        ax.bar(x, values, bottom=bottom, width=0.6, **cost_patch(comp))
        handles.append(Patch(**cost_patch(comp), label=tr(comp)))
        bottom += values
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(number(total, fmt=".1f"), (xi, total), ha="center", va="bottom",
                    fontsize="small")
    ax.set_xticks(x, strategies)
    for tick, name in zip(ax.get_xticklabels(), strategies, strict=True):
        tick.set_color(STRATEGY_COLORS.get(name, "black"))
    ax.set_xlabel(tr("strategy"))
    ax.set_ylabel(phrase("cost per unit sold ({currency})", currency=currency))
    ax.set_title(tr("Where the money goes"))
    legend_outside(ax, handles[::-1], title=tr("cost component"))
    return ax


def map_legend_handles() -> list:
    """Legend proxies of a strategy map: every strategy, then :data:`NOT_FAST_ENOUGH`."""
    handles = [Patch(color=STRATEGY_COLORS[s], label=s) for s in STRATEGY_COLORS]
    handles.append(Patch(facecolor=NOT_FAST_COLOR, hatch="//", edgecolor=NOT_FAST_EDGE,
                         label=tr(NOT_FAST_ENOUGH)))
    return handles


def plot_strategy_map(grid: pd.DataFrame, ax=None, legend: bool = True):
    """Map of the cheapest strategy over two parameters.

    Parameters
    ----------
    grid : pandas.DataFrame
        Index: values of the y parameter; columns: values of the x
        parameter (both named: ``grid.index.name``, ``grid.columns.name``);
        cells: the name of the strategy chosen there, or
        :data:`NOT_FAST_ENOUGH` (drawn hatched grey) where none is fast
        enough (see :func:`mtolab.analysis.cheapest_strategy_grid`).
    ax : matplotlib.axes.Axes or None
    legend : bool
        Draw the legend (beside the map); the explorer draws its own key.
    """
    if not isinstance(grid, pd.DataFrame) or grid.empty:
        raise TypeError("grid must be a non-empty DataFrame of strategy names")
    ax = _axes(ax)
    allowed = (*STRATEGY_COLORS, NOT_FAST_ENOUGH)
    cells = set(grid.to_numpy().ravel())
    for s in cells:
        check_choice("grid cell", s, allowed)
    x = _edges(np.asarray(grid.columns, dtype=float))
    y = _edges(np.asarray(grid.index, dtype=float))
    code = np.vectorize(allowed.index, otypes=[float])(grid.to_numpy())
    colors = [*STRATEGY_COLORS.values(), NOT_FAST_COLOR]
    # Edges in the face colour: no hairline seams between cells in vector output.
    ax.pcolormesh(x, y, code, cmap=ListedColormap(colors), vmin=-0.5,
                  vmax=len(colors) - 0.5, shading="flat", edgecolors="face", linewidth=0.5)
    slow = code == len(colors) - 1
    if slow.any():  # hatched too, so that "none" does not read as a fifth strategy
        ax.pcolor(x, y, np.ma.masked_where(~slow, code), facecolor="none", hatch="//",
                  edgecolor=NOT_FAST_EDGE, linewidth=0.0)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y[0], y[-1])
    if legend:
        legend_outside(ax, map_legend_handles(), title=tr("cheapest fast enough"))
    ax.set_xlabel(parameter_label(grid.columns.name or "x"))
    ax.set_ylabel(parameter_label(grid.index.name or "y"))
    ax.set_title(tr("Cheapest strategy fast enough"))
    return ax


PARAMETER_LABELS = {
    "forecast_noise": "forecast noise (relative standard deviation)",
    "forecast_bias": "forecast bias (relative)",
    "max_wait": "wait customers accept (weeks)",
    "capacity": "capacity (units per week)",
    "lead_time": "replenishment lead time (weeks)",
    "component_lead_time": "component lead time (weeks)",
    "shelf_life": "shelf life (weeks)",
    "service_level": "target service level",
    "hybrid_share": "share of configurations made to stock",
    "demand.mean": "mean demand (units per week)",
    "costs.mto_premium": "make-to-order premium (€ per unit)",
    "costs.assembly_premium": "assembly premium (€ per unit)",
    "costs.holding_rate": "holding cost (share of value per week)",
    "costs.setup_cost": "set-up cost (€ per run)",
    "costs.lost_sale_cost": "lost-sale cost (€ per unit)",
    "costs.late_cost": "late-delivery penalty (€ per unit per week)",
}


def parameter_label(name: str) -> str:
    """Axis label, with units, for a scenario parameter name (in the learner's language)."""
    return tr(PARAMETER_LABELS.get(name, name.replace("costs.", "").replace("_", " ")))


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted cell centres (for pcolormesh).

    The outer edges are the first and last centres: the map spans the values
    computed (its border cells are half cells), so maps of the same range
    have the same axes however fine they are.
    """
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    mid = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[centres[0]], mid, [centres[-1]]])


@explorer_style
def draw_cost_sweep(sweep: pd.DataFrame, crossing: float | None = None, *,
                    title: str | None = None, xlabel: str | None = None):
    """One line per strategy of total cost per unit against the swept setting.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`mtolab.analysis.cost_sweep`.
    crossing : float or None
        A break-even value to mark (from :func:`mtolab.analysis.break_even`).
    title : str or None
        Title of the figure; ``None``: a generic one.
    xlabel : str or None
        Label of the x axis, with its unit; ``None``: from the swept name.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=200)
    x = np.asarray(sweep.index, dtype=float)
    handles = []
    for name in sweep.columns:
        (line,) = ax.plot(x, sweep[name].to_numpy(dtype=float),
                          marker=STRATEGY_MARKERS.get(name, "o"), markersize=5,
                          color=STRATEGY_COLORS.get(name, "#555555"), label=name)
        handles.append(line)
    if crossing is not None:
        ax.axvline(crossing, color="black", linestyle=":")
        handles.append(Line2D([], [], color="black", linestyle=":",
                              label=phrase("break-even: {value:.2f}", value=crossing)))
    ax.set_xlabel(xlabel or parameter_label(sweep.index.name or "value"))
    ax.set_ylabel(tr("total cost per unit sold (€)"))
    set_title(ax, title or tr("Total cost per unit as one setting changes"))
    ax.autoscale_view()
    fixed_ticks(ax, nx=6, ny=5)
    key(ax, handles)
    return fig
