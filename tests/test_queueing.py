"""Analytic queueing formulas against textbook values and seeded simulation.

The simulation is the Lindley recursion W(n+1) = max(0, W(n) + S(n) - A(n+1))
for the wait W of customer n, service time S and time between arrivals A,
solved in closed form: with C(n) the running sum of S - A,
W(n) = C(n) - min(0, C(1), ..., C(n)).  Its mean is compared with the
formula within 4 standard errors, estimated by batch means (waits of
successive customers are strongly correlated, so the plain standard error
would be far too small).
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtolab.queueing import kingman_wait, lead_time_curve, mm1, utilisation


def lindley_waits(interarrival, service):
    """Waits in queue of customers 0..n-1 of a first-come first-served single server."""
    steps = service[:-1] - interarrival[1:]
    c = np.concatenate([[0.0], np.cumsum(steps)])
    return c - np.minimum.accumulate(c)


def batch_mean(x, n_batches=40):
    """Mean and batch-means standard error, dropping the first 10 % as warm-up."""
    x = x[len(x) // 10:]
    x = x[: len(x) // n_batches * n_batches].reshape(n_batches, -1).mean(axis=1)
    return x.mean(), x.std(ddof=1) / math.sqrt(n_batches)


def gamma_times(rng, mean, cv, n):
    shape = 1.0 / cv**2
    return rng.gamma(shape, mean / shape, n)


def lognormal_times(rng, mean, cv, n):
    s2 = math.log(1.0 + cv**2)
    return rng.lognormal(math.log(mean) - s2 / 2, math.sqrt(s2), n)


# ---------------------------------------------------------------------------
# Textbook and hand-worked values
# ---------------------------------------------------------------------------


def test_mm1_textbook_example():
    # The classic M/M/1 example (lambda = 4 per hour, mu = 5 per hour), worked
    # by hand: rho = 0.8, W = 1/(5 - 4) = 1 h, Wq = 0.8/1 = 0.8 h, L = 4, Lq = 3.2.
    r = mm1(4.0, 5.0)
    assert r.utilisation == pytest.approx(0.8)
    assert r.mean_wait == pytest.approx(0.8)
    assert r.mean_lead_time == pytest.approx(1.0)
    assert r.mean_queue_length == pytest.approx(3.2)
    assert r.mean_in_system == pytest.approx(4.0)
    assert (r.arrival_rate, r.service_rate) == (4.0, 5.0)


def test_kingman_vut_hand_worked():
    # Hopp & Spearman's VUT equation (Factory Physics), worked by hand for
    # ca = 1, cs = 0.5, u = 0.9, te = 2 h: V = (1 + 0.25)/2 = 0.625,
    # U = 0.9/0.1 = 9, T = 2 h, so CTq = 11.25 h.
    assert kingman_wait(0.45, 0.5, 1.0, 0.5) == pytest.approx(11.25)
    # Deterministic arrivals and service: nobody ever waits.
    assert kingman_wait(0.45, 0.5, 0.0, 0.0) == 0.0


def test_kingman_equals_mm1_for_cv_one():
    for lam in (0.1, 2.0, 4.0, 4.99):
        assert kingman_wait(lam, 5.0, 1.0, 1.0) == pytest.approx(mm1(lam, 5.0).mean_wait)


def test_utilisation_hand_worked():
    assert utilisation(4.0, 5.0) == pytest.approx(0.8)
    assert utilisation(6.0, 5.0, servers=2) == pytest.approx(0.6)
    assert utilisation(0.0, 5.0) == 0.0
    # Overloaded stations are reported, not refused: a lesson shows rho > 1.
    assert utilisation(6.0, 5.0) == pytest.approx(1.2)


def test_empty_system_has_no_wait():
    r = mm1(0.0, 2.0)
    assert (r.utilisation, r.mean_wait, r.mean_in_system) == (0.0, 0.0, 0.0)
    assert r.mean_lead_time == pytest.approx(0.5)


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lam", "mu"), [(4.0, 5.0), (1.0, 2.0)])
def test_mm1_against_lindley_simulation(lam, mu):
    rng = np.random.default_rng(2024)
    n = 400_000
    service = rng.exponential(1 / mu, n)
    wait = lindley_waits(rng.exponential(1 / lam, n), service)
    r = mm1(lam, mu)
    m, se = batch_mean(wait)
    assert se < 0.05 * r.mean_wait  # the check is sharp enough to catch a wrong formula
    assert abs(m - r.mean_wait) < 4 * se
    m, se = batch_mean(wait + service)
    assert abs(m - r.mean_lead_time) < 4 * se


@pytest.mark.parametrize(("service_cv", "times"), [(0.5, lognormal_times), (2.0, gamma_times)])
def test_kingman_exact_for_poisson_arrivals_mg1(service_cv, times):
    # With Poisson arrivals (ca = 1) Kingman's formula is the exact
    # Pollaczek-Khinchine mean wait of M/G/1, so the simulation must agree
    # within its own noise.
    rng = np.random.default_rng(99)
    n, lam, mu = 400_000, 0.7, 1.0
    wait = lindley_waits(rng.exponential(1 / lam, n), times(rng, 1 / mu, service_cv, n))
    m, se = batch_mean(wait)
    k = kingman_wait(lam, mu, 1.0, service_cv)
    assert se < 0.05 * k
    assert abs(m - k) < 4 * se


def test_kingman_approximates_gg1_in_heavy_traffic():
    # Gamma times between arrivals (ca = 0.5) and gamma service (cs = 1.0)
    # at 90 % utilisation.  Kingman is only an approximation here, good in
    # heavy traffic; with arrivals smoother than Poisson it overestimates a
    # little (by about 5 % for this case, seen over several seeds).  The
    # batch-means noise is about 2 % with a million customers, so allow
    # 12 %: enough for the noise and the approximation, yet the M/M/1 value
    # (which ignores that arrivals are smooth: 70 % higher) is refused.
    rng = np.random.default_rng(5)
    n, lam, mu = 1_000_000, 0.9, 1.0
    wait = lindley_waits(gamma_times(rng, 1 / lam, 0.5, n), gamma_times(rng, 1 / mu, 1.0, n))
    m, se = batch_mean(wait)
    assert se < 0.03 * m
    assert m == pytest.approx(kingman_wait(lam, mu, 0.5, 1.0), rel=0.12)
    assert abs(m - mm1(lam, mu).mean_wait) > 0.5 * m


# ---------------------------------------------------------------------------
# Properties and the lead-time curve
# ---------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(lam=st.floats(0.0, 100.0), gap=st.floats(1e-3, 100.0))
def test_mm1_littles_law_and_lead_time_is_wait_plus_service(lam, gap):
    mu = lam + gap
    r = mm1(lam, mu)
    assert r.mean_lead_time == pytest.approx(r.mean_wait + 1 / mu)
    assert r.mean_in_system == pytest.approx(lam * r.mean_lead_time)
    assert r.mean_queue_length == pytest.approx(lam * r.mean_wait)
    assert r.mean_in_system == pytest.approx(r.utilisation / (1 - r.utilisation))


@settings(max_examples=50, deadline=None)
@given(r1=st.floats(0.0, 0.99), r2=st.floats(0.0, 0.99), ca=st.floats(0.0, 3.0),
       cs=st.floats(0.0, 3.0))
def test_kingman_grows_with_utilisation_and_variability(r1, r2, ca, cs):
    lo, hi = sorted((r1, r2))
    assert kingman_wait(lo, 1.0, ca, cs) <= kingman_wait(hi, 1.0, ca, cs)
    assert kingman_wait(hi, 1.0, ca, cs) <= kingman_wait(hi, 1.0, ca + 0.1, cs)


def test_lead_time_curve_matches_kingman_and_explodes_near_full_utilisation():
    rho = np.linspace(0.0, 0.99, 100)
    df = lead_time_curve(rho, service_time=2.0, arrival_cv=0.7, service_cv=1.3)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["utilisation", "mean_wait", "mean_lead_time"]
    assert df["utilisation"].to_numpy() == pytest.approx(rho)
    expected = [kingman_wait(u / 2.0, 0.5, 0.7, 1.3) for u in rho]
    assert df["mean_wait"].to_numpy() == pytest.approx(expected)
    assert (df["mean_lead_time"] - df["mean_wait"]).to_numpy() == pytest.approx(2.0)
    assert df["mean_wait"].is_monotonic_increasing
    # Going from 50 % to 99 % busy multiplies the M/M/1 lead time by 50.
    mm = lead_time_curve([0.5, 0.99], service_time=1.0)["mean_lead_time"].to_numpy()
    assert mm == pytest.approx([2.0, 100.0])


# ---------------------------------------------------------------------------
# Bad input: every public function, parameter named in the message
# ---------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")

BAD = [
    (utilisation, (-1.0, 5.0), {}, ValueError, "arrival_rate"),
    (utilisation, (NAN, 5.0), {}, ValueError, "arrival_rate"),
    (utilisation, (4.0, 0.0), {}, ValueError, "service_rate"),
    (utilisation, (4.0, INF), {}, ValueError, "service_rate"),
    (utilisation, (4.0, 5.0), {"servers": 0}, ValueError, "servers"),
    (utilisation, (4.0, 5.0), {"servers": 1.5}, ValueError, "servers"),
    (utilisation, ("4", 5.0), {}, TypeError, "arrival_rate"),
    (mm1, (5.0, 5.0), {}, ValueError, "unstable"),
    (mm1, (6.0, 5.0), {}, ValueError, "unstable"),
    (mm1, (-4.0, 5.0), {}, ValueError, "arrival_rate"),
    (mm1, (4.0, -5.0), {}, ValueError, "service_rate"),
    (mm1, (4.0, NAN), {}, ValueError, "service_rate"),
    (mm1, (INF, 5.0), {}, ValueError, "arrival_rate"),
    (mm1, (4.0, None), {}, TypeError, "service_rate"),
    (kingman_wait, (5.0, 5.0, 1.0, 1.0), {}, ValueError, "unstable"),
    (kingman_wait, (4.0, 0.0, 1.0, 1.0), {}, ValueError, "service_rate"),
    (kingman_wait, (4.0, 5.0, -1.0, 1.0), {}, ValueError, "arrival_cv"),
    (kingman_wait, (4.0, 5.0, 1.0, NAN), {}, ValueError, "service_cv"),
    (kingman_wait, (4.0, 5.0, INF, 1.0), {}, ValueError, "arrival_cv"),
    (kingman_wait, (4.0, 5.0, 1.0, "1"), {}, TypeError, "service_cv"),
    (kingman_wait, (True, 5.0, 1.0, 1.0), {}, TypeError, "arrival_rate"),
    (lead_time_curve, ([0.5, 1.0], 1.0), {}, ValueError, "utilisations"),
    (lead_time_curve, ([-0.1, 0.5], 1.0), {}, ValueError, "utilisations"),
    (lead_time_curve, ([0.5, NAN], 1.0), {}, ValueError, "utilisations"),
    (lead_time_curve, ([], 1.0), {}, ValueError, "utilisations"),
    (lead_time_curve, ([[0.5]], 1.0), {}, ValueError, "utilisations"),
    (lead_time_curve, (["a"], 1.0), {}, TypeError, "utilisations"),
    (lead_time_curve, ([0.5], 0.0), {}, ValueError, "service_time"),
    (lead_time_curve, ([0.5], INF), {}, ValueError, "service_time"),
    (lead_time_curve, ([0.5], 1.0), {"arrival_cv": -1.0}, ValueError, "arrival_cv"),
    (lead_time_curve, ([0.5], 1.0), {"service_cv": NAN}, ValueError, "service_cv"),
]


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "exc", "name"), BAD,
    ids=[f"{b[0].__name__}-{b[4]}-{i}" for i, b in enumerate(BAD)],
)
def test_bad_input_is_refused_naming_the_parameter(func, args, kwargs, exc, name):
    with pytest.raises(exc, match=rf"\b{name}\b"):
        func(*args, **kwargs)


def test_unstable_queue_message_names_both_rates():
    with pytest.raises(ValueError, match=r"arrival_rate=6.*service_rate=5.*unstable: waits grow"):
        mm1(6, 5)
    with pytest.raises(ValueError, match=r"arrival_rate=5.*service_rate=5.*unstable"):
        kingman_wait(5, 5, 0.5, 0.5)
