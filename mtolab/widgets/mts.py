"""Explorers of lesson 02, make to stock: forecasting methods, and what forecast error costs.

Each explorer is a computation of :mod:`mtolab.analysis`, a pure drawing
function of this module and an app factory:

- :data:`FORECASTING`: :func:`mtolab.analysis.forecast_accuracy`,
  :func:`draw_forecast_accuracy`, :func:`forecast_methods_app`: a
  forecasting method and its setting against one seeded year of demand,
  with the error metrics;
- :data:`FORECAST_ERROR`: :func:`mtolab.analysis.forecast_error_cost`,
  :func:`draw_forecast_error_cost`, :func:`forecast_error_app`: forecast
  bias, forecast noise and shelf life against the stock, the share served
  from stock and the cost of make to stock (the preset ``"one product"``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mtolab.analysis import (
    ERROR_COSTS,
    ForecastAccuracy,
    ForecastErrorCost,
    forecast_accuracy,
    forecast_error_cost,
)
from mtolab.i18n import number, phrase, tr
from mtolab.plots import DEMAND_COLOR, FORECAST_COLOR
from mtolab.presets import preset
from mtolab.widgets._base import (
    Choice,
    Explorer,
    ExplorerSpec,
    Group,
    Slider,
    count,
    explorer_style,
    fixed_limits,
    fixed_ticks,
    key,
    new_figure,
    title,
)
from mtolab.widgets.controls import forecast_noise, weeks

__all__ = ["FORECASTING", "FORECAST_ERROR", "draw_forecast_accuracy", "forecast_methods_app",
           "method_label",
           "draw_forecast_error_cost", "forecast_error_app"]


# ----------------------------------------------------------- forecast methods
@explorer_style
def draw_forecast_accuracy(comp: ForecastAccuracy, *, y_max: float | None = None,
                           label: str | None = None):
    """Demand as grey steps and the forecast as an orange line; the error metrics beside.

    Parameters
    ----------
    comp : ForecastAccuracy
        From :func:`mtolab.analysis.forecast_accuracy`.
    y_max : float or None
        Top of the y axis (units per week); ``None``: from the data.
    label : str or None
        The method and its setting, for the title (:func:`method_label`);
        ``None``: ``comp.label``, translated.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=360, right=250)
    weeks = comp.series.index.to_numpy()
    edges = np.append(weeks, weeks[-1] + 1) - 0.5
    demand = comp.series["demand"].to_numpy()
    ax.stairs(demand, edges, color=DEMAND_COLOR, linewidth=1.2, baseline=None)
    ax.plot(weeks, comp.series["forecast"].to_numpy(), color=FORECAST_COLOR, linewidth=2.2)
    ax.axvspan(edges[0], comp.warm_up - 0.5, color="#f0f0f0", zorder=0)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, y_max if y_max is not None else max(float(demand.max()), 1.0) * 1.15)
    ax.set_xlabel(tr("week"))
    ax.set_ylabel(tr("units per week"))
    title(ax, phrase("Forecast: {method}", method=tr(comp.label) if label is None else label))
    fixed_ticks(ax, nx=6, ny=5, integer_x=True)
    m = comp.metrics
    lines = [phrase("bias  {value:+.1f} units", value=m["bias"]),
             phrase("MAD  {value:.1f} units", value=m["MAD"]),
             phrase("MAPE  {value:.0f} %", value=m["MAPE (%)"]),
             phrase("RMSE  {value:.1f} units", value=m["RMSE"]),
             phrase("tracking signal  {value:+.1f}", value=m["tracking signal"])]
    key(ax, [
        Line2D([], [], color=DEMAND_COLOR, linewidth=1.2, label=tr("demand (units ordered)")),
        Line2D([], [], color=FORECAST_COLOR, linewidth=2.2, label=tr("forecast")),
        Patch(color="#f0f0f0", label=phrase("first {weeks} weeks: not scored",
                                            weeks=comp.warm_up)),
    ], note=phrase("Forecast error, weeks {first}-{last}:", first=comp.warm_up,
                   last=len(weeks) - 1) + "\n" + "\n".join(lines))
    return fig


