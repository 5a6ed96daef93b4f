"""Analytic queueing formulas: why make-to-order lead times explode near full utilisation.

Under make to order each customer order waits for the line.  Queueing theory
says how long, given how busy the line is:

* :func:`utilisation` :math:`\\rho = \\lambda / (c\\mu)`;
* :func:`mm1`: the exact M/M/1 queue (random arrivals, random service
  times, one server);
* :func:`kingman_wait`: Kingman's approximation for a single server with
  any variability (the "VUT" equation of Factory Physics:
  variability x utilisation x time);
* :func:`lead_time_curve`: wait and lead time over a range of
  utilisations, ready to plot.

Rates are per time unit (say, orders per hour) and times are in the same
time unit.  The lead time here is the time in the system: waiting plus
service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mtolab._validate import check_array, check_int, check_real

__all__ = [
    "MM1Result",
    "kingman_wait",
    "lead_time_curve",
    "mm1",
    "utilisation",
]


def _check_rates(arrival_rate, service_rate):
    lam = check_real("arrival_rate", arrival_rate, low=0.0)
    mu = check_real("service_rate", service_rate, low=0.0, low_open=True)
    return lam, mu


def _check_stable(lam, mu, arrival_rate, service_rate):
    if lam >= mu:
        raise ValueError(
            f"arrival_rate must be < service_rate, got arrival_rate={arrival_rate!r}, "
            f"service_rate={service_rate!r} (utilisation {lam / mu:.3g} >= 1): "
            "unstable: waits grow without limit"
        )


def utilisation(arrival_rate, service_rate, servers=1):
    """Utilisation of a station: :math:`\\rho = \\lambda / (c\\,\\mu)`.

    The long-run share of time the servers are busy, if it is below 1.  A
    value of 1 or more means work arrives faster than it can be done: the
    queue grows without limit (the value is returned all the same, so that
    it can be shown).

    Parameters
    ----------
    arrival_rate : float
        :math:`\\lambda`, arrivals (orders) per time unit (>= 0).
    service_rate : float
        :math:`\\mu`, orders one server completes per time unit when busy
        (> 0); the mean service time is :math:`1/\\mu`.
    servers : int
        :math:`c`, number of identical parallel servers (whole number >= 1).

    Returns
    -------
    float
        :math:`\\rho` (dimensionless, >= 0).

    Examples
    --------
    >>> utilisation(4.0, 5.0)
    0.8
    >>> utilisation(6.0, 5.0, servers=2)
    0.6
    """
    lam, mu = _check_rates(arrival_rate, service_rate)
    c = check_int("servers", servers, low=1)
    return lam / (c * mu)


@dataclass(frozen=True)
class MM1Result:
    """Long-run averages of an M/M/1 queue.

    Attributes
    ----------
    arrival_rate : float
        :math:`\\lambda`, arrivals per time unit.
    service_rate : float
        :math:`\\mu`, services per time unit.
    utilisation : float
        :math:`\\rho = \\lambda/\\mu`.
    mean_wait : float
        :math:`W_q = \\rho / (\\mu - \\lambda)`, time in queue, in time units.
    mean_lead_time : float
        :math:`W = 1/(\\mu - \\lambda)`, time in system (wait plus service),
        in time units.
    mean_queue_length : float
        :math:`L_q = \\rho^2/(1-\\rho)`, orders waiting.
    mean_in_system : float
        :math:`L = \\rho/(1-\\rho)`, orders waiting or in service.
    """

    arrival_rate: float
    service_rate: float
    utilisation: float
    mean_wait: float
    mean_lead_time: float
    mean_queue_length: float
    mean_in_system: float


def mm1(arrival_rate, service_rate):
    """The M/M/1 queue: Poisson arrivals, exponential service, one server.

    .. math::

        \\rho = \\frac{\\lambda}{\\mu},\\quad
        W_q = \\frac{\\rho}{\\mu - \\lambda},\\quad
        W = \\frac{1}{\\mu - \\lambda},\\quad
        L_q = \\lambda W_q,\\quad L = \\lambda W

    (the last two are Little's law).

    Parameters
    ----------
    arrival_rate : float
        :math:`\\lambda`, arrivals (orders) per time unit (>= 0).
    service_rate : float
        :math:`\\mu`, services per time unit (> ``arrival_rate``; otherwise
        the queue is unstable and a ``ValueError`` is raised).

    Returns
    -------
    MM1Result

    Examples
    --------
    >>> r = mm1(arrival_rate=4.0, service_rate=5.0)
    >>> round(r.mean_wait, 6), round(r.mean_lead_time, 6), round(r.mean_in_system, 6)
    (0.8, 1.0, 4.0)
    """
    lam, mu = _check_rates(arrival_rate, service_rate)
    _check_stable(lam, mu, arrival_rate, service_rate)
    rho = lam / mu
    wq = rho / (mu - lam)
    w = 1.0 / (mu - lam)
    return MM1Result(
        arrival_rate=lam,
        service_rate=mu,
        utilisation=rho,
        mean_wait=wq,
        mean_lead_time=w,
        mean_queue_length=lam * wq,
        mean_in_system=lam * w,
    )


def kingman_wait(arrival_rate, service_rate, arrival_cv, service_cv):
    """Kingman's approximation of the mean wait in a single-server queue (G/G/1).

    .. math::

        W_q \\approx \\underbrace{\\frac{c_a^2 + c_s^2}{2}}_{V}\\;
        \\underbrace{\\frac{\\rho}{1 - \\rho}}_{U}\\;
        \\underbrace{\\frac{1}{\\mu}}_{T}

    the "VUT" equation: variability times utilisation times service time.
    It is exact for the M/M/1 queue (:math:`c_a = c_s = 1`) and good in
    heavy traffic; lead time is :math:`W_q + 1/\\mu`.

    Parameters
    ----------
    arrival_rate : float
        :math:`\\lambda`, arrivals per time unit (>= 0).
    service_rate : float
        :math:`\\mu`, services per time unit (> ``arrival_rate``).
    arrival_cv : float
        :math:`c_a`, coefficient of variation (standard deviation / mean) of
        the times between arrivals (dimensionless, >= 0; 1 for Poisson
        arrivals).
    service_cv : float
        :math:`c_s`, coefficient of variation of the service times
        (dimensionless, >= 0; 1 for exponential service).

    Returns
    -------
    float
        :math:`W_q`, mean time in queue, in time units.

    Examples
    --------
    >>> round(kingman_wait(4.0, 5.0, arrival_cv=1.0, service_cv=1.0), 6)
    0.8
    >>> round(kingman_wait(4.0, 5.0, arrival_cv=1.0, service_cv=0.0), 6)
    0.4
    """
    lam, mu = _check_rates(arrival_rate, service_rate)
    ca = check_real("arrival_cv", arrival_cv, low=0.0)
    cs = check_real("service_cv", service_cv, low=0.0)
    _check_stable(lam, mu, arrival_rate, service_rate)
    rho = lam / mu
    return (ca * ca + cs * cs) / 2.0 * rho / (1.0 - rho) / mu


def lead_time_curve(utilisations, service_time, arrival_cv=1.0, service_cv=1.0):
    """Mean wait and lead time of a single-server station against its utilisation.

    For each utilisation :math:`\\rho` the arrival rate is
    :math:`\\lambda = \\rho / t_s` and the wait is Kingman's
    :math:`W_q = \\frac{c_a^2 + c_s^2}{2}\\frac{\\rho}{1-\\rho} t_s`
    (exact M/M/1 values for the default coefficients of variation 1).  The
    curve bends up sharply as :math:`\\rho \\to 1`.

    Parameters
    ----------
    utilisations : array_like of float
        :math:`\\rho` values, each in [0, 1) (dimensionless).
    service_time : float
        :math:`t_s = 1/\\mu`, mean service (processing) time of one order, in
        time units (> 0).
    arrival_cv : float
        :math:`c_a`, coefficient of variation of the times between arrivals
        (>= 0).
    service_cv : float
        :math:`c_s`, coefficient of variation of the service times (>= 0).

    Returns
    -------
    pandas.DataFrame
        One row per utilisation, columns ``utilisation``, ``mean_wait``
        (:math:`W_q`) and ``mean_lead_time`` (:math:`W_q + t_s`), both in
        time units.

    Examples
    --------
    >>> lead_time_curve([0.5, 0.9], service_time=1.0)["mean_lead_time"].round(6).tolist()
    [2.0, 10.0]
    """
    rho = check_array("utilisations", utilisations, ndim=1, low=0.0)
    if np.any(rho >= 1.0):
        raise ValueError(
            "every entry of utilisations must be a finite number in [0, 1), got "
            f"{rho[rho >= 1.0][0]!r}: at utilisation 1 or more waits grow without limit"
        )
    ts = check_real("service_time", service_time, low=0.0, low_open=True)
    ca = check_real("arrival_cv", arrival_cv, low=0.0)
    cs = check_real("service_cv", service_cv, low=0.0)
    wait = (ca * ca + cs * cs) / 2.0 * rho / (1.0 - rho) * ts
    return pd.DataFrame(
        {"utilisation": rho, "mean_wait": wait, "mean_lead_time": wait + ts}
    )
