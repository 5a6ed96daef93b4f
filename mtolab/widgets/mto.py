"""Explorers and a figure of lesson 03, make to order: lead times, load, a demand surge.

Each explorer is a computation of :mod:`mtolab.analysis`, a pure drawing
function of this module and an app factory:

- :data:`LEAD_TIME`: :func:`mtolab.analysis.lead_time_distribution`,
  :func:`draw_lead_time_distribution`, :func:`lead_time_app`: demand,
  capacity, sourcing and production time against the distribution of
  customer lead times (the preset ``"workshop"``);
- :func:`draw_lead_time_against_utilisation` draws
  :func:`mtolab.analysis.lead_time_against_utilisation` (a figure of the
  lesson, not an explorer);
- :data:`SURGE`: :func:`mtolab.analysis.surge_response`,
  :func:`draw_surge_response`, :func:`surge_app`: a sudden surge in demand
  met from stock (MTS) and from capacity (MTO) (the preset ``"surge"``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mtolab.analysis import LeadTimes, lead_time_distribution, surge_response
from mtolab.i18n import Phrase, number, phrase, tr
from mtolab.plots import STRATEGY_COLORS, STRATEGY_MARKERS
from mtolab.presets import PRESETS, preset
from mtolab.queueing import lead_time_curve
from mtolab.widgets._base import (
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
from mtolab.widgets.controls import accepted_wait, units_per_week, weeks

__all__ = ["LEAD_TIME", "SURGE", "LONGEST_SHOWN", "draw_lead_time_distribution",
           "lead_time_app", "draw_lead_time_against_utilisation", "draw_surge_response",
           "surge_app"]

MTO_COLOR = STRATEGY_COLORS["MTO"]
MTS_COLOR = STRATEGY_COLORS["MTS"]
#: The lead-time axis ends here; the last bar holds every longer wait.
LONGEST_SHOWN = 24


# ----------------------------------------------------------------- lead times
@explorer_style
def draw_lead_time_distribution(lt: LeadTimes, *, longest: int = LONGEST_SHOWN):
    """Bars of the lead-time distribution: on time solid, late hatched, the accepted wait dotted.

    The axes are fixed: lead times from 0 to ``longest`` weeks (the last bar
    holds every longer wait, and its label says so) and shares from 0 to
    100 %.

    Parameters
    ----------
    lt : LeadTimes
        From :func:`mtolab.analysis.lead_time_distribution`.
    longest : int
        Lead time of the last bar, in weeks.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=250, top=62)
    share = lt.shares.to_numpy()
    shown = np.zeros(longest + 1)
    shown[: min(len(share), longest)] = share[:longest]
    shown[longest] = share[longest:].sum()
    edges = np.arange(longest + 2) - 0.5
    wait = longest if lt.max_wait is None else lt.max_wait
    on_time = np.where(np.arange(longest + 1) <= wait, shown, 0.0)
    # Two step patches instead of a bar per week: the same picture, far fewer artists.
    ax.stairs(on_time, edges, fill=True, color=MTO_COLOR, linewidth=0)
    ax.stairs(shown - on_time, edges, fill=True, facecolor="white", edgecolor=MTO_COLOR,
              hatch="///", linewidth=0.8)
    if lt.max_wait is not None:
        ax.axvline(lt.max_wait + 0.5, color="black", linestyle=":", linewidth=1.5)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, 100)
    ticks = list(range(0, longest, 4)) + [longest]
    fixed_ticks(ax, x=ticks, xlabels=[str(t) for t in ticks[:-1]] + [f"{longest}+"], ny=5)
    ax.set_xlabel(tr("lead time (weeks from order to delivery)"))
    ax.set_ylabel(tr("share of units delivered (%)"))
    mean = "-" if np.isnan(lt.mean) else number(lt.mean, fmt=".2f")
    p95 = "-" if np.isnan(lt.p95) else number(lt.p95, fmt=".1f")
    title(ax, phrase("Utilisation {utilisation:.0f} %: mean lead time {mean} weeks, 95th "
                     "percentile lead time {p95} weeks\non-time rate {on_time:.0f} % of the "
                     "units ordered", utilisation=100 * lt.utilisation, mean=mean, p95=p95,
                     on_time=lt.on_time))
    handles = [Patch(color=MTO_COLOR, label=tr("on time")),
               Patch(facecolor="white", edgecolor=MTO_COLOR, hatch="///", label=tr("late"))]
    if lt.max_wait is not None:
        handles.append(Line2D([], [], color="black", linestyle=":", linewidth=1.5,
                              label=phrase("customers accept\n{wait}",
                                           wait=count(lt.max_wait, "week"))))
    notes = [phrase("The last bar holds every\nwait of {weeks} weeks or more.", weeks=longest)]
    if lt.utilisation >= 1:
        notes.append(phrase("Overloaded: {share:.0f} % of the\norders are never delivered.",
                            share=lt.not_delivered))
    else:
        notes.append(phrase("Orders still open at the end\n({share:.0f} %) count as not on time.",
                            share=lt.not_delivered))
    key(ax, handles, note="\n\n".join(notes))
    return fig


