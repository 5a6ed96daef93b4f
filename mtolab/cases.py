"""The course's cases: products to place on a strategy and a decoupling point.

Seven products the sources and the course talk about, from bolts to a
bridge.  Five come with a stylised :class:`~mtolab.Scenario` to simulate;
their numbers (prices, costs, volumes, options) are invented for the
model, to show the mechanism, and describe no real firm.  Two, bread and a
bridge, are described but not simulated: bread spoils within a day (the
course's periods are weeks), and a bridge is designed for its site before
anything is made (engineer to order), which the course's models do not
cover.

>>> from mtolab.cases import CASES
>>> [c.key for c in CASES]
['bolts', 'bread', 'pc', 'car', 'suit', 'furniture', 'bridge']
>>> CASES[3].strategy, CASES[3].decoupling_point
('MTO', 'before production')
"""

from __future__ import annotations

from dataclasses import dataclass

from mtolab.costs import CostModel
from mtolab.demand import DemandPattern, ProductFamily
from mtolab.scenario import Scenario

__all__ = ["Case", "CASES", "INDUSTRIES", "case"]

@dataclass(frozen=True)
class Case:
    """A product and the strategy that suits it.

    Attributes
    ----------
    key : str
        Short name (``"pc"``).
    title : str
        What is made and sold.
    strategy : str
        Where the course places it: "MTS", "ATO", "MTO", "Hybrid" or "ETO"
        (engineer to order).
    decoupling_point : str
        "finished goods", "before final assembly", "before production" or
        "before design" (a hybrid has one for each part).
    why : str
        The reasons, in a sentence or two.
    scenario : Scenario or None
        A stylised model to simulate, ``None`` when the case is only described.
    ties : tuple of str
        Strategies that earn about as much as ``strategy`` in the scenario
        (their confidence intervals of profit per week overlap).
    """

    key: str
    title: str
    strategy: str
    decoupling_point: str
    why: str
    scenario: Scenario | None = None
    ties: tuple = ()


