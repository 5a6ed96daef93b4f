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
    in_row_chunks,
    no_flow,
    order_up_to_positions,
    position_dtype,
    received_by_period,
    replace_rows,
    shift,
    sum_stocks,
    sum_variants,
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

    cap = None if assembly_capacity is None else capacity_per_period(assembly_capacity, n_per)
    weight = 1.0 / bom.sum(axis=1).mean()
    args = (orders, bom, target, lead_time, review_period)
    starts = (initial_inventory, initial_pipeline)
    whole_units = np.array_equal(bom, np.round(bom))
    demand = sum_variants(orders)
    if whole_units and cap is None:
        flows, ageing = _shared_components(*args, *starts, shelf_life, demand, assembly_time)
    elif whole_units and n_var == 1:
        flows, ageing = _one_variant(*args, cap, *starts, shelf_life)
        flows = _delivered(flows, assembly_time)
    else:
        flows, ageing = _delivered(_ato_loop(*args, shelf_life, cap, *starts), assembly_time), None
    if ageing is not None and ageing.any():
        # Replications in which some component would outlive its shelf
        # life are simulated again with scrapping, period by period.
        rows = (n_rep, n_comp)
        redo = _ato_loop(orders[ageing], bom, target[ageing], lead_time, review_period,
                         shelf_life, cap, np.broadcast_to(initial_inventory, rows)[ageing],
                         np.broadcast_to(initial_pipeline, rows)[ageing])
        flows = [replace_rows(old, ageing, new)
                 for old, new in zip(flows, _delivered(redo, assembly_time), strict=True)]
    # Shipments per variant (R, T, n); the rest (R, T).
    ship_streams, built, onhand, bought, setups, obsolete = flows
    shipped = shift(built, assembly_time)
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="ATO",
        demand=demand,
        shipped=shipped,
        lost=zeros,
        backlog=np.cumsum(demand - shipped, axis=1),
        fg_inventory=zeros,
        component_inventory=onhand * weight,
        made_to_stock=zeros,
        made_to_order=zeros,
        assembled_to_order=built,
        components_bought=bought * weight,
        setups=setups,
        obsolete=obsolete * weight,
        order_streams=orders,
        ship_streams=ship_streams,
        work_in_progress=np.cumsum(built - shipped, axis=1) if assembly_time else None,
    )


def _delivered(flows, delay):
    """Flows as :func:`_ato_loop` gives them, with builds per variant turned into
    shipments per variant (``delay`` periods later) and units built in all."""
    builds, *rest = flows
    return (shift(builds, delay, axis=1), sum_variants(builds), *rest)


class _Assembly:
    """One period's assembly: what the waiting orders get from stock and capacity.

    Orders waiting for each variant are built as far as components and
    capacity allow: when a component is short, every variant that needs it
    gets the same share of what is on hand; when capacity is short, every
    variant gets the same share of capacity.
    """

    def __init__(self, bom, n_rep):
        n_comp = bom.shape[1]
        # Components each variant needs, padded with a dummy that is never short.
        uses = [np.flatnonzero(row) for row in bom]
        width = max(len(u) for u in uses)
        comp_index = np.full((bom.shape[0], width), n_comp)
        for i, u in enumerate(uses):
            comp_index[i, : len(u)] = u
        self.columns = [comp_index[:, j] for j in range(width)]
        self.bom = bom
        self.n_comp = n_comp
        self.ratio = np.ones((n_rep, n_comp + 1))
        self.ones = np.ones(bom.shape[0])  # fast sums via matmul

    def build(self, request, onhand, capacity, need=None):
        """Units of each variant built from ``request`` (k, n) and ``onhand`` (k, m), k <= R.

        ``need`` is ``request @ bom`` when the caller has it already.
        """
        if need is None:
            need = request @ self.bom
        # Share of each component's requirement that stock on hand covers.
        ratios = self.ratio[: len(request)]
        ratio = ratios[:, : self.n_comp]
        np.divide(onhand, np.maximum(need, 1e-12), out=ratio)
        np.minimum(ratio, 1.0, out=ratio)
        share = ratios[:, self.columns[0]]
        for col in self.columns[1:]:
            np.minimum(share, ratios[:, col], out=share)
        build = np.floor(np.multiply(request, share, out=share) + 1e-9)
        if capacity is not None:
            total = (build @ self.ones)[:, None]
            if (total > capacity).any():
                scale = np.minimum(capacity / np.maximum(total, 1.0), 1.0)
                build = np.floor(build * scale + 1e-9)
        return build


