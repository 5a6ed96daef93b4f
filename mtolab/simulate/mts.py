"""Make to stock: finished goods produced to forecast, sold from the shelf."""

from __future__ import annotations

import numpy as np

from mtolab.simulate._core import (
    SimResult,
    StockPolicy,
    allocate_together,
    check_demand_array,
    check_engine,
    check_unmet,
    in_row_chunks,
    no_flow,
    replace_rows,
    sum_stocks,
    sum_variants,
)
from mtolab.simulate._stock import (
    count_orders,
    cumulative_by_item,
    increments,
    order_up_to_positions,
    position_dtype,
    production_positions,
    received_by_period,
)
from mtolab.simulate.reference import mts_reference

__all__ = ["simulate_mts"]


def simulate_mts(
    demand,
    order_up_to,
    *,
    lead_time: int,
    review_period: int = 1,
    shelf_life: int | None = None,
    unmet_demand: str = "backorder",
    capacity: float | None = None,
    initial_inventory=None,
    initial_pipeline=0.0,
    engine: str = "auto",
) -> SimResult:
    """Simulate make to stock under an order-up-to (base-stock) policy.

    Every ``review_period`` periods, at the end of period *t*, each
    variant's stock is ordered up to :math:`S_t`: the order is
    :math:`q_t = \\lceil S_t - (I_t + P_t - B_t) \\rceil^+`, with on-hand
    stock :math:`I_t`, units on order :math:`P_t` and backorders
    :math:`B_t`.  Production makes at most ``capacity`` units a period of
    the open orders, oldest first; what is made arrives ``lead_time`` + 1
    periods later.  Customers are served from stock first-in, first-out;
    stock older than ``shelf_life`` periods is scrapped (obsolescence).
    The specification is :func:`~mtolab.simulate.reference.mts_reference`.

    Parameters
    ----------
    demand : array_like, shape (R, T, n)
        Units ordered of each of *n* variants per period and replication.
    order_up_to : array_like, shape (R, T, n) or broadcastable
        :math:`S_t`, target inventory position in units, usually
        :math:`(L + r)\\hat{\\mu}_{t+1} + SS` (forecast plus safety stock).
    lead_time : int
        :math:`L`, periods from production to stock (0 to 520).
    review_period : int
        :math:`r`, periods between orders (1 to 520); 1 orders every period.
    shelf_life : int or None
        Periods an item can stay in stock before it is obsolete (>= 1);
        ``None`` means it never ages.
    unmet_demand : {"backorder", "lost_sales"}
        What happens to demand when stock is out: customers wait
        (``"backorder"``) or buy elsewhere (``"lost_sales"``).
    capacity : float or None
        Units production can make per period over all variants (> 0; a
        fractional capacity is spread over periods); ``None``: no limit.
    initial_inventory : array_like or None
        Stock on hand at the start, units per variant; ``None`` starts at
        the first order-up-to level.
    initial_pipeline : array_like
        Units arriving in each of periods 1..L from orders placed before
        the start (per variant).
    engine : {"auto", "reference"}
        ``"reference"`` runs the period-by-period reference model;
        ``"auto"`` takes the closed form when customers wait for stock
        (backorders; see :func:`_closed_form_applies`) and the reference
        model otherwise.  Both give the same numbers.

    Returns
    -------
    SimResult
    """
    demand = check_demand_array("demand", demand)
    n_rep, n_per, n_var = demand.shape
    unmet_demand = check_unmet(unmet_demand)
    engine = check_engine(engine)
    policy = StockPolicy.checked(demand.shape, order_up_to, lead_time=lead_time,
                                 review_period=review_period, shelf_life=shelf_life,
                                 capacity=capacity, initial_inventory=initial_inventory,
                                 initial_pipeline=initial_pipeline)
    if engine == "auto" and _closed_form_applies(unmet_demand):
        flows, ageing = _closed_form(demand, policy)
        if ageing.any():
            # Replications in which some stock would outlive its shelf life
            # are simulated again, period by period.
            redo = mts_reference(demand[ageing], policy.rows(ageing), unmet_demand)
            flows = {k: v if k in ("demand", "order_streams") else replace_rows(v, ageing, redo[k])
                     for k, v in flows.items()}  # demand is the same either way
    else:
        flows = mts_reference(demand, policy, unmet_demand)
        flows["demand"] = sum_variants(demand)
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="MTS",
        demand=flows["demand"],
        shipped=flows["shipped"],
        lost=flows["lost"],
        backlog=flows["backlog"],
        fg_inventory=flows["fg_inventory"],
        component_inventory=zeros,
        made_to_stock=flows["made_to_stock"],
        made_to_order=zeros,
        assembled_to_order=zeros,
        components_bought=zeros,
        setups=flows["setups"],
        obsolete=flows["obsolete"],
        order_streams=flows["order_streams"],
        ship_streams=flows["ship_streams"],
    )


