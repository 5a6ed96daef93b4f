"""Explorers of lesson 03, make to order: lead time, utilisation and a demand surge.

Two explorers, each a pure computation (numbers in, a table out), a
drawing function (table in, figure out) and an app factory:

- :func:`lead_time_distribution`, :func:`draw_lead_time_distribution`,
  :func:`lead_time_app`: demand, capacity, sourcing and production time
  against the distribution of customer lead times under make to order.
- :func:`lead_time_against_utilisation`, :func:`draw_lead_time_against_utilisation`:
  the simulated mean lead time at several utilisations beside the queueing
  formula (a figure of the lesson, not an explorer).
- :func:`surge_response`, :func:`draw_surge_response`, :func:`surge_app`:
  a sudden surge in demand met from stock (MTS) and from capacity (MTO).

Periods are weeks.  Each explorer simulates 100 replications of two years
or less, so that a slider answers in a few milliseconds of computing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_int, check_real
from mtolab.demand import DemandPattern
from mtolab.plots import STRATEGY_COLORS
from mtolab.queueing import lead_time_curve
from mtolab.scenario import Scenario
from mtolab.widgets._base import Explorer, float_slider, int_slider, new_figure

__all__ = [
    "LeadTimes",
    "lead_time_distribution",
    "draw_lead_time_distribution",
    "lead_time_app",
    "lead_time_against_utilisation",
    "draw_lead_time_against_utilisation",
    "surge_response",
    "draw_surge_response",
    "surge_app",
]

LATE_COLOR = "#ff9896"


@dataclass
class LeadTimes:
    """Customer lead times of one make-to-order setting.

    Attributes
    ----------
    shares : pandas.Series
        Share of delivered units (%) by lead time in weeks (the index).
    mean : float
        Mean lead time of delivered units (weeks).
    p95 : int
        95th percentile lead time (weeks): 95 % of units arrive within it.
    on_time : float
        Share of delivered units that arrived within ``max_wait`` weeks (%).
    still_waiting : float
        Share of units ordered that were not delivered by the end (%).
    utilisation : float
        Mean demand over capacity.
    minimum : int
        Sourcing plus production time: the shortest possible lead time.
    max_wait : int
        Longest wait customers accept (weeks).
    """

    shares: pd.Series
    mean: float
    p95: int
    on_time: float
    still_waiting: float
    utilisation: float
    minimum: int
    max_wait: int


def lead_time_distribution(demand_rate: float, capacity: float, production_time: int,
                           sourcing_time: int = 1, max_wait: int = 6, *,
                           n_replications: int = 100, n_periods: int = 104,
                           seed: int = 2026) -> LeadTimes:
    """Simulate make to order and tabulate how long customers wait.

    Orders arrive as a Poisson stream of ``demand_rate`` units a week; each
    is sourced, waits for a free production slot (at most ``capacity``
    starts a week, first come, first served) and is made.  The run starts
    with an empty order book and lasts ``n_periods`` weeks.

    Parameters
    ----------
    demand_rate : float
        :math:`\\lambda`, mean units ordered per week (> 0).
    capacity : float
        :math:`c`, units the factory can start per week (> 0).
    production_time : int
        :math:`t_p`, weeks from the start of production to delivery (>= 0).
    sourcing_time : int
        :math:`t_s`, weeks to source materials after the order (>= 0).
    max_wait : int
        Longest lead time customers accept, in weeks (>= 0).
    n_replications : int
        Independent runs averaged.
    n_periods : int
        Weeks simulated per run.
    seed : int
        Seed of the demand.

    Returns
    -------
    LeadTimes
    """
    demand_rate = check_real("demand_rate", demand_rate, low=0.0, low_open=True)
    max_wait = check_int("max_wait", max_wait, low=0, high=104)
    sc = Scenario(demand=DemandPattern(mean=demand_rate), capacity=capacity,
                  production_time=production_time, sourcing_time=sourcing_time,
                  max_wait=max_wait, n_replications=n_replications, n_periods=n_periods,
                  seed=seed)
    res = sc.simulate("MTO")
    hist = res.lead_times.sum(axis=0).astype(float)
    delivered = hist.sum()
    ordered = float(res.demand.sum())
    waits = np.arange(len(hist))
    if delivered > 0:
        share = 100 * hist / delivered
        mean = float(hist @ waits / delivered)
        p95 = int((np.cumsum(hist) / delivered < 0.95 - 1e-12).sum())
    else:  # nothing delivered at all: every order is still in the pipeline
        share, mean, p95 = np.zeros_like(hist), float("nan"), 0
    on_time = 100 * hist[: max_wait + 1].sum() / delivered if delivered > 0 else 0.0
    still = 100 * (ordered - delivered) / max(ordered, 1.0)
    shares = pd.Series(share, index=pd.Index(waits, name="lead time (weeks)"),
                       name="share of units delivered (%)")
    return LeadTimes(shares=shares, mean=mean, p95=p95, on_time=float(on_time),
                     still_waiting=float(still), utilisation=sc.utilisation,
                     minimum=sc.sourcing_time + sc.production_time, max_wait=max_wait)


def draw_lead_time_distribution(lt: LeadTimes):
    """Bars of the lead-time distribution, late units in red, the accepted wait marked.

    Parameters
    ----------
    lt : LeadTimes
        From :func:`lead_time_distribution`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    share = lt.shares.to_numpy()
    n = len(share)
    # Show the bulk of the distribution, and always the accepted wait.
    if share.sum() > 0:
        upto = int(np.searchsorted(np.cumsum(share), 99.5))
    else:
        upto = 0
    right = max(upto, lt.max_wait, lt.minimum) + 2
    edges = np.arange(n + 1) - 0.5
    cut = min(lt.max_wait + 1, n)
    on_time = np.where(np.arange(n) < cut, share, 0.0)
    late = share - on_time
    # Two step patches instead of a bar per week: the same picture, far fewer artists.
    ax.stairs(on_time, edges, fill=True, color=STRATEGY_COLORS["MTO"])
    if late.any():
        ax.stairs(late, edges, fill=True, color=LATE_COLOR)
    ax.axvline(lt.max_wait + 0.5, color="black", linestyle=":")
    ax.set_xlim(-0.7, right + 0.5)
    ax.set_ylim(0, max(share.max() if n else 0, 1.0) * 1.15)
    ax.set_xlabel("lead time (weeks)")
    ax.set_ylabel("share of units (%)")
    mean = "-" if np.isnan(lt.mean) else f"{lt.mean:.2f}"
    ax.set_title(f"Utilisation {lt.utilisation:.0%}: mean {mean}, 95th percentile {lt.p95} weeks",
                 fontsize="medium", y=1.01)
    few_ticks(ax)
    handles = [Patch(color=STRATEGY_COLORS["MTO"], label=f"on time ({lt.on_time:.0f}%)"),
               Patch(color=LATE_COLOR, label="late")]
    ax.legend(handles=handles, loc="upper right", fontsize="small")
    ax.text(lt.max_wait + 0.6, ax.get_ylim()[1] * 0.97, "accepted\nwait", va="top",
            fontsize="small")
    if lt.utilisation >= 1:
        ax.text(0.98, 0.75, f"Overloaded: {lt.still_waiting:.0f}% of\norders never delivered",
                transform=ax.transAxes, ha="right", va="top", fontsize="small")
    return fig


