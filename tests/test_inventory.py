"""Analytic inventory formulas against textbook values and independent computations.

Three kinds of check:

* published table values and hand-worked examples (every number in them can
  be redone with a pocket calculator and a normal table);
* an independent computation of the same quantity: numerical integration,
  brute-force search over quantities, or a seeded Monte Carlo sample whose
  tolerance is a multiple of its own standard error;
* bad input: every public function refuses it with a message naming the
  parameter.
"""

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtolab.inventory import (
    eoq,
    epq,
    newsvendor_critical_fractile,
    newsvendor_normal,
    newsvendor_poisson,
    normal_loss,
    poisson_loss,
    pooled_safety_stock,
    reorder_point,
    safety_stock,
)

N01 = NormalDist()


def poisson_pmf(mean, upper):
    """P(D = d), d = 0..upper, by the recursion p(d) = p(d-1) mean / d (test's own)."""
    p = np.empty(upper + 1)
    p[0] = math.exp(-mean)
    for d in range(1, upper + 1):
        p[d] = p[d - 1] * mean / d
    return p


# ---------------------------------------------------------------------------
# Normal loss function
# ---------------------------------------------------------------------------


# The standard normal loss table printed in operations management texts
# (e.g. Cachon & Terwiesch, "Matching Supply with Demand"; Nahmias,
# "Production and Operations Analysis"), 4 decimals.  L(-z) = L(z) + z.
@pytest.mark.parametrize(
    ("z", "table"),
    [(-2.0, 2.0085), (-1.0, 1.0833), (0.0, 0.3989), (0.5, 0.1978), (1.0, 0.0833),
     (2.0, 0.0085)],
)
def test_normal_loss_matches_standard_normal_loss_table(z, table):
    assert normal_loss(z) == pytest.approx(table, abs=5e-5)


@pytest.mark.parametrize("z", [-3.0, -0.7, 0.0, 0.3, 1.2, 2.5, 4.0])
def test_normal_loss_equals_numerical_integral(z):
    # L(z) = integral over x > z of (x - z) phi(x) dx; trapezoid error ~ h^2 = 1e-8.
    x = np.linspace(z, z + 14.0, 140_001)
    integral = np.trapezoid((x - z) * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi), x)
    assert normal_loss(z) == pytest.approx(integral, rel=1e-7, abs=1e-12)


def test_normal_loss_array_matches_scalar_and_keeps_shape():
    zs = np.array([[-1.0, 0.0], [1.0, 2.5]])
    out = normal_loss(zs)
    assert out.shape == zs.shape
    assert out.ravel().tolist() == pytest.approx([normal_loss(float(z)) for z in zs.ravel()])
    assert isinstance(normal_loss(1), float)


def test_normal_loss_far_tail_stays_positive_and_accurate():
    # For large z, L(z) ~ phi(z) / z^2 (Mills ratio); cancellation would give 0 or < 0.
    z = 8.0
    asymptotic = N01.pdf(z) / z**2 * (1 - 3 / z**2 + 15 / z**4)
    assert normal_loss(z) == pytest.approx(asymptotic, rel=1e-3)


# ---------------------------------------------------------------------------
# Poisson loss function
# ---------------------------------------------------------------------------


def test_poisson_loss_hand_worked():
    # E[(D - 1)^+] = E[D] - 1 + P(D = 0) = e^-1 for mean 1; E[(D - 0)^+] = mean.
    assert poisson_loss(1, 1.0) == pytest.approx(math.exp(-1.0), rel=1e-14)
    assert poisson_loss(0, 3.5) == pytest.approx(3.5, rel=1e-14)


@pytest.mark.parametrize(("k", "mean"), [(0, 0.2), (3, 2.0), (7, 5.0), (12, 5.0), (95, 100.0),
                                         (130, 100.0)])
def test_poisson_loss_equals_direct_sum(k, mean):
    upper = int(mean + 40 * math.sqrt(mean) + 60)
    d = np.arange(upper + 1)
    direct = np.sum(np.maximum(d - k, 0) * poisson_pmf(mean, upper))
    assert poisson_loss(k, mean) == pytest.approx(direct, rel=1e-10)


