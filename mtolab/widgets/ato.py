"""Explorer of lesson 04, assemble to order: how pooled components save stock.

A product is configured from option groups (a PC: a choice of processor, of
graphics card, of monitor ...) and may also need common components that
every configuration uses (a case).  Make to stock (MTS) holds every
finished configuration; assemble to order (ATO) holds the components and
assembles on order.  :func:`pooling` sets the safety stock of each stock
point for a service level, by formula, and simulates both strategies to
show the stock they really hold; :func:`draw_pooling` draws it and
:func:`pooling_app` makes it an explorer.

Periods are weeks.  Stock is counted in *product equivalents*: one kit of
components, enough for one product, counts as one unit, so MTS and ATO
stock compare directly (a kit is valued like a finished unit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from mtolab._validate import check_int, check_probability
from mtolab.demand import DemandPattern, ProductFamily
from mtolab.inventory import safety_stock
from mtolab.plots import STRATEGY_COLORS
from mtolab.scenario import Scenario
from mtolab.widgets._base import Explorer, float_slider, int_slider, new_figure

__all__ = ["Pooling", "pooling_scenario", "pooling", "draw_pooling", "pooling_app", "DEFAULTS"]

DEFAULTS = {"option_groups": 2, "choices": 3, "common_components": 1, "service_level": 0.95}
DEMAND = 40.0
LEAD_TIME = 2
WORK = 1200  # replications x variants simulated: keeps a redraw within ~30 ms


@dataclass
class Pooling:
    """Stock needed by MTS and ATO for one product family and service level.

    Attributes
    ----------
    n_variants : int
        Finished configurations MTS must stock.
    n_components : int
        Distinct components ATO stocks.
    service_level : float
        Target cycle service level of every stock point.
    safety : dict of str to float
        Safety stock by formula, ``{"MTS": ..., "ATO": ...}``, in product
        equivalents.
    stock : dict of str to float
        Mean stock on hand in the simulation, in product equivalents.
    fill_rate : dict of str to float
        Simulated share of units that did not wait for stock (%): delivered
        at once under MTS, right after assembly under ATO.
    """

    n_variants: int
    n_components: int
    service_level: float
    safety: dict
    stock: dict
    fill_rate: dict

    @property
    def saving(self) -> float:
        """Share of MTS's simulated stock that ATO does not need (%)."""
        return 100 * (1 - self.stock["ATO"] / self.stock["MTS"]) if self.stock["MTS"] else 0.0


