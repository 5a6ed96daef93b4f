"""Claims of lesson 05, Choosing a strategy: each quoted, each recomputed.

The computer maker of the lesson (20 a week, 18 configurations, Zipf
popularity, stock obsolete after 12 weeks, two years, 200 runs; the sweeps use
100 runs as the lesson does), the explorers' ``"computer maker"`` preset, and
the furniture case of :mod:`mtolab.cases`.  "X beats Y" is checked as the
paired difference per run (both see the same demand) with its 95 % interval
on one side of zero (:func:`mtolab.analysis.paired_difference`).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import nbformat
import numpy as np

from claims import Claim, assert_above, assert_below, assert_within, kpi
from mtolab import CostModel, DemandPattern, ProductFamily, Scenario
from mtolab.analysis import (
    break_even,
    cheapest_strategy_grid,
    cost_sweep,
    fast_enough,
    paired_difference,
    simulate_strategies,
    strategy_costs,
)
from mtolab.cases import case
from mtolab.presets import preset

LESSON = "05_choosing_a_strategy"
COMPUTERS = Scenario(
    demand=DemandPattern(mean=20.0),
    family=ProductFamily(options=(3, 3, 2), popularity="zipf"),
    shelf_life=12, forecast_noise=0.3, max_wait=4,
    n_periods=104, n_replications=200, seed=2026,
)
SWEEPS = COMPUTERS.replace(n_replications=100)
FURNITURE = case("furniture").scenario


def _code(text: str) -> bool:
    """The lesson's code says ``text`` (a setting quoted in the prose)."""
    path = Path(__file__).resolve().parents[2] / "notebooks" / "en" / f"{LESSON}.ipynb"
    nb = nbformat.read(path, 4)
    return any(text in c.source for c in nb.cells if c.cell_type == "code")


def _costs(sc: Scenario, **changes) -> Scenario:
    return sc.replace(costs=dataclasses.replace(sc.costs, **changes))


def _diff(sc, strategy, other, *, other_scenario=None, kpi_name="total cost"):
    return paired_difference(sc, strategy, other, other_scenario=other_scenario, kpi=kpi_name)


def _above(d, bound, what):
    assert d["ci_low"] > bound, f"{what}: {d.to_dict()}"


def _below(d, bound, what):
    assert d["ci_high"] < bound, f"{what}: {d.to_dict()}"


def _k(sc, strategy, name):
    result = simulate_strategies(sc, [strategy])[strategy]
    return kpi(result, sc.costs, name, sc.max_wait)


# ------------------------------------------------------------ the worked example
def setting():
    assert COMPUTERS.forecast_noise == 0.3 and COMPUTERS.forecast_bias == 0.0
    assert COMPUTERS.max_wait == 4 and COMPUTERS.shelf_life == 12
    assert _code("forecast_noise=0.3") and _code("max_wait=4")


def default_prices():
    c = CostModel()
    assert (c.unit_cost, c.mto_premium, c.assembly_premium, c.holding_rate) == (
        100.0, 15.0, 4.0, 0.005)
    assert COMPUTERS.costs == c


def mts_scraps():
    assert_above(_k(COMPUTERS, "MTS", "obsolescence cost"), 0.0, "MTS obsolescence")
    assert_below(_k(COMPUTERS, "MTS", "95th percentile lead time"), 0.2, "MTS p95 lead time")


def ato_less_stock_nothing_scrapped():
    assert_below(_k(COMPUTERS, "ATO", "component inventory")
                 - _k(COMPUTERS, "MTS", "finished-goods inventory"), 0.0, "ATO - MTS stock")
    assert_below(_k(COMPUTERS, "ATO", "obsolescence cost"), 0.05, "ATO obsolescence")


def mto_longest_mean_lead_time():
    mto = _k(COMPUTERS, "MTO", "mean lead time")
    for other in ("MTS", "ATO", "Hybrid"):
        assert_above(mto - _k(COMPUTERS, other, "mean lead time"), 0.0, f"MTO - {other}")


