"""Explorers of lesson 05, choosing a strategy: total cost per unit and where it flips.

Two explorers, each a pure computation (numbers in, a table out), a
drawing function (table in, figure out) and an app factory:

- :func:`strategy_costs`, :func:`draw_strategy_costs`, :func:`cost_app`:
  forecast noise, the wait customers accept, the make-to-order premium and
  the holding cost against each strategy's cost per unit sold, by component.
- :func:`strategy_map`, :func:`draw_strategy_map`, :func:`strategy_map_app`:
  a map of the cheapest strategy over forecast noise and the make-to-order
  premium, with the other costs set by sliders.

Both run on :data:`EXPLORER_SCENARIO`, a computer maker with 18
configurations whose stock ages out after 12 weeks, simulated over one
year and 30 replications so that a slider answers quickly.

Speed.  Costs are computed from a simulation's flows (units shipped, stock
held, units scrapped, ...), so a cost setting only *re-prices* a run.  Those
flows (a few small arrays per run, not the whole simulation) are cached,
keyed by the settings that change the simulation; a cost slider never
re-simulates.  The map uses that a
strategy's cost per unit is linear in the make-to-order premium: two
pricings per strategy and forecast-noise value give a whole column of the
map.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_int, check_real
from mtolab.costs import COST_COMPONENTS, CostModel, cost_drivers
from mtolab.demand import ProductFamily
from mtolab.kpis import lead_time_percentile
from mtolab.plots import COST_COLORS, STRATEGY_COLORS, parameter_label, plot_strategy_map
from mtolab.scenario import STRATEGIES, Scenario
from mtolab.scenario import _with as _set
from mtolab.widgets._base import Explorer, float_slider, int_slider, new_figure

__all__ = [
    "EXPLORER_SCENARIO",
    "simulate_strategies",
    "cost_sweep",
    "break_even",
    "draw_cost_sweep",
    "strategy_costs",
    "draw_strategy_costs",
    "cost_app",
    "strategy_map",
    "draw_strategy_map",
    "strategy_map_app",
]

#: The explorers' scenario: 20 computers a week in 3 x 3 x 2 = 18 configurations (a few
#: favourites, Zipf popularity), stock written off after 12 weeks, forecasts 30 % off;
#: one year, 30 replications.
EXPLORER_SCENARIO = Scenario(family=ProductFamily(options=(3, 3, 2), popularity="zipf"),
                             shelf_life=12,
                             forecast_noise=0.3, n_periods=52, n_replications=30, seed=2026)

EXTRA_COMPONENTS = tuple(c for c in COST_COMPONENTS if c != "production")
MAP_DETAIL = {
    # name: (noise values, premium values, weeks, replications)
    "quick (9 x 7 grid)": (np.linspace(0.0, 2.0, 9), np.linspace(0.0, 30.0, 7), 52, 30),
    "fine (17 x 13, 100 runs of 2 years)": (np.linspace(0.0, 2.0, 17),
                                            np.linspace(0.0, 30.0, 13), 104, 100),
}


# ------------------------------------------------------------ simulations
def _simulation_key(scenario: Scenario) -> Scenario:
    """The scenario with every setting that does not change the simulation reset.

    Costs only price a run.  The accepted wait changes a run only when late
    orders are refused.
    """
    changes = {"costs": CostModel()}
    if not scenario.refuse_late_orders:
        changes["max_wait"] = None
    return scenario.replace(**changes)


@lru_cache(maxsize=8)
def _simulate_cached(key: Scenario, strategies: tuple) -> dict:
    return {s: key.simulate(s) for s in strategies}


def simulate_strategies(scenario: Scenario, strategies=STRATEGIES) -> dict:
    """Simulate several strategies on one scenario, cached by what changes the runs.

    Two scenarios that differ only in costs (or, when late orders are not
    refused, in the accepted wait) share one simulation.  The results are
    shared between calls: read them, do not modify them.

    Parameters
    ----------
    scenario : Scenario
        The scenario to run.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    dict of str to SimResult
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    return dict(_simulate_cached(_simulation_key(scenario), tuple(strategies)))


