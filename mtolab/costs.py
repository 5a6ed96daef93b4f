"""Prices and costs of a simulated strategy: what it earns and what it spends."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mtolab._validate import check_int, check_real
from mtolab.simulate._core import SimResult

__all__ = ["CostModel", "cost_breakdown", "cost_drivers", "COST_COMPONENTS", "COST_DRIVERS"]


@dataclass(frozen=True)
class CostModel:
    """Money side of a scenario: prices and costs, in euro (EUR).

    Parameters
    ----------
    price : float
        :math:`p`, price a customer pays for a unit of a standard
        configuration (> 0).
    exact_spec_premium : float
        :math:`p_{spec}`, extra a customer pays for getting exactly the
        configuration they asked for rather than the standard one offered
        instead (>= 0).  Customers who take the standard configuration pay
        :math:`p` only.
    unit_cost : float
        :math:`c`, cost of making one standard unit in a stock run (> 0).
        Also the value of a unit of inventory and of a kit of components.
    mto_premium : float
        :math:`p_{MTO}`, extra cost per unit made to order: small batches,
        custom parts, lost economies of scale (>= 0).
    assembly_premium : float
        :math:`p_{ATO}`, extra cost per unit assembled to order (>= 0);
        assembly is usually cheap.
    setup_cost : float
        :math:`K`, cost per production run or replenishment order (>= 0).
        A stock replenishment of one variant is one run; under make to
        order every unit is its own run.
    holding_rate : float
        :math:`i`, holding cost per period as a fraction of the value held
        (>= 0); 0.005 per week is about 26 % a year.
    obsolescence_cost : float or None
        Cost per unit scrapped (>= 0); ``None`` means the unit cost is
        written off.
    lost_sale_cost : float
        :math:`\\pi`, lost margin and goodwill per unit of demand lost or
        walked away (>= 0).  An opportunity cost: it counts in the total
        cost that compares strategies, not in profit (the lost margin is
        already missing from revenue).
    late_cost : float
        :math:`b`, penalty per unit per period delivered later than
        customers accept (>= 0).
    """

    price: float = 150.0
    exact_spec_premium: float = 0.0
    unit_cost: float = 100.0
    mto_premium: float = 15.0
    assembly_premium: float = 4.0
    setup_cost: float = 10.0
    holding_rate: float = 0.005
    obsolescence_cost: float | None = None
    lost_sale_cost: float = 40.0
    late_cost: float = 5.0

    def __post_init__(self):
        check_real("price", self.price, low=0.0, low_open=True)
        check_real("unit_cost", self.unit_cost, low=0.0, low_open=True)
        for name in ("exact_spec_premium", "mto_premium", "assembly_premium", "setup_cost",
                     "holding_rate", "lost_sale_cost", "late_cost"):
            check_real(name, getattr(self, name), low=0.0)
        if self.obsolescence_cost is not None:
            check_real("obsolescence_cost", self.obsolescence_cost, low=0.0)

    @property
    def scrap_cost(self) -> float:
        """Cost per unit scrapped."""
        return self.unit_cost if self.obsolescence_cost is None else self.obsolescence_cost

    def revenue(self, result: SimResult) -> np.ndarray:
        """Revenue of each replication over the horizon, in EUR.

        :math:`p\\,S + p_{spec}\\,S_{exact}`: the price of every unit
        delivered (:math:`S`) plus the premium on the units delivered exactly
        as ordered.  Substitutes are orders for the standard configuration
        like any other, so their share of the units delivered is taken to be
        their share of the orders accepted:
        :math:`S_{exact} = S\\,(1 - \\text{substituted} / (D - \\text{walked away}))`.
        """
        if not isinstance(result, SimResult):
            raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
        shipped = result.shipped.sum(axis=1)
        accepted = np.maximum(result.demand.sum(axis=1) - result.walked_away.sum(axis=1), 1)
        exact = shipped * (1.0 - result.substituted.sum(axis=1) / accepted)
        return self.price * shipped + self.exact_spec_premium * exact

    def price_matrix(self) -> np.ndarray:
        """Prices of the :data:`COST_DRIVERS` (rows) in each cost component (columns).

        ``cost_drivers(result) @ costs.price_matrix()`` is
        :func:`cost_breakdown`: the one place where quantities meet prices,
        so an explorer can re-price cached quantities for new costs.

        Returns
        -------
        ndarray, shape (8, 7)
        """
        prices = np.zeros((len(COST_DRIVERS), len(COST_COMPONENTS)))
        for driver, component, price in (
            ("shipped", "production", self.unit_cost),
            ("made to order", "premium", self.mto_premium),
            ("assembled to order", "premium", self.assembly_premium),
            ("setups", "setup", self.setup_cost),
            ("stock", "holding", self.unit_cost * self.holding_rate),
            ("scrapped", "obsolescence", self.scrap_cost),
            ("lost", "lost sales", self.lost_sale_cost),
            ("late", "late delivery", self.late_cost),
        ):
            prices[COST_DRIVERS.index(driver), COST_COMPONENTS.index(component)] = price
        return prices


COST_COMPONENTS = ("production", "premium", "setup", "holding", "obsolescence",
                   "lost sales", "late delivery")

#: What a cost model puts a price on, per replication (see :func:`cost_drivers`).
COST_DRIVERS = ("shipped", "made to order", "assembled to order", "setups", "stock",
                "scrapped", "lost", "late")



def _check(result, costs, max_wait):
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
    if not isinstance(costs, CostModel):
        raise TypeError(f"costs must be a CostModel, got {type(costs).__name__}")
    return None if max_wait is None else check_int("max_wait", max_wait, low=0)


def cost_drivers(result: SimResult, max_wait: int | None = None) -> np.ndarray:
    """The quantities a cost model prices, per replication.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    max_wait : int or None
        Longest lead time customers accept, in periods; ``None``: no
        lateness is counted.

    Returns
    -------
    ndarray, shape (R, 8)
        Columns in the order of :data:`COST_DRIVERS`: units shipped, units
        made to order, units assembled to order, production runs or
        orders, unit-weeks of stock held (finished goods plus component
        kits), units scrapped, units of demand lost or walked away, and
        unit-weeks late (each unit counted once per period beyond
        ``max_wait``).
    """
    if not isinstance(result, SimResult):
        raise TypeError(f"result must be a SimResult, got {type(result).__name__}")
    max_wait = None if max_wait is None else check_int("max_wait", max_wait, low=0)
    if max_wait is None:
        late = np.zeros(result.n_replications)
    else:
        hist = result.lead_times
        late = hist @ np.maximum(np.arange(hist.shape[1]) - max_wait, 0)
    return np.column_stack([
        result.shipped.sum(axis=1),
        result.made_to_order.sum(axis=1),
        result.assembled_to_order.sum(axis=1),
        result.setups.sum(axis=1),
        (result.fg_inventory + result.component_inventory).sum(axis=1),
        result.obsolete.sum(axis=1),
        result.lost.sum(axis=1) + result.walked_away.sum(axis=1),
        late,
    ]).astype(float)


def cost_breakdown(result: SimResult, costs: CostModel, max_wait: int | None = None):
    """Total cost of each component over the horizon, per replication.

    Parameters
    ----------
    result : SimResult
        A simulated strategy.
    costs : CostModel
        Cost parameters.
    max_wait : int or None
        Longest lead time customers accept, in periods; later deliveries pay
        ``costs.late_cost`` per unit per period late.  ``None``: no penalty.

    Returns
    -------
    pandas.DataFrame
        One row per replication, one column per cost component (EUR).

    Notes
    -----
    "production" is the cost of goods sold: the unit cost of every unit
    delivered.  Units made and never sold cost through holding and, once
    scrapped, obsolescence, so stock left at the end of the horizon does
    not count as if it had been sold.  The quantities are those of
    :func:`cost_drivers`, priced by :meth:`CostModel.price_matrix`.
    """
    max_wait = _check(result, costs, max_wait)
    frame = pd.DataFrame(cost_drivers(result, max_wait) @ costs.price_matrix(),
                         columns=list(COST_COMPONENTS))
    frame.index.name = "replication"
    return frame
