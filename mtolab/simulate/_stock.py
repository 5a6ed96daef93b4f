r"""Closed forms of a stock point under an order-up-to policy: the fast paths' building blocks.

A stock point (a variant's finished goods, or a component) is replenished
as in :class:`~mtolab.simulate.reference.Stock`.  As long as nothing but
demand leaves the stock (backorders, nothing scrapped), its orders follow
from cumulative demand alone, and so do what production makes of them and
what arrives when.  These functions compute those curves for every
replication and item at once, with no loop over periods:

1. :func:`cumulative_by_item`: cumulative demand :math:`C_j(t)`;
2. :func:`order_up_to_positions`: positions :math:`X_j(t)` whose increments
   are the orders (:func:`count_orders` counts the set-ups);
3. :func:`production_positions`: what a production line of limited
   capacity has made of those orders;
4. :func:`received_by_period`: :math:`A_j(t)`, units received, initial
   stock included (:func:`received_at`: in some periods only).

Everything is counted in whole units, so the arithmetic is done in
integers: exact, and in 32 bits (half the memory traffic of floats)
whenever the largest position fits (:func:`position_dtype`).  Arrays are
``(R, n, T)``: replications, items, and time *last*, so that every step in
time runs along contiguous memory.  In memory, either replications or items
may come first (ATO keeps a contiguous block per component, so that sums
over components add whole blocks): results keep their input's layout
(:func:`~mtolab.simulate._core.empty_in_layout`).
"""

from __future__ import annotations

import math

import numpy as np

from mtolab._validate import unbroadcast
from mtolab.simulate._core import (
    StockPolicy,
    empty_in_layout,
    in_memory_order,
    sum_stocks,
    true_cells,
)

__all__ = ["cumulative_by_item", "increments", "order_up_to_positions", "count_orders",
           "production_positions", "received_by_period", "received_at", "columns",
           "position_dtype"]


def position_dtype(demand, levels, start_position, units_per_order=1.0):
    """``int32`` if every position :math:`X_t`, and its sum over items, fits in it with
    room to spare, else ``int64``.

    :math:`X_t` is at most the largest level plus all demand plus the
    starting position (stock plus pipeline); totals over the *n* items (or
    variants) at most *n* times that.  When the stocks are components,
    ``units_per_order`` bounds the units of one component that a unit of
    ``demand`` (an order) takes.
    """
    n_per = demand.shape[1]
    n_items = max(demand.shape[-1], np.shape(levels)[-1] if np.ndim(levels) else 1)
    bound = (math.ceil(float(unbroadcast(np.asarray(levels)).max(initial=0.0)))
             + float(demand.max(initial=0)) * units_per_order * n_per
             + float(np.max(start_position, initial=0.0)))
    return np.int32 if bound * n_items < 2**30 else np.int64


def cumulative_by_item(flows: np.ndarray, itype, items_first: bool = False) -> np.ndarray:
    """:math:`C_j(t)`: ``(R, T, n)`` flows cumulated over time, as ``(R, n, T)`` of ``itype``
    (``(n, R, T)`` with ``items_first``: each item's curves in one contiguous block).

    One transposing copy, then a running sum along contiguous memory.
    """
    n_rep, n_per, n_items = flows.shape
    if items_first:
        cum = np.empty((n_items, n_rep, n_per), dtype=itype)
        np.copyto(cum, flows.transpose(2, 0, 1), casting="unsafe")
    else:
        cum = np.empty((n_rep, n_items, n_per), dtype=itype)
        np.copyto(cum, flows.transpose(0, 2, 1), casting="unsafe")
    return np.cumsum(cum, axis=2, out=cum)


