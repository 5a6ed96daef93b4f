"""Lesson 01, production strategies: the comparison table read off its simulation.

The lesson's scenario is taken from the lesson itself (the code cell that
defines ``scenario``), so the claims test exactly what the learner runs.
Comparisons between strategies are paired per replication (every strategy
sees the same customers) and need the whole 95 % interval on one side.
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from pathlib import Path

import nbformat
import numpy as np

from claims import Claim, assert_above, assert_below, assert_within, kpi
from mtolab import OKABE_ITO, Scenario
from mtolab.analysis import kpi_summary, simulate_strategies
from mtolab.cases import case
from mtolab.presets import preset
from mtolab.widgets import strategies
from mtolab.widgets.strategies import OVERVIEW

LESSON = "01_production_strategies"
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "en" / f"{LESSON}.ipynb"


@lru_cache(maxsize=1)
def lesson_scenario() -> Scenario:
    """The ``scenario`` of the lesson's comparison-table cell, run as the lesson runs it."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and "scenario = Scenario(" in c.source]
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(cell.source, namespace)  # noqa: S102 - the course's own notebook
    return namespace["scenario"]


def values(strategy: str, name: str) -> np.ndarray:
    sc = lesson_scenario()
    result = simulate_strategies(sc, [strategy])[strategy]
    return kpi(result, sc.costs, name, sc.max_wait)


def the_customisation_settings() -> None:
    sc = lesson_scenario()
    assert sc.family.n_variants == 4 and sc.configurations_stocked == 2
    shares = sc.family.variant_shares()
    assert np.allclose(shares, shares[0]), "the four variants do not sell equally well"
    assert int(sc.offer("MTS").offered.sum()) == 2
    assert sc.bespoke_share == 0.1 and sc.substitution == 0.5


def make_to_stock_serves_fewer_than_half_exactly() -> None:
    assert_below(values("MTS", "exact specification"), 50.0, "MTS exact specification (%)")


def assemble_to_order_serves_ninety_percent_exactly() -> None:
    assert_within(values("ATO", "exact specification"), 89.0, 91.0,
                  "ATO exact specification (%)")


def make_to_order_serves_everyone_exactly() -> None:
    for strategy in ("MTO", "Hybrid"):
        exact = values(strategy, "exact specification")
        assert np.all(exact == 100.0), f"{strategy}: {exact.min()}"


def who_holds_what() -> None:
    fg = {s: values(s, "finished-goods inventory") for s in ("MTS", "ATO", "MTO", "Hybrid")}
    kits = {s: values(s, "component inventory") for s in ("MTS", "ATO", "MTO", "Hybrid")}
    assert fg["MTS"].mean() > 0 and np.all(kits["MTS"] == 0)
    assert kits["ATO"].mean() > 0 and np.all(fg["ATO"] == 0)
    assert np.all(fg["MTO"] == 0) and np.all(kits["MTO"] == 0)
    assert fg["Hybrid"].mean() > 0 and np.all(kits["Hybrid"] == 0)


def delivery_speed() -> None:
    sc = lesson_scenario()
    lead = {s: values(s, "mean lead time") for s in ("MTS", "ATO", "MTO", "Hybrid")}
    assert_below(lead["MTS"], 0.1, "MTS mean lead time (weeks)")
    assert_within(lead["ATO"], sc.assembly_time - 0.1, sc.assembly_time + 0.1,
                  "ATO mean lead time (weeks)")
    made = sc.sourcing_time + sc.production_time
    assert_within(lead["MTO"], made - 0.1, made + 0.1, "MTO mean lead time (weeks)")
    for other in ("MTS", "ATO", "Hybrid"):
        assert_above(lead["MTO"] - lead[other], 0.0, f"MTO minus {other} lead time")
    assert_above(lead["Hybrid"] - lead["MTS"], 0.0, "hybrid minus MTS lead time")
    assert_below(lead["Hybrid"] - lead["MTO"], 0.0, "hybrid minus MTO lead time")


def inventory_risk() -> None:
    scrap = {s: values(s, "obsolescence cost") for s in ("MTS", "ATO", "MTO", "Hybrid")}
    for other in ("ATO", "Hybrid"):
        assert_above(scrap["MTS"] - scrap[other], 0.0, f"MTS minus {other} obsolescence (EUR)")
    assert np.all(scrap["MTO"] == 0)


def the_explorer_market() -> None:
    sc = preset("four variants")
    assert (sc.n_periods, sc.n_replications) == (52, 40)
    assert sc.configurations_stocked is None and sc.bespoke_share == 0.0


def the_explorer_tasks() -> None:
    offers = {name: control.values() for name, control in OVERVIEW.controls.items()}
    for name, value in (("forecast_noise", 0.0), ("forecast_noise", 1.0),
                        ("production_time", 6), ("max_wait", 4)):
        assert np.isclose(offers[name], value).any(), (name, value)


def noise_raises_stock_but_not_of_make_to_order() -> None:
    stock = ["finished-goods inventory", "component inventory"]
    calm, noisy = (kpi_summary(preset("four variants", forecast_noise=v), kpis=stock)
                   .drop(columns="unit").sum() for v in (0.0, 1.0))
    assert noisy["MTS"] > calm["MTS"] and noisy["ATO"] > calm["ATO"], (calm, noisy)
    assert calm["MTO"] == noisy["MTO"] == 0


