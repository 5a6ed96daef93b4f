"""Shared pieces of the strategy simulations: the result, the stock policy, checks, threads.

The simulations run in discrete periods, vectorised over replications
(and variants or components).  The order of events inside a period and
the plain period-by-period models are in :mod:`mtolab.simulate.reference`;
the closed forms of a stock point, the building blocks of the faster
paths, are in :mod:`mtolab.simulate._stock`.
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

from mtolab._validate import check_array, check_choice, check_int, check_real

__all__ = ["SimResult", "StockPolicy", "combine_results", "ENGINES"]

ENGINES = ("auto", "reference")

UNMET_DEMAND = ("backorder", "lost_sales")


@dataclass
class SimResult:
    """Per-period flows of one strategy, for every replication.

    Every array has shape ``(R, T)`` (replications x periods) and counts
    units in the period, or at its end for stocks.  Component quantities
    are in *kits*: component units weighted so that the parts of one
    product (its kit) count as one.  The fast engines compute whole units
    in integers, so an array's dtype may be integer or float (the values
    are the same either way); take ``.astype(float)`` before subtracting
    fractions in place.

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
    n_rep, n_per, n_streams = order_streams.shape
    # Time last (each running sum along contiguous memory), in 32-bit
    # integers when the streams are whole units that fit.
    itype = np.result_type(order_streams, ship_streams)
    if (np.issubdtype(itype, np.integer)
            and order_streams.sum(axis=1).max(initial=0) < 2**30):
        itype = np.int32
    ordered = np.empty((n_rep, n_streams, n_per), dtype=itype)
    np.copyto(ordered, order_streams.transpose(0, 2, 1), casting="unsafe")
    ships = np.empty_like(ordered)
    np.copyto(ships, ship_streams.transpose(0, 2, 1), casting="unsafe")
    np.cumsum(ships, axis=2, out=ships)  # S(t)
    shipped_total = ships[:, :, -1:]
    lower = np.cumsum(ordered, axis=2)  # A(t)
    upper = np.minimum(lower, shipped_total)
    lower -= ordered  # A(t - 1)
    np.minimum(lower, shipped_total, out=lower)
    longer = [np.rint(shipped_total.sum(axis=(1, 2)).astype(float))]  # waiting longer than -1
    # Waiting longer than w = 0, in every (replication, stream, period) cell.
    # A cell's wait only shrinks as w grows (S(t + w) grows), so each longer
    # wait is counted over the cells still waiting at the wait before: the
    # same sum, over far fewer cells.
    waiting = np.subtract(upper, np.maximum(lower, ships, out=ordered), out=ordered).reshape(-1)
    cells = np.flatnonzero(waiting > 0)  # flat indices into (R, k, T)
    waiting = waiting[cells]
    upper, lower, ships = upper.reshape(-1), lower.reshape(-1), ships.reshape(-1)
    for w in range(n_per):
        if w:
            cells = cells[cells % n_per < n_per - w]  # t + w within the horizon
            waiting = upper[cells] - np.maximum(lower[cells], ships[cells + w])
            still = waiting > 0
            cells, waiting = cells[still], waiting[still]
        longer.append(np.rint(np.bincount(cells // (n_per * n_streams), weights=waiting,
                                          minlength=n_rep)))
        if not cells.size:
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


# Large row-wise computations run in blocks of rows small enough to stay in
# the processor's cache, shared between two threads: numpy releases the
# interpreter lock inside its loops, so both cores work.  (Blocks of 100,000
# to 1,000,000 elements were about equally fast at 365 x 1,000; smaller
# blocks pay more for numpy's per-call overhead.)
PARALLEL_MIN_SIZE = 40_000
BLOCK_SIZE = 400_000
_POOL = None