@dataclass(frozen=True)
class _Run:
    """What pricing needs of one simulated strategy: small arrays, cheap to cache."""

    flows: np.ndarray  # (R, 8) COST_DRIVERS per unit sold, "late" left at 0
    lead_times: np.ndarray  # (R, W) units delivered after w periods, per unit sold
    p95: float  # mean over replications of the 95th percentile lead time


@lru_cache(maxsize=256)
def _runs_cached(key: Scenario, strategies: tuple) -> dict:
    out = {}
    for name in strategies:
        result = key.simulate(name)  # not kept: a SimResult is large, a _Run is small
        sold = np.maximum(result.shipped.sum(axis=1), 1.0)
        flows = cost_drivers(result, None) / sold[:, None]
        p95 = float(lead_time_percentile(result.lead_times).mean())
        out[name] = _Run(flows, result.lead_times / sold[:, None], p95)
    return out


def _runs(scenario: Scenario, strategies=STRATEGIES) -> dict:
    """Per strategy, the cached :class:`_Run` of ``scenario``."""
    return _runs_cached(_simulation_key(scenario), tuple(strategies))


def _flows(scenario: Scenario, strategies=STRATEGIES) -> dict:
    """Per strategy, an (R, 8) array of the :data:`mtolab.costs.COST_DRIVERS` per unit sold.

    Units late are weighted by the periods beyond ``scenario.max_wait``, as in
    :func:`mtolab.cost_breakdown`.
    """
    out = {}
    for name, run in _runs(scenario, strategies).items():
        flows = run.flows.copy()
        if scenario.max_wait is not None:
            waits = np.arange(run.lead_times.shape[1])
            flows[:, -1] = run.lead_times @ np.maximum(waits - scenario.max_wait, 0)
        out[name] = flows
    return out


def _price(flows: np.ndarray, costs: CostModel) -> np.ndarray:
    """(R, 7) cost per unit sold by component (the columns of cost_breakdown)."""
    return flows @ costs.price_matrix()


def _total_per_unit(flows: np.ndarray, costs: CostModel) -> float:
    """Mean total cost per unit sold, as in :func:`mtolab.kpi_table`."""
    return float(_price(flows, costs).sum(axis=1).mean())


# ---------------------------------------------------------------- sweeps
def cost_sweep(scenario: Scenario, name: str, values, strategies=STRATEGIES) -> pd.DataFrame:
    """Total cost per unit sold of some strategies as one setting varies.

    Runs are cached, so a sweep over a cost (``"costs.<field>"``) only
    re-prices one simulation per strategy.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    name : str
        A :class:`~mtolab.Scenario` field such as ``"forecast_noise"`` or
        ``"hybrid_share"``, or ``"costs.<field>"`` such as
        ``"costs.mto_premium"``.
    values : sequence of numbers
        Values of that setting to try.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    pandas.DataFrame
        Index: the values (named ``name``); one column per strategy: mean
        total cost per unit sold (currency), as in :func:`mtolab.kpi_table`.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    values = list(values)
    if not values:
        raise ValueError("values must hold at least one value")
    rows = []
    for value in values:
        sc = _set(scenario, name, value)
        flows = _flows(sc, strategies)
        rows.append({s: _total_per_unit(flows[s], sc.costs) for s in strategies})
    return pd.DataFrame(rows, index=pd.Index(values, name=name))


def break_even(sweep: pd.DataFrame, strategy: str, other: str) -> float | None:
    """Where ``strategy`` first becomes cheaper than ``other`` along a sweep.

    The crossing is found by straight-line interpolation between the two
    swept values around the first change of sign of the cost difference.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`cost_sweep`: index the swept values (increasing), one
        column per strategy.
    strategy, other : str
        Columns of ``sweep`` to compare.

    Returns
    -------
    float or None
        The value of the swept setting at which the two costs are equal;
        the first swept value if ``strategy`` is cheaper from the start;
        ``None`` if it never is.
    """
    for col in (strategy, other):
        if col not in sweep.columns:
            raise ValueError(f"{col!r} is not a column of sweep: {list(sweep.columns)}")
    x = np.asarray(sweep.index, dtype=float)
    diff = sweep[strategy].to_numpy(dtype=float) - sweep[other].to_numpy(dtype=float)
    below = np.flatnonzero(diff < 0)
    if len(below) == 0:
        return None
    k = int(below[0])
    if k == 0:
        return float(x[0])
    return float(x[k - 1] + (x[k] - x[k - 1]) * diff[k - 1] / (diff[k - 1] - diff[k]))


def draw_cost_sweep(sweep: pd.DataFrame, crossing: float | None = None, *,
                    title: str | None = None, xlabel: str | None = None):
    """One line per strategy of total cost per unit against the swept setting.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`cost_sweep`.
    crossing : float or None
        A break-even value to mark (from :func:`break_even`).
    title : str or None
        Title of the figure; ``None``: a generic one.
    xlabel : str or None
        Label of the x axis, with its unit; ``None``: from the swept name.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    fig.subplots_adjust(left=0.12)
    x = np.asarray(sweep.index, dtype=float)
    for name in sweep.columns:
        ax.plot(x, sweep[name].to_numpy(dtype=float), marker="o", markersize=3,
                color=STRATEGY_COLORS.get(name), label=name)
    if crossing is not None:
        ax.axvline(crossing, color="black", linestyle=":")
        ax.annotate(f"break-even {crossing:.2f}", (crossing, 0.95), xycoords=("data",
                    "axes fraction"), xytext=(4, 0), textcoords="offset points",
                    va="top", fontsize="small")
    ax.set_xlabel(xlabel or parameter_label(sweep.index.name or "value"))
    ax.set_ylabel("total cost per unit sold (€)")
    ax.set_title(title or "Total cost per unit as one setting changes", fontsize="medium",
                 y=1.01)
    ax.legend(fontsize="small", loc="best")
    return fig


