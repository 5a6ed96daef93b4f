"""Lesson 00's warm-up explorer: a seeded demand series."""


import numpy as np
import pytest
from explorer_checks import corners
from IPython.display import Image

import mtolab.widgets._base as base
from mtolab.widgets import demand_app
from mtolab.widgets.intro import (
    SURGE_START,
    SURGE_WEEKS,
    demand_series,
    draw_demand_series,
)


def test_flat_demand_scatters_around_its_mean():
    s = demand_series(20.0)
    assert list(s.columns) == ["demand", "expected"] and len(s) == 104
    assert np.allclose(s["expected"], 20.0)
    assert s["demand"].mean() == pytest.approx(20.0, rel=0.1)
    assert s["demand"].std() == pytest.approx(np.sqrt(20.0), rel=0.25)  # Poisson


def test_trend_season_and_surge_shape_the_expected_level():
    grows = demand_series(20.0, trend=0.2)
    assert grows["expected"].iloc[-1] == pytest.approx(20.0 + 0.2 * 103)
    assert grows["demand"].iloc[-26:].mean() > grows["demand"].iloc[:26].mean() + 10
    seasonal = demand_series(20.0, seasonal_amplitude=0.5)
    assert seasonal["expected"].max() == pytest.approx(30.0, rel=0.01)
    assert seasonal["expected"].min() == pytest.approx(10.0, rel=0.01)
    surge = demand_series(20.0, surge_factor=3.0)["expected"]
    window = slice(SURGE_START, SURGE_START + SURGE_WEEKS)
    assert np.allclose(surge.iloc[window], 60.0)
    assert np.allclose(surge.drop(surge.index[window]), 20.0)


def test_same_seed_same_series_other_seed_other_series():
    assert demand_series(20.0, seed=3).equals(demand_series(20.0, seed=3))
    assert not demand_series(20.0, seed=3).equals(demand_series(20.0, seed=4))


@pytest.mark.parametrize("kwargs, name", [
    ({"mean": 0.0}, "mean"),
    ({"trend": 1.0}, "trend"),
    ({"seasonal_amplitude": 1.0}, "seasonal_amplitude"),
    ({"surge_factor": 0.5}, "surge_factor"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        demand_series(**kwargs)


def test_draws_at_every_corner_of_the_sliders():
    app = demand_app()
    for values in corners(app):
        fig = draw_demand_series(demand_series(**values))
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert base.render_png(fig).startswith(b"\x89PNG")


def test_app_has_release_only_sliders_with_units_and_tooltips():
    app = demand_app()
    assert "mtolab-explorer" in app._dom_classes
    for control in app.controls.values():
        assert control.continuous_update is False
        assert control.min <= control.value <= control.max
        assert "(" in control.description and control.tooltip


@pytest.mark.parametrize("name, value", [("mean", 40.0), ("trend", 0.1),
                                         ("seasonal_amplitude", 0.5), ("surge_factor", 2.0)])
def test_moving_a_slider_shows_a_new_figure(shown, name, value):
    app = demand_app()
    first = shown[-1]
    assert isinstance(first, Image)
    app.controls[name].value = value
    assert isinstance(shown[-1], Image)
    assert shown[-1].data != first.data