def _ato_loop(orders, bom, target, lead_time, review_period, shelf_life, cap,
              initial_inventory, initial_pipeline):
    """The period-by-period model: components replenished, aged and scrapped in the loop.

    Returns builds per variant, ``(R, T, n)``, then component stock,
    purchases, set-ups and scrap summed over components, ``(R, T)``.
    """
    n_rep, n_per, n_var = orders.shape
    n_comp = bom.shape[1]
    stock = StockPoint(n_per, (n_rep, n_comp), lead_time, review_period, shelf_life,
                       initial_inventory, initial_pipeline)
    assembly = _Assembly(bom, n_rep)
    # Time-major buffers: each period reads and writes one contiguous block.
    builds = np.zeros((n_per, n_rep, n_var))
    orders_by_period = orders.transpose(1, 0, 2).astype(float, order="C")
    onhand = np.zeros((n_per, n_rep))
    bought = np.zeros((n_per, n_rep))
    setups = np.zeros((n_per, n_rep))
    obsolete = np.zeros((n_per, n_rep))
    waiting = np.zeros((n_rep, n_var))
    ones_comp = np.ones(n_comp)
    for t in range(n_per):
        stock.receive(t)
        request = waiting + orders_by_period[t]
        build = assembly.build(request, stock.onhand, None if cap is None else cap[t])
        used = build @ bom
        stock.issue(used)
        waiting = request - build
        scrap = stock.expire(t)
        if scrap is not None:
            obsolete[t] = scrap @ ones_comp
        order = stock.replenish(t, target[:, t], waiting @ bom)
        if order is not None:
            bought[t] = order @ ones_comp
            setups[t] = (order > 0) @ ones_comp
        builds[t] = build
        onhand[t] = stock.onhand @ ones_comp
    return builds.transpose(1, 0, 2), onhand.T, bought.T, setups.T, obsolete.T


