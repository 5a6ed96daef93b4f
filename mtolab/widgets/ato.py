"""Explorer of lesson 04, assemble to order: how pooled components save stock.

A product is configured from option groups (a PC: a choice of processor, of
graphics card, of monitor ...) and may also need common components that
every configuration uses (a case).  Make to stock (MTS) holds every
finished configuration; assemble to order (ATO) holds the components and
assembles on order.  :func:`mtolab.analysis.pooling` sets the safety stock
of each stock point by formula and simulates both strategies (the preset
``"PC family"``); :func:`draw_pooling` draws it and :func:`pooling_app`
(:data:`POOLING`) makes it an explorer.

Stock is counted in units of finished goods (MTS) and in kits of components
(ATO): a kit, enough parts for one product, counts as one, so the two
compare directly.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.patches import Patch

from mtolab.analysis import Pooling, pooling
from mtolab.demand import ProductFamily
from mtolab.i18n import Phrase, phrase, tr
from mtolab.plots import STRATEGY_COLORS
from mtolab.presets import PRESETS, preset
from mtolab.widgets._base import (
    Explorer,
    ExplorerSpec,
    Group,
    Slider,
    count,
    explorer_style,
    fixed_limits,
    fixed_ticks,
    key,
    new_figure,
    title,
)

__all__ = ["POOLING", "draw_pooling", "pooling_app"]

#: Replications x variants simulated per redraw: keeps a redraw quick for any family.
WORK = 1200
PALE = 0.35


@explorer_style
def draw_pooling(result: Pooling, *, y_max: float | None = None):
    """Bars of the stock MTS and ATO hold, the safety stock part darker.

    Parameters
    ----------
    result : Pooling
        From :func:`mtolab.analysis.pooling`.
    y_max : float or None
        Top of the y axis (units or kits); ``None``: from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(height=380, right=270, top=62)
    names = ["MTS", "ATO"]
    x = np.arange(2)
    colors = [STRATEGY_COLORS[n] for n in names]
    ax.bar(x, [result.stock[n] for n in names], width=0.6, color=colors, alpha=PALE)
    ax.bar(x, [result.safety[n] for n in names], width=0.3, color=colors)
    top = max(max(result.stock.values()), max(result.safety.values()), 1.0) * 1.15
    ax.set_ylim(0, y_max if y_max is not None else top)
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylabel(tr("stock (units or kits)"))
    fixed_ticks(ax, x=x, xlabels=[
        phrase("MTS: {variants}\n(units)", variants=count(result.n_variants, "finished variant")),
        phrase("ATO: {components}\n(kits)", components=count(result.n_components, "component"))],
                xcolors=colors, ny=5)
    numbers = {"saving": result.saving, "mts": result.on_time["MTS"],
               "ato": result.on_time["ATO"]}
    if result.max_wait is None:
        text = phrase("ATO holds {saving:.0f} % less stock than MTS\non-time rate: MTS {mts:.0f} "
                      "%, ATO {ato:.0f} %", **numbers)
    else:
        text = phrase("ATO holds {saving:.0f} % less stock than MTS\non-time rate (within "
                      "{wait}): MTS {mts:.0f} %, ATO {ato:.0f} %",
                      wait=count(result.max_wait, "week"), **numbers)
    title(ax, text)
    key(ax, [
        Patch(color="#444444", alpha=PALE, label=tr("mean stock on hand\n(simulated)")),
        Patch(color="#444444", label=phrase("safety stock for a\n{level:.0%} service level\n"
                                            "(formula)", level=result.service_level)),
    ])
    return fig


def _scenario(option_groups, choices, common_components, service_level):
    family = ProductFamily(options=(choices,) * option_groups,
                           common_components=common_components)
    runs = int(np.clip(WORK // family.n_variants, 8, PRESETS["PC family"].n_replications))
    return preset("PC family", family=family, service_level=service_level,
                  n_replications=runs)


@lru_cache(maxsize=1)
def _y_max() -> float:
    def top(**values):
        result = pooling(_scenario(**values))
        return (max(*result.stock.values(), *result.safety.values()),)

    (peak,) = fixed_limits(top, POOLING.controls, list(POOLING.sliders))
    return float(np.ceil(peak * 1.1 / 10) * 10)


def _figure(option_groups, choices, common_components, service_level):
    return draw_pooling(pooling(_scenario(option_groups, choices, common_components,
                                          service_level)), y_max=_y_max())


_FAMILY = PRESETS["PC family"]

POOLING = ExplorerSpec(
    name="pooling", lesson="04",
    title="Assemble to order: what pooling saves",
    explanation=Phrase("Customers order {mean:.0f} products a week, evenly spread over every "
                       "configuration. Add options and watch MTS's stock grow with the number "
                       "of variants while ATO's shared components grow far more slowly.",
                       mean=_FAMILY.demand.mean),
    groups=(
        Group("Product family", (
            Slider("option_groups", "option groups", 2, 1, 3, 1, "groups", "d",
                   "Choices the customer makes, e.g. processor, graphics card, monitor"),
            Slider("choices", "choices in each group", 3, 1, 4, 1, "choices", "d",
                   "Options offered in each group; variants = choices ^ groups"),
            Slider("common_components", "common components", 1, 0, 3, 1, "components", "d",
                   "Components every variant uses, e.g. a case"),
        )),
        Group("Service", (
            Slider("service_level", "cycle service level", 0.95, 0.80, 0.99, 0.01,
                   "of cycles", ".0%",
                   "Chance that a stock lasts a replenishment cycle without running out"),
        )),
    ),
    figure=_figure,
)


def pooling_app() -> Explorer:
    """Explorer: number of variants, commonality and service level against stock.

    Returns
    -------
    Explorer
    """
    return Explorer(POOLING)
