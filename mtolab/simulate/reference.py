"""The reference models: every strategy as a plain loop over periods.

These functions are the specification of the simulations.  Each runs one
strategy period by period, in the order of events below, with numpy
arrays over replications (and variants or components) only so that a
whole class of replications moves at once.  Every feature lives here:
review period, shelf life, lost sales or backorders, a bill of materials,
production and assembly capacity, refusal of late orders.  The functions
``simulate_mts``, ``simulate_mto``, ``simulate_ato`` and ``simulate_hybrid``
run them with ``engine="reference"``; with ``engine="auto"`` they use a
faster path where its named condition holds, and the tests check that
path against these loops number for number.

Events inside period *t*:

1. stock produced earlier arrives (start of the period);
2. customer orders arrive and are served first-in, first-out, those
   waiting from earlier periods first;
3. stock older than its shelf life is scrapped (end of the period);
4. on a review period, a replenishment order is placed, up to the
   order-up-to level :math:`S_t` of the inventory position (on hand + on
   order - committed to waiting customers);
5. production makes up to its capacity of the open replenishment orders,
   oldest first (orders of one period in the order of the items); what is
   made in period *t* arrives at the start of period ``t + lead_time + 1``.

Customisation (which configurations a strategy offers, and what customers
do when theirs is not) acts on demand before it reaches these models: see
:mod:`mtolab.customisation`.
"""

from __future__ import annotations

import numpy as np

from mtolab.simulate._core import StockPolicy, shift

__all__ = ["mts_reference", "mto_reference", "ato_reference", "Assembly", "component_index",
           "MTOLine"]


# --------------------------------------------------------------- stock point
class ProductionLine:
    """Open replenishment orders of several items, made oldest first.

    Each period at most ``capacity`` units are made in all.  Orders placed
    in the same period are made in the order of the items (item 0 first).
    """

    def __init__(self, n_periods: int, n_rep: int, n_items: int):
        self.open = np.zeros((n_rep, n_periods, n_items))  # units not yet made, by order period
        self.placed = 0  # periods whose orders are in the line
        self.oldest = 0  # no open order is older than this period

    def add(self, order: np.ndarray) -> None:
        """Queue one period's orders, ``(R, n)``."""
        self.open[:, self.placed] = order
        self.placed += 1

    def make(self, capacity: float) -> np.ndarray:
        """Make up to ``capacity`` units of the oldest open orders; units made per item."""
        n_rep, _, n_items = self.open.shape
        window = self.open[:, self.oldest : self.placed].reshape(n_rep, -1)  # in line order
        ahead = np.cumsum(window, axis=1) - window  # units to make before each order
        made = np.clip(capacity - ahead, 0.0, window)
        window -= made
        self.open[:, self.oldest : self.placed] = window.reshape(n_rep, -1, n_items)
        while self.oldest < self.placed and not self.open[:, self.oldest].any():
            self.oldest += 1
        return made.reshape(n_rep, -1, n_items).sum(axis=1)