def _one_variant(orders, bom, target, lead_time, review_period, cap, initial_inventory,
                 initial_pipeline, shelf_life=None):
    r"""One variant, whole units of each component per product: no loop over periods.

    Accepted orders lower each component's inventory position (on hand +
    in transit - requirements of waiting orders) by their requirements,
    and, while nothing is scrapped, nothing else does.  So the component
    orders follow from the requirements alone (:func:`order_up_to_positions`),
    and so does :math:`A_j(t)`, the units of component *j* received up to
    period *t* (initial stock included).  With :math:`b_j` units of *j* per
    product, cumulative demand :math:`D_t` and cumulative capacity
    :math:`K_t`, cumulative assembly is :math:`B_t = \min(E_t, B_{t-1} + c_t)`
    with :math:`E_t = \min(D_t, \min_j \lfloor A_j(t) / b_j \rfloor)`, that is
    :math:`B_t = K_t + \min(0, \min_{s \le t} (E_s - K_s))`.  The numbers
    equal those of :func:`_ato_loop`.  Used when assembly capacity is
    limited (without a limit, :func:`_shared_components` is faster).

    With a shelf life :math:`s`, they hold in every replication where no
    component grows too old: first-in, first-out, component *j* is
    scrapped at the end of period *t* when :math:`A_j(t-s+1) > b_j B_t`.

    Returns
    -------
    flows : tuple
        As :func:`_ato_loop` returns them.
    ageing : ndarray of bool, shape (R,)
        Replications in which some component would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, _ = orders.shape
    requirements = orders @ bom  # whole units, exact in floating point
    # Arrays below are (R, m, T): time last, contiguous.
    onhand0, pipe0, x, _, _ = order_up_to_positions(
        requirements, target, lead_time, review_period, initial_inventory, initial_pipeline,
        with_units=False)
    comp_orders = np.diff(x, axis=2)
    received = received_by_period(onhand0, pipe0, x, lead_time)  # A_j(t)
    bought = comp_orders.sum(axis=1)
    setups = np.count_nonzero(comp_orders, axis=1)
    total_received = received.sum(axis=1)
    per_unit = bom[0].astype(np.int64)
    used = per_unit > 0
    kits = (received[:, used] // per_unit[used, None]).min(axis=1)
    assembled = np.cumsum(orders[:, :, 0], axis=1)
    np.minimum(assembled, kits, out=assembled, casting="unsafe")
    if cap is not None:
        cum_cap = np.cumsum(cap).astype(assembled.dtype)
        assembled -= cum_cap
        np.minimum.accumulate(assembled, axis=1, out=assembled)
        np.minimum(assembled, 0, out=assembled)
        assembled += cum_cap
    builds = np.diff(assembled, axis=1, prepend=0)[:, :, None]
    onhand = total_received - per_unit.sum() * assembled
    ageing = np.zeros(n_rep, dtype=bool)
    if shelf_life is not None and shelf_life <= n_per:
        s = shelf_life - 1
        issued = per_unit[:, None] * assembled[:, None, s:]
        ageing = (received[:, :, : n_per - s] > issued).any(axis=(1, 2))
    return (builds, onhand, bought, setups, no_flow(n_rep, n_per)), ageing



def _shared_components(orders, bom, target, lead_time, review_period, initial_inventory,
                       initial_pipeline, shelf_life, demand, delay):
    r"""Several variants, whole units, no assembly capacity: a loop over short periods only.

    As in :func:`_one_variant`, component orders follow from the
    requirements of accepted orders alone, and so does :math:`A_j(t)`, the
    units of component *j* received up to period *t*.  Let :math:`C_j(t)`
    be the cumulative requirement.  In a period where
    :math:`A_j(t) \ge C_j(t)` for every component, the stock on hand,
    :math:`A_j(t) - U_j(t-1)` (:math:`U`: units used so far), covers every
    waiting order: all are assembled and none is left waiting.  So
    components are shared out only in the other, *short*, periods of each
    replication, and the orders still waiting after one are all that it
    passes on to the next period.  So only the short (replication, period)
    cells need a loop, where, with requests :math:`q` (orders waiting plus
    new orders), stock on hand is :math:`A_j(t) - C_j(t) + (q b)_j`; and
    since a run of consecutive short periods starts with nothing waiting,
    the loop goes over the steps within such runs, all runs at once.  The
    numbers equal those of :func:`_ato_loop`.

    With a shelf life :math:`s`, they hold in every replication where no
    component grows too old: first-in, first-out, component *j* is
    scrapped at the end of period *t* when :math:`A_j(t-s+1) > U_j(t)`.

    Parameters
    ----------
    demand : ndarray, shape (R, T)
        ``orders`` summed over variants.
    delay : int
        Periods from assembly to delivery.

    Returns
    -------
    flows : tuple
        Units shipped per variant ``(R, T, n)``, then units built, component
        stock, purchases, set-ups and scrap ``(R, T)``, as
        :func:`_delivered` makes them of :func:`_ato_loop`'s.
    ageing : ndarray of bool, shape (R,)
        Replications in which some component would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, n_var = orders.shape
    n_comp = bom.shape[1]
    shape = (n_rep, n_comp)
    initial_inventory = np.broadcast_to(initial_inventory, shape)
    initial_pipeline = np.broadcast_to(initial_pipeline, shape)
    itype = position_dtype(orders, target,
                           np.rint(initial_inventory) + lead_time * np.rint(initial_pipeline),
                           units_per_order=float(bom.sum(axis=0).max()))
    s = None if shelf_life is None or shelf_life > n_per else shelf_life - 1
    stock, bought, setups = (np.empty((n_rep, n_per), dtype=itype) for _ in range(3))
    ageing = np.zeros(n_rep, dtype=bool)
    orders = np.ascontiguousarray(orders)
    # Units built, and (the same units, ``delay`` periods later) shipped:
    # two views of one buffer.
    buffer = np.empty((n_rep, n_per + delay, n_var), dtype=itype)
    buffer[:, :delay] = 0
    builds, ships = buffer[:, delay:], buffer[:, :n_per]
    cells = {}  # the short cells of each half, replication by replication

    def rows(r):
        # Replications are independent: large runs are computed in two halves
        # in parallel.  Arrays are per component, time last.
        builds[r] = orders[r]  # less what waits in short periods, below
        onhand0, pipe0, x, cum_req, _ = order_up_to_positions(
            orders[r] @ bom, target[r], lead_time, review_period, initial_inventory[r],
            initial_pipeline[r], itype, with_units=False)
        old_gap = None
        if s is not None:  # A_j(t - s + 1) - C_j(t)
            old_gap = received_by_period(onhand0, pipe0, x, lead_time, less=cum_req, lag=s)
            ageing[r] = (old_gap > 0).any(axis=(1, 2))
        # A_j(t) - C_j(t), in place of C
        gap = received_by_period(onhand0, pipe0, x, lead_time, less=cum_req, out=cum_req)
        sum_stocks(gap, out=stock[r])
        # Purchases are the increments of X_j(t); a set-up wherever X_j grows.
        position = sum_stocks(x)
        np.subtract(position[:, 1:], position[:, :-1], out=bought[r])
        setups[r] = 0
        for j in range(n_comp):
            setups[r] += x[:, j, 1:] > x[:, j, :-1]
        lowest = gap[:, 0].copy()
        for j in range(1, n_comp):
            np.minimum(lowest, gap[:, j], out=lowest)
        rep, period = np.nonzero(lowest < 0)
        # Gathered through flat indices, in memory order: fast.
        found = {"rep": rep + (r.start or 0), "period": period,
                 "gap": _gather(gap, rep, period).astype(float),
                 "orders": orders[r].reshape(-1, n_var)[rep * n_per + period].astype(float)}
        if s is not None:
            late = period >= s
            found["old_gap"] = _gather(old_gap, rep[late], period[late] - s)
        cells[r.start or 0] = found

    in_row_chunks(rows, n_rep, 4 * n_rep * n_per * n_comp)
    found = {k: np.concatenate([cells[c][k] for c in sorted(cells)]) for k in cells[0]}
    rep, period = found["rep"], found["period"]
    n_cells = rep.size

    # Short cells in a row of periods form a *run*: the first has nothing
    # waiting from before, each later one what the one before left.  Runs
    # are independent, so the loop goes over steps within runs (all first
    # cells, then all second cells, ...): far fewer steps than periods.
    previous = np.full(n_cells, n_cells)  # n_cells: nothing waiting before
    follows = (rep[1:] == rep[:-1]) & (period[1:] == period[:-1] + 1)
    previous[1:][follows] = np.flatnonzero(follows)
    starts = np.flatnonzero(np.concatenate(([True], ~follows)))[:n_cells]
    step = np.arange(n_cells) - np.repeat(starts, np.diff(np.append(starts, n_cells)))
    by_step = np.argsort(step, kind="stable")
    where = np.append(np.empty(n_cells, dtype=np.intp), n_cells)
    where[by_step] = np.arange(n_cells)
    before = where[previous[by_step]]
    cell_gap, new_orders = found["gap"][by_step], found["orders"][by_step]
    waiting = np.zeros((n_cells + 1, n_var))  # the last row: nothing waiting
    bounds = np.searchsorted(step[by_step], np.arange(step.max(initial=-1) + 2))
    assembly = _Assembly(bom, int(np.diff(bounds).max(initial=0)))
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        request = waiting[before[a:b]]
        request += new_orders[a:b]
        need = request @ bom
        onhand = np.add(cell_gap[a:b], need)
        waiting[a:b] = request - assembly.build(request, onhand, None, need)

    # Everything ordered is built at once, except what waits in short cells
    # (back in replication order, to write to memory in order).
    waiting = waiting[where[:n_cells]]
    left = waiting.astype(itype)
    total_left = left.sum(axis=1)
    later = period + 1 < n_per
    at = rep * (n_per + delay) + delay + period  # in buffer (R, T + delay)
    _scatter_add(buffer, at, -left)
    _scatter_add(buffer, at[later] + 1, left[later])
    built = demand.copy()
    at = rep * n_per + period  # in (R, T)
    _scatter_add(built, at, -total_left)
    _scatter_add(built, at[later] + 1, total_left[later])
    onhand = stock
    _scatter_add(onhand, at, (waiting @ bom.sum(axis=1)).astype(itype))
    if s is not None:
        late = period >= s
        unused = waiting[late] @ bom  # C_j(t) - U_j(t)
        hit = (found["old_gap"] + unused > 0).any(axis=1)
        ageing[rep[late][hit]] = True
    return (ships, built, onhand, bought, setups, no_flow(n_rep, n_per)), ageing


def _gather(x, rep, period):
    """``x[rep, :, period]`` of a C-ordered ``(R, m, T)`` array, shape ``(k, m)``."""
    n_comp, n_per = x.shape[1:]
    at = (rep * (n_comp * n_per) + period)[:, None] + n_per * np.arange(n_comp)
    return x.ravel()[at]


def _scatter_add(x, at, values):
    """Add ``values`` to the rows ``at`` of C-ordered ``x`` viewed as ``(-1, n)`` (or flat).

    ``at`` must not repeat.
    """
    flat = x.view()
    flat.shape = (-1,)  # raises rather than copy if x is not contiguous
    if values.ndim == 2:
        n = values.shape[1]
        at = (at * n)[:, None] + np.arange(n)
    flat[at] += values