def the_decoupling_figure() -> None:
    assert strategies.FORECAST_FILL == OKABE_ITO["sky blue"]
    assert strategies.ORDER_FILL == OKABE_ITO["orange"]
    assert strategies.FILL_ALPHA < 0.5  # pale
    # The first step done to order: after the finished-goods store (only delivery), final
    # assembly, and the whole chain from sourcing on.
    first = [strategies.CHAIN[strategies.DECOUPLING[s]].replace("-\n", "").replace("\n", " ")
             for s in ("MTS", "ATO", "MTO")]
    assert first == ["deliver to customer", "assemble product", "source materials"], first


def the_pc_is_filed_as_assemble_to_order() -> None:
    pc = case("pc")
    assert (pc.strategy, pc.decoupling_point) == ("ATO", "before final assembly")
    assert "make to order" in pc.why and "assemble to order" in pc.why


CLAIMS = [
    Claim(LESSON, "Make to stock stocks only two of the four variants (configurations_stocked=2; "
                  "all four sell equally well)", the_customisation_settings,
          nb="Produksjon mot lager har bare to av de fire variantene på lager "
             "(configurations_stocked=2; alle fire selger like godt)"),
    Claim(LESSON, "one customer in ten wants a bespoke specification",
          the_customisation_settings,
          nb="én kunde av ti vil ha en skreddersydd spesifikasjon"),
    Claim(LESSON, "fewer than half of its customers get exactly what they wanted",
          make_to_stock_serves_fewer_than_half_exactly,
          nb="færre enn halvparten av kundene får akkurat det de ville ha"),
    Claim(LESSON, "so it serves every catalogue wish but no bespoke one: 90 % of customers get "
                  "their exact product", assemble_to_order_serves_ninety_percent_exactly,
          nb="derfor oppfyller den alle ønsker fra katalogen, men ingen skreddersydde: 90 % av "
             "kundene får nøyaktig det produktet de ville ha"),
    Claim(LESSON, "Make to order builds anything, bespoke wishes included: 100 %.",
          make_to_order_serves_everyone_exactly,
          nb="Produksjon mot ordre kan lage hva som helst, også skreddersydde ønsker: 100 %."),
    Claim(LESSON, "The simulated hybrid delivers every customer's exact specification",
          make_to_order_serves_everyone_exactly,
          nb="Den simulerte hybriden leverer nøyaktig den spesifikasjonen hver kunde ber om"),
    Claim(LESSON, "MTS holds finished goods only; ATO holds components only, and no finished "
                  "goods; MTO holds nothing at all.", who_holds_what,
          nb="MTS har bare ferdigvarer på lager; ATO har bare komponenter og ingen ferdigvarer; "
             "MTO har ingenting på lager."),
    Claim(LESSON, "MTS serves from the shelf (a lead time of almost zero); ATO needs the assembly "
                  "time; MTO needs sourcing plus production, the slowest.", delivery_speed,
          nb="MTS leverer fra hylla (en leveringstid på nesten null); ATO trenger "
             "monteringstiden; MTO trenger anskaffelse pluss produksjon, og er tregest."),
    Claim(LESSON, "The hybrid lies in between: its stocked variants go out at once, the others "
                  "are made to order.", delivery_speed,
          nb="Hybriden ligger imellom: variantene den har på lager, går ut straks, de andre "
             "lages mot ordre."),
    Claim(LESSON, "MTS scraps the most when its stock ages out", inventory_risk,
          nb="MTS kasserer mest når lageret blir for gammelt"),
    Claim(LESSON, "so each is used up sooner and fewer go out of date", inventory_risk,
          nb="så hver av dem brukes opp raskere, og færre blir ukurante"),
    Claim(LESSON, "MTO scraps nothing", inventory_risk,
          nb="MTO kasserer ingenting"),
    Claim(LESSON, "one year, 40 replications, every variant stocked, no bespoke wishes",
          the_explorer_market,
          nb="ett år, 40 replikasjoner, alle varianter på lager, ingen skreddersydde ønsker"),
    Claim(LESSON, "forecast noise from 0 to 1: which dots move, and which stays put?",
          the_explorer_tasks,
          nb="prognosestøy fra 0 til 1: hvilke punkter flytter seg, og hvilket blir stående?"),
    Claim(LESSON, "production time 6 weeks with customers accepting 4", the_explorer_tasks,
          nb="produksjonstid 6 uker, mens kundene godtar en ventetid på 4"),
    Claim(LESSON, "In the explorer, why does forecast noise raise the stock of MTS and ATO, but "
                  "not of MTO?", noise_raises_stock_but_not_of_make_to_order,
          nb="Hvorfor øker prognosestøy lageret til MTS og ATO i utforskeren, men ikke lageret "
             "til MTO?"),
    Claim(LESSON, "the steps done to a forecast (push) are pale blue, the steps done after the "
                  "customer's order (pull) pale orange, and the black bar between them is the "
                  "decoupling point", the_decoupling_figure,
          nb="trinnene som gjøres etter prognose (skyv), lyseblå, trinnene som gjøres etter "
             "kundens ordre (trekk), lyseoransje, og den svarte streken mellom dem er "
             "kundeordrepunktet"),
    Claim(LESSON, "The course files the configured PC as assemble to order, with its decoupling "
                  "point before final assembly", the_pc_is_filed_as_assemble_to_order,
          nb="Kurset regner den konfigurerte PC-en som montering mot ordre, med "
             "kundeordrepunktet før sluttmontering"),
]