# ---------------------------------------------------------------- costs
def strategy_costs(forecast_noise: float, max_wait: int, mto_premium: float,
                   holding_rate: float, *, scenario: Scenario = EXPLORER_SCENARIO
                   ) -> pd.DataFrame:
    """Cost per unit sold of every strategy, by cost component.

    Parameters
    ----------
    forecast_noise : float
        :math:`\\nu`, relative standard deviation of the forecast error of each
        configuration (0 to 2).
    max_wait : int
        :math:`W`, longest wait customers accept, in weeks (0 to 104); later
        deliveries pay the late-delivery penalty.
    mto_premium : float
        :math:`p_{MTO}`, extra cost per unit made to order (currency, >= 0).
    holding_rate : float
        :math:`i`, holding cost per week as a share of the value held
        (0 to 1; 0.005 is 0.5 % a week).
    scenario : Scenario
        Everything else; :data:`EXPLORER_SCENARIO` by default.

    Returns
    -------
    pandas.DataFrame
        One row per strategy.  Columns: the cost components of
        :func:`mtolab.cost_breakdown` and ``total`` (currency per unit sold,
        means over replications, equal to :func:`mtolab.kpi_table`'s),
        ``p95 lead time`` (weeks) and ``fast enough`` (95th percentile lead
        time at most ``max_wait``).  ``attrs["cheapest"]`` is the strategy
        with the lowest total, ``attrs["choice"]`` the cheapest of those fast
        enough (``None`` if none is), ``attrs["max_wait"]`` the accepted wait.
    """
    forecast_noise = check_real("forecast_noise", forecast_noise, low=0.0, high=2.0)
    max_wait = check_int("max_wait", max_wait, low=0, high=104)
    mto_premium = check_real("mto_premium", mto_premium, low=0.0)
    holding_rate = check_real("holding_rate", holding_rate, low=0.0, high=1.0)
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    costs = dataclasses.replace(scenario.costs, mto_premium=mto_premium,
                                holding_rate=holding_rate)
    sc = scenario.replace(forecast_noise=forecast_noise, max_wait=max_wait, costs=costs)
    runs = _runs(sc)
    flows = _flows(sc)
    priced = np.array([_price(flows[s], costs).mean(axis=0) for s in runs])
    table = pd.DataFrame(priced, index=list(runs), columns=list(COST_COMPONENTS))
    table["total"] = priced.sum(axis=1)
    table["p95 lead time"] = [run.p95 for run in runs.values()]
    table["fast enough"] = table["p95 lead time"] <= max_wait
    table.index.name = "strategy"
    fast = table.loc[table["fast enough"], "total"].astype(float)
    table.attrs.update(cheapest=str(table["total"].astype(float).idxmin()),
                       choice=str(fast.idxmin()) if len(fast) else None, max_wait=max_wait,
                       unit_cost=costs.unit_cost, forecast_noise=forecast_noise)
    return table