def _closed_form_applies(unmet_demand: str) -> bool:
    """The closed form holds when customers wait for stock (backorders).

    Then nothing but demand lowers the inventory position, so orders do not
    depend on what is on hand.  Any capacity and review period are fine; a
    shelf life too, in the replications where nothing grows too old (the
    others are simulated again by the reference model).
    """
    return unmet_demand == "backorder"


def _closed_form(demand: np.ndarray, policy: StockPolicy):
    r"""Closed form of the order-up-to policy with backorders and no ageing.

    Demand lowers the inventory position :math:`IP` (on hand + on order -
    backorders) one for one, and an order raises it to
    :math:`\max(\lceil S_t \rceil, IP)`.  With cumulative demand
    :math:`C_t`, :math:`X_t = IP_t + C_t` is therefore a running maximum of
    :math:`\lceil S_t \rceil + C_t` over review periods, orders are its
    increments (:func:`~mtolab.simulate._stock.order_up_to_positions`),
    production makes them as capacity allows
    (:func:`~mtolab.simulate._stock.production_positions`), and with
    :math:`A_t` the units received (initial stock included), customers
    served first-in, first-out have taken :math:`S_t = \min(C_t, A_t)` by
    the end of period *t*: stock on hand is :math:`A_t - S_t` and backorders
    :math:`C_t - S_t`.  No loop over periods.

    With a shelf life :math:`s`, the same numbers hold in every replication
    where nothing ever grows too old.  First-in, first-out, stock received
    up to period :math:`t-s+1` (:math:`A_{t-s+1}`) is scrapped at the end of
    period *t* unless it has all left, that is unless :math:`A_{t-s+1} \le S_t`.

    Returns
    -------
    flows : dict
        The flows :func:`~mtolab.simulate.reference.mts_reference` returns,
        plus ``demand``.
    ageing : ndarray of bool, shape (R,)
        Replications in which some stock would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, n_var = demand.shape
    shelf_life = policy.shelf_life
    itype = position_dtype(demand, policy.target,
                           policy.initial_inventory + policy.lead_time * policy.initial_pipeline)
    total = sum_variants(demand)
    # Results are written block by block: per variant (time last, contiguous)
    # the shipments, over variants the other flows (one variant: its own).
    ships, flows = allocate_together(itype, (n_rep, n_var, n_per),
                                     (4 + (n_var > 1), n_rep, n_per))
    onhand, backlog, made, setups, *total_shipped = flows
    shipped = total_shipped[0] if total_shipped else ships[:, 0]
    ageing = np.zeros(n_rep, dtype=bool)

    def rows(r):
        # Replications are independent: large runs are computed in blocks, in
        # parallel.
        part = policy.rows(r)
        cum_demand = cumulative_by_item(demand[r], itype)  # C_t
        x = order_up_to_positions(cum_demand, part)
        count_orders(x, out=setups[r])  # an order wherever X grows
        y, y_total = production_positions(x, policy.capacity, overwrite_x=True)
        np.subtract(y_total[:, 1:], y_total[:, :-1], out=made[r])
        received = received_by_period(part, y)  # A_t
        received_by_period(part, y_total[:, None], out=onhand[r][:, None])  # over variants
        np.cumsum(total[r], axis=1, dtype=itype, out=backlog[r])  # C_t over variants
        sold = np.minimum(cum_demand, received, out=cum_demand)  # S_t
        if shelf_life is not None and shelf_life <= n_per:
            s = shelf_life - 1
            ageing[r] = (received[:, :, : n_per - s] > sold[:, :, s:]).any(axis=(1, 2))
        increments(sold, out=ships[r])
        sold_all = sum_stocks(sold)
        onhand[r] -= sold_all
        backlog[r] -= sold_all
        if n_var > 1:
            increments(sold_all[:, None], out=shipped[r][:, None])

    in_row_chunks(rows, n_rep, demand.size)
    zeros = no_flow(n_rep, n_per)
    flows = {
        "demand": total,
        "shipped": shipped,
        "lost": zeros,
        "backlog": backlog,
        "fg_inventory": onhand,
        "made_to_stock": made,
        "setups": setups,
        "obsolete": zeros,
        "ship_streams": ships.transpose(0, 2, 1),  # (R, T, n), a view
        "order_streams": demand,
    }
    return flows, ageing
