"""Analyses on top of the simulations: KPI summaries, costs, sweeps, maps, break-evens.

Everything the lessons and explorers compute lives here; the explorers in
:mod:`mtolab.widgets` only lay out controls and draw what these functions
return.  Every KPI comes from :mod:`mtolab.kpis` (one definition each),
computed per replication and averaged over replications.

- Across strategies: :func:`kpi_summary` (mean KPIs, the layout of
  :attr:`mtolab.Comparison.summary`, without confidence intervals),
  :func:`strategy_table` (the course's four headline numbers),
  :func:`comparison_table` (the textbook comparison table's four columns,
  each measured),
  :func:`strategy_costs` (cost per unit by component, and which strategies
  are fast enough), :func:`cost_sweep`, :func:`break_even` and
  :func:`cheapest_strategy_grid` (the map of the cheapest strategy).
- One strategy at a time, for the lessons: :func:`demand_series`,
  :func:`forecast_accuracy`, :func:`forecast_error_cost` (make to stock),
  :func:`lead_time_distribution`, :func:`lead_time_against_utilisation`,
  :func:`surge_response` (make to order), :func:`pooling` (assemble to order).

The feasibility rule.  A strategy is *fast enough* when its 95th percentile
lead time (per replication, averaged as in :func:`mtolab.kpi_table`) is at
most the wait customers accept, ``Scenario.max_wait``
(:func:`fast_enough`).  The cheapest strategy *chosen* is the cheapest of
those fast enough; the cost table, the sweeps and the map all apply this
one rule.

Speed.  Costs only price a simulation's flows (units shipped, stock held,
units scrapped...): :meth:`mtolab.CostModel.price_matrix`, and every cost
per unit sold is linear in them, so the mean cost over replications is the
cost of the mean flows.  The mean flows of a run (a dozen numbers, not the
whole simulation) are cached, keyed by
the scenario with every setting that does not change the simulation reset
(the costs; the accepted wait unless late orders are refused), so moving a
cost never re-simulates.  Cached results are shared: read them, do not
modify them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from mtolab._validate import check_choice, check_int, check_real
from mtolab.costs import COST_COMPONENTS, CostModel, cost_drivers
from mtolab.demand import generate_demand
from mtolab.forecast import error_metrics, forecast
from mtolab.inventory import safety_stock
from mtolab.kpis import (
    KPI_UNITS,
    kpi_per_replication,
    lead_time_percentile,
    mean_lead_time,
    on_time_rate,
)
from mtolab.plots import NOT_FAST_ENOUGH
from mtolab.queueing import lead_time_curve
from mtolab.scenario import STRATEGIES, Scenario
from mtolab.scenario import _with as _set
from mtolab.simulate import SimResult

__all__ = [
    "NOT_FAST_ENOUGH",
    "fast_enough",
    "simulate_strategies",
    "prepare_runs",
    "kpi_summary",
    "strategy_table",
    "STRATEGY_TABLE_COLUMNS",
    "comparison_table",
    "COMPARISON_TABLE_COLUMNS",
    "strategy_costs",
    "cost_sweep",
    "break_even",
    "cheapest_strategy_grid",
    "demand_series",
    "ForecastAccuracy",
    "forecast_accuracy",
    "ForecastErrorCost",
    "forecast_error_cost",
    "scrapped_share",
    "LeadTimes",
    "lead_time_distribution",
    "lead_time_against_utilisation",
    "surge_response",
    "week_slot_wait",
    "week_slot_lead_time",
    "surge_waiting",
    "Pooling",
    "pooling",
    "CUSTOMER_OUTCOMES",
    "variety_family",
    "VarietyProfit",
    "variety_profit",
    "paired_difference",
]


def _check_scenario(scenario) -> Scenario:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    return scenario


def _check_strategies(strategies) -> tuple:
    if isinstance(strategies, str) or len(strategies) == 0:
        raise ValueError(f"strategies must be a non-empty list of {STRATEGIES}, "
                         f"got {strategies!r}")
    return tuple(check_choice("strategies", s, STRATEGIES) for s in strategies)


def fast_enough(lead_time_p95, max_wait: int | None):
    """The feasibility rule: is a 95th percentile lead time within the accepted wait?

    Parameters
    ----------
    lead_time_p95 : float or array_like
        95th percentile lead time in weeks (the mean over replications of
        :func:`mtolab.lead_time_percentile`).
    max_wait : int or None
        Longest wait customers accept, in weeks; ``None``: no limit.

    Returns
    -------
    bool or ndarray of bool

    Examples
    --------
    >>> from mtolab.analysis import fast_enough
    >>> fast_enough(3.0, 4), fast_enough(5.0, 4), fast_enough(50.0, None)
    (True, False, True)
    """
    p95 = np.asarray(lead_time_p95, dtype=float)
    out = np.ones(p95.shape, dtype=bool) if max_wait is None else p95 <= max_wait + 1e-9
    return bool(out) if out.ndim == 0 else out


# ------------------------------------------------------------ cached runs
def _simulation_key(scenario: Scenario) -> Scenario:
    """The scenario with every setting that does not change the simulation reset.

    Costs only price a run.  The accepted wait changes a run only when late
    orders are refused.
    """
    changes = {"costs": CostModel()}
    if not scenario.refuse_late_orders:
        changes["max_wait"] = None
    return scenario.replace(**changes)


class _Recent(OrderedDict):
    """A cache that keeps its ``size`` most recently used entries."""

    def __init__(self, items=(), size: int = 512):
        super().__init__(items)
        self.size = size

    def recall(self, key):
        """The entry for ``key`` (now the most recent), or ``None``."""
        found = self.get(key)
        if found is not None:
            self.move_to_end(key)
        return found

    def keep(self, key, value):
        """Store ``value`` as the most recent entry, dropping the oldest beyond ``size``."""
        self[key] = value
        while len(self) > self.size:
            self.popitem(last=False)
        return value


_KEPT = _Recent(size=64)  # (key, strategy) -> SimResult: 16 scenarios of the four strategies


def _simulated(key: Scenario, strategy: str, *, keep: bool = True) -> SimResult:
    """One strategy simulated on a simulation key, from the cache of recent runs if there.

    With ``keep`` the result joins the cache (the 64 newest are kept: a
    SimResult is large).  Sweeps, which only need a few numbers of each run
    (:func:`_run_cached`), read the cache without filling it, so a sweep
    does not push out the runs a lesson compares next.
    """
    found = _KEPT.recall((key, strategy))
    if found is not None:
        return found
    result = key.simulate(strategy)
    if keep:
        # Shared from now on (by compare_strategies too): read-only, so that a
        # change made to one caller's arrays cannot alter another's numbers.
        for value in vars(result).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        _KEPT.keep((key, strategy), result)
    return result


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

    Examples
    --------
    >>> from mtolab.analysis import simulate_strategies
    >>> from mtolab.presets import preset
    >>> a = simulate_strategies(preset("computer maker"), ["MTS"])
    >>> b = simulate_strategies(preset("computer maker", costs={"holding_rate": 0.02}), ["MTS"])
    >>> a["MTS"] is b["MTS"]  # a cost changes no simulation
    True
    """
    key = _simulation_key(_check_scenario(scenario))
    return {name: _simulated(key, name) for name in _check_strategies(strategies)}


@dataclass(frozen=True)
class _Run:
    """What pricing needs of one simulated strategy: a few numbers, cheap to cache.

    Every cost per unit sold is linear in these flows, so the mean over
    replications of a cost is the cost of the mean flows.
    """

    flows: np.ndarray  # (8,) mean COST_DRIVERS per unit sold, "late" left at 0
    lead_times: np.ndarray  # (W,) mean units delivered after w periods, per unit sold
    p95: float  # mean over replications of the 95th percentile lead time

    def drivers(self, max_wait: int | None) -> np.ndarray:
        """The mean flows with the unit-weeks late beyond ``max_wait`` (as cost_drivers)."""
        if max_wait is None:
            return self.flows
        waits = np.arange(len(self.lead_times))
        return np.concatenate([self.flows[:-1],
                               [self.lead_times @ np.maximum(waits - max_wait, 0)]])


