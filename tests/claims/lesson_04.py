"""Claims of lesson 04, Assemble to order and pooling: each quoted, each recomputed.

The computer maker of the lesson (40 a week over 18 configurations, 2 weeks to
replenish, stock obsolete after 8 weeks, 104 weeks, 100 runs), the pooling
explorer's scenarios (``mtolab.widgets.ato``) and the square-root law.
"""

from __future__ import annotations

from functools import cache
from statistics import NormalDist

import numpy as np

from claims import Claim, assert_above, assert_below, assert_within, kpi
from mtolab import DemandPattern, ProductFamily, Scenario, compare_strategies, pooled_safety_stock
from mtolab.analysis import pooling
from mtolab.widgets.ato import _scenario as explorer_scenario

LESSON = "04_assemble_to_order"
PCS = ProductFamily(options=(3, 3, 2), common_components=1)
SHOP = Scenario(demand=DemandPattern(mean=40.0), capacity=50.0, family=PCS, lead_time=2,
                component_lead_time=2, assembly_time=1, max_wait=2, shelf_life=8,
                n_periods=104, n_replications=100)
Z = NormalDist().inv_cdf(0.95)


@cache
def _runs(noise: float = 0.0):
    sc = SHOP.replace(forecast_noise=noise)
    return sc, compare_strategies(sc, ["MTS", "ATO"]).results


def _k(strategy, name, noise=0.0):
    sc, runs = _runs(noise)
    return kpi(runs[strategy], sc.costs, name, sc.max_wait)


def eighteen_configurations():
    assert PCS.n_variants == 18 and PCS.n_components == 9


def pooling_table():
    half = pooled_safety_stock(4, service_level=0.95, demand_sd=1.0, lead_time=3)
    most = pooled_safety_stock(18, service_level=0.95, demand_sd=1.0, lead_time=3)
    assert round(half.saving_share, 2) == 0.50 and 0.72 <= most.saving_share <= 0.78


def shop_setting():
    assert SHOP.demand.mean == 40 and SHOP.demand.distribution == "poisson"
    assert PCS.popularity == "uniform" and PCS.n_variants == 18


def ato_under_half_and_on_time():
    ratio = _k("ATO", "component inventory") / _k("MTS", "finished-goods inventory")
    assert_below(ratio, 0.45, "ATO kits / MTS units")
    assert_above(_k("ATO", "on-time rate"), 97.0, "ATO on-time rate within 2 weeks")
    assert SHOP.max_wait == 2


def mts_cheaper_by_1_6():
    diff = _k("ATO", "total cost") - _k("MTS", "total cost")
    assert_within(diff, 1.4, 1.8, "ATO - MTS total cost, perfect forecast")


def premium_outweighs_savings():
    assert SHOP.costs.assembly_premium == 4.0 and SHOP.forecast_noise == 0.0
    saved = sum(_k("MTS", f"{c} cost") - _k("ATO", f"{c} cost")
                for c in ("holding", "setup", "obsolescence"))
    assert_above(_k("ATO", "premium cost") - saved, 0.0, "premium - savings")
    assert_above(saved, 0.0, "what ATO saves")


def mts_scraps_with_a_perfect_forecast():
    assert SHOP.forecast_noise == 0.0 and SHOP.forecast_bias == 0.0 and SHOP.shelf_life == 8
    assert_above(_k("MTS", "obsolescence cost"), 0.0, "MTS obsolescence, perfect forecast")


def law_sums():
    law = pooling(SHOP)
    assert SHOP.lead_time == 2 and SHOP.review_period == 1
    mts = Z * np.sqrt(40 * 3) * np.sqrt(18)
    ato = Z * np.sqrt(40 * 3) * (1 + np.sqrt(3) + np.sqrt(3) + np.sqrt(2)) / 4
    assert np.isclose(law.safety["MTS"], mts) and np.isclose(law.safety["ATO"], ato)
    # at week ends what is left is about the safety stock
    assert_within(_k("MTS", "finished-goods inventory"), 0.95 * mts, 1.1 * mts, "MTS stock")


def law_explains_the_gap():
    law = pooling(SHOP)
    gap = law.safety["MTS"] - law.safety["ATO"]
    assert round(gap / 10) * 10 == 50, gap
    simulated = _k("MTS", "finished-goods inventory") - _k("ATO", "component inventory")
    assert_within(simulated, gap - 2.5, gap + 2.5, "simulated MTS - ATO stock")
    for strategy, name in (("MTS", "finished-goods inventory"), ("ATO", "component inventory")):
        assert_within(_k(strategy, name) - law.safety[strategy], 0.5, 5.0,
                      f"{strategy} simulated - formula")


def _explorer(groups, choices, common=1, service_level=0.95):
    sc = explorer_scenario(groups, choices, common, service_level)
    runs = compare_strategies(sc, ["MTS", "ATO"]).results
    return {"MTS": kpi(runs["MTS"], sc.costs, "finished-goods inventory"),
            "ATO": kpi(runs["ATO"], sc.costs, "component inventory"),
            "on MTS": kpi(runs["MTS"], sc.costs, "on-time rate", sc.max_wait),
            "on ATO": kpi(runs["ATO"], sc.costs, "on-time rate", sc.max_wait)}