def pooling_scenario(option_groups: int, choices: int, common_components: int,
                     service_level: float, *, n_replications: int | None = None,
                     n_periods: int = 52, seed: int = 2026) -> Scenario:
    """The lesson's family: 40 units a week, 2-week replenishment, 1-week assembly.

    Parameters
    ----------
    option_groups : int
        :math:`g`, option groups (1 to 3).
    choices : int
        :math:`k`, choices in each group (1 to 5), so :math:`k^g` variants.
    common_components : int
        :math:`C`, components every variant needs (0 to 3).
    service_level : float
        :math:`\\alpha`, cycle service level of every stock point, in (0, 1).
    n_replications : int or None
        Replications; ``None`` simulates about 1,200 variant-replications
        (between 8 and 50 replications).
    n_periods : int
        Weeks simulated.
    seed : int
        Seed of the demand.

    Returns
    -------
    Scenario
    """
    option_groups = check_int("option_groups", option_groups, low=1, high=3)
    choices = check_int("choices", choices, low=1, high=5)
    common_components = check_int("common_components", common_components, low=0, high=3)
    service_level = check_probability("service_level", service_level, low_open=True,
                                      high_open=True)
    family = ProductFamily(options=(choices,) * option_groups,
                           common_components=common_components)
    if n_replications is None:
        n_replications = int(np.clip(WORK // family.n_variants, 8, 50))
    return Scenario(demand=DemandPattern(mean=DEMAND), family=family,
                    service_level=service_level, lead_time=LEAD_TIME,
                    component_lead_time=LEAD_TIME, assembly_time=1,
                    shelf_life=None, n_periods=n_periods, n_replications=n_replications,
                    seed=seed, capacity_limits_stock=False)  # the formula's (uncapacitated) model


def pooling(option_groups: int, choices: int, common_components: int,
            service_level: float, *, n_replications: int | None = None,
            n_periods: int = 52, seed: int = 2026) -> Pooling:
    """Safety stock and simulated stock of MTS (finished variants) and ATO (components).

    Demand is Poisson, :math:`\\mu = 40` units a week, split evenly over the
    variants.  A stream (a variant, or a component) used by a share
    :math:`q` of all products sees Poisson demand with standard deviation
    :math:`\\sqrt{q\\mu}` and holds :math:`SS = z\\sqrt{q\\mu}\\sqrt{L + r}`
    (:math:`L = 2`, :math:`r = 1` week).  MTS: :math:`n = k^g` variants with
    :math:`q = 1/n`, so :math:`\\sum SS = z\\sqrt{n\\mu(L+r)}`.  ATO:
    :math:`C` common components with :math:`q = 1` and :math:`k` choices per
    group with :math:`q = 1/k`; dividing by the :math:`C + g` components in a
    kit gives product equivalents.

    Parameters
    ----------
    option_groups : int
        :math:`g`, option groups (1 to 3).
    choices : int
        :math:`k`, choices in each group (1 to 5).
    common_components : int
        :math:`C`, components every variant needs (0 to 3).
    service_level : float
        :math:`\\alpha`, cycle service level of every stock point, in (0, 1).
    n_replications : int or None
        Replications simulated; ``None`` picks 8 to 50 by family size.
    n_periods : int
        Weeks simulated.
    seed : int
        Seed of the demand.

    Returns
    -------
    Pooling
    """
    sc = pooling_scenario(option_groups, choices, common_components, service_level,
                          n_replications=n_replications, n_periods=n_periods, seed=seed)
    fam = sc.family
    horizon_sd = np.sqrt(DEMAND)  # of a stream used by every product, per week
    one = safety_stock(sc.service_level, horizon_sd, LEAD_TIME, sc.review_period)
    mts_safety = one * np.sqrt(fam.n_variants)
    kit = fam.common_components + len(fam.options)
    ato_safety = one * (fam.common_components + sum(np.sqrt(k) for k in fam.options)) / kit
    stock, fill = {}, {}
    for name in ("MTS", "ATO"):
        res = sc.simulate(name)
        held = res.fg_inventory if name == "MTS" else res.component_inventory
        stock[name] = float(held.mean(axis=0).sum(axis=-1).mean()) if held.ndim == 3 \
            else float(held.mean())
        # Units delivered without waiting for stock: at once (MTS), after assembly only (ATO).
        hist = res.lead_times.sum(axis=0)
        quick = 0 if name == "MTS" else sc.assembly_time
        fill[name] = float(100 * hist[: quick + 1].sum() / max(hist.sum(), 1))
    return Pooling(n_variants=fam.n_variants, n_components=fam.n_components,
                   service_level=sc.service_level,
                   safety={"MTS": float(mts_safety), "ATO": float(ato_safety)},
                   stock=stock, fill_rate=fill)


def draw_pooling(result: Pooling):
    """Bars of the stock MTS and ATO hold, the safety stock part darker.

    Parameters
    ----------
    result : Pooling
        From :func:`pooling`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    names = ["MTS", "ATO"]
    x = np.arange(2)
    colors = [STRATEGY_COLORS[n] for n in names]
    ax.bar(x, [result.stock[n] for n in names], width=0.6, color=colors, alpha=0.35,
           label="mean stock on hand (simulated)")
    ax.bar(x, [result.safety[n] for n in names], width=0.3, color=colors,
           label=f"safety stock for {result.service_level:.0%} (formula)")
    ax.set_xticks(x, [f"MTS: {result.n_variants} finished variants",
                      f"ATO: {result.n_components} components"])
    top = max(max(result.stock.values()), max(result.safety.values()), 1.0)
    ax.set_ylim(0, top * 1.25)
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylabel("stock (product equivalents)")
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_title(f"ATO holds {result.saving:.0f}% less stock than MTS "
                 f"(served from stock: MTS {result.fill_rate['MTS']:.0f}%, "
                 f"ATO {result.fill_rate['ATO']:.0f}%)", fontsize="medium", y=1.01)
    ax.legend(loc="upper right", fontsize="small")
    return fig


def pooling_app() -> Explorer:
    """Explorer: number of variants, commonality and service level against stock.

    Returns
    -------
    Explorer
    """
    controls = {
        "option_groups": int_slider("option groups (count)", DEFAULTS["option_groups"], 1, 3,
                                    tooltip="Choices the customer makes, e.g. processor, "
                                            "graphics card, monitor"),
        "choices": int_slider("choices per group (count)", DEFAULTS["choices"], 1, 5,
                              tooltip="Options offered in each group; variants = "
                                      "choices ^ groups"),
        "common_components": int_slider("common components (count)",
                                        DEFAULTS["common_components"], 0, 3,
                                        tooltip="Components every variant uses, e.g. a case"),
        "service_level": float_slider("service level (share of cycles)",
                                      DEFAULTS["service_level"], 0.80, 0.99, 0.01, fmt=".2f",
                                      tooltip="Chance that a stock lasts a replenishment cycle"),
    }

    def figure(option_groups, choices, common_components, service_level):
        return draw_pooling(pooling(option_groups, choices, common_components, service_level))

    return Explorer(
        "Assemble to order: what pooling saves",
        f"Customers order {DEMAND:.0f} products a week, evenly spread over every configuration. "
        "Add options and watch MTS's stock grow with the number of variants while ATO's "
        "shared components grow far more slowly.",
        controls, figure,
    )