@pytest.mark.parametrize(("k", "mean"), [(2, 3.0), (20, 20.0), (27, 20.0)])
def test_poisson_loss_monte_carlo(k, mean):
    rng = np.random.default_rng(20240611)
    sample = np.maximum(rng.poisson(mean, size=400_000) - k, 0)
    se = sample.std() / math.sqrt(sample.size)
    # 4 standard errors: a correct formula fails this about once in 16 000 seeds.
    assert abs(poisson_loss(k, mean) - sample.mean()) < 4 * se


def test_poisson_loss_is_linear_between_whole_numbers():
    # D is whole, so (D - k)^+ is linear in k on [n, n + 1].
    a, b = poisson_loss(4, 6.0), poisson_loss(5, 6.0)
    assert poisson_loss(4.25, 6.0) == pytest.approx(0.75 * a + 0.25 * b, rel=1e-12)


def test_poisson_loss_large_mean_and_far_tail():
    # Mean 10 000: no overflow; normal approximation sigma L(z) close for z = 1.
    mean = 10_000.0
    assert poisson_loss(mean + 100, mean) == pytest.approx(100 * normal_loss(1.0), rel=0.02)
    far = poisson_loss(60, 1.0)
    assert 0.0 < far < poisson_loss(59, 1.0) < 1e-70


# ---------------------------------------------------------------------------
# Safety stock and reorder point
# ---------------------------------------------------------------------------


def test_safety_stock_hand_worked_with_normal_table():
    # Normal table: z_0.95 = 1.645.  sigma = 10 per period, L = 4: 1.645 * 10 * 2.
    assert safety_stock(0.95, 10.0, 4.0) == pytest.approx(32.9, abs=0.01)
    assert reorder_point(0.95, 100.0, 10.0, 4.0) == pytest.approx(432.9, abs=0.01)
    # Periodic review adds the review period: L + r = 3 + 6 = 9, sqrt = 3.
    assert safety_stock(0.95, 10.0, 3.0, review_period=6.0) == pytest.approx(49.35, abs=0.01)


def test_safety_stock_gives_the_service_level_in_monte_carlo():
    # Lead-time demand is the sum of L independent normal periods; the reorder
    # point must cover it with probability alpha.
    rng = np.random.default_rng(7)
    mu, sigma, lead, alpha = 20.0, 5.0, 4, 0.9
    lead_demand = rng.normal(mu, sigma, size=(200_000, lead)).sum(axis=1)
    covered = np.mean(lead_demand <= reorder_point(alpha, mu, sigma, lead))
    se = math.sqrt(alpha * (1 - alpha) / lead_demand.size)
    assert abs(covered - alpha) < 4 * se


def test_zero_variability_needs_no_safety_stock():
    assert safety_stock(0.99, 0.0, 5.0) == 0.0
    assert safety_stock(0.99, 3.0, 0.0) == 0.0
    assert reorder_point(0.99, 12.0, 0.0, 2.0) == pytest.approx(24.0)


@settings(max_examples=40, deadline=None)
@given(
    a1=st.floats(0.01, 0.99), a2=st.floats(0.01, 0.99),
    l1=st.floats(0.0, 50.0), l2=st.floats(0.0, 50.0), sigma=st.floats(0.1, 100.0),
)
def test_safety_stock_increases_in_service_level_and_lead_time(a1, a2, l1, l2, sigma):
    lo, hi = sorted((a1, a2))
    assert safety_stock(lo, sigma, 4.0) <= safety_stock(hi, sigma, 4.0)
    short, long_ = sorted((l1, l2))
    assert safety_stock(0.95, sigma, short) <= safety_stock(0.95, sigma, long_)


# ---------------------------------------------------------------------------
# Newsvendor
# ---------------------------------------------------------------------------