def draw_strategy_costs(table: pd.DataFrame):
    """Stacked bars of each strategy's cost per unit above the cost of making it.

    Every strategy pays the unit cost of each unit it sells; the bars show
    what comes on top, by component.  Strategies too slow for the accepted
    wait are marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`strategy_costs`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    fig.subplots_adjust(right=0.76)
    names = list(table.index)
    x = np.arange(len(names))
    # One step patch per component (bars separated by zero-height gaps) instead of a
    # rectangle per bar and component: the same picture, far fewer artists.
    edges = np.sort(np.concatenate([x - 0.3, x + 0.3]))
    bottom = np.zeros(len(names))
    for comp in EXTRA_COMPONENTS:
        values = table[comp].to_numpy(dtype=float)
        if not values.any():
            continue
        top = bottom + values
        ax.stairs(_with_gaps(top), edges, baseline=_with_gaps(bottom), fill=True,
                  color=COST_COLORS[comp], linewidth=0, label=comp)
        bottom = top
    totals = table["total"].to_numpy(dtype=float)
    cheapest = table.attrs["cheapest"]
    # Totals (and "too slow") go into the tick labels: fewer texts to draw.
    labels = [f"{name}: {totals[i]:.1f}" + ("" if table.loc[name, "fast enough"]
                                             else "\ntoo slow")
              for i, name in enumerate(names)]
    ax.set_xticks(x, labels)
    for tick, name in zip(ax.get_xticklabels(), names, strict=True):
        tick.set_color(STRATEGY_COLORS.get(name, "black"))
        if name == cheapest:
            tick.set_fontweight("bold")
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylim(0, max(bottom.max(), 1.0) * 1.1)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    unit_cost = table.attrs.get("unit_cost", 100.0)
    ax.set_ylabel(f"€ per unit sold above {unit_cost:.0f}")
    title = f"Cheapest: {cheapest}, {table.loc[cheapest, 'total']:.1f} € per unit"
    choice = table.attrs.get("choice", cheapest)
    if choice != cheapest:
        title += f", too slow; fast enough: {choice or 'none'}"
    ax.set_title(title, fontsize="medium", y=1.01)
    # A colour key of plain text: the same information as a legend, drawn much faster.
    shown = [c for c in EXTRA_COMPONENTS if table[c].to_numpy(dtype=float).any()]
    for k, comp in enumerate(shown):
        fig.text(0.78, 0.86 - 0.065 * k, f"\u25a0 {comp}", color=COST_COLORS[comp],
                 fontsize="small", va="top")
    return fig


def _with_gaps(values: np.ndarray) -> np.ndarray:
    """Bar heights interleaved with 0 for the gaps between bars (for ``ax.stairs``)."""
    out = np.zeros(2 * len(values) - 1)
    out[::2] = values
    return out


def cost_app() -> Explorer:
    """Explorer: forecast error, patience and cost rates against each strategy's cost per unit.

    Returns
    -------
    Explorer
    """
    controls = {
        "forecast_noise": float_slider("forecast noise (relative sd)", 0.3, 0.0, 2.0, 0.1,
                                       fmt=".1f",
                                       tooltip="How far forecasts of each configuration are "
                                               "off: 0.3 means a typical error of 30 %"),
        "max_wait": int_slider("customers accept (weeks)", 4, 0, 8,
                               tooltip="Longest wait before a delivery counts as late; "
                                       "a strategy is too slow if more than 5 % of units "
                                       "take longer"),
        "mto_premium": float_slider("make-to-order premium (€/unit)", 15.0, 0.0, 30.0, 1.0,
                                    fmt=".0f",
                                    tooltip="Extra cost of making one unit to order"),
        "holding_pct": float_slider("holding cost (% of value/week)", 0.5, 0.0, 3.0, 0.25,
                                    fmt=".2f",
                                    tooltip="Cost of keeping stock for a week, as a share "
                                            "of its value"),
    }

    noise = controls["forecast_noise"]
    # Simulate every noise value the slider offers once, up front (under a second), so
    # that moving any slider afterwards only re-prices and redraws.
    for value in np.arange(noise.min, noise.max + noise.step / 2, noise.step):
        _flows(EXPLORER_SCENARIO.replace(forecast_noise=round(float(value), 2),
                                         max_wait=controls["max_wait"].value))

    def figure(forecast_noise, max_wait, mto_premium, holding_pct):
        # Rounded: the browser may send 0.30000000000000004 for 0.3 (same run, same cache).
        return draw_strategy_costs(strategy_costs(round(forecast_noise, 2), max_wait,
                                                  mto_premium, holding_pct / 100))

    return Explorer(
        "What does each strategy cost per unit?",
        "A computer maker sells 20 units a week in 18 configurations, a few of them "
        "favourites; stock older than 12 "
        "weeks is written off. Each bar is what a strategy pays per unit on top of the 100 € "
        "it costs to make. Raise the forecast noise and watch make to stock's holding and "
        "obsolescence grow; lower the make-to-order premium to see when making to order pays.",
        controls, figure,
    )


# ------------------------------------------------------------------ map
def strategy_map(holding_rate: float, assembly_premium: float, max_wait: int,
                 shelf_life: int, *, noise_values=MAP_DETAIL["quick (9 x 7 grid)"][0],
                 premium_values=MAP_DETAIL["quick (9 x 7 grid)"][1],
                 scenario: Scenario = EXPLORER_SCENARIO, progress=None) -> pd.DataFrame:
    """The cheapest strategy over forecast noise (x) and the make-to-order premium (y).

    The same table as :func:`mtolab.cheapest_strategy_grid` with
    ``x_name="forecast_noise"`` and ``y_name="costs.mto_premium"``, computed
    faster: one (cached) simulation per noise value, and each strategy's
    cost per unit, which is linear in the premium, priced twice.

    Parameters
    ----------
    holding_rate : float
        :math:`i`, holding cost per week as a share of the value held (0 to 1).
    assembly_premium : float
        :math:`p_{ATO}`, extra cost per unit assembled to order (currency, >= 0).
    max_wait : int
        :math:`W`, longest wait customers accept, in weeks (0 to 104).
    shelf_life : int
        Weeks before stock is written off (1 to 520).
    noise_values : sequence of float
        Forecast noise values, the map's columns (each 0 to 2).
    premium_values : sequence of float
        Make-to-order premiums in currency per unit, the map's rows (each >= 0).
    scenario : Scenario
        Everything else; :data:`EXPLORER_SCENARIO` by default.
    progress : callable or None
        Called as ``progress(done, total)`` after each noise value.

    Returns
    -------
    pandas.DataFrame
        Rows: premiums (index ``"costs.mto_premium"``); columns: noise values
        (``"forecast_noise"``); cells: the cheapest strategy.
        ``attrs["total_cost"]``: dict of strategy to a DataFrame of its total
        cost per unit sold, of the same shape.
    """
    holding_rate = check_real("holding_rate", holding_rate, low=0.0, high=1.0)
    assembly_premium = check_real("assembly_premium", assembly_premium, low=0.0)
    max_wait = check_int("max_wait", max_wait, low=0, high=104)
    shelf_life = check_int("shelf_life", shelf_life, low=1, high=520)
    noise_values = [check_real("noise_values", v, low=0.0, high=2.0) for v in noise_values]
    premium_values = [check_real("premium_values", v, low=0.0) for v in premium_values]
    if not noise_values or not premium_values:
        raise ValueError("noise_values and premium_values must each hold at least one value")
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    costs = dataclasses.replace(scenario.costs, holding_rate=holding_rate,
                                assembly_premium=assembly_premium)
    base = scenario.replace(max_wait=max_wait, shelf_life=shelf_life, costs=costs)
    premiums = np.asarray(premium_values, dtype=float)
    total = {s: np.empty((len(premiums), len(noise_values))) for s in STRATEGIES}
    costs_at = [dataclasses.replace(costs, mto_premium=p) for p in (0.0, 1.0)]
    for j, noise in enumerate(noise_values):
        for name, flows in _flows(base.replace(forecast_noise=noise)).items():
            at0 = _total_per_unit(flows, costs_at[0])
            at1 = _total_per_unit(flows, costs_at[1])
            total[name][:, j] = at0 + premiums * (at1 - at0)
        if progress is not None:
            progress(j + 1, len(noise_values))
    stacked = np.stack([total[s] for s in STRATEGIES])
    names = np.asarray(STRATEGIES, dtype=object)[stacked.argmin(axis=0)]
    rows = pd.Index(premium_values, name="costs.mto_premium")
    cols = pd.Index(noise_values, name="forecast_noise")
    grid = pd.DataFrame(names, index=rows, columns=cols, dtype=object)
    grid.attrs["total_cost"] = {s: pd.DataFrame(total[s], index=rows, columns=cols)
                                for s in STRATEGIES}
    grid.attrs.update(holding_rate=holding_rate, max_wait=max_wait, shelf_life=shelf_life)
    return grid


def draw_strategy_map(grid: pd.DataFrame):
    """The map of the cheapest strategy, drawn with :func:`mtolab.plot_strategy_map`.

    Parameters
    ----------
    grid : pandas.DataFrame
        From :func:`strategy_map`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    fig.subplots_adjust(right=0.8)
    plot_strategy_map(grid, ax=ax)
    # A plain-text colour key instead of the legend: the same information, drawn faster.
    ax.get_legend().remove()
    present = set(grid.to_numpy().ravel())
    for k, name in enumerate(s for s in STRATEGY_COLORS if s in present):
        fig.text(0.82, 0.86 - 0.065 * k, f"\u25a0 {name}", color=STRATEGY_COLORS[name],
                 fontsize="small", va="top")
    a = grid.attrs
    if {"holding_rate", "shelf_life"} <= set(a):
        # The first slider's value in the title: every move visibly redraws, even one
        # that leaves every square's colour as it was.
        ax.set_title(f"Cheapest strategy (holding {100 * a['holding_rate']:.2f} %/week, "
                     f"shelf life {a['shelf_life']} weeks)", fontsize="medium", y=1.01)
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    return fig


