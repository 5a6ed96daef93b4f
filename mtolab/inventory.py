"""Analytic inventory formulas: loss functions, safety stock, newsvendor, EOQ, pooling.

These closed-form results sit next to the simulations of :mod:`mtolab.simulate`:
a lesson can show a formula, then check it against the simulated system.

* Loss functions: :func:`normal_loss` :math:`L(z)` and :func:`poisson_loss`,
  the expected shortage beyond a stock level.
* Make to stock with a reorder point: :func:`safety_stock`,
  :func:`reorder_point`.
* One selling season: :func:`newsvendor_critical_fractile`,
  :func:`newsvendor_normal`, :func:`newsvendor_poisson`.
* Batch sizes: :func:`eoq` (ordering) and :func:`epq` (producing at a finite
  rate).
* Pooling, the reason assemble to order needs less stock:
  :func:`pooled_safety_stock`.

Units: demand and stock in units (pieces), time in periods (days, weeks or
years: any unit, used consistently), money in currency units.  The normal
distribution comes from :class:`statistics.NormalDist`; no SciPy needed.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from mtolab._validate import check_array, check_int, check_probability, check_real

__all__ = [
    "forecast_error_safety_stock",
    "EOQResult",
    "EPQResult",
    "NewsvendorResult",
    "PooledSafetyStock",
    "eoq",
    "epq",
    "newsvendor_critical_fractile",
    "newsvendor_normal",
    "newsvendor_poisson",
    "normal_loss",
    "poisson_loss",
    "pooled_safety_stock",
    "reorder_point",
    "safety_stock",
]

_STD_NORMAL = NormalDist()
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _phi(z: float) -> float:
    return _INV_SQRT_2PI * math.exp(-0.5 * z * z)


def _normal_loss_scalar(z: float) -> float:
    # 0.5 * erfc(z / sqrt 2) is 1 - Phi(z) without cancellation for large z.
    return _phi(z) - z * 0.5 * math.erfc(z / math.sqrt(2.0))


def _z(service_level: float) -> float:
    return _STD_NORMAL.inv_cdf(service_level)


# ---------------------------------------------------------------------------
# Loss functions
# ---------------------------------------------------------------------------


def normal_loss(z):
    """Standard normal loss function :math:`L(z) = E[(Z - z)^+]`.

    .. math::

        L(z) = \\varphi(z) - z\\,\\bigl(1 - \\Phi(z)\\bigr)

    with :math:`Z \\sim N(0, 1)`, :math:`\\varphi` its density and
    :math:`\\Phi` its distribution function.  For demand
    :math:`D \\sim N(\\mu, \\sigma^2)` and stock :math:`S = \\mu + z\\sigma`,
    the expected shortage is :math:`E[(D - S)^+] = \\sigma L(z)`.

    Parameters
    ----------
    z : float or array_like of float
        :math:`z`, stock level in standard deviations above the mean
        (dimensionless, any finite number).

    Returns
    -------
    float or numpy.ndarray
        :math:`L(z)` (dimensionless, > 0), a float for a scalar ``z`` and an
        array of the same shape otherwise.

    Examples
    --------
    >>> round(normal_loss(0.0), 4)
    0.3989
    >>> normal_loss([-1.0, 1.0]).round(4)
    array([1.0833, 0.0833])
    """
    if isinstance(z, numbers.Real) and not isinstance(z, bool):
        return _normal_loss_scalar(check_real("z", z))
    if isinstance(z, bool) or np.asarray(z).dtype.kind not in "iuf":
        raise TypeError(f"z must be a real number or an array of real numbers, got {z!r}")
    arr = check_array("z", z)
    return np.vectorize(_normal_loss_scalar, otypes=[float])(arr)


def _poisson_log_pmf(mean: float, d: np.ndarray) -> np.ndarray:
    lgam = np.array([math.lgamma(x + 1.0) for x in d.tolist()], dtype=float)
    return -mean + d * math.log(mean) - lgam


def _poisson_upper(mean: float, start: float) -> int:
    """A count beyond which the Poisson(mean) tail is negligible (< 1e-30 relative)."""
    return int(math.ceil(max(start, mean) + 15.0 * math.sqrt(mean) + 60.0))


def _poisson_lower(mean: float, end: float) -> int:
    """A count below which the Poisson(mean) probabilities are negligible."""
    return max(0, int(math.floor(min(end, mean) - 15.0 * math.sqrt(mean) - 60.0)))


def _poisson_quantile(mean: float, fractile: float, tail: float) -> int:
    """Smallest whole q with P(D <= q) >= fractile, where tail = 1 - fractile.

    Both are passed because neither can be computed from the other without
    rounding when it is tiny.  Small fractiles compare the distribution
    function summed from the left, large ones the tail summed from the right;
    either way the small terms are added first.
    """
    lower, upper = _poisson_lower(mean, mean), _poisson_upper(mean, mean)
    while True:
        d = np.arange(lower, upper + 1, dtype=float)
        pmf = np.exp(_poisson_log_pmf(mean, d))
        if fractile < 0.5:
            ok = np.nonzero(np.cumsum(pmf) >= fractile)[0]
            if ok[0] == 0 and lower > 0:
                lower = 0  # the answer may lie in the far left tail: look there too
                continue
            return lower + int(ok[0])
        # survival[i] = P(D > d[i]), summed from the far end.
        survival = np.concatenate([np.cumsum(pmf[::-1])[::-1][1:], [0.0]])
        ok = np.nonzero(survival <= tail)[0]
        if ok.size and ok[0] < len(d) - 10.0 * math.sqrt(mean) - 40:
            return lower + int(ok[0])
        upper *= 2


def poisson_loss(k, mean):
    """Poisson loss function: expected shortage :math:`E[(D - k)^+]`, :math:`D \\sim` Poisson.

    .. math::

        n(k) = E[(D - k)^+] = \\sum_{d > k} (d - k)\\, P(D = d)

    computed exactly: for :math:`k < \\mu` as
    :math:`\\mu - k + \\sum_{d \\le k} (k - d) P(D = d)` (a finite sum), for
    :math:`k \\ge \\mu` by summing the tail until its terms vanish.  The
    probabilities come from :math:`\\log P(D = d) = -\\mu + d\\log\\mu -
    \\log d!`, so large means do not overflow.

    Parameters
    ----------
    k : float
        :math:`k`, stock level in units (>= 0; need not be whole).
    mean : float
        :math:`\\mu`, mean demand in units (> 0).

    Returns
    -------
    float
        :math:`E[(D - k)^+]` in units.

    Examples
    --------
    >>> round(poisson_loss(0, 3.0), 6)
    3.0
    >>> round(poisson_loss(1, 1.0), 4)  # e^-1: shortage 1 when D = 2, ...
    0.3679
    """
    k = check_real("k", k, low=0.0)
    mean = check_real("mean", mean, low=0.0, low_open=True)
    if k < mean:
        # Counts far below the mean add nothing: skip them (large means).
        d = np.arange(_poisson_lower(mean, k), math.floor(k) + 1, dtype=float)
        pmf = np.exp(_poisson_log_pmf(mean, d))
        return float(mean - k + np.sum((k - d) * pmf))
    d = np.arange(math.floor(k) + 1, _poisson_upper(mean, k) + 1, dtype=float)
    pmf = np.exp(_poisson_log_pmf(mean, d))
    # Sum the small terms first: the tail is a sum of positive numbers.
    return float(np.sum(((d - k) * pmf)[::-1]))


# ---------------------------------------------------------------------------
# Safety stock and reorder point
# ---------------------------------------------------------------------------


def safety_stock(service_level, demand_sd, lead_time, review_period=0.0):
    """Safety stock for a cycle service level: :math:`SS = z\\,\\sigma\\sqrt{L + r}`.

    Demand per period is independent with standard deviation :math:`\\sigma`;
    the stock must cover the lead time plus, under periodic review, one
    review period.  :math:`z = \\Phi^{-1}(\\alpha)` is chosen so that a
    replenishment cycle ends without a stock-out with probability
    :math:`\\alpha`.

    Parameters
    ----------
    service_level : float
        :math:`\\alpha`, cycle service level: probability of no stock-out in
        a replenishment cycle, in (0, 1).  Below 0.5 the safety stock is
        negative.
    demand_sd : float
        :math:`\\sigma`, standard deviation of demand per period, in units
        per period (>= 0).
    lead_time : float
        :math:`L`, replenishment lead time in periods (>= 0).
    review_period : float
        :math:`r`, time between stock reviews in periods (>= 0); 0 for
        continuous review.

    Returns
    -------
    float
        :math:`SS` in units.

    Examples
    --------
    >>> round(safety_stock(0.95, demand_sd=10.0, lead_time=4.0), 2)
    32.9
    """
    alpha = check_probability("service_level", service_level, low_open=True, high_open=True)
    sigma = check_real("demand_sd", demand_sd, low=0.0)
    lead = check_real("lead_time", lead_time, low=0.0)
    review = check_real("review_period", review_period, low=0.0)
    return _z(alpha) * sigma * math.sqrt(lead + review)


def forecast_error_safety_stock(service_level, demand_sd, expected_demand, forecast_noise,
                                *, samples: int = 20_000):
    """Safety stock when a forecast error lasts the whole protection interval.

    Over the protection interval (lead time plus review period) demand is
    :math:`D = \\mu_H + \\sigma_H Z`, and the planner orders up to the
    forecast :math:`\\mu_H X` plus safety stock, where :math:`X` is the
    mean-one lognormal error factor of :func:`mtolab.noisy_forecast` with
    standard deviation :math:`\\nu` (one error per run, as in a forecast
    made once for a season).  A cycle ends without a stock-out when
    :math:`D \\le \\mu_H X + SS`, so

    .. math:: SS = F^{-1}(\\alpha), \\quad
              F = \\text{distribution of } \\sigma_H Z + \\mu_H (1 - X),

    found from ``samples`` fixed draws (the same numbers every call).  With
    :math:`\\nu = 0` it is the textbook :math:`z\\,\\sigma_H`.  The error
    distribution is skewed (forecasts are never negative), so this is not
    :math:`z\\sqrt{\\sigma_H^2 + (\\nu\\mu_H)^2}`, which would size
    safety stock for a normal error the forecast does not have.

    Parameters
    ----------
    service_level : float
        :math:`\\alpha`, cycle service level in (0, 1).
    demand_sd : array_like
        :math:`\\sigma_H`, standard deviation of demand over the protection
        interval, in units (>= 0); one value per stock.
    expected_demand : array_like
        :math:`\\mu_H`, expected demand over the protection interval, in
        units (>= 0); same shape as ``demand_sd``.
    forecast_noise : array_like
        :math:`\\nu`, relative standard deviation of the forecast error
        (0 to 2); a number or one value per stock.
    samples : int
        Number of fixed draws of :math:`(Z, X)` (1,000 to 1,000,000).

    Returns
    -------
    ndarray
        :math:`SS` in units, one per stock.

    Examples
    --------
    >>> round(float(forecast_error_safety_stock(0.95, 10.0, 100.0, 0.0)), 2)
    16.45
    >>> float(forecast_error_safety_stock(0.95, 10.0, 100.0, 0.3)) > 16.45
    True
    """
    alpha = check_probability("service_level", service_level, low_open=True, high_open=True)
    samples = check_int("samples", samples, low=1000, high=1_000_000)
    sigma = np.asarray(demand_sd, dtype=float)
    mu = np.asarray(expected_demand, dtype=float)
    noise = np.broadcast_to(np.asarray(forecast_noise, dtype=float), np.broadcast(sigma, mu).shape)
    for name, arr in (("demand_sd", sigma), ("expected_demand", mu)):
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ValueError(f"{name} must be finite and >= 0 (units), got {arr!r}")
    if np.any(noise < 0) or np.any(noise > 2) or not np.all(np.isfinite(noise)):
        raise ValueError(f"forecast_noise must be in [0, 2], got {forecast_noise!r}")
    shape = np.broadcast(sigma, mu).shape
    sigma, mu = np.broadcast_to(sigma, shape), np.broadcast_to(mu, shape)
    key = (alpha, samples, shape, *(np.ascontiguousarray(a, dtype=float).tobytes()
                                    for a in (sigma, mu, noise)))
    return _cached_safety_stock(key).copy()


@functools.lru_cache(maxsize=256)
def _cached_safety_stock(key) -> np.ndarray:
    """:func:`forecast_error_safety_stock` for checked inputs packed in ``key`` (cached:
    scenarios that differ only in costs or customers' patience size stock alike)."""
    alpha, samples, shape, *raw = key
    sigma, mu, noise = (np.frombuffer(b).reshape(shape) for b in raw)
    out = (_z(alpha) * sigma).ravel()
    noisy = (noise > 0).ravel()
    if np.any(noisy):
        flat = np.flatnonzero(noisy)
        # Stocks alike (every period of a steady demand) share one quantile.
        triples = np.column_stack([sigma.ravel()[flat], mu.ravel()[flat], noise.ravel()[flat]])
        unique, where = np.unique(triples, axis=0, return_inverse=True)
        out[flat] = _error_quantiles(alpha, samples, unique)[where.ravel()]
    return out.reshape(shape)


_QUANTILES: dict = {}  # (alpha, samples, sigma, mu, noise) -> SS, every one computed so far


def _error_quantiles(alpha: float, samples: int, triples: np.ndarray) -> np.ndarray:
    """The :math:`\\alpha` quantile of :math:`\\sigma_H Z + \\mu_H (1 - X)` for each row
    ``(sigma, mu, noise)`` of ``triples``, from the fixed draws.

    Each quantile is computed once and remembered (scenarios that share some
    stocks, a hybrid's and make to stock's, say, share their quantiles), and
    the error factor once per noise level.
    """
    keys = [(alpha, samples, *map(float, row)) for row in triples]
    todo = [k for k in dict.fromkeys(keys) if k not in _QUANTILES]
    if len(_QUANTILES) + len(todo) > 200_000:  # (a few tens of MB at most)
        _QUANTILES.clear()
    if todo:
        # Fixed, stratified draws: Z and the error factor from evenly spaced
        # probabilities, paired by a fixed shuffle (independent, and the
        # same numbers every call).
        z_demand, z_error = _fixed_normal_pairs(samples)
        sig, m, nu = np.array([k[2:] for k in todo]).T
        levels, error = np.unique(nu, return_inverse=True)
        s2 = np.log1p(levels**2)
        shortfall = 1.0 - np.exp(np.sqrt(s2)[:, None] * z_error - s2[:, None] / 2)  # 1 - X
        for a in range(0, len(todo), 256):
            b = slice(a, a + 256)
            err = sig[b][:, None] * z_demand + m[b][:, None] * shortfall[error[b]]
            for key, level in zip(todo[a : a + 256], np.quantile(err, alpha, axis=1),
                                  strict=True):
                _QUANTILES[key] = float(level)
    return np.array([_QUANTILES[k] for k in keys])


@functools.lru_cache(maxsize=4)
def _fixed_normal_pairs(samples: int) -> tuple[np.ndarray, np.ndarray]:
    """Two independent standard normal samples, stratified and always the same."""
    inv = NormalDist().inv_cdf
    z = np.array([inv((k + 0.5) / samples) for k in range(samples)])
    z.flags.writeable = False
    paired = np.random.default_rng(20261201).permutation(z)
    paired.flags.writeable = False
    return z, paired


def reorder_point(service_level, demand_mean, demand_sd, lead_time):
    """Reorder point: lead-time demand plus safety stock, :math:`s = \\mu L + z\\sigma\\sqrt{L}`.

    An order is placed when the inventory position falls to :math:`s`; the
    stock on hand then has to last the lead time :math:`L`.

    Parameters
    ----------
    service_level : float
        :math:`\\alpha`, cycle service level, in (0, 1).
    demand_mean : float
        :math:`\\mu`, mean demand per period, in units per period (>= 0).
    demand_sd : float
        :math:`\\sigma`, standard deviation of demand per period, in units
        per period (>= 0).
    lead_time : float
        :math:`L`, replenishment lead time in periods (>= 0).

    Returns
    -------
    float
        :math:`s` in units.

    Examples
    --------
    >>> round(reorder_point(0.95, demand_mean=100.0, demand_sd=10.0, lead_time=4.0), 2)
    432.9
    """
    ss = safety_stock(service_level, demand_sd, lead_time)
    mu = check_real("demand_mean", demand_mean, low=0.0)
    return mu * float(lead_time) + ss


# ---------------------------------------------------------------------------
# Newsvendor
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsvendorResult:
    """Optimal order of a newsvendor (one selling season, one order).

    Attributes
    ----------
    quantity : float
        :math:`Q^*`, the order quantity in units.
    critical_fractile : float
        :math:`c_u / (c_u + c_o)`, the target probability of not running out.
    expected_shortage : float
        :math:`E[(D - Q^*)^+]`, expected demand not met, in units.
    expected_leftover : float
        :math:`E[(Q^* - D)^+]`, expected units left over, in units.
    expected_cost : float
        :math:`c_o E[(Q^*-D)^+] + c_u E[(D-Q^*)^+]` in currency units.
    """

    quantity: float
    critical_fractile: float
    expected_shortage: float
    expected_leftover: float
    expected_cost: float


def _check_costs(underage_cost, overage_cost, *, strict: bool):
    cu = check_real("underage_cost", underage_cost, low=0.0, low_open=strict)
    co = check_real("overage_cost", overage_cost, low=0.0, low_open=strict)
    if cu + co == 0.0:
        raise ValueError(
            "underage_cost and overage_cost must not both be 0, got "
            f"underage_cost={underage_cost!r}, overage_cost={overage_cost!r}"
        )
    return cu, co


def newsvendor_critical_fractile(underage_cost, overage_cost):
    """Critical fractile of the newsvendor: :math:`c_u / (c_u + c_o)`.

    The optimal order quantity :math:`Q^*` is the smallest :math:`Q` with
    :math:`P(D \\le Q) \\ge c_u / (c_u + c_o)`.

    Parameters
    ----------
    underage_cost : float
        :math:`c_u`, cost of each unit of demand not met (lost margin), in
        currency units per unit (>= 0).
    overage_cost : float
        :math:`c_o`, cost of each unit left over (unit cost minus salvage
        value), in currency units per unit (>= 0).  Not both 0.

    Returns
    -------
    float
        The fractile, in [0, 1].

    Examples
    --------
    >>> newsvendor_critical_fractile(underage_cost=3.0, overage_cost=1.0)
    0.75
    """
    cu, co = _check_costs(underage_cost, overage_cost, strict=False)
    return cu / (cu + co)


def newsvendor_normal(demand_mean, demand_sd, underage_cost, overage_cost):
    """Newsvendor with normal demand: order :math:`Q^* = \\mu + z\\sigma`.

    The safety factor is :math:`z = \\Phi^{-1}(c_u/(c_u+c_o))`.

    The expected cost of an order :math:`Q = \\mu + z\\sigma` is
    :math:`c_o\\sigma\\,(z + L(z)) + c_u\\sigma L(z)`; at the optimum it
    simplifies to :math:`(c_u + c_o)\\,\\sigma\\,\\varphi(z)`.  As usual for
    this model, the small chance of negative normal demand is ignored.

    Parameters
    ----------
    demand_mean : float
        :math:`\\mu`, mean demand in the season, in units (any finite number;
        normally > 0).
    demand_sd : float
        :math:`\\sigma`, standard deviation of demand, in units (>= 0).
    underage_cost : float
        :math:`c_u`, cost per unit of demand not met, in currency units
        per unit (> 0).
    overage_cost : float
        :math:`c_o`, cost per unit left over, in currency units per unit
        (> 0).

    Returns
    -------
    NewsvendorResult

    Examples
    --------
    >>> r = newsvendor_normal(100.0, 20.0, underage_cost=1.0, overage_cost=1.0)
    >>> r.quantity, round(r.expected_cost, 3)
    (100.0, 15.958)
    """
    mu = check_real("demand_mean", demand_mean)
    sigma = check_real("demand_sd", demand_sd, low=0.0)
    cu, co = _check_costs(underage_cost, overage_cost, strict=True)
    fractile = cu / (cu + co)
    z = _z(fractile)
    shortage = sigma * _normal_loss_scalar(z)
    leftover = sigma * z + shortage
    return NewsvendorResult(
        quantity=mu + z * sigma,
        critical_fractile=fractile,
        expected_shortage=shortage,
        expected_leftover=leftover,
        expected_cost=co * leftover + cu * shortage,
    )


def newsvendor_poisson(demand_mean, underage_cost, overage_cost):
    """Newsvendor with Poisson demand: the smallest whole order that meets the fractile.

    :math:`Q^*` is the smallest whole :math:`Q` with :math:`F(Q) \\ge c_u/(c_u+c_o)`.

    For fractiles of 0.5 or more the search compares the tail
    :math:`P(D > Q) \\le c_o/(c_u + c_o)`, summed from the far end, so
    fractiles close to 1 stay accurate (and small ones likewise compare
    :math:`F(Q)` summed from 0).  The expected
    cost is :math:`c_o (Q - \\mu + n(Q)) + c_u n(Q)` with :math:`n` the
    Poisson loss function (:func:`poisson_loss`).

    Parameters
    ----------
    demand_mean : float
        :math:`\\mu`, mean demand in the season, in units (> 0).
    underage_cost : float
        :math:`c_u`, cost per unit of demand not met, in currency units
        per unit (> 0).
    overage_cost : float
        :math:`c_o`, cost per unit left over, in currency units per unit
        (> 0).

    Returns
    -------
    NewsvendorResult
        With a whole-number ``quantity``.

    Examples
    --------
    >>> newsvendor_poisson(4.0, underage_cost=1.0, overage_cost=1.0).quantity
    4
    """
    mu = check_real("demand_mean", demand_mean, low=0.0, low_open=True)
    cu, co = _check_costs(underage_cost, overage_cost, strict=True)
    q = _poisson_quantile(mu, cu / (cu + co), co / (cu + co))
    shortage = poisson_loss(q, mu)
    leftover = q - mu + shortage
    return NewsvendorResult(
        quantity=q,
        critical_fractile=cu / (cu + co),
        expected_shortage=shortage,
        expected_leftover=leftover,
        expected_cost=co * leftover + cu * shortage,
    )


# ---------------------------------------------------------------------------
# Batch sizes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EOQResult:
    """Economic order quantity and its costs.

    Attributes
    ----------
    quantity : float
        :math:`Q^* = \\sqrt{2KD/h}`, units per order.
    orders_per_period : float
        :math:`D/Q^*`, orders per period.
    cycle_time : float
        :math:`Q^*/D`, periods between orders.
    ordering_cost_per_period : float
        :math:`K D / Q^*`, currency units per period.
    holding_cost_per_period : float
        :math:`h Q^* / 2`, currency units per period.
    total_cost_per_period : float
        Sum of the two, :math:`\\sqrt{2KDh}`, currency units per period.
    """

    quantity: float
    orders_per_period: float
    cycle_time: float
    ordering_cost_per_period: float
    holding_cost_per_period: float
    total_cost_per_period: float


def eoq(demand_rate, order_cost, holding_cost):
    """Economic order quantity (EOQ): :math:`Q^* = \\sqrt{2 K D / h}`.

    Minimises the ordering plus holding cost per period,
    :math:`K D / Q + h Q / 2`, for steady demand and instant replenishment.

    Parameters
    ----------
    demand_rate : float
        :math:`D`, demand in units per period, e.g. per year (> 0).
    order_cost : float
        :math:`K`, fixed cost per order or set-up, in currency units (> 0).
    holding_cost : float
        :math:`h`, cost of holding one unit for one period, in currency
        units per unit per period (> 0).

    Returns
    -------
    EOQResult

    Examples
    --------
    >>> r = eoq(demand_rate=1000.0, order_cost=50.0, holding_cost=1.0)
    >>> round(r.quantity, 1), round(r.total_cost_per_period, 1)
    (316.2, 316.2)
    """
    d = check_real("demand_rate", demand_rate, low=0.0, low_open=True)
    k = check_real("order_cost", order_cost, low=0.0, low_open=True)
    h = check_real("holding_cost", holding_cost, low=0.0, low_open=True)
    q = math.sqrt(2.0 * k * d / h)
    ordering = k * d / q
    holding = h * q / 2.0
    return EOQResult(
        quantity=q,
        orders_per_period=d / q,
        cycle_time=q / d,
        ordering_cost_per_period=ordering,
        holding_cost_per_period=holding,
        total_cost_per_period=ordering + holding,
    )


@dataclass(frozen=True)
class EPQResult:
    """Economic production quantity and its costs.

    Attributes
    ----------
    quantity : float
        :math:`Q^*`, units per production run.
    runs_per_period : float
        :math:`D/Q^*`, production runs per period.
    cycle_time : float
        :math:`Q^*/D`, periods between the starts of two runs.
    production_time : float
        :math:`Q^*/P`, periods the run takes.
    max_inventory : float
        :math:`Q^*(1 - D/P)`, peak stock in units.
    setup_cost_per_period : float
        :math:`K D / Q^*`, currency units per period.
    holding_cost_per_period : float
        :math:`h Q^* (1 - D/P) / 2`, currency units per period.
    total_cost_per_period : float
        Sum of the two, :math:`\\sqrt{2KDh(1 - D/P)}`, currency units per
        period.
    """

    quantity: float
    runs_per_period: float
    cycle_time: float
    production_time: float
    max_inventory: float
    setup_cost_per_period: float
    holding_cost_per_period: float
    total_cost_per_period: float


def epq(demand_rate, production_rate, setup_cost, holding_cost):
    """Economic production quantity (EPQ): :math:`Q^* = \\sqrt{2KD / (h(1 - D/P))}`.

    Like the EOQ, but the batch is made at a finite rate :math:`P > D`, so
    stock builds up at :math:`P - D` during a run and the peak is only
    :math:`Q(1 - D/P)`.  Cost per period: :math:`KD/Q + hQ(1 - D/P)/2`.

    Parameters
    ----------
    demand_rate : float
        :math:`D`, demand in units per period (> 0).
    production_rate : float
        :math:`P`, production rate while running, in units per period
        (> ``demand_rate``: otherwise the line never catches up).
    setup_cost : float
        :math:`K`, fixed cost per production run, in currency units (> 0).
    holding_cost : float
        :math:`h`, cost of holding one unit for one period, in currency
        units per unit per period (> 0).

    Returns
    -------
    EPQResult

    Examples
    --------
    >>> r = epq(demand_rate=1000.0, production_rate=2000.0, setup_cost=50.0, holding_cost=1.0)
    >>> round(r.quantity, 1)
    447.2
    """
    d = check_real("demand_rate", demand_rate, low=0.0, low_open=True)
    p = check_real("production_rate", production_rate, low=0.0, low_open=True)
    k = check_real("setup_cost", setup_cost, low=0.0, low_open=True)
    h = check_real("holding_cost", holding_cost, low=0.0, low_open=True)
    if p <= d:
        raise ValueError(
            f"production_rate must be > demand_rate, got production_rate={production_rate!r}, "
            f"demand_rate={demand_rate!r}: the line could never build stock"
        )
    keep = 1.0 - d / p
    q = math.sqrt(2.0 * k * d / (h * keep))
    setup = k * d / q
    holding = h * q * keep / 2.0
    return EPQResult(
        quantity=q,
        runs_per_period=d / q,
        cycle_time=q / d,
        production_time=q / p,
        max_inventory=q * keep,
        setup_cost_per_period=setup,
        holding_cost_per_period=holding,
        total_cost_per_period=setup + holding,
    )


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PooledSafetyStock:
    """Safety stock held per variant versus held once for a common part.

    Attributes
    ----------
    n_variants : int
        :math:`n`, number of variants pooled.
    z : float
        :math:`\\Phi^{-1}(\\alpha)`, the safety factor.
    separate : float
        :math:`n z \\sigma \\sqrt{L}`: each variant its own safety stock, units.
    pooled : float
        :math:`z \\sigma \\sqrt{L} \\sqrt{n + n(n-1)\\rho}`: one safety stock
        for the summed demand, units.
    saving : float
        ``separate - pooled``, units.
    saving_share : float
        ``saving / separate`` (0 when ``separate`` is 0).
    """

    n_variants: int
    z: float
    separate: float
    pooled: float
    saving: float
    saving_share: float


def pooled_safety_stock(n_variants, service_level, demand_sd, lead_time, correlation=0.0):
    """Safety stock of :math:`n` variants held separately versus pooled.

    Each variant has demand per period with standard deviation
    :math:`\\sigma`; any two variants have correlation :math:`\\rho`.
    Separate stocks need :math:`n z\\sigma\\sqrt{L}`; one pooled stock (a
    common component, or stock held before the variants differ, as in
    assemble to order) covers the sum, whose standard deviation is
    :math:`\\sigma\\sqrt{n + n(n-1)\\rho}`.  For independent variants
    (:math:`\\rho = 0`) the pooled stock is :math:`\\sqrt{n}` times smaller:
    the square-root law.  For :math:`\\rho = 1` pooling saves nothing.

    Parameters
    ----------
    n_variants : int
        :math:`n`, number of variants (whole number >= 1).
    service_level : float
        :math:`\\alpha`, cycle service level, in (0, 1) (below 0.5 both
        stocks are negative).
    demand_sd : float
        :math:`\\sigma`, standard deviation of one variant's demand per
        period, in units per period (>= 0).
    lead_time : float
        :math:`L`, replenishment lead time in periods (>= 0).
    correlation : float
        :math:`\\rho`, correlation between the demands of two variants, in
        [-1/(n-1), 1] (the lower end is the most negative correlation
        :math:`n` variables can share).

    Returns
    -------
    PooledSafetyStock

    Examples
    --------
    >>> r = pooled_safety_stock(4, 0.95, demand_sd=10.0, lead_time=1.0)
    >>> round(r.separate, 1), round(r.pooled, 1), r.saving_share
    (65.8, 32.9, 0.5)
    """
    n = check_int("n_variants", n_variants, low=1)
    alpha = check_probability("service_level", service_level, low_open=True, high_open=True)
    sigma = check_real("demand_sd", demand_sd, low=0.0)
    lead = check_real("lead_time", lead_time, low=0.0)
    low = -1.0 / (n - 1) if n > 1 else -1.0
    rho = check_real("correlation", correlation, low=low, high=1.0)
    z = _z(alpha)
    one = z * sigma * math.sqrt(lead)
    separate = n * one
    pooled = one * math.sqrt(max(0.0, n + n * (n - 1) * rho))
    saving = separate - pooled
    share = saving / separate if separate != 0.0 else 0.0
    return PooledSafetyStock(
        n_variants=n, z=z, separate=separate, pooled=pooled, saving=saving, saving_share=share
    )