def increments(cum: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Per-period flows of cumulative curves ``(R, n, T)`` (time last): the first
    period's is its value, each later one's the growth since the one before."""
    out[:, :, 0] = cum[:, :, 0]
    return np.subtract(cum[:, :, 1:], cum[:, :, :-1], out=out[:, :, 1:])


def order_up_to_positions(cum_demand: np.ndarray, policy: StockPolicy) -> np.ndarray:
    r"""Inventory positions of an order-up-to policy, without a loop over periods.

    Demand (or, for components, the requirements of accepted orders) lowers
    the inventory position :math:`IP` one for one, and a review raises it to
    :math:`\max(\lceil S_t \rceil, IP)` (stock is in whole units).  So
    :math:`X_t = IP_t + C_t`, with cumulative demand :math:`C_t`, is a
    running maximum of :math:`\lceil S_t \rceil + C_t` over review periods,
    and the orders are its increments.  This holds whatever happens to the
    stock itself, as long as nothing leaves it other than to demand (no
    scrapping, no lost sales).

    Parameters
    ----------
    cum_demand : ndarray of int, shape (R, n, T)
        :math:`C_t` of each of *n* stocks (:func:`cumulative_by_item`); its
        integer type is that of the result.
    policy : StockPolicy
        The policy of these *R* replications (:meth:`StockPolicy.rows`).

    Returns
    -------
    x : ndarray of int, shape (R, n, T + 1)
        :math:`X_{t-1}` for t = 0..T; ``x[..., s + 1] - x[..., 0]`` is what
        was ordered in periods 0..s.
    """
    itype = cum_demand.dtype
    n_rep, n_items, n_per = cum_demand.shape
    # Round the targets up before broadcasting: a target shared by every
    # replication is rounded once, not R times.
    levels = np.subtract(unbroadcast(policy.target).transpose(0, 2, 1), 1e-9)
    levels = np.ceil(levels, out=levels).astype(itype)
    x = empty_in_layout(cum_demand, (n_rep, n_items, n_per + 1))
    onhand0, pipe0 = _start(policy, itype)
    x[:, :, 0] = onhand0 + policy.lead_time * pipe0
    np.add(cum_demand, levels, out=x[:, :, 1:])
    review_period = policy.review_period
    if review_period > 1:
        x[:, :, 1:][:, :, np.arange(n_per) % review_period != 0] = np.iinfo(itype).min
    # The running maximum changes nothing when levels never fall (cumulative
    # demand never does) and the first review already raises the position:
    # a constant base-stock level, say.  That is cheap to check.
    if not (review_period == 1 and np.all(x[:, :, 1] >= x[:, :, 0])
            and np.all(levels[:, :, 1:] >= levels[:, :, :-1])):
        # (in 64 bits: numpy's running maximum is four times faster on them)
        wide = x.astype(np.int64, copy=False)
        np.maximum.accumulate(wide, axis=2, out=wide)
        np.copyto(x, wide, casting="same_kind")
    return x


def count_orders(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Orders placed per period, over items: how many of the positions ``x`` grow, ``(R, T)``.

    ``x`` ``(R, n, T + 1)`` is compared along the whole of its memory at once
    (:func:`~mtolab.simulate._core.in_memory_order`: one long loop, several
    times faster than n short ones), whose entries across the end of a row
    are never read.
    """
    flat, _ = in_memory_order(x)
    grows = empty_in_layout(x, dtype=np.uint8)  # 0 or 1 (summed below)
    np.greater(flat[1:], flat[:-1], out=in_memory_order(grows)[0][:-1], casting="unsafe")
    # Summed in 8 bits while up to 255 items can grow at once.
    np.copyto(out, sum_stocks(grows[:, :, :-1], dtype=np.uint8 if x.shape[1] < 256 else out.dtype))
    return out


def production_positions(x: np.ndarray, capacity: np.ndarray | None,
                         overwrite_x: bool = False) -> tuple[np.ndarray, np.ndarray]:
    r"""What production has made of the orders of an order-up-to policy, by period.

    ``x`` holds the positions :math:`X_{t-1}` of :func:`order_up_to_positions`,
    whose increments are the orders of each of *n* items.  Production
    makes at most :math:`c_t` units per period of the open orders, oldest
    first, the orders of one period in item order (the rule of
    :class:`~mtolab.simulate.reference.ProductionLine`).  With :math:`O(t)`
    the orders of all items up to period *t* and :math:`K(t) = \sum_{s \le t}
    c_s`, everything made up to *t* is
    :math:`P(t) = K(t) + \min(0, \min_{s \le t} (O(s) - K(s)))`.  Where
    :math:`P(t) = O(t)` every item has made all it ordered; elsewhere
    production is *behind*, and :func:`_made_when_behind` shares
    :math:`P(t)` out between the items.

    Parameters
    ----------
    x : ndarray of int, shape (R, n, T + 1)
    capacity : ndarray of shape (T,), or None
        Whole units production can make per period; ``None``: no limit.
    overwrite_x : bool
        Write the result into ``x`` itself (saves a copy).

    Returns
    -------
    y : ndarray, shape (R, n, T + 1)
        Like ``x``, with what was *made* in place of what was ordered:
        ``y[..., 0] = x[..., 0]`` and ``y[..., s + 1] - y[..., 0]`` is what was
        made in periods 0..s.  ``x`` itself when ``capacity`` is ``None``.
    y_total : ndarray, shape (R, T + 1)
        ``y`` summed over items.
    """
    position = sum_stocks(x)  # sum over items of X_j, (R, T + 1)
    if capacity is None:
        return x, position
    ordered = position - position[:, :1]  # O(t - 1), 0 first
    # In 64 bits: numpy's running minimum is four times faster on them.
    cum_cap = np.cumsum(capacity).astype(np.int64)
    made = ordered[:, 1:].astype(np.int64)
    made -= cum_cap
    np.minimum.accumulate(made, axis=1, out=made)
    np.minimum(made, 0, out=made)
    made += cum_cap
    made = made.astype(x.dtype)  # P(t)
    y_total = np.empty_like(position)
    y_total[:, 0] = position[:, 0]
    np.add(made, position[:, :1], out=y_total[:, 1:])
    y = x if overwrite_x else x.copy(order="K")
    if x.shape[1] == 1:
        y[:, 0] = y_total
    else:
        rep, period, at = true_cells(made < ordered[:, 1:])
        if rep.size:
            _made_when_behind(y, ordered, made.reshape(-1).take(at), rep, period)
    return y, y_total


def _made_when_behind(y, ordered, made, rep, period):
    r"""Share out what was made by the periods where production is behind, item by item.

    In such a period *t*, everything made, :math:`P(t)`, falls among the
    orders of some earlier period :math:`s^*` (the first with
    :math:`O(s^*) > P(t)`): the orders before :math:`s^*` are made in full,
    and of those of :math:`s^*`, the first :math:`P(t) - O(s^* - 1)` units, in
    item order.  Writes ``y[rep, :, period + 1]`` (``y`` holds the positions
    :math:`X_j` on entry).

    Parameters
    ----------
    y : ndarray of int, shape (R, n, T + 1), C-ordered with its axes in some order
        (:func:`~mtolab.simulate._core.in_memory_order`)
    ordered : ndarray of int, shape (R, T + 1), C-ordered
        :math:`O(t - 1)` for t = 0..T (0 first).
    made : ndarray of int, shape (k,)
        :math:`P(t)` in each of the *k* periods ``(rep, period)``.
    """
    n_rep, n_items, width = y.shape
    # Mostly everything ordered before t is made, and s* = t; elsewhere s* is
    # searched for.  ``found`` is the flat index of O(s* - 1) in (R, T + 1).
    found = rep * width + period
    done = ordered.reshape(-1).take(found)  # O(s* - 1)
    older = made < done  # orders of earlier periods still open
    if older.any():
        found[older], done[older] = _oldest_open(ordered, made[older], rep[older])
    room = (made - done).astype(y.dtype)  # what period s*'s orders got, in item order
    # Flat indices into y's memory, one row per item: X_j(s* - 1) is read at
    # ``head``, y_j(t) written at ``dest``.
    yf, (rep_step, item_step, _) = in_memory_order(y)
    items = item_step * np.arange(n_items)[:, None]
    head = items + (found + rep * (rep_step - width))  # (s* - 1 = found - rep * width)
    dest = items + (rep * rep_step + period + 1)
    before = yf.take(head)  # X_j(s* - 1), (n, k)
    order = np.subtract(yf[1:].take(head), before)  # q_j(s*)
    ahead = np.zeros_like(order)  # the orders of the items before j in s*
    for j in range(1, n_items):  # (a loop over rows: far faster than cumsum on 2 to 5 rows)
        np.add(ahead[j - 1], order[j - 1], out=ahead[j])
    part = np.subtract(room, ahead, out=ahead)  # clipped to 0 .. q_j(s*):
    np.minimum(np.maximum(part, 0, out=part), order, out=part)
    yf[dest] = np.add(before, part, out=before)


def _oldest_open(ordered, made, rep):
    """Where production is more than a period behind: s* by binary search.

    Returns the flat index of :math:`O(s^* - 1)` in ``ordered`` (R, T + 1), the
    first s with :math:`O(s) > P(t)`, and its value.
    """
    # One sorted array of every replication's O (each row shifted above the
    # last), so one binary search finds s* for every period at once.
    n_rep = ordered.shape[0]
    big = int(ordered[:, -1].max(initial=0)) + 1
    itype = np.int32 if big * n_rep < 2**31 else np.int64
    offset = np.arange(n_rep, dtype=itype) * itype(big)
    flat = (ordered + offset[:, None]).ravel()
    wanted = made.astype(itype) + offset[rep]
    found = np.searchsorted(flat, wanted, side="right") - 1
    return found, flat[found] - offset[rep]


def received_by_period(policy: StockPolicy, y: np.ndarray, less=None, out=None):
    r"""Units received up to each period, initial stock included: :math:`A_t`, ``(R, n, T)``.

    Receipts are the initial pipeline :math:`P_0` in each of periods 1..L,
    then what was made in period *s* in period ``s + L + 1``.  So
    :math:`A_t = I_0 + t P_0` up to period *L*, and after it
    :math:`A_t = I_0 + L P_0 + Y_{t-L-1} - Y_{-1}`, with ``y[..., s + 1]``
    :math:`= Y_s` as returned by :func:`production_positions`.  There
    :math:`Y_{-1} = X_{-1} = I_0 + L P_0` (:func:`order_up_to_positions`), so
    :math:`A_t` is ``y[..., t - L]`` itself from period *L* on: one pass.

    With ``less`` (a cumulative total :math:`C_t`, ``(R, n, T)``), returns
    :math:`A_t - C_t` instead, without building :math:`A` itself.

    Parameters
    ----------
    policy : StockPolicy
        The policy of these *R* replications: initial stock and pipeline,
        lead time :math:`L`.
    y : ndarray of int, shape (R, n, T + 1)
        Made by :func:`production_positions` (or, summed over items, its
        ``y_total``).
    less : ndarray of int or None
    out : ndarray or None
        Where to write the result; may be ``less`` itself.
    """
    onhand0, pipe0 = _start(policy, y.dtype)
    if onhand0.shape[1] != y.shape[1]:  # the total over items
        onhand0, pipe0 = onhand0.sum(axis=1, keepdims=True), pipe0.sum(axis=1, keepdims=True)
    lead_time = policy.lead_time
    width = y.shape[2] - 1
    if out is None:
        out = np.empty(onhand0.shape + (width,), dtype=y.dtype)
    for u in range(min(lead_time, width)):
        received = onhand0 + u * pipe0
        out[:, :, u] = received if less is None else received - less[:, :, u]
    if width > lead_time:
        if less is None:
            np.copyto(out[:, :, lead_time:], y[:, :, : width - lead_time])
        else:
            np.subtract(y[:, :, : width - lead_time], less[:, :, lead_time:],
                        out=out[:, :, lead_time:])
    return out


def received_at(policy: StockPolicy, y: np.ndarray, periods: np.ndarray) -> np.ndarray:
    r""":math:`A_t` of :func:`received_by_period` in the given (increasing) ``periods``
    only, ``(R, n, k)``."""
    onhand0, pipe0 = (a[:, :, None] for a in _start(policy, y.dtype))
    lead_time = policy.lead_time
    early = int(np.searchsorted(periods, lead_time))  # before period L
    out = np.empty(y.shape[:2] + (periods.size,), dtype=y.dtype)
    np.add(onhand0, periods[:early] * pipe0, out=out[:, :, :early])
    out[:, :, early:] = columns(y, periods[early:] - lead_time)
    return out


def columns(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``x[:, :, index]`` for an increasing ``index``: through a slice (far faster than
    an index array along the last axis) where the index steps evenly, its last
    entry apart (the end of a horizon, say)."""
    if index.size >= 3:
        step = int(index[1] - index[0])
        if step > 0 and np.all(np.diff(index[:-1]) == step):
            out = np.empty(x.shape[:2] + (index.size,), dtype=x.dtype)
            out[:, :, :-1] = x[:, :, index[0] : index[-2] + 1 : step]
            out[:, :, -1] = x[:, :, index[-1]]
            return out
    return x[:, :, index]


def _start(policy: StockPolicy, itype):
    """Starting stock and per-period initial pipeline, ``(R, n)`` whole units of ``itype``."""
    return policy.initial_inventory.astype(itype), policy.initial_pipeline.astype(itype)
