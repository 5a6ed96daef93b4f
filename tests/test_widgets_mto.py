"""Lesson 03's explorers: make-to-order lead times and a demand surge."""


import numpy as np
import pytest
from explorer_checks import corners
from IPython.display import HTML, Image

import mtolab.widgets._base as base
from mtolab.widgets import lead_time_app, surge_app
from mtolab.widgets.mto import (
    SURGE_START,
    draw_lead_time_against_utilisation,
    draw_lead_time_distribution,
    draw_surge_response,
    lead_time_against_utilisation,
    lead_time_distribution,
    surge_response,
)


# ----------------------------------------------------------------- lead times
def test_lead_time_shares_are_a_distribution_above_the_minimum():
    lt = lead_time_distribution(4.0, 5.0, production_time=2, sourcing_time=1, max_wait=6)
    assert lt.shares.sum() == pytest.approx(100.0)
    assert lt.minimum == 3
    assert (lt.shares.iloc[: lt.minimum] == 0).all(), "no order is faster than source + make"
    assert lt.mean >= lt.minimum
    assert lt.p95 >= lt.mean - 1
    assert lt.utilisation == pytest.approx(0.8)
    assert lt.on_time == pytest.approx(lt.shares.iloc[: lt.max_wait + 1].sum())
    assert lt.p95 <= lt.max_wait or lt.on_time < 95


def test_waits_grow_ever_faster_as_utilisation_nears_one():
    rates = [2.5, 3.5, 4.0, 4.5, 4.75]
    means = [lead_time_distribution(r, 5.0, 1, 1).mean for r in rates]
    p95 = [lead_time_distribution(r, 5.0, 1, 1).p95 for r in rates]
    assert np.all(np.diff(means) > 0), means
    assert np.all(np.diff(p95) >= 0), p95
    # The step from 90 % to 95 % adds more waiting than the one from 50 % to 70 %.
    assert means[-1] - means[-2] > means[1] - means[0]


def test_on_time_share_falls_with_demand_and_rises_with_accepted_wait():
    busy = lead_time_distribution(4.75, 5.0, 1, 1, max_wait=4)
    calm = lead_time_distribution(2.5, 5.0, 1, 1, max_wait=4)
    patient = lead_time_distribution(4.75, 5.0, 1, 1, max_wait=10)
    assert busy.on_time < calm.on_time
    assert patient.on_time > busy.on_time


def test_production_time_shifts_lead_times_by_itself():
    short = lead_time_distribution(4.0, 5.0, production_time=1)
    long = lead_time_distribution(4.0, 5.0, production_time=3)
    assert long.mean - short.mean == pytest.approx(2.0, abs=0.1)
    assert long.minimum - short.minimum == 2


def test_overload_leaves_orders_waiting():
    lt = lead_time_distribution(6.0, 5.0, 1, 1)
    assert lt.utilisation > 1
    assert lt.still_waiting > 10
    assert lead_time_distribution(2.0, 5.0, 1, 1).still_waiting < lt.still_waiting


def test_same_seed_same_lead_times():
    a = lead_time_distribution(4.0, 5.0, 2, seed=7)
    b = lead_time_distribution(4.0, 5.0, 2, seed=7)
    assert a.shares.equals(b.shares)


@pytest.mark.parametrize("kwargs, name", [
    ({"demand_rate": 0.0}, "demand_rate"),
    ({"capacity": -1.0}, "capacity"),
    ({"production_time": -1}, "production_time"),
    ({"max_wait": -2}, "max_wait"),
])
def test_lead_time_bad_input_names_the_parameter(kwargs, name):
    args = {"demand_rate": 4.0, "capacity": 5.0, "production_time": 1, **kwargs}
    with pytest.raises(ValueError, match=name):
        lead_time_distribution(**args)


def test_lead_time_draws_at_every_corner_of_the_sliders():
    app = lead_time_app()
    for values in corners(app):
        fig = draw_lead_time_distribution(lead_time_distribution(**values))
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    for values in corners(app)[:: 8]:
        assert base.render_png(draw_lead_time_distribution(
            lead_time_distribution(**values))).startswith(b"\x89PNG")


# ------------------------------------------------------- lead time and load
def test_simulation_and_formula_agree_at_moderate_load_and_both_climb():
    frame = lead_time_against_utilisation(2.0, production_time=1, sourcing_time=1,
                                          utilisations=(0.3, 0.5, 0.7, 0.9))
    assert list(frame.index) == [0.3, 0.5, 0.7, 0.9]
    for column in frame:
        assert np.all(np.diff(frame[column]) > 0), column
        assert (frame[column] >= 2.0).all(), "never below sourcing + production"
    assert (frame["formula, same work"] < frame["formula, random work"]).all()
    # Constant work per order: W = 2 + rho / (2 (1 - rho)) / 2 weeks.
    assert frame["formula, same work"].iloc[1] == pytest.approx(2.25)
    low = frame.loc[[0.3, 0.5]]
    assert np.allclose(low["simulated"], low["formula, same work"], atol=0.15)


