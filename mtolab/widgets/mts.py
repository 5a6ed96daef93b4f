"""Explorers of lesson 02, make to stock: what forecast error costs.

Two explorers, each a pure computation (numbers in, a table out), a
drawing function (table in, figure out) and an app factory:

- :func:`forecast_error_cost`, :func:`draw_forecast_error_cost`,
  :func:`forecast_error_app`: forecast bias, forecast noise and shelf life
  against the stock, the fill rate and the cost of make to stock.
- :func:`forecast_methods`, :func:`draw_forecast_methods`,
  :func:`forecast_methods_app`: a forecasting method and its smoothing
  setting against one seeded demand series, with the error metrics.

Periods are weeks.  The make-to-stock explorer simulates 100 replications
of one year of one product, so that a slider answers in a few
milliseconds of computing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_choice, check_int, check_real
from mtolab.costs import cost_breakdown
from mtolab.demand import DemandPattern, ProductFamily, generate_demand
from mtolab.forecast import error_metrics, forecast
from mtolab.plots import COST_COLORS, STRATEGY_COLORS
from mtolab.scenario import Scenario
from mtolab.widgets._base import Explorer, float_slider, int_slider, new_figure

__all__ = [
    "ForecastErrorCost",
    "mts_scenario",
    "forecast_error_cost",
    "draw_forecast_error_cost",
    "forecast_error_app",
    "ForecastComparison",
    "forecast_methods",
    "draw_forecast_methods",
    "forecast_methods_app",
]

#: Cost components that forecast error moves (production and set-up barely change).
ERROR_COSTS = ("holding", "obsolescence", "lost sales")
ROWS = ("perfect forecast", "your forecast")


# ------------------------------------------------------------ forecast error
def mts_scenario(bias: float = 0.0, noise: float = 0.0, shelf_life: int | None = 6, *,
                 n_replications: int = 100, n_periods: int = 52, seed: int = 2026) -> Scenario:
    """The lesson's make-to-stock shop: one product, about 20 units a week.

    Stock is replenished every week with a lead time of 2 weeks, to a
    95 % cycle service level.  Customers who find the shelf empty buy
    elsewhere (lost sales, 40 currency units each).  The planner knows how
    noisy the forecast is and holds safety stock for it, but does not know
    its bias.

    Parameters
    ----------
    bias : float
        :math:`b`, relative forecast bias (0.2 = 20 % too high), -0.5 to 0.5.
    noise : float
        :math:`\\nu`, relative standard deviation of the forecast error, 0 to 1.
    shelf_life : int or None
        Weeks a unit can stay in stock before it is obsolete (1 to 104);
        ``None``: never.
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
    bias = check_real("bias", bias, low=-0.5, high=0.5)
    noise = check_real("noise", noise, low=0.0, high=1.0)
    if shelf_life is not None:
        shelf_life = check_int("shelf_life", shelf_life, low=1, high=104)
    return Scenario(family=ProductFamily(options=(1,)), forecast_bias=bias,
                    forecast_noise=noise, shelf_life=shelf_life, unmet_demand="lost_sales",
                    max_wait=None, n_replications=n_replications, n_periods=n_periods,
                    seed=seed)


@dataclass
class ForecastErrorCost:
    """Make to stock with a perfect forecast and with the chosen one.

    Attributes
    ----------
    costs : pandas.DataFrame
        Rows ``"perfect forecast"`` and ``"your forecast"``; columns
        ``holding``, ``obsolescence`` and ``lost sales``: cost per unit sold
        (currency units).
    stock : pandas.Series
        Mean finished-goods stock (units), by row.
    fill_rate : pandas.Series
        Share of demand served from the shelf (%), by row.
    scrapped : pandas.Series
        Share of the units made that became obsolete (%), by row.
    bias, noise : float
        The chosen forecast error.
    shelf_life : int or None
        Weeks before stock is obsolete.
    """

    costs: pd.DataFrame
    stock: pd.Series
    fill_rate: pd.Series
    scrapped: pd.Series
    bias: float
    noise: float
    shelf_life: int | None

    @property
    def extra_cost(self) -> float:
        """Cost per unit sold of the chosen forecast's error (currency units)."""
        total = self.costs.sum(axis=1)
        return float(total[ROWS[1]] - total[ROWS[0]])


def _mts_row(sc: Scenario) -> tuple[dict, float, float, float]:
    res = sc.simulate("MTS")
    sold = max(float(res.shipped.sum()), 1.0)
    breakdown = cost_breakdown(res, sc.costs).sum()
    costs = {name: float(breakdown[name]) / sold for name in ERROR_COSTS}
    fill = 100 * float(res.shipped.sum()) / max(float(res.demand.sum()), 1.0)
    scrapped = 100 * float(res.obsolete.sum()) / max(float(res.made_to_stock.sum()), 1.0)
    return costs, float(res.fg_inventory.mean()), fill, scrapped


