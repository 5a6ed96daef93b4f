"""Named scenarios: the markets and factories the lessons and explorers use.

Each preset is a :class:`~mtolab.Scenario`, so everything in the course that
simulates starts from one of these, and a lesson can say "the computer
maker" and mean exactly the scenario its explorer runs.  Periods are weeks.

=================  ======  ============================================================
preset             lesson  what it is
=================  ======  ============================================================
warm-up            00      one product, 20 units a week for two years; a surge in
                           weeks 60-67 (its size is the explorer's slider)
four variants      01      the default product in 4 variants, one year, 40 runs,
                           forecasts 30 % off
one product        02      one product, 20 a week, restocked weekly with a 2-week lead
                           time; stock obsolete after 6 weeks; customers who find
                           the shelf empty buy elsewhere; one year, 100 runs
workshop           03      a make-to-order workshop: 4 orders a week, capacity 5,
                           1 week of sourcing and 2 of production; customers accept
                           6 weeks; two years, 100 runs
surge              03      20 a week and a surge from week 10 (twice the demand for
                           4 weeks); make to stock forecasts by exponential
                           smoothing; one year, 100 runs
PC family          04      40 PCs a week built from 2 option groups of 3 choices and
                           1 common component; 2-week replenishment without a
                           production limit (the textbook model), 1-week
                           assembly; customers accept 1 week; one year
computer maker     05      20 computers a week in 18 configurations (Zipf
                           popularity), stock obsolete after 12 weeks, forecasts
                           30 % off; one year, 30 runs
configurable       06      a configurable product: 20 a week in 18 configurations
                           (Zipf popularity); a tenth of the customers want
                           something bespoke; half of those whose wish is not
                           offered take the standard configuration; exact buyers
                           pay 20 EUR more; make to stock keeps at most 8
                           configurations, the hybrid a quarter of them;
                           customers accept 4 weeks; two years, 20 runs
=================  ======  ============================================================

Examples
--------
>>> from mtolab.presets import preset
>>> sc = preset("computer maker", forecast_noise=0.5, costs={"mto_premium": 10.0})
>>> sc.family.n_variants, sc.forecast_noise, sc.costs.mto_premium
(18, 0.5, 10.0)
>>> preset("surge", demand={"surge_factor": 3.0}).demand.surge_factor
3.0
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from mtolab._validate import check_choice
from mtolab.costs import CostModel
from mtolab.demand import DemandPattern, ProductFamily
from mtolab.scenario import Scenario

__all__ = ["PRESETS", "preset"]

ONE = ProductFamily(options=(1,))

#: Every preset by name (read-only): see the table in :mod:`mtolab.presets`.
PRESETS = MappingProxyType({
    "warm-up": Scenario(
        demand=DemandPattern(mean=20.0, surge_start=60, surge_length=8), family=ONE,
        n_periods=104, n_replications=1, seed=2026),
    "four variants": Scenario(
        forecast_noise=0.3, production_time=1, max_wait=4, n_periods=52, n_replications=40,
        seed=2026),
    "one product": Scenario(
        family=ONE, forecast_noise=0.2, shelf_life=6, unmet_demand="lost_sales",
        max_wait=None, n_periods=52, n_replications=100, seed=2026),
    "workshop": Scenario(
        demand=DemandPattern(mean=4.0), capacity=5.0, sourcing_time=1, production_time=2,
        max_wait=6, n_periods=104, n_replications=100, seed=2026),
    "surge": Scenario(
        demand=DemandPattern(mean=20.0, surge_start=10, surge_length=4, surge_factor=2.0),
        capacity=25.0, forecast_method="exponential_smoothing", n_periods=52,
        n_replications=100, seed=2026),
    "PC family": Scenario(
        demand=DemandPattern(mean=40.0), family=ProductFamily(options=(3, 3),
                                                              common_components=1),
        lead_time=2, component_lead_time=2, assembly_time=1, shelf_life=None, max_wait=1,
        capacity_limits_stock=False,  # the safety-stock formula's model: no production limit
        n_periods=52, n_replications=50, seed=2026),
    "computer maker": Scenario(
        family=ProductFamily(options=(3, 3, 2), popularity="zipf"), shelf_life=12,
        forecast_noise=0.3, n_periods=52, n_replications=30, seed=2026),
    "configurable": Scenario(
        demand=DemandPattern(mean=20.0), capacity=25.0,
        family=ProductFamily(options=(3, 3, 2), popularity="zipf"),
        costs=CostModel(exact_spec_premium=20.0), bespoke_share=0.1, substitution=0.5,
        configurations_stocked=8, hybrid_share=0.25, max_wait=4, forecast_noise=0.3,
        shelf_life=26, n_periods=104, n_replications=20, seed=2026),
})

_NESTED = {"demand": DemandPattern, "family": ProductFamily, "costs": CostModel}


def preset(name: str, **changes) -> Scenario:
    """A named scenario, with some settings changed.

    Parameters
    ----------
    name : str
        One of :data:`PRESETS` (see the table in :mod:`mtolab.presets`).
    **changes
        :class:`~mtolab.Scenario` fields to change.  ``demand``, ``family``
        and ``costs`` also take a dict of the fields of the preset's
        :class:`~mtolab.DemandPattern`, :class:`~mtolab.ProductFamily` or
        :class:`~mtolab.CostModel` to change, e.g. ``costs={"mto_premium": 5}``.

    Returns
    -------
    Scenario
        Checked like any scenario: a bad value raises ``ValueError`` naming it.
    """
    base = PRESETS[check_choice("name", name, tuple(PRESETS))]
    for key, cls in _NESTED.items():
        if isinstance(changes.get(key), dict):
            fields = {f.name for f in dataclasses.fields(cls)}
            unknown = sorted(set(changes[key]) - fields)
            if unknown:
                raise ValueError(f"{key} has no field {unknown[0]!r}; fields: {sorted(fields)}")
            changes[key] = dataclasses.replace(getattr(base, key), **changes[key])
    return base.replace(**changes) if changes else base