def hybrid_half():
    assert COMPUTERS.hybrid_share == 0.5


# ------------------------------------------------------------------- the sweeps
@cache
def _noise_sweep():
    return cost_sweep(SWEEPS, "forecast_noise", np.linspace(0.0, 2.0, 11), ["MTS", "ATO", "MTO"])


def mto_never_beats_mts():
    sweep = _noise_sweep()
    assert (sweep["MTO"] > sweep["MTS"]).all()
    assert break_even(sweep, "MTO", "MTS") is None
    _above(_diff(COMPUTERS.replace(forecast_noise=2.0), "MTO", "MTS"), 0.0, "MTO - MTS, noise 2")


def mts_rises_ato_slowly():
    s = _noise_sweep().reset_index(drop=True)  # noise 0, 0.2, ..., 2.0 at rows 0 .. 10
    assert s.loc[2, "MTS"] - s.loc[0, "MTS"] < s.loc[5, "MTS"] - s.loc[3, "MTS"]
    assert s["MTO"].nunique() == 1
    assert (s.loc[10, "ATO"] - s.loc[0, "ATO"]) < (s.loc[10, "MTS"] - s.loc[0, "MTS"]) / 3


def ato_cheaper_beyond_break_even():
    assert 0.5 < break_even(_noise_sweep(), "ATO", "MTS") < 0.7
    _above(_diff(COMPUTERS, "ATO", "MTS"), 0.0, "ATO - MTS, noise 0.3")
    for noise in (1.0, 2.0):
        _below(_diff(COMPUTERS.replace(forecast_noise=noise), "ATO", "MTS"), 0.0,
               f"ATO - MTS, noise {noise}")


def sweep_settings():
    assert _code('"costs.mto_premium",\n                           np.arange(0.0, 16.0, 1.0)')
    assert _code('"costs.holding_rate", np.linspace(0.0, 0.03, 13)')
    assert _code("computers.replace(forecast_noise=2.0)")


NOISY = COMPUTERS.replace(forecast_noise=2.0)


def mto_premium_limit():
    sweep = cost_sweep(NOISY, "costs.mto_premium", np.arange(0.0, 16.0, 1.0),
                       ["MTS", "ATO", "MTO"])
    assert 0.5 < break_even(sweep, "ATO", "MTO") < 1.5  # "about a euro"
    free = _costs(NOISY, mto_premium=0.0)
    for other in ("ATO", "MTS", "Hybrid"):
        _below(_diff(free, "MTO", other), 0.0, f"MTO - {other}, no premium, noise 2")
    _above(_diff(_costs(NOISY, mto_premium=2.5), "MTO", "ATO"), 0.0, "MTO - ATO, 2.50 EUR")


def holding_break_even():
    sweep = cost_sweep(COMPUTERS, "costs.holding_rate", np.linspace(0.0, 0.03, 13),
                       ["MTS", "ATO"])
    assert 0.008 < break_even(sweep, "ATO", "MTS") < 0.011
    _above(_diff(COMPUTERS, "ATO", "MTS"), 0.0, "ATO - MTS at 0.5 %")
    _below(_diff(_costs(COMPUTERS, holding_rate=0.015), "ATO", "MTS"), 0.0, "at 1.5 %")


# --------------------------------------------------------- speed and explorers
def p95_rule():
    assert fast_enough(4.0, 4) and not fast_enough(4.5, 4)


def mts_fails_at_zero_now_and_then():
    sc = preset("computer maker", max_wait=0)
    p95 = _k(sc, "MTS", "95th percentile lead time")
    served = _k(sc, "MTS", "served from stock")
    assert (p95 > 0).any() and (served < 95).any() and not fast_enough(p95.mean(), 0)


def explorer_scenario():
    sc = preset("computer maker")
    assert (sc.n_periods, sc.n_replications) == (52, 30)
    assert (sc.family, sc.shelf_life, sc.forecast_noise, sc.costs) == (
        COMPUTERS.family, COMPUTERS.shelf_life, COMPUTERS.forecast_noise, COMPUTERS.costs)
    assert sc.costs.unit_cost == 100


