"""Explorer of lesson 07, the case for make to order: variety, the exact specification, profit.

A product comes in more or fewer configurations (option groups of three
choices each); some customers want something no option gives (bespoke);
customers who get exactly what they asked for pay an exact-specification
premium.  :func:`mtolab.analysis.variety_profit` simulates every strategy
at every number of configurations (the preset ``"configurable"``);
:func:`draw_variety_profit` draws profit per week against variety and what
became of the customers at one variety, and :func:`customisation_app`
(:data:`CUSTOMISATION`) makes it an explorer.

The premium only re-prices cached runs (profit is linear in it), so its
slider answers at once; the bespoke share re-simulates (about a second);
the option groups only pick which variety is shaded and read in the key.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mtolab.analysis import VarietyProfit, variety_profit
from mtolab.i18n import number, phrase, tr
from mtolab.plots import STRATEGY_COLORS, STRATEGY_MARKERS
from mtolab.presets import preset
from mtolab.widgets._base import (
    Explorer,
    ExplorerSpec,
    Group,
    Remark,
    Slider,
    count,
    explorer_style,
    fixed_ticks,
    key,
    new_figure,
    title,
)
from mtolab.widgets.controls import euro_per_unit

__all__ = ["CUSTOMISATION", "draw_variety_profit", "customisation_app"]

#: Option groups of the sweep (three choices each: 1 to 81 configurations).
OPTION_GROUPS = (0, 1, 2, 3, 4)
CHOICES = 3
#: Shade of the chosen number of configurations (grey: it is no strategy).
SHADE = "#e6e6e6"


@explorer_style
def draw_variety_profit(result: VarietyProfit, configurations: int, *,
                        profit_range: tuple | None = None):
    """Profit per week of each strategy against the number of configurations.

    One line per strategy (its colour and marker); the chosen number of
    configurations is shaded, and the key gives each strategy's profit
    there and the share of customers who got exactly what they asked for
    (the strategy table's customisation column, measured).

    Parameters
    ----------
    result : VarietyProfit
        From :func:`mtolab.analysis.variety_profit`.
    configurations : int
        The number of configurations the key describes (a row of
        ``result.profit``).
    profit_range : tuple or None
        Bottom and top of the profit axis (EUR/week); ``None``: from the data.

    Returns
    -------
    matplotlib.figure.Figure
    """
    profit = result.profit
    if configurations not in profit.index:
        raise ValueError(f"configurations must be one of {list(profit.index)}, "
                         f"got {configurations!r}")
    fig, ax = new_figure(height=400, right=290, top=62)
    strategies = list(profit.columns)
    x = np.arange(len(profit.index))
    here = list(profit.index).index(configurations)
    ax.axvspan(here - 0.25, here + 0.25, color=SHADE, zorder=0)
    for name in strategies:
        ax.plot(x, profit[name].to_numpy(dtype=float), color=STRATEGY_COLORS[name],
                marker=STRATEGY_MARKERS[name], markersize=7, linewidth=2.0)
    values = profit.to_numpy(dtype=float)
    low, high = profit_range if profit_range is not None else (
        min(0.0, float(values.min()) * 1.1), float(values.max()) * 1.1)
    ax.set_xlim(-0.4, len(x) - 0.6)
    ax.set_ylim(low, high)
    ax.set_xlabel(phrase("configurations ({choices} choices per option group, log scale)",
                         choices=CHOICES))
    ax.set_ylabel(tr("profit per week (€)"))
    fixed_ticks(ax, x=x, xlabels=[number(n, fmt="g") for n in profit.index], ny=6)
    row = profit.loc[configurations]
    best = str(row.idxmax())
    at = count(configurations, "configuration")
    title(ax, phrase("At {configurations} the highest profit: {strategy}\nexact wish "
                     "+{premium:.0f} €, {bespoke:.0f} % want something bespoke",
                     configurations=at, strategy=best, premium=result.exact_spec_premium,
                     bespoke=100 * result.bespoke_share))
    exact = result.outcomes[configurations]["exact specification"]
    handles = [Line2D([], [], color=STRATEGY_COLORS[s], marker=STRATEGY_MARKERS[s],
                      markersize=7, linewidth=2.0,
                      label=phrase("{strategy}: {profit:,.0f} € a week,\n{exact:.0f} % get "
                                   "their exact wish", strategy=s, profit=row[s], exact=exact[s]))
               for s in strategies]
    handles.append(Patch(color=SHADE, label=phrase("{configurations}; MTS stocks {stocked:g}",
                                                   configurations=at,
                                                   stocked=result.stocked[configurations])))
    key(ax, handles, title=phrase("at {configurations}:", configurations=at))
    return fig


def _sweep(exact_spec_premium, bespoke_share):
    return variety_profit(preset("configurable", bespoke_share=bespoke_share,
                                 costs={"exact_spec_premium": exact_spec_premium}),
                          OPTION_GROUPS, CHOICES)


def _profit_range() -> tuple:
    """Profit axis, from 0 to above the most any strategy can earn at the highest premium.

    Profit per week is at most the units sold a week times the margin of a
    unit sold exactly as ordered, :math:`(p + p_{spec} - c)\\,\\mu`, with
    demand :math:`\\mu`; the tests check that every corner of the sliders
    stays inside (no simulation needed to fix the axis).
    """
    sc = preset("configurable")
    top = CUSTOMISATION.controls["exact_spec_premium"].high
    most = sc.demand.mean * (sc.costs.price + top - sc.costs.unit_cost)
    return (0.0, float(np.ceil(most * 1.08 / 250) * 250))


def _figure(exact_spec_premium, bespoke_share, option_groups):
    result = _sweep(exact_spec_premium, bespoke_share)
    return draw_variety_profit(result, CHOICES ** option_groups, profit_range=_profit_range())


def _notes(exact_spec_premium, bespoke_share, option_groups):
    notes = {}
    stocked = preset("configurable").hybrid_share * CHOICES ** option_groups
    if round(stocked) == 0:
        notes["option_groups"] = Remark(
            "With one configuration the hybrid stocks none (a quarter of one rounds to "
            "nothing): here it is make to order.")
    return notes


CUSTOMISATION = ExplorerSpec(
    name="customisation", lesson="07",
    title="Variety, the exact specification and profit",
    explanation="About 20 customers a week; a product with more or fewer option groups. "
                "Make to stock keeps at most 8 configurations, assemble to order any "
                "combination of its modules, make to order anything, bespoke wishes too. "
                "Raise the price of the exact specification and the share of bespoke wishes, "
                "and watch which strategy earns most.",
    groups=(
        Group("Customers", (
            euro_per_unit("exact_spec_premium", "exact-specification premium", 20.0, 100.0,
                          "What a customer pays on top of the standard price when they get "
                          "exactly the configuration they asked for"),
            Slider("bespoke_share", "customers who want something bespoke", 0.1, 0.0, 0.6, 0.05,
                   "of customers", ".0%",
                   "Share of customers who want what no combination of options gives; only "
                   "make to order (and the hybrid's make-to-order line) can make it"),
        )),
        Group("Product", (
            Slider("option_groups", "option groups (3 choices each)", 2, 0, 4, 1, "groups", "d",
                   "Each option group multiplies the configurations by 3: 0 groups is one "
                   "standard product, 4 groups 81 configurations (shaded; the key reads it)"),
        )),
    ),
    figure=_figure,
    inactive=_notes,
)


def customisation_app() -> Explorer:
    """Explorer: exact-specification premium, bespoke share and variety against profit.

    Returns
    -------
    Explorer
    """
    return Explorer(CUSTOMISATION)