def in_row_chunks(work, n_rows: int, size: int, scale: float = 1.0) -> None:
    """Call ``work(rows)`` on slices of ``range(n_rows)`` that together cover it.

    ``size`` is the number of elements in the largest of the work's arrays
    (all rows).  The rows are cut into blocks of about ``scale`` times
    :data:`BLOCK_SIZE` elements, small enough for the processor's cache, and
    whose arrays are allocated again in memory already mapped.  When
    ``size`` is at least :data:`PARALLEL_MIN_SIZE` and the machine has
    several cores, half the blocks are computed in a second thread; ``work``
    must then write only to its own rows.  Errors are raised in the caller.
    """
    global _POOL
    parallel = (size >= PARALLEL_MIN_SIZE and n_rows >= 2 and (os.cpu_count() or 1) >= 2
                and not threading.current_thread().name.startswith("mtolab"))
    n_blocks = math.ceil(size / (scale * BLOCK_SIZE))
    n_blocks += parallel and n_blocks % 2  # as many blocks for each thread
    n_blocks = max(1, min(n_blocks, n_rows))
    bounds = [n_rows * k // n_blocks for k in range(n_blocks + 1)]
    blocks = [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

    def run(some):
        for rows in some:
            work(rows)

    if not parallel:
        run(blocks)
        return
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtolab")
    other = _POOL.submit(run, blocks[1::2])
    try:
        run(blocks[::2])
    finally:
        other.result()


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

    A single variant needs no arithmetic at all (a view is returned); a few
    variants of integers are added column by column (fast even through a
    strided view), more with ``einsum``; ``x @ ones`` beats ``x.sum(axis=2)``
    for floats.
    """
    n = x.shape[2]
    if n == 1:
        return x[:, :, 0]
    if np.issubdtype(x.dtype, np.floating):
        return x @ np.ones(n)
    if n <= 8:
        total = np.add(x[:, :, 0], x[:, :, 1])
        for k in range(2, n):
            total += x[:, :, k]
        return total
    return np.einsum("rtn->rt", x)


def in_memory_order(a: np.ndarray):
    """``a`` as a 1-D view of its memory, and the step along each of its axes there.

    ``a`` must be a C-ordered array with its axes in some order (a
    transposed one, say: component-major blocks seen as ``(R, m, T)``), so
    that flat indices can be computed, and whole-array loops run along
    memory, whatever the layout.
    """
    base = a.transpose(_memory_axes(a))
    if not base.flags.c_contiguous:
        raise ValueError("in_memory_order: the array is not a C-ordered array with its axes "
                         "in another order")
    return base.reshape(-1), tuple(step // a.itemsize for step in a.strides)


def empty_in_layout(a: np.ndarray, shape=None, dtype=None) -> np.ndarray:
    """An uninitialised array of ``shape`` (by default ``a``'s) and ``dtype``, its axes
    laid out in memory in the same order as ``a``'s (:func:`in_memory_order`)."""
    shape = a.shape if shape is None else shape
    axes = _memory_axes(a)
    base = np.empty([shape[k] for k in axes], dtype=dtype or a.dtype)
    return base.transpose(np.argsort(axes))


def _memory_axes(a: np.ndarray) -> list:
    """``a``'s axes from the outermost in memory to the innermost (an axis of length
    1 goes where it stands: it moves nothing)."""
    return sorted(range(a.ndim), key=lambda k: (-a.strides[k] if a.shape[k] > 1 else 0, k))


def true_cells(mask: np.ndarray):
    """Rows and columns of the True entries of a 2-D boolean array, in order, and
    their flat indices: :func:`numpy.nonzero`, six times faster."""
    flat = np.flatnonzero(mask)
    rows = flat // mask.shape[1]  # (faster than divmod)
    return rows, flat - rows * mask.shape[1], flat


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


def allocate_together(dtype, *shapes) -> list:
    """Uninitialised C-ordered arrays of ``shapes`` for a simulation's results, in one block.

    One block of memory rather than several: numpy backs allocations of 4 MiB
    or more with huge pages where the system allows, and the kernel maps them
    in far fewer page faults (every fresh 4 KiB page is one; at 365 x 1,000
    they cost about a millisecond per array on a busy machine, and glibc hands
    a call's memory back to the system when its results are dropped).
    """
    sizes = [math.prod(shape) for shape in shapes]
    block = np.empty(sum(sizes), dtype=dtype)
    ends = np.cumsum(sizes)
    return [block[end - size : end].reshape(shape)
            for shape, size, end in zip(shapes, sizes, ends, strict=True)]


def flow_arrays(count: int, n_rep: int, n_per: int, dtype) -> list:
    """``count`` uninitialised ``(R, T)`` arrays for a simulation's results, in one block
    (see :func:`allocate_together`)."""
    return list(allocate_together(dtype, (count, n_rep, n_per))[0])


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
    flows = {f: [x for x in (getattr(p, f) for p in parts) if any(x.strides)] for f in fields}
    kw = {f: getattr(parts[0], f) if not real else real[0] for f, real in flows.items()}
    added = [f for f, real in flows.items() if len(real) > 1]  # the others are one part's own
    if added:
        dtype = np.result_type(*(x for f in added for x in flows[f]))
        for f, total in zip(added, flow_arrays(len(added), *parts[0].demand.shape, dtype),
                            strict=True):
            np.add(flows[f][0], flows[f][1], out=total)
            for x in flows[f][2:]:
                total += x
            kw[f] = total
    kw["order_streams"] = np.concatenate([p.order_streams for p in parts], axis=2)
    kw["ship_streams"] = np.concatenate([p.ship_streams for p in parts], axis=2)
    return SimResult(strategy=strategy, **kw)
