"""Assemble to order: components stocked to forecast, assembly on order."""

from __future__ import annotations

import numpy as np

from mtolab._validate import check_array, check_int
from mtolab.simulate._core import (
    SimResult,
    StockPoint,
    capacity_per_period,
    check_capacity,
    check_demand_array,
    check_stock_policy,
    shift,
)

__all__ = ["simulate_ato"]


def simulate_ato(
    orders,
    bill_of_materials,
    component_order_up_to,
    *,
    lead_time: int,
    review_period: int = 1,
    assembly_time: int = 1,
    assembly_capacity: float | None = None,
    shelf_life: int | None = None,
    initial_inventory=None,
    initial_pipeline=0.0,
) -> SimResult:
    """Simulate assemble to order: stocked components, assembly after the order.

    Components are replenished like finished goods under make to stock
    (order-up-to :math:`S_{j,t}` every ``review_period`` periods, arriving
    ``lead_time`` + 1 periods later, scrapped after ``shelf_life``).  Each
    period, the orders waiting for each variant (first-in, first-out) are
    assembled as far as components and assembly capacity allow: when a
    component is short, every variant that needs it gets the same share
    of what is on hand; when capacity is short, every variant gets the same
    share of capacity.  An order waits while a component is out.  An order
    assembled in period *t* is delivered ``assembly_time`` periods later.

    Parameters
    ----------
    orders : array_like, shape (R, T, n)
        Units ordered of each of *n* variants per period.
    bill_of_materials : array_like, shape (n, m)
        Units of each of *m* components per unit of each variant (>= 0;
        every variant needs at least one component).
    component_order_up_to : array_like, shape (R, T, m) or broadcastable
        :math:`S_{j,t}`, target inventory position of each component.
    lead_time : int
        :math:`L`, component replenishment lead time in periods (>= 0).
    review_period : int
        Periods between component orders (>= 1).
    assembly_time : int
        :math:`t_a`, periods from assembly to delivery (>= 0).
    assembly_capacity : float or None
        Units that can be assembled per period (> 0), ``None`` for no limit.
    shelf_life : int or None
        Periods a component can stay in stock before it is obsolete.
    initial_inventory : array_like or None
        Components on hand at the start; ``None`` starts at the first
        order-up-to level.
    initial_pipeline : array_like
        Components arriving in each of periods 1..L from earlier orders.

    Returns
    -------
    SimResult
        Component stock and purchases are reported in product equivalents:
        a component unit counts as :math:`1/k` of a product, where *k* is
        the mean number of component units in one product.
    """
    orders = check_demand_array("orders", orders)
    n_rep, n_per, n_var = orders.shape
    bom = check_array("bill_of_materials", bill_of_materials, ndim=2, low=0.0)
    if bom.shape[0] != n_var:
        raise ValueError(
            f"bill_of_materials must have one row per variant ({n_var}), got shape {bom.shape}"
        )
    if np.any(bom.sum(axis=1) == 0):
        raise ValueError("bill_of_materials: every variant must need at least one component")
    n_comp = bom.shape[1]
    lead_time, review_period, shelf_life = check_stock_policy(lead_time, review_period, shelf_life)
    assembly_time = check_int("assembly_time", assembly_time, low=0, high=520)
    if assembly_capacity is not None:
        assembly_capacity = check_capacity("assembly_capacity", assembly_capacity)
    target = check_array("component_order_up_to", component_order_up_to, low=0.0)
    target = np.broadcast_to(target, (n_rep, n_per, n_comp))
    if initial_inventory is None:
        initial_inventory = target[:, 0]
    initial_inventory = check_array("initial_inventory", initial_inventory, low=0.0)
    initial_pipeline = check_array("initial_pipeline", initial_pipeline, low=0.0)

    # Components each variant needs, padded with a dummy that is never short.
    uses = [np.flatnonzero(row) for row in bom]
    width = max(len(u) for u in uses)
    comp_index = np.full((n_var, width), n_comp)
    for i, u in enumerate(uses):
        comp_index[i, : len(u)] = u
    weight = 1.0 / bom.sum(axis=1).mean()

    shape = (n_rep, n_comp)
    stock = StockPoint(n_per, shape, lead_time, review_period, shelf_life,
                       initial_inventory, initial_pipeline)
    cap = None if assembly_capacity is None else capacity_per_period(assembly_capacity, n_per)
    # Stream of shipments: what is assembled in t is delivered in t + t_a.
    # Time-major buffers: each period reads and writes one contiguous block.
    ships = np.zeros((n_per, n_rep, n_var), dtype=np.int32)
    orders_by_period = orders.transpose(1, 0, 2).astype(float, order="C")
    built = np.zeros((n_per, n_rep))
    onhand = np.zeros((n_per, n_rep))
    bought = np.zeros((n_per, n_rep))
    setups = np.zeros((n_per, n_rep))
    obsolete = np.zeros((n_per, n_rep))
    waiting = np.zeros((n_rep, n_var))
    columns = [comp_index[:, j] for j in range(width)]
    ratio = np.ones((n_rep, n_comp + 1))
    ones_var, ones_comp = np.ones(n_var), np.ones(n_comp)  # fast sums via matmul
    for t in range(n_per):
        stock.receive(t)
        request = waiting + orders_by_period[t]
        need = request @ bom
        # Share of each component's requirement that stock on hand covers.
        np.minimum(stock.onhand / np.maximum(need, 1e-12), 1.0, out=ratio[:, :n_comp])
        share = ratio[:, columns[0]]
        for col in columns[1:]:
            np.minimum(share, ratio[:, col], out=share)
        build = np.floor(request * share + 1e-9)
        if cap is not None:
            total = (build @ ones_var)[:, None]
            if (total > cap[t]).any():
                scale = np.minimum(cap[t] / np.maximum(total, 1.0), 1.0)
                build = np.floor(build * scale + 1e-9)
        used = build @ bom
        stock.issue(used)
        waiting = request - build
        scrap = stock.expire(t)
        if scrap is not None:
            obsolete[t] = scrap @ ones_comp
        order = stock.replenish(t, target[:, t], need - used)
        if order is not None:
            bought[t] = order @ ones_comp
            setups[t] = (order > 0) @ ones_comp
        if t + assembly_time < n_per:
            ships[t + assembly_time] = build
        built[t] = build @ ones_var
        onhand[t] = stock.onhand @ ones_comp

    ship_streams = ships.transpose(1, 0, 2)  # (R, T, n), a view
    shipped = shift(built.T, assembly_time)
    demand = orders.sum(axis=2)
    zeros = np.zeros((n_rep, n_per))
    return SimResult(
        strategy="ATO",
        demand=demand,
        shipped=shipped,
        lost=zeros,
        backlog=np.cumsum(demand - shipped, axis=1),
        fg_inventory=zeros,
        component_inventory=onhand.T * weight,
        made_to_stock=zeros,
        made_to_order=zeros,
        assembled_to_order=built.T,
        components_bought=bought.T * weight,
        setups=setups.T,
        obsolete=obsolete.T * weight,
        order_streams=orders,
        ship_streams=ship_streams,
    )
