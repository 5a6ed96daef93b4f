"""Make to order: production starts only after a confirmed customer order."""

from __future__ import annotations

import numpy as np

from mtolab._validate import check_int
from mtolab.simulate._core import (
    SimResult,
    capacity_per_period,
    check_capacity,
    check_demand_array,
    check_engine,
    flow_arrays,
    no_flow,
    shift,
    sum_variants,
)
from mtolab.simulate.reference import MTOLine, mto_reference

__all__ = ["simulate_mto"]


def simulate_mto(
    orders,
    *,
    capacity: float,
    sourcing_time: int = 1,
    production_time: int = 1,
    max_wait: int | None = None,
    refuse_late_orders: bool = False,
    engine: str = "auto",
) -> SimResult:
    """Simulate make to order with capacity-limited production.

    An order (one unit) confirmed in period *t* has its materials sourced
    for ``sourcing_time`` periods, then joins the production queue; at
    most :math:`c` units start production per period, first come, first
    served, and each takes ``production_time`` periods.  Its customer lead
    time is

    .. math:: \\text{lead time} = t_s + W_q + t_p,

    sourcing plus queueing plus production.  Nothing is made to stock.

    Parameters
    ----------
    orders : array_like, shape (R, T) or (R, T, n)
        Units ordered per period (variants are added up: made to order,
        every unit is built to its own specification anyway).
    capacity : float
        :math:`c`, units that can start production per period (> 0).  A
        fractional capacity is spread over periods (2.5 gives 2, 3, 2, 3 ...).
    sourcing_time : int
        :math:`t_s`, periods to source materials after the order (>= 0).
    production_time : int
        :math:`t_p`, periods from start of production to delivery (>= 0).
    max_wait : int or None
        Longest lead time customers accept, in periods; ``None`` for no limit.
    refuse_late_orders : bool
        If true, an order whose *quoted* lead time (from the queue ahead of
        it) exceeds ``max_wait`` is lost; otherwise it is accepted and may
        be delivered late.
    engine : {"auto", "reference"}
        ``"reference"`` runs :func:`~mtolab.simulate.reference.mto_reference`;
        ``"auto"`` takes the running-minimum closed form when no order is
        refused (:func:`_running_minimum_applies`).  Both give the same
        numbers.

    Returns
    -------
    SimResult
    """
    orders = check_demand_array("orders", orders, ndim=(2, 3))
    if orders.ndim == 3:
        orders = sum_variants(orders)
    n_rep, n_per = orders.shape
    capacity = check_capacity("capacity", capacity)
    sourcing_time = check_int("sourcing_time", sourcing_time, low=0, high=520)
    production_time = check_int("production_time", production_time, low=0, high=520)
    if max_wait is not None:
        max_wait = check_int("max_wait", max_wait, low=0)
    if not isinstance(refuse_late_orders, bool | np.bool_):
        raise TypeError(f"refuse_late_orders must be True or False, got {refuse_late_orders!r}")
    engine = check_engine(engine)
    line = MTOLine(capacity_per_period(capacity, n_per), sourcing_time, production_time, max_wait,
                   refuse_late_orders, capacity)
    if engine == "auto" and _running_minimum_applies(line):
        flows = _running_minimum(orders, line)
    else:
        flows = mto_reference(orders, line)
        shipped = flows["shipped"]
        flows["backlog"] = np.cumsum(flows["accepted"] - shipped, axis=1)
        flows["work_in_progress"] = np.cumsum(flows["made_to_order"] - shipped, axis=1)
    accepted, starts, shipped = flows["accepted"], flows["made_to_order"], flows["shipped"]
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="MTO",
        demand=orders,
        shipped=shipped,
        lost=zeros if accepted is orders else orders - accepted,
        backlog=flows["backlog"],
        fg_inventory=zeros,
        component_inventory=zeros,
        made_to_stock=zeros,
        made_to_order=starts,
        assembled_to_order=zeros,
        components_bought=zeros,
        setups=starts,
        obsolete=zeros,
        order_streams=accepted[:, :, None],
        ship_streams=shipped[:, :, None],
        work_in_progress=flows["work_in_progress"],
    )


def _running_minimum_applies(line: MTOLine) -> bool:
    """Without refusals every order joins the queue, whose starts are a running minimum."""
    return not line.refuse_late_orders


def _running_minimum(orders, line: MTOLine) -> dict:
    r"""The first-come, first-served queue without a loop: every order is accepted.

    Orders join the queue ``sourcing_time`` periods after they arrive;
    with :math:`R_t` units released to the queue up to period *t* and
    cumulative capacity :math:`K_t`, cumulative starts follow
    :math:`S_t = \min(R_t, S_{t-1} + c_t)`, that is
    :math:`S_t = K_t + \min(0, \min_{s \le t} (R_s - K_s))`.  With
    cumulative orders :math:`A_t` and production time :math:`t_p`, the
    backlog is :math:`A_t - S_{t - t_p}` and the work in progress
    :math:`S_t - S_{t - t_p}`.  Whole units, so the arithmetic is in integers.

    Returns
    -------
    dict
        The flows of :func:`~mtolab.simulate.reference.mto_reference`, plus
        ``backlog`` and ``work_in_progress``.
    """
    n_rep, n_per = orders.shape
    itype = np.int32 if float(orders.max(initial=0)) * n_per < 2**30 else np.int64
    starts, shipped, backlog, in_production = flow_arrays(4, n_rep, n_per, itype)
    ordered = np.cumsum(orders, axis=1, dtype=itype, out=backlog)  # A_t
    cum_cap = np.cumsum(line.capacity).astype(itype)  # K_t
    started = np.subtract(shift(ordered, line.sourcing_time), cum_cap)  # R_t - K_t
    np.minimum.accumulate(started, axis=1, out=started)
    np.minimum(started, 0, out=started)
    started += cum_cap  # S_t
    starts[:, 0] = started[:, 0]
    np.subtract(started[:, 1:], started[:, :-1], out=starts[:, 1:])
    lag = min(line.production_time, n_per)
    shipped[:, :lag] = 0
    shipped[:, lag:] = starts[:, : n_per - lag]
    in_production[:, :lag] = started[:, :lag]  # S_t - S_{t - t_p}
    np.subtract(started[:, lag:], started[:, : n_per - lag], out=in_production[:, lag:])
    backlog[:, lag:] -= started[:, : n_per - lag]  # A_t - S_{t - t_p}
    return {"accepted": orders, "made_to_order": starts, "shipped": shipped,
            "backlog": backlog, "work_in_progress": in_production}
