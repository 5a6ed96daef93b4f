"""Lesson 02's explorers: what forecast error costs make to stock, and forecasting methods."""


import numpy as np
import pytest
from explorer_checks import corners, sliders
from IPython.display import Image

import mtolab.widgets._base as base
from mtolab import error_metrics, moving_average
from mtolab.widgets import forecast_error_app, forecast_methods_app
from mtolab.widgets.mts import (
    ERROR_COSTS,
    draw_forecast_error_cost,
    draw_forecast_methods,
    forecast_error_cost,
    forecast_methods,
    mts_scenario,
)


# ------------------------------------------------------------ forecast error
def test_perfect_forecast_row_has_no_extra_cost():
    r = forecast_error_cost(0.0, 0.0, 6)
    assert list(r.costs.columns) == list(ERROR_COSTS)
    assert r.costs.loc["your forecast"].equals(r.costs.loc["perfect forecast"])
    assert r.extra_cost == 0
    assert r.fill_rate["perfect forecast"] > 95


def test_a_low_forecast_loses_sales_a_high_one_piles_up_stock():
    biases = [-0.5, -0.25, 0.0, 0.25, 0.5]
    runs = [forecast_error_cost(b, 0.0, None) for b in biases]
    stock = [r.stock["your forecast"] for r in runs]
    fill = [r.fill_rate["your forecast"] for r in runs]
    lost = [r.costs.loc["your forecast", "lost sales"] for r in runs]
    assert np.all(np.diff(stock) > 0), stock
    assert np.all(np.diff(fill) >= 0), fill
    assert fill[0] < 80 < fill[-1]
    assert lost[0] > 5 * max(lost[2], 0.1)


def test_more_noise_means_more_safety_stock_and_holding_cost():
    runs = [forecast_error_cost(0.0, n, None) for n in (0.0, 0.25, 0.5, 1.0)]
    stock = [r.stock["your forecast"] for r in runs]
    holding = [r.costs.loc["your forecast", "holding"] for r in runs]
    assert np.all(np.diff(stock) > 0), stock
    assert np.all(np.diff(holding) > 0), holding


def test_short_shelf_life_turns_excess_stock_into_scrap():
    lives = [26, 8, 4, 2]
    runs = [forecast_error_cost(0.3, 0.5, life) for life in lives]
    scrap = [r.scrapped["your forecast"] for r in runs]
    obsolete = [r.costs.loc["your forecast", "obsolescence"] for r in runs]
    assert np.all(np.diff(scrap) >= 0) and scrap[-1] > scrap[0] + 10, scrap
    assert np.all(np.diff(obsolete) >= 0) and obsolete[-1] > 0, obsolete
    assert runs[-1].extra_cost > runs[0].extra_cost


def test_both_rows_see_the_same_demand_and_the_seed_repeats():
    a = forecast_error_cost(0.2, 0.3, 6, seed=5)
    b = forecast_error_cost(0.2, 0.3, 6, seed=5)
    assert a.costs.equals(b.costs) and a.stock.equals(b.stock)
    sc = mts_scenario(0.2, 0.3, 6, seed=5)
    assert np.array_equal(sc.demand_array(), sc.replace(forecast_bias=0.0).demand_array())


@pytest.mark.parametrize("kwargs, name", [
    ({"bias": -0.6}, "bias"),
    ({"bias": 0.7}, "bias"),
    ({"noise": -0.1}, "noise"),
    ({"noise": 1.5}, "noise"),
    ({"shelf_life": 0}, "shelf_life"),
])
def test_forecast_error_bad_input_names_the_parameter(kwargs, name):
    args = {"bias": 0.0, "noise": 0.2, "shelf_life": 6, **kwargs}
    with pytest.raises(ValueError, match=name):
        forecast_error_cost(**args)


def test_forecast_error_draws_at_corners_and_on_a_grid():
    app = forecast_error_app()
    grid = [dict(bias=b, noise=n, shelf_life=s) for b in (-0.5, -0.1, 0.3)
            for n in (0.0, 0.55) for s in (1, 12)]
    for values in corners(app) + grid:
        fig = draw_forecast_error_cost(forecast_error_cost(**values))
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_title()
    assert base.render_png(fig).startswith(b"\x89PNG")


# ----------------------------------------------------------- forecast methods
def test_forecast_methods_uses_the_library_forecast_and_metrics():
    comp = forecast_methods("moving_average", window=6)
    demand = comp.series["demand"].to_numpy()
    assert np.allclose(comp.series["forecast"], moving_average(demand, 6))
    w = comp.warm_up
    expected = error_metrics(demand[w:], moving_average(demand, 6)[w:])
    assert comp.metrics.equals(expected)


def test_a_calm_forecast_lags_a_trend():
    fast = forecast_methods("exponential_smoothing", alpha=0.6, trend=0.3)
    slow = forecast_methods("exponential_smoothing", alpha=0.05, trend=0.3)
    # Demand keeps rising: the slow forecast stays too low, so the errors lean positive.
    assert slow.metrics["bias"] > fast.metrics["bias"] > 0
    assert slow.metrics["tracking signal"] > 4


def test_a_longer_window_smooths_the_forecast():
    wiggle = [forecast_methods("moving_average", window=w).series["forecast"].diff().abs().mean()
              for w in (1, 4, 12)]
    assert np.all(np.diff(wiggle) < 0), wiggle


@pytest.mark.parametrize("kwargs, name", [
    ({"method": "crystal ball"}, "method"),
    ({"window": 0}, "window"),
    ({"alpha": 1.5}, "alpha"),
    ({"trend": 1.0}, "trend"),
])
def test_forecast_methods_bad_input_names_the_parameter(kwargs, name):
    args = {"method": "naive", **kwargs}
    with pytest.raises(ValueError, match=name):
        forecast_methods(**args)


def test_forecast_methods_draws_for_every_method_at_the_corners():
    app = forecast_methods_app()
    for method in ("naive", "moving_average", "exponential_smoothing"):
        for values in corners(app):
            fig = draw_forecast_methods(forecast_methods(method, **values))
            assert len(fig.axes) == 1
            assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()


# ---------------------------------------------------------------------- apps
@pytest.mark.parametrize("factory", [forecast_error_app, forecast_methods_app])
def test_app_has_release_only_sliders_with_units_and_tooltips(factory):
    app = factory()
    assert "mtolab-explorer" in app._dom_classes
    assert sliders(app)
    for control in sliders(app).values():
        assert control.continuous_update is False
        assert control.min < control.max
        assert control.min <= control.value <= control.max
        assert "(" in control.description, control.description  # a unit
        assert control.tooltip


@pytest.mark.parametrize("factory, name, value", [
    (forecast_error_app, "bias", 0.3),
    (forecast_error_app, "noise", 0.8),
    (forecast_error_app, "shelf_life", 2),
    (forecast_methods_app, "window", 12),
    (forecast_methods_app, "method", "naive"),
])
def test_moving_a_control_shows_a_new_figure(shown, factory, name, value):
    app = factory()
    first = shown[-1]
    assert isinstance(first, Image)
    app.controls[name].value = value
    assert isinstance(shown[-1], Image)
    assert shown[-1].data != first.data


@pytest.mark.parametrize("factory", [forecast_error_app, forecast_methods_app])
def test_slider_extremes_show_a_figure_not_an_error(shown, factory):
    app = factory()
    for control in sliders(app).values():
        control.value = control.max
    assert isinstance(shown[-1], Image)
    for control in sliders(app).values():
        control.value = control.min
    assert isinstance(shown[-1], Image)
