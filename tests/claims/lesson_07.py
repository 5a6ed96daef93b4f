"""Lesson 07, the case for make to order: its statements and the checks that back them.

The lesson's scenarios are the car case (``mtolab.cases``), the preset
``"configurable"`` swept over option groups (``mtolab.analysis.variety_profit``),
the car's make-to-order line with a week more sourcing, and lesson 03's
preset ``"surge"``.  Comparisons between strategies are paired per
replication (every strategy meets the same customers) and need the whole
95 % interval of the difference on one side.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from claims import Claim, assert_above, assert_below, assert_within, mean_ci
from mtolab import STRATEGIES, kpi_per_replication
from mtolab.analysis import variety_family
from mtolab.cases import case
from mtolab.costs import CostModel
from mtolab.presets import preset

LESSON = "07_the_case_for_make_to_order"
LEVELS = (1, 3, 9, 27, 81)


@lru_cache(maxsize=64)
def _result(scenario, strategy):
    """One simulated strategy (cached: costs only price it, so they are reset in the key)."""
    return scenario.simulate(strategy)


def kpis(scenario, strategy) -> dict:
    """Every KPI of one strategy per replication, priced with the scenario's own costs."""
    result = _result(scenario.replace(costs=CostModel()), strategy)
    return kpi_per_replication(result, scenario.costs, scenario.max_wait)


def diff(scenario, name, a, b):
    """Per-replication difference of KPI ``name`` between strategies ``a`` and ``b``."""
    return kpis(scenario, a)[name] - kpis(scenario, b)[name]


def car():
    return case("car").scenario


def level(n, **changes):
    """The preset "configurable" at ``n`` configurations, as variety_profit runs it."""
    sc = preset("configurable", **changes)
    groups = {1: 0, 3: 1, 9: 2, 27: 3, 81: 4}[n]
    return sc.replace(family=variety_family(groups),
                      configurations_stocked=min(sc.configurations_stocked, n))


def profit_gap(sc, best, others):
    for other in others:
        assert_above(diff(sc, "profit per week", best, other), 0.0,
                     f"{best} - {other} profit per week at {sc.family.n_variants} configurations")


# ------------------------------------------------------------------ the car case
def car_settings():
    sc = car()
    assert sc.family.options == (5, 4, 4, 3) and sc.family.n_variants == 240
    assert sc.demand.mean == 5.0 and sc.bespoke_share == 0.5 and sc.max_wait == 16
    assert sc.substitution < 0.5  # only a minority settle for the standard car
    assert sc.costs.exact_spec_premium > 0


def car_stocks():
    sc = car()
    assert sc.configurations_stocked == 12
    assert sc.hybrid_share == 0.1 and int(sc.stocked_variants().sum()) == 24  # a tenth of 240
    assert sc.offer("MTS").offered.sum() == 12


def same_buyers_in_20_runs():
    sc = car()
    assert sc.n_replications == 20
    demand = [_result(sc.replace(costs=CostModel()), s).demand for s in STRATEGIES]
    for other in demand[1:]:
        np.testing.assert_array_equal(other, demand[0])  # every customer, taken or not


def mto_and_hybrid_exact():
    for s in ("MTO", "Hybrid"):
        assert np.all(kpis(car(), s)["exact specification"] == 100.0), s


def mts_at_once():
    assert_below(kpis(car(), "MTS")["mean lead time"], 0.5, "MTS mean lead time (weeks)")


def revenue_highest_where_exact():
    sc = car()
    for exact in ("MTO", "Hybrid"):
        for other in ("MTS", "ATO"):
            assert_above(diff(sc, "revenue per unit sold", exact, other), 0.0,
                         f"{exact} - {other} revenue per unit sold")


def mto_beats_mts_and_ato():
    sc = car()
    for other in ("MTS", "ATO"):
        # "far above zero": the whole interval above 100 EUR a week
        assert_above(diff(sc, "profit per week", "MTO", other), 100.0, f"MTO - {other} profit")


