"""Figures and the explorer of lesson 01, production strategies.

- :func:`draw_decoupling_points`: where each strategy stops working to a
  forecast and starts working to an order (a diagram, no controls).
- :func:`strategy_table`: the four headline numbers of every strategy
  (customer lead time, stock, fill rate, cost per unit) from
  :attr:`mtolab.Comparison.summary`; :func:`draw_strategy_table` draws them.
- :func:`strategy_kpis`, :func:`strategy_app`: the same numbers for a small
  scenario, recomputed as forecast noise, production time and the wait
  customers accept change.

Periods are weeks.  The explorer simulates 40 replications of one year, so
that all four strategies answer a slider in a few tens of milliseconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_int, check_real
from mtolab.costs import cost_breakdown
from mtolab.plots import STRATEGY_COLORS
from mtolab.scenario import STRATEGIES, Scenario
from mtolab.widgets._base import Explorer, float_slider, int_slider, new_figure

__all__ = [
    "CHAIN",
    "DECOUPLING",
    "draw_decoupling_points",
    "TABLE_COLUMNS",
    "strategy_table",
    "strategy_kpis",
    "draw_strategy_table",
    "strategy_app",
]

#: The steps from raw material to customer, in order.
CHAIN = ("source\nmaterials", "make\ncomponents", "assemble\nproduct", "finished-\ngoods store",
         "deliver to\ncustomer")

#: Index of the first step done *after* the customer's order, by strategy.
DECOUPLING = {"MTS": 4, "ATO": 2, "MTO": 0}

FORECAST_COLOR = "#c6dbef"
ORDER_COLOR = "#fcbba1"

#: Columns of :func:`strategy_table` and :func:`strategy_kpis`.
TABLE_COLUMNS = ("lead time (weeks)", "inventory (units)", "fill rate (%)",
                 "cost per unit (€)")

_SUMMARY_ROWS = {
    "lead time (weeks)": ("mean lead time",),
    "inventory (units)": ("finished-goods inventory", "component inventory"),
    "fill rate (%)": ("on-time rate",),
    "cost per unit (€)": ("total cost",),
}


def draw_decoupling_points(ax=None):
    """Diagram: the supply chain of MTS, ATO and MTO, split at the decoupling point.

    Steps before the decoupling point are done to a forecast (blue), steps
    after it only once a customer has ordered (orange).

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Where to draw (say, from ``plt.subplots(figsize=(8.5, 3.6))`` in a
        notebook); ``None`` makes a new explorer figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if ax is None:
        fig, ax = new_figure(width=8.5, height=3.6)
        fig.subplots_adjust(left=0.07, right=0.99, top=0.88, bottom=0.08)
    fig = ax.figure
    width, gap = 1.0, 0.35
    for row, (name, cut) in enumerate(DECOUPLING.items()):
        y = len(DECOUPLING) - 1 - row
        for i, step in enumerate(CHAIN):
            x = i * (width + gap)
            color = FORECAST_COLOR if i < cut else ORDER_COLOR
            ax.add_patch(Rectangle((x, y - 0.3), width, 0.6, facecolor=color,
                                   edgecolor="#555555"))
            ax.text(x + width / 2, y, step, ha="center", va="center", fontsize=8)
            if i:
                ax.add_patch(FancyArrowPatch((x - gap, y), (x, y), arrowstyle="->",
                                             mutation_scale=10, color="#555555"))
        x_cut = cut * (width + gap) - gap / 2
        ax.plot([x_cut, x_cut], [y - 0.45, y + 0.45], color="black", linewidth=2.5)
        ax.text(-0.3, y, name, ha="right", va="center", fontweight="bold",
                color=STRATEGY_COLORS[name])
    ax.text(DECOUPLING["MTS"] * (width + gap) - gap / 2, len(DECOUPLING) - 0.55,
            "decoupling point", ha="center", va="bottom", fontsize=8)
    ax.set_xlim(-1.3, len(CHAIN) * (width + gap))
    ax.set_ylim(-0.6, len(DECOUPLING) - 0.3)
    ax.axis("off")
    ax.add_patch(Rectangle((0, -0.58), 0.3, 0.15, facecolor=FORECAST_COLOR,
                           edgecolor="#555555"))
    ax.text(0.35, -0.5, "done to a forecast", va="center", fontsize=8)
    ax.add_patch(Rectangle((2.3, -0.58), 0.3, 0.15, facecolor=ORDER_COLOR,
                           edgecolor="#555555"))
    ax.text(2.65, -0.5, "done after the customer's order", va="center", fontsize=8)
    ax.set_title("Where each strategy waits for the customer: the decoupling point",
                 fontsize="medium")
    return fig


