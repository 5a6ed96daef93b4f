"""The quantitative statements the lessons make, each with the check that backs it.

Every lesson's prose may state a number or a comparison ("X is cheaper than
Y", "the wait doubles", "above a noise of 1.6") only if it is registered
here, in ``lesson_NN.py``, as a :class:`Claim`: the lesson's notebook, the
statement quoted as it stands in the lesson, and a check that recomputes it
(with a confidence interval where it is about a simulation).
``tests/test_lesson_claims.py`` runs every check, checks that every quote is
in its lesson, and finds the sentences of a lesson that look quantitative
but are not registered.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

Z95 = NormalDist().inv_cdf(0.975)


@dataclass(frozen=True)
class Claim:
    """A statement of a lesson and the check that backs it.

    Attributes
    ----------
    lesson : str
        Notebook name without ``.ipynb``, e.g. ``"02_make_to_stock"``.
    quote : str
        The statement as it stands in the lesson's text (markdown emphasis
        and line breaks are ignored when it is looked up).
    check : callable
        Raises ``AssertionError`` (with a message) when the statement is false.
    nb : str, optional
        The same statement as it stands in the lesson's Norwegian (bokmål)
        edition (``notebooks/nb/``, the lesson with the same number).  Required
        once that lesson exists: the check backs both editions.
    """

    lesson: str
    quote: str
    check: Callable[[], None]
    nb: str | None = None


def all_claims() -> list[Claim]:
    """Every registered claim, from every ``lesson_*`` module of this package."""
    claims = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("lesson_"):
            claims.extend(importlib.import_module(f"{__name__}.{info.name}").CLAIMS)
    return claims


def mean_ci(values) -> tuple[float, float, float]:
    """Mean and 95 % normal confidence interval of per-replication values."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    half = Z95 * float(values.std(ddof=1)) / np.sqrt(len(values)) if len(values) > 1 else 0.0
    return mean, mean - half, mean + half


def assert_below(values, bound: float, what: str) -> None:
    """The whole 95 % interval of the mean of ``values`` lies below ``bound``."""
    mean, low, high = mean_ci(values)
    assert high < bound, f"{what}: mean {mean:.4g}, 95 % CI [{low:.4g}, {high:.4g}], not < {bound}"


def assert_above(values, bound: float, what: str) -> None:
    """The whole 95 % interval of the mean of ``values`` lies above ``bound``."""
    mean, low, high = mean_ci(values)
    assert low > bound, f"{what}: mean {mean:.4g}, 95 % CI [{low:.4g}, {high:.4g}], not > {bound}"


def assert_within(values, low_bound: float, high_bound: float, what: str) -> None:
    """The whole 95 % interval of the mean of ``values`` lies in [low_bound, high_bound]."""
    mean, low, high = mean_ci(values)
    assert low_bound <= low and high <= high_bound, (
        f"{what}: mean {mean:.4g}, 95 % CI [{low:.4g}, {high:.4g}], not within "
        f"[{low_bound}, {high_bound}]")


def kpi(result, costs, name: str, max_wait=None) -> np.ndarray:
    """One KPI of a simulated strategy, per replication (``mtolab.kpis``)."""
    from mtolab import kpi_per_replication

    return kpi_per_replication(result, costs, max_wait)[name]
