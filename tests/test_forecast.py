"""Forecasting methods and error metrics, against hand-worked examples."""

import numpy as np
import pandas as pd
import pytest

from mtolab import (
    bias,
    error_metrics,
    exponential_smoothing,
    forecast,
    mad,
    mape,
    moving_average,
    mse,
    naive,
    noisy_forecast,
    rmse,
    tracking_signal,
)

DEMAND = np.array([10.0, 12.0, 14.0, 11.0, 13.0])


def test_naive_is_last_period():
    np.testing.assert_array_equal(naive(DEMAND), [10, 10, 12, 14, 11])
    np.testing.assert_array_equal(naive(DEMAND, initial=5), [5, 10, 12, 14, 11])


def test_moving_average_hand_worked():
    # F3 = (10 + 12 + 14) / 3 = 12; F4 = (12 + 14 + 11) / 3 = 12.333...
    got = moving_average(DEMAND, window=3)
    np.testing.assert_allclose(got, [10, 10, 11, 12, 37 / 3])


def test_exponential_smoothing_hand_worked():
    # alpha = 0.5: F1 = .5*10 + .5*10 = 10, F2 = .5*12 + .5*10 = 11,
    # F3 = .5*14 + .5*11 = 12.5, F4 = .5*11 + .5*12.5 = 11.75
    np.testing.assert_allclose(exponential_smoothing(DEMAND, alpha=0.5),
                               [10, 10, 11, 12.5, 11.75])
    np.testing.assert_allclose(exponential_smoothing(DEMAND, alpha=1.0), naive(DEMAND))


def test_moving_average_matches_loop_on_replications():
    rng = np.random.default_rng(1)
    d = rng.poisson(20, size=(3, 30, 2)).astype(float)
    got = moving_average(d, window=4)
    for t in range(1, 30):
        np.testing.assert_allclose(got[:, t], d[:, max(0, t - 4):t].mean(axis=1))


def test_forecasts_never_use_the_period_they_forecast():
    d = np.arange(1.0, 21.0)
    changed = d.copy()
    changed[10] = 1000.0
    for method in ("naive", "moving_average", "exponential_smoothing"):
        a, b = forecast(d, method), forecast(changed, method)
        np.testing.assert_array_equal(a[:11], b[:11])
        assert not np.array_equal(a[11:], b[11:])


def test_smoothing_tracks_stationary_mean():
    d = np.random.default_rng(3).poisson(50, size=(200, 400)).astype(float)
    f = exponential_smoothing(d, alpha=0.1)
    assert abs(f[:, 50:].mean() - 50) < 0.2


def test_metrics_hand_worked():
    d = np.array([100.0, 120.0, 80.0, 100.0])
    f = np.array([110.0, 100.0, 90.0, 100.0])
    # errors e = D - F = -10, 20, -10, 0
    assert bias(d, f) == pytest.approx(0.0)
    assert mad(d, f) == pytest.approx(10.0)
    assert mse(d, f) == pytest.approx(150.0)
    assert rmse(d, f) == pytest.approx(np.sqrt(150.0))
    assert mape(d, f) == pytest.approx(100 * (0.1 + 20 / 120 + 0.125 + 0) / 4)
    assert tracking_signal(d, f) == pytest.approx(0.0)
    series = error_metrics(d, f)
    assert isinstance(series, pd.Series)
    assert series["MAD"] == pytest.approx(10.0)


def test_tracking_signal_flags_a_forecast_that_runs_low():
    d = np.full(12, 100.0)
    f = np.full(12, 90.0)
    assert tracking_signal(d, f) == pytest.approx(12.0)
    assert bias(d, f) == pytest.approx(10.0)
    assert tracking_signal(d, d) == 0.0


def test_mape_skips_zero_demand_and_refuses_all_zero():
    assert mape([0.0, 10.0], [5.0, 5.0]) == pytest.approx(50.0)
    with pytest.raises(ValueError, match="non-zero demand"):
        mape([0.0, 0.0], [1.0, 1.0])
    assert np.isnan(error_metrics([0.0, 0.0], [1.0, 1.0])["MAPE (%)"])


def test_noisy_forecast_has_the_bias_and_noise_asked_for():
    base = np.full((4000, 50), 20.0)
    f = noisy_forecast(base, bias=0.1, noise=0.2, seed=5)
    assert f.mean() == pytest.approx(22.0, rel=0.01)
    # sd(F) = nu * mu * (1 + b)
    assert (f / 22.0).std() == pytest.approx(0.2, rel=0.02)
    np.testing.assert_array_equal(f, noisy_forecast(base, bias=0.1, noise=0.2, seed=5))
    assert not np.array_equal(f, noisy_forecast(base, bias=0.1, noise=0.2, seed=6))
    assert (noisy_forecast(base, noise=2.0, seed=1) >= 0).all()


@pytest.mark.parametrize("noise", [0.0, 0.25, 0.5, 1.0, 1.5, 2.0])
@pytest.mark.parametrize("bias", [-0.3, 0.0, 0.2])
def test_noise_never_biases_the_forecast(noise, bias):
    """The mean forecast is mu (1 + b) at every noise level (the old cut at zero
    made it 10 % too high at a noise of 1 and 43 % at 2)."""
    mu = 20.0
    f = noisy_forecast(np.full(400_000, mu), bias=bias, noise=noise, seed=17)
    assert f.min() >= 0
    half = 4 * f.std() / np.sqrt(f.size)  # a 99.99 % interval of the sample mean
    assert abs(f.mean() - mu * (1 + bias)) <= half + 1e-9


def test_persistent_noise_is_one_error_per_line():
    base = np.full((100, 30, 3), 10.0)
    f = noisy_forecast(base, noise=0.3, seed=2, persistent_axis=1)
    np.testing.assert_array_equal(f, np.broadcast_to(f[:, :1], f.shape))
    assert f[:, 0].std() > 1.0


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: moving_average(DEMAND, window=0), ValueError, "window"),
        (lambda: moving_average(DEMAND, window=2.5), ValueError, "window"),
        (lambda: moving_average(DEMAND, window="4"), TypeError, "window"),
        (lambda: exponential_smoothing(DEMAND, alpha=0), ValueError, "alpha"),
        (lambda: exponential_smoothing(DEMAND, alpha=1.5), ValueError, "alpha"),
        (lambda: exponential_smoothing(DEMAND, alpha=float("nan")), ValueError, "alpha"),
        (lambda: naive(5.0), ValueError, "demand"),
        (lambda: naive([]), ValueError, "demand"),
        (lambda: naive([1.0, float("inf")]), ValueError, "demand"),
        (lambda: naive(["a", "b"]), TypeError, "demand"),
        (lambda: naive(DEMAND, initial=-1), ValueError, "initial"),
        (lambda: forecast(DEMAND, "holt"), ValueError, "method"),
        (lambda: noisy_forecast([1.0], bias=-1), ValueError, "bias"),
        (lambda: noisy_forecast([1.0], noise=-0.1), ValueError, "noise"),
        (lambda: noisy_forecast([1.0], noise=0.1, seed=-3), ValueError, "seed"),
        (lambda: noisy_forecast([-1.0]), ValueError, "expected"),
        (lambda: mad([1.0, 2.0], [1.0]), ValueError, "same shape"),
    ],
)
def test_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()
