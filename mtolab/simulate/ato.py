"""Assemble to order: components stocked to forecast, assembly on order."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from mtolab._validate import check_array, check_int
from mtolab.simulate._core import (
    SimResult,
    StockPolicy,
    allocate_together,
    capacity_per_period,
    check_capacity,
    check_demand_array,
    check_engine,
    flow_arrays,
    in_memory_order,
    in_row_chunks,
    no_flow,
    replace_rows,
    shift,
    sum_stocks,
    sum_variants,
    true_cells,
)
from mtolab.simulate._stock import (
    columns,
    count_orders,
    cumulative_by_item,
    increments,
    order_up_to_positions,
    position_dtype,
    production_positions,
    received_at,
    received_by_period,
)
from mtolab.simulate.reference import ato_reference, component_index

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
    weight = 1.0 / units_per_kit  # of a kit, per component unit
    ageing = None
    if engine == "auto" and _short_cells_apply(bom, cap):
        flows, ageing = _short_cells(orders, bom, policy, assembly_time, weight)
    elif engine == "auto" and _running_minimum_applies(bom, n_var):
        flows, ageing = _running_minimum(orders, bom, policy, cap)
        flows = _in_kits(_delivered(flows, orders, assembly_time), weight)
    else:
        flows = _in_kits(_delivered(ato_reference(orders, bom, policy, cap), orders,
                                    assembly_time), weight)
    if ageing is not None and ageing.any():
        # Replications in which some component would outlive its shelf
        # life are simulated again, period by period.
        redo = _delivered(ato_reference(orders[ageing], bom, policy.rows(ageing), cap),
                          orders[ageing], assembly_time)
        redo = _in_kits(redo, weight)
        flows = {k: replace_rows(v, ageing, redo[k]) for k, v in flows.items()}
    zeros = no_flow(n_rep, n_per)
    return SimResult(
        strategy="ATO",
        demand=flows["demand"],
        shipped=flows["shipped"],
        lost=zeros,
        backlog=flows["backlog"],
        fg_inventory=zeros,
        component_inventory=flows["component_inventory"],
        made_to_stock=zeros,
        made_to_order=zeros,
        assembled_to_order=flows["assembled_to_order"],
        components_bought=flows["components_bought"],
        setups=flows["setups"],
        obsolete=flows["obsolete"],
        order_streams=orders,
        ship_streams=flows["ship_streams"],
        work_in_progress=flows["work_in_progress"] if assembly_time else None,
    )


def _running_total(inflow, outflow, out=None):
    """What has come in and not yet gone out by the end of each period, ``(R, T)``."""
    total = np.subtract(inflow, outflow, out=out)
    return np.cumsum(total, axis=1, out=total)


_KIT_FLOWS = ("component_inventory", "components_bought", "obsolete")


def _in_kits(flows: dict, weight: float) -> dict:
    """``flows`` with the component flows counted in kits, a component unit being
    ``weight`` of a kit (a flow that never happens stays one)."""
    return flows | {k: flows[k] * weight for k in _KIT_FLOWS if any(flows[k].strides)}


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


def _delivered(flows: dict, orders, delay: int) -> dict:
    """Flows as :func:`~mtolab.simulate.reference.ato_reference` gives them, with the
    builds per variant turned into shipments per variant (``delay`` periods later),
    and units ordered, assembled, shipped, waiting and in assembly in all."""
    flows = dict(flows)
    builds = flows.pop("builds")
    flows["ship_streams"] = shift(builds, delay, axis=1)
    demand = flows["demand"] = sum_variants(orders)
    built = flows["assembled_to_order"] = sum_variants(builds)
    shipped = flows["shipped"] = shift(built, delay)
    flows["backlog"] = _running_total(demand, shipped)
    flows["work_in_progress"] = (_running_total(built, shipped) if delay
                                 else no_flow(*built.shape))
    return flows


def _component_dtype(orders, bom, policy: StockPolicy):
    """Integer type of the component positions (:func:`~mtolab.simulate._stock.position_dtype`)."""
    return position_dtype(orders, policy.target,
                          policy.initial_inventory + policy.lead_time * policy.initial_pipeline,
                          units_per_order=float(bom.sum(axis=0).max()))


def _components(cum_orders, bom, policy: StockPolicy, setups, bought):
    """Component stock points driven by the requirements of accepted orders alone.

    Parameters
    ----------
    cum_orders : ndarray of int, shape (n, R, T)
        Cumulative orders of each variant (every order is accepted), a
        contiguous block per variant.
    bom : ndarray, shape (n, m)
        Whole units of each component per unit of each variant.
    policy : StockPolicy
        The policy of these *R* replications.
    setups, bought : ndarray, shape (R, T)
        Written: component orders placed and units made per period.

    Returns
    -------
    cum_req : ndarray of int, shape (R, m, T)
        :math:`C_j(t)`, cumulative requirements.
    y : ndarray of int, shape (R, m, T + 1)
        What production has made of the component orders
        (:func:`~mtolab.simulate._stock.production_positions`).
    y_total : ndarray of int, shape (R, T + 1)
        ``y`` summed over components.
    """
    cum_req = _requirements(cum_orders, bom)
    x = order_up_to_positions(cum_req, policy)
    count_orders(x, out=setups)
    y, y_total = production_positions(x, policy.capacity, overwrite_x=True)
    np.subtract(y_total[:, 1:], y_total[:, :-1], out=bought)
    return cum_req, y, y_total


def _requirements(cum_orders, bom):
    r""":math:`C_j(t) = \sum_i b_{ij} D_i(t)`: cumulative requirements ``(R, m, T)`` of the
    cumulative orders ``(n, R, T)`` of each variant, whole units ``bom`` ``(n, m)``.

    Block by block, adding only the variants that use each component (a
    bill of materials is mostly zeros and ones): faster than ``einsum``.
    The result is a contiguous block per component, seen as ``(R, m, T)``
    (a transposed view).
    """
    _, n_rep, n_per = cum_orders.shape
    # A contiguous block per component too, seen as (R, m, T): then the
    # sums over components below and in the stock points are over blocks.
    cum_req = np.empty((bom.shape[1], n_rep, n_per), dtype=cum_orders.dtype).transpose(1, 0, 2)
    for j, column in enumerate(bom.T):
        terms = [(cum_orders[i], int(units)) for i, units in enumerate(column) if units]
        out = cum_req[:, j]
        if not terms:
            out[...] = 0
            continue
        first, units = terms.pop(0)
        if units == 1 and terms and terms[0][1] == 1:
            np.add(first, terms.pop(0)[0], out=out)
        else:
            np.multiply(first, units, out=out)
        for rows, units in terms:
            out += rows if units == 1 else units * rows
    return cum_req


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
    itype = _component_dtype(orders, bom, policy)
    setups, bought = (np.empty((n_rep, n_per), dtype=itype) for _ in range(2))
    # Arrays below are (R, m, T), time last (a contiguous block per component).
    cum_orders = cumulative_by_item(orders, itype, items_first=True)  # D_t, (1, R, T)
    _, y, y_total = _components(cum_orders, bom, policy, setups, bought)
    received = received_by_period(policy, y)  # A_j(t)
    total_received = received_by_period(policy, y_total[:, None])[:, 0]
    per_unit = bom[0].astype(itype)
    used = per_unit > 0
    kits = (received[:, used] // per_unit[used, None]).min(axis=1)
    assembled = np.minimum(cum_orders[0], kits)
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


def _short_cells(orders, bom, policy: StockPolicy, delay, weight):
    r"""Several variants, whole units, no assembly capacity: a loop over short periods only.

    As in :func:`_running_minimum`, component orders follow from the
    requirements of accepted orders alone, and so does :math:`A_j(t)`, the
    units of component *j* received up to period *t*.  Let :math:`C_j(t)`
    be the cumulative requirement.  In a period where
    :math:`A_j(t) \ge C_j(t)` for every component, the stock on hand,
    :math:`A_j(t) - U_j(t-1)` (:math:`U`: units used so far), covers every
    waiting order: all are assembled and none is left waiting.  So
    components are shared out only in the other, *short*, periods of each
    replication (:func:`_find_short_cells`), and the orders still waiting
    after one are all that it passes on to the next period.  So only the
    short (replication, period) cells need a loop (:func:`_share_out`).  The
    numbers equal those of :func:`~mtolab.simulate.reference.ato_reference`.

    With a shelf life :math:`s`, they hold in every replication where no
    component grows too old: first-in, first-out, component *j* is
    scrapped at the end of period *t* when :math:`A_j(t-s+1) > U_j(t)`
    (:func:`_ageing`).

    Parameters
    ----------
    delay : int
        Periods from assembly to delivery.
    weight : float
        Of a kit, per component unit (:func:`_in_kits`).

    Returns
    -------
    flows : dict
        The flows :func:`_delivered` makes of the reference model's, component
        flows in kits.
    ageing : ndarray of bool, shape (R,)
        Replications in which some component would be scrapped (all False
        without a shelf life); their flows are not valid.
    """
    n_rep, n_per, n_var = orders.shape
    shelf_life = policy.shelf_life
    itype = _component_dtype(orders, bom, policy)
    lag = None if shelf_life is None or shelf_life > n_per else shelf_life - 1
    ageing = np.zeros(n_rep, dtype=bool)
    orders = np.ascontiguousarray(orders)
    uses = component_index(bom)
    # Units built, and (the same units, ``delay`` periods later) shipped:
    # two views of one buffer, per variant and in all.
    buffer, in_all, flows = allocate_together(itype, (n_rep, n_per + delay, n_var),
                                              (n_rep, n_per + delay), (6, n_rep, n_per))
    stock, bought, setups, demand, backlog, in_assembly = flows
    stock_kits, bought_kits = flow_arrays(2, n_rep, n_per, float)
    buffer[:, :delay] = 0
    builds, ships = buffer[:, delay:], buffer[:, :n_per]
    in_all[:, :delay] = 0
    built, shipped = in_all[:, delay:], in_all[:, :n_per]

    def rows(r):
        # Replications are independent: large runs are computed in blocks, in
        # parallel.  Arrays are per component, time last.
        cum_orders = cumulative_by_item(orders[r], itype, items_first=True)  # (n, R, T)
        increments(sum_stocks(cum_orders.transpose(1, 0, 2))[None], out=demand[r][None])
        builds[r] = orders[r]  # less what waits in short periods, below
        part = policy.rows(r)
        cum_req, y, _ = _components(cum_orders, bom, part, setups[r], bought[r])
        if lag is not None:  # before C is overwritten
            bounds = _old_gap_bounds(part, y, cum_req, lag)
        # A_j(t) - C_j(t), in place of C
        gap = received_by_period(part, y, less=cum_req, out=cum_req)
        sum_stocks(gap, out=stock[r])
        cells = _find_short_cells(gap, orders[r])
        built_there, waiting = _share_out(cells, bom, uses)
        rep, period, at = cells["rep"], cells["period"], cells["at"]
        np.copyto(built[r], demand[r])  # built in all: likewise
        _build_short_cells(buffer[r].reshape(-1, n_var), in_all[r].reshape(-1),
                           at + (rep + 1) * delay, built_there, waiting,
                           cells["run_end"] & (period + 1 < n_per))
        stock[r].reshape(-1)[at] += (bom.sum(axis=1) @ waiting).astype(itype)  # set aside
        if lag is not None:
            late = period >= lag
            unused = bom.T @ waiting.compress(late, axis=1)  # C_j(t) - U_j(t)
            ageing[r] = _ageing(part, y, gap, lag, bounds, rep[late], period[late], unused)
        _running_total(demand[r], shipped[r], out=backlog[r])
        if delay:
            _running_total(built[r], shipped[r], out=in_assembly[r])
        np.multiply(stock[r], weight, out=stock_kits[r])
        np.multiply(bought[r], weight, out=bought_kits[r])

    # Blocks 2.5 times the usual size: each block also pays for a loop over
    # the steps of its short cells, of many small numpy calls, and two
    # threads calling numpy in turn pay more for each call (measured at 365 x
    # 1,000 with four variants: 10-20 % faster than blocks of the usual size).
    in_row_chunks(rows, n_rep, n_rep * n_per * bom.shape[1], scale=2.5)
    flows = {"ship_streams": ships, "demand": demand, "assembled_to_order": built,
             "shipped": shipped, "backlog": backlog,
             "work_in_progress": in_assembly if delay else no_flow(n_rep, n_per),
             "component_inventory": stock_kits, "components_bought": bought_kits,
             "setups": setups,
             "obsolete": no_flow(n_rep, n_per)}
    return flows, ageing


def _find_short_cells(gap, orders) -> dict:
    r"""The short cells of some replications: periods where a component misses its requirement.

    Parameters
    ----------
    gap : ndarray of int, shape (R, m, T)
        :math:`A_j(t) - C_j(t)`.
    orders : ndarray, shape (R, T, n)
        Orders of each variant.

    Returns
    -------
    dict of ndarray, one entry per cell, in step order (:func:`_steps_within_runs`)
        ``rep``, ``period`` and ``at`` (``rep * T + period``); ``run_end``, True
        in the last cell of a run;
        ``gap`` ``(m, k)`` and ``orders`` ``(n, k)`` there (a row per
        component or variant); and ``steps``.
    """
    rep, period, at = true_cells(gap.min(axis=1) < 0)
    steps = _steps_within_runs(rep, period)
    order = steps.cells
    rep, period, at = rep.take(order), period.take(order), at.take(order)
    orders_there = orders.reshape(-1, orders.shape[2]).take(at, axis=0)  # a row per cell
    return {"rep": rep, "period": period, "at": at, "run_end": steps.run_end.take(order),
            "gap": _gather(gap, rep, period), "orders": orders_there.T, "steps": steps}


def _old_gap_bounds(policy: StockPolicy, y, cum_req, lag: int):
    r"""Upper bounds of :math:`A_j(t - \ell) - C_j(t)` over spans of periods t >= :math:`\ell`.

    :math:`A` and :math:`C` never fall, so over a span :math:`a \le t \le b`,
    :math:`A_j(t - \ell) - C_j(t) \le A_j(b - \ell) - C_j(a)`: a few columns
    bound them all.  Spans are :math:`\ell / 4` periods long (at least 1):
    the bound exceeds the true value by what arrives and is required within
    one span, small beside the :math:`\ell` periods of requirements that
    stock far from its shelf life stays below zero by.

    Returns
    -------
    ndarray of int, shape (R, m, number of spans)
        The bound of each span; span *k* covers periods
        :math:`\ell + k w` to :math:`\ell + (k + 1) w - 1` (the last ends at
        period T - 1), :math:`w` = ``_span(lag)``.
    """
    n_per = cum_req.shape[2]
    first = np.arange(lag, n_per, _span(lag))
    last = np.minimum(first + _span(lag), n_per) - 1
    return received_at(policy, y, last - lag) - columns(cum_req, first)


def _span(lag: int) -> int:
    return max(1, lag // 4)


def _ageing(policy: StockPolicy, y, gap, lag: int, bounds, rep, period, unused):
    r"""Replications in which some component outlives its shelf life, ``(R,)`` of bool.

    Component *j* is scrapped at the end of period *t* when :math:`A_j(t -
    \ell) > U_j(t)`, :math:`\ell = s - 1`; :math:`U_j(t) = C_j(t)`, less the
    requirements ``unused`` of what waits in the short cells ``(rep,
    period)`` (those at or after period :math:`\ell`).  Only replications
    whose bounds (:func:`_old_gap_bounds`) allow it are checked exactly: first
    each component's largest bound plus the most any cell leaves unused, then
    the bound of each cell where that is not enough to rule it out.
    """
    largest = bounds.max(axis=2)  # (R, m)
    suspect = (largest > 0).any(axis=1)
    could = (largest + unused.max(axis=1, initial=0) > 0).any(axis=1)
    if could.any():
        near = could[rep]
        bound_there = _gather(bounds, rep[near], (period[near] - lag) // _span(lag))
        suspect[rep[near][(bound_there + unused[:, near] > 0).any(axis=0)]] = True
    ageing = np.zeros(suspect.shape, dtype=bool)
    if not suspect.any():
        return ageing
    rows = np.flatnonzero(suspect)
    received = received_by_period(policy.rows(suspect), y[suspect])  # A_j(t)
    n_per = received.shape[2]
    left = received[:, :, : n_per - lag] - (received - gap[suspect])[:, :, lag:]  # A(t-l) - C(t)
    mine = suspect[rep]
    local = np.searchsorted(rows, rep[mine])
    flat, (rep_step, comp_step, _) = in_memory_order(left)
    at = comp_step * np.arange(left.shape[1])[:, None] + (local * rep_step + period[mine] - lag)
    flat[at] += unused[:, mine].astype(left.dtype)
    ageing[rows] = (left > 0).any(axis=(1, 2))
    return ageing


def _share_out(cells: dict, bom, uses) -> tuple[np.ndarray, np.ndarray]:
    r"""Units built in each short cell, and left waiting after it, as in the reference model.

    Short cells in a row of periods of one replication form a *run*: the
    first has nothing waiting from before, each later one what the one
    before left.  Runs are independent, so the loop goes over steps within
    runs (all first cells, then all second cells, ...): far fewer steps than
    periods.  With requests :math:`q` (orders waiting plus new orders), the
    stock on hand in a short cell is :math:`A_j(t) - C_j(t) + (q b)_j`.

    Each step is the reference model's :meth:`Assembly.build
    <mtolab.simulate.reference.Assembly.build>`, the same operations on the
    same numbers, laid out a row per component (or variant) and a column per
    cell, so that every operation runs along one long row: the share of a
    variant is the least of its components' shares, :math:`\min(1, \min_j
    \mathrm{onhand}_j / \mathrm{need}_j)`, as exact as the reference's
    :math:`\min_j \min(1, \mathrm{onhand}_j / \mathrm{need}_j)`.

    Parameters
    ----------
    cells : dict
        The short cells, in step order (:func:`_find_short_cells`).
    bom : ndarray, shape (n, m)
    uses : ndarray of int, shape (n, w)
        The components each variant uses, padded with *m* (a dummy never
        short): :func:`~mtolab.simulate.reference.component_index`.

    Returns
    -------
    built, waiting : ndarray of float, shape (n, k)
        Units of each variant built in each cell, and still waiting at its end
        (cells in step order).
    """
    steps = cells["steps"]
    gap = cells["gap"].astype(float)
    request = cells["orders"].astype(float, order="C")  # new orders, then with what waits
    n_comp = bom.shape[1]
    ratio = np.ones((n_comp + 1, request.shape[1]))
    bom_t = np.ascontiguousarray(bom.T)
    built = np.empty_like(request)  # in step order
    for step, (start, count) in enumerate(zip(steps.start, steps.count, strict=True)):
        now = slice(start, start + count)
        asked = request[:, now]
        if step:  # what the same runs left waiting one step before
            before = steps.start[step - 1]
            asked += request[:, before : before + count] - built[:, before : before + count]
        need = bom_t @ asked
        onhand = np.add(gap[:, now], need, out=gap[:, now])
        share = ratio[:, :count]
        np.divide(onhand, np.maximum(need, 1e-12, out=need), out=share[:n_comp])
        share = share.take(uses, axis=0).min(axis=1)
        np.minimum(share, 1.0, out=share)
        np.multiply(asked, share, out=share)
        np.floor(np.add(share, 1e-9, out=share), out=built[:, now])
    return built, np.subtract(request, built, out=request)


class _RunSteps(NamedTuple):
    """Short cells in step order: the first cells of all runs, then the second cells, ...

    ``cells`` lists the numbers of the cells (in their own order) in step
    order.  Step *k* is the slice ``start[k] : start[k] + count[k]`` of it,
    runs longest first, so that its runs are the first ``count[k]`` of step
    *k* - 1.  ``run_end`` is True for the last cell of each run (cells in their
    own order).
    """

    cells: np.ndarray
    start: np.ndarray
    count: np.ndarray
    run_end: np.ndarray


def _steps_within_runs(rep, period) -> _RunSteps:
    """Order cells (sorted by replication and period) by their step within their run."""
    n_cells = rep.size
    run_end = _run_ends(rep, period)
    first = np.flatnonzero(np.concatenate(([True], run_end)))[:n_cells]
    length = np.diff(np.append(first, n_cells))
    # Longest runs first (in 16 bits when they fit: numpy sorts those by radix).
    small = np.int16 if length.max(initial=0) < 2**15 else np.intp
    first = first[np.argsort(np.negative(length, dtype=small), kind="stable")]
    count = np.bincount(length, minlength=1)[::-1].cumsum()[::-1][1:]  # runs longer than k
    start = np.cumsum(count) - count
    order = np.empty(n_cells, dtype=np.intp)
    for k, (at, c) in enumerate(zip(start, count, strict=True)):
        order[at : at + c] = first[:c] + k
    return _RunSteps(order, start, count, run_end)


def _run_ends(rep, period) -> np.ndarray:
    """True for the last short cell of each run (cells sorted by replication and period)."""
    follows = (rep[1:] == rep[:-1]) & (period[1:] == period[:-1] + 1)
    return np.append(~follows, True)[: rep.size]


def _build_short_cells(flows, totals, at, built, waiting, carried) -> None:
    """Write what is built in the short cells, and build what the last cell of a run
    leaves waiting in the period after it (where ``carried``: not the last period).

    ``flows`` is a C-ordered ``(cells, n)`` view of what is built of each of *n*
    variants, one row per period, holding the orders on entry, and ``totals``
    ``(cells,)`` what is built in all, holding the units ordered; ``at`` the rows
    of the short cells (distinct); ``built`` and ``waiting`` ``(n, k)`` the units
    built in them and left waiting.  Inside a run, the next cell is short
    itself, and what it builds (``built``) already includes what the one
    before left waiting.
    """
    # Whole rows at a time: a row of n integers is moved as one opaque item
    # (numpy scatters those far faster than n separate numbers).
    row = np.dtype((np.void, flows.dtype.itemsize * flows.shape[1]))
    rows = flows.view(row)[:, 0]
    rows[at] = np.ascontiguousarray(built.T, dtype=flows.dtype).view(row)[:, 0]
    totals[at] = built.sum(axis=0)
    nxt = at.compress(carried) + 1
    moved = waiting.compress(carried, axis=1)
    carry = np.ascontiguousarray(moved.T, dtype=flows.dtype)
    rows[nxt] = (flows.take(nxt, axis=0) + carry).view(row)[:, 0]
    totals[nxt] += moved.sum(axis=0).astype(totals.dtype)


def _gather(x, rep, period):
    """``x[rep, :, period].T`` of an ``(R, m, T)`` array (C-ordered with its axes in
    some order), shape ``(m, k)``."""
    flat, (rep_step, comp_step, _) = in_memory_order(x)
    return flat.take(comp_step * np.arange(x.shape[1])[:, None] + (rep * rep_step + period))
