"""Every explorer of the course, by one set of tests: axes, text, colours, controls, errors.

The explorers are listed in :data:`mtolab.widgets.EXPLORERS`; each is
checked here through its pure figure function (compute, then draw), and
through its app.
"""

import matplotlib
import numpy as np
import pytest
from explorer_checks import (
    corners,
    data_outside_view,
    extremes,
    figure_of,
    legends_over_data,
    limits,
    off_palette_colours,
    overlaps,
    strategy_labels_off_colour,
)

from mtolab.i18n import LANGUAGES, set_language
from mtolab.plots import OKABE_ITO, STRATEGY_COLORS
from mtolab.widgets import EXPLORERS, Explorer
from mtolab.widgets._base import Choice, Slider, render_svg

matplotlib.use("Agg")

IDS = [spec.name for spec in EXPLORERS]
EXTREMES = [pytest.param(spec, name, value, id=f"{spec.name}-{name}={value}")
            for spec in EXPLORERS for name, value in extremes(spec)]


@pytest.fixture(params=LANGUAGES)
def lang(request):
    """Each explorer in each language of the course (``mtolab.set_language``)."""
    set_language(request.param)
    yield request.param
    set_language("en")


def test_every_lesson_app_is_listed():
    import mtolab.widgets as w

    apps = {name for name in w.__all__ if name.endswith("_app")}
    assert {f"{spec.name}_app" for spec in EXPLORERS} == apps
    assert len({spec.name for spec in EXPLORERS}) == len(EXPLORERS)


# ------------------------------------------------------------------ the axes
@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_axes_do_not_move_when_a_control_moves(spec):
    """Axis limits at the minimum and the maximum of every slider (and every choice) agree."""
    base = limits(spec.draw())
    for name, control in spec.controls.items():
        for value in control.extremes:
            assert limits(spec.draw(**{name: value})) == base, (name, value)


@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_fixed_axes_hold_the_data_at_every_corner(spec):
    for values in corners(spec):
        fig = spec.figure(**values)
        assert data_outside_view(fig) == [], values


# --------------------------------------------------------------- text, legends
@pytest.mark.parametrize(("spec", "name", "value"), EXTREMES)
def test_no_text_overlaps_another_and_legends_stay_off_the_data(lang, spec, name, value):
    for fig in (spec.draw(), spec.draw(**{name: value})):
        assert overlaps(fig) == []
        assert legends_over_data(fig) == []


@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_fonts_are_readable(spec):
    fig = spec.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert min(sizes) >= 8.5, min(sizes)  # points: 8.5 pt is 11 CSS px
    assert fig.get_figwidth() * 96 >= 800


# ------------------------------------------------------------------- colours
def test_strategy_colours_are_okabe_ito_and_distinct():
    assert set(STRATEGY_COLORS.values()) <= set(OKABE_ITO.values())
    assert len(set(STRATEGY_COLORS.values())) == len(STRATEGY_COLORS)


@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_every_colour_is_grey_or_okabe_ito_and_strategies_wear_their_own(spec):
    for fig in (spec.draw(), *(spec.draw(**{n: v}) for n, v in extremes(spec)[:2])):
        assert off_palette_colours(fig) == []
        assert strategy_labels_off_colour(fig) == []


# ---------------------------------------------------------------- no tracebacks
@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_every_corner_of_the_controls_draws(spec):
    for values in corners(spec):
        assert render_svg(spec.figure(**values)).lstrip().startswith("<?xml")


@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_app_shows_a_figure_at_every_extreme_and_never_an_error(lang, shown, spec):
    app = Explorer(spec)
    figure_of(shown)
    for name, control in spec.controls.items():
        for value in (*control.extremes, control.value):
            app.controls[name].value = value
            figure_of(shown)