class Stock:
    """Items on hand under an order-up-to policy, with their orders and production.

    Holds ``(R, n)`` stock on hand, units on order (ordered, not yet
    arrived: waiting for production or in transit), arrivals per period
    and, with a shelf life, what is needed to scrap stock first-in,
    first-out when it grows too old.
    """

    def __init__(self, n_periods: int, policy: StockPolicy):
        self.policy = policy
        lead = policy.lead_time
        self.onhand = policy.initial_inventory.astype(float)
        n_rep, n_items = self.onhand.shape
        self.arrivals = np.zeros((n_periods + lead + 1, n_rep, n_items))
        self.arrivals[1 : lead + 1] = policy.initial_pipeline
        self.on_order = lead * policy.initial_pipeline.astype(float)
        self.line = None if policy.capacity is None else ProductionLine(n_periods, n_rep, n_items)
        if policy.shelf_life is not None:
            # Cumulative receipts up to each period (initial stock counts as
            # received in period 0) and cumulative units issued or scrapped.
            self.received = np.zeros((n_periods, n_rep, n_items))
            self.total_received = self.onhand.copy()
            self.total_issued = np.zeros((n_rep, n_items))

    def receive(self, t: int) -> None:
        arrived = self.arrivals[t]
        self.onhand += arrived
        self.on_order -= arrived
        if self.policy.shelf_life is not None:
            self.total_received += arrived
            self.received[t] = self.total_received

    def issue(self, quantity: np.ndarray) -> None:
        self.onhand -= quantity
        if self.policy.shelf_life is not None:
            self.total_issued += quantity

    def expire(self, t: int) -> np.ndarray:
        """Scrap what was received ``shelf_life`` periods ago and is still here."""
        life = self.policy.shelf_life
        if life is None or t - life + 1 < 0:
            return np.zeros_like(self.onhand)
        scrap = np.maximum(self.received[t - life + 1] - self.total_issued, 0.0)
        self.onhand -= scrap
        self.total_issued += scrap
        return scrap

    def replenish(self, t: int, committed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Order on a review period, then produce; return (units ordered, units made)."""
        policy = self.policy
        order = np.zeros_like(self.onhand)
        if t % policy.review_period == 0:
            position = self.onhand + self.on_order - committed
            order = np.maximum(np.ceil(policy.target[:, t] - position - 1e-9), 0.0)
            self.on_order += order
        if self.line is None:
            made = order
        else:
            self.line.add(order)
            made = self.line.make(policy.capacity[t])
        self.arrivals[t + policy.lead_time + 1] += made
        return order, made


# ------------------------------------------------------------- make to stock
def mts_reference(demand: np.ndarray, policy: StockPolicy, unmet_demand: str) -> dict:
    """Make to stock, period by period.

    Parameters
    ----------
    demand : ndarray, shape (R, T, n)
        Units ordered of each variant.
    policy : StockPolicy
        Replenishment of the finished goods of each variant.
    unmet_demand : {"backorder", "lost_sales"}
        Customers who find no stock wait, or buy elsewhere.

    Returns
    -------
    dict
        The :class:`~mtolab.SimResult` flows ``shipped``, ``lost``,
        ``backlog``, ``fg_inventory``, ``made_to_stock``, ``setups``,
        ``obsolete`` (each ``(R, T)``, summed over variants), and per variant
        ``ship_streams`` and ``order_streams`` (``(R, T, n)``).
    """
    n_rep, n_per, n_var = demand.shape
    stock = Stock(n_per, policy)
    waiting = np.zeros((n_rep, n_var))
    # Records are period-major ([t] is one period), turned (R, T) at the end.
    ship_streams = np.zeros((n_per, n_rep, n_var))
    lost_streams = np.zeros((n_per, n_rep, n_var))
    flows = {k: np.zeros((n_per, n_rep)) for k in
             ("lost", "backlog", "fg_inventory", "made_to_stock", "setups", "obsolete")}
    for t in range(n_per):
        stock.receive(t)
        wanted = waiting + demand[:, t]
        shipped = np.minimum(wanted, stock.onhand)
        stock.issue(shipped)
        if unmet_demand == "backorder":
            waiting = wanted - shipped
        else:
            lost_streams[t] = wanted - shipped
        flows["obsolete"][t] = stock.expire(t).sum(axis=1)
        order, made = stock.replenish(t, committed=waiting)
        flows["setups"][t] = (order > 0).sum(axis=1)
        flows["made_to_stock"][t] = made.sum(axis=1)
        ship_streams[t] = shipped
        flows["lost"][t] = lost_streams[t].sum(axis=1)
        flows["backlog"][t] = waiting.sum(axis=1)
        flows["fg_inventory"][t] = stock.onhand.sum(axis=1)
    flows = {k: v.T for k, v in flows.items()}
    flows["ship_streams"] = ship_streams.transpose(1, 0, 2)
    flows["shipped"] = flows["ship_streams"].sum(axis=2)
    flows["order_streams"] = demand - lost_streams.transpose(1, 0, 2)
    return flows


# ------------------------------------------------------------ make to order
class MTOLine:
    """Settings of a make-to-order line (the parameter object of make to order).

    Parameters
    ----------
    capacity : ndarray, shape (T,)
        Whole units that can start production in each period.
    sourcing_time, production_time : int
        :math:`t_s` and :math:`t_p`, in periods.
    max_wait : int or None
        Longest lead time customers accept; ``None``: no limit.
    refuse_late_orders : bool
        Refuse an order whose quoted lead time exceeds ``max_wait``.
    mean_capacity : float
        The capacity per period as given (``capacity`` spreads it over
        periods in whole units).
    """

    def __init__(self, capacity, sourcing_time, production_time, max_wait, refuse_late_orders,
                 mean_capacity):
        self.capacity = capacity
        self.sourcing_time = sourcing_time
        self.production_time = production_time
        self.max_wait = max_wait
        self.refuse_late_orders = bool(refuse_late_orders and max_wait is not None)
        self.mean_capacity = mean_capacity


def mto_reference(orders: np.ndarray, line: MTOLine) -> dict:
    """Make to order, period by period.

    An order accepted in period *t* waits ``sourcing_time`` periods for its
    materials, then joins the production queue; at most ``capacity[t]``
    units start per period, first come, first served; each takes
    ``production_time`` periods.  When late orders are refused, the *k*-th
    new order of a period has ``queue + sourcing + k - 1`` units ahead of
    it, starts after ``floor(ahead / c)`` periods, and is accepted only if
    its quoted lead time fits within ``max_wait``.

    Parameters
    ----------
    orders : ndarray, shape (R, T)
        Units ordered per period.
    line : MTOLine
        The line's settings.

    Returns
    -------
    dict
        Flows ``accepted``, ``made_to_order`` (units started), ``shipped``,
        each ``(R, T)``.
    """
    n_rep, n_per = orders.shape
    accepted = np.zeros((n_rep, n_per))
    starts = np.zeros((n_rep, n_per))
    in_queue = np.zeros(n_rep)  # materials in, waiting for capacity
    sourcing = np.zeros(n_rep)  # accepted, materials not yet in
    slots = 0.0
    if line.refuse_late_orders:
        feasible = line.sourcing_time + line.production_time <= line.max_wait
        slots = (line.max_wait - line.production_time + 1) * line.mean_capacity if feasible else 0
    for t in range(n_per):
        if line.refuse_late_orders:
            room = np.ceil(slots - in_queue - sourcing - 1e-9)
            accepted[:, t] = np.clip(room, 0.0, orders[:, t])
        else:
            accepted[:, t] = orders[:, t]
        sourcing += accepted[:, t]
        if t >= line.sourcing_time:
            released = accepted[:, t - line.sourcing_time]
            sourcing -= released
            in_queue += released
        starts[:, t] = np.minimum(in_queue, line.capacity[t])
        in_queue -= starts[:, t]
    return {"accepted": accepted, "made_to_order": starts,
            "shipped": shift(starts, line.production_time)}


# ---------------------------------------------------------- assemble to order
def component_index(bom) -> np.ndarray:
    """The components each variant needs, ``(n, w)``: a row per variant, padded with
    *m* (a dummy component, never short) to the longest row."""
    n_comp = bom.shape[1]
    uses = [np.flatnonzero(row) for row in bom]
    index = np.full((bom.shape[0], max(len(u) for u in uses)), n_comp)
    for i, u in enumerate(uses):
        index[i, : len(u)] = u
    return index


class Assembly:
    """One period's assembly: what the waiting orders get from stock and capacity.

    Orders waiting for each variant are built as far as components and
    capacity allow: when a component is short, every variant that needs it
    gets the same share of what is on hand; when capacity is short, every
    variant gets the same share of capacity (units are whole, so shares
    are rounded down).
    """

    def __init__(self, bom, n_rep):
        n_comp = bom.shape[1]
        comp_index = component_index(bom)
        self.columns = [comp_index[:, j] for j in range(comp_index.shape[1])]
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


def ato_reference(orders: np.ndarray, bom: np.ndarray, policy: StockPolicy,
                  assembly_capacity: np.ndarray | None) -> dict:
    """Assemble to order, period by period.

    Components are replenished like finished goods under make to stock
    (``policy``; the requirements of waiting orders are committed stock);
    each period the orders waiting for each variant, first-in, first-out,
    are assembled as far as components and assembly capacity allow
    (:class:`Assembly`).  An order waits while a component is out.

    Parameters
    ----------
    orders : ndarray, shape (R, T, n)
        Units ordered of each variant.
    bom : ndarray, shape (n, m)
        Units of each component per unit of each variant.
    policy : StockPolicy
        Replenishment of each component (in component units).
    assembly_capacity : ndarray of shape (T,) or None
        Whole units that can be assembled per period; ``None``: no limit.

    Returns
    -------
    dict
        ``builds`` per variant ``(R, T, n)``; ``component_inventory``
        (units on hand), ``components_bought`` (units made or bought),
        ``setups`` and ``obsolete``, summed over components, ``(R, T)``.
    """
    n_rep, n_per, n_var = orders.shape
    stock = Stock(n_per, policy)
    assembly = Assembly(bom, n_rep)
    builds = np.zeros((n_rep, n_per, n_var))
    flows = {k: np.zeros((n_rep, n_per)) for k in
             ("component_inventory", "components_bought", "setups", "obsolete")}
    waiting = np.zeros((n_rep, n_var))
    for t in range(n_per):
        stock.receive(t)
        request = waiting + orders[:, t]
        cap = None if assembly_capacity is None else assembly_capacity[t]
        build = assembly.build(request, stock.onhand, cap)
        stock.issue(build @ bom)
        waiting = request - build
        flows["obsolete"][:, t] = stock.expire(t).sum(axis=1)
        order, made = stock.replenish(t, committed=waiting @ bom)
        flows["components_bought"][:, t] = made.sum(axis=1)
        flows["setups"][:, t] = (order > 0).sum(axis=1)
        builds[:, t] = build
        flows["component_inventory"][:, t] = stock.onhand.sum(axis=1)
    flows["builds"] = builds
    return flows