def method_label(method: str, window: int, alpha: float) -> str:
    """The method and its setting, in words (in English, :attr:`ForecastAccuracy.label`)."""
    if method == "moving_average":
        return phrase("moving average of {weeks}", weeks=count(window, "week"))
    if method == "exponential_smoothing":
        return phrase("exponential smoothing, alpha {alpha:.2f}", alpha=alpha)
    return tr("naive (last week's demand)")


METHOD_OPTIONS = (("naive", "naive"), ("moving average", "moving_average"),
                  ("exponential smoothing", "exponential_smoothing"))


def _accuracy(method, window, alpha, trend):
    return forecast_accuracy(preset("one product", demand={"trend": trend}), method,
                             window=window, alpha=alpha)


@lru_cache(maxsize=1)
def _demand_top() -> float:
    """Top of the y axis: the busiest week at either end of the trend slider, plus room.

    Every method forecasts a weighted average of past demand, so no forecast
    rises above the busiest week.
    """
    def top(**values):
        return (float(_accuracy(**values).series.to_numpy().max()),)

    (peak,) = fixed_limits(top, FORECASTING.controls, ["trend"])
    return float(np.ceil(peak * 1.1 / 5) * 5)


def _forecasting_figure(method, window, alpha, trend):
    return draw_forecast_accuracy(_accuracy(method, window, alpha, trend), y_max=_demand_top(),
                                  label=method_label(method, window, alpha))


def _forecasting_inactive(method, **_):
    notes = {}
    if method != "moving_average":
        notes["window"] = "Only a moving average has a window: pick it as the method to use this."
    if method != "exponential_smoothing":
        notes["alpha"] = ("Only exponential smoothing has an alpha: pick it as the method to "
                          "use this.")
    return notes


FORECASTING = ExplorerSpec(
    name="forecast_methods", lesson="02",
    title="Forecasting from past demand",
    explanation="Pick a method and its setting. A long window or a small alpha gives a calm "
                "forecast that lags behind a trend; a short one chases every random wiggle.",
    groups=(
        Group("Forecasting method", (
            Choice("method", "method", METHOD_OPTIONS, "moving_average",
                   "How the forecast is made from past demand"),
            weeks("window", "moving-average window", 4, 1, 26,
                  "How many past weeks the moving average averages"),
            Slider("alpha", "smoothing constant alpha: the weight of last week", 0.2, 0.05,
                   1.0, 0.05, "(0 to 1)", ".2f",
                   "Weight of the latest week in exponential smoothing (0 to 1)"),
        )),
        Group("Demand", (
            Slider("trend", "trend: change of mean demand each week", 0.0, -0.3, 0.3, 0.05,
                   "units/week", "+.2f", "How fast mean demand grows each week"),
        )),
    ),
    figure=_forecasting_figure,
    inactive=_forecasting_inactive,
)


def forecast_methods_app() -> Explorer:
    """Explorer: a forecasting method and its setting against one year of demand.

    Returns
    -------
    Explorer
    """
    return Explorer(FORECASTING)


# ------------------------------------------------------------ forecast error
#: Bottom and top of the cost axis of :func:`draw_forecast_error_cost` (EUR per unit sold):
#: costs from a few cents to well over a hundred euro, on a log scale.
COST_RANGE = (0.01, 300.0)
ROW_COLORS = {"perfect forecast": "#bdbdbd", "your forecast": FORECAST_COLOR}