def strategy_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The strategy comparison table: one row per strategy, four headline numbers.

    Parameters
    ----------
    summary : pandas.DataFrame
        :attr:`mtolab.Comparison.summary` (KPI rows, a ``unit`` column and
        one column per strategy).

    Returns
    -------
    pandas.DataFrame
        Index: strategy.  Columns: mean customer lead time (weeks), mean
        stock of finished goods plus components (units, components counted
        in product equivalents), on-time rate (%) and total cost per
        unit sold (€).
    """
    if not isinstance(summary, pd.DataFrame) or "unit" not in summary.columns:
        raise TypeError("summary must be Comparison.summary, a DataFrame with a 'unit' column")
    strategies = [c for c in summary.columns if c != "unit"]
    table = pd.DataFrame({
        column: summary.loc[list(rows), strategies].sum(axis=0)
        for column, rows in _SUMMARY_ROWS.items()
    })
    table.index.name = "strategy"
    return table.astype(float)


def explorer_scenario(forecast_noise: float = 0.3, production_time: int = 1,
                      max_wait: int = 4, *, n_replications: int = 40, n_periods: int = 52,
                      seed: int = 2026) -> Scenario:
    """The explorer's scenario: the default product family, one year.

    Parameters
    ----------
    forecast_noise : float
        :math:`\\nu`, relative standard deviation of the forecast error, 0 to 1.
    production_time : int
        :math:`t_p`, weeks to make a unit to order, 0 to 8.
    max_wait : int
        Longest lead time customers accept, 0 to 12 weeks.
    n_replications : int
        :math:`R`, independent runs.
    n_periods : int
        :math:`T`, weeks simulated per run.
    seed : int
        Seed of demand and forecast error.

    Returns
    -------
    Scenario
    """
    forecast_noise = check_real("forecast_noise", forecast_noise, low=0.0, high=1.0)
    production_time = check_int("production_time", production_time, low=0, high=8)
    max_wait = check_int("max_wait", max_wait, low=0, high=12)
    return Scenario(forecast_noise=forecast_noise, production_time=production_time,
                    max_wait=max_wait, n_replications=n_replications, n_periods=n_periods,
                    seed=seed)


def strategy_kpis(forecast_noise: float = 0.3, production_time: int = 1, max_wait: int = 4, *,
                  n_replications: int = 40, n_periods: int = 52,
                  seed: int = 2026) -> pd.DataFrame:
    """Simulate every strategy on one small scenario and tabulate the headline numbers.

    The numbers are those of :func:`strategy_table` (means over all
    replications), computed straight from the simulations without
    confidence intervals, which keeps the explorer quick.

    Parameters
    ----------
    forecast_noise : float
        :math:`\\nu`, relative standard deviation of the forecast error, 0 to 1.
    production_time : int
        :math:`t_p`, weeks to make a unit to order, 0 to 8.
    max_wait : int
        Longest lead time customers accept, 0 to 12 weeks.
    n_replications : int
        :math:`R`, independent runs averaged.
    n_periods : int
        :math:`T`, weeks simulated per run.
    seed : int
        Seed of demand and forecast error.

    Returns
    -------
    pandas.DataFrame
        Index: strategy; columns :data:`TABLE_COLUMNS`.  ``attrs`` holds
        ``max_wait``.
    """
    sc = explorer_scenario(forecast_noise, production_time, max_wait,
                           n_replications=n_replications, n_periods=n_periods, seed=seed)
    rows = {}
    for name in STRATEGIES:
        res = sc.simulate(name)
        hist = res.lead_times
        delivered = np.maximum(hist.sum(axis=1), 1)
        demand = np.maximum(res.demand.sum(axis=1), 1)
        sold = np.maximum(res.shipped.sum(axis=1), 1.0)
        costs = cost_breakdown(res, sc.costs, sc.max_wait).to_numpy().sum(axis=1)
        rows[name] = (
            float(np.mean(hist @ np.arange(hist.shape[1]) / delivered)),
            float((res.fg_inventory + res.component_inventory).mean()),
            float(np.mean(100 * hist[:, : sc.max_wait + 1].sum(axis=1) / demand)),
            float(np.mean(costs / sold)),
        )
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(TABLE_COLUMNS))
    table.index.name = "strategy"
    table.attrs["max_wait"] = sc.max_wait
    return table


def draw_strategy_table(table: pd.DataFrame, max_wait: int | None = None, ax=None):
    """The trade-off in one picture: customer lead time against stock, one dot per strategy.

    Each dot is labelled with its strategy and its cost per unit sold.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`strategy_table` or :func:`strategy_kpis`.
    max_wait : int or None
        Longest wait customers accept (weeks), drawn as a dotted line;
        ``None`` takes ``table.attrs["max_wait"]`` if there is one.
    ax : matplotlib.axes.Axes or None
        Where to draw (say, from ``plt.subplots()`` in a notebook); ``None``
        makes a new explorer figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if max_wait is None:
        max_wait = table.attrs.get("max_wait")
    if ax is None:
        fig, ax = new_figure(height=3.4)
        fig.subplots_adjust(left=0.11)
    fig = ax.figure
    lead = table["lead time (weeks)"].to_numpy()
    stock = table["inventory (units)"].to_numpy()
    cost = table["cost per unit (€)"]
    colors = [STRATEGY_COLORS.get(s, "#777777") for s in table.index]
    ax.scatter(lead, stock, s=120, c=colors, zorder=3)
    right = max(float(lead.max()), 1.0)
    if max_wait is not None:
        ax.axvline(max_wait, color="black", linestyle=":")
        ax.text(max_wait, 0, " accepted\n wait", va="bottom", fontsize="small")
        right = max(right, float(max_wait))
    top = max(float(stock.max()), 1.0)
    for name, x, y in zip(table.index, lead, stock, strict=True):
        ax.annotate(f"{name}: {cost[name]:.1f} €", (x, y),
                    xytext=(8, -12) if name == "Hybrid" else (8, 6),
                    textcoords="offset points", fontsize="small")
    ax.set_xlim(-0.3, right * 1.3 + 0.5)
    ax.set_ylim(-0.05 * top, top * 1.2)
    ax.set_xlabel("mean customer lead time (weeks)")
    ax.set_ylabel("average stock (units)")
    ax.set_title(f"Wait or stock? Cheapest per unit sold: {cost.idxmin()}", fontsize="medium",
                 y=1.01)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    return fig


def strategy_app() -> Explorer:
    """Explorer: forecast noise, production time and accepted wait against every strategy.

    Returns
    -------
    Explorer
    """
    controls = {
        "forecast_noise": float_slider("forecast noise (relative sd)", 0.3, 0.0, 1.0, 0.1,
                                       fmt=".1f",
                                       tooltip="Spread of the forecast error as a share of "
                                               "demand; stock is held to cover it"),
        "production_time": int_slider("production time (weeks)", 1, 0, 8,
                                      tooltip="Weeks to make one unit to order (MTO and the "
                                              "hybrid's made-to-order variants)"),
        "max_wait": int_slider("customers accept (weeks)", 4, 0, 12,
                               tooltip="Longest wait before a delivery counts as late"),
    }

    def figure(forecast_noise, production_time, max_wait):
        return draw_strategy_table(strategy_kpis(forecast_noise, production_time, max_wait))

    return Explorer(
        "Four strategies, one market",
        "About 20 units a week of a product in 4 variants. Stock-based strategies answer at "
        "once but hold more stock the noisier the forecast; make to order holds none but "
        "makes customers wait.",
        controls, figure,
    )