def hybrid_a_little_more():
    sc = car()
    d = diff(sc, "profit per week", "Hybrid", "MTO")
    assert_above(d, 0.0, "Hybrid - MTO profit per week (paired)")
    mto = kpis(sc, "MTO")["profit per week"].mean()
    assert d.mean() < 0.05 * mto, "a little: under 5 % of MTO's profit"


def own_intervals_overlap():
    sc = car()
    _, lo_h, hi_h = mean_ci(kpis(sc, "Hybrid")["profit per week"])
    _, lo_m, hi_m = mean_ci(kpis(sc, "MTO")["profit per week"])
    assert lo_h < hi_m and lo_m < hi_h, (lo_h, hi_h, lo_m, hi_m)


# ------------------------------------------------------- the configurable product
def configurable_settings():
    sc = preset("configurable")
    assert sc.demand.mean == 20.0 and sc.bespoke_share == 0.1
    assert sc.costs.exact_spec_premium == 20.0 and sc.costs.price == 150.0
    assert sc.configurations_stocked == 8


def sweep_settings():
    sc = preset("configurable")
    assert [variety_family(g).n_variants for g in range(5)] == list(LEVELS)
    assert variety_family(0).n_variants == 1 and variety_family(4).options == (3, 3, 3, 3)
    assert sc.n_replications == 20 and sc.n_periods == 104


def mts_best_with_few():
    for n in (1, 3, 9):
        profit_gap(level(n), "MTS", ("ATO", "MTO", "Hybrid"))


def mts_falls():
    means = [kpis(level(n), "MTS")["profit per week"].mean() for n in LEVELS]
    assert all(b < a for a, b in zip(means, means[1:], strict=False)), means


def ato_best_with_many():
    for n in (27, 81):
        profit_gap(level(n), "ATO", ("MTS", "MTO", "Hybrid"))


def ato_keeps_most():
    one, many = (kpis(level(n), "ATO")["profit per week"].mean() for n in (1, 81))
    assert many > 0.85 * one, (one, many)


def mto_flat():
    means = {n: kpis(level(n), "MTO")["profit per week"] for n in LEVELS}
    for n in LEVELS[1:]:
        np.testing.assert_allclose(means[n], means[1])


def mto_does_not_pay_here():
    for n in LEVELS:
        best = max(("MTS", "ATO"), key=lambda s: kpis(level(n), s)["profit per week"].mean())
        assert_above(diff(level(n), "profit per week", best, "MTO"), 0.0, f"{best} - MTO at {n}")


def hybrid_close_to_ato():
    for n in (27, 81):
        d = diff(level(n), "profit per week", "ATO", "Hybrid")
        ato = kpis(level(n), "ATO")["profit per week"].mean()
        assert_within(d, -0.05 * ato, 0.05 * ato, f"ATO - Hybrid at {n} (within 5 %)")


def hybrid_with_one_is_mto():
    sc = level(1)
    assert int(sc.stocked_variants().sum()) == 0 and sc.hybrid_share == 0.25
    np.testing.assert_allclose(kpis(sc, "Hybrid")["profit per week"],
                               kpis(sc, "MTO")["profit per week"])


def ato_overtakes_between_9_and_27():
    assert_above(diff(level(9), "profit per week", "MTS", "ATO"), 0.0, "MTS - ATO at 9")
    assert_above(diff(level(27), "profit per week", "ATO", "MTS"), 0.0, "ATO - MTS at 27")


def mts_keeps_8():
    for n in (9, 27, 81):
        assert int(level(n).offer("MTS").offered.sum()) == 8


def premium_gains():
    """Each euro of premium adds the units sold exactly as ordered: most for MTO, hybrid.

    At the task's 2 option groups (9 configurations, MTS stocks 8); with 3
    configurations MTS stocks them all and gains as much as ATO.
    """
    for n in (9,):
        low, high = level(n), level(n, costs={"exact_spec_premium": 21.0})
        gain = {s: (kpis(high, s)["profit per week"] - kpis(low, s)["profit per week"]).mean()
                for s in STRATEGIES}
        assert min(gain["MTO"], gain["Hybrid"]) > max(gain["MTS"], gain["ATO"]), (n, gain)
        assert gain["MTS"] == min(gain.values()), (n, gain)


