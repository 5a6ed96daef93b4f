"""Claims of lesson 06, Exploring the choice: each quoted, each recomputed.

The lesson goes on with lesson 05's computer maker (the sweeps use 100 runs,
as lesson 05's do), the explorers' ``"computer maker"`` preset and the
furniture case of :mod:`mtolab.cases`; the checks are lesson 05's (see
:mod:`claims.lesson_05`), which computes the same scenarios.
"""

from __future__ import annotations

from claims import Claim
from claims.lesson_05 import (
    ato_never_fast_enough_for_one_week,
    computer_hybrid_at_noise_1,
    computer_hybrid_flat,
    explorer_noise_task,
    explorer_premium_task,
    explorer_scenario,
    furniture_hybrid_wins,
    furniture_setting,
    furniture_wait,
    furniture_why,
    hybrid_ends,
    map_corner,
    mts_fails_at_zero_now_and_then,
    one_week_options,
    p95_rule,
)

LESSON = "06_exploring_the_choice"


def _claim(quote, check, nb=None):
    return Claim(LESSON, quote, check, nb)


CLAIMS = [
    _claim("keep the strategies whose lead time (say, the 95th percentile: 95 % of units arrive "
           "within it) is at most the wait customers accept;", p95_rule,
           nb="behold strategiene der leveringstiden (for eksempel 95-persentilen: 95 % av "
           "enhetene kommer innen den tiden) er høyst den ventetiden kundene godtar;"),
    _claim("(At 0 weeks even MTS fails now and then: in some runs more than one unit in twenty "
           "waits for stock.)", mts_fails_at_zero_now_and_then,
           nb="(Ved 0 uker stryker til og med MTS av og til: i noen kjøringer må mer enn én av "
           "tjue enheter vente til lageret er fylt på igjen.)"),
    _claim("The bars show what each strategy pays per unit above the 100 € unit cost, by "
           "component; the cheapest strategy fast enough is named in the title.",
           explorer_scenario,
           nb="Søylene viser hva hver strategi betaler per enhet ut over enhetskostnaden på 100"
           " €, fordelt på komponent; tittelen nevner den billigste strategien som er rask "
           "nok."),
    _claim("raise the forecast noise from 0 to 2 and watch MTS's holding and obsolescence grow "
           "until ATO takes over;", explorer_noise_task,
           nb="øk prognosestøyen fra 0 til 2, og se lagerholds- og ukuranskostnaden til MTS "
           "vokse til ATO tar over;"),
    _claim("with noise at 2, lower the make-to-order premium to 0: does MTO win?",
           explorer_premium_task,
           nb="sett støyen til 2 og senk tillegget for produksjon mot ordre til 0: vinner MTO "
           "da?"),
    _claim("0 is pure make to order, 1 pure make to stock.", hybrid_ends,
           nb="0 er ren produksjon mot ordre, 1 ren produksjon mot lager."),
    _claim("Then the curve flattens out: between stocking five sixths of the range and stocking "
           "all of it the simulation can tell no difference", computer_hybrid_flat,
           nb="Deretter flater kurven ut: mellom å lagerføre fem sjettedeler av sortimentet og "
           "å lagerføre alt kan simuleringen ikke se noen forskjell"),
    _claim("With forecasts 30 % off, a rare computer on the shelf costs about as much as making "
           "it to order with a 15 € premium and a set-up.", computer_hybrid_flat,
           nb="Når prognosene bommer med 30 %, koster en sjelden datamaskin på hylla omtrent "
           "like mye som å lage den mot ordre med et tillegg på 15 € og en omstilling."),
    _claim("the best share falls below 1 by a margin the simulation can measure, but what it "
           "saves on pure make to stock is tiny: 0.17 € per unit at a noise of 1 for stocking "
           "the most popular five sixths (200 runs, 95 % interval 0.08 to 0.25 €).",
           computer_hybrid_at_noise_1,
           nb="faller den beste andelen under 1 med en margin simuleringen kan måle, men det "
           "den sparer sammenlignet med ren produksjon mot lager, er ørlite: 0,17 € per "
           "enhet ved en støy på 1 for å lagerføre de fem sjettedelene som er mest populære "
           "(200 kjøringer, 95 % intervall 0,08 til 0,25 €)."),
    _claim("a sofa maker sells 4 models in 10 fabrics, 40 configurations, a few of them "
           "favourites; 30 % of its customers want a fabric or size the catalogue does not "
           "list (a bespoke wish), which only making to order can serve, and making to order "
           "costs only 10 % more per sofa.", furniture_setting,
           nb="selger en sofaprodusent 4 modeller i 10 stoffer, altså 40 konfigurasjoner, noen "
           "få av dem favoritter; 30 % av kundene vil ha et stoff eller en størrelse som "
           "ikke står i katalogen (et skreddersydd ønske), noe bare produksjon mot ordre kan"
           " oppfylle, og å produsere mot ordre koster bare 10 % mer per sofa."),
    _claim("Here the best mix really lies in between: stocking about the 40 % most popular "
           "configurations and making the rest to order is cheaper per sofa than pure make to "
           "stock, pure make to order and assemble to order, with intervals far from zero.",
           furniture_hybrid_wins,
           nb="Her ligger den beste blandingen virkelig et sted imellom: å lagerføre omtrent de"
           " 40 % mest populære konfigurasjonene og produsere resten mot ordre er billigere "
           "per sofa enn ren produksjon mot lager, ren produksjon mot ordre og montering mot"
           " ordre, med intervaller langt fra null."),
    _claim("Pure make to stock loses the bespoke customers (a lost-sales cost) and scraps rare "
           "fabrics that age on the shelf; pure make to order pays its premium and a set-up on "
           "the favourites too", furniture_why,
           nb="Ren produksjon mot lager mister kundene som vil ha noe skreddersydd (en kostnad "
           "ved tapt salg), og kasserer sjeldne stoffer som blir liggende og eldes på "
           "lageret; ren produksjon mot ordre betaler tillegget og en omstilling også på "
           "favorittene"),
    _claim("Only those whose 95th percentile lead time is at most 1 week.", one_week_options,
           nb="Bare de der 95-persentilen av leveringstiden er høyst 1 uke."),
    _claim("MTS delivers from the shelf (0 weeks); in this scenario ATO needs 1 to 2 weeks",
           one_week_options,
           nb="MTS leverer fra hylla (0 uker); i dette scenarioet trenger ATO 1 til 2 uker"),
    _claim("Raising the forecast noise does not help ATO: at every noise up to 2 it stays too "
           "slow", ato_never_fast_enough_for_one_week,
           nb="Høyere prognosestøy hjelper ikke ATO: ved hver støy opp til 2 er den fortsatt "
           "for treg"),
    _claim("The map shows MTO only in the corner of high noise and low premium (where the "
           "premium is low but the noise is too, the hybrid wins).", map_corner,
           nb="Kartet viser MTO bare i hjørnet med høy støy og lavt tillegg (der tillegget er "
           "lavt, men støyen også er lav, vinner hybriden)."),
    _claim("A hybrid that stocks the favourites and makes the long tail to order can beat both "
           "pure strategies, as in the furniture case; where stocking the tail is cheap (the "
           "computer maker), it buys almost nothing.", furniture_hybrid_wins,
           nb="En hybrid som lagerfører favorittene og produserer den lange halen mot ordre, "
           "kan slå begge de rene strategiene, slik som i møbelcasen; der det er billig å "
           "lagerføre halen (datamaskinprodusenten), gir den nesten ingenting."),
    _claim("The explorer runs the same computer maker (one year, 30 runs, so that it answers "
           "quickly; its numbers differ a little from lesson 05's table).", explorer_scenario,
           nb="Utforskeren kjører den samme datamaskinprodusenten (ett år, 30 kjøringer, så den"
           " svarer raskt; tallene avviker litt fra tabellen i leksjon 05)."),
    _claim("What the model leaves out: a real firm would also weigh the longer wait of its "
           "made-to-order customers (the hybrid's 95th percentile is about 5 weeks here, within "
           "the 8 weeks they accept) and the price they pay for their exact sofa, which lesson "
           "07 adds.", furniture_wait,
           nb="Det modellen utelater: en virkelig bedrift ville også veie den lengre ventetiden"
           " for kundene som får sofaen laget mot ordre (95-persentilen for hybriden er "
           "rundt 5 uker her, innenfor de 8 ukene de godtar), og prisen de betaler for "
           "akkurat sin sofa, som leksjon 07 tar med."),]