def groups_move_mts_not_ato():
    one, three = _explorer(1, 3), _explorer(3, 3)
    assert np.mean(three["MTS"]) / np.mean(one["MTS"]) > 2.5
    assert np.mean(three["ATO"]) / np.mean(one["ATO"]) < 1.3
    # MTS: the square root of the number of configurations (3 against 27), within 15 %
    ratio = np.mean(three["MTS"]) / np.mean(one["MTS"])
    assert abs(ratio / np.sqrt(27 / 3) - 1) < 0.15, ratio


def choices_move_ato_too():
    one, four = _explorer(2, 1), _explorer(2, 4)
    ato = np.mean(four["ATO"]) / np.mean(one["ATO"])
    mts = np.mean(four["MTS"]) / np.mean(one["MTS"])
    assert 1.5 < ato < mts, (ato, mts)


def nothing_to_pool():
    single = _explorer(1, 1)
    assert abs(np.mean(single["MTS"]) - np.mean(single["ATO"])) < 0.5


def service_level_last_points():
    low, high = _explorer(2, 3, 1, 0.80), _explorer(2, 3, 1, 0.99)
    for s in ("MTS", "ATO"):
        assert_above(high[s] - low[s], 0.0, f"{s} stock, 0.99 - 0.80")
    z = NormalDist().inv_cdf
    assert z(0.99) - z(0.98) > 3 * (z(0.81) - z(0.80))


def ato_on_time_lower():
    single = _explorer(1, 1)
    assert_above(single["on MTS"] - single["on ATO"], 0.0, "MTS - ATO on-time, 1 group 1 choice")
    three = _explorer(3, 3)
    assert np.mean(three["on ATO"]) < np.mean(_explorer(1, 3)["on ATO"])
    sc = explorer_scenario(1, 1, 1, 0.95)
    assert sc.max_wait == sc.assembly_time


def correlated_saves_nothing():
    r = pooled_safety_stock(4, service_level=0.95, demand_sd=1.0, lead_time=3, correlation=1.0)
    assert np.isclose(r.pooled, r.separate)
    independent = pooled_safety_stock(4, service_level=0.95, demand_sd=1.0, lead_time=3)
    assert np.isclose(independent.pooled, independent.separate / 2)


def break_even_between_03_and_06():
    at_03 = _k("ATO", "total cost", 0.3) - _k("MTS", "total cost", 0.3)
    at_06 = _k("ATO", "total cost", 0.6) - _k("MTS", "total cost", 0.6)
    assert_above(at_03, 0.0, "ATO - MTS at noise 0.3")
    assert_below(at_06, 0.0, "ATO - MTS at noise 0.6")


def mts_climbs_ato_flat():
    assert_above(_k("MTS", "total cost", 0.6) - _k("MTS", "total cost"), 2.0, "MTS, 0.6 - 0")
    assert_within(_k("ATO", "total cost", 0.6) - _k("ATO", "total cost"), -0.5, 0.5, "ATO, 0.6 - 0")
    for name in ("finished-goods inventory", "obsolescence cost"):
        assert_above(_k("MTS", name, 0.6) - _k("MTS", name), 0.0, f"MTS {name}, 0.6 - 0")


def _claim(quote, check, nb=None):
    return Claim(LESSON, quote, check, nb)


