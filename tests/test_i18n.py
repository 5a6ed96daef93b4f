"""The learner's language: one translation table, numbers written as the language writes them."""

import ast
import re
import string
from pathlib import Path

import pytest
from exercise_messages import case_messages, every_message
from explorer_checks import corners, extremes

import mtolab
import mtolab.i18n as i18n
from mtolab.i18n import Phrase, language, number, phrase, set_language, tr, translations


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_english_is_the_default_and_the_key():
    assert language() == "en"
    assert tr("weeks") == "weeks"
    assert tr("a text nobody translated") == "a text nobody translated"


def test_norwegian_labels_come_from_the_table():
    set_language("nb")
    assert tr("weeks") == translations()["weeks"] == "uker"
    assert tr("a text nobody translated") == "a text nobody translated"  # never a traceback


@pytest.mark.parametrize(("lang", "args", "kw", "want"), [
    ("en", (1234.5, 1), {}, "1,234.5"),
    ("en", (0.953, 1), {"percent": True}, "95.3 %"),
    ("nb", (1234.5, 1), {}, "1\u2009234,5"),
    ("nb", (-2.5, 1), {}, "\u22122,5"),
    ("nb", (0.953, 1), {"percent": True}, "95,3\u00a0%"),
    ("nb", (1234567, 0), {}, "1\u2009234\u2009567"),
])
def test_numbers_are_written_as_the_language_writes_them(lang, args, kw, want):
    set_language(lang)
    assert number(*args, **kw) == want


def test_bad_language_names_the_choices():
    with pytest.raises(ValueError, match="lang"):
        mtolab.set_language("no")


def test_every_entry_has_both_languages():
    table = translations()
    assert table and all(k.strip() and v.strip() for k, v in table.items())


def test_every_english_text_has_one_entry():
    """A text entered twice would keep only its last rendering, silently."""
    import collections
    import csv

    with i18n.TABLE.open(encoding="utf-8", newline="") as handle:
        counts = collections.Counter(row["en"] for row in csv.DictReader(handle))
    assert [text for text, n in counts.items() if n > 1] == []


# --------------------------------------------------- every text the library shows
PACKAGE = Path(mtolab.__file__).parent
SOURCES = sorted((PACKAGE / "widgets").glob("*.py")) + [
    PACKAGE / name for name in ("plots.py", "exercise.py", "cases.py")]
#: Calls whose first argument is an English text to translate.
TRANSLATING = {"tr", "phrase", "Phrase", "Remark", "_Shown"}


def literal_keys() -> set:
    """Every string literal the library passes to tr, phrase, Phrase or Remark."""
    keys = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in TRANSLATING
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                keys.add(node.args[0].value)
    return keys