# ------------------------------------------------------------------ the controls
@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_controls_have_labels_units_tooltips_and_update_on_release(spec):
    app = Explorer(spec)
    assert "mtolab-explorer" in app._dom_classes
    assert "mtolab-figure" in app.output._dom_classes
    for name, control in spec.controls.items():
        widget = app.controls[name]
        assert control.label and control.tooltip and widget.tooltip == control.tooltip
        if isinstance(control, Slider):
            assert control.unit, name
            assert widget.continuous_update is False
            assert (widget.min, widget.max, widget.value) == (control.low, control.high,
                                                              control.value)
            assert control.low <= control.value <= control.high
            assert widget.description == ""  # the label is above the track, not beside it
        else:
            assert isinstance(control, Choice)


def benchmark_steps(slider, presses=17):
    """The values the latency benchmark visits: one step up per key press, down at the top."""
    values, here, out = slider.values(), slider.values().index(slider.value), []
    for _ in range(presses):
        here = here + 1 if here + 1 < len(values) else here - 1
        out.append(values[here])
    return out


@pytest.mark.parametrize("spec", EXPLORERS, ids=IDS)
def test_every_step_of_the_first_slider_redraws_a_new_figure(shown, spec):
    """The benchmark presses the arrow key again and again: every press must redraw."""
    app = Explorer(spec)
    name, first = next(iter(spec.sliders.items()))
    before = figure_of(shown)
    for value in benchmark_steps(first):
        app.controls[name].value = value
        after = figure_of(shown)
        assert after != before, (name, value)
        before = after


def test_controls_that_do_not_apply_are_disabled_with_a_note(shown):
    from mtolab.widgets import mts

    app = Explorer(mts.FORECASTING)
    assert not app.controls["window"].disabled and app.controls["alpha"].disabled
    assert "exponential smoothing" in app.notes["alpha"].value
    assert app.notes["alpha"].layout.display == "block"
    app.controls["method"].value = "exponential_smoothing"
    assert app.controls["window"].disabled and not app.controls["alpha"].disabled
    assert "moving average" in app.notes["window"].value
    assert app.notes["alpha"].layout.display == "none"
    app.controls["method"].value = "naive"
    assert app.controls["window"].disabled and app.controls["alpha"].disabled
    figure_of(shown)


def test_the_maps_accepted_wait_says_when_it_changes_nothing(shown):
    from mtolab.widgets import choice

    app = Explorer(choice.MAP)
    wait = app.controls["max_wait"]
    notes = {}
    for value in range(wait.min, wait.max + 1):
        wait.value = value
        notes[value] = app.notes["max_wait"].value
    assert notes[0] == "" and notes[1] == ""  # here it matters: strategies are too slow
    assert "changes nothing" in notes[wait.max]
    assert not wait.disabled  # it can still be moved back down


def test_a_figure_that_cannot_be_drawn_shows_a_message_not_a_traceback(shown):
    from mtolab.widgets._base import ExplorerSpec, Group

    def broken(x):
        raise ValueError("x must be below 2")

    spec = ExplorerSpec("broken", "00", "T", "E", (Group("G", (Slider("x", "x", 1, 0, 3, 1,
                                                                      "units", "d", "t"),)),),
                        broken)
    Explorer(spec)
    message = shown[-1].data
    assert "could not be drawn" in message and "x must be below 2" in message
    assert "Traceback" not in message


def test_sliders_offer_the_values_between_their_ends():
    s = Slider("a", "a", 0.2, 0.05, 1.0, 0.05, "u", ".2f", "t")
    values = s.values()
    assert values[0] == 0.05 and values[-1] == 1.0 and len(values) == 20
    assert np.allclose(np.diff(values), 0.05)


def test_the_readme_shows_a_lesson_with_an_explorer():
    """The screenshot the browser tests take (MTOLAB_README_SCREENSHOT=1) is committed."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shot = root / "docs" / "lesson-03-explorer.png"
    assert "docs/lesson-03-explorer.png" in (root / "README.md").read_text()
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (
        1366, 900)  # the browser tests' laptop window