def test_newsvendor_hand_worked_snyder_shen_parameters():
    # Parameters of the newsvendor example used in Snyder & Shen,
    # "Fundamentals of Supply Chain Theory" (mu = 50, sigma = 8, h = 0.18,
    # p = 0.70), worked here by hand from a normal table rather than copied
    # from the book: fractile 0.70/0.88 = 0.7955, z = 0.8255,
    # Q* = 50 + 8 z = 56.60, cost (h + p) sigma phi(z) = 0.88 * 8 * 0.2837 = 1.998.
    r = newsvendor_normal(50.0, 8.0, underage_cost=0.70, overage_cost=0.18)
    assert r.critical_fractile == pytest.approx(0.7955, abs=1e-4)
    assert r.quantity == pytest.approx(56.60, abs=0.005)
    assert r.expected_cost == pytest.approx(1.998, abs=0.001)


def test_newsvendor_critical_fractile_hand_worked():
    # Price 20, cost 14, salvage 5: cu = 6, co = 9, fractile 0.4.
    assert newsvendor_critical_fractile(6.0, 9.0) == pytest.approx(0.4)
    assert newsvendor_critical_fractile(0.0, 2.0) == 0.0
    assert newsvendor_critical_fractile(2.0, 0.0) == 1.0


@pytest.mark.parametrize(
    ("mu", "sigma", "cu", "co"),
    [(50.0, 8.0, 0.70, 0.18), (100.0, 30.0, 1.0, 4.0), (10.0, 1.0, 9.0, 1.0)],
)
def test_newsvendor_normal_cost_by_integration_and_brute_force(mu, sigma, cu, co):
    x = np.linspace(mu - 12 * sigma, mu + 12 * sigma, 24_001)
    f = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))

    def cost(q):
        return np.trapezoid((co * np.maximum(q - x, 0) + cu * np.maximum(x - q, 0)) * f, x)

    r = newsvendor_normal(mu, sigma, cu, co)
    assert r.expected_cost == pytest.approx(cost(r.quantity), rel=1e-6)
    assert r.expected_cost == pytest.approx(
        (cu + co) * sigma * N01.pdf(N01.inv_cdf(cu / (cu + co))), rel=1e-12
    )
    assert r.expected_shortage == pytest.approx(
        np.trapezoid(np.maximum(x - r.quantity, 0) * f, x), rel=1e-6
    )
    grid = np.linspace(mu - 3 * sigma, mu + 3 * sigma, 121)
    best = grid[np.argmin([cost(q) for q in grid])]
    assert abs(best - r.quantity) <= grid[1] - grid[0]


@pytest.mark.parametrize(
    ("mean", "cu", "co"),
    [(0.3, 5.0, 1.0), (4.0, 1.0, 1.0), (12.5, 3.0, 1.0), (12.5, 1.0, 7.0), (150.0, 19.0, 1.0)],
)
def test_newsvendor_poisson_brute_force_and_fractile(mean, cu, co):
    upper = int(mean + 20 * math.sqrt(mean) + 40)
    pmf = poisson_pmf(mean, upper)
    d = np.arange(upper + 1)
    costs = [np.sum((co * np.maximum(q - d, 0) + cu * np.maximum(d - q, 0)) * pmf)
             for q in range(upper + 1)]
    r = newsvendor_poisson(mean, cu, co)
    assert r.quantity == int(np.argmin(costs))
    assert r.expected_cost == pytest.approx(min(costs), rel=1e-9)
    cdf = np.cumsum(pmf)
    fractile = cu / (cu + co)
    assert cdf[r.quantity] >= fractile
    assert r.quantity == 0 or cdf[r.quantity - 1] < fractile
    assert r.expected_leftover - r.expected_shortage == pytest.approx(r.quantity - mean)


def test_newsvendor_poisson_extreme_fractile():
    # Fractile 1 - 1e-12: computing 1 - F(Q) would drown in rounding; the
    # tail P(D > Q) is compared with co / (cu + co) instead.
    pmf = poisson_pmf(5.0, 80)
    tail = np.array([pmf[q + 1:].sum() for q in range(80)])  # P(D > q), small terms only
    target = 1.0 / (1e12 + 1.0)
    r = newsvendor_poisson(5.0, 1e12, 1.0)
    q = r.quantity
    assert tail[q] <= target < tail[q - 1]
    assert newsvendor_poisson(5.0, 1e-6, 1.0).quantity == 0