def few_ticks(ax, x: int = 6, y: int = 4) -> None:
    """At most ``x`` and ``y`` tick intervals: fewer tick labels draw faster."""
    ax.xaxis.set_major_locator(MaxNLocator(x, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(y))


def lead_time_app() -> Explorer:
    """Explorer: demand, capacity and production time against make-to-order lead times.

    Returns
    -------
    Explorer
    """
    controls = {
        "demand_rate": float_slider("demand (units/week)", 4.0, 0.5, 10.0, 0.1, fmt=".1f",
                                    tooltip="Mean number of units ordered per week"),
        "capacity": float_slider("capacity (units/week)", 5.0, 1.0, 10.0, 0.5, fmt=".1f",
                                 tooltip="Units the factory can start making per week"),
        "sourcing_time": int_slider("sourcing time (weeks)", 1, 0, 4,
                                    tooltip="Weeks to get materials in after the order"),
        "production_time": int_slider("production time (weeks)", 2, 0, 6,
                                      tooltip="Weeks from start of production to delivery"),
        "max_wait": int_slider("customers accept (weeks)", 6, 1, 16,
                               tooltip="Longest wait customers accept before an order is late"),
    }

    def figure(demand_rate, capacity, sourcing_time, production_time, max_wait):
        return draw_lead_time_distribution(lead_time_distribution(
            demand_rate, capacity, production_time, sourcing_time, max_wait))

    return Explorer(
        "Make to order: how long do customers wait?",
        "Every order is sourced, waits for a free production slot and is made. Push demand "
        "towards capacity and watch the tail of long waits grow; the dotted line is the "
        "wait customers accept.",
        controls, figure,
    )


# ------------------------------------------------------- lead time and load
def lead_time_against_utilisation(capacity: float, production_time: int, sourcing_time: int = 1,
                                  utilisations=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95), *,
                                  n_replications: int = 200, n_periods: int = 104,
                                  seed: int = 2026) -> pd.DataFrame:
    """Simulated mean make-to-order lead time at several utilisations, and the formula's.

    The simulation is :func:`lead_time_distribution` with demand
    :math:`\\lambda = \\rho c`.  The formula adds Kingman's queueing time
    :math:`W_q = \\frac{c_a^2 + c_s^2}{2}\\frac{\\rho}{1-\\rho}\\frac{1}{c}` to
    the fixed sourcing and production times, once with every order taking
    the same share of capacity (:math:`c_s = 0`) and once with exponential
    work content (:math:`c_s = 1`, the M/M/1 queue); arrivals are Poisson
    (:math:`c_a = 1`).

    Parameters
    ----------
    capacity : float
        :math:`c`, units the factory can start per week (> 0).
    production_time : int
        :math:`t_p`, weeks from the start of production to delivery (>= 0).
    sourcing_time : int
        :math:`t_s`, weeks to source materials after the order (>= 0).
    utilisations : sequence of float
        :math:`\\rho`, utilisations to simulate, each in (0, 1).
    n_replications : int
        Independent runs per utilisation.
    n_periods : int
        Weeks simulated per run.
    seed : int
        Seed of the demand.

    Returns
    -------
    pandas.DataFrame
        Index ``utilisation``; columns ``simulated`` (mean lead time of the
        simulation), ``formula, same work`` (:math:`c_s = 0`) and
        ``formula, random work`` (:math:`c_s = 1`), all in weeks.
    """
    capacity = check_real("capacity", capacity, low=0.0, low_open=True)
    rho = np.asarray(utilisations, dtype=float)
    if rho.ndim != 1 or rho.size == 0 or np.any(~np.isfinite(rho)) or np.any(rho <= 0) \
            or np.any(rho >= 1):
        raise ValueError(f"utilisations must be numbers in (0, 1), got {utilisations!r}")
    fixed = sourcing_time + production_time
    simulated = [lead_time_distribution(u * capacity, capacity, production_time, sourcing_time,
                                        n_replications=n_replications, n_periods=n_periods,
                                        seed=seed).mean for u in rho]
    same = lead_time_curve(rho, 1 / capacity, service_cv=0.0)["mean_wait"].to_numpy()
    random = lead_time_curve(rho, 1 / capacity, service_cv=1.0)["mean_wait"].to_numpy()
    frame = pd.DataFrame({"simulated": simulated, "formula, same work": fixed + same,
                          "formula, random work": fixed + random},
                         index=pd.Index(rho, name="utilisation"))
    frame.attrs.update(capacity=capacity, minimum=fixed, n_periods=n_periods)
    return frame