@pytest.fixture(scope="module")
def shown_keys():
    """Every text looked up while each explorer is built and drawn in Norwegian.

    Each explorer at its defaults, at both ends of every control and at
    every corner of its sliders (its figure, and its notes as the app shows
    them), the figures of the lessons drawn by the same modules, the texts of
    the cases (``mtolab.cases``), every axis label of a parameter, the
    message of a figure that cannot be drawn, and every message of the
    exercises' answer checks (``tests/exercise_messages.py``).
    """
    import matplotlib

    matplotlib.use("Agg")
    import mtolab.widgets._base as base
    from mtolab.cases import CASES, INDUSTRIES
    from mtolab.plots import PARAMETER_LABELS, draw_cost_sweep, parameter_label
    from mtolab.widgets import EXPLORERS, Explorer
    from mtolab.widgets.mto import draw_lead_time_against_utilisation
    from mtolab.widgets.strategies import draw_decoupling_points

    seen, lookup = [], i18n._lookup
    patch = pytest.MonkeyPatch()
    patch.setattr(i18n, "_lookup", lambda text: seen.append(text) or lookup(text))
    patch.setattr(base, "display", lambda item: None)
    set_language("nb")
    try:
        for spec in EXPLORERS:
            Explorer(spec)
            cases = [spec.defaults | {name: value} for name, value in extremes(spec)]
            for values in cases + corners(spec):
                base.render_svg(spec.figure(**values))
                [tr(note) for note in spec.notes(**values).values()]
            if spec.name == "cost":  # the cheapest is too slow for a 1-week wait
                base.render_svg(spec.draw(max_wait=1, mto_premium=0.0))
            if spec.name == "strategy_map":  # its remark shows at a long accepted wait only
                for wait in spec.controls["max_wait"].values():
                    [tr(note) for note in spec.notes(**(spec.defaults | {"max_wait": wait}))
                     .values()]
        draw_decoupling_points()
        draw_decoupling_points(examples=INDUSTRIES)
        for c in CASES:  # lessons 01 and 07 print them through tr
            [tr(text) for text in (c.title, c.decoupling_point, c.why)]
        sweep_lesson_figures(draw_lead_time_against_utilisation, draw_cost_sweep)
        plots_of_a_comparison()
        [parameter_label(name) for name in PARAMETER_LABELS]
        every_message()
        case_messages()

        def broken(x):
            raise ValueError("x")

        test_texts = {"T", "E", "G", "x", "u", "t"}
        Explorer(base.ExplorerSpec("broken", "00", "T", "E", (base.Group("G", (
            base.Slider("x", "x", 1, 0, 3, 1, "u", "d", "t"),)),), broken))
    finally:
        set_language("en")
        patch.undo()
    return set(seen) - test_texts


def sweep_lesson_figures(lead_time_figure, cost_sweep_figure):
    """The lesson figures of lessons 03 and 05, from small computations, and pooling
    without an accepted wait."""
    from mtolab.analysis import cost_sweep, lead_time_against_utilisation, pooling
    from mtolab.presets import preset
    from mtolab.widgets.ato import draw_pooling

    draw_pooling(pooling(preset("PC family", max_wait=None, n_replications=4)))

    frame = lead_time_against_utilisation(preset("workshop", n_periods=52, n_replications=2),
                                          [0.3, 0.6])
    lead_time_figure(frame, max_wait=6)
    sweep = cost_sweep(preset("computer maker", n_periods=26, n_replications=2),
                       "costs.mto_premium", [0.0, 30.0])
    cost_sweep_figure(sweep, crossing=10.0)


def plots_of_a_comparison():
    """The standard plots of :mod:`mtolab.plots` (lessons 02, 03 and 05), of short runs."""
    import matplotlib.pyplot as plt

    from mtolab import compare_strategies, plot_cost_breakdown, plot_inventory, plot_lead_times
    from mtolab.presets import preset

    spoiling = compare_strategies(preset("one product", shelf_life=1, forecast_noise=1.0,
                                         n_periods=52, n_replications=2))
    family = compare_strategies(preset("PC family", n_periods=26, n_replications=2))
    for comparison in (spoiling, family):
        for result in comparison.results.values():
            plot_inventory(result)
        plot_lead_times(comparison.results, max_wait=2)
        plot_cost_breakdown(comparison.summary)
    plt.close("all")


def test_every_text_the_library_shows_has_a_norwegian_translation(shown_keys):
    missing = sorted((shown_keys | literal_keys()) - set(translations()))
    assert missing == [], missing


def test_the_source_scan_and_the_explorers_agree(shown_keys):
    """Every literal text is shown by some explorer or lesson figure (else the scan is stale)."""
    assert literal_keys() - shown_keys == set()


def _checked_outputs(edition: str) -> list[str]:
    """The text of every checked output (``# NBVAL_CHECK_OUTPUT``) of one edition's lessons."""
    import nbformat

    outputs = []
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks" / edition)
                       .glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in cell.source:
                outputs += [o.get("text", "") for o in cell.get("outputs", [])]
    return outputs


def _stands_in(text: str, words: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text) is not None