def forecast_error_cost(bias: float, noise: float, shelf_life: int | None = 6, *,
                        n_replications: int = 100, n_periods: int = 52,
                        seed: int = 2026) -> ForecastErrorCost:
    """Simulate make to stock with a perfect and with an erroneous forecast.

    Both runs see the same demand (:func:`mts_scenario`); only the
    forecast differs.

    Parameters
    ----------
    bias : float
        :math:`b`, relative forecast bias, -0.5 to 0.5 (0.2 = 20 % too high).
    noise : float
        :math:`\\nu`, relative standard deviation of the forecast error, 0 to 1.
    shelf_life : int or None
        Weeks before stock is obsolete (1 to 104); ``None``: never.
    n_replications : int
        :math:`R`, independent runs averaged.
    n_periods : int
        :math:`T`, weeks simulated per run.
    seed : int
        Seed of demand and forecast error.

    Returns
    -------
    ForecastErrorCost
    """
    chosen = mts_scenario(bias, noise, shelf_life, n_replications=n_replications,
                          n_periods=n_periods, seed=seed)
    perfect = chosen.replace(forecast_bias=0.0, forecast_noise=0.0)
    rows = [_mts_row(perfect), _mts_row(chosen)]
    costs = pd.DataFrame([r[0] for r in rows], index=pd.Index(ROWS, name="forecast"))
    costs.columns.name = "cost per unit sold"
    return ForecastErrorCost(
        costs=costs,
        stock=pd.Series([r[1] for r in rows], index=costs.index, name="mean stock (units)"),
        fill_rate=pd.Series([r[2] for r in rows], index=costs.index, name="fill rate (%)"),
        scrapped=pd.Series([r[3] for r in rows], index=costs.index, name="scrapped (%)"),
        bias=chosen.forecast_bias, noise=chosen.forecast_noise, shelf_life=chosen.shelf_life,
    )