_RUNS = _Recent(size=512)  # (key, strategy) -> _Run
# Stacked runs of simulate_forecasts hold at most about this many
# replication x period x variant cells (a few tens of MB).
_BATCH_CELLS = 4_000_000


def _run_cached(key: Scenario, strategy: str) -> _Run:
    found = _RUNS.recall((key, strategy))
    if found is not None:
        return found
    return _remember(key, strategy, _simulated(key, strategy, keep=False))


def _remember(key: Scenario, strategy: str, result: SimResult) -> _Run:
    """Keep what pricing needs of one run (a SimResult is large, a _Run small)."""
    sold = np.maximum(result.shipped.sum(axis=1), 1.0)
    flows = (cost_drivers(result, None) / sold[:, None]).mean(axis=0)
    p95 = float(lead_time_percentile(result).mean())
    run = _Run(flows, (result.lead_times / sold[:, None]).mean(axis=0), p95)
    return _RUNS.keep((key, strategy), run)


def prepare_runs(scenarios, strategies=STRATEGIES) -> None:
    """Simulate ahead what pricing these scenarios needs, in as few runs as possible.

    :func:`strategy_costs`, :func:`cost_sweep` and the explorers then price
    them from the cache.  Scenarios that differ only in their forecast
    (``forecast_noise``, ``forecast_bias``) are simulated together, one
    stacked run per strategy (:meth:`mtolab.Scenario.simulate_forecasts`):
    the same numbers as one run each, without the fixed cost of many small
    runs.

    Parameters
    ----------
    scenarios : iterable of Scenario
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Examples
    --------
    >>> from mtolab.analysis import prepare_runs, strategy_costs
    >>> from mtolab.presets import preset
    >>> noisy = [preset("computer maker", forecast_noise=v) for v in (0.5, 1.0, 1.5)]
    >>> prepare_runs(noisy, ["MTS", "ATO"])  # two runs, not six
    >>> round(float(strategy_costs(noisy[1], ["MTS"]).loc["MTS", "total cost"]), 1)
    112.2
    """
    strategies = _check_strategies(strategies)
    groups: dict = {}  # (scenario without its forecast, strategy) -> {key: None}, in order
    for scenario in scenarios:
        key = _simulation_key(_check_scenario(scenario))
        base = key.replace(forecast_noise=0.0, forecast_bias=0.0)
        for strategy in strategies:
            if (key, strategy) not in _RUNS and (key, strategy) not in _KEPT:
                groups.setdefault((base, strategy), {})[key] = None
    for (base, strategy), keys in groups.items():
        keys = list(keys)
        cells = base.n_replications * base.n_periods * base.family.n_variants
        size = max(1, _BATCH_CELLS // cells)
        for start in range(0, len(keys), size):
            chunk = keys[start : start + size]
            if len(chunk) == 1:
                _run_cached(chunk[0], strategy)
                continue
            forecasts = [(k.forecast_noise, k.forecast_bias) for k in chunk]
            for key, result in zip(chunk, base.simulate_forecasts(strategy, forecasts),
                                   strict=True):
                _remember(key, strategy, result)


def _runs(scenario: Scenario, strategies: tuple) -> list:
    key = _simulation_key(scenario)
    return [_run_cached(key, name) for name in strategies]


def _drivers(scenario: Scenario, strategies: tuple) -> tuple[np.ndarray, np.ndarray]:
    """(S, 8) mean cost drivers per unit sold of each strategy, and their mean p95 lead times."""
    runs = _runs(scenario, strategies)
    return (np.array([run.drivers(scenario.max_wait) for run in runs]),
            np.array([run.p95 for run in runs]))


# ------------------------------------------------------------------ KPIs
def kpi_summary(scenario: Scenario, strategies=STRATEGIES, kpis=None) -> pd.DataFrame:
    """Mean KPIs of some strategies on one scenario, as :attr:`mtolab.Comparison.summary`.

    The same numbers as ``compare_strategies(scenario).summary`` (each KPI
    from :mod:`mtolab.kpis`, per replication, averaged), without the
    confidence intervals, from cached simulations.

    Parameters
    ----------
    scenario : Scenario
        The scenario to run.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".
    kpis : sequence of str or None
        KPI names of :data:`mtolab.KPI_UNITS`; ``None``: all of them.

    Returns
    -------
    pandas.DataFrame
        Index: KPI name.  Columns ``unit``, then one per strategy.

    Examples
    --------
    >>> from mtolab.analysis import kpi_summary
    >>> from mtolab.presets import preset
    >>> table = kpi_summary(preset("four variants"), ["MTS", "MTO"], ["served from stock"])
    >>> table.columns.tolist(), float(table.loc["served from stock", "MTO"])
    (['unit', 'MTS', 'MTO'], 0.0)
    """
    names = tuple(KPI_UNITS) if kpis is None else tuple(
        check_choice("kpis", k, tuple(KPI_UNITS)) for k in kpis)
    strategies = _check_strategies(strategies)
    columns = {s: _kpi_means(_check_scenario(scenario), s, names) for s in strategies}
    table = pd.DataFrame(columns, index=pd.Index(names, name="kpi"))
    table.insert(0, "unit", [KPI_UNITS[k] for k in names])
    return table


@lru_cache(maxsize=256)
def _kpi_means(scenario: Scenario, strategy: str, names: tuple) -> tuple:
    """Means over replications of some KPIs of one strategy (cached: a scenario is hashable)."""
    result = simulate_strategies(scenario, [strategy])[strategy]
    values = kpi_per_replication(result, scenario.costs, scenario.max_wait)
    return tuple(float(np.mean(values[k])) for k in names)


#: Columns of :func:`strategy_table`, each a KPI of :mod:`mtolab.kpis` with its unit.
STRATEGY_TABLE_COLUMNS = ("mean lead time (weeks)", "stock (units + kits)",
                          "on-time rate (%)", "total cost (EUR/unit sold)")
_TABLE_ROWS = {
    "mean lead time (weeks)": ("mean lead time",),
    "stock (units + kits)": ("finished-goods inventory", "component inventory"),
    "on-time rate (%)": ("on-time rate",),
    "total cost (EUR/unit sold)": ("total cost",),
}


def strategy_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The strategy comparison table: one row per strategy, four headline numbers.

    Parameters
    ----------
    summary : pandas.DataFrame
        :attr:`mtolab.Comparison.summary` or :func:`kpi_summary` (KPI rows,
        a ``unit`` column and one column per strategy).

    Returns
    -------
    pandas.DataFrame
        Index: strategy.  Columns :data:`STRATEGY_TABLE_COLUMNS`: mean lead
        time, stock (finished goods plus component kits, a kit being the
        parts of one product), on-time rate (within the accepted wait) and
        total cost per unit sold.

    Examples
    --------
    >>> from mtolab.analysis import kpi_summary, strategy_table
    >>> from mtolab.presets import preset
    >>> table = strategy_table(kpi_summary(preset("four variants")))
    >>> table["mean lead time (weeks)"].round(1).to_dict()
    {'MTS': 0.0, 'ATO': 1.0, 'MTO': 2.0, 'Hybrid': 1.0}
    """
    return _sum_rows(summary, _TABLE_ROWS)


def _sum_rows(summary: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """One row per strategy; each column the sum of some KPI rows of ``summary``."""
    if not isinstance(summary, pd.DataFrame) or "unit" not in summary.columns:
        raise TypeError("summary must be Comparison.summary or kpi_summary(...), a DataFrame "
                        "with a 'unit' column")
    strategies = [c for c in summary.columns if c != "unit"]
    missing = [k for rows in columns.values() for k in rows if k not in summary.index]
    if missing:
        raise ValueError(f"summary has no KPI {missing[0]!r}: use kpi_summary(scenario) "
                         "or Comparison.summary with every KPI")
    table = pd.DataFrame({column: summary.loc[list(rows), strategies].sum(axis=0)
                          for column, rows in columns.items()})
    table.index.name = "strategy"
    return table.astype(float)


#: Columns of :func:`comparison_table`: (textbook column, the KPI that measures it).
COMPARISON_TABLE_COLUMNS = (
    ("stock held before the order", "finished goods (units)"),
    ("stock held before the order", "components (kits)"),
    ("customisation", "exact specification (%)"),
    ("delivery speed", "mean lead time (weeks)"),
    ("inventory risk", "obsolescence (EUR/unit sold)"),
)
_COMPARISON_ROWS = dict(zip(COMPARISON_TABLE_COLUMNS, (
    ("finished-goods inventory",), ("component inventory",), ("exact specification",),
    ("mean lead time",), ("obsolescence cost",)), strict=True))


def comparison_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The textbook strategy comparison table, every column measured in a simulation.

    The four columns of the table the sources give (stock held before the
    order, customisation, delivery speed, inventory risk), each as the KPI
    of :mod:`mtolab.kpis` that measures it:

    - stock held: mean finished goods on hand (units) and mean components
      on hand (kits, the parts of one product);
    - customisation: *exact specification*, the share of customers whose
      order was taken for exactly what they asked for (%), which falls
      when a strategy offers fewer configurations than customers want
      (``Scenario.configurations_stocked``, ``Scenario.bespoke_share``);
    - delivery speed: mean lead time from order to delivery (weeks);
    - inventory risk: what scrapping stock that went out of date costs,
      per unit sold (EUR).

    Parameters
    ----------
    summary : pandas.DataFrame
        :attr:`mtolab.Comparison.summary` or :func:`kpi_summary` with every
        KPI (KPI rows, a ``unit`` column and one column per strategy).

    Returns
    -------
    pandas.DataFrame
        Index: strategy.  Columns: a two-level index,
        :data:`COMPARISON_TABLE_COLUMNS` (textbook column, measure).

    Examples
    --------
    >>> from mtolab import Scenario
    >>> from mtolab.analysis import comparison_table, kpi_summary
    >>> sc = Scenario(configurations_stocked=2, bespoke_share=0.1, n_periods=52,
    ...               n_replications=20)
    >>> table = comparison_table(kpi_summary(sc))
    >>> table["customisation"].round(0)["exact specification (%)"].to_dict()
    {'MTS': 46.0, 'ATO': 90.0, 'MTO': 100.0, 'Hybrid': 100.0}
    """
    table = _sum_rows(summary, _COMPARISON_ROWS)
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["textbook column",
                                                                    "measured as"])
    return table