def lesson_table_keys() -> set:
    """Texts the lessons' checked outputs show translated (``translated(...)``, ``tr(...)``).

    A key counts when it stands in a checked output of an English lesson
    and its translation in one of the Norwegian edition's.
    """
    english, norwegian = "\n".join(_checked_outputs("en")), "\n".join(_checked_outputs("nb"))
    return {key for key, nb in translations().items()
            if _stands_in(english, key) and _stands_in(norwegian, nb)}


def test_every_translation_is_used(shown_keys):
    import mtolab.widgets._base as base

    singular = set(base.SINGULAR.values())  # beside a slider at 1 (tested below)
    unused = sorted(set(translations()) - shown_keys - literal_keys() - lesson_table_keys()
                    - singular)
    assert unused == [], unused


def fields(template: str) -> list:
    return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(template)
                  if name is not None)


def test_placeholders_match_between_the_languages():
    """The same fields with the same formats: a template fills the same way in both."""
    for en, nb in translations().items():
        assert fields(en) == fields(nb), en


def test_strategy_abbreviations_are_kept():
    for en, nb in translations().items():
        for name in ("MTS", "MTO", "ATO", "M/M/1"):
            assert en.count(name) == nb.count(name), (name, en)


def test_the_course_terms_are_the_glossarys(shown_keys):
    """The explorers use the glossary's bokmål words for the terms they name."""
    table = translations()
    assert table["decoupling point"] == "kundeordrepunkt"
    assert table["holding cost"] == "lagerholdskostnad"
    assert table["obsolescence cost"] == "ukuranskostnad"
    assert table["setup cost"] == "omstillingskostnad"
    assert "sikkerhetslager" in table["safety stock for a\n{level:.0%} service level\n(formula)"]
    assert "leveringstid" in table["mean lead time (weeks)"]
    assert "produksjon mot lager" in table["Make to stock: what a wrong forecast costs"].lower()
    assert "produksjon mot ordre" in table["Make to order: how long do customers wait?"].lower()
    assert "montering mot ordre" in table["Assemble to order: what pooling saves"].lower()
    nb_text = " ".join(table.values()).lower()
    for word in ("lag på lager", "lag på bestilling", "montering på bestilling"):
        assert word not in nb_text


def test_the_cases_and_the_industries_they_suit_speak_norwegian():
    """Lesson 08's picture and case texts: Norwegian after set_language, English by default."""
    from mtolab.cases import INDUSTRIES, case
    from mtolab.widgets.strategies import draw_decoupling_points

    def shown_examples():
        fig = draw_decoupling_points(examples=INDUSTRIES)
        return {t.get_text() for t in fig.axes[0].texts} & {tr(v) for v in INDUSTRIES.values()}

    assert shown_examples() == set(INDUSTRIES.values())
    set_language("nb")
    assert "broer, bygg og anlegg,\nskip, ofte fly" in shown_examples()
    assert not shown_examples() & set(INDUSTRIES.values())
    assert tr(case("pc").decoupling_point) == "før sluttmontering"
    assert case("pc").decoupling_point == "before final assembly"  # the key stays English


# ------------------------------------------------------------------ phrases
def test_a_phrase_in_english_is_the_f_string():
    assert phrase("{strategy}: {cost:.1f} €, {on_time:.0f} % on time", strategy="MTS",
                  cost=1234.56, on_time=95.4) == "MTS: 1234.6 €, 95 % on time"
    assert phrase("Two years of demand: {total:,} units ordered, {peak} in the busiest week",
                  total=12345, peak=40) == ("Two years of demand: 12,345 units ordered, 40 in "
                                            "the busiest week")