def draw_lead_time_against_utilisation(frame: pd.DataFrame, max_wait: float | None = None):
    """Mean lead time against utilisation: formula curves and simulated points.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`lead_time_against_utilisation`.
    max_wait : float or None
        Longest wait customers accept (weeks), drawn as a dotted line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    a = frame.attrs
    top = float(frame.index.max())
    rho = np.linspace(0.0, min(top + 0.02, 0.97), 60)
    fixed = a["minimum"]
    for cv, style, label in ((0.0, "-", "formula, same work per order"),
                             (1.0, "--", "formula, random work (M/M/1)")):
        wait = lead_time_curve(rho, 1 / a["capacity"], service_cv=cv)["mean_wait"]
        ax.plot(100 * rho, fixed + wait, color="black", linestyle=style, label=label)
    ax.plot(100 * frame.index, frame["simulated"], "o", color=STRATEGY_COLORS["MTO"],
            label=f"simulated ({a['n_periods']} weeks)")
    ax.axhline(fixed, color="grey", linewidth=0.8)
    ax.text(2, fixed, "sourcing + production", va="bottom", fontsize="small", color="grey")
    if max_wait is not None:
        ax.axhline(max_wait, color="black", linestyle=":")
        ax.text(2, max_wait, "customers accept", va="bottom", fontsize="small")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(frame.to_numpy().max(), max_wait or 0) * 1.15)
    ax.set_xlabel("utilisation (% of capacity)")
    ax.set_ylabel("mean lead time (weeks)")
    ax.set_title(f"Make to order, capacity {a['capacity']:g} units/week", fontsize="medium",
                 y=1.01)
    few_ticks(ax)
    ax.legend(loc="upper left", fontsize="small", bbox_to_anchor=(0, 0.9))
    return fig


# --------------------------------------------------------------------- surge
SURGE_START = 10
SURGE_WEEKS = 52


def surge_scenario(surge_factor: float, surge_length: int, capacity: float = 25.0, *,
                   n_replications: int = 100, seed: int = 2026) -> Scenario:
    """The lesson's surge scenario: 20 units a week, a surge from week 10, one year.

    Make to stock forecasts from past demand (exponential smoothing), so it
    learns of the surge only once it has started.

    Parameters
    ----------
    surge_factor : float
        Demand multiplier during the surge (1 = no surge).
    surge_length : int
        Weeks the surge lasts.
    capacity : float
        Make-to-order capacity in units per week.
    n_replications : int
        Independent runs.
    seed : int
        Seed of the demand.

    Returns
    -------
    Scenario
    """
    demand = DemandPattern(mean=20, surge_start=SURGE_START, surge_length=surge_length,
                           surge_factor=surge_factor)
    return Scenario(demand=demand, capacity=capacity, forecast_method="exponential_smoothing",
                    n_periods=SURGE_WEEKS, n_replications=n_replications, seed=seed)


def surge_response(surge_factor: float, surge_length: int, capacity: float = 25.0, *,
                   n_replications: int = 100, seed: int = 2026) -> pd.DataFrame:
    """Mean stock and backlog per week under MTS and MTO during a demand surge.

    Parameters
    ----------
    surge_factor : float
        Demand multiplier during the surge, 1 to 4 (1 = no surge).
    surge_length : int
        Weeks the surge lasts (1 to 40).
    capacity : float
        Make-to-order capacity in units per week (> 0).
    n_replications : int
        Independent runs averaged.
    seed : int
        Seed of the demand.

    Returns
    -------
    pandas.DataFrame
        Index: week.  Columns: ``demand`` (mean units ordered), ``MTS stock``
        (finished goods on hand), ``MTS backlog`` and ``MTO backlog``
        (units ordered and not yet delivered), all means over replications.
        ``attrs`` holds the surge settings.
    """
    surge_factor = check_real("surge_factor", surge_factor, low=1.0, high=4.0)
    surge_length = check_int("surge_length", surge_length, low=1, high=40)
    sc = surge_scenario(surge_factor, surge_length, capacity,
                        n_replications=n_replications, seed=seed)
    mts = sc.simulate("MTS")
    mto = sc.simulate("MTO")
    frame = pd.DataFrame({
        "demand": mts.demand.mean(axis=0),
        "MTS stock": mts.fg_inventory.mean(axis=0),
        "MTS backlog": mts.backlog.mean(axis=0),
        "MTO backlog": mto.backlog.mean(axis=0),
    }, index=pd.RangeIndex(sc.n_periods, name="week"))
    frame.attrs.update(surge_factor=surge_factor, surge_length=surge_length,
                       surge_start=SURGE_START, capacity=sc.capacity)
    return frame


def draw_surge_response(frame: pd.DataFrame):
    """Stock and backlog over time, MTS against MTO, with the surge shaded.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`surge_response`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    a = frame.attrs
    weeks = frame.index.to_numpy()
    ax.axvspan(a["surge_start"] - 0.5, a["surge_start"] + a["surge_length"] - 0.5,
               color="#eeeeee", label="surge")
    blue, red = STRATEGY_COLORS["MTS"], STRATEGY_COLORS["MTO"]
    ax.plot(weeks, frame["MTS stock"], color=blue, label="MTS stock")
    ax.plot(weeks, frame["MTS backlog"], color=blue, linestyle="--", label="MTS waiting")
    ax.plot(weeks, frame["MTO backlog"], color=red, label="MTO waiting")
    ax.set_xlim(0, weeks[-1])
    ax.set_ylim(0, None)
    ax.set_xlabel("week")
    ax.set_ylabel("units")
    ax.set_title(f"Most orders waiting: MTS {frame['MTS backlog'].max():.0f}, "
                 f"MTO {frame['MTO backlog'].max():.0f} units", fontsize="medium", y=1.01)
    few_ticks(ax)
    ax.legend(loc="upper right", fontsize="small")
    return fig


def surge_app() -> Explorer:
    """Explorer: a sudden surge in demand against stock (MTS) and capacity (MTO).

    Returns
    -------
    Explorer
    """
    controls = {
        "surge_factor": float_slider("surge size (x normal demand)", 2.0, 1.0, 3.0, 0.1,
                                     fmt=".1f", tooltip="Demand is multiplied by this"),
        "surge_length": int_slider("surge length (weeks)", 4, 1, 26,
                                   tooltip="How many weeks the surge lasts"),
        "capacity": float_slider("MTO capacity (units/week)", 25.0, 20.0, 40.0, 1.0,
                                 fmt=".0f", tooltip="Units the factory can start per week"),
    }

    def figure(surge_factor, surge_length, capacity):
        return draw_surge_response(surge_response(surge_factor, surge_length, capacity))

    return Explorer(
        "A sudden surge: stock against capacity",
        f"Normal demand is 20 units a week; from week {SURGE_START} it jumps. Make to stock "
        "meets the first weeks from its shelf; make to order can only work through the "
        "queue as fast as capacity allows.",
        controls, figure,
    )