def _workshop(demand_rate, capacity, sourcing_time, production_time, max_wait):
    return preset("workshop", demand={"mean": demand_rate}, capacity=capacity,
                  sourcing_time=sourcing_time, production_time=production_time,
                  max_wait=max_wait)


def _lead_time_figure(demand_rate, capacity, sourcing_time, production_time, max_wait):
    return draw_lead_time_distribution(lead_time_distribution(_workshop(
        demand_rate, capacity, sourcing_time, production_time, max_wait)))


LEAD_TIME = ExplorerSpec(
    name="lead_time", lesson="03",
    title="Make to order: how long do customers wait?",
    explanation="Every order is sourced, waits for a free production slot and is made. Push "
                "demand towards capacity and watch the tail of late deliveries (hatched) grow; "
                "the dotted line is the wait customers accept.",
    groups=(
        Group("Market", (
            units_per_week("demand_rate", "demand", 4.0, 0.5, 10.0, 0.1,
                           "Mean number of units ordered per week"),
            accepted_wait(6, 1, 16),
        )),
        Group("Factory", (
            units_per_week("capacity", "capacity", 5.0, 1.0, 10.0, 0.5,
                           "Units the factory can start making per week"),
            weeks("sourcing_time", "sourcing time", 1, 0, 4,
                  "Weeks to get materials in after the order"),
            weeks("production_time", "production time", 2, 0, 6,
                  "Weeks from start of production to delivery"),
        )),
    ),
    figure=_lead_time_figure,
)


def lead_time_app() -> Explorer:
    """Explorer: demand, capacity and production time against make-to-order lead times.

    Returns
    -------
    Explorer
    """
    return Explorer(LEAD_TIME)


