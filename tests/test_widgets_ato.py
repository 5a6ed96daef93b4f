"""Lesson 04's explorer: stock held by MTS (finished variants) and ATO (components)."""

import itertools
from statistics import NormalDist

import numpy as np
import pytest
from IPython.display import HTML, Image

import mtolab.widgets._base as base
from mtolab.widgets import pooling_app
from mtolab.widgets.ato import DEFAULTS, draw_pooling, pooling, pooling_scenario


def test_safety_stock_follows_the_square_root_law():
    z = NormalDist().inv_cdf(0.95)
    one = z * np.sqrt(40.0) * np.sqrt(2 + 1)  # all demand, lead time 2 + review 1 week
    p = pooling(2, 3, 1, 0.95, n_replications=10)
    assert p.n_variants == 9 and p.n_components == 1 + 3 + 3
    assert p.safety["MTS"] == pytest.approx(one * 3)  # sqrt(9 variants)
    # Kit of 3 components: the case pools all demand, each option one third of it.
    assert p.safety["ATO"] == pytest.approx(one * (1 + 2 * np.sqrt(3)) / 3)


def test_nothing_to_pool_with_one_variant():
    p = pooling(1, 1, 0, 0.9, n_replications=10)
    assert p.n_variants == 1
    assert p.safety["ATO"] == pytest.approx(p.safety["MTS"])
    assert p.stock["ATO"] == pytest.approx(p.stock["MTS"], rel=0.02)


def test_more_options_widen_the_gap_between_mts_and_ato():
    results = [pooling(2, k, 1, 0.95) for k in (1, 2, 3, 4, 5)]
    mts = [r.stock["MTS"] for r in results]
    ato = [r.stock["ATO"] for r in results]
    assert np.all(np.diff(mts) > 0), mts
    assert np.all(np.diff([r.saving for r in results]) > 0)
    assert mts[-1] / mts[0] > 2 * ato[-1] / ato[0]


def test_common_components_cut_ato_stock_only():
    results = [pooling(2, 4, c, 0.95) for c in (0, 1, 2, 3)]
    assert np.all(np.diff([r.safety["ATO"] for r in results]) < 0)
    assert np.all(np.diff([r.stock["ATO"] for r in results]) < 0)
    assert len({round(r.safety["MTS"], 9) for r in results}) == 1


def test_higher_service_level_needs_more_stock():
    low, high = pooling(2, 3, 1, 0.80), pooling(2, 3, 1, 0.99)
    for name in ("MTS", "ATO"):
        assert high.safety[name] > low.safety[name]
        assert high.stock[name] > low.stock[name]
        assert high.fill_rate[name] > low.fill_rate[name]


def test_simulated_stock_agrees_with_the_formula():
    p = pooling(2, 3, 1, 0.95)
    for name in ("MTS", "ATO"):
        assert p.stock[name] == pytest.approx(p.safety[name], rel=0.2), name
        assert 85 < p.fill_rate[name] <= 100


def test_same_seed_same_numbers_and_replications_bounded():
    assert pooling(2, 3, 1, 0.95, seed=3) == pooling(2, 3, 1, 0.95, seed=3)
    assert pooling_scenario(3, 5, 0, 0.9).n_replications >= 8
    assert pooling_scenario(1, 1, 0, 0.9).n_replications == 50


@pytest.mark.parametrize("args, name", [
    ((0, 3, 1, 0.95), "option_groups"),
    ((4, 3, 1, 0.95), "option_groups"),
    ((2, 6, 1, 0.95), "choices"),
    ((2, 3, -1, 0.95), "common_components"),
    ((2, 3, 1, 1.0), "service_level"),
])
def test_bad_input_names_the_parameter(args, name):
    with pytest.raises(ValueError, match=name):
        pooling(*args)


def test_draws_at_every_corner_of_the_sliders():
    app = pooling_app()
    names = list(app.controls)
    ends = [(c.min, c.max) for c in app.controls.values()]
    for values in itertools.product(*ends):
        result = pooling(**dict(zip(names, values, strict=True)))
        fig = draw_pooling(result)
        (ax,) = fig.axes
        assert len(ax.patches) == 4
        assert "product equivalents" in ax.get_ylabel() and ax.get_title()
    assert base.render_png(fig).startswith(b"\x89PNG")


def test_app_has_release_only_sliders_with_units_and_tooltips():
    app = pooling_app()
    assert "mtolab-explorer" in app._dom_classes
    assert app.values == DEFAULTS
    for control in app.controls.values():
        assert control.continuous_update is False
        assert control.min < control.max
        assert "(" in control.description and control.tooltip


@pytest.mark.parametrize("name, value", [
    ("choices", 5), ("option_groups", 3), ("common_components", 3), ("service_level", 0.8),
])
def test_moving_a_slider_shows_a_new_figure(shown, name, value):
    app = pooling_app()
    first = shown[-1]
    assert isinstance(first, Image)
    app.controls[name].value = value
    assert isinstance(shown[-1], Image)
    assert shown[-1].data != first.data


def test_slider_extremes_show_a_figure_not_an_error(shown):
    app = pooling_app()
    for end in ("max", "min"):
        for control in app.controls.values():
            control.value = getattr(control, end)
        assert isinstance(shown[-1], Image)
    assert not any(isinstance(item, HTML) for item in shown)