def test_newsvendor_poisson_large_mean_near_normal_quantile():
    # Mean one million: the Poisson is close to N(mu, mu); the quantile
    # differs by the skewness correction (z^2 - 1)/6 < 1 unit and rounding up.
    mean, z = 1e6, N01.inv_cdf(0.75)
    r = newsvendor_poisson(mean, 3.0, 1.0)
    assert abs(r.quantity - (mean + z * math.sqrt(mean))) < 2.0
    assert r.expected_shortage == pytest.approx(1000.0 * normal_loss(z), rel=0.01)


def test_newsvendor_poisson_far_left_tail_fractile():
    # Fractile 1e-30: the answer lies far below the mean; brute force agrees.
    mean = 400.0
    pmf = poisson_pmf(mean, 1000)
    cdf = np.cumsum(pmf)
    fractile = 1e-30 / (1 + 1e-30)
    q = newsvendor_poisson(mean, 1e-30, 1.0).quantity
    assert cdf[q] >= fractile > cdf[q - 1]


@settings(max_examples=30, deadline=None)
@given(mean=st.floats(0.5, 200.0), cu=st.floats(0.1, 50.0), extra=st.floats(0.01, 50.0))
def test_newsvendor_orders_more_when_shortage_costs_more(mean, cu, extra):
    assert newsvendor_poisson(mean, cu, 1.0).quantity <= newsvendor_poisson(
        mean, cu + extra, 1.0).quantity
    assert newsvendor_normal(mean, 5.0, cu, 1.0).quantity < newsvendor_normal(
        mean, 5.0, cu + extra, 1.0).quantity


# ---------------------------------------------------------------------------
# EOQ and EPQ
# ---------------------------------------------------------------------------


def test_eoq_hand_worked():
    # D = 1000 units/year, K = 100 per order, h = 5 per unit-year:
    # Q* = sqrt(2 * 100 * 1000 / 5) = 200, 5 orders a year, cost 500 + 500.
    r = eoq(1000.0, 100.0, 5.0)
    assert (r.quantity, r.orders_per_period, r.cycle_time) == pytest.approx((200.0, 5.0, 0.2))
    assert r.ordering_cost_per_period == pytest.approx(500.0)
    assert r.holding_cost_per_period == pytest.approx(500.0)
    assert r.total_cost_per_period == pytest.approx(1000.0)


def test_epq_hand_worked():
    # D = 1000, P = 2500 units/year, K = 100, h = 5: 1 - D/P = 0.6,
    # Q* = sqrt(200000 / 3) = 258.2, peak stock 0.6 Q* = 154.9, cost sqrt(600000) = 774.6.
    r = epq(1000.0, 2500.0, 100.0, 5.0)
    assert r.quantity == pytest.approx(258.2, abs=0.05)
    assert r.max_inventory == pytest.approx(154.9, abs=0.05)
    assert r.total_cost_per_period == pytest.approx(774.6, abs=0.05)
    assert r.production_time == pytest.approx(r.quantity / 2500.0)
    assert r.runs_per_period * r.cycle_time == pytest.approx(1.0)


@pytest.mark.parametrize(("d", "k", "h"), [(1000.0, 100.0, 5.0), (52.0 * 40, 250.0, 1.3),
                                           (365.0, 12.0, 0.02)])
def test_eoq_brute_force_over_whole_quantities(d, k, h):
    q = np.arange(1, 20_000)
    cost = k * d / q + h * q / 2
    r = eoq(d, k, h)
    assert abs(q[np.argmin(cost)] - r.quantity) < 1.0
    assert r.total_cost_per_period <= cost.min() + 1e-9
    assert r.total_cost_per_period == pytest.approx(cost.min(), rel=1e-4)


