"""Make to stock: finished goods produced to forecast, sold from the shelf."""

from __future__ import annotations

import numpy as np

from mtolab._validate import check_array
from mtolab.simulate._core import (
    SimResult,
    StockPoint,
    check_demand_array,
    check_stock_policy,
    check_unmet,
    in_row_chunks,
    no_flow,
    order_up_to_positions,
    position_dtype,
    received_by_period,
    replace_rows,
    sum_stocks,
    sum_variants,
)

__all__ = ["simulate_mts"]


def simulate_mts(
    demand,
    order_up_to,
    *,
    lead_time: int,
    review_period: int = 1,
    shelf_life: int | None = None,
    unmet_demand: str = "backorder",
    initial_inventory=None,
    initial_pipeline=0.0,
) -> SimResult:
    """Simulate make to stock under an order-up-to (base-stock) policy.

    Every ``review_period`` periods, at the end of period *t*, each
    variant's stock is ordered up to :math:`S_t`: the order is
    :math:`q_t = \\lceil S_t - (I_t + P_t - B_t) \\rceil^+`, with on-hand
    stock :math:`I_t`, orders in transit :math:`P_t` and backorders
    :math:`B_t`.  It arrives ``lead_time`` + 1 periods later.  Customers are
    served from stock first-in, first-out; stock older than ``shelf_life``
    periods is scrapped (obsolescence).

    Parameters
    ----------
    demand : array_like, shape (R, T, n)
        Units ordered of each of *n* variants per period and replication.
    order_up_to : array_like, shape (R, T, n) or broadcastable
        :math:`S_t`, target inventory position in units, usually
        :math:`(L + r)\\hat{\\mu}_{t+1} + SS` (forecast plus safety stock).
    lead_time : int
        :math:`L`, replenishment lead time in periods (>= 0).
    review_period : int
        :math:`r`, periods between orders (>= 1); 1 orders every period.
    shelf_life : int or None
        Periods an item can stay in stock before it is obsolete; ``None``
        means it never ages.
    unmet_demand : {"backorder", "lost_sales"}
        What happens to demand when stock is out: customers wait
        (``"backorder"``) or buy elsewhere (``"lost_sales"``).
    initial_inventory : array_like or None
        Stock on hand at the start, units per variant; ``None`` starts at
        the first order-up-to level.
    initial_pipeline : array_like
        Units arriving in each of periods 1..L from orders placed before
        the start (per variant).

    Returns
    -------
    SimResult
    """
    demand = check_demand_array("demand", demand)
    n_rep, n_per, n_var = demand.shape
    lead_time, review_period, shelf_life = check_stock_policy(lead_time, review_period, shelf_life)
    unmet_demand = check_unmet(unmet_demand)
    target = check_array("order_up_to", order_up_to, low=0.0)
    target = np.broadcast_to(target, demand.shape)
    if initial_inventory is None:
        initial_inventory = target[:, 0]
    initial_inventory = check_array("initial_inventory", initial_inventory, low=0.0)
    initial_pipeline = check_array("initial_pipeline", initial_pipeline, low=0.0)

    if unmet_demand == "backorder":
        flows, ageing = _base_stock_backorders(demand, target, lead_time, review_period,
                                               initial_inventory, initial_pipeline, shelf_life)
        if ageing.any():
            # Replications in which some stock would outlive its shelf life
            # are simulated again with scrapping, period by period.
            rows = (n_rep, n_var)
            redo = _stock_loop(demand[ageing], target[ageing], lead_time, review_period,
                               shelf_life, unmet_demand,
                               np.broadcast_to(initial_inventory, rows)[ageing],
                               np.broadcast_to(initial_pipeline, rows)[ageing])
            totals = {k: v if k == "demand" else replace_rows(v, ageing, redo[0][k])
                      for k, v in flows[0].items()}  # demand is the same either way
            flows = totals, replace_rows(flows[1], ageing, redo[1]), None
    else:
        flows = _stock_loop(demand, target, lead_time, review_period, shelf_life,
                            unmet_demand, initial_inventory, initial_pipeline)
    totals, ship_streams, lost_streams = flows
    order_streams = demand if lost_streams is None else demand - lost_streams
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="MTS",
        demand=totals["demand"],
        shipped=totals["shipped"],
        lost=totals["lost"],
        backlog=totals["backlog"],
        fg_inventory=totals["onhand"],
        component_inventory=zeros,
        made_to_stock=totals["orders"],
        made_to_order=zeros,
        assembled_to_order=zeros,
        components_bought=zeros,
        setups=totals["setups"],
        obsolete=totals["obsolete"],
        order_streams=order_streams,
        ship_streams=ship_streams,
    )


