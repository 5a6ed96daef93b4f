"""Key performance indicators (KPIs): one definition each, used everywhere.

Every KPI is computed per replication by one small function of a
:class:`~mtolab.SimResult` (and, for money, a :class:`~mtolab.CostModel`);
:func:`kpi_table` gives their means with confidence intervals over
replications, and the explorers, analyses and lessons all read the same
functions.  Notation, per replication: :math:`D` units ordered,
:math:`h_w` units delivered :math:`w` weeks after they were ordered
(:attr:`SimResult.lead_times`), :math:`S = \\sum_w h_w` units delivered,
:math:`T` weeks simulated.

===========================  ==============  ================================================
KPI                          unit            definition (per replication)
===========================  ==============  ================================================
served from stock            %               :math:`100\\,h_0 / D`: delivered in the week
                                             ordered (the textbook *fill rate*)
on-time rate                 %               :math:`100 \\sum_{w \\le W} h_w / D` with ``max_wait``
                                             :math:`W` (every delivery when no limit is set)
lost demand                  %               :math:`100\\,\\text{lost} / D`: stockouts under lost
                                             sales, orders refused for a too-long wait
walked away                  %               :math:`100\\,\\text{walked away} / D`: the
                                             configuration wanted was not offered
substituted                  %               :math:`100\\,\\text{substituted} / D`: took the
                                             standard configuration instead
exact specification          %               :math:`100 - \\text{lost} - \\text{walked away} -
                                             \\text{substituted}` (in %): orders taken for
                                             exactly what the customer asked for
mean lead time               weeks           :math:`\\sum_w w\\,h_w / S`
95th percentile lead time    weeks           smallest :math:`w` with :math:`\\sum_{v \\le w} h_v
                                             \\ge 0.95\\,S` (the table averages it over
                                             replications)
finished-goods inventory     units           mean finished goods on hand at week ends
component inventory          kits            mean components on hand, in kits (the parts of
                                             one product)
inventory value              EUR             (finished goods + kits) x unit cost
<component> cost             EUR/unit sold   :func:`~mtolab.cost_breakdown` / :math:`S`
total cost                   EUR/unit sold   every cost component / :math:`S` (per unit sold:
                                             NaN in a replication that sold nothing)
revenue per unit sold        EUR/unit sold   revenue / :math:`S`
margin per unit sold         EUR/unit sold   (revenue - money spent) / :math:`S`
revenue per week             EUR/week        revenue / :math:`T`
profit per week              EUR/week        (revenue - money spent) / :math:`T`
===========================  ==============  ================================================

Revenue is the price of every unit delivered plus the exact-specification
premium on the units delivered exactly as ordered (see
:meth:`CostModel.revenue`).  *Money spent* is every cost component except
the lost-sales cost: that one prices an opportunity (the margin and
goodwill of a sale that did not happen), whose margin is already missing
from revenue.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from mtolab._validate import check_int, check_real
from mtolab.costs import COST_COMPONENTS, CostModel, cost_breakdown
from mtolab.simulate._core import SimResult

__all__ = [
    "KPI_UNITS",
    "kpi_per_replication",
    "kpi_table",
    "served_from_stock",
    "on_time_rate",
    "lost_demand",
    "walked_away",
    "substituted",
    "exact_specification",
    "mean_lead_time",
    "lead_time_percentile",
]

KPI_UNITS = {
    "served from stock": "%",
    "on-time rate": "%",
    "lost demand": "%",
    "walked away": "%",
    "substituted": "%",
    "exact specification": "%",
    "mean lead time": "weeks",
    "95th percentile lead time": "weeks",
    "finished-goods inventory": "units",
    "component inventory": "kits",
    "inventory value": "EUR",
    **{f"{c} cost": "EUR/unit sold" for c in COST_COMPONENTS},
    "total cost": "EUR/unit sold",
    "revenue per unit sold": "EUR/unit sold",
    "margin per unit sold": "EUR/unit sold",
    "revenue per week": "EUR/week",
    "profit per week": "EUR/week",
}


_RESULT_DOC = """

    Parameters
    ----------
    result : SimResult
        A simulated strategy.{extra}

    Returns
    -------
    ndarray, shape (R,)
        One value per replication.
