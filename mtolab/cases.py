"""The course's cases: products to place on a strategy and a decoupling point.

Seven products the sources and the course talk about, from bolts to a
bridge.  Five come with a stylised :class:`~mtolab.Scenario` to simulate;
their numbers (prices, costs, volumes, options) are invented for the
model, to show the mechanism, and describe no real firm.  Two, bread and a
bridge, are described but not simulated: bread spoils within a day (the
course's periods are weeks), and a bridge is designed for its site before
anything is made (engineer to order), which the course's models do not
cover.

>>> from mtolab.cases import CASES
>>> [c.key for c in CASES]
['bolts', 'bread', 'pc', 'car', 'suit', 'furniture', 'bridge']
>>> CASES[3].strategy, CASES[3].decoupling_point
('MTO', 'before production')

Titles, reasons and decoupling points are English texts, the keys of their
bokmål renderings in ``mtolab/data/translations.csv``: show them through
:func:`mtolab.i18n.tr` (``tr(c.why)``), which gives the learner's language;
compare and grade with the English values, which do not change.

A learner's answer is read with :func:`strategy_label` (any name the course
or its Norwegian sources use for a strategy) and :func:`decoupling_points`
(one or two decoupling points named in a text).  :meth:`Case.what_if`
changes one setting of a case, and :meth:`Case.overturned_by` says whether
another strategy then earns clearly more than the placed one:

>>> strategy_label("Assemble-to-order"), strategy_label("produksjon mot ordre")
('ATO', 'MTO')
>>> decoupling_points("finished goods for the favourites, before production for the rest")
('finished goods', 'before production')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtolab.costs import CostModel
from mtolab.demand import DemandPattern, ProductFamily
from mtolab.glossary import glossary_rows
from mtolab.i18n import phrase, tr
from mtolab.scenario import Comparison, Scenario, _with

__all__ = ["Case", "CASES", "INDUSTRIES", "case", "STRATEGY_LABELS", "DECOUPLING_POINTS",
           "DECOUPLING_OF", "strategy_label", "decoupling_points"]

#: The strategies a case can be placed under, as :attr:`Case.strategy` spells them.
STRATEGY_LABELS = ("MTS", "ATO", "MTO", "Hybrid", "ETO")
#: The decoupling points, from the customer back up the chain.
DECOUPLING_POINTS = ("finished goods", "before final assembly", "before production",
                     "before design")
#: Where each strategy puts the decoupling point (a hybrid has one for each part).
DECOUPLING_OF = {"MTS": ("finished goods",), "ATO": ("before final assembly",),
                 "MTO": ("before production",), "Hybrid": ("finished goods", "before production"),
                 "ETO": ("before design",)}
#: Scenario fields that set up the simulation rather than describe the market or the firm.
NOT_A_SETTING = ("seed", "n_replications", "n_periods")

@dataclass(frozen=True)
class Case:
    """A product and the strategy that suits it.

    Attributes
    ----------
    key : str
        Short name (``"pc"``).
    title : str
        What is made and sold.
    strategy : str
        Where the course places it: "MTS", "ATO", "MTO", "Hybrid" or "ETO"
        (engineer to order).
    decoupling_point : str
        "finished goods", "before final assembly", "before production" or
        "before design" (a hybrid has one for each part).
    why : str
        The reasons, in a sentence or two.
    scenario : Scenario or None
        A stylised model to simulate, ``None`` when the case is only described.
    ties : tuple of str
        Strategies that earn about as much as ``strategy`` in the scenario
        (their confidence intervals of profit per week overlap).
    also_accepted : tuple of str
        Other strategies an exercise grades right for this product, because
        the sources file it so and the difference is one of name only (the
        configured PC, which the sources call make to order).
    hints : tuple of (answer, str) pairs
        For plausible wrong placements, a hint that points at the fact of the
        case the answer overlooks, without naming the right one.  An answer
        is a strategy label (``"MTO"``) or a tuple of decoupling points
        (``("before production",)``); see :meth:`hint`.
    """

    key: str
    title: str
    strategy: str
    decoupling_point: str
    why: str
    scenario: Scenario | None = None
    ties: tuple = ()
    also_accepted: tuple = ()
    hints: tuple = ()

    def hint(self, answer) -> str | None:
        """The hint for a plausible wrong placement ``answer``, or ``None``.

        Parameters
        ----------
        answer : str or tuple of str
            A strategy label, as :func:`strategy_label` returns it, or the
            decoupling points of :func:`decoupling_points`.

        Examples
        --------
        >>> case("bridge").hint("MTO")[:38]
        'the sources file bridges under make to'
        >>> case("bridge").hint("ETO") is None
        True
        """
        hint = dict(self.hints).get(answer)
        return None if hint is None else tr(hint)

    def what_if(self, setting: str, value) -> Scenario:
        """The case's scenario with one setting changed.

        Parameters
        ----------
        setting : str
            A field of :class:`~mtolab.Scenario` (``"bespoke_share"``), or
            ``"costs.<field>"`` / ``"demand.<field>"`` for one field of its
            cost model or demand pattern.  Spaces and hyphens count as
            underscores.  ``seed``, ``n_replications`` and ``n_periods`` set
            up the simulation, not the market, and are refused.
        value : object
            The new value, checked as the scenario checks it.

        Returns
        -------
        Scenario

        Examples
        --------
        >>> case("pc").what_if("bespoke share", 0.9).bespoke_share
        0.9
        >>> case("pc").what_if("seed", 1)
        Traceback (most recent call last):
        ...
        ValueError: seed sets up the simulation, not the market: change a setting of the \
