"""One scenario, every strategy: common random numbers and side-by-side KPIs.

A :class:`Scenario` gathers demand, product family, costs and the
settings of each strategy.  :meth:`Scenario.simulate` runs one strategy;
:func:`compare_strategies` runs them all on the *same* demand array (common
random numbers), so that differences between strategies come from the
strategies and not from luck.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from mtolab._validate import (
    check_choice,
    check_int,
    check_probability,
    check_real,
    check_seed,
)
from mtolab.costs import CostModel
from mtolab.customisation import Offer, customer_choices, expected_shares, offered_demand
from mtolab.demand import DemandPattern, ProductFamily, expected_demand, generate_demand
from mtolab.forecast import forecast as data_forecast
from mtolab.forecast import noisy_forecast
from mtolab.inventory import forecast_error_safety_stock
from mtolab.kpis import kpi_table
from mtolab.simulate import SimResult, simulate_ato, simulate_hybrid, simulate_mto, simulate_mts
from mtolab.simulate._core import sum_variants

__all__ = ["Scenario", "Comparison", "compare_strategies", "cheapest_strategy_grid", "STRATEGIES"]

STRATEGIES = ("MTS", "ATO", "MTO", "Hybrid")
#: Largest replications x periods x configurations a scenario may simulate.
MAX_CELLS = 30_000_000
FORECAST_METHODS = ("expected", "naive", "moving_average", "exponential_smoothing")


@dataclass(frozen=True)
class Scenario:
    """A market and a factory, to run every strategy on.

    Periods are weeks in the lessons.  Default values describe a product
    sold at about 20 units a week in 4 variants, over two years.

    Parameters
    ----------
    demand : DemandPattern
        Total customer demand per period.
    family : ProductFamily
        Variants and the components they are assembled from.
    costs : CostModel
        Cost parameters.
    n_periods : int
        :math:`T`, periods simulated (1 to 2,000).
    n_replications : int
        :math:`R`, independent replications (1 to 5,000).
    seed : int
        Seed for demand and forecast noise; the same seed, the same numbers.
    service_level : float
        :math:`\\alpha`, target cycle service level of every stock, in
        (0, 1); sets the safety factor :math:`z = \\Phi^{-1}(\\alpha)`.
    lead_time : int
        :math:`L`, periods to replenish finished goods under MTS (0 to 52).
    review_period : int
        :math:`r`, periods between replenishment orders (1 to 52).
    forecast_method : {"expected", "naive", "moving_average", "exponential_smoothing"}
        Base forecast: the true expected demand, or a forecast from past
        demand.  ``forecast_bias`` and ``forecast_noise`` are applied on top.
    forecast_bias : float
        Relative bias of the forecast (0.1 = 10 % too high; > -1).
    forecast_noise : float
        :math:`\\nu`, relative standard deviation of the forecast error of
        each variant (0 to 2): the forecast is the base forecast times
        :math:`(1 + b)` times a mean-one lognormal factor of standard
        deviation :math:`\\nu` (:func:`~mtolab.noisy_forecast`), so noise
        alone never makes forecasts high or low on average.  Each
        replication draws one factor per variant that lasts the whole run,
        like a forecast made once for a season.  The planner knows the size
        of the noise (not the bias) and sizes safety stock for that error
        distribution.
    shelf_life : int or None
        Periods before stock becomes obsolete (finished goods and
        components); ``None``: never.
    unmet_demand : {"backorder", "lost_sales"}
        Under MTS, whether customers wait for a stocked-out item or leave.
    capacity : float
        :math:`c`, units the factory can make per period (> 0): the units
        that can start production to order, and (see
        ``capacity_limits_stock``) the most it can make for stock.
    capacity_limits_stock : bool
        Whether the capacity also limits making to stock: finished goods
        under MTS, components under ATO (:math:`c` kits a period) and the
        hybrid's stocked part (the hybrid splits :math:`c` between its
        stock and its make-to-order line in proportion to their expected
        demand).  ``False`` gives the textbook base-stock model, in which
        stock is replenished without limit (and the hybrid's make-to-order
        line gets what the stocked part's mean demand leaves).
    sourcing_time : int
        :math:`t_s`, periods to source materials for an MTO order (0 to 52).
    production_time : int
        :math:`t_p`, periods to make an MTO order once started (0 to 52).
    component_lead_time : int
        Periods to replenish components under ATO (0 to 52).
    assembly_time : int
        :math:`t_a`, periods from assembly to delivery under ATO (0 to 52).
    assembly_capacity : float or None
        Units that can be assembled per period, ``None`` for no limit.
    max_wait : int or None
        Longest lead time customers accept, in periods (0 to 104); later
        deliveries pay the late-delivery penalty.  ``None``: no limit.
    refuse_late_orders : bool
        Under MTO, customers walk away when the quoted lead time exceeds
        ``max_wait``.
    hybrid_share : float
        Share of variants the hybrid makes to stock, most popular first
        (0 to 1).
    configurations_stocked : int or None
        How many configurations make to stock offers, the most popular
        first (1 to the number of variants); ``None``: all of them.
        Customers of the others take the standard configuration or walk
        away (see :mod:`mtolab.customisation`).
    bespoke_share : float
        Share of customers who want a specification no combination of the
        catalogue's options gives (0 to 1); only make to order (MTO, the
        hybrid's make-to-order line) makes it.
    substitution : float
        Share of customers whose exact configuration is not offered who
        take the standard one (the most popular on offer) at the standard
        price instead of walking away (0 to 1).

    Examples
    --------
    >>> sc = Scenario(n_periods=52, n_replications=50)
    >>> sc.family.n_variants, sc.utilisation
    (4, 0.8)
    >>> from mtolab import kpi_table
    >>> mts = kpi_table(sc.simulate("MTS"), sc.costs, sc.max_wait)
    >>> bool(mts.loc["served from stock", "mean"] > 90)
    True
    """

    demand: DemandPattern = field(default_factory=DemandPattern)
    family: ProductFamily = field(default_factory=lambda: ProductFamily(options=(2, 2)))
    costs: CostModel = field(default_factory=CostModel)
    n_periods: int = 104
    n_replications: int = 200
    seed: int = 2026
    service_level: float = 0.95
    lead_time: int = 2
    review_period: int = 1
    forecast_method: str = "expected"
    forecast_bias: float = 0.0
    forecast_noise: float = 0.0
    shelf_life: int | None = 26
    unmet_demand: str = "backorder"
    capacity: float = 25.0
    capacity_limits_stock: bool = True
    sourcing_time: int = 1
    production_time: int = 1
    component_lead_time: int = 2
    assembly_time: int = 1
    assembly_capacity: float | None = None
    max_wait: int | None = 4
    refuse_late_orders: bool = False
    hybrid_share: float = 0.5
    configurations_stocked: int | None = None
    bespoke_share: float = 0.0
    substitution: float = 0.5

    def __post_init__(self):
        for name, cls in (("demand", DemandPattern), ("family", ProductFamily),
                          ("costs", CostModel)):
            if not isinstance(getattr(self, name), cls):
                raise TypeError(
                    f"{name} must be a {cls.__name__}, got {type(getattr(self, name)).__name__}"
                )
        check_int("n_periods", self.n_periods, low=1, high=2000)
        check_int("n_replications", self.n_replications, low=1, high=5000)
        if self.seed is None:
            raise TypeError("seed must be a whole number >= 0, got None: scenarios are seeded")
        check_seed("seed", self.seed)
        check_probability("service_level", self.service_level, low_open=True, high_open=True)
        for name in ("lead_time", "sourcing_time", "production_time", "component_lead_time",
                     "assembly_time"):
            check_int(name, getattr(self, name), low=0, high=52)
        check_int("review_period", self.review_period, low=1, high=52)
        check_choice("forecast_method", self.forecast_method, FORECAST_METHODS)
        check_real("forecast_bias", self.forecast_bias, low=-1.0, low_open=True, high=10.0)
        check_real("forecast_noise", self.forecast_noise, low=0.0, high=2.0)
        if self.shelf_life is not None:
            check_int("shelf_life", self.shelf_life, low=1)
        check_choice("unmet_demand", self.unmet_demand, ("backorder", "lost_sales"))
        check_real("capacity", self.capacity, low=0.0, low_open=True)
        if self.assembly_capacity is not None:
            check_real("assembly_capacity", self.assembly_capacity, low=0.0, low_open=True)
        if self.max_wait is not None:
            check_int("max_wait", self.max_wait, low=0, high=104)
        for name in ("refuse_late_orders", "capacity_limits_stock"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        check_probability("hybrid_share", self.hybrid_share)
        if self.configurations_stocked is not None:
            check_int("configurations_stocked", self.configurations_stocked, low=1,
                      high=self.family.n_variants)
        check_probability("bespoke_share", self.bespoke_share)
        check_probability("substitution", self.substitution)
        cells = self.n_replications * self.n_periods * self.family.n_variants
        if cells > MAX_CELLS:
            raise ValueError(
                f"n_replications x n_periods x configurations must be at most {MAX_CELLS:,} "
                f"(memory), got {self.n_replications} x {self.n_periods} x "
                f"{self.family.n_variants} = {cells:,}: lower n_replications or n_periods"
            )

    def replace(self, **changes) -> Scenario:
        """A copy with some fields changed (and checked again)."""
        return dataclasses.replace(self, **changes)

    # ----------------------------------------------------------------- demand
    def demand_array(self) -> np.ndarray:
        """Seeded demand, ``(R, T, n_variants)``; the same array for every strategy.

        Read-only, and of ``int32`` (``int64`` only if a period's demand could
        reach a 2**31 / (64 T)-th): half the memory of
        :func:`~mtolab.demand.generate_demand`'s ``int64``, and every
        simulation reads it several times.
        """
        return _demand(self.demand, self.n_periods, self.n_replications, self.seed, self.family)

    @property
    def utilisation(self) -> float:
        """Mean demand over make-to-order capacity, :math:`\\rho = \\mu / c`."""
        return self.demand.mean / self.capacity

    @property
    def safety_factor(self) -> float:
        """:math:`z = \\Phi^{-1}(\\alpha)`."""
        return NormalDist().inv_cdf(self.service_level)

    def _total_variance(self) -> float:
        if self.demand.distribution == "poisson":
            return self.demand.mean
        return self.demand.sd**2

    def _stream_moments(self, matrix: np.ndarray, shares: np.ndarray):
        """Mean, variance and forecast-error weight of demand streams.

        A stream uses ``matrix[i, j]`` units per unit of variant *i* (the
        identity for variants, the bill of materials for components).
        With total demand *N*, each customer ordering variant *i* with
        probability :math:`p_i` (``shares``, summing to at most 1),
        :math:`\\operatorname{Var} = \\operatorname{Var}(N) q^2 + \\mu (\\sum_i m_i^2 p_i - q^2)`
        with :math:`q = \\sum_i m_i p_i`.
        """
        p = np.asarray(shares, dtype=float)
        q = p @ matrix
        mu = self.demand.mean
        var = self._total_variance() * q**2 + mu * (p @ matrix**2 - q**2)
        noise_weight = np.sqrt((p[:, None] ** 2 * matrix**2).sum(axis=0))
        return mu * q, np.maximum(var, 0.0), mu * noise_weight

    def _safety_stock(self, matrix, lead_time, shares):
        """Safety stock per stream for demand and the forecast error actually drawn.

        Over :math:`H = L + r` periods a stream's demand has standard
        deviation :math:`\\sqrt{H}\\sigma` and mean :math:`H\\mu`; its forecast
        is off by a persistent error factor whose relative standard deviation
        is :math:`\\nu` for one variant, and :math:`\\nu\\sqrt{\\sum_i b_i^2} /
        \\sum_i b_i` for a component used by several variants (expected use
        :math:`b_i` by variant *i*, errors independent; the sum is treated as
        one lognormal factor with that mean and spread).  The safety stock is
        the :math:`\\alpha` quantile of the shortfall
        (:func:`~mtolab.inventory.forecast_error_safety_stock`); with no
        forecast noise, :math:`z\\sqrt{H}\\sigma`.
        """
        mean, var, noise_scale = self._stream_moments(matrix, shares)
        horizon = lead_time + self.review_period
        noise = self.forecast_noise * noise_scale / np.maximum(mean, 1e-12)
        return forecast_error_safety_stock(self.service_level, np.sqrt(horizon * var),
                                           horizon * mean, np.minimum(noise, 2.0))

    def forecast_array(self, strategy: str = "MTS") -> np.ndarray:
        """One-step-ahead forecast of the orders of each variant, ``(R, T, n)``.

        The orders ``strategy`` receives: those of the configurations it
        offers, plus the customers who take the standard configuration
        instead of theirs (with every configuration offered and no bespoke
        customers, every strategy sees the same orders).
        """
        offer = self.offer(strategy)
        if self.forecast_method == "expected":
            base = expected_demand(self.demand, self.n_periods)[:, None] * self._shares(offer)
            base = np.broadcast_to(base, (self.n_replications, *base.shape))
        else:
            base = data_forecast(self.orders(strategy)["orders"].astype(float),
                                 self.forecast_method)
        if self.forecast_bias == 0 and self.forecast_noise == 0:
            return np.asarray(base, dtype=float)
        noise_seed = int(np.random.SeedSequence([self.seed, 1]).generate_state(1)[0])
        return noisy_forecast(base, bias=self.forecast_bias, noise=self.forecast_noise,
                              seed=noise_seed, persistent_axis=1)

    def _targets(self, forecast, matrix, lead_time, shares):
        """Order-up-to levels :math:`S_t = (L+r)\\hat\\mu_{t+1} + SS`, and start stocks."""
        # A forecast shared by every replication (a broadcast view) gives
        # targets shared by every replication: compute them once.
        shared = forecast.strides[0] == 0
        stream_forecast = (forecast[:1] if shared else forecast) @ matrix
        nxt = np.minimum(np.arange(self.n_periods) + 1, self.n_periods - 1)
        horizon = lead_time + self.review_period
        ss = self._safety_stock(matrix, lead_time, shares)
        target = horizon * stream_forecast[:, nxt] + ss
        first = stream_forecast[:, 0]
        if shared:
            n_rep = forecast.shape[0]
            target = np.broadcast_to(target, (n_rep, *target.shape[1:]))
            first = np.broadcast_to(first, (n_rep, *first.shape[1:]))
        return target, first * self.review_period + ss, first

    # ---------------------------------------------------------- customisation
    def offer(self, strategy: str):
        """What ``strategy`` offers customers (:class:`~mtolab.customisation.Offer`).

        MTO and the hybrid make any configuration, bespoke ones included;
        ATO every catalogue configuration; MTS the
        ``configurations_stocked`` most popular ones.
        """
        strategy = check_choice("strategy", strategy, STRATEGIES)
        shares = self.family.variant_shares()
        offered = np.ones(len(shares), dtype=bool)
        if strategy == "MTS" and self.configurations_stocked is not None:
            offered[:] = False
            offered[np.argsort(-shares, kind="stable")[: self.configurations_stocked]] = True
        return Offer.of(shares, offered, bespoke=strategy in ("MTO", "Hybrid"))

    def _shares(self, offer) -> np.ndarray:
        """Expected share of customers ordering each variant under ``offer``."""
        return expected_shares(self.family.variant_shares(), offer, self.bespoke_share,
                               self.substitution)

    def orders(self, strategy: str) -> dict:
        """The orders ``strategy`` receives from this scenario's customers.

        Returns
        -------
        dict
            ``orders`` ``(R, T, n)`` per catalogue configuration (substitutes
            included in the standard one), ``bespoke``, ``substituted`` and
            ``walked_away`` ``(R, T)``, as
            :func:`~mtolab.customisation.offered_demand` gives them; when
            the strategy offers what every customer wants, ``orders`` is
            :meth:`demand_array` itself and the others are ``None``.
        """
        offer = self.offer(strategy)
        customers = self.demand_array()
        if self.bespoke_share == 0 and offer.offered.all():  # every wish on offer
            return {"orders": customers, "bespoke": None, "substituted": None,
                    "walked_away": None}
        return offered_demand(customers, self._choices(), offer)

    def _choices(self):
        return _choices(self.demand, self.n_periods, self.n_replications, self.seed, self.family,
                        self.bespoke_share, self.substitution)

    # ------------------------------------------------------------- strategies
    def simulate(self, strategy: str, engine: str = "auto") -> SimResult:
        """Run one strategy on this scenario's customers.

        Parameters
        ----------
        strategy : {"MTS", "ATO", "MTO", "Hybrid"}
        engine : {"auto", "reference"}
            ``"reference"`` runs the period-by-period reference models
            (:mod:`mtolab.simulate.reference`); ``"auto"`` the faster paths
            where they apply.  Both give the same numbers.
        """
        strategy = check_choice("strategy", strategy, STRATEGIES)
        engine_fn, inputs, seen = self._engine_inputs(strategy, engine)
        return self._with_customers(engine_fn(**inputs), seen)

    def simulate_forecasts(self, strategy: str, forecasts) -> list:
        """Run one strategy on this scenario with each of several forecast settings.

        The same numbers as ``[self.replace(forecast_noise=n, forecast_bias=b)
        .simulate(strategy) for n, b in forecasts]``, computed as one
        simulation: the settings change only the order-up-to levels, so their
        replications are stacked and run together (replications are
        independent), which saves the fixed cost of many small runs.

        Parameters
        ----------
        strategy : {"MTS", "ATO", "MTO", "Hybrid"}
        forecasts : sequence of (float, float)
            ``(forecast_noise, forecast_bias)`` pairs.

        Returns
        -------
        list of SimResult
            One per pair, in order.
        """
        strategy = check_choice("strategy", strategy, STRATEGIES)
        variants = [self.replace(forecast_noise=noise, forecast_bias=bias)
                    for noise, bias in forecasts]
        if not variants:
            return []
        runs = [v._engine_inputs(strategy, "auto") for v in variants]
        engine_fn, first, seen = runs[0]
        stacked = dict(first)
        for name in _PER_REPLICATION_INPUTS:
            if name in first:
                shape = np.shape(first[name])
                stacked[name] = np.concatenate([np.broadcast_to(inputs[name], shape)
                                                for _, inputs, _ in runs])
        result = engine_fn(**stacked)
        n_rep = self.n_replications
        return [self._with_customers(_replications(result, slice(k * n_rep, (k + 1) * n_rep)),
                                     seen)
                for k in range(len(variants))]

    def _engine_inputs(self, strategy: str, engine: str):
        """The engine that simulates ``strategy``, its keyword arguments, and the
        customers' choices (for :meth:`_with_customers`)."""
        seen = self.orders(strategy)
        orders, bespoke = seen["orders"], seen["bespoke"]
        stock_capacity = self.capacity if self.capacity_limits_stock else None
        if strategy == "MTO":
            total = sum_variants(orders) if bespoke is None else sum_variants(orders) + bespoke
            return simulate_mto, dict(
                orders=total, capacity=self.capacity, sourcing_time=self.sourcing_time,
                production_time=self.production_time, max_wait=self.max_wait,
                refuse_late_orders=self.refuse_late_orders, engine=engine), seen
        offer = self.offer(strategy)
        shares = self._shares(offer)
        fc = self.forecast_array(strategy)
        if strategy == "ATO":
            bom = self.family.bill_of_materials()
            target, start, pipe = self._targets(fc, bom, self.component_lead_time, shares)
            return simulate_ato, dict(
                orders=orders, bill_of_materials=bom, component_order_up_to=target,
                lead_time=self.component_lead_time, review_period=self.review_period,
                assembly_time=self.assembly_time, assembly_capacity=self.assembly_capacity,
                capacity=stock_capacity, shelf_life=self.shelf_life,
                initial_inventory=start, initial_pipeline=pipe, engine=engine), seen
        ident = np.eye(self.family.n_variants)
        if strategy == "MTS":
            mask = offer.offered
            target, start, pipe = self._targets(fc, ident[:, mask], self.lead_time, shares)
            stocked = orders if mask.all() else orders[:, :, mask]
            return simulate_mts, dict(
                demand=stocked, order_up_to=target, lead_time=self.lead_time,
                review_period=self.review_period, shelf_life=self.shelf_life,
                unmet_demand=self.unmet_demand, capacity=stock_capacity,
                initial_inventory=start, initial_pipeline=pipe, engine=engine), seen
        stocked = self.stocked_variants()
        target, start, pipe = self._targets(fc, ident[:, stocked], self.lead_time, shares)
        stocked_share = float(shares[stocked].sum())
        if bespoke is not None:  # bespoke orders join the make-to-order line
            orders = np.concatenate([orders, bespoke[:, :, None]], axis=2)
            stocked = np.append(stocked, False)
        if self.capacity_limits_stock:
            stock_capacity = self.capacity * stocked_share if stocked.any() else None
            line_capacity = self.capacity * (1.0 - stocked_share)
        else:
            line_capacity = self.capacity - self.demand.mean * stocked_share
        return simulate_hybrid, dict(
            demand=orders, stocked=stocked, order_up_to=target, lead_time=self.lead_time,
            capacity=max(line_capacity, 0.01 * self.capacity), stock_capacity=stock_capacity,
            review_period=self.review_period, shelf_life=self.shelf_life,
            unmet_demand=self.unmet_demand, sourcing_time=self.sourcing_time,
            production_time=self.production_time, max_wait=self.max_wait,
            refuse_late_orders=self.refuse_late_orders,
            initial_inventory=start, initial_pipeline=pipe, engine=engine), seen

    def _with_customers(self, result: SimResult, seen: dict) -> SimResult:
        """``result`` counted against every customer who asked, not only the orders taken."""
        if seen["walked_away"] is None:
            return result
        return dataclasses.replace(result, demand=sum_variants(self.demand_array()),
                                   walked_away=seen["walked_away"],
                                   substituted=seen["substituted"])

    def stocked_variants(self) -> np.ndarray:
        """Boolean mask of the variants the hybrid makes to stock (most popular first)."""
        shares = self.family.variant_shares()
        k = int(round(self.hybrid_share * len(shares)))
        mask = np.zeros(len(shares), dtype=bool)
        mask[np.argsort(-shares, kind="stable")[:k]] = True
        return mask

    def kpis(self, strategy: str) -> pd.DataFrame:
        """KPI table (mean and confidence interval) of one strategy."""
        return kpi_table(self.simulate(strategy), self.costs, self.max_wait)


@lru_cache(maxsize=16)
def _demand(pattern, n_periods, n_replications, seed, family):
    arr = generate_demand(pattern, n_periods, n_replications, seed=seed, family=family)
    if arr.max(initial=0) < 2**31 // (64 * n_periods):  # room for sums over periods
        arr = arr.astype(np.int32)
    arr.flags.writeable = False
    return arr


@lru_cache(maxsize=8)
def _choices(pattern, n_periods, n_replications, seed, family, bespoke_share, substitution):
    demand = _demand(pattern, n_periods, n_replications, seed, family)
    return customer_choices(demand, bespoke_share, substitution, seed)


@dataclass
class Comparison:
    """Strategies simulated on one scenario.

    Attributes
    ----------
    scenario : Scenario
    results : dict of str to SimResult
    detail : pandas.DataFrame
        Long table: strategy, kpi, unit, mean, ci_low, ci_high.
    """

    scenario: Scenario
    results: dict
    detail: pd.DataFrame

    @property
    def summary(self) -> pd.DataFrame:
        """Mean KPIs: one row per KPI (with its unit), one column per strategy."""
        wide = self.detail.pivot(index="kpi", columns="strategy", values="mean")
        order = list(dict.fromkeys(self.detail["kpi"]))
        wide = wide.loc[order, list(self.results)]
        units = self.detail.drop_duplicates("kpi").set_index("kpi")["unit"]
        wide.insert(0, "unit", units.loc[order])
        wide.columns.name = None
        return wide

    def trace(self, strategy: str, replication: int = 0) -> pd.DataFrame:
        """Per-period flows of one replication of one strategy."""
        strategy = check_choice("strategy", strategy, tuple(self.results))
        return self.results[strategy].trace(replication)

    def cheapest(self) -> str:
        """Strategy with the lowest mean total cost per unit sold."""
        return str(self._means("total cost").idxmin())

    def most_profitable(self) -> str:
        """Strategy with the highest mean profit per week (revenue less money spent)."""
        return str(self._means("profit per week").idxmax())

    def _means(self, kpi: str) -> pd.Series:
        return self.detail[self.detail["kpi"] == kpi].set_index("strategy")["mean"]

    def _repr_html_(self):
        return self.summary.round(2).to_html()


# The engine inputs that hold one row per replication (stacked by simulate_forecasts).
_PER_REPLICATION_INPUTS = ("orders", "demand", "order_up_to", "component_order_up_to",
                           "initial_inventory", "initial_pipeline")


def _replications(result: SimResult, rows: slice) -> SimResult:
    """The flows of some replications of ``result``."""
    n_rep = result.n_replications
    return dataclasses.replace(result, **{
        f.name: getattr(result, f.name)[rows] for f in dataclasses.fields(result)
        if isinstance(getattr(result, f.name), np.ndarray)
        and getattr(result, f.name).shape[:1] == (n_rep,)})


def compare_strategies(scenario: Scenario, strategies=STRATEGIES) -> Comparison:
    """Simulate several strategies on the same demand and tabulate their KPIs.

    Parameters
    ----------
    scenario : Scenario
        The scenario; every strategy sees its one demand array.
    strategies : sequence of str
        Any of "MTS", "ATO", "MTO", "Hybrid".

    Returns
    -------
    Comparison
        ``.summary`` is the side-by-side table, ``.detail`` adds confidence
        intervals, ``.trace(strategy)`` gives one replication per period.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    if isinstance(strategies, str) or len(strategies) == 0:
        raise ValueError(f"strategies must be a non-empty list of {STRATEGIES}, got {strategies!r}")
    from mtolab.analysis import simulate_strategies  # (analysis builds on this module)

    names = [check_choice("strategies", s, STRATEGIES) for s in strategies]
    # Cached runs: a paired difference or a sweep on the same scenario after a
    # comparison simulates nothing again.
    results = simulate_strategies(scenario, names)
    frames = []
    for name, result in results.items():
        table = kpi_table(result, scenario.costs, scenario.max_wait).reset_index()
        table.insert(0, "strategy", name)
        frames.append(table)
    return Comparison(scenario, results, pd.concat(frames, ignore_index=True))


def cheapest_strategy_grid(scenario: Scenario, x_name: str, x_values, y_name: str, y_values,
                           strategies=STRATEGIES, progress=None) -> pd.DataFrame:
    """Which strategy is cheapest, over a grid of two scenario settings.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    x_name, y_name : str
        Names of numeric :class:`Scenario` fields to vary (for example
        ``"forecast_noise"`` and ``"max_wait"``), or ``"costs.<field>"`` for a
        :class:`CostModel` field such as ``"costs.mto_premium"``.
    x_values, y_values : sequence of numbers
        Values to try.
    strategies : sequence of str
        Strategies to compare.
    progress : callable or None
        Called as ``progress(done, total)`` after each cell, to show progress
        on long grids.

    Returns
    -------
    pandas.DataFrame
        Rows: ``y_values`` (index named ``y_name``); columns: ``x_values``
        (named ``x_name``); cells: the cheapest strategy.  The total costs
        are in ``.attrs["total_cost"]``, a dict of strategy to a DataFrame of
        the same shape.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    x_values, y_values = list(x_values), list(y_values)
    if not x_values or not y_values:
        raise ValueError("x_values and y_values must each hold at least one value")
    cells = {}
    cost = {s: pd.DataFrame(index=y_values, columns=x_values, dtype=float) for s in strategies}
    total, done = len(x_values) * len(y_values), 0
    for y in y_values:
        for x in x_values:
            sc = _with(_with(scenario, x_name, x), y_name, y)
            comp = compare_strategies(sc, strategies)
            totals = comp.detail[comp.detail["kpi"] == "total cost"].set_index("strategy")
            for s in strategies:
                cost[s].loc[y, x] = totals.loc[s, "mean"]
            cells[(y, x)] = comp.cheapest()
            done += 1
            if progress is not None:
                progress(done, total)
    grid = pd.DataFrame(index=pd.Index(y_values, name=y_name),
                        columns=pd.Index(x_values, name=x_name), dtype=object)
    for (y, x), name in cells.items():
        grid.loc[y, x] = name
    grid.attrs["total_cost"] = cost
    return grid


def _with(scenario: Scenario, name: str, value) -> Scenario:
    """``scenario`` with one field (or ``costs.<field>``) set to ``value``."""
    if not isinstance(name, str):
        raise TypeError(f"parameter name must be a string, got {name!r}")
    if name.startswith("costs."):
        field_name = name.split(".", 1)[1]
        if field_name not in {f.name for f in dataclasses.fields(CostModel)}:
            raise ValueError(f"{name!r} is not a CostModel field")
        return scenario.replace(costs=dataclasses.replace(scenario.costs, **{field_name: value}))
    if name.startswith("demand."):
        field_name = name.split(".", 1)[1]
        if field_name not in {f.name for f in dataclasses.fields(DemandPattern)}:
            raise ValueError(f"{name!r} is not a DemandPattern field")
        return scenario.replace(demand=dataclasses.replace(scenario.demand, **{field_name: value}))
    if name not in {f.name for f in dataclasses.fields(Scenario)}:
        raise ValueError(f"{name!r} is not a Scenario field")
    if isinstance(value, float) and value.is_integer() and isinstance(
        getattr(scenario, name), int
    ):
        value = int(value)
    return scenario.replace(**{name: value})
