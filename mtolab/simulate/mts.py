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
        flows = _closed_form(demand, policy)
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

    Then only demand and scrapping lower the inventory position, and what is
    scrapped follows from what was received and demanded: orders do not
    depend on what is on hand.  Any capacity, review period and shelf life
    are fine.
    """
    return unmet_demand == "backorder"


def _closed_form(demand: np.ndarray, policy: StockPolicy) -> dict:
    r"""Closed form of the order-up-to policy with backorders.

    Demand and scrapping lower the inventory position :math:`IP` (on hand +
    on order - backorders) one for one, and an order raises it to
    :math:`\max(\lceil S_t \rceil, IP)`.  With cumulative demand
    :math:`C_t` and cumulative scrap :math:`Z_t`, :math:`X_t = IP_t + C_t +
    Z_t` is therefore a running maximum of :math:`\lceil S_t \rceil + C_t +
    Z_t` over review periods, orders are its increments
    (:func:`~mtolab.simulate._stock.order_up_to_positions`), production makes
    them as capacity allows
    (:func:`~mtolab.simulate._stock.production_positions`), and with
    :math:`A_t` the units received (initial stock included), customers
    served first-in, first-out have taken :math:`S_t = \min(C_t, A_t -
    Z_{t-1})` by the end of period *t*: stock on hand is :math:`A_t - S_t -
    Z_t` and backorders :math:`C_t - S_t`.  No loop over periods.

    With a shelf life :math:`s`, first-in, first-out, whatever of the stock
    received up to period :math:`t-s+1` has not left by the end of period
    *t* is scrapped, so :math:`Z_t = \max(Z_{t-1}, A_{t-s+1} - C_t)` (when
    customers are waiting nothing is left to scrap, and the formula gives
    :math:`Z_{t-1}`), a running maximum: :func:`_scrapped`.  :math:`Z`
    depends on receipts, which depend on earlier orders, which depend on
    earlier scrap: :func:`_scrap_fixed_point` solves this by repeating the
    closed form.

    Returns
    -------
    dict
        The flows :func:`~mtolab.simulate.reference.mts_reference` returns,
        plus ``demand``.
    """
    n_rep, n_per, n_var = demand.shape
    life = policy.shelf_life
    scraps = life is not None and life <= n_per  # otherwise nothing grows too old
    itype = position_dtype(demand, policy.target,
                           policy.initial_inventory + policy.lead_time * policy.initial_pipeline)
    total = sum_variants(demand)
    # Results are written block by block: per variant (time last, contiguous)
    # the shipments, over variants the other flows (one variant: its own).
    ships, flows = allocate_together(itype, (n_rep, n_var, n_per),
                                     (4 + scraps + (n_var > 1), n_rep, n_per))
    onhand, backlog, made, setups, *more = flows
    obsolete = more.pop(0) if scraps else no_flow(n_rep, n_per)
    shipped = more[0] if more else ships[:, 0]

    def rows(r):
        # Replications are independent: large runs are computed in blocks, in
        # parallel.
        part = policy.rows(r)
        cum_demand = cumulative_by_item(demand[r], itype)  # C_t
        received, y_total = _replenishment(cum_demand, part, setups=setups[r], made=made[r])
        scrapped = _scrap_fixed_point(cum_demand, part, received, life) if scraps else None
        if scrapped is not None:  # the same again, with the scrap Z_t in the position
            received, y_total = _replenishment(cum_demand + scrapped, part, setups=setups[r],
                                               made=made[r])
            received[:, :, 1:] -= scrapped[:, :, :-1]  # A_t - Z_{t-1}: there for customers
        received_by_period(part, y_total[:, None], out=onhand[r][:, None])  # over variants
        np.cumsum(total[r], axis=1, dtype=itype, out=backlog[r])  # C_t over variants
        sold = np.minimum(cum_demand, received, out=cum_demand)  # S_t
        increments(sold, out=ships[r])
        sold_all = sum_stocks(sold)
        onhand[r] -= sold_all
        backlog[r] -= sold_all
        if scraps and scrapped is None:
            obsolete[r] = 0
        elif scraps:
            scrapped_all = sum_stocks(scrapped)
            onhand[r] -= scrapped_all
            increments(scrapped_all[:, None], out=obsolete[r][:, None])
        if n_var > 1:
            increments(sold_all[:, None], out=shipped[r][:, None])

    in_row_chunks(rows, n_rep, demand.size)
    zeros = no_flow(n_rep, n_per)
    return {
        "demand": total,
        "shipped": shipped,
        "lost": zeros,
        "backlog": backlog,
        "fg_inventory": onhand,
        "made_to_stock": made,
        "setups": setups,
        "obsolete": obsolete,
        "ship_streams": ships.transpose(0, 2, 1),  # (R, T, n), a view
        "order_streams": demand,
    }


def _replenishment(cum_outflow, policy: StockPolicy, setups=None, made=None):
    r"""Orders, production and receipts of stock points whose position falls by ``cum_outflow``.

    Parameters
    ----------
    cum_outflow : ndarray of int, shape (R, n, T)
        What has left the inventory position up to each period: demand
        :math:`C_t`, plus scrap :math:`Z_t` if any.
    policy : StockPolicy
        The policy of these *R* replications.
    setups, made : ndarray of shape (R, T), or None
        Where to write the orders placed and the units made per period,
        over items (``None``: not wanted).

    Returns
    -------
    received : ndarray of int, shape (R, n, T)
        :math:`A_t`, units received up to each period, initial stock included.
    y_total : ndarray of int, shape (R, T + 1)
        What was made, as :func:`~mtolab.simulate._stock.production_positions`
        returns it, over items.
    """
    x = order_up_to_positions(cum_outflow, policy)
    if setups is not None:
        count_orders(x, out=setups)  # an order wherever X grows
    y, y_total = production_positions(x, policy.capacity, overwrite_x=True)
    if made is not None:
        np.subtract(y_total[:, 1:], y_total[:, :-1], out=made)
    return received_by_period(policy, y), y_total


def _scrapped(received, cum_demand, life: int):
    r""":math:`Z_t`, units scrapped up to each period, from receipts and demand, ``(R, n, T)``;
    ``None`` if nothing is.

    :math:`Z_t = \max(0, \max_{s-1 \le u \le t} (A_{u-s+1} - C_u))` for a
    shelf life :math:`s` (see :func:`_closed_form`), and 0 before period
    :math:`s - 1`.
    """
    lag = life - 1
    n_per = cum_demand.shape[2]
    gap = np.subtract(received[:, :, : n_per - lag], cum_demand[:, :, lag:])
    if gap.max(initial=0) <= 0:
        return None
    scrapped = np.zeros_like(cum_demand)
    np.maximum.accumulate(gap, axis=2, out=gap)
    np.maximum(gap, 0, out=scrapped[:, :, lag:])
    return scrapped


def _scrap_fixed_point(cum_demand, policy: StockPolicy, received, life: int):
    r"""Scrap :math:`Z_t` consistent with the orders it causes; ``None`` where nothing is scrapped.

    ``received`` are the receipts of the closed form with no scrap.  Scrap
    computed from them (:func:`_scrapped`) is right up to the first period in
    which a scrapped unit's replacement order could change what is received
    and sold: at least ``life`` periods later.  So repeating the closed form
    with the last scrap in the position, until the scrap no longer changes,
    reaches the one consistent :math:`Z` in at most about
    :math:`T / (s + L)` rounds, and in practice in two or three.  Each round
    runs only the replications whose scrap changed in the one before.
    """
    scrapped = _scrapped(received, cum_demand, life)
    if scrapped is None:
        return None
    active = np.flatnonzero(scrapped.any(axis=(1, 2)))
    guess = scrapped[active]
    while active.size:
        demanded = cum_demand[active]
        received, _ = _replenishment(demanded + guess, policy.rows(active))
        again = _scrapped(received, demanded, life)
        # With shared capacity, the orders scrap adds for one item can delay
        # another's production, so its scrap may shrink, even to nothing.
        if again is None:
            again = np.zeros_like(guess)
        changed = (again != guess).any(axis=(1, 2))
        scrapped[active] = again
        active, guess = active[changed], again[changed]
    return scrapped
