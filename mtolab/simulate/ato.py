"""Assemble to order: components stocked to forecast, assembly on order."""

from __future__ import annotations

import numpy as np

from mtolab._validate import check_array, check_int
from mtolab.simulate._core import (
    SimResult,
    StockPolicy,
    capacity_per_period,
    check_capacity,
    check_demand_array,
    check_engine,
    in_row_chunks,
    no_flow,
    order_up_to_positions,
    position_dtype,
    production_positions,
    received_by_period,
    replace_rows,
    shift,
    sum_stocks,
    sum_variants,
)
from mtolab.simulate.reference import Assembly, ato_reference

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
    capacity: float | None = None,
    shelf_life: int | None = None,
    initial_inventory=None,
    initial_pipeline=0.0,
    engine: str = "auto",
) -> SimResult:
    """Simulate assemble to order: stocked components, assembly after the order.

    Components are replenished like finished goods under make to stock
    (order-up-to :math:`S_{j,t}` every ``review_period`` periods, made as
    ``capacity`` allows, arriving ``lead_time`` + 1 periods later, scrapped
    after ``shelf_life``).  Each period, the orders waiting for each
    variant (first-in, first-out) are assembled as far as components and
    assembly capacity allow: when a component is short, every variant that
    needs it gets the same share of what is on hand; when capacity is
    short, every variant gets the same share of capacity.  An order waits
    while a component is out.  An order assembled in period *t* is
    delivered ``assembly_time`` periods later.  The specification is
    :func:`~mtolab.simulate.reference.ato_reference`.

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
        :math:`L`, periods from component production to stock (0 to 520).
    review_period : int
        Periods between component orders (1 to 520).
    assembly_time : int
        :math:`t_a`, periods from assembly to delivery (0 to 520).
    assembly_capacity : float or None
        Units that can be assembled per period (> 0), ``None`` for no limit.
    capacity : float or None
        Kits of components (the parts of one product) that component
        production can make per period, over all components (> 0);
        ``None`` for no limit.
    shelf_life : int or None
        Periods a component can stay in stock before it is obsolete.
    initial_inventory : array_like or None
        Components on hand at the start; ``None`` starts at the first
        order-up-to level.
    initial_pipeline : array_like
        Components arriving in each of periods 1..L from earlier orders.
    engine : {"auto", "reference"}
        ``"reference"`` runs the period-by-period reference model;
        ``"auto"`` takes a faster path whose condition holds
        (:func:`_short_cells_apply`, :func:`_running_minimum_applies`), else
        the reference model.  Both give the same numbers.

    Returns
    -------
    SimResult
        Component stock and purchases are reported in kits: a component
        unit counts as :math:`1/k` of a kit, where *k* is the mean number
        of component units in one product.
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
    assembly_time = check_int("assembly_time", assembly_time, low=0, high=520)
    if assembly_capacity is not None:
        assembly_capacity = check_capacity("assembly_capacity", assembly_capacity)
    units_per_kit = bom.sum(axis=1).mean()
    if capacity is not None:
        capacity = check_capacity("capacity", capacity) * units_per_kit
    engine = check_engine(engine)
    policy = StockPolicy.checked((n_rep, n_per, n_comp), component_order_up_to,
                                 lead_time=lead_time, review_period=review_period,
                                 shelf_life=shelf_life, capacity=capacity,
                                 initial_inventory=initial_inventory,
                                 initial_pipeline=initial_pipeline,
                                 target_name="component_order_up_to")
    cap = None if assembly_capacity is None else capacity_per_period(assembly_capacity, n_per)
    demand = sum_variants(orders)
    ageing = None
    if engine == "auto" and _short_cells_apply(bom, cap):
        flows, ageing = _short_cells(orders, bom, policy, demand, assembly_time)
    elif engine == "auto" and _running_minimum_applies(bom, n_var):
        flows, ageing = _running_minimum(orders, bom, policy, cap)
        flows = _delivered(flows, assembly_time)
    else:
        flows = _delivered(ato_reference(orders, bom, policy, cap), assembly_time)
    if ageing is not None and ageing.any():
        # Replications in which some component would outlive its shelf
        # life are simulated again, period by period.
        redo = _delivered(ato_reference(orders[ageing], bom, policy.rows(ageing), cap),
                          assembly_time)
        flows = {k: replace_rows(v, ageing, redo[k]) for k, v in flows.items()}
    built = flows["assembled_to_order"]
    shipped = shift(built, assembly_time)
    weight = 1.0 / units_per_kit
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="ATO",
        demand=demand,
        shipped=shipped,
        lost=zeros,
        backlog=np.cumsum(demand - shipped, axis=1),
        fg_inventory=zeros,
        component_inventory=flows["component_inventory"] * weight,
        made_to_stock=zeros,
        made_to_order=zeros,
        assembled_to_order=built,
        components_bought=flows["components_bought"] * weight,
        setups=flows["setups"],
        obsolete=flows["obsolete"] * weight,
        order_streams=orders,
        ship_streams=flows["ship_streams"],
        work_in_progress=np.cumsum(built - shipped, axis=1) if assembly_time else None,
    )


def _short_cells_apply(bom, assembly_capacity) -> bool:
    """Whole units of each component per product and no assembly limit: then, in a
    period where every component covers its cumulative requirement, every waiting
    order is built, and only the other (short) periods need a loop."""
    return _whole_units(bom) and assembly_capacity is None


def _running_minimum_applies(bom, n_variants) -> bool:
    """One variant, whole units per product: cumulative assembly is a running minimum
    of kits received and capacity."""
    return _whole_units(bom) and n_variants == 1


def _whole_units(bom) -> bool:
    return bool(np.array_equal(bom, np.round(bom)))


def _delivered(flows: dict, delay: int) -> dict:
    """Flows as :func:`~mtolab.simulate.reference.ato_reference` gives them, with the
    builds per variant turned into shipments per variant (``delay`` periods later)
    and units assembled in all."""
    flows = dict(flows)
    builds = flows.pop("builds")
    flows["ship_streams"] = shift(builds, delay, axis=1)
    flows["assembled_to_order"] = sum_variants(builds)
    return flows


def _running_minimum(orders, bom, policy: StockPolicy, cap):
    r"""One variant, whole units of each component per product: no loop over periods.

    Accepted orders lower each component's inventory position (on hand +
    in transit - requirements of waiting orders) by their requirements,
    and, while nothing is scrapped, nothing else does.  So the component
    orders follow from the requirements alone (:func:`order_up_to_positions`),
    and so, through production (:func:`production_positions`), does
    :math:`A_j(t)`, the units of component *j* received up to period *t*
    (initial stock included).  With :math:`b_j` units of *j* per
    product, cumulative demand :math:`D_t` and cumulative capacity
    :math:`K_t`, cumulative assembly is :math:`B_t = \min(E_t, B_{t-1} + c_t)`
    with :math:`E_t = \min(D_t, \min_j \lfloor A_j(t) / b_j \rfloor)`, that is
    :math:`B_t = K_t + \min(0, \min_{s \le t} (E_s - K_s))`.  The numbers
    equal those of :func:`~mtolab.simulate.reference.ato_reference`.  Used
    when assembly capacity is limited (without a limit, :func:`_short_cells`
    is faster).

    With a shelf life :math:`s`, they hold in every replication where no
    component grows too old: first-in, first-out, component *j* is
    scrapped at the end of period *t* when :math:`A_j(t-s+1) > b_j B_t`.

    Returns
    -------
    flows : dict
        As :func:`~mtolab.simulate.reference.ato_reference` returns them.
    ageing : ndarray of bool, shape (R,)
        Replications in which some component would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, _ = orders.shape
    shelf_life = policy.shelf_life
    requirements = orders @ bom  # whole units, exact in floating point
    # Arrays below are (R, m, T): time last, contiguous.
    onhand0, pipe0, x, _, _ = order_up_to_positions(
        requirements, policy.target, policy.lead_time, policy.review_period,
        policy.initial_inventory, policy.initial_pipeline, with_units=False)
    y = production_positions(x, policy.capacity)
    received = received_by_period(onhand0, pipe0, y, policy.lead_time)  # A_j(t)
    bought = np.diff(y, axis=2).sum(axis=1)
    setups = np.count_nonzero(np.diff(x, axis=2), axis=1)
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
    flows = {"builds": builds, "component_inventory": onhand, "components_bought": bought,
             "setups": setups, "obsolete": no_flow(n_rep, n_per)}
    return flows, ageing


