"""Lesson 08, strategy in practice: its statements and the checks that back them.

The lesson simulates the five modelled cases of ``mtolab.cases`` with 20
replications each and compares strategies per replication (paired: every
strategy meets the same customers), the whole 95 % interval on one side.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from claims import Claim, assert_above, assert_within
from mtolab import STRATEGIES, kpi_per_replication
from mtolab.cases import CASES, case

LESSON = "08_strategy_in_practice"
RUNS = 20  # the lesson's replications per case
MODELLED = ("bolts", "pc", "car", "suit", "furniture")


@lru_cache(maxsize=32)
def _result(key, strategy):
    return case(key).scenario.replace(n_replications=RUNS).simulate(strategy)


def profit(key, strategy):
    sc = case(key).scenario
    return kpi_per_replication(_result(key, strategy), sc.costs, sc.max_wait)["profit per week"]


def lead(key, strategy, other):
    return profit(key, strategy) - profit(key, other)


def five_modelled():
    assert tuple(c.key for c in CASES if c.scenario is not None) == MODELLED
    assert {c.key for c in CASES if c.scenario is None} == {"bread", "bridge"}


def same_customers():
    for key in MODELLED:
        demand = [_result(key, s).demand for s in STRATEGIES]
        assert demand[0].shape[0] == RUNS
        for other in demand[1:]:
            np.testing.assert_array_equal(other, demand[0])


def placed_wins():
    for key in ("bolts", "pc", "furniture"):
        placed = case(key).strategy
        for other in STRATEGIES:
            if other != placed:
                assert_above(lead(key, placed, other), 0.0, f"{key}: {placed} - {other}")


def mto_far_ahead_of_stock():
    for key in ("car", "suit"):
        assert case(key).strategy == "MTO"
        for other in ("MTS", "ATO"):
            assert_above(lead(key, "MTO", other), 100.0, f"{key}: MTO - {other} (EUR/week)")


def hybrid_a_little_more():
    for key in ("car", "suit"):
        share = lead(key, "Hybrid", "MTO") / profit(key, "MTO").mean()
        assert_above(lead(key, "Hybrid", "MTO"), 0.0, f"{key}: Hybrid - MTO (paired)")
        assert_within(share, 0.005, 0.02, f"{key}: Hybrid - MTO as a share of MTO's profit")


def bolts_hybrid_is_mto():
    sc = case("bolts").scenario
    assert sc.family.n_variants == 1 and sc.hybrid_share == 0.5
    assert int(sc.stocked_variants().sum()) == 0
    np.testing.assert_allclose(profit("bolts", "Hybrid"), profit("bolts", "MTO"))


def hybrid_mostly_to_order():
    """Served from stock (delivered in the week ordered) is the hybrid's stocked part."""
    for key in ("car", "suit"):
        sc = case(key).scenario
        stock = kpi_per_replication(_result(key, "Hybrid"), sc.costs, sc.max_wait)
        assert_within(stock["served from stock"], 0.0, 20.0, f"{key}: hybrid from stock (%)")


def bolts_mto_sells_nothing():
    sc = case("bolts").scenario
    assert sc.max_wait == 0 and sc.refuse_late_orders
    result = _result("bolts", "MTO")
    assert result.shipped.sum() == 0 and np.all(profit("bolts", "MTO") == 0.0)
    kpis = kpi_per_replication(result, sc.costs, sc.max_wait)
    np.testing.assert_allclose(kpis["lost demand"], 100.0)


CLAIMS = [
    Claim(LESSON, "Five of them come with a stylised scenario", five_modelled,
                  nb="Fem av dem har et stilisert scenario"),
    Claim(LESSON, "Bread and the bridge are not simulated", five_modelled,
                  nb="Brødet og broen blir ikke simulert"),
    Claim(LESSON, "Now simulate the five modelled cases: profit per week of each strategy "
                  "(revenue less money spent, in euro a week, see lesson 07), 20 runs each, "
                  "with the most profitable named.", five_modelled,
                  nb="Simuler nå de fem modellerte casene: fortjeneste per uke for hver strategi "
                     "(inntekter minus det som betales ut, i euro per uke, se leksjon 07), 20 "
                     "simuleringer hver, med den mest lønnsomme pekt ut."),
    Claim(LESSON, "Every strategy met the same customers in each run, so compare them run by "
                  "run: the lead of the strategy each case is placed under over every other, "
                  "with its 95 % confidence interval (in euro a week).", same_customers,
                  nb="Hver strategi møtte de samme kundene i hver simulering, så sammenlign dem "
                     "simulering for simulering: hvor mye strategien casen er plassert på, ligger "
                     "foran hver av de andre, med 95 % konfidensintervall (i euro per uke)."),
    Claim(LESSON, "For the bolts, the PC and the sofas, the strategy the case is placed under "
                  "earns the most: its lead over every other strategy is above zero, the "
                  "whole interval.", placed_wins,
                  nb="For boltene, PC-en og sofaene tjener strategien casen er plassert på, mest: "
                     "forspranget på hver av de andre strategiene er større enn null, i hele "
                     "intervallet."),
    Claim(LESSON, "For the car and the suit, make to order earns far more than make to stock "
                  "or assemble to order", mto_far_ahead_of_stock,
                  nb="For bilen og dressen tjener produksjon mot ordre langt mer enn produksjon "
                     "mot lager eller montering mot ordre"),
    Claim(LESSON, "But the hybrid, which stocks a few favourites and makes everything else to "
                  "order, earns a little more than pure make to order, about 1 % in both, and "
                  "the paired interval says the difference is real.", hybrid_a_little_more,
                  nb="Men hybriden, som lagerfører noen få favoritter og lager alt annet mot "
                     "ordre, tjener litt mer enn ren produksjon mot ordre, rundt 1 % i begge "
                     "tilfellene, og det parvise intervallet sier at forskjellen er reell."),
    Claim(LESSON, "For the bolts, MTO and the hybrid earn exactly the same: with one product, "
                  "the hybrid stocks none of it (half of one product rounds down to nothing)",
          bolts_hybrid_is_mto,
                  nb="For boltene tjener MTO og hybriden nøyaktig like mye: med ett produkt "
                     "lagerfører hybriden ingenting av det (halvparten av ett produkt rundes ned "
                     "til null)"),
    Claim(LESSON, "And since bolt buyers will not wait at all, make to order sells not a "
                  "single bolt: every order is refused.", bolts_mto_sells_nothing,
                  nb="Og siden boltkjøperne ikke vil vente i det hele tatt, selger produksjon mot "
                     "ordre ikke én eneste bolt: hver ordre avvises."),
    Claim(LESSON, "the hybrid makes more than four in five of its cars and suits to order",
          hybrid_mostly_to_order,
                  nb="hybriden lager mer enn fire av fem biler og dresser mot ordre"),
    Claim(LESSON, "More than four in five of its cars are still made to order",
          hybrid_mostly_to_order,
                  nb="Mer enn fire av fem av bilene lages fortsatt mot ordre"),
]