# ------------------------------------------------------------------ costs
def strategy_costs(scenario: Scenario, strategies=STRATEGIES) -> pd.DataFrame:
    """Cost per unit sold of each strategy, by component, and whether it is fast enough.

    Parameters
    ----------
    scenario : Scenario
        The scenario, with its costs and accepted wait (``max_wait``).
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    pandas.DataFrame
        One row per strategy.  Columns: ``"<component> cost"`` for every
        component of :func:`mtolab.cost_breakdown` and ``"total cost"``
        (EUR per unit sold, means over replications: the KPIs of
        :func:`mtolab.kpi_table`), ``"95th percentile lead time"`` (weeks)
        and ``"fast enough"`` (:func:`fast_enough`).  ``attrs``:
        ``"cheapest"``, the strategy with the lowest total; ``"choice"``,
        the cheapest of those fast enough (``None`` if none is);
        ``"max_wait"`` and ``"unit_cost"``.

    Examples
    --------
    >>> from mtolab.analysis import strategy_costs
    >>> from mtolab.presets import preset
    >>> table = strategy_costs(preset("computer maker", max_wait=1))
    >>> table["fast enough"].to_dict()  # 95th percentile lead times 0.2, 1.5, 2 and 2 weeks
    {'MTS': True, 'ATO': False, 'MTO': False, 'Hybrid': False}
    >>> table.attrs["cheapest"], table.attrs["choice"]
    ('MTS', 'MTS')
    """
    scenario = _check_scenario(scenario)
    strategies = _check_strategies(strategies)
    drivers, p95 = _drivers(scenario, strategies)
    means = drivers @ scenario.costs.price_matrix()
    table = pd.DataFrame(means, index=pd.Index(list(strategies), name="strategy"),
                         columns=[f"{c} cost" for c in COST_COMPONENTS])
    table["total cost"] = means.sum(axis=1)
    table["95th percentile lead time"] = p95
    table["fast enough"] = fast_enough(table["95th percentile lead time"].to_numpy(),
                                       scenario.max_wait)
    fast = table.loc[table["fast enough"], "total cost"]
    table.attrs.update(cheapest=str(table["total cost"].idxmin()),
                       choice=str(fast.idxmin()) if len(fast) else None,
                       max_wait=scenario.max_wait, unit_cost=scenario.costs.unit_cost)
    return table


def _unit_prices(costs: CostModel) -> np.ndarray:
    """(8,) what one unit of each cost driver costs in total (all components)."""
    return costs.price_matrix().sum(axis=1)