def _short_cells(orders, bom, policy: StockPolicy, demand, delay):
    r"""Several variants, whole units, no assembly capacity: a loop over short periods only.

    As in :func:`_running_minimum`, component orders follow from the
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
    numbers equal those of :func:`~mtolab.simulate.reference.ato_reference`.

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
    flows : dict
        The flows :func:`_delivered` makes of the reference model's.
    ageing : ndarray of bool, shape (R,)
        Replications in which some component would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, n_var = orders.shape
    n_comp = bom.shape[1]
    lead_time, shelf_life = policy.lead_time, policy.shelf_life
    itype = position_dtype(orders, policy.target,
                           policy.initial_inventory + lead_time * policy.initial_pipeline,
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
            orders[r] @ bom, policy.target[r], lead_time, policy.review_period,
            policy.initial_inventory[r], policy.initial_pipeline[r], itype, with_units=False)
        y = production_positions(x, policy.capacity)
        old_gap = None
        if s is not None:  # A_j(t - s + 1) - C_j(t)
            old_gap = received_by_period(onhand0, pipe0, y, lead_time, less=cum_req, lag=s)
            ageing[r] = (old_gap > 0).any(axis=(1, 2))
        # A_j(t) - C_j(t), in place of C
        gap = received_by_period(onhand0, pipe0, y, lead_time, less=cum_req, out=cum_req)
        sum_stocks(gap, out=stock[r])
        # Purchases are the increments of what is made; a set-up wherever X_j grows.
        position = sum_stocks(y)
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
    assembly = Assembly(bom, int(np.diff(bounds).max(initial=0)))
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
    flows = {"ship_streams": ships, "assembled_to_order": built, "component_inventory": onhand,
             "components_bought": bought, "setups": setups, "obsolete": no_flow(n_rep, n_per)}
    return flows, ageing


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
