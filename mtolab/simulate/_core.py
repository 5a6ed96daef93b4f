"""Shared pieces of the strategy simulations: the result, the stock policy, closed forms.

The simulations run in discrete periods, vectorised over replications
(and variants or components).  The order of events inside a period and
the plain period-by-period models are in :mod:`mtolab.simulate.reference`;
the closed forms here are the building blocks of the faster paths.
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from mtolab._validate import check_array, check_choice, check_int, check_real, unbroadcast

__all__ = ["SimResult", "StockPolicy", "combine_results", "ENGINES"]

ENGINES = ("auto", "reference")

UNMET_DEMAND = ("backorder", "lost_sales")


@dataclass
class SimResult:
    """Per-period flows of one strategy, for every replication.

    Every array has shape ``(R, T)`` (replications x periods) and counts
    units in the period, or at its end for stocks.  Component quantities
    are in *kits*: component units weighted so that the parts of one
    product (its kit) count as one.

    Attributes
    ----------
    strategy : str
        Name of the strategy ("MTS", "MTO", "ATO", "Hybrid").
    demand : ndarray
        Units ordered by customers (every customer who asked, whether the
        configuration wanted was offered or not).
    shipped : ndarray
        Units delivered to customers.
    lost : ndarray
        Units of demand lost (lost sales, or orders refused because the
        quoted wait was longer than customers accept).
    backlog : ndarray
        Open orders: units ordered but not yet delivered, at the end of the
        period.  It includes :attr:`work_in_progress`; ``backlog -
        work_in_progress`` is what waits for stock, parts or capacity.
    fg_inventory : ndarray
        Finished goods on hand at the end of the period.
    component_inventory : ndarray
        Components on hand at the end of the period (kits).
    made_to_stock : ndarray
        Finished units produced for stock (replenishment orders are made as
        production capacity allows).
    made_to_order : ndarray
        Units produced after a customer order (pay the make-to-order premium).
    assembled_to_order : ndarray
        Units assembled from stocked components after an order.
    components_bought : ndarray
        Components made or bought (kits), as capacity allows.
    setups : ndarray
        Production runs or replenishment orders placed.
    obsolete : ndarray
        Units scrapped because they outlived their shelf life (finished
        goods plus component kits).
    order_streams, ship_streams : ndarray
        ``(R, T, k)`` accepted orders and shipments of each of the *k*
        first-in, first-out order streams (a variant, or the make-to-order
        queue); :attr:`lead_times` is computed from them.
    work_in_progress : ndarray or None
        Units of open orders being made or assembled (started, not yet
        delivered) at the end of the period; ``None``: none.
    walked_away : ndarray or None
        Units of demand whose configuration was not offered and whose
        customer left; ``None``: none.
    substituted : ndarray or None
        Units of demand whose configuration was not offered and whose
        customer took the standard configuration instead (they are in
        the accepted orders); ``None``: none.
    """

    strategy: str
    demand: np.ndarray
    shipped: np.ndarray
    lost: np.ndarray
    backlog: np.ndarray
    fg_inventory: np.ndarray
    component_inventory: np.ndarray
    made_to_stock: np.ndarray
    made_to_order: np.ndarray
    assembled_to_order: np.ndarray
    components_bought: np.ndarray
    setups: np.ndarray
    obsolete: np.ndarray
    order_streams: np.ndarray = field(repr=False)
    ship_streams: np.ndarray = field(repr=False)
    work_in_progress: np.ndarray | None = None
    walked_away: np.ndarray | None = None
    substituted: np.ndarray | None = None

    def __post_init__(self):
        for name in ("work_in_progress", "walked_away", "substituted"):
            if getattr(self, name) is None:
                setattr(self, name, no_flow(*self.demand.shape))

    @property
    def n_replications(self) -> int:
        return self.demand.shape[0]

    @property
    def n_periods(self) -> int:
        return self.demand.shape[1]

    @cached_property
    def lead_times(self) -> np.ndarray:
        """Histogram of customer lead times, shape ``(R, W + 1)``.

        Entry ``[r, w]`` counts the units of replication *r* delivered *w*
        periods after they were ordered (0 = the same period).  Units still
        waiting at the end of the horizon are not counted.
        """
        return lead_time_histogram(self.order_streams, self.ship_streams)

    def trace(self, replication: int = 0):
        """Per-period table of one replication, for plots (a DataFrame)."""
        import pandas as pd

        r = check_int("replication", replication, low=0, high=self.n_replications - 1)
        cols = {
            "demand": self.demand,
            "shipped": self.shipped,
            "lost": self.lost,
            "backlog": self.backlog,
            "work_in_progress": self.work_in_progress,
            "walked_away": self.walked_away,
            "substituted": self.substituted,
            "fg_inventory": self.fg_inventory,
            "component_inventory": self.component_inventory,
            "produced": self.made_to_stock + self.made_to_order + self.assembled_to_order,
            "components_bought": self.components_bought,
            "obsolete": self.obsolete,
        }
        frame = pd.DataFrame({k: v[r] for k, v in cols.items()})
        frame.index.name = "period"
        return frame


def lead_time_histogram(order_streams: np.ndarray, ship_streams: np.ndarray) -> np.ndarray:
    r"""Per-replication histogram of first-in, first-out waits.

    Works on the cumulative order and shipment curves :math:`A(t)` and
    :math:`S(t)` of each stream, not on single units: the units ordered in
    period *t* are numbers :math:`A(t-1)+1 \dots A(t)`, and a unit is still
    waiting after *w* periods when its number exceeds :math:`S(t+w)`.  So the
    count of units waiting longer than *w* is
    :math:`\sum_t [\min(A(t), S_T) - \max(A(t-1), S(t+w))]^+`, where
    :math:`S_T` (all units ever shipped) leaves out units still waiting at
    the end of the horizon.

    Parameters
    ----------
    order_streams, ship_streams : ndarray, shape ``(R, T, k)``
        Units accepted and units shipped per period in each of *k* streams;
        cumulative shipments never exceed cumulative orders.

    Returns
    -------
    ndarray of int64, shape ``(R, W + 1)``
        Entry ``[r, w]`` counts units of replication *r* delivered *w*
        periods after they were ordered; *W* is the longest wait seen.
    """
    orders = np.cumsum(order_streams, axis=1)
    ships = np.cumsum(ship_streams, axis=1)
    shipped_total = ships[:, -1:, :]
    upper = np.minimum(orders, shipped_total)
    lower = np.minimum(orders - order_streams, shipped_total)
    n_per = orders.shape[1]
    longer = [np.rint(ships[:, -1, :].sum(axis=1))]  # units waiting longer than -1
    for w in range(n_per):
        waiting = upper[:, : n_per - w] - np.maximum(lower[:, : n_per - w], ships[:, w:])
        count = np.rint(np.maximum(waiting, 0).sum(axis=(1, 2)))
        longer.append(count)
        if not count.any():
            break
    longer = np.array(longer)
    return (longer[:-1] - longer[1:]).T.astype(np.int64)


def check_demand_array(name, demand, ndim=3) -> np.ndarray:
    """Demand as an array of whole, non-negative units (integer arrays pass as they are)."""
    arr = np.asarray(demand) if isinstance(demand, np.ndarray) else None
    if arr is not None and np.issubdtype(arr.dtype, np.integer):
        dims = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in dims or arr.size == 0:
            raise ValueError(
                f"{name} must be a non-empty array with {' or '.join(map(str, dims))} "
                f"dimensions, got shape {arr.shape}"
            )
        if arr.min() < 0:
            raise ValueError(f"every entry of {name} must be >= 0, got {arr.min()}")
        return arr
    arr = check_array(name, demand, ndim=ndim, low=0.0)
    if np.any(arr != np.round(arr)):
        raise ValueError(f"{name} must hold whole numbers of units")
    return arr


def check_stock_policy(lead_time, review_period, shelf_life):
    lead_time = check_int("lead_time", lead_time, low=0, high=520)
    review_period = check_int("review_period", review_period, low=1, high=520)
    if shelf_life is not None:
        shelf_life = check_int("shelf_life", shelf_life, low=1)
    return lead_time, review_period, shelf_life


def check_engine(engine):
    return check_choice("engine", engine, ENGINES)


def check_unmet(unmet_demand):
    return check_choice("unmet_demand", unmet_demand, UNMET_DEMAND)


def check_capacity(name, capacity):
    return check_real(name, capacity, low=0.0, low_open=True)


@dataclass(frozen=True)
class StockPolicy:
    """How a stock is replenished: the parameter object of the stocked strategies.

    Attributes
    ----------
    target : ndarray, shape (R, T, n) (a broadcast view is fine)
        :math:`S_t`, order-up-to level of each of *n* items (units).
    lead_time : int
        :math:`L`: what is made at the end of period *t* arrives at the
        start of period ``t + L + 1``.
    review_period : int
        :math:`r`: orders are placed in periods 0, r, 2r, ...
    shelf_life : int or None
        Periods an item may stay in stock before it is scrapped; ``None``:
        it never ages.
    capacity : ndarray of shape (T,), or None
        Whole units production can make per period over all items
        (:func:`capacity_per_period`); ``None``: no limit.
    initial_inventory, initial_pipeline : ndarray, shape (R, n)
        Whole units on hand at the start, and arriving in each of periods
        1..L from orders placed before the start.
    """

    target: np.ndarray
    lead_time: int
    review_period: int
    shelf_life: int | None
    capacity: np.ndarray | None
    initial_inventory: np.ndarray
    initial_pipeline: np.ndarray

    @classmethod
    def checked(cls, shape, order_up_to, *, lead_time, review_period=1, shelf_life=None,
                capacity=None, initial_inventory=None, initial_pipeline=0.0,
                target_name="order_up_to", capacity_name="capacity") -> StockPolicy:
        """A policy for ``shape`` = (R, T, n), every argument checked (errors name it)."""
        n_rep, n_per, n_items = shape
        lead_time, review_period, shelf_life = check_stock_policy(lead_time, review_period,
                                                                  shelf_life)
        target = np.broadcast_to(check_array(target_name, order_up_to, low=0.0), shape)
        if initial_inventory is None:
            initial_inventory = target[:, 0]
        rows = (n_rep, n_items)
        start = check_array("initial_inventory", initial_inventory, low=0.0)
        pipe = check_array("initial_pipeline", initial_pipeline, low=0.0)
        if capacity is not None:
            capacity = capacity_per_period(check_capacity(capacity_name, capacity), n_per)
        return cls(target=target, lead_time=lead_time, review_period=review_period,
                   shelf_life=shelf_life, capacity=capacity,
                   initial_inventory=np.rint(np.broadcast_to(start, rows)),
                   initial_pipeline=np.rint(np.broadcast_to(pipe, rows)))

    def rows(self, selected) -> StockPolicy:
        """The same policy for some replications only (a slice or a boolean mask)."""
        return dataclasses.replace(self, target=self.target[selected],
                                   initial_inventory=self.initial_inventory[selected],
                                   initial_pipeline=self.initial_pipeline[selected])


def capacity_per_period(capacity: float, n_periods: int) -> np.ndarray:
    """Whole units of capacity per period averaging ``capacity`` exactly."""
    cum = np.floor(capacity * np.arange(n_periods + 1) + 1e-9)
    return np.diff(cum)


def order_up_to_positions(demand, target, lead_time, review_period, initial_inventory,
                          initial_pipeline, itype=None, with_units=True):
    r"""Inventory positions of an order-up-to policy, without a loop over periods.

    Demand (or, for components, the requirements of accepted orders) lowers
    the inventory position :math:`IP` one for one, and a review raises it to
    :math:`\max(\lceil S_t \rceil, IP)` (stock is in whole units).  So
    :math:`X_t = IP_t + C_t`, with cumulative demand :math:`C_t`, is a
    running maximum of :math:`\lceil S_t \rceil + C_t` over review periods,
    and the orders are its increments.  This holds whatever happens to the
    stock itself, as long as nothing leaves it other than to demand (no
    scrapping, no lost sales).

    Everything is counted in whole units, so the arithmetic is done in
    integers: exact, and in 32 bits (half the memory traffic of floats)
    whenever the largest position fits.  Time is the *last* axis of the
    arrays returned, so that every step runs along contiguous memory.

    Parameters
    ----------
    demand : ndarray, shape (R, T, n)
        Units taken from each of *n* stocks per period.
    target : ndarray, shape (R, T, n) or a broadcast view of one
        :math:`S_t`, order-up-to levels.
    lead_time, review_period : int
        :math:`L` and :math:`r`, in periods.
    initial_inventory, initial_pipeline : array_like
        Starting stock, and units arriving in each of periods 1..L.
    itype : numpy integer type or None
        Integer type of the results; ``None`` picks the smallest that is
        safe (see :func:`position_dtype`).
    with_units : bool
        Whether to return ``units`` (``None`` otherwise).

    Returns
    -------
    onhand0, pipe0 : ndarray of int, shape (R, n)
        Starting stock and the per-period initial pipeline, in whole units.
    x : ndarray of int, shape (R, n, T + 1)
        :math:`X_{t-1}` for t = 0..T; ``x[..., s + 1] - x[..., 0]`` is what
        was ordered in periods 0..s.
    cum_demand : ndarray of int, shape (R, n, T)
        :math:`C_t` (a scratch array the caller may overwrite).
    units : ndarray of int, shape (R, n, T), or None
        ``demand`` itself in this layout (free to overwrite); ``None``
        unless ``with_units``.
    """
    n_rep, n_per, n_var = demand.shape
    shape = (n_rep, n_var)
    onhand0 = np.rint(np.broadcast_to(initial_inventory, shape))
    pipe0 = np.rint(np.broadcast_to(initial_pipeline, shape))
    # Round the targets up before broadcasting: a target shared by every
    # replication is rounded once, not R times.
    levels = np.subtract(unbroadcast(target).transpose(0, 2, 1), 1e-9)
    np.ceil(levels, out=levels)
    if itype is None:
        itype = position_dtype(demand, levels, onhand0 + lead_time * pipe0)
    onhand0, pipe0 = onhand0.astype(itype), pipe0.astype(itype)
    # Cumulate along time in the input's (R, T, n) layout, where numpy adds
    # whole rows of n at a time, then transpose (cheap between integers).
    by_period = demand.astype(itype)
    units = by_period.transpose(0, 2, 1).copy() if with_units else None
    cum_demand = np.cumsum(by_period, axis=1, out=by_period).transpose(0, 2, 1).copy()
    x = np.empty((n_rep, n_var, n_per + 1), dtype=itype)
    x[:, :, 0] = onhand0 + lead_time * pipe0
    levels = levels.astype(itype)
    np.add(cum_demand, levels, out=x[:, :, 1:])
    if review_period > 1:
        x[:, :, 1:][:, :, np.arange(n_per) % review_period != 0] = np.iinfo(itype).min
    # The running maximum changes nothing when levels never fall (cumulative
    # demand never does) and the first review already raises the position:
    # a constant base-stock level, say.  That is cheap to check.
    if not (review_period == 1 and np.all(x[:, :, 1] >= x[:, :, 0])
            and np.all(levels[:, :, 1:] >= levels[:, :, :-1])):
        np.maximum.accumulate(x, axis=2, out=x)
    return onhand0, pipe0, x, cum_demand, units


def position_dtype(demand, levels, start_position, units_per_order=1.0):
    """``int32`` if every position :math:`X_t` fits in it with room to spare, else ``int64``.

    :math:`X_t` is at most the largest level plus all demand plus the
    starting position (stock plus pipeline).  When the stocks are
    components, ``units_per_order`` bounds the units of one component that
    a unit of ``demand`` (an order) takes.
    """
    n_per = demand.shape[1]
    bound = (math.ceil(float(unbroadcast(np.asarray(levels)).max(initial=0.0)))
             + float(demand.max(initial=0)) * units_per_order * n_per
             + float(np.max(start_position, initial=0.0)))
    return np.int32 if bound < 2**30 else np.int64


# Large row-wise computations are shared between two threads: numpy
# releases the interpreter lock inside its loops, so both cores work.
PARALLEL_MIN_SIZE = 200_000
_POOL = None


def in_row_chunks(work, n_rows: int, size: int) -> None:
    """Call ``work(rows)`` on slices of ``range(n_rows)`` that together cover it.

    When ``size`` (the number of elements the work touches) is at least
    :data:`PARALLEL_MIN_SIZE` and the machine has several cores, the rows
    are split in two halves computed in two threads; ``work`` must then
    write only to its own rows.  Errors are raised in the caller.
    """
    global _POOL
    nested = threading.current_thread().name.startswith("mtolab")
    if size < PARALLEL_MIN_SIZE or n_rows < 2 or (os.cpu_count() or 1) < 2 or nested:
        work(slice(None))
        return
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtolab")
    half = n_rows // 2
    other = _POOL.submit(work, slice(half, None))
    try:
        work(slice(0, half))
    finally:
        other.result()


def received_by_period(onhand0, pipe0, x, lead_time, less=None, lag=0, out=None):
    r"""Units received up to each period, initial stock included: :math:`A_t`, ``(R, n, T)``.

    Receipts are the initial pipeline ``pipe0`` in each of periods 1..L,
    then the order of period *s* in period ``s + L + 1``.  So
    :math:`A_t = I_0 + \min(t, L) P_0` up to period *L*, and after it
    :math:`A_t = I_0 + L P_0 + X_{t-L-1} - X_{-1}`, with ``x[..., s + 1]``
    :math:`= X_s` as returned by :func:`order_up_to_positions` (one pass).

    With ``less`` (a cumulative total :math:`C_t`, ``(R, n, T)``), returns
    :math:`A_{t-\ell} - C_t` for t = :math:`\ell` .. T-1 instead, shape
    ``(R, n, T - \ell)``, without building :math:`A` itself.

    Parameters
    ----------
    onhand0, pipe0 : ndarray of int, shape (R, n)
    x : ndarray of int, shape (R, n, T + 1)
    lead_time : int
    less : ndarray of int or None
    lag : int
        :math:`\ell`, used only with ``less``.
    out : ndarray or None
        Where to write the result; may be ``less`` itself when ``lag`` is 0.
    """
    width = x.shape[2] - 1 - lag
    if out is None:
        out = np.empty(onhand0.shape + (width,), dtype=x.dtype)
    for u in range(min(lead_time + 1, width)):
        received = onhand0 + u * pipe0
        out[:, :, u] = received if less is None else received - less[:, :, u + lag]
    if width > lead_time + 1:
        rest = out[:, :, lead_time + 1 :]
        start = (onhand0 + lead_time * pipe0 - x[:, :, 0])[:, :, None]
        if less is None:
            np.add(x[:, :, 1 : width - lead_time], start, out=rest)
        else:
            np.subtract(x[:, :, 1 : width - lead_time], less[:, :, lead_time + 1 + lag :],
                        out=rest)
            rest += start
    return out


def production_positions(x: np.ndarray, capacity: np.ndarray | None) -> np.ndarray:
    r"""What production has made of the orders of an order-up-to policy, by period.

    ``x`` holds the positions :math:`X_{t-1}` of :func:`order_up_to_positions`,
    whose increments are the orders of each of *n* items.  Production
    makes at most :math:`c_t` units per period of the open orders, oldest
    first, the orders of one period in item order (the rule of
    :class:`~mtolab.simulate.reference.ProductionLine`).  With :math:`O(t)`
    the orders of all items up to period *t* and :math:`K(t) = \sum_{s \le t}
    c_s`, everything made up to *t* is
    :math:`P(t) = K(t) + \min(0, \min_{s \le t} (O(s) - K(s)))`; the orders of
    the periods before the one that :math:`P(t)` falls in are made in full,
    and of that period's orders the first :math:`P(t) - O(s^* - 1)` units, in
    item order.

    Returns
    -------
    ndarray, shape (R, n, T + 1)
        Like ``x``, with what was *made* in place of what was ordered:
        ``y[..., 0] = x[..., 0]`` and ``y[..., s + 1] - y[..., 0]`` is what was
        made in periods 0..s.  ``x`` itself when ``capacity`` is ``None``.
    """
    if capacity is None:
        return x
    n_rep, n_items, width = x.shape
    position = sum_stocks(x)  # sum over items of X_j, (R, T + 1)
    total = position[:, 1:] - position[:, :1]  # O(t)
    cum_cap = np.cumsum(capacity).astype(x.dtype)
    made = total - cum_cap
    np.minimum.accumulate(made, axis=1, out=made)
    np.minimum(made, 0, out=made)
    made += cum_cap  # P(t)
    y = x.copy()
    if n_items == 1:
        y[:, 0, 1:] = x[:, 0, :1] + made
        return y
    # Where everything ordered is made (P = O), each item has made all it ordered:
    # y = x.  Elsewhere ("short" cells) the orders of period s* are made in part.
    rep, period = np.nonzero(made < total)
    if rep.size == 0:
        return y
    n_per = width - 1
    big = int(total[:, -1].max(initial=0)) + 2
    itype = np.int32 if big * n_rep < 2**31 else np.int64
    offset = np.arange(n_rep, dtype=itype) * itype(big)
    flat = (total + offset[:, None]).ravel()
    want = made[rep, period]
    found = np.searchsorted(flat, want + offset[rep], side="right")
    # Flat indices into the C-ordered (R, n, T + 1) array, item by item (rows of
    # k cells each): fast gathers and sums.
    row = (width * np.arange(n_items))[:, None] + rep * (n_items * width)  # X_j(-1)
    head_at = row + (found - rep * n_per)  # s*, in 0..t
    xf = x.ravel()
    start = xf[row]
    before = xf[head_at] - start  # O_j(s* - 1), shape (n, k)
    head = xf[head_at + 1] - xf[head_at]  # q_j(s*)
    room = want - before.sum(axis=0)  # what period s*'s orders got, in item order
    for j in range(n_items):
        part = np.clip(room, 0, head[j])
        room = room - head[j]
        before[j] += start[j] + part
    y.ravel()[row + (period + 1)] = before
    return y


def sum_stocks(x: np.ndarray, dtype=None, out=None) -> np.ndarray:
    """Sum an ``(R, n, T)`` array over its *n* stocks, giving ``(R, T)``.

    A view when n = 1 and no ``out`` is given; otherwise the sum is
    written to ``out`` (or a new array of ``dtype``, by default x's).
    """
    if x.shape[1] == 1 and out is None:
        return x[:, 0]
    if out is None:
        out = x[:, 0].astype(dtype or x.dtype)
    else:
        out[...] = x[:, 0]
    for k in range(1, x.shape[1]):
        out += x[:, k]
    return out


def sum_variants(x: np.ndarray) -> np.ndarray:
    """Sum an ``(R, T, n)`` array over its last axis, quickly, in its own dtype.

    A single variant needs no arithmetic at all (a view is returned);
    ``x @ ones`` beats ``x.sum(axis=2)`` for floats, and ``einsum`` does
    the same for integers.
    """
    n = x.shape[2]
    if n == 1:
        return x[:, :, 0]
    if np.issubdtype(x.dtype, np.floating):
        return x @ np.ones(n)
    return np.einsum("rtn->rt", x)


def replace_rows(old: np.ndarray, rows: np.ndarray, new: np.ndarray):
    """``old`` with the replications selected by boolean ``rows`` set to ``new``.

    Used to splice replications simulated again (period by period) into a
    closed-form result.  ``old`` is changed in place when it can be; a flow
    that never happens (:func:`no_flow`) becomes an array of zeros first,
    and any other read-only array (a view of the caller's input, say) a copy.
    """
    if not any(old.strides):
        old = np.zeros(old.shape, dtype=new.dtype)
    elif not old.flags.writeable:
        old = old.copy()
    old[rows] = new
    return old


def no_flow(n_rep: int, n_per: int) -> np.ndarray:
    """A read-only ``(R, T)`` array of zeros that takes no memory (a flow that never happens)."""
    return np.broadcast_to(np.zeros(1), (n_rep, n_per))


def shift(x: np.ndarray, periods: int, axis: int = 1) -> np.ndarray:
    """Delay ``x`` by ``periods`` along ``axis``, filling with zeros."""
    if periods == 0:
        return x
    out = np.zeros_like(x)
    idx = [slice(None)] * x.ndim
    src = list(idx)
    idx[axis] = slice(periods, None)
    src[axis] = slice(None, x.shape[axis] - periods)
    out[tuple(idx)] = x[tuple(src)]
    return out


def combine_results(strategy: str, parts) -> SimResult:
    """Add up the flows of several simulations of disjoint demand (a hybrid)."""
    parts = list(parts)
    fields = [
        "demand", "shipped", "lost", "backlog", "fg_inventory", "component_inventory",
        "made_to_stock", "made_to_order", "assembled_to_order", "components_bought",
        "setups", "obsolete", "work_in_progress", "walked_away", "substituted",
    ]
    kw = {f: _add_flows([getattr(p, f) for p in parts]) for f in fields}
    kw["order_streams"] = np.concatenate([p.order_streams for p in parts], axis=2)
    kw["ship_streams"] = np.concatenate([p.ship_streams for p in parts], axis=2)
    return SimResult(strategy=strategy, **kw)


def _add_flows(flows):
    """Sum ``(R, T)`` flows, skipping those that never happen (see :func:`no_flow`)."""
    real = [f for f in flows if any(f.strides)]
    if not real:
        return flows[0]
    total = real[0]
    for f in real[1:]:
        total = total + f
    return total