def bespoke_high():
    top = 0.6
    for n in LEVELS:
        sc = level(n, bespoke_share=top)
        for s in ("MTO", "Hybrid"):
            assert np.all(kpis(sc, s)["exact specification"] == 100.0)
        for s in ("MTS", "ATO"):
            assert_below(kpis(sc, s)["exact specification"], 100.0 * (1 - top) + 0.5, s)
        winner = max(("MTO", "Hybrid"), key=lambda s: kpis(sc, s)["profit per week"].mean())
        for other in ("MTS", "ATO"):
            assert_above(diff(sc, "profit per week", winner, other), 0.0,
                         f"{winner} - {other} at {n} configurations, bespoke {top}")


def hybrid_passes_ato_at_35():
    below, above = (level(81, costs={"exact_spec_premium": p}) for p in (30.0, 40.0))
    assert_above(diff(below, "profit per week", "ATO", "Hybrid"), 0.0, "ATO - Hybrid at 30 EUR")
    assert_above(diff(above, "profit per week", "Hybrid", "ATO"), 0.0, "Hybrid - ATO at 40 EUR")


# ------------------------------------------------------------------ making MTO work
def slower_sourcing():
    sc = car()
    slow = sc.replace(sourcing_time=sc.sourcing_time + 1)
    before, after = kpis(sc, "MTO"), kpis(slow, "MTO")
    assert_within(after["mean lead time"] - before["mean lead time"], 0.95, 1.05,
                  "lead time, one week more sourcing - as before (weeks)")
    assert_below(after["on-time rate"] - before["on-time rate"], 0.0, "on-time rate change")


def surge_settings():
    d = preset("surge").demand
    assert (d.surge_factor, d.surge_length, d.surge_start) == (2.0, 4, 10)


def _waiting(result):
    return result.backlog - result.work_in_progress


def mto_queue_longer_at_the_end():
    sc = preset("surge")
    end = sc.demand.surge_start + sc.demand.surge_length - 1
    mts, mto = (_waiting(_result(sc, s)) for s in ("MTS", "MTO"))
    assert_above(mto[:, end] - mts[:, end], 0.0, "MTO - MTS orders waiting as the surge ends")
    start = sc.demand.surge_start
    assert_above(mto[:, start] - mto[:, start - 1], 0.0, "MTO queue, first week of the surge")