"""


_TABLE_PARAMS = """
    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    costs : CostModel
        Prices and costs.
    max_wait : int or None
        Longest lead time customers accept, in weeks; ``None``: no limit.
"""


def _kpi(extra: str = ""):
    """Give a per-replication KPI the Parameters and Returns sections all share."""
    def wrap(func):
        func.__doc__ = func.__doc__.rstrip() + _RESULT_DOC.format(extra=extra)
        return func
    return wrap


def _check_result(result) -> SimResult:
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
    return result


def _ordered(result: SimResult) -> np.ndarray:
    """:math:`D`, units ordered per replication (at least 1, to divide by)."""
    return np.maximum(result.demand.sum(axis=1), 1)


@_kpi()
def served_from_stock(result: SimResult) -> np.ndarray:
    """Share of units ordered that were delivered in the week they were ordered, in %.

    :math:`100\\,h_0 / D`, per replication: the classic *fill rate*.
    """
    result = _check_result(result)
    return 100.0 * result.lead_times[:, 0] / _ordered(result)


@_kpi("""
    max_wait : int or None
        :math:`W`, longest lead time customers accept, in weeks (>= 0);
        ``None``: no limit.""")
def on_time_rate(result: SimResult, max_wait: int | None) -> np.ndarray:
    """Share of units ordered that were delivered within ``max_wait`` weeks, in %.

    :math:`100 \\sum_{w \\le W} h_w / D`, per replication.  Units lost,
    refused or still waiting at the end count as not on time.  With
    ``max_wait=None`` (no limit) every delivered unit is on time; with
    ``max_wait=0`` this is :func:`served_from_stock`.
    """
    result = _check_result(result)
    hist = result.lead_times
    if max_wait is None:
        on_time = hist.sum(axis=1)
    else:
        on_time = hist[:, : check_int("max_wait", max_wait, low=0) + 1].sum(axis=1)
    return 100.0 * on_time / _ordered(result)


def _share_of_demand(flow: str, doc: str):
    """A KPI: the flow ``flow`` of a result summed over weeks, in % of units ordered."""
    def kpi(result: SimResult) -> np.ndarray:
        result = _check_result(result)
        return 100.0 * getattr(result, flow).sum(axis=1) / _ordered(result)

    kpi.__name__ = kpi.__qualname__ = flow if flow != "lost" else "lost_demand"
    kpi.__doc__ = doc
    return _kpi()(kpi)


lost_demand = _share_of_demand(
    "lost", "Units lost to stockouts (lost sales) or refused (too long a wait), in % of "
    ":math:`D`.")
walked_away = _share_of_demand(
    "walked_away", "Units whose configuration was not offered and whose customer left, "
    "in % of :math:`D`.")
substituted = _share_of_demand(
    "substituted", "Units for which the customer took the standard configuration instead, "
    "in % of :math:`D`.")


@_kpi()
def exact_specification(result: SimResult) -> np.ndarray:
    """Customers whose order was taken for exactly the configuration they asked for, in %.

    :math:`100\\,(D - \\text{lost} - \\text{walked away} - \\text{substituted}) / D`:
    the customisation a strategy delivers.
    """
    result = _check_result(result)
    missed = result.lost.sum(axis=1) + result.walked_away.sum(axis=1) + \
        result.substituted.sum(axis=1)
    return 100.0 * (result.demand.sum(axis=1) - missed) / _ordered(result)


@_kpi()
def mean_lead_time(result: SimResult) -> np.ndarray:
    """Mean weeks from order to delivery of the units delivered, :math:`\\sum_w w h_w / S`."""
    hist = _check_result(result).lead_times
    return hist @ np.arange(hist.shape[1]) / np.maximum(hist.sum(axis=1), 1)


def lead_time_percentile(result_or_lead_times, q: float = 0.95) -> np.ndarray:
    """The ``q`` quantile of the lead times of the units delivered, per replication, in weeks.

    The smallest :math:`w` with :math:`\\sum_{v \\le w} h_v \\ge q\\,S`: a
    share ``q`` of the units delivered in a replication arrived within it.
    It is computed per replication; :func:`kpi_table` reports its mean.

    Parameters
    ----------
    result_or_lead_times : SimResult or ndarray, shape (R, W + 1)
        A simulated strategy, or its :attr:`SimResult.lead_times`.
    q : float
        The quantile, in (0, 1].
    """
    hist = (result_or_lead_times.lead_times if isinstance(result_or_lead_times, SimResult)
            else np.asarray(result_or_lead_times))
    q = check_real("q", q, low=0.0, high=1.0, low_open=True)
    delivered = np.maximum(hist.sum(axis=1), 1)[:, None]
    # A small tolerance: a share of exactly q counts as reached.
    return ((np.cumsum(hist, axis=1) / delivered) < q - 1e-12).sum(axis=1).astype(float)


def kpi_per_replication(result: SimResult, costs: CostModel,
                        max_wait: int | None = None) -> dict:
    """Every KPI of :data:`KPI_UNITS` for every replication.
{params}
    Returns
    -------
    dict of str to ndarray, shape (R,)
        In the order of :data:`KPI_UNITS`.
    """
    result = _check_result(result)
    if not isinstance(costs, CostModel):
        raise TypeError(f"costs must be a CostModel, got {type(costs).__name__}")
    max_wait = None if max_wait is None else check_int("max_wait", max_wait, low=0)
    # Per unit sold is undefined where nothing was sold: NaN, left out of the means.
    shipped = result.shipped.sum(axis=1).astype(float)
    sold = np.where(shipped > 0, shipped, np.nan)
    breakdown = cost_breakdown(result, costs, max_wait)
    out = {
        "served from stock": served_from_stock(result),
        "on-time rate": on_time_rate(result, max_wait),
        "lost demand": lost_demand(result),
        "walked away": walked_away(result),
        "substituted": substituted(result),
        "exact specification": exact_specification(result),
        "mean lead time": mean_lead_time(result),
        "95th percentile lead time": lead_time_percentile(result),
        "finished-goods inventory": result.fg_inventory.mean(axis=1),
        "component inventory": result.component_inventory.mean(axis=1),
        "inventory value": (result.fg_inventory + result.component_inventory).mean(axis=1)
        * costs.unit_cost,
    }
    for name in COST_COMPONENTS:
        out[f"{name} cost"] = breakdown[name].to_numpy() / sold
    total = breakdown.to_numpy().sum(axis=1)
    out["total cost"] = total / sold
    revenue = costs.revenue(result)
    spent = total - breakdown["lost sales"].to_numpy()
    out["revenue per unit sold"] = revenue / sold
    out["margin per unit sold"] = (revenue - spent) / sold
    out["revenue per week"] = revenue / result.n_periods
    out["profit per week"] = (revenue - spent) / result.n_periods
    return out


kpi_per_replication.__doc__ = kpi_per_replication.__doc__.format(params=_TABLE_PARAMS)


def kpi_table(result: SimResult, costs: CostModel, max_wait: int | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """KPIs of one strategy: means over replications with confidence intervals.

    The KPIs and their formulas are listed in :mod:`mtolab.kpis`.
{params}    confidence : float
        Level of the normal-approximation confidence interval of each mean,
        in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Index: KPI name.  Columns: ``unit``, ``mean``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> from mtolab import Scenario, kpi_table
    >>> sc = Scenario(n_periods=52, n_replications=20)
    >>> table = kpi_table(sc.simulate("MTO"), sc.costs, max_wait=sc.max_wait)
    >>> float(table.loc["served from stock", "mean"])  # made to order: never from stock
    0.0
    >>> table.loc["mean lead time", "unit"]
    'weeks'
    """
    confidence = check_real("confidence", confidence, low=0.0, high=1.0,
                            low_open=True, high_open=True)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    rows = {}
    _check_result(result)
    for name, values in kpi_per_replication(result, costs, max_wait).items():
        values = values[np.isfinite(values)]  # per unit sold: replications that sold
        k = len(values)
        mean = float(np.mean(values)) if k else np.nan
        half = z * float(np.std(values, ddof=1)) / np.sqrt(k) if k > 1 else np.nan
        rows[name] = (KPI_UNITS[name], mean, mean - half, mean + half)
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["unit", "mean", "ci_low", "ci_high"])
    frame.index.name = "kpi"
    return frame


kpi_table.__doc__ = kpi_table.__doc__.replace("{params}", _TABLE_PARAMS)
