"""Claims of lesson 03, Make to order and lead time: each quoted, each recomputed.

The workshop of the lesson (capacity 2, 1 week of sourcing, 1 of production,
two years, 200 runs), the ``"surge"`` and ``"workshop"`` presets of the
explorers, and the case list of :mod:`mtolab.cases`.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np

from claims import Claim, assert_above, assert_below, kpi
from mtolab import DemandPattern, Scenario, compare_strategies
from mtolab.analysis import (
    simulate_strategies,
    surge_waiting,
    week_slot_lead_time,
    week_slot_wait,
)
from mtolab.cases import case
from mtolab.presets import preset
from mtolab.queueing import lead_time_curve

LESSON = "03_make_to_order"
# The lesson's workshops: the worked example (80 %) and the sweep over utilisation.
WORKSHOPS = Scenario(capacity=2.0, sourcing_time=1, production_time=1, n_periods=104,
                     n_replications=200)


def _at(utilisation: float, **changes) -> Scenario:
    sc = WORKSHOPS.replace(**changes) if changes else WORKSHOPS
    return sc.replace(demand=dataclasses.replace(sc.demand, mean=utilisation * sc.capacity))


@cache
def _mean_lead_times(utilisation: float, n_periods: int = 104, n_replications: int = 200):
    sc = _at(utilisation, n_periods=n_periods, n_replications=n_replications)
    return kpi(sc.simulate("MTO"), sc.costs, "mean lead time")


def _kingman_same_work(utilisation: float) -> float:
    curve = lead_time_curve(np.array([utilisation]), 1 / WORKSHOPS.capacity, service_cv=0.0)
    return float(WORKSHOPS.sourcing_time + WORKSHOPS.production_time
                 + curve["mean_wait"].iloc[0])


def _long_run(utilisation: float) -> float:
    return float(week_slot_lead_time(WORKSHOPS, (utilisation,)).iloc[0])


def no_machine_under_two_weeks():
    sc = Scenario(demand=DemandPattern(mean=1.6), capacity=2.0, sourcing_time=1,
                  production_time=1, max_wait=4, n_periods=104, n_replications=200)
    hist = sc.simulate("MTO").lead_times.sum(axis=0)
    assert sc.sourcing_time + sc.production_time == 2 and sc.n_replications == 200
    assert hist[:2].sum() == 0 and hist[2] > 0, hist[:4]


def factor_values():
    values = {u: u / (1 - u) for u in (0.5, 0.8, 0.9, 0.95)}
    assert [round(v) for v in values.values()] == [1, 4, 9, 19], values


def warm_up_at_95():
    sim = _mean_lead_times(0.95)
    assert round(float(np.mean(sim)), 2) == 4.22, np.mean(sim)  # the table's number
    assert round(_long_run(0.95), 2) == 6.64, _long_run(0.95)
    assert_below(sim, _long_run(0.95) - 2, "two years against the long run at 0.95")
    # A longer run climbs towards the long run.
    assert_above(_mean_lead_times(0.95, 2000, 30), float(np.mean(sim)) + 1, "2,000 weeks at 0.95")


def week_slots_at_80():
    long = _mean_lead_times(0.8, 2000, 50)
    assert round(float(np.mean(long)), 2) == 2.88, np.mean(long)
    assert round(_long_run(0.8), 2) == 2.90, _long_run(0.8)
    assert round(_kingman_same_work(0.8), 2) == 3.00
    assert_below(long, _kingman_same_work(0.8), "2,000 weeks against Kingman at 0.8")


def crossing_between_90_and_95():
    # The table's means; 400 runs of two years decide it with a confidence interval.
    assert np.mean(_mean_lead_times(0.9)) < 4.0 < np.mean(_mean_lead_times(0.95))
    assert_below(_mean_lead_times(0.9, 104, 400), 4.0, "mean lead time at 0.9")
    assert_above(_mean_lead_times(0.95, 104, 400), 4.0, "mean lead time at 0.95")


def far_below_kingman_near_95():
    assert_below(_mean_lead_times(0.95), _kingman_same_work(0.95) - 2, "at 0.95")


def mto_dearer_here():
    sc = Scenario()
    runs = compare_strategies(sc, ["MTS", "MTO"]).results
    total = {s: kpi(runs[s], sc.costs, "total cost") for s in runs}
    assert_above(total["MTO"] - total["MTS"], 10.0, "MTO - MTS, EUR per unit sold")
    small = kpi(runs["MTS"], sc.costs, "holding cost") + kpi(runs["MTS"], sc.costs,
                                                               "obsolescence cost")
    assert_below(small, 1.0, "MTS holding + obsolescence, EUR per unit sold")


def dell_is_configured_to_order():
    pc = case("pc")
    assert pc.strategy == "ATO" and pc.decoupling_point == "before final assembly"
    assert "Dell" in pc.why and "make to order" in pc.why


SURGE = preset("surge")


def surge_setting():
    d = SURGE.demand
    assert d.mean == 20 and d.surge_start == 10 and d.surge_length == 4
    assert d.surge_factor == 2.0
    assert SURGE.n_replications == 100


def same_capacity():
    assert SURGE.capacity == 25 and SURGE.capacity_limits_stock


def _weekly(flow):
    return flow.sum(axis=2) if flow.ndim == 3 else flow


def _surge(capacity: float):
    """Per replication: peak waiting and unit-weeks waiting of MTS and MTO."""
    return surge_waiting(SURGE.replace(capacity=capacity)).attrs["per replication"]


def mto_suffers_more_at_25():
    reps = _surge(25.0)
    for what in ("peak waiting", "unit-weeks waiting"):
        assert_above(reps["MTO"][what] - reps["MTS"][what], 0.0, f"MTO - MTS, {what}")
    weeks = surge_waiting(SURGE)["week of peak"]
    assert weeks["MTO"] == weeks["MTS"] + 1 == SURGE.demand.surge_start + 4, weeks


def mto_waits_less_at_30():
    reps = _surge(30.0)
    assert_below(reps["MTO"]["unit-weeks waiting"] - reps["MTS"]["unit-weeks waiting"], 0.0,
                 "MTO - MTS, unit-weeks waiting, capacity 30")


def more_capacity_turns_it_around():
    reps = _surge(40.0)
    assert_below(reps["MTO"]["peak waiting"] - reps["MTS"]["peak waiting"], -10.0,
                 "MTO - MTS, peak waiting, capacity 40")
    assert SURGE.lead_time == 2


def surge_arithmetic():
    extra = SURGE.demand.mean * (SURGE.demand.surge_factor - 1) * SURGE.demand.surge_length
    spare = SURGE.capacity - SURGE.demand.mean
    assert (extra, spare, extra / spare) == (80, 5, 16)
    # ... and longer: 16 weeks after the surge began the queue has not cleared.
    mto = simulate_strategies(SURGE, ["MTO"])["MTO"]
    week = SURGE.demand.surge_start + 16
    waiting = _weekly(mto.backlog - mto.work_in_progress)[:, week]
    queue = waiting - _weekly(mto.demand - mto.lost)[:, week]  # less 1 week of sourcing
    assert_above(queue, 2.0, "MTO queue in week 26")
    assert _weekly(mto.demand).max() > 25


def sixty_percent_plus_thirty():
    rho = 0.6 * 1.3
    before, after = 0.6 / 0.4, rho / (1 - rho)
    assert round(rho, 2) == 0.78 and round(after, 1) == 3.5 and after > 2 * before
    # each further step is worse: the factor's slope grows with utilisation
    steps = np.diff([u / (1 - u) for u in (0.6, 0.7, 0.8, 0.9)])
    assert np.all(np.diff(steps) > 0)


def mean_within_six_tail_beyond():
    sc = preset("workshop", demand={"mean": 4.9})
    result = sc.simulate("MTO")
    assert_below(kpi(result, sc.costs, "mean lead time"), 6.0, "mean lead time, demand 4.9")
    on_time = kpi(result, sc.costs, "on-time rate", sc.max_wait)
    assert sc.max_wait == 6
    assert_below(on_time, 90.0, "on-time rate within 6 weeks, demand 4.9")


def one_slot_is_the_formula():
    for lam in (0.5, 0.8, 0.95):
        assert np.isclose(week_slot_wait(lam, 1), lam / (2 * (1 - lam)))
    for u in (0.5, 0.8, 0.95):  # two slots a week: a little shorter than the formula
        assert _long_run(u) < _kingman_same_work(u)


def curve_shape():
    sim = {u: float(np.mean(_mean_lead_times(u))) for u in (0.5, 0.7, 0.8, 0.9, 0.95)}
    assert sim[0.7] - sim[0.5] < 0.5 < sim[0.9] - sim[0.7]  # flat, then steep
    gaps = [_kingman_same_work(u) - sim[u] for u in (0.5, 0.7, 0.8, 0.9, 0.95)]
    assert all(g > 0 for g in gaps) and gaps == sorted(gaps), gaps


def _claim(quote, check, nb):
    return Claim(LESSON, quote, check, nb)


CLAIMS = [
    _claim("No machine arrives in under 2 weeks: that is sourcing plus building.",
           no_machine_under_two_weeks,
           nb="Ingen maskin kommer fram på under 2 uker: det er anskaffelse pluss bygging."),
    _claim("is 1 at a utilisation of 0.5, 4 at 0.8, 9 at 0.9 and 19 at 0.95", factor_values,
           nb="er 1 ved en kapasitetsutnyttelse på 0,5, 4 ved 0,8, 9 ved 0,9 og 19 ved 0,95"),
    _claim("at a utilisation of 0.95, two years give 4.22 weeks where the model's long run "
           "is 6.64", warm_up_at_95,
           nb="ved en kapasitetsutnyttelse på 0,95 gir to år 4,22 uker, der modellens verdi på "
              "lang sikt er 6,64"),
    _claim("This part of the gap does shrink with a longer run", warm_up_at_95,
           nb="Denne delen av avstanden krymper faktisk med en lengre kjøring"),
    _claim("no run length closes this part of the gap: a 2,000-week run at a utilisation "
           "of 0.8 gives 2.88 weeks, the model's long run is 2.90 and the formula says 3.00",
           week_slots_at_80,
           nb="ingen kjørelengde lukker denne delen av avstanden: en kjøring på 2 000 uker ved "
              "en kapasitetsutnyttelse på 0,8 gir 2,88 uker, modellens verdi på lang sikt er "
              "2,90 og formelen sier 3,00"),
    _claim("the two simulated years of the table put the crossing of 4 weeks between a "
           "utilisation of 0.9 and 0.95", crossing_between_90_and_95,
           nb="plasserer de to simulerte årene i tabellen krysningspunktet for 4 uker mellom en "
              "kapasitetsutnyttelse på 0,9 og 0,95"),
    _claim("In this scenario the premium and the set-ups make each unit made to order clearly "
           "dearer than a unit taken from stock, while MTS's holding and scrapping costs are "
           "small.", mto_dearer_here,
           nb="I dette scenarioet gjør tillegget og omstillingene hver enhet laget mot ordre "
              "klart dyrere enn en enhet tatt fra lager, mens lagerholds- og "
              "kassasjonskostnadene ved MTS er små."),
    _claim("Strictly, such a computer is configured to order from stocked parts, which is "
           "what lesson 04 models as assemble to order", dell_is_configured_to_order,
           nb="Strengt tatt er en slik datamaskin konfigurert mot ordre av lagerførte deler, og "
              "det er det leksjon 04 modellerer som montering mot ordre"),
    _claim('In the "surge" scenario normal demand is 20 units a week, and in weeks 10 to 13 '
           "it is twice that.", surge_setting,
           nb="I scenarioet «surge» er normal etterspørsel 20 enheter i uka, og i uke 10 til 13 "
              "er den dobbelt så stor."),
    _claim("Make to stock and make to order have the same capacity: at most 25 units a week, "
           "MTS to refill its shelf, MTO to fill orders.", same_capacity,
           nb="Produksjon mot lager og produksjon mot ordre har samme kapasitet: høyst 25 "
              "enheter i uka, MTS for å fylle opp hylla, MTO for å levere ordrer."),
    _claim("With capacity 25, only 5 units a week to spare, MTO suffers more: its queue peaks "
           "higher, a week after the surge, and its orders wait more unit-weeks in all than "
           "MTS's customers.", mto_suffers_more_at_25,
           nb="Med kapasitet 25, bare 5 enheter i uka til overs, rammes MTO hardere: køen når en "
              "høyere topp, en uke etter at toppen i etterspørselen er over, og ordrene venter "
              "flere enhetsuker til sammen enn kundene til MTS."),
    _claim("With capacity 30, MTO's orders already wait fewer unit-weeks than MTS's customers",
           mto_waits_less_at_30,
           nb="Med kapasitet 30 venter ordrene til MTO allerede færre enhetsuker enn kundene til "
              "MTS"),
    _claim("with capacity 40 MTO keeps pace with the surge while MTS still waits out its "
           "replenishment lead time", more_capacity_turns_it_around,
           nb="med kapasitet 40 holder MTO tritt med toppen, mens MTS fortsatt må vente ut "
              "ledetiden for etterfyllingen"),
    _claim("But it reacts late: a replenishment order takes 2 weeks to arrive",
           more_capacity_turns_it_around,
           nb="Men den reagerer sent: en etterfyllingsordre tar 2 uker å komme fram"),
    _claim("as means over the 100 runs", surge_setting,
           nb="som gjennomsnitt over de 100 simuleringene"),
    _claim("MTS's backlog is worked off by the same spare capacity, but it starts smaller: the "
           "stock on the shelf served the first surge orders.", mto_suffers_more_at_25,
           nb="Restordrene til MTS bygges ned av den samme ledige kapasiteten, men de starter "
              "mindre: lageret på hylla betjente de første ordrene i toppen."),
    _claim("each with a confidence interval over the 200 runs", no_machine_under_two_weeks,
           nb="hver med et konfidensintervall over de 200 simuleringene"),
    _claim("A factory runs at 60 % utilisation and its customers are happy.",
           sixty_percent_plus_thirty,
           nb="En fabrikk har en kapasitetsutnyttelse på 60 %, og kundene er fornøyde."),
    _claim("Sales want to take 30 % more orders with the same capacity.",
           sixty_percent_plus_thirty,
           nb="Salgsavdelingen vil ta imot 30 % flere ordrer med samme kapasitet."),
    _claim("the mean wait more than doubles for 30 % more orders", sixty_percent_plus_thirty,
           nb="den gjennomsnittlige ventetiden blir mer enn doblet for 30 % flere ordrer"),
    _claim("The nearer to 100 %, the worse each further step.", sixty_percent_plus_thirty,
           nb="Jo nærmere 100 %, desto verre blir hvert nytt steg."),
    _claim("Near a utilisation of 0.95 the simulated mean lead time lies well below Kingman's "
           "formula.", far_below_kingman_near_95,
           nb="Nær en kapasitetsutnyttelse på 0,95 ligger den simulerte gjennomsnittlige "
              "leveringstiden godt under Kingmans formel."),
    _claim("But a mean within 6 weeks still leaves many customers waiting longer",
           mean_within_six_tail_beyond,
           nb="Men et gjennomsnitt innenfor 6 uker lar fortsatt mange kunder vente lenger"),
    _claim("With capacity 25 and normal demand 20, that is 5 units a week, so a surge that "
           "adds 80 units needs about 16 weeks to clear, and longer because the spare capacity "
           "is not always usable (some weeks bring more than 25 orders).", surge_arithmetic,
           nb="Med kapasitet 25 og normal etterspørsel 20 er det 5 enheter i uka, så en topp som "
              "legger til 80 enheter, trenger omtrent 16 uker før køen er borte, og lenger fordi "
              "den ledige kapasiteten ikke alltid kan brukes (noen uker kommer det mer enn 25 "
              "ordrer)."),
    _claim("slowly at first, explosively near 100 %.", factor_values,
           nb="langsomt i begynnelsen, eksplosivt nær 100 %."),
    _claim("With one slot a week the model's long run and the formula (same work) agree exactly; "
           "with more slots a week, orders that arrive together also start together, and waits "
           "are a little shorter.", one_slot_is_the_formula,
           nb="Med én plass i uka stemmer modellens verdi på lang sikt og formelen (likt arbeid) "
              "nøyaktig overens; med flere plasser i uka starter ordrer som kommer samtidig, "
              "også samtidig, og ventetidene blir litt kortere."),
    _claim("the curve is almost flat up to a utilisation of about 0.7, then bends up steeply",
           curve_shape,
           nb="kurven er nesten flat opp til en kapasitetsutnyttelse på omtrent 0,7, og bøyer så "
              "bratt oppover"),
    _claim("The simulation stays below the formula, more so near full load", curve_shape,
           nb="Simuleringen ligger under formelen, og avstanden er størst nær full belastning"),
]
