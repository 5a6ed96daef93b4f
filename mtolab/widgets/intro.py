"""The warm-up explorer of lesson 00: what a demand pattern looks like.

- compute: :func:`mtolab.analysis.demand_series` of the preset ``"warm-up"``;
- draw: :func:`draw_demand_series`, the demand and its expected level;
- app: :func:`demand_app`, sliders for the mean, trend, season and surge
  (:data:`WARM_UP` declares them).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from mtolab.analysis import demand_series
from mtolab.i18n import Phrase, phrase, tr
from mtolab.plots import DEMAND_COLOR
from mtolab.presets import PRESETS, preset
from mtolab.widgets._base import (
    Explorer,
    ExplorerSpec,
    Group,
    Slider,
    explorer_style,
    fixed_limits,
    fixed_ticks,
    key,
    new_figure,
    title,
)

__all__ = ["WARM_UP", "draw_demand_series", "demand_app"]

_SURGE = PRESETS["warm-up"].demand


@explorer_style
def draw_demand_series(series: pd.DataFrame, *, y_max: float | None = None):
    """Weekly demand as grey steps, the expected level as a black line.

    Parameters
    ----------
    series : pandas.DataFrame
        From :func:`mtolab.analysis.demand_series`.
    y_max : float or None
        Top of the y axis (units per week); ``None``: from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=360, right=220)
    weeks = series.index.to_numpy()
    edges = np.append(weeks, weeks[-1] + 1) - 0.5
    demand = series["demand"].to_numpy()
    ax.stairs(demand, edges, color=DEMAND_COLOR, linewidth=1.2, baseline=None)
    ax.plot(weeks, series["expected"].to_numpy(), color="black", linewidth=2)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, y_max if y_max is not None else max(float(demand.max()), 1.0) * 1.15)
    ax.set_xlabel(tr("week"))
    ax.set_ylabel(tr("units ordered per week"))
    title(ax, phrase("Two years of demand: {total:,} units ordered, {peak} in the busiest week",
                     total=int(demand.sum()), peak=int(demand.max())))
    fixed_ticks(ax, nx=6, ny=5, integer_x=True)
    key(ax, [Line2D([], [], color=DEMAND_COLOR, linewidth=1.2,
                               label=tr("units ordered")),
                        Line2D([], [], color="black", linewidth=2,
                               label=tr("expected demand\n(a perfect forecast)"))])
    return fig


def _scenario(mean, trend, seasonal_amplitude, surge_factor):
    return preset("warm-up", demand={"mean": mean, "trend": trend,
                                     "seasonal_amplitude": seasonal_amplitude,
                                     "surge_factor": surge_factor})


@lru_cache(maxsize=1)
def _y_max() -> float:
    """Top of the y axis: the busiest week over every corner of the sliders, plus room."""
    def top(**values):
        series = demand_series(_scenario(**values))
        return (float(series[["demand", "expected"]].to_numpy().max()),)

    (peak,) = fixed_limits(top, WARM_UP.controls, list(WARM_UP.sliders))
    return float(np.ceil(peak * 1.08 / 10) * 10)


def _figure(mean, trend, seasonal_amplitude, surge_factor):
    series = demand_series(_scenario(mean, trend, seasonal_amplitude, surge_factor))
    return draw_demand_series(series, y_max=_y_max())


WARM_UP = ExplorerSpec(
    name="demand", lesson="00",
    title="Warm-up: what does demand look like?",
    explanation="Move a slider and let go: the figure redraws. Grey steps are the units "
                "ordered each week; the black line is what a perfect forecaster would "
                "expect. The axes stay put, so you see the demand move.",
    groups=(
        Group("Level", (
            Slider("mean", "mean demand at the start", 20, 10, 30, 1, "units/week", "d",
                   "Average number of units ordered per week at the start"),
            Slider("trend", "trend: change of the mean each week", 0.0, -0.1, 0.1, 0.02,
                   "units/week", "+.2f", "How much mean demand grows (or shrinks) each week"),
        )),
        Group("Pattern", (
            Slider("seasonal_amplitude", "season swing over a year", 0.0, 0.0, 0.4, 0.05,
                   "of the mean", ".0%", "How far demand swings up and down over a year"),
            Slider("surge_factor",
                   Phrase("surge in weeks {first}-{last}", first=_SURGE.surge_start,
                          last=_SURGE.surge_start + _SURGE.surge_length - 1),
                   1.0, 1.0, 2.0, 0.1, "× demand", ".1f",
                   Phrase("Demand is multiplied by this for {weeks} weeks",
                          weeks=_SURGE.surge_length)),
        )),
    ),
    figure=_figure,
)


def demand_app() -> Explorer:
    """Explorer: mean, trend, season and surge of weekly demand.

    Returns
    -------
    Explorer
    """
    return Explorer(WARM_UP)
