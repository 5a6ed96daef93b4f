"""Seeded customer demand: per-period order streams for one or many variants.

Demand is counted in units ordered per period (a period is a day or a week;
the lessons say which).  Every generator takes a ``seed``: the same seed
gives the same numbers, and the strategies compared in one scenario are fed
the very same array (common random numbers).

Two objects describe demand:

* :class:`DemandPattern` - how many units are ordered per period in total:
  stationary Poisson or normal demand, plus an optional linear trend,
  seasonality and a sudden surge (a *step* that lasts, or a *spike* that
  ends).
* :class:`ProductFamily` - what is ordered: a product configured from option
  groups (the PC of the assemble-to-order lesson: a choice of processor, of
  graphics card, of monitor ...).  Every combination of one choice per group
  is a *variant*; the popularity of each choice decides how demand splits
  over the variants, and :meth:`ProductFamily.bill_of_materials` says which
  components each variant needs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from mtolab._validate import (
    check_choice,
    check_int,
    check_real,
    check_seed,
)

__all__ = [
    "DemandPattern",
    "ProductFamily",
    "expected_demand",
    "generate_demand",
]

DISTRIBUTIONS = ("poisson", "normal")
POPULARITY = ("uniform", "zipf")


@dataclass(frozen=True)
class DemandPattern:
    """Total demand per period.

    The expected demand in period :math:`t = 0, 1, \\dots` is

    .. math::

        \\mu_t = \\max\\bigl(0,\\ (\\mu + \\beta t)
        \\,(1 + a \\sin(2\\pi t / m))\\,s_t\\bigr)

    with :math:`s_t` the surge factor inside the surge window and 1 outside.

    Parameters
    ----------
    mean : float
        :math:`\\mu`, base demand in units per period (>= 0).
    distribution : {"poisson", "normal"}
        ``"poisson"``: Poisson counts with mean :math:`\\mu_t`.
        ``"normal"``: :math:`N(\\mu_t, \\sigma_t^2)` rounded to whole units and
        cut at zero, with :math:`\\sigma_t = \\sigma\\,\\mu_t/\\mu` (the
        coefficient of variation stays the same as the level moves).
    sd : float
        :math:`\\sigma`, standard deviation of demand per period in units for
        normal demand (>= 0).  Ignored for Poisson demand, whose standard
        deviation is :math:`\\sqrt{\\mu_t}`.
    trend : float
        :math:`\\beta`, change of the base level per period, in units per
        period per period (any sign; demand is cut at zero).
    seasonal_amplitude : float
        :math:`a`, relative swing of the seasonal cycle, in [0, 1].
    season_length : int
        :math:`m`, periods in one seasonal cycle (>= 2).
    surge_start : int or None
        First period of a sudden surge, or ``None`` for no surge.
    surge_length : int or None
        Periods the surge lasts: ``None`` for a *step* that lasts to the end
        of the horizon, a number for a *spike*.
    surge_factor : float
        :math:`s`, demand multiplier during the surge (>= 0; 2 doubles demand).
    """

    mean: float = 20.0
    distribution: str = "poisson"
    sd: float = 0.0
    trend: float = 0.0
    seasonal_amplitude: float = 0.0
    season_length: int = 52
    surge_start: int | None = None
    surge_length: int | None = None
    surge_factor: float = 1.0

    def __post_init__(self):
        check_real("mean", self.mean, low=0.0)
        check_choice("distribution", self.distribution, DISTRIBUTIONS)
        check_real("sd", self.sd, low=0.0)
        check_real("trend", self.trend)
        check_real("seasonal_amplitude", self.seasonal_amplitude, low=0.0, high=1.0)
        check_int("season_length", self.season_length, low=2)
        if self.surge_start is not None:
            check_int("surge_start", self.surge_start, low=0)
        if self.surge_length is not None:
            check_int("surge_length", self.surge_length, low=1)
        check_real("surge_factor", self.surge_factor, low=0.0)

    @property
    def cv(self) -> float:
        """Coefficient of variation of base demand, :math:`\\sigma/\\mu`."""
        if self.mean == 0:
            return 0.0
        if self.distribution == "poisson":
            return 1.0 / np.sqrt(self.mean)
        return self.sd / self.mean

    @property
    def demand_sd(self) -> float:
        """Standard deviation of base demand per period, in units."""
        if self.distribution == "poisson":
            return float(np.sqrt(self.mean))
        return float(self.sd)


def expected_demand(pattern: DemandPattern, n_periods: int) -> np.ndarray:
    """Expected total demand :math:`\\mu_t` per period, shape ``(n_periods,)``.

    Parameters
    ----------
    pattern : DemandPattern
        The demand description.
    n_periods : int
        :math:`T`, number of periods (>= 1).
    """
    _check_pattern(pattern)
    n_periods = check_int("n_periods", n_periods, low=1)
    t = np.arange(n_periods, dtype=float)
    level = pattern.mean + pattern.trend * t
    if pattern.seasonal_amplitude:
        phase = 2 * np.pi * t / pattern.season_length
        level = level * (1.0 + pattern.seasonal_amplitude * np.sin(phase))
    if pattern.surge_start is not None:
        length = n_periods if pattern.surge_length is None else pattern.surge_length
        end = pattern.surge_start + length
        window = (t >= pattern.surge_start) & (t < end)
        level = np.where(window, level * pattern.surge_factor, level)
    return np.maximum(level, 0.0)


@dataclass(frozen=True)
class ProductFamily:
    """A product configured from option groups.

    A family with option groups of sizes :math:`(k_1, \\dots, k_g)` has
    :math:`n = \\prod_j k_j` variants.  Choice :math:`c` in group :math:`j` is
    taken with probability :math:`p_{j,c}`, independently across groups, so
    a variant's share of demand is the product of its choices'
    probabilities.  ``options=(n,)`` gives simply *n* variants.

    Parameters
    ----------
    options : tuple of int
        :math:`k_j`, number of choices in each option group (each >= 1, at
        most 6 groups and 5,000 variants).
    popularity : {"uniform", "zipf"}
        ``"uniform"``: every choice in a group is equally popular.
        ``"zipf"``: the c-th choice (c = 1, 2, ...) has weight
        :math:`c^{-s}`, a few favourites and a long tail.
    zipf_exponent : float
        :math:`s` for ``"zipf"`` popularity (>= 0; 0 is uniform).
    common_components : int
        Components every variant needs whatever its options (a chassis, a
        base unit), >= 0.  Used by :meth:`bill_of_materials`.
    """

    options: tuple = (1,)
    popularity: str = "uniform"
    zipf_exponent: float = 1.0
    common_components: int = 1

    def __post_init__(self):
        opts = self.options
        if isinstance(opts, (int, np.integer)) and not isinstance(opts, bool):
            opts = (int(opts),)
        if not isinstance(opts, (tuple, list)) or len(opts) == 0:
            raise TypeError(
                f"options must be a non-empty tuple of whole numbers >= 1 "
                f"(choices per option group), got {self.options!r}"
            )
        if len(opts) > 6:
            raise ValueError(f"options must have at most 6 option groups, got {len(opts)}")
        opts = tuple(check_int(f"options[{j}]", k, low=1) for j, k in enumerate(opts))
        object.__setattr__(self, "options", opts)
        if int(np.prod(opts)) > 5000:
            raise ValueError(
                f"options must give at most 5000 variants, got {int(np.prod(opts))} from {opts}"
            )
        check_choice("popularity", self.popularity, POPULARITY)
        check_real("zipf_exponent", self.zipf_exponent, low=0.0, high=10.0)
        check_int("common_components", self.common_components, low=0)

    @property
    def n_variants(self) -> int:
        """Number of distinct configurations, :math:`n = \\prod_j k_j`."""
        return int(np.prod(self.options))

    @property
    def n_components(self) -> int:
        """Distinct components: the common ones plus one per option choice."""
        return self.common_components + int(sum(self.options))

    def choice_probabilities(self) -> list[np.ndarray]:
        """Probabilities :math:`p_{j,c}` of each choice, one array per group."""
        probs = []
        for k in self.options:
            if self.popularity == "uniform":
                w = np.ones(k)
            else:
                w = np.arange(1, k + 1, dtype=float) ** (-self.zipf_exponent)
            probs.append(w / w.sum())
        return probs

    def variant_shares(self) -> np.ndarray:
        """Share of demand of each variant, shape ``(n_variants,)``, sums to 1.

        Variants are ordered as :func:`itertools.product` orders the choices.
        """
        shares = np.ones(1)
        for p in self.choice_probabilities():
            shares = np.outer(shares, p).ravel()
        return shares

    def variant_choices(self) -> np.ndarray:
        """Choice index in each group for each variant, ``(n_variants, groups)``."""
        return np.array(list(itertools.product(*[range(k) for k in self.options])), dtype=int)

    def bill_of_materials(self) -> np.ndarray:
        """Units of each component needed per variant, ``(n_variants, n_components)``.

        Columns are the common components first, then one component per
        choice, group by group.  Every variant needs one of each common
        component and one component per option group, so a component for
        choice *c* of group *j* is *shared* by all variants that pick *c*.
        """
        choices = self.variant_choices()
        bom = np.zeros((self.n_variants, self.n_components))
        bom[:, : self.common_components] = 1.0
        offset = self.common_components
        rows = np.arange(self.n_variants)
        for j, k in enumerate(self.options):
            bom[rows, offset + choices[:, j]] = 1.0
            offset += k
        return bom


def _check_pattern(pattern) -> None:
    if not isinstance(pattern, DemandPattern):
        raise TypeError(
            f"pattern must be a DemandPattern, got {type(pattern).__name__}"
        )


def generate_demand(
    pattern: DemandPattern,
    n_periods: int,
    n_replications: int = 1,
    seed: int | None = None,
    family: ProductFamily | None = None,
) -> np.ndarray:
    """Draw seeded demand, in whole units, for every replication and variant.

    Total demand per period is drawn from ``pattern``; it is split over the
    variants of ``family`` by a multinomial draw with the variants' shares
    (for Poisson totals this makes each variant's demand an independent
    Poisson stream).

    Parameters
    ----------
    pattern : DemandPattern
        Total demand per period.
    n_periods : int
        :math:`T`, periods to simulate (>= 1).
    n_replications : int
        :math:`R`, independent replications (>= 1).
    seed : int or None
        Seed of :func:`numpy.random.default_rng`; the same seed gives the
        same array.  ``None`` draws fresh randomness.
    family : ProductFamily or None
        Variants to split demand over; ``None`` means a single product.

    Returns
    -------
    numpy.ndarray of int64, shape ``(R, T, n_variants)``
        Units ordered of each variant in each period and replication.
    """
    _check_pattern(pattern)
    n_periods = check_int("n_periods", n_periods, low=1)
    n_replications = check_int("n_replications", n_replications, low=1)
    seed = check_seed("seed", seed)
    if family is None:
        family = ProductFamily()
    elif not isinstance(family, ProductFamily):
        raise TypeError(f"family must be a ProductFamily or None, got {type(family).__name__}")
    rng = np.random.default_rng(seed)
    mu = expected_demand(pattern, n_periods)
    shape = (n_replications, n_periods)
    if pattern.distribution == "poisson":
        total = rng.poisson(np.broadcast_to(mu, shape))
    else:
        scale = pattern.sd / pattern.mean if pattern.mean > 0 else 0.0
        draws = rng.normal(mu, scale * mu, size=shape)
        total = np.maximum(np.rint(draws), 0).astype(np.int64)
    total = total.astype(np.int64)
    if family.n_variants == 1:
        return total[:, :, None]
    return rng.multinomial(total, family.variant_shares()).astype(np.int64)