def explorer_noise_task():
    low = strategy_costs(preset("computer maker", forecast_noise=0.0))
    high = strategy_costs(preset("computer maker", forecast_noise=2.0))
    assert low.attrs["choice"] != "ATO" and high.attrs["choice"] == "ATO"
    for name in ("holding cost", "obsolescence cost"):
        assert high.loc["MTS", name] > low.loc["MTS", name]


def explorer_premium_task():
    table = strategy_costs(preset("computer maker", forecast_noise=2.0,
                                  costs={"mto_premium": 0.0}))
    assert table.attrs["choice"] == "MTO", table["total cost"]


def ato_never_fast_enough_for_one_week():
    for noise in (0.0, 0.5, 1.0, 1.5, 2.0):
        sc = preset("computer maker", forecast_noise=noise, max_wait=1)
        assert_above(_k(sc, "ATO", "95th percentile lead time"), 1.0, f"ATO p95, noise {noise}")
    assert sc.assembly_time == 1


def one_week_options():
    sc = COMPUTERS.replace(max_wait=1)
    table = strategy_costs(sc)
    assert table["fast enough"].to_dict() == {"MTS": True, "ATO": False, "MTO": False,
                                              "Hybrid": False}
    p95 = table["95th percentile lead time"]
    assert p95["MTS"] < 0.2 and 1 < p95["ATO"] < 2 and 1.9 < p95["MTO"] < 2.1


def map_corner():
    grid = cheapest_strategy_grid(preset("computer maker"), "forecast_noise",
                                  np.linspace(0.0, 2.0, 9), "costs.mto_premium",
                                  np.linspace(0.0, 30.0, 7))
    mto = np.argwhere(grid.to_numpy() == "MTO")
    assert len(mto), grid
    assert all(grid.index[i] <= 5 and grid.columns[j] >= 1.0 for i, j in mto), grid
    hybrid = np.argwhere(grid.to_numpy() == "Hybrid")
    assert len(hybrid) and all(grid.index[i] <= 5 and grid.columns[j] < 1.0 for i, j in hybrid)


def worse_forecasts_favour_ato():
    noisy = COMPUTERS.replace(forecast_noise=1.0)
    d = _diff(noisy, "ATO", "MTS")
    _below(d, 0.0, "ATO - MTS, noise 1")
    assert 1.5 <= -d["mean"] <= 2.5, d.to_dict()  # "about 2 EUR"
    _above(_diff(COMPUTERS, "ATO", "MTS"), 0.0, "ATO - MTS at 30 %: MTS is chosen there")
    p95 = _k(noisy, "ATO", "95th percentile lead time")
    assert_within(p95, 1.0, 2.0, "ATO p95 at noise 1")
    assert_above(p95, 1.0, "ATO p95 at noise 1")
    assert COMPUTERS.max_wait == 4


# ------------------------------------------------------------------- the hybrid
def hybrid_ends():
    for share, pure in ((0.0, "MTO"), (1.0, "MTS")):
        d = _diff(COMPUTERS.replace(hybrid_share=share), "Hybrid", pure, other_scenario=COMPUTERS)
        assert abs(d["mean"]) < 1e-9 and abs(d["ci_high"]) < 1e-9, (share, d.to_dict())


def computer_hybrid_flat():
    for sc in (SWEEPS, COMPUTERS):
        d = _diff(sc.replace(hybrid_share=0.83), "Hybrid", "MTS", other_scenario=sc)
        assert d["ci_low"] < 0 < d["ci_high"] and abs(d["mean"]) < 0.1, d.to_dict()