CASES = (
    Case("bolts", "Standard steel bolts, sold by the thousand", "MTS", "finished goods",
         "One standard product, steady high volume, no ageing, and buyers who want them "
         "today: stock it and gain the economies of long runs.",
         Scenario(demand=DemandPattern(mean=200.0), capacity=250.0,
                  family=ProductFamily(options=(1,)),
                  costs=CostModel(price=12.0, unit_cost=8.0, mto_premium=3.0,
                                  assembly_premium=1.0, setup_cost=20.0, lost_sale_cost=4.0,
                                  late_cost=1.0),
                  shelf_life=None, max_wait=0, refuse_late_orders=True,
                  n_periods=52, n_replications=100)),
    Case("bread", "Everyday bread from a bakery", "MTS", "finished goods",
         "Baked every morning to a forecast and sold off the shelf; what is left at night "
         "is waste, so the forecast is everything. A bakery that also takes orders for "
         "wedding cakes runs a hybrid."),
    Case("pc", "A personal computer configured online", "ATO", "before final assembly",
         "Many configurations from a few stocked components (processors, graphics cards, "
         "memory, drives); assembly is quick, so customers get their configuration within "
         "a week or two. The sources call Dell's way of working make to order: it is "
         "configured to order from stocked parts, which is assemble to order.",
         Scenario(demand=DemandPattern(mean=40.0), capacity=50.0,
                  family=ProductFamily(options=(3, 3, 2, 2), popularity="zipf"),
                  costs=CostModel(price=1100.0, unit_cost=800.0, mto_premium=150.0,
                                  assembly_premium=25.0, setup_cost=50.0, lost_sale_cost=200.0,
                                  late_cost=40.0, holding_rate=0.01, exact_spec_premium=60.0),
                  configurations_stocked=6, substitution=0.5, shelf_life=12,
                  forecast_noise=0.4, max_wait=2, assembly_time=1, component_lead_time=2,
                  lead_time=2, n_periods=104, n_replications=60)),
    Case("car", "A luxury car built to the buyer's specification", "MTO",
         "before production",
         "Hundreds of combinations of paint, leather, trim and technology, and many "
         "buyers who want something no catalogue lists; buyers pay for their exact car "
         "and wait for it. Production starts only once the order is final, as at "
         "Rolls-Royce Motor Cars.",
         Scenario(demand=DemandPattern(mean=5.0), capacity=6.25,
                  family=ProductFamily(options=(5, 4, 4, 3), popularity="zipf"),
                  costs=CostModel(price=300.0, unit_cost=200.0, mto_premium=20.0,
                                  assembly_premium=10.0, setup_cost=10.0, lost_sale_cost=60.0,
                                  late_cost=5.0, holding_rate=0.004, exact_spec_premium=80.0),
                  configurations_stocked=12, hybrid_share=0.1, bespoke_share=0.5,
                  substitution=0.3, max_wait=16, sourcing_time=3, production_time=4,
                  component_lead_time=6, lead_time=6, assembly_time=2, shelf_life=None,
                  n_periods=104, n_replications=20),
         ties=("Hybrid",)),
    Case("suit", "A made-to-measure suit", "MTO", "before production",
         "Cut to one customer's measurements and choice of cloth: almost every order is "
         "bespoke, so stock cannot serve it. A clothing firm that also sells standard "
         "sizes off the peg runs a hybrid.",
         Scenario(demand=DemandPattern(mean=30.0), capacity=37.5,
                  family=ProductFamily(options=(6, 5), popularity="zipf"),
                  costs=CostModel(price=400.0, unit_cost=250.0, mto_premium=40.0,
                                  assembly_premium=25.0, setup_cost=10.0, lost_sale_cost=80.0,
                                  late_cost=10.0, holding_rate=0.005, exact_spec_premium=120.0),
                  configurations_stocked=10, hybrid_share=0.5, bespoke_share=0.9,
                  substitution=0.4, max_wait=6, sourcing_time=1, production_time=2,
                  shelf_life=26, n_periods=104, n_replications=40),
         ties=("Hybrid",)),
    Case("furniture", "Sofas in standard models and special fabrics", "Hybrid",
         "finished goods (favourites), before production (the rest)",
         "A few popular models sell steadily and are stocked; special fabrics and sizes "
         "are made to order. The decoupling point is at finished goods for the favourites "
         "and before production for the rest.",
         Scenario(demand=DemandPattern(mean=20.0), capacity=25.0,
                  family=ProductFamily(options=(4, 10), popularity="zipf", zipf_exponent=1.5),
                  costs=CostModel(price=900.0, unit_cost=600.0, mto_premium=60.0,
                                  assembly_premium=90.0, setup_cost=40.0, lost_sale_cost=150.0,
                                  late_cost=20.0, holding_rate=0.006, exact_spec_premium=50.0),
                  hybrid_share=0.1, bespoke_share=0.3, substitution=0.5, max_wait=8,
                  sourcing_time=2, production_time=3, assembly_time=2, shelf_life=26,
                  forecast_noise=0.5, n_periods=104, n_replications=60)),
    Case("bridge", "A bridge over a river", "ETO", "before design",
         "A one-off, designed for its site before any material is ordered: engineer to "
         "order, the far end of make to order. Ships and aircraft are often built this "
         "way too."),
)


#: The products and industries each strategy suits, as the sources list them (and ETO, the
#: name operations texts give the large one-off products), for
#: :func:`mtolab.widgets.strategies.draw_decoupling_points`.
INDUSTRIES = {
    "MTS": "bolts, bread: high-volume,\nstandardised, fast-moving\nconsumer goods",
    "ATO": "personal computers and\nservers from stocked parts",
    "MTO": "luxury cars, bicycles, industrial\nmachinery, medical devices, custom\n"
           "electronics, made-to-measure\nclothing, furniture",
    "ETO": "bridges, construction,\nships, often aircraft",
}


def case(key: str) -> Case:
    """The case named ``key`` (see :data:`CASES`)."""
    for c in CASES:
        if c.key == key:
            return c
    raise ValueError(f"case must be one of {[c.key for c in CASES]}, got {key!r}")