def _totals(scenario: Scenario, strategies: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Mean total cost per unit sold and mean p95 lead time of each strategy."""
    drivers, p95 = _drivers(scenario, strategies)
    return drivers @ _unit_prices(scenario.costs), p95


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
        ``"hybrid_share"``, ``"demand.<field>"``, or ``"costs.<field>"`` such
        as ``"costs.mto_premium"``.
    values : sequence of numbers
        Values of that setting to try.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    pandas.DataFrame
        Index: the values (named ``name``); one column per strategy: mean
        total cost per unit sold (EUR), the ``"total cost"`` KPI.
        ``attrs["95th percentile lead time"]``: a frame of the same shape.

    Examples
    --------
    >>> from mtolab.analysis import cost_sweep
    >>> from mtolab.presets import preset
    >>> sweep = cost_sweep(preset("computer maker"), "costs.mto_premium", [0.0, 10.0], ["MTO"])
    >>> # 10 EUR more per unit made to order (a few more are made than sold):
    >>> round(float(sweep.loc[10.0, "MTO"] - sweep.loc[0.0, "MTO"]), 1)
    10.2
    """
    scenario = _check_scenario(scenario)
    strategies = _check_strategies(strategies)
    values = list(values)
    if not values:
        raise ValueError("values must hold at least one value")
    scenarios = [_set(scenario, name, value) for value in values]
    prepare_runs(scenarios, strategies)
    totals, p95 = [], []
    for sc in scenarios:
        total, slow = _totals(sc, strategies)
        totals.append(total)
        p95.append(slow)
    index = pd.Index(values, name=name)
    sweep = pd.DataFrame(totals, index=index, columns=list(strategies))
    sweep.attrs["95th percentile lead time"] = pd.DataFrame(p95, index=index,
                                                            columns=list(strategies))
    return sweep


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

    Examples
    --------
    >>> import pandas as pd
    >>> from mtolab.analysis import break_even
    >>> sweep = pd.DataFrame({"A": [3.0, 2.0, 1.0], "B": [1.5, 1.5, 1.5]}, index=[0, 1, 2])
    >>> break_even(sweep, "A", "B")
    1.5
    >>> break_even(sweep, "B", "A")  # B is cheaper from the start
    0.0
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


def cheapest_strategy_grid(scenario: Scenario, x_name: str, x_values, y_name: str, y_values,
                           strategies=STRATEGIES, progress=None) -> pd.DataFrame:
    """The strategy to choose over a grid of two settings: the cheapest fast enough.

    Each cell applies the rule of :func:`strategy_costs`: among the
    strategies whose 95th percentile lead time is within the accepted wait
    (:func:`fast_enough`), the one with the lowest mean total cost per unit
    sold; :data:`NOT_FAST_ENOUGH` where none is fast enough.  Simulations are
    cached and shared by every cell they serve (a cost setting re-prices,
    it does not re-simulate).

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    x_name, y_name : str
        Names of numeric :class:`Scenario` fields to vary (for example
        ``"forecast_noise"`` and ``"max_wait"``), ``"demand.<field>"``, or
        ``"costs.<field>"`` for a :class:`CostModel` field such as
        ``"costs.mto_premium"``.
    x_values, y_values : sequence of numbers
        Values to try.
    strategies : sequence of str
        Strategies to compare.
    progress : callable or None
        Called as ``progress(done, total)`` after each cell, to show progress
        on long grids.

    Returns
    -------
    pandas.DataFrame
        Rows: ``y_values`` (index named ``y_name``); columns: ``x_values``
        (named ``x_name``); cells: the strategy chosen.  ``attrs``:
        ``"total_cost"`` and ``"95th percentile lead time"``, dicts of
        strategy to a DataFrame of the same shape; ``"cheapest"``, the
        cheapest strategy of each cell, fast enough or not.

    Examples
    --------
    >>> from mtolab.analysis import cheapest_strategy_grid
    >>> from mtolab.presets import preset
    >>> grid = cheapest_strategy_grid(preset("computer maker"), "forecast_noise", [0.0, 2.0],
    ...                               "max_wait", [0, 1, 4])
    >>> grid[2.0].tolist()  # noisy forecasts: ATO, if customers accept its assembly time
    ['none fast enough', 'MTS', 'ATO']
    """
    scenario = _check_scenario(scenario)
    strategies = _check_strategies(strategies)
    x_values, y_values = list(x_values), list(y_values)
    if not x_values or not y_values:
        raise ValueError("x_values and y_values must each hold at least one value")
    shape = (len(y_values), len(x_values), len(strategies))
    totals, p95 = np.empty(shape), np.empty(shape)
    chosen = np.empty(shape[:2], dtype=object)
    done, n_cells = 0, shape[0] * shape[1]
    # A cost on the y axis changes no simulation: price a column's flows at every y at once.
    prices = (np.array([_unit_prices(_set(scenario, y_name, y).costs) for y in y_values])
              if y_name.startswith("costs.") and not x_name.startswith("costs.") else None)
    for j, x in enumerate(x_values):
        column = _set(scenario, x_name, x)
        if prices is not None:
            drivers, slow = _drivers(column, strategies)
            totals[:, j], p95[:, j] = prices @ drivers.T, slow
        for i, y in enumerate(y_values):
            if prices is None:
                cell = _set(column, y_name, y)
                totals[i, j], p95[i, j] = _totals(cell, strategies)
            wait = column.max_wait if prices is not None else cell.max_wait
            fast = fast_enough(p95[i, j], wait)
            chosen[i, j] = (strategies[int(np.argmin(np.where(fast, totals[i, j], np.inf)))]
                            if fast.any() else NOT_FAST_ENOUGH)
            done += 1
            if progress is not None:
                progress(done, n_cells)
    rows = pd.Index(y_values, name=y_name)
    cols = pd.Index(x_values, name=x_name)
    grid = pd.DataFrame(chosen, index=rows, columns=cols, dtype=object)
    names = np.asarray(strategies, dtype=object)
    grid.attrs.update(
        total_cost={s: pd.DataFrame(totals[..., k], index=rows, columns=cols)
                    for k, s in enumerate(strategies)},
        cheapest=pd.DataFrame(names[totals.argmin(axis=2)], index=rows, columns=cols),
    )
    grid.attrs["95th percentile lead time"] = {
        s: pd.DataFrame(p95[..., k], index=rows, columns=cols) for k, s in enumerate(strategies)}
    return grid


# ----------------------------------------------------------- demand, forecasts
def demand_series(scenario: Scenario) -> pd.DataFrame:
    """The first replication of a scenario's weekly demand, and its expected level.

    Parameters
    ----------
    scenario : Scenario
        Its demand pattern, number of weeks and seed are used (all variants
        summed).

    Returns
    -------
    pandas.DataFrame
        Index: week.  Columns ``demand`` (units ordered) and ``expected``
        (the expected level :math:`\\mu_t` of the pattern).

    Examples
    --------
    >>> from mtolab.analysis import demand_series
    >>> from mtolab.presets import preset
    >>> series = demand_series(preset("warm-up", demand={"surge_factor": 3.0}))
    >>> len(series), float(series["expected"].max())
    (104, 60.0)
    """
    from mtolab.demand import expected_demand

    sc = _check_scenario(scenario)
    demand = generate_demand(sc.demand, sc.n_periods, seed=sc.seed)[0, :, 0]
    return pd.DataFrame({"demand": demand, "expected": expected_demand(sc.demand, sc.n_periods)},
                        index=pd.RangeIndex(sc.n_periods, name="week"))


METHODS = ("naive", "moving_average", "exponential_smoothing")


@dataclass
class ForecastAccuracy:
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


def forecast_accuracy(scenario: Scenario, method: str, window: int = 4, alpha: float = 0.2,
                      warm_up: int = 4) -> ForecastAccuracy:
    """Forecast a scenario's demand series one week ahead and measure the error.

    Parameters
    ----------
    scenario : Scenario
        Its demand (first replication, :func:`demand_series`) is forecast.
    method : {"naive", "moving_average", "exponential_smoothing"}
        The forecasting method (:func:`mtolab.forecast`).
    window : int
        :math:`n`, weeks averaged by the moving average (1 to 26).
    alpha : float
        :math:`\\alpha`, smoothing constant of exponential smoothing, in (0, 1].
    warm_up : int
        Weeks left out of the error metrics (0 to 26).

    Returns
    -------
    ForecastAccuracy

    Examples
    --------
    >>> from mtolab.analysis import forecast_accuracy
    >>> from mtolab.presets import preset
    >>> naive = forecast_accuracy(preset("one product"), "naive")
    >>> naive.label, round(float(naive.metrics["MAD"]), 1)
    ("naive (last week's demand)", 3.6)
    """
    method = check_choice("method", method, METHODS)
    window = check_int("window", window, low=1, high=26)
    warm_up = check_int("warm_up", warm_up, low=0, high=26)
    demand = demand_series(scenario)["demand"].to_numpy(dtype=float)
    params = {"moving_average": {"window": window},
              "exponential_smoothing": {"alpha": alpha}}.get(method, {})
    fc = forecast(demand, method, **params)
    label = {"naive": "naive (last week's demand)",
             "moving_average": f"moving average of {window} week{'s' if window != 1 else ''}",
             "exponential_smoothing": f"exponential smoothing, alpha {alpha:.2f}"}[method]
    series = pd.DataFrame({"demand": demand, "forecast": fc},
                          index=pd.RangeIndex(len(demand), name="week"))
    return ForecastAccuracy(series=series, metrics=error_metrics(demand[warm_up:],
                                                                 fc[warm_up:]),
                            method=method, label=label, warm_up=warm_up)


#: The forecast rows of :func:`forecast_error_cost`.
FORECAST_ROWS = ("perfect forecast", "your forecast")
#: The cost KPIs forecast error moves under make to stock.
ERROR_COSTS = ("holding cost", "obsolescence cost", "lost sales cost")


def scrapped_share(result: SimResult) -> np.ndarray:
    """Share of the units made to stock that were scrapped as obsolete, in %, per replication.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.

    Returns
    -------
    ndarray, shape (R,)
    """
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
    made = np.maximum(result.made_to_stock.sum(axis=1), 1.0)
    return 100.0 * result.obsolete.sum(axis=1) / made


@dataclass
class ForecastErrorCost:
    """Make to stock with a perfect forecast and with the scenario's.

    Attributes
    ----------
    kpis : pandas.DataFrame
        Rows :data:`FORECAST_ROWS`; columns the KPIs :data:`ERROR_COSTS`
        (EUR per unit sold), ``"finished-goods inventory"`` (units),
        ``"served from stock"`` (%) and ``"scrapped"`` (% of the units made,
        :func:`scrapped_share`); means over replications.
    bias, noise : float
        The scenario's forecast error.
    shelf_life : int or None
        Weeks before stock is obsolete.
    """

    kpis: pd.DataFrame
    bias: float
    noise: float
    shelf_life: int | None

    @property
    def extra_cost(self) -> float:
        """What the forecast error adds to these costs, in EUR per unit sold."""
        total = self.kpis[list(ERROR_COSTS)].sum(axis=1)
        return float(total[FORECAST_ROWS[1]] - total[FORECAST_ROWS[0]])


def forecast_error_cost(scenario: Scenario) -> ForecastErrorCost:
    """Simulate make to stock with a perfect and with the scenario's forecast.

    Both runs see the same demand; only the forecast differs (the perfect
    one has no bias and no noise).

    Parameters
    ----------
    scenario : Scenario
        Its ``forecast_bias`` and ``forecast_noise`` are "your forecast"
        (see :func:`mtolab.presets.preset`, ``"one product"``).

    Returns
    -------
    ForecastErrorCost

    Examples
    --------
    >>> from mtolab.analysis import forecast_error_cost
    >>> from mtolab.presets import preset
    >>> low = forecast_error_cost(preset("one product", forecast_bias=-0.3))
    >>> low.kpis["served from stock"].round(1).to_dict()  # customers find the shelf empty
    {'perfect forecast': 99.4, 'your forecast': 94.7}
    """
    chosen = _check_scenario(scenario)
    perfect = chosen.replace(forecast_bias=0.0, forecast_noise=0.0)
    names = [*ERROR_COSTS, "finished-goods inventory", "served from stock"]
    rows = []
    for sc in (perfect, chosen):
        summary = kpi_summary(sc, ["MTS"], names)["MTS"]
        result = simulate_strategies(sc, ["MTS"])["MTS"]
        rows.append({**summary.to_dict(), "scrapped": float(scrapped_share(result).mean())})
    kpis = pd.DataFrame(rows, index=pd.Index(FORECAST_ROWS, name="forecast"))
    return ForecastErrorCost(kpis=kpis, bias=chosen.forecast_bias, noise=chosen.forecast_noise,
                             shelf_life=chosen.shelf_life)


# --------------------------------------------------------------- make to order
@dataclass
class LeadTimes:
    """Customer lead times of one make-to-order setting.

    Attributes
    ----------
    shares : pandas.Series
        Share of the units delivered (%, all replications together) by lead
        time in weeks (the index).
    mean : float
        The KPI "mean lead time" (weeks), mean over replications.
    p95 : float
        The KPI "95th percentile lead time" (weeks), per replication and
        averaged over replications.
    on_time : float
        The KPI "on-time rate": share of the units ordered delivered within
        ``max_wait`` weeks (%).
    not_delivered : float
        Share of the units ordered not delivered by the end of the run (%).
    utilisation : float
        Mean demand over capacity.
    minimum : int
        Sourcing plus production time: the shortest possible lead time.
    max_wait : int or None
        Longest wait customers accept (weeks).
    """

    shares: pd.Series
    mean: float
    p95: float
    on_time: float
    not_delivered: float
    utilisation: float
    minimum: int
    max_wait: int | None


def lead_time_distribution(scenario: Scenario) -> LeadTimes:
    """Simulate make to order and tabulate how long customers wait.

    Orders arrive as the scenario's demand; each is sourced, waits for a
    free production slot (at most ``capacity`` starts a week, first come,
    first served) and is made.  The run starts with an empty order book.

    Parameters
    ----------
    scenario : Scenario
        The workshop (see :func:`mtolab.presets.preset`, ``"workshop"``).

    Returns
    -------
    LeadTimes

    Examples
    --------
    >>> from mtolab.analysis import lead_time_distribution
    >>> from mtolab.presets import preset
    >>> lt = lead_time_distribution(preset("workshop"))
    >>> lt.minimum, round(lt.utilisation, 2), round(float(lt.shares.sum()))
    (3, 0.8, 100)
    """
    sc = _check_scenario(scenario)
    res = simulate_strategies(sc, ["MTO"])["MTO"]
    hist = res.lead_times.sum(axis=0).astype(float)
    delivered = hist.sum()
    share = 100 * hist / delivered if delivered > 0 else np.zeros_like(hist)
    shares = pd.Series(share, index=pd.Index(np.arange(len(hist)), name="lead time (weeks)"),
                       name="share of units delivered (%)")
    nothing = not res.lead_times.sum(axis=1).all()  # a replication delivered nothing
    return LeadTimes(
        shares=shares,
        mean=float("nan") if nothing else float(mean_lead_time(res).mean()),
        p95=float("nan") if nothing else float(lead_time_percentile(res).mean()),
        on_time=float(on_time_rate(res, sc.max_wait).mean()),
        not_delivered=float(100 - on_time_rate(res, None).mean()),
        utilisation=sc.utilisation, minimum=sc.sourcing_time + sc.production_time,
        max_wait=sc.max_wait)


def lead_time_against_utilisation(scenario: Scenario,
                                  utilisations=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
                                  ) -> pd.DataFrame:
    """Simulated mean make-to-order lead time at several utilisations, and the formula's.

    The simulation is :func:`lead_time_distribution` with mean demand
    :math:`\\lambda = \\rho c`.  The formula adds Kingman's queueing time
    :math:`W_q = \\frac{c_a^2 + c_s^2}{2}\\frac{\\rho}{1-\\rho}\\frac{1}{c}` to
    the fixed sourcing and production times, once with every order taking
    the same share of capacity (:math:`c_s = 0`) and once with exponential
    work content (:math:`c_s = 1`, the M/M/1 queue); arrivals are Poisson
    (:math:`c_a = 1`).

    Parameters
    ----------
    scenario : Scenario
        The workshop: capacity, sourcing and production time, weeks,
        replications, seed (its mean demand is replaced).
    utilisations : sequence of float
        :math:`\\rho`, utilisations to simulate, each in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Index ``utilisation``; columns ``simulated`` (the KPI "mean lead
        time" of the simulation), ``formula, same work`` (:math:`c_s = 0`)
        and ``formula, random work`` (:math:`c_s = 1`), all in weeks.

    Examples
    --------
    >>> from mtolab.analysis import lead_time_against_utilisation
    >>> from mtolab.presets import preset
    >>> lead_time_against_utilisation(preset("workshop"), (0.5, 0.9)).round(1)
                 simulated  formula, same work  formula, random work
    utilisation
    0.5                3.0                 3.1                   3.2
    0.9                3.6                 3.9                   4.8
    """
    sc = _check_scenario(scenario)
    rho = np.asarray(utilisations, dtype=float)
    if rho.ndim != 1 or rho.size == 0 or np.any(~np.isfinite(rho)) or np.any(rho <= 0) \
            or np.any(rho >= 1):
        raise ValueError(f"utilisations must be numbers in (0, 1), got {utilisations!r}")
    fixed = sc.sourcing_time + sc.production_time
    simulated = [lead_time_distribution(_set(sc, "demand.mean", float(u * sc.capacity))).mean
                 for u in rho]
    service = 1 / sc.capacity
    same = lead_time_curve(rho, service, service_cv=0.0)["mean_wait"].to_numpy()
    random = lead_time_curve(rho, service, service_cv=1.0)["mean_wait"].to_numpy()
    frame = pd.DataFrame({"simulated": simulated, "formula, same work": fixed + same,
                          "formula, random work": fixed + random},
                         index=pd.Index(rho, name="utilisation"))
    frame.attrs.update(capacity=sc.capacity, minimum=fixed, n_periods=sc.n_periods)
    return frame


def surge_response(scenario: Scenario) -> pd.DataFrame:
    """Mean stock and orders waiting per week under MTS and MTO during a demand surge.

    Parameters
    ----------
    scenario : Scenario
        A scenario whose demand has a surge (see
        :func:`mtolab.presets.preset`, ``"surge"``).

    Returns
    -------
    pandas.DataFrame
        Index: week.  Columns, means over replications in units:
        ``demand`` (ordered), ``MTS stock`` (finished goods on hand),
        ``MTS waiting`` (orders waiting for stock), ``MTO waiting``
        (orders waiting to start production: the backlog less the work in
        progress) and ``MTO in production`` (work in progress).  ``attrs``
        holds the surge settings and the capacity.

    Examples
    --------
    >>> from mtolab.analysis import surge_response
    >>> from mtolab.presets import preset
    >>> frame = surge_response(preset("surge"))  # twice the demand in weeks 10-13
    >>> int(frame["MTO waiting"].idxmax())  # the queue is longest as the surge ends
    13
    """
    sc = _check_scenario(scenario)
    runs = simulate_strategies(sc, ["MTS", "MTO"])
    mts, mto = runs["MTS"], runs["MTO"]
    frame = pd.DataFrame({
        "demand": mts.demand.mean(axis=0),
        "MTS stock": mts.fg_inventory.mean(axis=0),
        "MTS waiting": (mts.backlog - mts.work_in_progress).mean(axis=0),
        "MTO waiting": (mto.backlog - mto.work_in_progress).mean(axis=0),
        "MTO in production": mto.work_in_progress.mean(axis=0),
    }, index=pd.RangeIndex(sc.n_periods, name="week"))
    d = sc.demand
    frame.attrs.update(surge_factor=d.surge_factor, surge_length=d.surge_length,
                       surge_start=d.surge_start, capacity=sc.capacity, mean=d.mean)
    return frame


# ------------------------------------- make to order: the week-slot queue (lesson 03)
def _poisson_pmf(n: int, mean: float) -> np.ndarray:
    """P(A = k) for k = 0 .. n - 1, A Poisson with ``mean``."""
    k = np.arange(n, dtype=float)
    log_factorial = np.concatenate(([0.0], np.cumsum(np.log(np.arange(1, n)))))
    return np.exp(k * np.log(mean) - mean - log_factorial[:n])


def week_slot_wait(arrival_rate: float, capacity: int) -> float:
    """Long-run mean wait for a production slot in mtolab's week-slot make-to-order model.

    The model counts time in whole weeks: the :math:`A_t` orders of week
    :math:`t` (Poisson, mean :math:`\\lambda`) join the queue together, at
    most :math:`c` of the waiting orders start in that week, first come
    first served, and the rest wait for the next week:
    :math:`R_t = \\max(R_{t-1} + A_t - c,\\ 0)`, with :math:`R_t` the
    orders still waiting at the end of week :math:`t`.  An order waits one
    week for every week end it spends in the queue, so by Little's law the
    mean wait is :math:`W = E[R] / \\lambda`, with :math:`E[R]` from the
    stationary distribution of this Markov chain (solved exactly, the
    distribution cut where its geometric tail is below :math:`10^{-15}`).
    This is the long run (an order book that has run for ever), which a
    simulation that starts empty approaches as it runs longer; it is not
    Kingman's formula, which models one server taking :math:`1/c` weeks per
    order in continuous time.

    Parameters
    ----------
    arrival_rate : float
        :math:`\\lambda`, mean orders per week, ``0 < arrival_rate < capacity``.
    capacity : int
        :math:`c`, whole units that can start production per week (1 to 100).

    Returns
    -------
    float
        Mean wait in weeks (not counting sourcing and production).

    Examples
    --------
    >>> from mtolab.analysis import week_slot_wait
    >>> round(week_slot_wait(1.6, 2), 2)  # Kingman's formula (same work) says 1.00
    0.9
    >>> round(week_slot_wait(1.0, 1), 3)  # a single slot at 100 % never settles
    Traceback (most recent call last):
    ...
    ValueError: arrival_rate must be in (0, capacity) = (0, 1), got 1.0
    """
    capacity = check_int("capacity", capacity, low=1, high=100)
    lam = float(arrival_rate)
    if not (np.isfinite(lam) and 0 < lam < capacity):
        raise ValueError(f"arrival_rate must be in (0, capacity) = (0, {capacity}), "
                         f"got {arrival_rate!r}")
    # The queue's tail falls like z**-k, z > 1 the root of lam (z - 1) = c ln z.
    low, high = 1.0, 2.0
    while lam * (high - 1) <= capacity * np.log(high):
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (low, mid) if lam * (mid - 1) > capacity * np.log(mid) else (mid, high)
    n = capacity + 20 + int(np.ceil(35 / np.log(high)))
    if n > 5000:
        raise ValueError(f"arrival_rate {lam} is too close to capacity {capacity} for an "
                         "exact long-run wait (utilisation above about 0.99)")
    pmf = _poisson_pmf(n + capacity + 1, lam)
    states = np.arange(n)
    step = states[None, :] - states[:, None] + capacity  # arrivals that take i to j
    P = np.where(step >= 0, pmf[np.clip(step, 0, None)], 0.0)
    empty = capacity - states  # arrivals at most this leave nobody waiting
    P[:, 0] = np.where(empty >= 0, np.cumsum(pmf)[np.clip(empty, 0, None)], 0.0)
    P[:, -1] += 1 - P.sum(axis=1)  # the cut tail stays in the last state
    system = P.T - np.eye(n)
    system[-1] = 1.0  # probabilities sum to one
    rhs = np.zeros(n)
    rhs[-1] = 1.0
    pi = np.linalg.solve(system, rhs)
    return float(pi @ states / lam)


def week_slot_lead_time(scenario: Scenario,
                        utilisations=(0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)) -> pd.Series:
    """Long-run mean make-to-order lead time of the week-slot model at several utilisations.

    Sourcing plus production time plus :func:`week_slot_wait`: the value a
    simulation like :func:`lead_time_against_utilisation` approaches as it
    runs longer, to set beside Kingman's formula.

    Parameters
    ----------
    scenario : Scenario
        The workshop: Poisson demand, a whole-unit ``capacity``, sourcing and
        production time (its mean demand is replaced by :math:`\\rho c`).
    utilisations : sequence of float
        :math:`\\rho`, each in (0, 1).

    Returns
    -------
    pandas.Series
        Index ``utilisation``; mean lead time in weeks, named
        ``"long run, week-slot model"``.

    Examples
    --------
    >>> from mtolab.analysis import week_slot_lead_time
    >>> from mtolab.presets import preset
    >>> week_slot_lead_time(preset("workshop"), (0.5, 0.9)).round(2).tolist()
    [3.03, 3.78]
    """
    sc = _check_scenario(scenario)
    if sc.demand.distribution != "poisson":
        raise ValueError("week_slot_lead_time needs Poisson demand "
                         f"(scenario.demand.distribution 'poisson'), got "
                         f"{sc.demand.distribution!r}")
    if float(sc.capacity) != int(sc.capacity):
        raise ValueError(f"capacity must be a whole number of units a week for the exact "
                         f"week-slot model, got {sc.capacity!r}")
    rho = np.asarray(utilisations, dtype=float)
    if rho.ndim != 1 or rho.size == 0 or np.any(~np.isfinite(rho)) or np.any(rho <= 0) \
            or np.any(rho >= 1):
        raise ValueError(f"utilisations must be numbers in (0, 1), got {utilisations!r}")
    c = int(sc.capacity)
    fixed = sc.sourcing_time + sc.production_time
    return pd.Series([fixed + week_slot_wait(float(u * c), c) for u in rho],
                     index=pd.Index(rho, name="utilisation"), name="long run, week-slot model")


def _weekly(flow: np.ndarray) -> np.ndarray:
    """(R, T) totals of a flow over variants (flows are (R, T) or (R, T, V))."""
    return flow.sum(axis=2) if flow.ndim == 3 else flow


def surge_waiting(scenario: Scenario) -> pd.DataFrame:
    """How much waiting a demand surge causes under MTS and under MTO, with the same capacity.

    Counts, per replication, the customers of make to stock waiting for
    stock and the orders of make to order waiting for a production slot
    (not those still in their fixed sourcing time, which every order
    spends), at the end of each week; then the peak and the sum over the
    weeks from the start of the surge (unit-weeks: one order waiting one
    week is one), averaged over replications.

    Parameters
    ----------
    scenario : Scenario
        A scenario with a surge (see :func:`mtolab.presets.preset`,
        ``"surge"``); its ``capacity`` limits both strategies.

    Returns
    -------
    pandas.DataFrame
        Index ``strategy`` ("MTS", "MTO"); columns ``peak waiting``
        (units), ``week of peak`` (of the mean over replications) and
        ``unit-weeks waiting`` (from the surge's first week to the end of
        the run).  ``attrs["per replication"]``: dict of strategy to a dict
        of ``"peak waiting"`` and ``"unit-weeks waiting"`` arrays of shape
        (R,), for confidence intervals.

    Examples
    --------
    >>> from mtolab.analysis import surge_waiting
    >>> from mtolab.presets import preset
    >>> surge_waiting(preset("surge"))["week of peak"].to_dict()  # surge in weeks 10-13
    {'MTS': 13, 'MTO': 14}
    """
    sc = _check_scenario(scenario)
    runs = simulate_strategies(sc, ["MTS", "MTO"])
    start = sc.demand.surge_start if sc.demand.surge_start is not None else 0
    rows, per_rep = {}, {}
    for name, res in runs.items():
        waiting = _weekly(res.backlog - res.work_in_progress)
        if name == "MTO" and sc.sourcing_time > 0:
            accepted = _weekly(res.demand - res.lost)
            in_sourcing = np.cumsum(accepted, axis=1)
            in_sourcing[:, sc.sourcing_time:] -= in_sourcing[:, :-sc.sourcing_time].copy()
            waiting = waiting - in_sourcing
        peak, total = waiting.max(axis=1), waiting[:, start:].sum(axis=1)
        per_rep[name] = {"peak waiting": peak, "unit-weeks waiting": total}
        rows[name] = {"peak waiting": float(peak.mean()),
                      "week of peak": int(waiting.mean(axis=0).argmax()),
                      "unit-weeks waiting": float(total.mean())}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "strategy"
    frame.attrs["per replication"] = per_rep
    return frame


# ------------------------------------------- paired comparisons with intervals (lesson 05)
def paired_difference(scenario, strategy: str, other: str, *, kpi: str = "total cost",
                      other_scenario: Scenario | None = None,
                      confidence: float = 0.95) -> pd.Series:
    """How much one strategy's KPI exceeds another's, with a confidence interval.

    Both strategies see the same demand (the same seed), so the difference
    is taken replication by replication, and its mean gets a
    normal-approximation interval: a "beats" that the interval does not
    decide is not a result.

    Parameters
    ----------
    scenario : Scenario or Comparison
        The scenario ``strategy`` runs on, or a finished
        :func:`~mtolab.compare_strategies` run that holds both strategies
        (nothing is simulated again).
    strategy, other : str
        Any of "MTS", "ATO", "MTO", "Hybrid": the difference is
        ``strategy - other``.
    kpi : str
        A KPI of :data:`mtolab.KPI_UNITS` (default ``"total cost"``, EUR per unit sold).
    other_scenario : Scenario or None
        The scenario ``other`` runs on (default ``scenario``), e.g. the same
        market with another ``hybrid_share``; it must have the same number of
        replications and seed, so that the demand is the same.  Not with a
        Comparison.
    confidence : float
        Level of the interval, in (0, 1).

    Returns
    -------
    pandas.Series
        ``mean``, ``ci_low``, ``ci_high`` of the difference (in the KPI's
        unit) and ``replications``.

    Examples
    --------
    >>> from mtolab.analysis import paired_difference
    >>> from mtolab.presets import preset
    >>> d = paired_difference(preset("computer maker"), "MTO", "MTS")  # EUR per unit sold
    >>> bool(d["ci_low"] > 10)  # MTO is dearer, whatever the noise of 30 runs
    True
    >>> from mtolab import compare_strategies
    >>> comparison = compare_strategies(preset("configurable", n_replications=10), ["MTS", "MTO"])
    >>> mean, low, high, n = paired_difference(comparison, "MTS", "MTO", kpi="profit per week")
    >>> bool(low > 0)  # 18 configurations, few bespoke wishes: stock earns more
    True
    """
    from mtolab.scenario import Comparison

    confidence = check_real("confidence", confidence, low=0.0, high=1.0, low_open=True,
                            high_open=True)
    if isinstance(scenario, Comparison):
        return _paired_in_comparison(scenario, strategy, other, kpi, other_scenario, confidence)
    sc = _check_scenario(scenario)
    other_sc = sc if other_scenario is None else _check_scenario(other_scenario)
    strategy, other = _check_strategies((strategy, other))
    kpi = check_choice("kpi", kpi, tuple(KPI_UNITS))
    if (other_sc.n_replications, other_sc.seed) != (sc.n_replications, sc.seed):
        raise ValueError("other_scenario must have the same n_replications and seed as "
                         "scenario, so that both see the same demand")
    mine = simulate_strategies(sc, [strategy])[strategy]
    theirs = simulate_strategies(other_sc, [other])[other]
    diff = (kpi_per_replication(mine, sc.costs, sc.max_wait)[kpi]
            - kpi_per_replication(theirs, other_sc.costs, other_sc.max_wait)[kpi])
    return _paired_summary(diff, confidence, f"{strategy} - {other}, {kpi}")


def _paired_in_comparison(comparison, strategy, other, kpi, other_scenario, confidence):
    """:func:`paired_difference` on the runs a Comparison already holds."""
    if other_scenario is not None:
        raise ValueError("other_scenario cannot be given with a Comparison: its strategies "
                         "already share one scenario")
    names = tuple(comparison.results)
    strategy = check_choice("strategy", strategy, names)
    other = check_choice("other", other, names)
    kpi = check_choice("kpi", kpi, tuple(KPI_UNITS))
    sc = comparison.scenario
    mine, theirs = (kpi_per_replication(comparison.results[s], sc.costs, sc.max_wait)[kpi]
                    for s in (strategy, other))
    return _paired_summary(mine - theirs, confidence, f"{strategy} - {other}, {kpi}")


def _paired_summary(diff, confidence, name: str) -> pd.Series:
    """Mean of per-replication differences and its normal-approximation interval."""
    diff = np.asarray(diff, dtype=float)
    diff = diff[np.isfinite(diff)]
    n = len(diff)
    mean = float(diff.mean()) if n else float("nan")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    half = z * float(diff.std(ddof=1)) / np.sqrt(n) if n > 1 else float("nan")
    return pd.Series({"mean": mean, "ci_low": mean - half, "ci_high": mean + half,
                      "replications": n}, name=name)


# ------------------------------------------------------------ assemble to order
@dataclass
class Pooling:
    """Stock needed by MTS and ATO for one product family and service level.

    Attributes
    ----------
    n_variants : int
        Finished configurations MTS must stock.
    n_components : int
        Distinct components ATO stocks.
    service_level : float
        Target cycle service level of every stock point.
    safety : dict of str to float
        Safety stock by formula, ``{"MTS": ..., "ATO": ...}``, in units
        (MTS) and kits (ATO; a kit is the parts of one product).
    stock : dict of str to float
        The KPIs "finished-goods inventory" (MTS, units) and "component
        inventory" (ATO, kits) of the simulation.
    on_time : dict of str to float
        The KPI "on-time rate" (%): delivered within the accepted wait
        (the scenario's ``max_wait``).
    max_wait : int or None
        That accepted wait, in weeks.
    """

    n_variants: int
    n_components: int
    service_level: float
    safety: dict
    stock: dict
    on_time: dict
    max_wait: int | None

    @property
    def saving(self) -> float:
        """Share of MTS's simulated stock that ATO does not need (%)."""
        return 100 * (1 - self.stock["ATO"] / self.stock["MTS"]) if self.stock["MTS"] else 0.0


def pooling(scenario: Scenario) -> Pooling:
    """Safety stock and simulated stock of MTS (finished variants) and ATO (components).

    Demand is split evenly over the variants.  A stream (a variant, or a
    component) used by a share :math:`q` of all products sees Poisson
    demand with standard deviation :math:`\\sqrt{q\\mu}` and holds
    :math:`SS = z\\sqrt{q\\mu}\\sqrt{L + r}`.  MTS: :math:`n` variants with
    :math:`q = 1/n`, so :math:`\\sum SS = z\\sqrt{n\\mu(L+r)}`.  ATO: :math:`C`
    common components with :math:`q = 1` and :math:`k` choices per group with
    :math:`q = 1/k`; dividing by the :math:`C + g` components in a kit gives
    kits.

    Parameters
    ----------
    scenario : Scenario
        Family, demand, service level and lead times (see
        :func:`mtolab.presets.preset`, ``"PC family"``): MTS replenishes
        with ``lead_time``, ATO with ``component_lead_time``.

    Returns
    -------
    Pooling

    Examples
    --------
    >>> from mtolab.analysis import pooling
    >>> from mtolab.presets import preset
    >>> result = pooling(preset("PC family"))  # 9 configurations from 7 components
    >>> result.n_variants, result.n_components, round(result.saving)
    (9, 7, 51)
    """
    sc = _check_scenario(scenario)
    fam = sc.family
    def one(lead_time):  # of a stream used by every product
        return safety_stock(sc.service_level, np.sqrt(sc.demand.mean), lead_time,
                            sc.review_period)

    kit = fam.common_components + len(fam.options)
    ato_safety = one(sc.component_lead_time) * (
        fam.common_components + sum(np.sqrt(k) for k in fam.options)) / kit
    summary = kpi_summary(sc, ["MTS", "ATO"], ["finished-goods inventory",
                                               "component inventory", "on-time rate"])
    return Pooling(n_variants=fam.n_variants, n_components=fam.n_components,
                   service_level=sc.service_level,
                   safety={"MTS": float(one(sc.lead_time) * np.sqrt(fam.n_variants)),
                           "ATO": float(ato_safety)},
                   stock={"MTS": float(summary.loc["finished-goods inventory", "MTS"]),
                          "ATO": float(summary.loc["component inventory", "ATO"])},
                   on_time={s: float(summary.loc["on-time rate", s]) for s in ("MTS", "ATO")},
                   max_wait=sc.max_wait)



# ------------------------------------------------- customisation (lesson 07)
#: Customer KPIs of :class:`VarietyProfit`: what became of every customer, in % (they sum to 100).
CUSTOMER_OUTCOMES = ("exact specification", "substituted", "walked away", "lost demand")


def variety_family(option_groups: int, choices: int = 3, popularity: str = "zipf"):
    """A product family of ``option_groups`` groups of ``choices`` choices each.

    :math:`n = k^g` configurations; no option group at all is one standard
    product.

    Parameters
    ----------
    option_groups : int
        :math:`g`, option groups (0 to 6).
    choices : int
        :math:`k`, choices in each group (1 to 10).
    popularity : {"uniform", "zipf"}
        As :class:`~mtolab.ProductFamily`.

    Returns
    -------
    ProductFamily

    Examples
    --------
    >>> from mtolab.analysis import variety_family
    >>> variety_family(0).n_variants, variety_family(2).n_variants, variety_family(3, 2).options
    (1, 9, (2, 2, 2))
    """
    from mtolab.demand import ProductFamily

    groups = check_int("option_groups", option_groups, low=0, high=6)
    choices = check_int("choices", choices, low=1, high=10)
    return ProductFamily(options=(choices,) * groups or (1,), popularity=popularity)


@dataclass(frozen=True)
class _Value:
    """What profit needs of one simulated strategy, per week, and what became of its customers.

    Profit is linear in the exact-specification premium (revenue adds the
    premium on every unit delivered exactly as ordered), so these two
    numbers price any premium without simulating again.
    """

    base: float  # mean profit per week with no exact-specification premium (EUR)
    exact: float  # mean units per week delivered exactly as ordered (the premium's multiplier)
    outcomes: tuple  # mean CUSTOMER_OUTCOMES (%)


@lru_cache(maxsize=512)
def _value_cached(key: Scenario, strategy: str) -> _Value:
    """``key`` has no exact-specification premium: one run serves every premium."""
    result = key.simulate(strategy)  # not kept: a SimResult is large
    plain = kpi_per_replication(result, key.costs, key.max_wait)
    one = _set(key, "costs.exact_spec_premium", 1.0)
    with_one = kpi_per_replication(result, one.costs, key.max_wait)["profit per week"]
    return _Value(base=float(np.mean(plain["profit per week"])),
                  exact=float(np.mean(with_one - plain["profit per week"])),
                  outcomes=tuple(float(np.mean(plain[k])) for k in CUSTOMER_OUTCOMES))


@dataclass
class VarietyProfit:
    """Profit per week of each strategy as the number of configurations grows.

    Attributes
    ----------
    profit : pandas.DataFrame
        Index: configurations (named ``"configurations"``); one column per
        strategy: mean profit per week (EUR/week, the KPI "profit per
        week": revenue, the exact-specification premium included, less
        money spent).
    outcomes : dict of int to pandas.DataFrame
        For each number of configurations: rows the strategies, columns
        :data:`CUSTOMER_OUTCOMES` (% of customers; they sum to 100).
    option_groups : tuple of int
        The option groups of each row of ``profit`` (``choices`` each).
    choices : int
        Choices per option group.
    exact_spec_premium, bespoke_share : float
        The scenario's premium (EUR per unit sold exactly as ordered) and
        share of customers who want something bespoke.
    stocked : dict of int to int
        Configurations make to stock keeps, for each number of configurations.
    """

    profit: pd.DataFrame
    outcomes: dict
    option_groups: tuple
    choices: int
    exact_spec_premium: float
    bespoke_share: float
    stocked: dict

    def best(self) -> dict:
        """{configurations: the most profitable strategy}."""
        return {int(n): str(s) for n, s in self.profit.idxmax(axis=1).items()}


def variety_profit(scenario: Scenario, option_groups=range(5), choices: int = 3,
                   strategies=STRATEGIES) -> VarietyProfit:
    """Profit per week of each strategy as option groups multiply the configurations.

    Each point runs ``scenario`` with the family of
    :func:`variety_family` (``option_groups`` groups of ``choices``
    choices, the scenario's popularity) and make to stock keeping at most
    the scenario's ``configurations_stocked`` of them.  The runs are cached
    without the exact-specification premium, and profit is linear in it
    (:math:`\\text{profit} = \\text{profit}_0 + p_{spec}\\,S_{exact}/T`), so
    a new premium only re-prices: no simulation.

    Parameters
    ----------
    scenario : Scenario
        The market and factory (see :func:`mtolab.presets.preset`,
        ``"configurable"``); its family is replaced.
    option_groups : sequence of int
        :math:`g` of each point (0 to 6; 0 is one standard product).
    choices : int
        :math:`k`, choices per option group: :math:`k^g` configurations.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    VarietyProfit

    Examples
    --------
    >>> from mtolab.analysis import variety_profit
    >>> from mtolab.presets import preset
    >>> sweep = variety_profit(preset("configurable"), [0, 4])
    >>> sweep.best()  # one product: stock it; 81 configurations: assemble them
    {1: 'MTS', 81: 'ATO'}
    >>> mto = sweep.profit["MTO"]  # make to order serves everyone, whatever the variety
    >>> bool(mto.iloc[0] == mto.iloc[-1])
    True
    """
    scenario = _check_scenario(scenario)
    strategies = _check_strategies(strategies)
    groups = tuple(check_int("option_groups", g, low=0, high=6) for g in option_groups)
    if not groups:
        raise ValueError("option_groups must hold at least one value")
    premium = scenario.costs.exact_spec_premium
    plain = _set(scenario, "costs.exact_spec_premium", 0.0)
    rows, outcomes, stocked = {}, {}, {}
    for g in groups:
        family = variety_family(g, choices, scenario.family.popularity)
        n = family.n_variants
        keep = (None if scenario.configurations_stocked is None
                else min(scenario.configurations_stocked, n))
        key = plain.replace(family=family, configurations_stocked=keep)
        values = [_value_cached(key, s) for s in strategies]
        rows[n] = [v.base + premium * v.exact for v in values]
        outcomes[n] = pd.DataFrame([v.outcomes for v in values],
                                   index=pd.Index(list(strategies), name="strategy"),
                                   columns=list(CUSTOMER_OUTCOMES))
        stocked[n] = n if keep is None else keep
    profit = pd.DataFrame.from_dict(rows, orient="index", columns=list(strategies))
    profit.index.name = "configurations"
    return VarietyProfit(profit=profit, outcomes=outcomes, option_groups=groups,
                         choices=choices, exact_spec_premium=float(premium),
                         bespoke_share=float(scenario.bespoke_share), stocked=stocked)