def computer_hybrid_at_noise_1():
    sc = COMPUTERS.replace(forecast_noise=1.0)
    d = _diff(sc.replace(hybrid_share=0.83), "Hybrid", "MTS", other_scenario=sc)
    assert round(-d["mean"], 2) == 0.17, d.to_dict()
    assert round(-d["ci_high"], 2) == 0.08 and round(-d["ci_low"], 2) == 0.25, d.to_dict()
    sweep = cost_sweep(sc, "hybrid_share", np.round(np.linspace(0.0, 1.0, 7), 2), ["Hybrid"])
    assert sweep["Hybrid"].idxmin() < 1.0


def furniture_setting():
    fam, costs = FURNITURE.family, FURNITURE.costs
    assert fam.options == (4, 10) and fam.n_variants == 40 and fam.popularity == "zipf"
    assert FURNITURE.bespoke_share == 0.3 and costs.mto_premium / costs.unit_cost == 0.1
    for s in ("MTS", "ATO"):
        assert_below(_k(FURNITURE, s, "exact specification"), 99.0, f"{s} exact spec")
    for s in ("MTO", "Hybrid"):
        assert_above(_k(FURNITURE, s, "exact specification"), 99.9, f"{s} exact spec")


def furniture_hybrid_wins():
    sweep = cost_sweep(FURNITURE, "hybrid_share", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0],
                       ["Hybrid"])
    best = float(sweep["Hybrid"].idxmin())
    assert best == 0.4, sweep
    mix = FURNITURE.replace(hybrid_share=best)
    for other in ("MTS", "MTO", "ATO"):
        _below(_diff(mix, "Hybrid", other), -5.0, f"hybrid - {other}")
    for share in (0.1, 1.0):  # in between, not at an end of the range
        _below(_diff(mix, "Hybrid", "Hybrid", other_scenario=FURNITURE.replace(
            hybrid_share=share)), 0.0, f"hybrid 0.4 - hybrid {share}")


def furniture_why():
    mix = FURNITURE.replace(hybrid_share=0.4)
    assert_above(_k(FURNITURE, "MTS", "lost sales cost"), 5.0, "MTS lost sales")
    assert_above(_k(FURNITURE, "MTS", "obsolescence cost") - _k(mix, "Hybrid", "obsolescence cost"),
                 0.0, "MTS - hybrid obsolescence")
    assert_above(_k(FURNITURE, "MTO", "premium cost") - _k(mix, "Hybrid", "premium cost"), 0.0,
                 "MTO - hybrid premium")


def furniture_wait():
    mix = FURNITURE.replace(hybrid_share=0.4)
    assert_within(_k(mix, "Hybrid", "95th percentile lead time"), 4.5, 5.5, "hybrid p95")
    assert FURNITURE.max_wait == 8


def _claim(quote, check, nb=None):
    return Claim(LESSON, quote, check, nb)