@pytest.mark.parametrize(("d", "p", "k", "h"), [(1000.0, 2500.0, 100.0, 5.0),
                                                (1000.0, 1001.0, 100.0, 5.0)])
def test_epq_brute_force_and_limit_to_eoq(d, p, k, h):
    q = np.arange(1, 100_000)
    cost = k * d / q + h * q * (1 - d / p) / 2
    r = epq(d, p, k, h)
    assert abs(q[np.argmin(cost)] - r.quantity) < 1.0
    assert r.total_cost_per_period == pytest.approx(cost.min(), rel=1e-4)
    # A very fast line is instant replenishment: EPQ -> EOQ.
    assert epq(d, 1e12, k, h).quantity == pytest.approx(eoq(d, k, h).quantity, rel=1e-6)


# ---------------------------------------------------------------------------
# Pooling
# ---------------------------------------------------------------------------


def test_square_root_law_hand_worked():
    # 4 independent variants, z_0.95 = 1.645, sigma = 10, L = 1:
    # separate 4 * 16.45 = 65.8; pooled 16.45 * sqrt(4) = 32.9; half saved.
    r = pooled_safety_stock(4, 0.95, 10.0, 1.0)
    assert r.separate == pytest.approx(65.8, abs=0.01)
    assert r.pooled == pytest.approx(32.9, abs=0.01)
    assert r.saving == pytest.approx(r.separate - r.pooled)
    assert r.saving_share == pytest.approx(0.5)
    assert pooled_safety_stock(9, 0.9, 1.0, 1.0).saving_share == pytest.approx(2 / 3)


def test_no_pooling_benefit_for_one_variant_or_perfect_correlation():
    one = pooled_safety_stock(1, 0.95, 10.0, 4.0)
    assert one.pooled == pytest.approx(one.separate) and one.saving == pytest.approx(0.0)
    perfect = pooled_safety_stock(5, 0.95, 10.0, 4.0, correlation=1.0)
    assert perfect.saving == pytest.approx(0.0, abs=1e-9)
    assert pooled_safety_stock(5, 0.95, 0.0, 4.0).saving_share == 0.0
    # The most negative correlation possible: the sum does not vary at all.
    assert pooled_safety_stock(3, 0.95, 10.0, 4.0, correlation=-0.5).pooled == pytest.approx(
        0.0, abs=1e-9)


@pytest.mark.parametrize(("n", "rho"), [(4, 0.0), (3, 0.5), (5, -0.2)])
def test_pooled_safety_stock_monte_carlo(n, rho):
    # Lead-time demand of n variants, each N(0, sigma^2 L), pairwise correlation rho.
    alpha, sigma, lead = 0.95, 10.0, 4.0
    cov = sigma**2 * lead * (rho * np.ones((n, n)) + (1 - rho) * np.eye(n))
    rng = np.random.default_rng(123)
    x = rng.multivariate_normal(np.zeros(n), cov, size=200_000)
    separate = np.quantile(x, alpha, axis=0).sum()
    pooled = np.quantile(x.sum(axis=1), alpha)
    r = pooled_safety_stock(n, alpha, sigma, lead, correlation=rho)
    # A quantile's standard error at 0.95 is about 0.005 sd with 200 000 draws;
    # 2 % is several times that.
    assert separate == pytest.approx(r.separate, rel=0.02)
    assert pooled == pytest.approx(r.pooled, rel=0.02)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 50), alpha=st.floats(0.5, 0.999), sigma=st.floats(0.0, 100.0),
       lead=st.floats(0.0, 30.0), rho=st.floats(0.0, 1.0))
def test_pooled_never_exceeds_separate(n, alpha, sigma, lead, rho):
    r = pooled_safety_stock(n, alpha, sigma, lead, correlation=rho)
    assert 0.0 <= r.pooled <= r.separate * (1 + 1e-12) + 1e-12
    assert 0.0 <= r.saving_share <= 1.0
    more = pooled_safety_stock(n, alpha, sigma, lead, correlation=min(1.0, rho + 0.1))
    assert more.pooled >= r.pooled - 1e-9