# ------------------------------------------------------- lead time and load
@explorer_style
def draw_lead_time_against_utilisation(frame: pd.DataFrame, max_wait: float | None = None):
    """Mean lead time against utilisation: formula curves and simulated points.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mtolab.analysis.lead_time_against_utilisation`.
    max_wait : float or None
        Longest wait customers accept (weeks), drawn as a dotted line.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=270)
    a = frame.attrs
    top = float(frame.index.max())
    rho = np.linspace(0.0, min(top + 0.02, 0.97), 60)
    fixed = a["minimum"]
    handles = []
    for cv, style, label in ((0.0, "-", "formula, same work per order"),
                             (1.0, "--", "formula, random work (M/M/1)")):
        wait = lead_time_curve(rho, 1 / a["capacity"], service_cv=cv)["mean_wait"]
        (line,) = ax.plot(100 * rho, fixed + wait, color="black", linestyle=style,
                          label=tr(label))
        handles.append(line)
    (points,) = ax.plot(100 * frame.index, frame["simulated"], STRATEGY_MARKERS["MTO"],
                        color=MTO_COLOR, markersize=8,
                        label=phrase("simulated MTO ({weeks} weeks)", weeks=a["n_periods"]))
    handles.append(points)
    ax.axhline(fixed, color="grey", linewidth=0.8)
    handles.append(Line2D([], [], color="grey", linewidth=0.8,
                          label=phrase("sourcing + production ({weeks} weeks)", weeks=fixed)))
    if max_wait is not None:
        ax.axhline(max_wait, color="black", linestyle=":")
        handles.append(Line2D([], [], color="black", linestyle=":",
                              label=phrase("customers accept {weeks:g} weeks",
                                           weeks=max_wait)))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(frame.to_numpy().max(), max_wait or 0) * 1.15)
    ax.set_xlabel(tr("utilisation (% of capacity)"))
    ax.set_ylabel(tr("mean lead time (weeks)"))
    title(ax, phrase("Make to order, capacity {capacity:g} units/week", capacity=a["capacity"]))
    fixed_ticks(ax, nx=6, ny=5, integer_x=True)
    key(ax, handles)
    return fig


# --------------------------------------------------------------------- surge
SURGE_PRESET = PRESETS["surge"]


@explorer_style
def draw_surge_response(frame: pd.DataFrame, *, y_max: float | None = None):
    """Stock and orders waiting over time, MTS against MTO, with the surge shaded.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mtolab.analysis.surge_response`.
    y_max : float or None
        Top of the y axis (units); ``None``: from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=270)
    a = frame.attrs
    weeks = frame.index.to_numpy()
    ax.axvspan(a["surge_start"] - 0.5, a["surge_start"] + a["surge_length"] - 0.5,
               color="#ececec", zorder=0)
    lines = [("MTS stock", MTS_COLOR, "-", "MTS: stock on hand"),
             ("MTS waiting", MTS_COLOR, "--", "MTS: orders waiting\nfor stock"),
             ("MTO waiting", MTO_COLOR, "--", "MTO: orders waiting for\nparts or capacity"),
             ("MTO in production", MTO_COLOR, ":", "MTO: orders in production")]
    handles = []
    for column, color, style, label in lines:
        (line,) = ax.plot(weeks, frame[column].to_numpy(), color=color, linestyle=style,
                          linewidth=2, label=tr(label))
        handles.append(line)
    handles.append(Patch(color="#ececec", label=phrase("surge: {factor:g} × demand",
                                                       factor=a["surge_factor"])))
    values = frame[[c for c, *_ in lines]].to_numpy()
    ax.set_xlim(0, weeks[-1])
    ax.set_ylim(0, y_max if y_max is not None else max(float(values.max()), 1.0) * 1.1)
    ax.set_xlabel(tr("week"))
    ax.set_ylabel(tr("units (mean over runs)"))
    title(ax, phrase("Most orders waiting: MTS {mts:.0f}, MTO {mto:.0f} units (capacity "
                     "{capacity:g} units/week)", mts=frame["MTS waiting"].max(),
                     mto=frame["MTO waiting"].max(), capacity=a["capacity"]))
    fixed_ticks(ax, nx=6, ny=5, integer_x=True)
    key(ax, handles, note=tr("Both make at most the\ncapacity a week: MTS to\n"
                             "refill its stock, MTO to\nfill orders."))
    return fig


def _surge_scenario(surge_factor, surge_length, capacity):
    return preset("surge", demand={"surge_factor": surge_factor, "surge_length": surge_length},
                  capacity=capacity)


@lru_cache(maxsize=1)
def _surge_top() -> float:
    def top(**values):
        frame = surge_response(_surge_scenario(**values))
        return (float(frame.drop(columns="demand").to_numpy().max()),)

    (peak,) = fixed_limits(top, SURGE.controls, list(SURGE.sliders))
    return float(np.ceil(peak * 1.08 / 10) * 10)


def _surge_figure(surge_factor, surge_length, capacity):
    return draw_surge_response(surge_response(_surge_scenario(surge_factor, surge_length,
                                                              capacity)), y_max=_surge_top())


SURGE = ExplorerSpec(
    name="surge", lesson="03",
    title="A sudden surge: stock against capacity",
    explanation=Phrase("Normal demand is {mean:g} units a week; from week {start} it jumps. "
                       "Make to stock meets the first weeks from its shelf; make to order can "
                       "only work through the queue. Both make at most the factory's capacity "
                       "a week, to refill stock or to fill orders.",
                       mean=SURGE_PRESET.demand.mean, start=SURGE_PRESET.demand.surge_start),
    groups=(
        Group("Surge", (
            Slider("surge_factor", "surge size", 2.0, 1.0, 3.0, 0.1, "× normal", ".1f",
                   "Demand is multiplied by this during the surge"),
            weeks("surge_length", "surge length", 4, 1, 8, "How many weeks the surge lasts"),
        )),
        Group("Factory", (
            units_per_week("capacity", "capacity (MTS and MTO)", 25.0, 22.0, 40.0, 1.0,
                           "Units the factory can make per week: MTS to refill its stock, "
                           "MTO to fill orders", ".0f"),
        )),
    ),
    figure=_surge_figure,
)


def surge_app() -> Explorer:
    """Explorer: a sudden surge in demand against stock (MTS) and capacity (MTO).

    Returns
    -------
    Explorer
    """
    return Explorer(SURGE)
