"""Hybrid: chosen variants made to stock, the rest made to order."""

from __future__ import annotations

import dataclasses

import numpy as np

from mtolab._validate import check_array
from mtolab.simulate._core import SimResult, check_demand_array, combine_results, sum_variants
from mtolab.simulate.mto import simulate_mto
from mtolab.simulate.mts import simulate_mts

__all__ = ["simulate_hybrid"]


def simulate_hybrid(
    demand,
    stocked,
    order_up_to,
    *,
    lead_time: int,
    capacity: float,
    review_period: int = 1,
    shelf_life: int | None = None,
    unmet_demand: str = "backorder",
    sourcing_time: int = 1,
    production_time: int = 1,
    max_wait: int | None = None,
    refuse_late_orders: bool = False,
    stock_capacity: float | None = None,
    initial_inventory=None,
    initial_pipeline=0.0,
    engine: str = "auto",
) -> SimResult:
    """Simulate a hybrid: variants in ``stocked`` made to stock, others to order.

    The stocked variants follow :func:`~mtolab.simulate_mts` (production of
    at most ``stock_capacity`` units a period, if given); the orders for all
    other variants share one make-to-order line of ``capacity`` units per
    period, as in :func:`~mtolab.simulate_mto`.  Both see the same demand
    array, so a hybrid is compared on common random numbers.  With every
    variant stocked it is :func:`~mtolab.simulate_mts` and with none
    :func:`~mtolab.simulate_mto`, number for number.

    Parameters
    ----------
    demand : array_like, shape (R, T, n)
        Units ordered of each variant.
    stocked : array_like of bool, shape (n,)
        True for the variants made to stock.
    order_up_to : array_like, broadcastable to (R, T, number stocked)
        Order-up-to levels of the stocked variants.
    lead_time, review_period, shelf_life, unmet_demand
        Make-to-stock settings, see :func:`~mtolab.simulate_mts`.
    stock_capacity : float or None
        Units the make-to-stock part can produce per period (> 0); ``None``:
        no limit (the ``capacity`` of :func:`~mtolab.simulate_mts`).
    initial_inventory, initial_pipeline : array_like or None
        Starting stock and pipeline of the stocked variants, see
        :func:`~mtolab.simulate_mts`.
    capacity, sourcing_time, production_time, max_wait, refuse_late_orders
        Make-to-order settings, see :func:`~mtolab.simulate_mto`.
    engine : {"auto", "reference"}
        Passed on to both parts.

    Returns
    -------
    SimResult
    """
    demand = check_demand_array("demand", demand)
    mask = np.asarray(stocked)
    if mask.dtype != bool or mask.shape != (demand.shape[2],):
        raise ValueError(
            f"stocked must be an array of {demand.shape[2]} booleans (one per variant), "
            f"got {stocked!r}"
        )
    parts = []
    if mask.any():
        target = check_array("order_up_to", order_up_to, low=0.0)
        parts.append(
            simulate_mts(
                demand[:, :, mask], target, lead_time=lead_time, review_period=review_period,
                shelf_life=shelf_life, unmet_demand=unmet_demand, capacity=stock_capacity,
                initial_inventory=initial_inventory, initial_pipeline=initial_pipeline,
                engine=engine,
            )
        )
    if not mask.all():
        parts.append(
            simulate_mto(
                _made_to_order(demand, ~mask), capacity=capacity, sourcing_time=sourcing_time,
                production_time=production_time, max_wait=max_wait,
                refuse_late_orders=refuse_late_orders, engine=engine,
            )
        )
    if len(parts) == 1:  # one part: its result, named the hybrid
        return dataclasses.replace(parts[0], strategy="Hybrid")
    return combine_results("Hybrid", parts)


def _made_to_order(demand, mask):
    """Orders of the variants in ``mask``, added up (one make-to-order line makes them all).

    Adjacent variants are added through a view, without copying them first.
    """
    chosen = np.flatnonzero(mask)
    if chosen[-1] - chosen[0] + 1 == chosen.size:
        return sum_variants(demand[:, :, chosen[0] : chosen[-1] + 1])
    return sum_variants(demand[:, :, mask])