# ---------------------------------------------------------------------------
# Bad input: every public function, parameter named in the message
# ---------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")

BAD = [
    # (function, args, kwargs, exception, parameter named)
    (normal_loss, (NAN,), {}, ValueError, "z"),
    (normal_loss, (INF,), {}, ValueError, "z"),
    (normal_loss, ([0.0, NAN],), {}, ValueError, "z"),
    (normal_loss, ("1",), {}, TypeError, "z"),
    (normal_loss, (True,), {}, TypeError, "z"),
    (normal_loss, (None,), {}, TypeError, "z"),
    (poisson_loss, (-1, 3.0), {}, ValueError, "k"),
    (poisson_loss, (NAN, 3.0), {}, ValueError, "k"),
    (poisson_loss, (2, 0.0), {}, ValueError, "mean"),
    (poisson_loss, (2, -3.0), {}, ValueError, "mean"),
    (poisson_loss, (2, INF), {}, ValueError, "mean"),
    (poisson_loss, (2, "3"), {}, TypeError, "mean"),
    (safety_stock, (0.0, 10.0, 4.0), {}, ValueError, "service_level"),
    (safety_stock, (1.0, 10.0, 4.0), {}, ValueError, "service_level"),
    (safety_stock, (95.0, 10.0, 4.0), {}, ValueError, "service_level"),
    (safety_stock, (NAN, 10.0, 4.0), {}, ValueError, "service_level"),
    (safety_stock, (0.95, -1.0, 4.0), {}, ValueError, "demand_sd"),
    (safety_stock, (0.95, INF, 4.0), {}, ValueError, "demand_sd"),
    (safety_stock, (0.95, 10.0, -4.0), {}, ValueError, "lead_time"),
    (safety_stock, (0.95, 10.0, 4.0), {"review_period": -1.0}, ValueError, "review_period"),
    (safety_stock, ("high", 10.0, 4.0), {}, TypeError, "service_level"),
    (safety_stock, (0.95, [10.0], 4.0), {}, TypeError, "demand_sd"),
    (reorder_point, (1.5, 100.0, 10.0, 4.0), {}, ValueError, "service_level"),
    (reorder_point, (0.95, -100.0, 10.0, 4.0), {}, ValueError, "demand_mean"),
    (reorder_point, (0.95, NAN, 10.0, 4.0), {}, ValueError, "demand_mean"),
    (reorder_point, (0.95, 100.0, -10.0, 4.0), {}, ValueError, "demand_sd"),
    (reorder_point, (0.95, 100.0, 10.0, INF), {}, ValueError, "lead_time"),
    (reorder_point, (0.95, None, 10.0, 4.0), {}, TypeError, "demand_mean"),
    (newsvendor_critical_fractile, (-1.0, 1.0), {}, ValueError, "underage_cost"),
    (newsvendor_critical_fractile, (1.0, NAN), {}, ValueError, "overage_cost"),
    (newsvendor_critical_fractile, (INF, 1.0), {}, ValueError, "underage_cost"),
    (newsvendor_critical_fractile, (0.0, 0.0), {}, ValueError, "overage_cost"),
    (newsvendor_critical_fractile, ("1", 1.0), {}, TypeError, "underage_cost"),
    (newsvendor_normal, (NAN, 8.0, 0.7, 0.18), {}, ValueError, "demand_mean"),
    (newsvendor_normal, (50.0, -8.0, 0.7, 0.18), {}, ValueError, "demand_sd"),
    (newsvendor_normal, (50.0, 8.0, 0.0, 0.18), {}, ValueError, "underage_cost"),
    (newsvendor_normal, (50.0, 8.0, 0.7, 0.0), {}, ValueError, "overage_cost"),
    (newsvendor_normal, (50.0, 8.0, 0.7, -0.18), {}, ValueError, "overage_cost"),
    (newsvendor_normal, (50.0, 8.0, INF, 0.18), {}, ValueError, "underage_cost"),
    (newsvendor_normal, (50.0, "8", 0.7, 0.18), {}, TypeError, "demand_sd"),
    (newsvendor_poisson, (0.0, 0.7, 0.18), {}, ValueError, "demand_mean"),
    (newsvendor_poisson, (INF, 0.7, 0.18), {}, ValueError, "demand_mean"),
    (newsvendor_poisson, (5.0, NAN, 0.18), {}, ValueError, "underage_cost"),
    (newsvendor_poisson, (5.0, 0.7, 0.0), {}, ValueError, "overage_cost"),
    (newsvendor_poisson, (5.0, 0.7, None), {}, TypeError, "overage_cost"),
    (eoq, (0.0, 100.0, 5.0), {}, ValueError, "demand_rate"),
    (eoq, (-1000.0, 100.0, 5.0), {}, ValueError, "demand_rate"),
    (eoq, (1000.0, NAN, 5.0), {}, ValueError, "order_cost"),
    (eoq, (1000.0, 100.0, 0.0), {}, ValueError, "holding_cost"),
    (eoq, (1000.0, 100.0, INF), {}, ValueError, "holding_cost"),
    (eoq, (True, 100.0, 5.0), {}, TypeError, "demand_rate"),
    (epq, (1000.0, 1000.0, 100.0, 5.0), {}, ValueError, "production_rate"),
    (epq, (1000.0, 500.0, 100.0, 5.0), {}, ValueError, "demand_rate"),
    (epq, (1000.0, -2500.0, 100.0, 5.0), {}, ValueError, "production_rate"),
    (epq, (1000.0, 2500.0, -100.0, 5.0), {}, ValueError, "setup_cost"),
    (epq, (1000.0, 2500.0, 100.0, NAN), {}, ValueError, "holding_cost"),
    (epq, (NAN, 2500.0, 100.0, 5.0), {}, ValueError, "demand_rate"),
    (epq, (1000.0, "fast", 100.0, 5.0), {}, TypeError, "production_rate"),
    (pooled_safety_stock, (0, 0.95, 10.0, 1.0), {}, ValueError, "n_variants"),
    (pooled_safety_stock, (2.5, 0.95, 10.0, 1.0), {}, ValueError, "n_variants"),
    (pooled_safety_stock, ("4", 0.95, 10.0, 1.0), {}, TypeError, "n_variants"),
    (pooled_safety_stock, (4, 1.0, 10.0, 1.0), {}, ValueError, "service_level"),
    (pooled_safety_stock, (4, 0.95, -10.0, 1.0), {}, ValueError, "demand_sd"),
    (pooled_safety_stock, (4, 0.95, 10.0, NAN), {}, ValueError, "lead_time"),
    (pooled_safety_stock, (4, 0.95, 10.0, 1.0), {"correlation": 1.5}, ValueError,
     "correlation"),
    (pooled_safety_stock, (4, 0.95, 10.0, 1.0), {"correlation": -0.5}, ValueError,
     "correlation"),
    (pooled_safety_stock, (4, 0.95, 10.0, 1.0), {"correlation": NAN}, ValueError,
     "correlation"),
]


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "exc", "name"), BAD,
    ids=[f"{b[0].__name__}-{b[4]}-{i}" for i, b in enumerate(BAD)],
)
def test_bad_input_is_refused_naming_the_parameter(func, args, kwargs, exc, name):
    with pytest.raises(exc, match=rf"\b{name}\b"):
        func(*args, **kwargs)


def test_bad_input_message_states_value_and_range():
    with pytest.raises(ValueError, match=r"service_level must be .*\(0\.0, 1\.0\).*got 95"):
        safety_stock(95, 10.0, 4.0)
    with pytest.raises(ValueError, match=r"correlation must be .*\[-0\.333.*got -0\.5"):
        pooled_safety_stock(4, 0.95, 10.0, 1.0, correlation=-0.5)
    with pytest.raises(ValueError, match=r"production_rate=1000.*demand_rate=1000"):
        epq(1000, 1000, 100.0, 5.0)
