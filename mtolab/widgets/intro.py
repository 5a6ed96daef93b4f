"""The warm-up explorer of lesson 00: what a demand pattern looks like.

- :func:`demand_series`: two years of seeded weekly demand for a pattern
  with a mean, a trend, a seasonal swing and a surge;
- :func:`draw_demand_series`: the demand and its expected level;
- :func:`demand_app`: sliders for the four settings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_real
from mtolab.demand import DemandPattern, expected_demand, generate_demand
from mtolab.plots import STRATEGY_COLORS
from mtolab.widgets._base import Explorer, float_slider, new_figure

__all__ = ["SURGE_START", "SURGE_WEEKS", "demand_series", "draw_demand_series", "demand_app"]

#: First week and length of the surge in the warm-up series.
SURGE_START = 60
SURGE_WEEKS = 8


def demand_series(mean: float = 20.0, trend: float = 0.0, seasonal_amplitude: float = 0.0,
                  surge_factor: float = 1.0, *, n_periods: int = 104,
                  seed: int = 2026) -> pd.DataFrame:
    """Seeded weekly demand for one product (Poisson around the expected level).

    Parameters
    ----------
    mean : float
        :math:`\\mu`, base demand at week 0, in units per week (1 to 100).
    trend : float
        :math:`\\beta`, change of the base level per week, in units per week
        per week (-0.5 to 0.5).
    seasonal_amplitude : float
        :math:`a`, relative swing of a yearly (52-week) season, 0 to 0.9.
    surge_factor : float
        :math:`s`, demand multiplier during an 8-week surge from week 60
        (1 = no surge, up to 4).
    n_periods : int
        :math:`T`, weeks of demand.
    seed : int
        Seed of the demand: the same seed, the same series.

    Returns
    -------
    pandas.DataFrame
        Index: week.  Columns ``demand`` (units ordered) and ``expected``
        (the expected level :math:`\\mu_t`).
    """
    mean = check_real("mean", mean, low=1.0, high=100.0)
    trend = check_real("trend", trend, low=-0.5, high=0.5)
    seasonal_amplitude = check_real("seasonal_amplitude", seasonal_amplitude, low=0.0,
                                    high=0.9)
    surge_factor = check_real("surge_factor", surge_factor, low=1.0, high=4.0)
    pattern = DemandPattern(mean=mean, trend=trend, seasonal_amplitude=seasonal_amplitude,
                            surge_start=SURGE_START, surge_length=SURGE_WEEKS,
                            surge_factor=surge_factor)
    demand = generate_demand(pattern, n_periods, seed=seed)[0, :, 0]
    return pd.DataFrame({"demand": demand, "expected": expected_demand(pattern, n_periods)},
                        index=pd.RangeIndex(n_periods, name="week"))


def draw_demand_series(series: pd.DataFrame):
    """Weekly demand as steps, the expected level as a line.

    Parameters
    ----------
    series : pandas.DataFrame
        From :func:`demand_series`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=3.2)
    weeks = series.index.to_numpy()
    edges = np.append(weeks, weeks[-1] + 1) - 0.5
    ax.stairs(series["demand"].to_numpy(), edges, color="#888888", label="demand (units ordered)")
    ax.plot(weeks, series["expected"].to_numpy(), color=STRATEGY_COLORS["MTS"], linewidth=2,
            label="expected demand")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, max(float(series["demand"].max()), 1.0) * 1.2)
    ax.set_xlabel("week")
    ax.set_ylabel("units per week")
    ax.set_title(f"Two years of demand: {series['demand'].sum():,} units, "
                 f"busiest week {series['demand'].max()}", fontsize="medium", y=1.01)
    ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.legend(loc="upper left", fontsize="small", ncols=2)
    return fig


def demand_app() -> Explorer:
    """Explorer: mean, trend, season and surge of weekly demand.

    Returns
    -------
    Explorer
    """
    controls = {
        "mean": float_slider("mean demand (units/week)", 20.0, 5.0, 50.0, 1.0, fmt=".0f",
                             tooltip="Average number of units ordered per week at the start"),
        "trend": float_slider("trend (units/week per week)", 0.0, -0.1, 0.2, 0.02, fmt="+.2f",
                              tooltip="How much mean demand grows (or shrinks) each week"),
        "seasonal_amplitude": float_slider("season swing (share of mean)", 0.0, 0.0, 0.8, 0.1,
                                           fmt=".0%",
                                           tooltip="How far demand swings up and down over "
                                                   "a year"),
        "surge_factor": float_slider("surge in weeks 60-67 (x demand)", 1.0, 1.0, 3.0, 0.25,
                                     fmt=".2f",
                                     tooltip="Demand is multiplied by this for 8 weeks"),
    }

    def figure(mean, trend, seasonal_amplitude, surge_factor):
        return draw_demand_series(demand_series(mean, trend, seasonal_amplitude, surge_factor))

    return Explorer(
        "Warm-up: what does demand look like?",
        "Move a slider and let go: the figure redraws. Grey steps are the units ordered each "
        "week; the blue line is what a perfect forecaster would expect.",
        controls, figure,
    )
