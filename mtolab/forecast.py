"""Forecasts from past demand, dialled-in forecast error, and error metrics.

Conventions
-----------
A forecast array has the shape of the demand it forecasts.  ``F[t]`` is
the forecast *of* period :math:`t`, made at the end of period
:math:`t-1` from demand :math:`D_0, \\dots, D_{t-1}` only (one step
ahead), so it never peeks at the period it forecasts.  Period 0 has no
history: its forecast is ``initial`` (by default the first observation,
the usual textbook start).

The time axis is axis 0 of a 1-D series and axis 1 of anything bigger,
matching the ``(replications, periods, ...)`` arrays of
:func:`mtolab.generate_demand`.

The forecast error is :math:`e_t = D_t - F_t`: positive when the forecast
was too low.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mtolab._validate import check_choice, check_int, check_real, check_seed

__all__ = [
    "naive",
    "moving_average",
    "exponential_smoothing",
    "forecast",
    "noisy_forecast",
    "error_factor",
    "forecast_errors",
    "bias",
    "mad",
    "mse",
    "rmse",
    "mape",
    "tracking_signal",
    "error_metrics",
    "FORECAST_METHODS",
]

FORECAST_METHODS = ("naive", "moving_average", "exponential_smoothing")


def _series(name: str, values) -> tuple[np.ndarray, int]:
    """``values`` as a float array with at least one period, and its time axis."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        kind = type(values).__name__
        raise TypeError(f"{name} must be an array of numbers, got {kind}") from None
    if arr.ndim == 0:
        raise ValueError(f"{name} must be a series (1-D or more), got a single number {arr!r}")
    axis = 0 if arr.ndim == 1 else 1
    if arr.shape[axis] == 0:
        raise ValueError(f"{name} must hold at least one period, got none")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    return arr, axis


def _start(arr: np.ndarray, axis: int, initial) -> np.ndarray:
    """The period-0 forecast: ``initial`` or the first observation."""
    first = np.take(arr, 0, axis=axis)
    if initial is None:
        return first
    check_real("initial", initial, low=0.0)
    return np.full_like(first, float(initial))


def naive(demand, *, initial=None) -> np.ndarray:
    """Naive forecast: next period's demand equals this period's.

    :math:`F_t = D_{t-1}`.

    Parameters
    ----------
    demand : array_like
        :math:`D_t`, demand per period (units); time on axis 0 (1-D) or 1.
    initial : float or None
        :math:`F_0` (units); ``None`` uses :math:`D_0`.

    Returns
    -------
    numpy.ndarray
        Forecasts, same shape as ``demand``.
    """
    arr, axis = _series("demand", demand)
    out = np.empty_like(arr)
    head = [slice(None)] * arr.ndim
    head[axis] = 0
    out[tuple(head)] = _start(arr, axis, initial)
    if arr.shape[axis] > 1:
        dst, src = list(head), list(head)
        dst[axis], src[axis] = slice(1, None), slice(None, -1)
        out[tuple(dst)] = arr[tuple(src)]
    return out


def moving_average(demand, window: int = 4, *, initial=None) -> np.ndarray:
    """Moving-average forecast over the last ``window`` periods.

    :math:`F_t = \\frac{1}{n}\\sum_{k=1}^{n} D_{t-k}`, with :math:`n =`
    ``window``; while fewer than :math:`n` periods are known, the mean of
    those there are.

    Parameters
    ----------
    demand : array_like
        :math:`D_t`, demand per period (units).
    window : int
        :math:`n`, periods averaged (1 to 520).
    initial : float or None
        :math:`F_0` (units); ``None`` uses :math:`D_0`.

    Returns
    -------
    numpy.ndarray
        Forecasts, same shape as ``demand``.
    """
    window = check_int("window", window, low=1, high=520)
    arr, axis = _series("demand", demand)
    moved = np.moveaxis(arr, axis, 0)
    n_t = moved.shape[0]
    cum = np.concatenate([np.zeros((1, *moved.shape[1:])), np.cumsum(moved, axis=0)])
    t = np.arange(1, n_t)
    lo = np.maximum(t - window, 0)
    count = (t - lo).reshape((-1,) + (1,) * (moved.ndim - 1))
    out = np.empty_like(moved)
    out[0] = _start(arr, axis, initial)
    out[1:] = (cum[t] - cum[lo]) / count
    return np.moveaxis(out, 0, axis)