def strategy_map_app() -> Explorer:
    """Explorer: a map of the cheapest strategy over forecast noise and the MTO premium.

    The sliders set the other costs and settings; "map detail" trades
    speed for a finer, steadier map (a progress bar shows the work).

    Returns
    -------
    Explorer
    """
    progress = widgets.IntProgress(value=0, min=0, max=1, description="computing",
                                   bar_style="info",
                                   layout=widgets.Layout(width="340px", visibility="hidden"))

    def report(done, total):
        progress.max = total
        progress.value = done

    controls = {
        "holding_pct": float_slider("holding cost (% of value/week)", 0.5, 0.0, 3.0, 0.25,
                                    fmt=".2f",
                                    tooltip="Cost of keeping stock for a week, as a share "
                                            "of its value"),
        "assembly_premium": float_slider("assembly premium (€/unit)", 4.0, 0.0, 20.0, 1.0,
                                         fmt=".0f",
                                         tooltip="Extra cost of assembling one unit to order"),
        "max_wait": int_slider("customers accept (weeks)", 4, 0, 8,
                               tooltip="Longest wait before a delivery counts as late"),
        "shelf_life": int_slider("shelf life (weeks)", 12, 4, 52,
                                 tooltip="Weeks before stock is written off as obsolete"),
        "detail": widgets.Dropdown(options=list(MAP_DETAIL), value="quick (9 x 7 grid)",
                                   description="map detail", style={"description_width":
                                                                    "initial"},
                                   layout=widgets.Layout(width="340px")),
    }

    def figure(holding_pct, assembly_premium, max_wait, shelf_life, detail):
        noise, premiums, weeks, runs = MAP_DETAIL[detail]
        scenario = EXPLORER_SCENARIO.replace(n_periods=weeks, n_replications=runs)
        progress.layout.visibility = "visible"
        try:
            grid = strategy_map(holding_pct / 100, assembly_premium, max_wait, shelf_life,
                                noise_values=noise, premium_values=premiums,
                                scenario=scenario, progress=report)
        finally:
            progress.layout.visibility = "hidden"
        return draw_strategy_map(grid)

    app = Explorer(
        "Where is each strategy cheapest?",
        "Each square is one setting of forecast noise (across) and the make-to-order premium "
        "(up); its colour is the cheapest strategy there. Move the sliders to change the "
        "other costs and watch the borders move. A fine map takes a few seconds.",
        controls, figure,
    )
    app.children = (*app.children[:2], progress, *app.children[2:])
    return app