CLAIMS = [
    _claim("Under MTS each of the 18 configurations needs its own safety stock",
           eighteen_configurations,
           nb="Ved MTS trenger hver av de 18 konfigurasjonene sitt eget sikkerhetslager"),
    _claim("pooling 4 halves the safety stock, pooling 18 saves about three quarters",
           pooling_table,
           nb="samordner du 4, halveres sikkerhetslageret, og samordner du 18, sparer du rundt "
              "tre firedeler"),
    _claim("Customers order 40 computers a week (Poisson), spread evenly over the 18 "
           "configurations.", shop_setting,
           nb="Kundene bestiller 40 datamaskiner i uka (Poisson), jevnt fordelt på de 18 "
              "konfigurasjonene."),
    _claim("ATO holds well under half the stock of MTS for the same customers, and still "
           "delivers nearly all of them within the 2 weeks they accept.",
           ato_under_half_and_on_time,
           nb="ATO har godt under halvparten så mye lager som MTS for de samme kundene, og "
              "leverer likevel nesten alle innen de 2 ukene de godtar."),
    _claim("With a perfect forecast, as here, MTS is still cheaper in total, by about 1.6 € per "
           "computer.", mts_cheaper_by_1_6,
           nb="Med en perfekt prognose, som her, er MTS likevel billigere totalt, med rundt 1,6 € "
              "per datamaskin."),
    _claim("even with a perfect forecast, a configuration that sells slowly for a few weeks "
           "leaves computers on the shelf past their 8 weeks, and they are scrapped",
           mts_scraps_with_a_perfect_forecast,
           nb="selv med en perfekt prognose kan en konfigurasjon selge langsomt noen uker, og da "
              "blir maskiner liggende på hylla forbi de 8 ukene og må kasseres"),
    _claim("ATO's premium of 4 € on every computer costs more than it saves on holding, "
           "set-ups and scrap together.", premium_outweighs_savings,
           nb="ATOs tillegg på 4 € på hver datamaskin koster mer enn det sparer på lagerhold, "
              "omstillinger og kassasjon til sammen."),
    _claim("units (3 weeks: 2 of lead time plus 1 between orders)", law_sums,
           nb="enheter (3 uker: 2 med ledetid pluss 1 mellom bestillingene)"),
    _claim("per kit of 4 components that is", law_sums,
           nb="Per sett med 4 komponenter blir det"),
    _claim("counted at the end of each week, after the week's sales, when what is left is "
           "about the safety stock", law_sums,
           nb="telt ved slutten av hver uke, etter ukas salg, når det som er igjen, omtrent er "
              "sikkerhetslageret"),
    _claim("The law puts MTS about 50 units above ATO, and the simulation agrees within a "
           "couple of units; both simulated stocks lie a few units above their formulas.",
           law_explains_the_gap,
           nb="Loven legger MTS rundt 50 enheter over ATO, og simuleringen stemmer innenfor et "
              "par enheter; begge de simulerte lagrene ligger noen enheter over formlene sine."),
    _claim("So ATO's smaller stock is pooling: fewer, larger stocks of shared parts, each "
           "steadier than the stocks of the 18 configurations.", law_explains_the_gap,
           nb="ATOs mindre lager er altså lagersamordning: færre og større lagre av felles deler, "
              "hvert av dem jevnere enn lagrene til de 18 konfigurasjonene."),
    _claim("MTS's stock climbs with the square root of the number of configurations; ATO's "
           "barely moves", groups_move_mts_not_ato,
           nb="lageret ved MTS stiger med kvadratroten av antallet konfigurasjoner, mens lageret "
              "ved ATO nesten ikke rikker seg"),
    _claim("now ATO's stock climbs too, though more slowly than MTS's", choices_move_ato_too,
           nb="nå stiger lageret ved ATO også, men langsommere enn ved MTS"),
    _claim("there is nothing to pool: both hold the same", nothing_to_pool,
           nb="er det ingenting å samordne: begge har like mye på lager"),
    _claim("Raise the service level from 0.80 to 0.99: both need more stock, and the last "
           "points cost the most.", service_level_last_points,
           nb="Øk servicenivået fra 0,80 til 0,99: begge trenger mer lager, og de siste "
              "prosentpoengene koster mest."),
    _claim("ATO's on-time rate is lower than MTS's even with 1 group and 1 choice, where both "
           "hold the same stock: assembly takes the whole week customers accept, so any part "
           "that is short makes the order late, while an MTS customer who finds the shelf "
           "empty is usually served within the week.", ato_on_time_lower,
           nb="Leveringspresisjonen ved ATO er lavere enn ved MTS selv med 1 gruppe og 1 valg, "
              "der begge har like mye på lager: monteringen tar hele den uka kundene godtar, så "
              "én del som mangler, gjør ordren forsinket, mens en MTS-kunde som finner hylla tom, "
              "som regel får varen innen uka."),
    _claim("More option groups lower it further", ato_on_time_lower,
           nb="Flere valggrupper senker den ytterligere"),
    _claim("Perfectly correlated: the sum moves four times as far as one configuration, so the "
           "pooled stock still needs 80; pooling saves nothing.", correlated_saves_nothing,
           nb="Fullt korrelerte: summen svinger fire ganger så mye som én konfigurasjon, så det "
              "felles lageret trenger fortsatt 80; lagersamordning sparer ingenting."),
    _claim("half as much", correlated_saves_nothing,
           nb="halvparten så mye"),
    _claim("Somewhere between a noise of 0.3 and 0.6 the two are level",
           break_even_between_03_and_06,
           nb="Et sted mellom en støy på 0,3 og 0,6 er de to like"),
    _claim("MTS's cost climbs with the noise (more stock, more scrapped computers) while ATO's "
           "hardly changes.", mts_climbs_ato_flat,
           nb="Kostnaden ved MTS stiger med støyen (mer lager, flere kasserte datamaskiner), mens "
              "kostnaden ved ATO nesten ikke endrer seg."),
    _claim("the law accounts for nearly all of the stock MTS holds above ATO",
           law_explains_the_gap,
           nb="loven forklarer nesten alt lageret MTS har ut over ATO"),
    _claim("With a perfect forecast MTS can still be cheaper", mts_cheaper_by_1_6,
           nb="Med en perfekt prognose kan MTS likevel være billigere"),
]