CLAIMS = [
    Claim(LESSON, "About 5 cars a week; 240 catalogue configurations, a few of them "
                  "favourites; half of the buyers want something bespoke", car_settings,
          nb="Rundt 5 biler i uka; 240 konfigurasjoner i katalogen, noen få av dem "
             "favoritter; halvparten av kjøperne vil ha noe skreddersydd"),
    Claim(LESSON, "Buyers accept to wait up to 16 weeks.", car_settings,
          nb="Kjøperne godtar å vente opptil 16 uker."),
    Claim(LESSON, "Under make to stock the firm keeps its 12 most popular configurations in "
                  "stock; the hybrid stocks a tenth of the catalogue (its favourites) and "
                  "makes everything else to order.", car_stocks,
          nb="Ved produksjon mot lager har bedriften sine 12 mest populære konfigurasjoner "
             "på lager; hybriden lagerfører en tidel av katalogen (favorittene) og lager alt "
             "annet mot ordre."),
    Claim(LESSON, "Every strategy met the same buyers in each of the 20 runs, so the fair "
                  "comparison is the difference in profit run by run, with its 95 % "
                  "confidence interval:", same_buyers_in_20_runs,
          nb="Alle strategiene møtte de samme kjøperne i hver av de 20 simuleringene, så "
             "den rettferdige sammenligningen er forskjellen i fortjeneste simulering for "
             "simulering, med sitt 95 % konfidensintervall"),
    Claim(LESSON, "MTO and the hybrid serve every buyer exactly", mto_and_hybrid_exact,
          nb="MTO og hybriden gir hver eneste kjøper nøyaktig den bilen de ba om"),
    Claim(LESSON, "MTS serves its few exact buyers at once (a mean lead time near zero)",
          mts_at_once,
          nb="MTS leverer straks til de få kjøperne som får nøyaktig sin bil (en "
             "gjennomsnittlig leveringstid nær null)"),
    Claim(LESSON, "Revenue per unit sold (in euro) is highest where every buyer gets their "
                  "exact car.", revenue_highest_where_exact,
          nb="Inntekt per solgte enhet (i euro) er høyest der hver kjøper får nøyaktig sin "
             "bil."),
    Claim(LESSON, "MTO earns clearly more than MTS and ATO here: both intervals lie far above "
                  "zero.", mto_beats_mts_and_ato,
          nb="MTO tjener klart mer enn MTS og ATO her: begge intervallene ligger langt over "
             "null."),
    Claim(LESSON, "The hybrid earns a little more than MTO, and the paired interval stays "
                  "above zero.", hybrid_a_little_more,
          nb="Hybriden tjener litt mer enn MTO, og det parvise intervallet holder seg over "
             "null."),
    Claim(LESSON, "Compared strategy by strategy, their own intervals overlap",
          own_intervals_overlap,
          nb="Ser du på hver strategi for seg, overlapper intervallene deres"),
    Claim(LESSON, "as for the hybrid and MTO in the car case", own_intervals_overlap,
          nb="slik som for hybriden og MTO i bileksempelet"),
    Claim(LESSON, "Take instead a configurable product sold at about 20 units a week (the "
                  "preset \"configurable\"): a tenth of the customers want something "
                  "bespoke, exact buyers pay a modest premium of 20 € (on a standard price "
                  "of 150 €), and make to stock keeps at most 8 configurations in stock.",
          configurable_settings,
          nb="Ta i stedet et konfigurerbart produkt som selger rundt 20 enheter i uka "
             "(forhåndsinnstillingen \"configurable\"): en tidel av kundene vil ha noe "
             "skreddersydd, kjøpere som får nøyaktig det de ønsker, betaler et beskjedent "
             "tillegg på 20 € (på en standardpris på 150 €), og produksjon mot lager har "
             "høyst 8 konfigurasjoner på lager."),
    Claim(LESSON, "We give it more and more option groups of three choices each, from one "
                  "standard product to 81 configurations, and compare profit per week (20 "
                  "runs of two years each, in euro a week).", sweep_settings,
          nb="Vi gir produktet flere og flere valggrupper med tre valg i hver, fra ett "
             "standardprodukt til 81 konfigurasjoner, og sammenligner fortjenesten per uke "
             "(20 simuleringer på to år hver, i euro per uke)."),
    Claim(LESSON, "With one or a handful of configurations, MTS earns the most",
          mts_best_with_few,
          nb="Med én eller noen få konfigurasjoner tjener MTS mest"),
    Claim(LESSON, "As configurations multiply, MTS can stock fewer and fewer of them: its "
                  "customers walk away or settle, and its profit falls.", mts_falls,
          nb="Når konfigurasjonene blir flere, kan MTS ha færre og færre av dem på lager: "
             "kundene går eller nøyer seg med noe annet, og fortjenesten faller."),
    Claim(LESSON, "ATO keeps most of its profit", ato_keeps_most,
          nb="ATO beholder det meste av fortjenesten"),
    Claim(LESSON, "in this product it earns the most once there are many configurations",
          ato_best_with_many,
          nb="for dette produktet tjener ATO mest når det er mange konfigurasjoner"),
    Claim(LESSON, "MTO's profit is the same at every variety", mto_flat,
          nb="Fortjenesten til MTO er den samme uansett hvor mange varianter det er"),
    Claim(LESSON, "With only a tenth of the customers wanting something bespoke and a modest "
                  "premium for it, that does not pay here.", mto_does_not_pay_here,
          nb="Når bare en tidel av kundene vil ha noe skreddersydd og tillegget for det er "
             "beskjedent, lønner det seg ikke her."),
    Claim(LESSON, "The hybrid sits close to ATO at high variety.", hybrid_close_to_ato,
          nb="Hybriden ligger nær ATO når det er mange varianter."),
    Claim(LESSON, "With one configuration it stocks none (a quarter of one configuration "
                  "rounds to nothing), so there it is make to order", hybrid_with_one_is_mto,
          nb="Med én konfigurasjon har den ingen på lager (en firedel av én konfigurasjon "
             "rundes ned til null), så der er den produksjon mot ordre"),
    Claim(LESSON, "ATO overtakes MTS between 9 and 27 configurations.",
          ato_overtakes_between_9_and_27,
          nb="ATO går forbi MTS mellom 9 og 27 konfigurasjoner."),
    Claim(LESSON, "MTS keeps only 8 configurations in stock, so the more there are, the more "
                  "customers want one it does not have.", mts_keeps_8,
          nb="MTS har bare 8 konfigurasjoner på lager, så jo flere det finnes, jo flere "
             "kunder vil ha en den ikke har."),
    Claim(LESSON, "MTO and the hybrid gain the most: every one of their customers gets their "
                  "exact wish and pays the premium.", premium_gains,
          nb="MTO og hybriden tjener mest på det: alle kundene deres får nøyaktig det de "
             "ønsker, og alle betaler tillegget."),
    Claim(LESSON, "MTS gains the least, since only the customers of its stocked "
                  "configurations pay it.", premium_gains,
          nb="MTS tjener minst på det, siden bare kundene til konfigurasjonene den har på "
             "lager, betaler det."),
    Claim(LESSON, "MTS and ATO lose every customer who wants something bespoke (they walk "
                  "away or settle); MTO and the hybrid lose nobody.", bespoke_high,
          nb="MTS og ATO mister alle kunder som vil ha noe skreddersydd (de går eller nøyer "
             "seg med noe annet); MTO og hybriden mister ingen."),
    Claim(LESSON, "Make to order and the hybrid now earn the most at every variety.",
          bespoke_high,
          nb="Produksjon mot ordre og hybriden tjener nå mest uansett hvor mange varianter "
             "det er."),
    Claim(LESSON, "From about 35 € on.", hybrid_passes_ato_at_35,
          nb="Fra omtrent 35 € og oppover."),
    Claim(LESSON, "With the bespoke share back at its default and 4 option groups, find "
                  "roughly the premium from which the hybrid earns more than ATO.",
          hybrid_passes_ato_at_35,
          nb="Med andelen skreddersydde ønsker tilbake på standardverdien og 4 valggrupper: "
             "finn omtrent det pristillegget der hybriden begynner å tjene mer enn ATO."),
    Claim(LESSON, "Every order waits one week more, and a few more of them arrive later than "
                  "buyers accept", slower_sourcing,
          nb="Hver ordre venter én uke lenger, og noen flere av dem kommer senere enn "
             "kjøperne godtar"),
    Claim(LESSON, "Here is lesson 03's surge (twice the usual demand for four weeks, from "
                  "week 10): orders waiting, in units, under both strategies.", surge_settings,
          nb="Her er etterspørselstoppen fra leksjon 03 (dobbelt så stor etterspørsel som "
             "vanlig i fire uker, fra uke 10): ordrer som venter (køen), i enheter, under "
             "begge strategiene."),
    Claim(LESSON, "its queue grows from the first week of the surge, and at the surge's end "
                  "more orders are waiting under MTO than under MTS", mto_queue_longer_at_the_end,
          nb="køen vokser fra første uke av toppen, og ved slutten av toppen venter flere "
             "ordrer ved MTO enn ved MTS"),
]
