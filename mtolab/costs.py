"""Costs and key performance indicators (KPIs) of a simulated strategy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mtolab._validate import check_int, check_real
from mtolab.simulate._core import SimResult

__all__ = ["CostModel", "cost_breakdown", "kpi_table", "KPI_UNITS"]


@dataclass(frozen=True)
class CostModel:
    """Money side of a scenario.  All amounts in currency units (say, euro).

    Parameters
    ----------
    unit_cost : float
        :math:`c`, cost of making one standard unit in a stock run (> 0).
        Also the value of a unit of inventory and of a kit of components.
    mto_premium : float
        :math:`p_{MTO}`, extra cost per unit made to order: small batches,
        custom parts, lost economies of scale (>= 0).
    assembly_premium : float
        :math:`p_{ATO}`, extra cost per unit assembled to order (>= 0);
        assembly is usually cheap.
    setup_cost : float
        :math:`K`, cost per production run or replenishment order (>= 0).
        A stock replenishment of one variant is one run; under make to
        order every unit is its own run.
    holding_rate : float
        :math:`i`, holding cost per period as a fraction of the value held
        (>= 0); 0.005 per week is about 26 % a year.
    obsolescence_cost : float or None
        Cost per unit scrapped (>= 0); ``None`` means the unit cost is
        written off.
    lost_sale_cost : float
        :math:`\\pi`, lost margin and goodwill per unit of demand lost (>= 0).
    late_cost : float
        :math:`b`, penalty per unit per period delivered later than
        customers accept (>= 0).
    """

    unit_cost: float = 100.0
    mto_premium: float = 15.0
    assembly_premium: float = 4.0
    setup_cost: float = 10.0
    holding_rate: float = 0.005
    obsolescence_cost: float | None = None
    lost_sale_cost: float = 40.0
    late_cost: float = 5.0

    def __post_init__(self):
        check_real("unit_cost", self.unit_cost, low=0.0, low_open=True)
        for name in ("mto_premium", "assembly_premium", "setup_cost", "holding_rate",
                     "lost_sale_cost", "late_cost"):
            check_real(name, getattr(self, name), low=0.0)
        if self.obsolescence_cost is not None:
            check_real("obsolescence_cost", self.obsolescence_cost, low=0.0)

    @property
    def scrap_cost(self) -> float:
        """Cost per unit scrapped."""
        return self.unit_cost if self.obsolescence_cost is None else self.obsolescence_cost


COST_COMPONENTS = ("production", "premium", "setup", "holding", "obsolescence",
                   "lost sales", "late delivery")

KPI_UNITS = {
    "on-time fill rate": "%",
    "lost demand": "%",
    "mean lead time": "periods",
    "95th percentile lead time": "periods",
    "finished-goods inventory": "units",
    "component inventory": "product equivalents",
    "inventory value": "currency",
    **{f"{c} cost": "currency/unit sold" for c in COST_COMPONENTS},
    "total cost": "currency/unit sold",
}


def _check(result, costs, max_wait):
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
    if not isinstance(costs, CostModel):
        raise TypeError(f"costs must be a CostModel, got {type(costs).__name__}")
    return None if max_wait is None else check_int("max_wait", max_wait, low=0)


def cost_breakdown(result: SimResult, costs: CostModel, max_wait: int | None = None):
    """Total cost of each component over the horizon, per replication.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    costs : CostModel
        Cost parameters.
    max_wait : int or None
        Longest lead time customers accept, in periods; later deliveries pay
        ``costs.late_cost`` per unit per period late.  ``None``: no penalty.

    Returns
    -------
    pandas.DataFrame
        One row per replication, one column per cost component (currency).

    Notes
    -----
    "production" is the cost of goods sold: the unit cost of every unit
    delivered.  Units made and never sold cost through holding and, once
    scrapped, obsolescence, so stock left at the end of the horizon does
    not count as if it had been sold.
    """
    max_wait = _check(result, costs, max_wait)
    c = costs
    hist = result.lead_times
    waits = np.arange(hist.shape[1])
    late = 0.0 if max_wait is None else hist @ np.maximum(waits - max_wait, 0)
    stock_value = (result.fg_inventory + result.component_inventory).sum(axis=1) * c.unit_cost
    frame = pd.DataFrame({
        "production": result.shipped.sum(axis=1) * c.unit_cost,
        "premium": result.made_to_order.sum(axis=1) * c.mto_premium
        + result.assembled_to_order.sum(axis=1) * c.assembly_premium,
        "setup": result.setups.sum(axis=1) * c.setup_cost,
        "holding": stock_value * c.holding_rate,
        "obsolescence": result.obsolete.sum(axis=1) * c.scrap_cost,
        "lost sales": result.lost.sum(axis=1) * c.lost_sale_cost,
        "late delivery": late * c.late_cost,
    })
    frame.index.name = "replication"
    return frame


def _per_replication(result: SimResult, costs: CostModel, max_wait):
    """Every KPI for every replication, as a dict of (R,) arrays."""
    hist = result.lead_times
    waits = np.arange(hist.shape[1])
    delivered = hist.sum(axis=1)
    demand = result.demand.sum(axis=1)
    on_time = delivered if max_wait is None else hist[:, : max_wait + 1].sum(axis=1)
    cdf = np.cumsum(hist, axis=1) / np.maximum(delivered, 1)[:, None]
    sold = np.maximum(result.shipped.sum(axis=1), 1.0)
    breakdown = cost_breakdown(result, costs, max_wait)
    out = {
        "on-time fill rate": 100 * on_time / np.maximum(demand, 1),
        "lost demand": 100 * result.lost.sum(axis=1) / np.maximum(demand, 1),
        "mean lead time": hist @ waits / np.maximum(delivered, 1),
        "95th percentile lead time": (cdf < 0.95).sum(axis=1).astype(float),
        "finished-goods inventory": result.fg_inventory.mean(axis=1),
        "component inventory": result.component_inventory.mean(axis=1),
        "inventory value": (result.fg_inventory + result.component_inventory).mean(axis=1)
        * costs.unit_cost,
    }
    for name in COST_COMPONENTS:
        out[f"{name} cost"] = breakdown[name].to_numpy() / sold
    out["total cost"] = breakdown.to_numpy().sum(axis=1) / sold
    return out


def kpi_table(result: SimResult, costs: CostModel, max_wait: int | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """KPIs of one strategy with confidence intervals over replications.

    The on-time fill rate is the share of units ordered that were delivered
    within ``max_wait`` periods (with ``max_wait=0`` it is the classic
    fill rate: the share served straight from stock).  Costs are totals
    over the horizon divided by units delivered.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    costs : CostModel
        Cost parameters.
    max_wait : int or None
        Longest lead time customers accept (periods); ``None``: no limit.
    confidence : float
        Level of the normal-approximation confidence interval of each mean,
        in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Index: KPI name.  Columns: ``unit``, ``mean``, ``ci_low``, ``ci_high``.
    """
    from statistics import NormalDist

    max_wait = _check(result, costs, max_wait)
    confidence = check_real("confidence", confidence, low=0.0, high=1.0,
                            low_open=True, high_open=True)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    rows = {}
    n = result.n_replications
    for name, values in _per_replication(result, costs, max_wait).items():
        mean = float(np.mean(values))
        half = z * float(np.std(values, ddof=1)) / np.sqrt(n) if n > 1 else np.nan
        rows[name] = (KPI_UNITS[name], mean, mean - half, mean + half)
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["unit", "mean", "ci_low", "ci_high"])
    frame.index.name = "kpi"
    return frame