def exponential_smoothing(demand, alpha: float = 0.2, *, initial=None) -> np.ndarray:
    """Simple exponential smoothing.

    :math:`F_{t} = \\alpha D_{t-1} + (1 - \\alpha) F_{t-1}`.

    Parameters
    ----------
    demand : array_like
        :math:`D_t`, demand per period (units).
    alpha : float
        :math:`\\alpha`, smoothing constant in (0, 1]: the weight of the
        latest demand.  ``alpha=1`` is the naive forecast.
    initial : float or None
        :math:`F_0` (units); ``None`` uses :math:`D_0`.

    Returns
    -------
    numpy.ndarray
        Forecasts, same shape as ``demand``.
    """
    alpha = check_real("alpha", alpha, low=0.0, high=1.0, low_open=True)
    arr, axis = _series("demand", demand)
    moved = np.moveaxis(arr, axis, 0)
    out = np.empty_like(moved)
    out[0] = _start(arr, axis, initial)
    for t in range(1, moved.shape[0]):
        out[t] = alpha * moved[t - 1] + (1.0 - alpha) * out[t - 1]
    return np.moveaxis(out, 0, axis)


_METHODS = {
    "naive": naive,
    "moving_average": moving_average,
    "exponential_smoothing": exponential_smoothing,
}


def forecast(demand, method: str = "exponential_smoothing", **params) -> np.ndarray:
    """One-step-ahead forecast by name.

    Parameters
    ----------
    demand : array_like
        :math:`D_t`, demand per period (units).
    method : {"naive", "moving_average", "exponential_smoothing"}
        The forecasting method.
    **params
        Passed on: ``window`` for the moving average, ``alpha`` for
        exponential smoothing, ``initial`` for all.

    Returns
    -------
    numpy.ndarray
        Forecasts, same shape as ``demand``.
    """
    method = check_choice("method", method, FORECAST_METHODS)
    return _METHODS[method](demand, **params)


def noisy_forecast(expected, *, bias: float = 0.0, noise: float = 0.0, seed=None,
                   persistent_axis: int | None = None) -> np.ndarray:
    """A forecast with a chosen amount of error, for experiments.

    :math:`F = \\hat\\mu\\,(1 + b)\\,X`, where :math:`X` is a lognormal
    factor with mean 1 and standard deviation :math:`\\nu`:
    :math:`X = \\exp(s Z - s^2 / 2)` with :math:`Z \\sim N(0, 1)` and
    :math:`s^2 = \\ln(1 + \\nu^2)`.  So, at every noise level,

    .. math::

        E[F] = \\hat\\mu\\,(1 + b), \\qquad
        \\operatorname{sd}(F) = \\nu\\,\\hat\\mu\\,(1 + b),

    and :math:`F` is never negative: the noise makes forecasts wrong in
    both directions without making them high or low on average (only the
    bias :math:`b` does).  The factor is skewed: most forecasts come out a
    little low and a few far too high (its median is
    :math:`1/\\sqrt{1 + \\nu^2}`, 0.71 at :math:`\\nu = 1`).  Errors are
    independent per element unless ``persistent_axis`` is given.

    Parameters
    ----------
    expected : array_like
        :math:`\\hat\\mu`, the forecast without error (units per period).
    bias : float
        :math:`b`, relative bias: 0.1 forecasts 10 % too high, -0.1 too
        low (greater than -1, at most 10).
    noise : float
        :math:`\\nu`, relative standard deviation of the error (0 to 2).
    seed : int, numpy.random.Generator or None
        Random seed: the same seed gives the same forecast.
    persistent_axis : int or None
        If given (the time axis, say), one error is drawn for each line
        along this axis and kept: a forecast that is, for instance, 20 %
        too high period after period, as a forecast made once for a whole
        season is.  ``None`` draws a fresh error for every element.

    Returns
    -------
    numpy.ndarray
        Forecasts, same shape as ``expected``, never negative.

    Examples
    --------
    >>> import numpy as np
    >>> f = noisy_forecast(np.full(200_000, 20.0), noise=1.5, seed=1)
    >>> bool(f.min() >= 0), bool(abs(f.mean() / 20 - 1) < 0.02), round(float(f.std() / 20), 1)
    (True, True, 1.5)
    """
    base = np.asarray(expected, dtype=float)
    if base.size and (not np.all(np.isfinite(base)) or base.min() < 0):
        raise ValueError("expected must be finite and >= 0 (units per period)")
    bias = check_real("bias", bias, low=-1.0, high=10.0, low_open=True)
    noise = check_real("noise", noise, low=0.0, high=2.0)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(
        check_seed("seed", seed)
    )
    factor = 1.0 + bias
    if noise > 0:
        shape = list(base.shape)
        if persistent_axis is not None:
            axis = check_int("persistent_axis", persistent_axis, low=-base.ndim,
                             high=base.ndim - 1)
            shape[axis] = 1
        factor = factor * error_factor(rng.standard_normal(shape), noise)
    return base * factor