CLAIMS = [
    _claim("Forecasts of each configuration are off by about 30 % (forecast_noise=0.3: the "
           "relative standard deviation of the error, too high as often as too low), and "
           "customers accept to wait up to 4 weeks.", setting,
           nb="Prognosen for hver konfigurasjon bommer med rundt 30 % (forecast_noise=0.3: det "
           "relative standardavviket til feilen, like ofte for høy som for lav), og kundene "
           "godtar å vente i opptil 4 uker."),
    _claim("a unit costs 100 € to make, 15 € more if made to order, 4 € more if assembled to "
           "order; holding costs 0.5 % of the value per week.", default_prices,
           nb="en enhet koster 100 € å lage, 15 € mer hvis den lages mot ordre og 4 € mer hvis "
           "den monteres mot ordre; lagerhold koster 0,5 % av verdien per uke."),
    _claim("with forecasts 30 % off, some configurations are overstocked and age past 12 "
           "weeks: obsolescence.", mts_scraps,
           nb="når prognosene bommer med 30 %, blir noen konfigurasjoner overlagret og eldre "
           "enn 12 uker: ukurans."),
    _claim("Its customers get their computer at once (a 95th percentile lead time near 0 "
           "weeks).", mts_scraps,
           nb="Kundene får datamaskinen sin med en gang (95-persentilen av leveringstiden er "
           "nær 0 uker)."),
    _claim("less stock, nothing scrapped", ato_less_stock_nothing_scrapped,
           nb="mindre lager, ingenting kasseres"),
    _claim("It also has the longest mean lead time: every customer waits for production.",
           mto_longest_mean_lead_time,
           nb="MTO har også den lengste gjennomsnittlige leveringstiden: hver kunde venter på "
           "produksjonen."),
    _claim("The hybrid stocks the favourite half of the configurations", hybrid_half,
           nb="Hybriden lagerfører den populære halvdelen av konfigurasjonene"),
    _claim("MTS's line rises, slowly for small errors and faster beyond", mts_rises_ato_slowly,
           nb="Linja for MTS stiger, sakte for små feil og raskere etter hvert"),
    _claim("MTO's line is flat", mts_rises_ato_slowly,
           nb="Linja for MTO er flat"),
    _claim("ATO's line rises too, but much more slowly", mts_rises_ato_slowly,
           nb="Linja for ATO stiger også, men mye saktere"),
    _claim("Beyond the printed break-even it is the cheaper strategy.",
           ato_cheaper_beyond_break_even,
           nb="Etter det utskrevne likevektspunktet er ATO den billigere av de to."),
    _claim("MTO never overtakes MTS in this sweep: even at a noise of 2, its premium and its "
           "set-up on every unit cost more than all that MTS loses to bad forecasts.",
           mto_never_beats_mts,
           nb="MTO går aldri forbi MTS i dette sveipet: selv ved en støy på 2 koster tillegget "
           "og omstillingen på hver enhet mer enn alt MTS taper på dårlige prognoser."),
    _claim("The first runs the premium from 0 to 15 € with forecasts badly off (noise 2); the "
           "second the holding cost rate from 0 to 3 % a week at the scenario's noise of 0.3.",
           sweep_settings,
           nb="Det første lar tillegget gå fra 0 til 15 € med prognoser som bommer kraftig "
           "(støy 2); det andre lar lagerholdssatsen gå fra 0 til 3 % i uka ved scenarioets "
           "støy på 0,3."),
    _claim("MTO is the cheapest only if making to order costs at most about a euro more per "
           "unit than making to stock", mto_premium_limit,
           nb="er MTO billigst bare hvis det koster høyst rundt én euro mer per enhet å "
           "produsere mot ordre enn mot lager"),
    _claim("MTO is clearly cheaper than ATO at no premium and clearly dearer at 2.50 €, and the "
           "crossing lies somewhere in between.", mto_premium_limit,
           nb="MTO er klart billigere enn ATO uten tillegg og klart dyrere ved 2,50 €, og "
           "krysningspunktet ligger et sted imellom."),
    _claim("the dearer it is to keep stock, the more a strategy with less stock (ATO, MTO) "
           "gains", holding_break_even,
           nb="jo dyrere det er å holde lager, desto mer vinner en strategi med mindre lager "
           "(ATO, MTO)"),
    _claim("The computer maker launches many new models and its forecasts get much worse: from "
           "30 % to 100 % error.", worse_forecasts_favour_ato,
           nb="Datamaskinprodusenten lanserer mange nye modeller, og prognosene blir mye "
           "dårligere: fra 30 % til 100 % feil."),
    _claim("On cost, yes: at a forecast noise of 1 ATO is cheaper than MTS by about 2 € per unit",
           worse_forecasts_favour_ato,
           nb="Ut fra kostnaden, ja: ved en prognosestøy på 1 er ATO rundt 2 € billigere per "
           "enhet enn MTS"),
    _claim("ATO's 95th percentile lead time, between 1 and 2 weeks, is within the 4 weeks they "
           "accept here, but not within 1.", worse_forecasts_favour_ato,
           nb="For ATO ligger 95-persentilen av leveringstiden mellom 1 og 2 uker: innenfor de "
           "4 ukene kundene godtar her, men ikke innenfor 1 uke."),
    _claim("At 30 % it makes to stock.", worse_forecasts_favour_ato,
           nb="Ved 30 % produserer den mot lager."),
]