def _base_stock_backorders(demand, target, lead_time, review_period, initial_inventory,
                           initial_pipeline, shelf_life=None):
    r"""Closed form of the order-up-to policy with backorders and no ageing.

    Demand lowers the inventory position :math:`IP` (on hand + in transit -
    backorders) one for one, and an order raises it to
    :math:`\max(\lceil S_t \rceil, IP)`.  With cumulative demand
    :math:`C_t`, :math:`X_t = IP_t + C_t` is therefore a running maximum of
    :math:`\lceil S_t \rceil + C_t` over review periods, orders are its
    increments (:func:`order_up_to_positions`), and net stock is what has
    arrived minus :math:`C_t`: no loop over periods.  Gives the same numbers
    as the period loop.

    With a shelf life :math:`s`, the same numbers hold in every replication
    where nothing ever grows too old.  First-in, first-out, stock received
    up to period :math:`t-s+1` (:math:`A_{t-s+1}`, initial stock included)
    is scrapped at the end of period *t* unless it has all left, that is
    unless :math:`A_{t-s+1} \le A_t - I_t` with on-hand stock :math:`I_t`.

    Returns
    -------
    flows : tuple
        Totals, shipments per variant and (``None``) losses per variant.
    ageing : ndarray of bool, shape (R,)
        Replications in which some stock would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, n_var = demand.shape
    shape = (n_rep, n_var)
    initial_inventory = np.broadcast_to(initial_inventory, shape)
    initial_pipeline = np.broadcast_to(initial_pipeline, shape)
    itype = position_dtype(demand, target,
                           np.rint(initial_inventory) + lead_time * np.rint(initial_pipeline))
    # Results are (R, n, T): time last, contiguous.  Replications are
    # independent, so large runs are computed in two halves in parallel.
    ships, backlog, onhand, orders = (np.empty((n_rep, n_var, n_per), dtype=itype)
                                      for _ in range(4))
    setups = np.empty((n_rep, n_var, n_per), dtype=bool)
    ageing = np.zeros(n_rep, dtype=bool)

    def rows(r):
        onhand0, pipe0, x, cum_demand, units = order_up_to_positions(
            demand[r], target[r], lead_time, review_period, initial_inventory[r],
            initial_pipeline[r], itype)
        np.subtract(x[:, :, 1:], x[:, :, :-1], out=orders[r])
        np.greater(orders[r], 0, out=setups[r])
        # Net stock = what has been received - what has been ordered.
        received = received_by_period(onhand0, pipe0, x, lead_time)
        net = np.subtract(received, cum_demand, out=cum_demand)
        np.maximum(net, 0, out=onhand[r])
        if shelf_life is not None and shelf_life <= n_per:
            s = shelf_life - 1
            too_old = received[:, :, : n_per - s] + onhand[r][:, :, s:] > received[:, :, s:]
            ageing[r] = too_old.any(axis=(1, 2))
        short = np.subtract(onhand[r], net, out=backlog[r])  # max(-net, 0)
        # Shipped = demand + backlog carried in - backlog carried out.
        shipped = ships[r]
        shipped[:, :, 0] = units[:, :, 0]
        np.add(units[:, :, 1:], short[:, :, :-1], out=shipped[:, :, 1:])
        shipped -= short

    in_row_chunks(rows, n_rep, 6 * demand.size)
    zeros = no_flow(n_rep, n_per)
    totals = {
        "demand": sum_variants(demand),
        "shipped": sum_stocks(ships),
        "lost": zeros,
        "backlog": sum_stocks(backlog),
        "onhand": sum_stocks(onhand),
        "orders": sum_stocks(orders),
        "setups": sum_stocks(setups.view(np.int8), np.int32),
        "obsolete": zeros,
    }
    ship_streams = ships.transpose(0, 2, 1)  # (R, T, n), a view
    return (totals, ship_streams, None), ageing


def _stock_loop(demand, target, lead_time, review_period, shelf_life, unmet_demand,
                initial_inventory, initial_pipeline):
    """The period-by-period model: any shelf life, lost sales or backorders."""
    n_rep, n_per, n_var = demand.shape
    shape = (n_rep, n_var)
    stock = StockPoint(n_per, shape, lead_time, review_period, shelf_life,
                       initial_inventory, initial_pipeline)
    # Per-variant shipments (and losses) feed the lead times; the rest is
    # recorded as totals over variants, to keep memory traffic low.
    ship_streams = np.zeros((n_rep, n_per, n_var), dtype=np.int32)
    lost_streams = None if unmet_demand == "backorder" else np.zeros_like(ship_streams)
    totals = {k: np.zeros((n_per, n_rep)) for k in
              ("lost", "backlog", "onhand", "orders", "setups", "obsolete")}
    backlog = np.zeros(shape)
    ones = np.ones(n_var)  # x @ ones sums over variants much faster than x.sum(axis=1)
    for t in range(n_per):
        stock.receive(t)
        need = backlog + demand[:, t]
        ship = np.minimum(need, stock.onhand)
        stock.issue(ship)
        if lost_streams is None:
            backlog = need - ship
        else:
            lost = need - ship
            lost_streams[:, t] = lost
            totals["lost"][t] = lost @ ones
        scrap = stock.expire(t)
        if scrap is not None:
            totals["obsolete"][t] = scrap @ ones
        order = stock.replenish(t, target[:, t], backlog)
        if order is not None:
            totals["orders"][t] = order @ ones
            totals["setups"][t] = (order > 0) @ ones
        ship_streams[:, t] = ship
        totals["backlog"][t] = backlog @ ones
        totals["onhand"][t] = stock.onhand @ ones

    totals = {k: v.T for k, v in totals.items()}
    totals["demand"] = sum_variants(demand)
    totals["shipped"] = sum_variants(ship_streams)
    return totals, ship_streams, lost_streams