market or the firm (a Scenario field other than seed, n_replications and n_periods, or \
costs.<field>, demand.<field>)
        """
        if self.scenario is None:
            raise ValueError(f"the {self.key} case has no scenario to simulate; cases with one: "
                             f"{[c.key for c in CASES if c.scenario is not None]}")
        if not isinstance(setting, str):
            raise TypeError(f"setting must be a text such as 'bespoke_share', got {setting!r}")
        name = re.sub(r"[\s-]+", "_", setting.strip())
        name = ".".join(part.strip("_") for part in name.split("."))
        if name in NOT_A_SETTING or name in ("costs", "demand"):
            what = tr("sets up the simulation, not the market" if name in NOT_A_SETTING
                      else "holds many settings")
            raise ValueError(phrase("{name} {what}: change a setting of the market or the firm "
                                    "(a Scenario field other than {first} and {last}, or "
                                    "costs.<field>, demand.<field>)", name=name, what=what,
                                    first=", ".join(NOT_A_SETTING[:-1]), last=NOT_A_SETTING[-1]))
        return _with(self.scenario, name, value)

    def overturned_by(self, comparison: Comparison) -> str | None:
        """The strategy that earns clearly more than the placed one, or ``None``.

        Clearly: its 95 % confidence interval of profit per week lies wholly
        above the placed strategy's.  A strategy whose interval overlaps the
        placed one's earns about as much (a tie), which does not overturn the
        placement; nor does one that sells nothing (its profit of 0 beats a
        loss, but serves no customer).  Of several, the most profitable is
        returned.

        Parameters
        ----------
        comparison : Comparison
            Every strategy simulated on (a variant of) the case's scenario.

        Examples
        --------
        >>> from mtolab import compare_strategies
        >>> car = case("car")
        >>> car.overturned_by(compare_strategies(car.scenario)) is None  # the hybrid ties
        True
        """
        if not isinstance(comparison, Comparison):
            raise TypeError(f"comparison must be a Comparison, got {type(comparison).__name__}")
        profit = comparison.detail[comparison.detail["kpi"] == "profit per week"]
        profit = profit.set_index("strategy")
        if self.strategy not in profit.index:
            raise ValueError(f"comparison must include {self.strategy}, the {self.key} case's "
                             f"strategy; it has {list(profit.index)}")
        revenue = comparison.detail[comparison.detail["kpi"] == "revenue per week"]
        sells = revenue.set_index("strategy")["mean"] > 0
        ahead = profit[(profit["ci_low"] > profit.loc[self.strategy, "ci_high"])
                       & sells.reindex(profit.index, fill_value=False)]
        return str(ahead["mean"].idxmax()) if len(ahead) else None


CASES = (
    Case("bolts", "Standard steel bolts, sold by the thousand", "MTS", "finished goods",
         "One standard product, steady high volume, no ageing, and buyers who want them "
         "today: stock it and gain the economies of long runs.",
         Scenario(demand=DemandPattern(mean=200.0), capacity=250.0,
                  family=ProductFamily(options=(1,)),
                  costs=CostModel(price=12.0, unit_cost=8.0, mto_premium=3.0,
                                  assembly_premium=1.0, setup_cost=20.0, lost_sale_cost=4.0,
                                  late_cost=1.0),
                  shelf_life=None, max_wait=0, refuse_late_orders=True,
                  n_periods=52, n_replications=100)),
    Case("bread", "Everyday bread from a bakery", "MTS", "finished goods",
         "Baked every morning to a forecast and sold off the shelf; what is left at night "
         "is waste, so the forecast is everything. A bakery that also takes orders for "
         "wedding cakes runs a hybrid."),
    Case("pc", "A personal computer configured online", "ATO", "before final assembly",
         "Many configurations from a few stocked components (processors, graphics cards, "
         "memory, drives); assembly is quick, so customers get their configuration within "
         "a week or two. The sources call Dell's way of working make to order: it is "
         "configured to order from stocked parts, which is assemble to order.",
         Scenario(demand=DemandPattern(mean=40.0), capacity=50.0,
                  family=ProductFamily(options=(3, 3, 2, 2), popularity="zipf"),
                  costs=CostModel(price=1100.0, unit_cost=800.0, mto_premium=150.0,
                                  assembly_premium=25.0, setup_cost=50.0, lost_sale_cost=200.0,
                                  late_cost=40.0, holding_rate=0.01, exact_spec_premium=60.0),
                  configurations_stocked=6, substitution=0.5, shelf_life=12,
                  forecast_noise=0.4, max_wait=2, assembly_time=1, component_lead_time=2,
                  lead_time=2, n_periods=104, n_replications=60),
         also_accepted=("MTO",),
         hints=(("MTS", "buyers choose their own processor, graphics card, memory and drive "
                        "(36 configurations in all) and wait about two weeks. Can a shelf of "
                        "finished computers give each buyer the one they chose?"),
                ("Hybrid", "the maker stocks parts, not finished computers: every computer is "
                           "put together for the buyer who ordered it. Is any of the range "
                           "sold from a shelf of finished products?"),
                (("finished goods",), "no finished computer waits for a buyer: each is put "
                                      "together when it is ordered. Where does the stock "
                                      "end?"),
                (("before production",),
                 "the processors, memory and drives are in stock before anyone orders. The "
                 "decoupling point is where that stock is, whichever name you give the "
                 "strategy."))),
    Case("car", "A luxury car built to the buyer's specification", "MTO",
         "before production",
         "Hundreds of combinations of paint, leather, trim and technology, and many "
         "buyers who want something no catalogue lists; buyers pay for their exact car "
         "and wait for it. Production starts only once the order is final, as at "
         "Rolls-Royce Motor Cars.",
         Scenario(demand=DemandPattern(mean=5.0), capacity=6.25,
                  family=ProductFamily(options=(5, 4, 4, 3), popularity="zipf"),
                  costs=CostModel(price=300.0, unit_cost=200.0, mto_premium=20.0,
                                  assembly_premium=10.0, setup_cost=10.0, lost_sale_cost=60.0,
                                  late_cost=5.0, holding_rate=0.004, exact_spec_premium=80.0),
                  configurations_stocked=12, hybrid_share=0.1, bespoke_share=0.5,
                  substitution=0.3, max_wait=16, sourcing_time=3, production_time=4,
                  component_lead_time=6, lead_time=6, assembly_time=2, shelf_life=None,
                  n_periods=104, n_replications=20),
         ties=("Hybrid",),
         hints=(("ATO", "half of the buyers ask for something no catalogue lists. Can "
                        "assembling stocked modules make it?"),
                ("Hybrid", "in lesson 08's simulation a hybrid earns about as much as the "
                           "case's strategy (their intervals overlap: a tie), but the firm "
                           "described keeps no finished cars at all: production starts only "
                           "once the order is final."),
                ("ETO", "the models and their options are designed before anyone orders; "
                        "the buyer specifies, but does not have a car designed."),
                (("before final assembly",), "nothing of the car is made before the order is "
                                             "final. Are there stocked parts waiting for "
                                             "assembly?"))),
    Case("suit", "A made-to-measure suit", "MTO", "before production",
         "Cut to one customer's measurements and choice of cloth: almost every order is "
         "bespoke, so stock cannot serve it. A clothing firm that also sells standard "
         "sizes off the peg runs a hybrid.",
         Scenario(demand=DemandPattern(mean=30.0), capacity=37.5,
                  family=ProductFamily(options=(6, 5), popularity="zipf"),
                  costs=CostModel(price=400.0, unit_cost=250.0, mto_premium=40.0,
                                  assembly_premium=25.0, setup_cost=10.0, lost_sale_cost=80.0,
                                  late_cost=10.0, holding_rate=0.005, exact_spec_premium=120.0),
                  configurations_stocked=10, hybrid_share=0.5, bespoke_share=0.9,
                  substitution=0.4, max_wait=6, sourcing_time=1, production_time=2,
                  shelf_life=26, n_periods=104, n_replications=40),
         ties=("Hybrid",),
         hints=(("ATO", "it is cut to one customer's measurements: there are no stocked parts "
                        "to assemble."),
                ("ETO", "it is made on patterns the tailor already has: nothing is designed "
                        "for the customer."),
                ("Hybrid", "this tailor keeps no suits in stock: every one is cut to a "
                           "customer's measurements."))),
    Case("furniture", "Sofas in standard models and special fabrics", "Hybrid",
         "finished goods (favourites), before production (the rest)",
         "A few popular models sell steadily and are stocked; special fabrics and sizes "
         "are made to order. The decoupling point is at finished goods for the favourites "
         "and before production for the rest.",
         Scenario(demand=DemandPattern(mean=20.0), capacity=25.0,
                  family=ProductFamily(options=(4, 10), popularity="zipf", zipf_exponent=1.5),
                  costs=CostModel(price=900.0, unit_cost=600.0, mto_premium=60.0,
                                  assembly_premium=90.0, setup_cost=40.0, lost_sale_cost=150.0,
                                  late_cost=20.0, holding_rate=0.006, exact_spec_premium=50.0),
                  hybrid_share=0.1, bespoke_share=0.3, substitution=0.5, max_wait=8,
                  sourcing_time=2, production_time=3, assembly_time=2, shelf_life=26,
                  forecast_noise=0.5, n_periods=104, n_replications=60),
         hints=tuple((wrong, "a few models sell steadily every week, and the rest are made in "
                             "the fabric a buyer chooses. Does one way of working fit both "
                             "parts of the range?") for wrong in ("MTS", "MTO", "ATO"))),
    Case("bridge", "A bridge over a river", "ETO", "before design",
         "A one-off, designed for its site before any material is ordered: engineer to "
         "order, the far end of make to order. Ships and aircraft are often built this "
         "way too.",
         hints=(("MTO", "the sources file bridges under make to order, but this bridge is "
                        "designed for its site after the contract is signed. Does make to "
                        "order, which starts from an existing design, cover design done for "
                        "one customer? (lesson 08, section 1)"),
                (("before production",), "not even its design exists before the contract. "
                                         "Does the work for this customer start only at "
                                         "production?"))),
)


#: The products and industries each strategy suits, as the sources list them (and ETO, the
#: name operations texts give the large one-off products), for
#: :func:`mtolab.widgets.strategies.draw_decoupling_points`.
INDUSTRIES = {
    "MTS": "bolts, bread: high-volume,\nstandardised, fast-moving\nconsumer goods",
    "ATO": "personal computers and\nservers from stocked parts",
    "MTO": "luxury cars, bicycles, industrial\nmachinery, medical devices, custom\n"
           "electronics, made-to-measure\nclothing, bespoke furniture",
    "ETO": "bridges, construction,\nships, often aircraft",
}


def case(key: str) -> Case:
    """The case named ``key`` (see :data:`CASES`)."""
    for c in CASES:
        if c.key == key:
            return c
    raise ValueError(f"case must be one of {[c.key for c in CASES]}, got {key!r}")


# ------------------------------------------------------------ reading answers
def _normal(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces: how answers are compared."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold().replace("_", " ")).split())


def _strategy_names() -> dict:
    """Every accepted name of a strategy (normalised) -> its label, from the glossary."""
    names = {_normal(label): label for label in STRATEGY_LABELS}
    label_of = {"mts": "MTS", "mto": "MTO", "ato": "ATO", "cto": "ATO", "eto": "ETO",
                "hybrid": "Hybrid"}
    for row in glossary_rows():
        label = label_of.get(row["key"])
        if label is None:
            continue
        forms = [row["en"], row["nb"], *row["also_nb"].split(";")]
        for form in forms:
            form = form.replace("«", "").replace("»", "").strip()
            bare = re.sub(r"\(.*?\)", "", form)
            inside = re.findall(r"\((.*?)\)", form)
            for variant in (form, bare, *inside):
                if _normal(variant) and "oversettelse" not in variant:
                    names.setdefault(_normal(variant), label)
                    # with the label beside it, in either order: "montering mot ordre (ATO)"
                    names.setdefault(f"{_normal(variant)} {_normal(label)}", label)
                    names.setdefault(f"{_normal(label)} {_normal(variant)}", label)
    for form, label in (("build to order", "MTO"), ("BTO", "MTO"), ("CTO", "ATO"),
                        ("MTS and MTO", "Hybrid")):
        names.setdefault(_normal(form), label)
    return names


_STRATEGY_NAMES = _strategy_names()

# English and bokmål, Norwegian nouns also in their definite forms ("før produksjonen").
_DECOUPLING_NAMES = {
    "finished goods": ("finished goods", "finished goods store", "finished goods inventory",
                       "finished goods stock", "ferdigvarelager", "ferdigvarelageret",
                       "ferdigvarelagre", "ferdigvarer", "ferdigvarene", "ferdigvare",
                       "lager av ferdigvarer", "lageret av ferdigvarer"),
    "before final assembly": ("before final assembly", "before assembly", "final assembly",
                              "før sluttmontering", "før sluttmonteringen", "før montering",
                              "før monteringen", "sluttmontering", "sluttmonteringen"),
    "before production": ("before production", "before manufacturing", "before fabrication",
                          "før produksjon", "før produksjonen", "før tilvirkning",
                          "før tilvirkningen"),
    "before design": ("before design", "before engineering", "før konstruksjon",
                      "før konstruksjonen", "før design", "før designet", "før prosjektering",
                      "før prosjekteringen"),
}


def strategy_label(text: str) -> str:
    """The strategy a learner's text names, as :attr:`Case.strategy` spells it.

    Accepted: the labels, the full names ("assemble to order"), configure
    to order and build to order, and the Norwegian names of the glossary
    (:mod:`mtolab.glossary`), in any case, with hyphens or underscores, alone
    or with the label beside them ("montering mot ordre (ATO)").

    Parameters
    ----------
    text : str
        The name given.

    Raises
    ------
    ValueError
        Not a name of a strategy; the message lists the labels.

    Examples
    --------
    >>> strategy_label("make-to-stock"), strategy_label("configure to order")
    ('MTS', 'ATO')
    >>> strategy_label("hybrid (MTS + MTO)"), strategy_label("konstruksjon mot ordre")
    ('Hybrid', 'ETO')
    """
    if not isinstance(text, str):
        raise TypeError(f"strategy must be a text such as 'MTS', got {text!r}")
    label = _STRATEGY_NAMES.get(_normal(text))
    if label is None:
        raise ValueError(phrase("{text} is not a strategy the course names: use one of "
                                "{labels} or its full name (such as 'make to stock' or "
                                "'engineer to order')", text=repr(text),
                                labels=", ".join(STRATEGY_LABELS)))
    return label


def decoupling_points(text: str) -> tuple:
    """The decoupling points a learner's text names, from the customer back.

    Parameters
    ----------
    text : str
        One decoupling point ("before final assembly"), or two for a hybrid
        in one text ("finished goods and before production").

    Returns
    -------
    tuple of str
        Labels of :data:`DECOUPLING_POINTS`, in that order; empty when the
        text names none.

    Examples
    --------
    >>> decoupling_points("Before assembly"), decoupling_points("at the finished-goods store")
    (('before final assembly',), ('finished goods',))
    >>> decoupling_points("somewhere")
    ()
    """
    if not isinstance(text, str):
        raise TypeError(f"decoupling point must be a text, got {text!r}")
    rest, found = f" {_normal(text)} ", set()
    forms = sorted(((_normal(f), label) for label, fs in _DECOUPLING_NAMES.items() for f in fs),
                   key=lambda item: -len(item[0]))
    for form, label in forms:
        if f" {form} " in rest:
            found.add(label)
            rest = rest.replace(f" {form} ", "  ")
    return tuple(p for p in DECOUPLING_POINTS if p in found)