def draw_forecast_error_cost(result: ForecastErrorCost):
    """Stacked horizontal bars: what forecast error adds to the cost of a unit.

    Parameters
    ----------
    result : ForecastErrorCost
        From :func:`forecast_error_cost`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=2.8)
    fig.subplots_adjust(left=0.2, bottom=0.18, top=0.86)
    y = np.arange(len(result.costs))
    left = np.zeros(len(y))
    for name in ERROR_COSTS:
        values = result.costs[name].to_numpy()
        ax.barh(y, values, left=left, height=0.55, color=COST_COLORS[name], label=name)
        left += values
    ax.set_yticks(y, list(result.costs.index))
    ax.set_ylim(-0.5, len(y) - 0.1)
    right = max(float(left.max()), 0.5) * 1.6
    ax.set_xlim(0, right)
    for yi, row in enumerate(result.costs.index):
        ax.text(left[yi] + right * 0.01, yi,
                f"{left[yi]:.2f} €\n{result.stock[row]:.0f} in stock, "
                f"{result.fill_rate[row]:.1f}% served",
                va="center", fontsize="small")
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_tick_params(length=0)
    ax.set_xlabel("cost per unit sold (€)")
    scrapped = result.scrapped.iloc[1]
    shown = "< 0.1" if 0 < scrapped < 0.05 else f"{scrapped:.1f}"
    ax.set_title(f"Forecast error adds {result.extra_cost:+.2f} € per unit sold; "
                 f"{shown}% of units made are scrapped", fontsize="medium", y=1.01)
    ax.legend(loc="upper right", fontsize="small", ncols=3, frameon=False)
    return fig


def forecast_error_app() -> Explorer:
    """Explorer: forecast bias, noise and shelf life against make-to-stock stock and cost.

    Returns
    -------
    Explorer
    """
    controls = {
        "bias": float_slider("forecast bias (+ = too high)", 0.0, -0.5, 0.5, 0.05, fmt="+.0%",
                             tooltip="How far the forecast is off on average: +20% means it "
                                     "expects 20% more demand than comes"),
        "noise": float_slider("forecast noise (relative sd)", 0.2, 0.0, 1.0, 0.05, fmt=".2f",
                              tooltip="Spread of the forecast error as a share of demand; the "
                                      "planner knows it and holds safety stock for it"),
        "shelf_life": int_slider("shelf life (weeks)", 6, 1, 26,
                                 tooltip="Weeks a unit can wait on the shelf before it is "
                                         "obsolete and scrapped"),
    }

    def figure(bias, noise, shelf_life):
        return draw_forecast_error_cost(forecast_error_cost(bias, noise, shelf_life))

    return Explorer(
        "Make to stock: what a wrong forecast costs",
        "One product, about 20 units a week, restocked weekly with a 2-week lead time. Make "
        "the forecast too low and customers leave empty-handed; make it too high or noisy and "
        "stock piles up and, with a short shelf life, is scrapped.",
        controls, figure,
    )


# ----------------------------------------------------------- forecast methods
METHODS = ("naive", "moving_average", "exponential_smoothing")


@dataclass
class ForecastComparison:
    """One demand series and a one-step-ahead forecast of it.

    Attributes
    ----------
    series : pandas.DataFrame
        Index: week.  Columns ``demand`` and ``forecast`` (units).
    metrics : pandas.Series
        :func:`mtolab.error_metrics` of the forecast, from week ``warm_up`` on.
    method : str
        The forecasting method.
    label : str
        The method and its setting, for titles.
    warm_up : int
        Weeks left out of the metrics (the forecast has no history yet).
    """

    series: pd.DataFrame
    metrics: pd.Series
    method: str
    label: str
    warm_up: int


def forecast_methods(method: str, window: int = 4, alpha: float = 0.2, trend: float = 0.0, *,
                     n_periods: int = 52, seed: int = 2026) -> ForecastComparison:
    """Forecast a seeded weekly demand series and measure the forecast error.

    Demand is Poisson around 20 units a week plus ``trend`` units a week
    per week (the lesson's series).

    Parameters
    ----------
    method : {"naive", "moving_average", "exponential_smoothing"}
        The forecasting method.
    window : int
        :math:`n`, weeks averaged by the moving average (1 to 26).
    alpha : float
        :math:`\\alpha`, smoothing constant of exponential smoothing, in (0, 1].
    trend : float
        :math:`\\beta`, growth of mean demand in units per week per week (-0.3 to 0.3).
    n_periods : int
        :math:`T`, weeks of demand (8 to 520).
    seed : int
        Seed of the demand.

    Returns
    -------
    ForecastComparison
    """
    method = check_choice("method", method, METHODS)
    window = check_int("window", window, low=1, high=26)
    alpha = check_real("alpha", alpha, low=0.0, high=1.0, low_open=True)
    trend = check_real("trend", trend, low=-0.3, high=0.3)
    n_periods = check_int("n_periods", n_periods, low=8, high=520)
    demand = generate_demand(DemandPattern(mean=20.0, trend=trend), n_periods,
                             seed=seed)[0, :, 0].astype(float)
    params = {"moving_average": {"window": window},
              "exponential_smoothing": {"alpha": alpha}}.get(method, {})
    fc = forecast(demand, method, **params)
    label = {"naive": "naive (last week's demand)",
             "moving_average": f"moving average of {window} weeks",
             "exponential_smoothing": f"exponential smoothing, alpha = {alpha:.2f}"}[method]
    warm_up = 4
    series = pd.DataFrame({"demand": demand, "forecast": fc},
                          index=pd.RangeIndex(n_periods, name="week"))
    metrics = error_metrics(demand[warm_up:], fc[warm_up:])
    return ForecastComparison(series=series, metrics=metrics, method=method, label=label,
                              warm_up=warm_up)


def draw_forecast_methods(comp: ForecastComparison):
    """Demand as steps and the forecast as a line, the error metrics in the title.

    Parameters
    ----------
    comp : ForecastComparison
        From :func:`forecast_methods`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=3.2)
    weeks = comp.series.index.to_numpy()
    edges = np.append(weeks, weeks[-1] + 1) - 0.5
    ax.stairs(comp.series["demand"].to_numpy(), edges, color="#888888", label="demand")
    ax.plot(weeks, comp.series["forecast"].to_numpy(), color=STRATEGY_COLORS["MTS"],
            linewidth=2, label=f"forecast: {comp.label}")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, None)
    ax.set_xlabel("week")
    ax.set_ylabel("units per week")
    m = comp.metrics
    ax.set_title(f"bias {m['bias']:+.1f}, MAD {m['MAD']:.1f}, MAPE {m['MAPE (%)']:.0f}%, "
                 f"RMSE {m['RMSE']:.1f}, tracking signal {m['tracking signal']:+.1f}",
                 fontsize="medium", y=1.01)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.legend(loc="lower right", fontsize="small")
    return fig


def forecast_methods_app() -> Explorer:
    """Explorer: a forecasting method and its setting against one year of demand.

    Returns
    -------
    Explorer
    """
    import ipywidgets as widgets

    from mtolab.widgets._base import LAYOUT, STYLE

    method = widgets.Dropdown(
        options=[("naive", "naive"), ("moving average", "moving_average"),
                 ("exponential smoothing", "exponential_smoothing")],
        value="moving_average", description="method", style=STYLE, layout=LAYOUT,
        tooltip="How the forecast is made from past demand",
    )
    controls = {
        "method": method,
        "window": int_slider("moving-average window (weeks)", 4, 1, 26,
                             tooltip="How many past weeks the moving average averages"),
        "alpha": float_slider("smoothing alpha (0 to 1)", 0.2, 0.05, 1.0, 0.05,
                              tooltip="Weight of the latest week in exponential smoothing"),
        "trend": float_slider("demand trend (units/week per week)", 0.0, -0.3, 0.3, 0.05,
                              tooltip="How fast mean demand grows each week"),
    }

    def figure(method, window, alpha, trend):
        return draw_forecast_methods(forecast_methods(method, window, alpha, trend))

    return Explorer(
        "Forecasting from past demand",
        "Pick a method and its setting. A long window or a small alpha gives a calm forecast "
        "that lags behind a trend; a short one chases every random wiggle.",
        controls, figure,
    )