def error_factor(z, noise: float) -> np.ndarray:
    """The mean-one lognormal factor of :func:`noisy_forecast` for standard normals ``z``.

    :math:`X = \\exp(s z - s^2/2)`, :math:`s^2 = \\ln(1 + \\nu^2)`: mean 1 and
    standard deviation :math:`\\nu` when :math:`z \\sim N(0, 1)`.
    """
    noise = check_real("noise", noise, low=0.0, high=2.0)
    s2 = np.log1p(noise**2)
    return np.exp(np.sqrt(s2) * np.asarray(z, dtype=float) - s2 / 2)


# ----------------------------------------------------------------- metrics
_METRIC_PARAMETERS = """

    Parameters
    ----------
    demand : array_like
        :math:`D_t`, actual demand per period (units).
    forecast : array_like
        :math:`F_t`, the forecast of each period (units), same shape.
"""


def _metric(func):
    """Give an error metric the Parameters section all metrics share."""
    doc = func.__doc__.rstrip()
    head, returns, tail = doc.partition("\n\n    Returns\n")
    func.__doc__ = head + _METRIC_PARAMETERS + ("\n    Returns\n" + tail if returns else "")
    return func


@_metric
def forecast_errors(demand, forecast) -> np.ndarray:
    """Forecast errors :math:`e_t = D_t - F_t` (units): positive when too low."""
    d, _ = _series("demand", demand)
    f, _ = _series("forecast", forecast)
    if d.shape != f.shape:
        raise ValueError(
            f"demand and forecast must have the same shape, got {d.shape} and {f.shape}"
        )
    return d - f


@_metric
def bias(demand, forecast) -> float:
    """Mean error :math:`\\bar e = \\frac{1}{T}\\sum_t (D_t - F_t)` (units).

    Negative: the forecast runs high (too much stock); positive: it runs low.
    """
    return float(forecast_errors(demand, forecast).mean())


@_metric
def mad(demand, forecast) -> float:
    """Mean absolute deviation :math:`\\frac{1}{T}\\sum_t |D_t - F_t|` (units)."""
    return float(np.abs(forecast_errors(demand, forecast)).mean())


@_metric
def mse(demand, forecast) -> float:
    """Mean squared error :math:`\\frac{1}{T}\\sum_t (D_t - F_t)^2` (units squared)."""
    return float((forecast_errors(demand, forecast) ** 2).mean())


@_metric
def rmse(demand, forecast) -> float:
    """Root mean squared error :math:`\\sqrt{\\mathrm{MSE}}` (units)."""
    return float(np.sqrt(mse(demand, forecast)))


@_metric
def mape(demand, forecast) -> float:
    """Mean absolute percentage error :math:`\\frac{100}{T}\\sum_t |e_t| / D_t` (%).

    Periods with zero demand are left out (the ratio is undefined there);
    if every period has zero demand, a ``ValueError`` says so.
    """
    err = forecast_errors(demand, forecast)
    d = np.asarray(demand, dtype=float)
    keep = d != 0
    if not keep.any():
        raise ValueError("mape needs at least one period with non-zero demand")
    return float(100.0 * np.mean(np.abs(err[keep]) / np.abs(d[keep])))


@_metric
def tracking_signal(demand, forecast) -> float:
    """Tracking signal :math:`TS = \\sum_t e_t / \\mathrm{MAD}` (in MADs).

    Beyond about :math:`\\pm 4` the forecast is probably biased.  A perfect
    forecast (MAD of 0) has a tracking signal of 0.
    """
    err = forecast_errors(demand, forecast)
    scale = np.abs(err).mean()
    return 0.0 if scale == 0 else float(err.sum() / scale)


@_metric
def error_metrics(demand, forecast) -> pd.Series:
    """All error metrics of one forecast, as a labelled Series.

    Returns
    -------
    pandas.Series
        bias, MAD, MSE, RMSE (units or units squared), MAPE (%), and the
        tracking signal (MADs).  MAPE is NaN when demand is always zero.
    """
    d = np.asarray(demand, dtype=float)
    values = {
        "bias": bias(demand, forecast),
        "MAD": mad(demand, forecast),
        "MSE": mse(demand, forecast),
        "RMSE": rmse(demand, forecast),
        "MAPE (%)": mape(demand, forecast) if np.any(d != 0) else float("nan"),
        "tracking signal": tracking_signal(demand, forecast),
    }
    return pd.Series(values, name="forecast error")