@explorer_style
def draw_forecast_error_cost(result: ForecastErrorCost, *, cost_range: tuple = COST_RANGE):
    """Bars of the costs forecast error moves, with a perfect and with your forecast.

    The costs per unit sold range from a few cents (a good forecast) to more
    than a hundred euro (a badly wrong one with a short shelf life), so the
    cost axis is logarithmic, and says so; each bar is labelled with its value.

    Parameters
    ----------
    result : ForecastErrorCost
        From :func:`mtolab.analysis.forecast_error_cost`.
    cost_range : tuple of float
        Bottom and top of the cost axis (EUR per unit sold, > 0); smaller
        costs are drawn at the bottom.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=300)
    rows = list(result.kpis.index)
    costs = result.kpis[list(ERROR_COSTS)].to_numpy(dtype=float)  # (rows, components)
    other = result.kpis[["finished-goods inventory", "served from stock"]].to_numpy(dtype=float)
    x = np.arange(len(ERROR_COSTS))
    width = 0.36
    low, high = cost_range
    shown = np.clip(costs, low, high)
    for k, row in enumerate(rows):
        # One step patch per row (bars separated by gaps) instead of a rectangle per bar.
        edges = np.sort(np.concatenate([x + (k - 1) * width + 0.02, x + k * width - 0.02]))
        heights = np.full(2 * len(x) - 1, low)
        heights[::2] = shown[k]
        ax.stairs(heights, edges, baseline=low, fill=True, color=ROW_COLORS[row], linewidth=0)
        for xi, value, top in zip(x + (k - 0.5) * width, costs[k], shown[k], strict=True):
            ax.annotate(number(value, fmt=".2f"), (xi, top), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize="small")
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    ax.set_xlim(-0.6, len(x) - 0.4)
    fixed_ticks(ax, x=x, xlabels=[tr(c) for c in ERROR_COSTS],
                y=[t for t in (0.01, 0.1, 1, 10, 100, 1000) if low <= t <= high])
    ax.set_ylabel(tr("€ per unit sold (log scale)"))
    scrapped = float(result.kpis["scrapped"].iloc[-1])
    shown_scrap = ("< " + number(0.1, fmt=".1f") if 0 < scrapped < 0.05
                   else number(scrapped, fmt=".1f"))
    title(ax, phrase("Forecast error adds {extra:+.2f} € per unit sold; {scrapped} % of the "
                     "units made are scrapped", extra=result.extra_cost, scrapped=shown_scrap))
    handles = [Patch(color=ROW_COLORS[row], label=phrase(
        "{row}:\n{cost:.2f} € per unit sold,\n{stock:.0f} units in stock,\n"
        "{served:.1f} % served from stock", row=tr(row), cost=costs[k].sum(),
        stock=other[k, 0], served=other[k, 1])) for k, row in enumerate(rows)]
    key(ax, handles)
    return fig


def _error_scenario(bias, noise, shelf_life):
    return preset("one product", forecast_bias=bias, forecast_noise=noise,
                  shelf_life=shelf_life)


def _error_figure(bias, noise, shelf_life):
    return draw_forecast_error_cost(forecast_error_cost(_error_scenario(bias, noise, shelf_life)))


FORECAST_ERROR = ExplorerSpec(
    name="forecast_error", lesson="02",
    title="Make to stock: what a wrong forecast costs",
    explanation="One product, about 20 units a week, restocked weekly with a 2-week lead time; "
                "customers who find the shelf empty buy elsewhere. Make the forecast too low "
                "and they leave empty-handed; make it too high or noisy and stock piles up "
                "and, with a short shelf life, is scrapped.",
    groups=(
        Group("Forecast", (
            Slider("bias", "forecast bias: too high (+) or too low (−)", 0.0, -0.5, 0.5, 0.01,
                   "of demand",
                   "+.0%", "How far the forecast is off on average: +20% means it expects "
                           "20% more demand than comes"),
            forecast_noise(0.2, 1.0, 0.05, name="noise", fmt=".2f"),
        )),
        Group("Product", (
            weeks("shelf_life", "shelf life", 6, 1, 26,
                  "Weeks a unit can wait on the shelf before it is obsolete and scrapped"),
        )),
    ),
    figure=_error_figure,
)


def forecast_error_app() -> Explorer:
    """Explorer: forecast bias, noise and shelf life against make-to-stock stock and cost.

    Returns
    -------
    Explorer
    """
    return Explorer(FORECAST_ERROR)
