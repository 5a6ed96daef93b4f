"""The course's standard figures, drawn with matplotlib.

Every function draws on the ``ax`` it is given (or a new one), titles it,
labels its axes with units, and returns the axes, so that lessons and
explorers compose them freely.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mtolab._validate import check_choice, check_int
from mtolab.costs import COST_COMPONENTS
from mtolab.simulate import SimResult

__all__ = [
    "STRATEGY_COLORS",
    "plot_inventory",
    "plot_lead_times",
    "plot_cost_breakdown",
    "plot_strategy_map",
]

STRATEGY_COLORS = {"MTS": "#1f77b4", "ATO": "#2ca02c", "MTO": "#d62728", "Hybrid": "#9467bd"}
COST_COLORS = dict(zip(COST_COMPONENTS, plt.get_cmap("tab10").colors, strict=False))


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    return ax


def _check_result(result):
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")


def plot_inventory(result: SimResult, replication: int = 0, ax=None, period_unit="week"):
    """Stock on hand (above zero) and backlog (below zero) over time.

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
        ax.step(t, result.fg_inventory[r], where="post", color=color, label="finished goods")
    if result.component_inventory[r].any():
        ax.step(t, result.component_inventory[r], where="post", color=color, linestyle="--",
                label="components (product equivalents)")
    ax.fill_between(t, -result.backlog[r], step="post", color="#d62728", alpha=0.35,
                    label="backlog (orders waiting)")
    if result.obsolete[r].any():
        hit = np.flatnonzero(result.obsolete[r])
        ax.scatter(hit, np.zeros_like(hit), marker="x", color="black", zorder=3,
                   label="stock scrapped")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"time ({period_unit}s)")
    ax.set_ylabel("units")
    ax.set_title(f"{result.strategy}: stock and backlog over time")
    ax.legend(loc="upper right", fontsize="small")
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
                   label=f"customers accept {max_wait} {period_unit}s")
    ax.set_xlabel(f"customer lead time ({period_unit}s from order to delivery)")
    ax.set_ylabel("share of units delivered (%)")
    ax.set_title("How long customers wait")
    ax.legend(fontsize="small")
    return ax


def plot_cost_breakdown(summary: pd.DataFrame, ax=None, currency="€"):
    """Stacked bars of cost per unit sold, by component, one bar per strategy.

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
    for comp in COST_COMPONENTS:
        values = summary.loc[f"{comp} cost", strategies].to_numpy(dtype=float)
        if not values.any():
            continue
        ax.bar(strategies, values, bottom=bottom, color=COST_COLORS[comp], label=comp)
        bottom += values
    for x, total in enumerate(bottom):
        ax.annotate(f"{total:.1f}", (x, total), ha="center", va="bottom", fontsize="small")
    ax.set_xlabel("strategy")
    ax.set_ylabel(f"cost per unit sold ({currency})")
    ax.set_title("Where the money goes")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_strategy_map(grid: pd.DataFrame, ax=None):
    """Map of the cheapest strategy over two parameters.

    Parameters
    ----------
    grid : pandas.DataFrame
        Index: values of the y parameter; columns: values of the x
        parameter (both named: ``grid.index.name``, ``grid.columns.name``);
        cells: the name of the cheapest strategy.
    ax : matplotlib.axes.Axes or None
    """
    if not isinstance(grid, pd.DataFrame) or grid.empty:
        raise TypeError("grid must be a non-empty DataFrame of strategy names")
    ax = _axes(ax)
    names = [s for s in STRATEGY_COLORS if s in set(grid.to_numpy().ravel())]
    for s in set(grid.to_numpy().ravel()):
        check_choice("grid cell", s, tuple(STRATEGY_COLORS))
    code = grid.replace({s: i for i, s in enumerate(names)}).to_numpy(dtype=float)
    cmap = plt.matplotlib.colors.ListedColormap([STRATEGY_COLORS[s] for s in names])
    x = np.asarray(grid.columns, dtype=float)
    y = np.asarray(grid.index, dtype=float)
    ax.pcolormesh(_edges(x), _edges(y), code, cmap=cmap, vmin=-0.5,
                  vmax=len(names) - 0.5, shading="flat")
    handles = [plt.Rectangle((0, 0), 1, 1, color=STRATEGY_COLORS[s]) for s in names]
    ax.legend(handles, names, title="cheapest", fontsize="small",
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlabel(parameter_label(grid.columns.name or "x"))
    ax.set_ylabel(parameter_label(grid.index.name or "y"))
    ax.set_title("Cheapest strategy")
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
    "demand.mean": "mean demand (units per week)",
    "costs.mto_premium": "make-to-order premium (€ per unit)",
    "costs.assembly_premium": "assembly premium (€ per unit)",
    "costs.holding_rate": "holding cost (share of value per week)",
    "costs.setup_cost": "set-up cost (€ per run)",
    "costs.lost_sale_cost": "lost-sale cost (€ per unit)",
    "costs.late_cost": "late-delivery penalty (€ per unit per week)",
}


def parameter_label(name: str) -> str:
    """Axis label, with units, for a scenario parameter name."""
    return PARAMETER_LABELS.get(name, name.replace("costs.", "").replace("_", " "))


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted cell centres (for pcolormesh)."""
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    mid = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - mid[0]], mid, [2 * centres[-1] - mid[-1]]])