def test_a_phrase_in_norwegian_is_translated_whole_with_norwegian_numbers():
    set_language("nb")
    assert phrase("{strategy}: {cost:.1f} €, {on_time:.0f} % on time", strategy="MTS",
                  cost=1234.56, on_time=95.4) == "MTS: 1234,6 €, 95 % i tide"
    assert phrase("Two years of demand: {total:,} units ordered, {peak} in the busiest week",
                  total=12345, peak=40) == ("To års etterspørsel: 12\u2009345 enheter bestilt, "
                                            "40 i travleste uke")
    assert phrase("bias  {value:+.1f} units", value=-1.25) == "skjevhet  \u22121,2 enheter"


def test_a_phrase_kept_for_later_is_english_until_shown():
    text = Phrase("surge in weeks {first}-{last}", first=10, last=13)
    assert text == "surge in weeks 10-13" and tr(text) == "surge in weeks 10-13"
    set_language("nb")
    assert tr(text) == "etterspørselstopp i uke 10–13"
    assert text == "surge in weeks 10-13"  # the spec itself does not change


@pytest.mark.parametrize(("lang", "value", "fmt", "want"), [
    ("en", 0.3, ".2f", "0.30"),
    ("en", -0.05, "+.0%", "-5%"),
    ("en", 12345.0, ",.0f", "12,345"),
    ("en", 2.5, "g", "2.5"),
    ("nb", 0.3, ".2f", "0,30"),
    ("nb", -0.05, "+.0%", "\u22125\u00a0%"),
    ("nb", 0.95, ".0%", "95\u00a0%"),
    ("nb", 12345.0, ",.0f", "12\u2009345"),
    ("nb", 2.5, "g", "2,5"),
    ("nb", 4, "d", "4"),
])
def test_numbers_in_a_given_format(lang, value, fmt, want):
    set_language(lang)
    assert number(value, fmt=fmt) == want


# ---------------------------------------------------------- a Norwegian explorer
def test_a_norwegian_explorer_speaks_norwegian_and_writes_norwegian_numbers(shown):
    from mtolab.widgets import Explorer
    from mtolab.widgets.mts import FORECAST_ERROR

    set_language("nb")
    app = Explorer(FORECAST_ERROR)
    header = app.children[0].value
    assert "Produksjon mot lager: hva en feil prognose koster" in header
    readouts = {w.value for w in walk(app) if "mtolab-readout" in w._dom_classes}
    assert {"0,20", "+0\u00a0%", "6"} <= readouts  # noise, bias, shelf life
    assert app.controls["noise"].readout is False
    app.controls["noise"].value = 0.35
    assert "0,35" in {w.value for w in walk(app) if "mtolab-readout" in w._dom_classes}
    svg = shown[-1].data
    assert "per solgte enhet" in svg and "€ per unit sold" not in svg


def test_an_english_explorer_keeps_the_sliders_own_readout(shown):
    from mtolab.widgets import Explorer
    from mtolab.widgets.mts import FORECAST_ERROR

    app = Explorer(FORECAST_ERROR)
    assert app.controls["noise"].readout is True
    assert not [w for w in walk(app) if "mtolab-readout" in w._dom_classes]


def test_a_unit_is_singular_beside_a_value_of_one():
    """Beside 1 the unit is singular, in either language (1 uke, 1 gruppe, not 1 uker)."""
    import mtolab.widgets._base as base
    from mtolab.widgets import Explorer
    from mtolab.widgets.ato import POOLING

    assert set(base.SINGULAR.values()) <= set(translations())
    patch = pytest.MonkeyPatch()
    patch.setattr(base, "display", lambda item: None)
    try:
        for lang, one, many in (("nb", "gruppe", "grupper"), ("en", "group", "groups")):
            set_language(lang)
            app = Explorer(POOLING)
            units = [w for w in walk(app) if getattr(w, "value", None) in (one, many)]
            assert [u.value for u in units] == [many]
            app.controls["option_groups"].value = 1
            assert [u.value for u in units] == [one]
            app.controls["option_groups"].value = 3
            assert [u.value for u in units] == [many]
    finally:
        set_language("en")
        patch.undo()


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