@pytest.mark.parametrize("bad", [(0.5, 1.0), (0.0, 0.5), (), (float("nan"),)])
def test_utilisations_must_lie_between_zero_and_one(bad):
    with pytest.raises(ValueError, match="utilisations"):
        lead_time_against_utilisation(2.0, 1, utilisations=bad)


def test_lead_time_against_utilisation_draws_one_labelled_axes():
    frame = lead_time_against_utilisation(2.0, 1, utilisations=(0.5, 0.95), n_replications=20)
    fig = draw_lead_time_against_utilisation(frame, max_wait=4)
    (ax,) = fig.axes
    assert "utilisation" in ax.get_xlabel() and "weeks" in ax.get_ylabel()
    assert len(ax.lines) == 5  # two formulas, the points, the minimum, the accepted wait
    assert base.render_png(fig).startswith(b"\x89PNG")


# --------------------------------------------------------------------- surge
def test_surge_multiplies_demand_inside_its_window():
    frame = surge_response(2.0, 6)
    before = frame["demand"].iloc[:SURGE_START].mean()
    during = frame["demand"].iloc[SURGE_START:SURGE_START + 6].mean()
    assert before == pytest.approx(20, rel=0.05)
    assert during == pytest.approx(40, rel=0.05)
    assert list(frame.columns) == ["demand", "MTS stock", "MTS backlog", "MTO backlog"]


def test_bigger_or_longer_surges_pile_up_more_orders():
    peaks = [surge_response(f, 6)["MTO backlog"].max() for f in (1.0, 1.5, 2.0, 3.0)]
    assert np.all(np.diff(peaks) > 0), peaks
    short = surge_response(2.0, 2)["MTO backlog"].max()
    long = surge_response(2.0, 10)["MTO backlog"].max()
    assert long > short


def test_capacity_absorbs_the_surge_under_mto():
    peaks = [surge_response(2.0, 6, c)["MTO backlog"].max() for c in (22.0, 30.0, 40.0)]
    assert np.all(np.diff(peaks) < 0), peaks


def test_stock_absorbs_the_surge_under_mts():
    frame = surge_response(2.0, 6)
    before = frame["MTS stock"].iloc[5:SURGE_START].mean()
    during = frame["MTS stock"].iloc[SURGE_START:SURGE_START + 6].min()
    assert during < 0.5 * before
    calm = surge_response(1.0, 6)
    assert frame["MTS backlog"].max() > calm["MTS backlog"].max()


@pytest.mark.parametrize("kwargs, name", [
    ({"surge_factor": 0.5}, "surge_factor"),
    ({"surge_factor": 5.0}, "surge_factor"),
    ({"surge_length": 0}, "surge_length"),
    ({"capacity": 0.0}, "capacity"),
])
def test_surge_bad_input_names_the_parameter(kwargs, name):
    args = {"surge_factor": 2.0, "surge_length": 4, **kwargs}
    with pytest.raises(ValueError, match=name):
        surge_response(**args)


def test_surge_draws_at_every_corner_of_the_sliders():
    app = surge_app()
    for values in corners(app):
        fig = draw_surge_response(surge_response(**values))
        assert len(fig.axes) == 1
        assert base.render_png(fig).startswith(b"\x89PNG")


# ---------------------------------------------------------------------- apps
@pytest.mark.parametrize("factory", [lead_time_app, surge_app])
def test_app_has_release_only_sliders_with_units_and_tooltips(factory):
    app = factory()
    assert "mtolab-explorer" in app._dom_classes
    assert app.controls
    for control in app.controls.values():
        assert control.continuous_update is False
        assert control.min < control.max
        assert control.min <= control.value <= control.max
        assert "(" in control.description, control.description  # a unit
        assert control.tooltip


@pytest.mark.parametrize("factory, name, value", [
    (lead_time_app, "demand_rate", 9.0),
    (lead_time_app, "production_time", 5),
    (surge_app, "surge_factor", 3.0),
    (surge_app, "capacity", 35.0),
])
def test_moving_a_slider_shows_a_new_figure(shown, factory, name, value):
    app = factory()
    first = shown[-1]
    assert isinstance(first, Image)
    app.controls[name].value = value
    assert isinstance(shown[-1], Image)
    assert shown[-1].data != first.data


@pytest.mark.parametrize("factory", [lead_time_app, surge_app])
def test_slider_extremes_show_a_figure_not_an_error(shown, factory):
    app = factory()
    for control in app.controls.values():
        control.value = control.max
    assert isinstance(shown[-1], Image)
    for control in app.controls.values():
        control.value = control.min
    assert isinstance(shown[-1], Image)
    assert not any(isinstance(item, HTML) for item in shown)
