"""Lesson 01's figures and explorer: the decoupling point and four strategies side by side."""


import numpy as np
import pandas as pd
import pytest
from explorer_checks import corners
from IPython.display import Image

import mtolab.widgets._base as base
from mtolab import compare_strategies
from mtolab.widgets import strategy_app
from mtolab.widgets.strategies import (
    CHAIN,
    DECOUPLING,
    TABLE_COLUMNS,
    draw_decoupling_points,
    draw_strategy_table,
    explorer_scenario,
    strategy_kpis,
    strategy_table,
)


def test_decoupling_points_move_upstream_from_mts_to_mto():
    assert DECOUPLING["MTS"] > DECOUPLING["ATO"] > DECOUPLING["MTO"] == 0
    assert CHAIN[DECOUPLING["ATO"]].startswith("assemble")
    fig = draw_decoupling_points()
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"MTS", "ATO", "MTO"} <= texts
    assert set(CHAIN) <= texts
    assert base.render_png(fig).startswith(b"\x89PNG")


def test_explorer_numbers_are_the_comparison_table():
    sc = explorer_scenario(0.4, 2, 3)
    expected = strategy_table(compare_strategies(sc).summary)
    got = strategy_kpis(0.4, 2, 3)
    assert list(got.columns) == list(TABLE_COLUMNS)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9)


def test_the_qualitative_ranking_of_the_course_table():
    t = strategy_kpis(0.3, 1, 4)
    lead, stock = t["lead time (weeks)"], t["inventory (units)"]
    assert lead["MTS"] < lead["ATO"] < lead["MTO"]
    assert stock["MTO"] == 0
    assert stock["MTS"] > stock["ATO"] > 0
    assert stock["MTS"] > stock["Hybrid"] > 0
    cost = t["cost per unit (€)"]
    assert cost["MTO"] == cost.max()


def test_forecast_noise_adds_stock_but_does_not_touch_make_to_order():
    calm, noisy = strategy_kpis(0.0, 1, 4), strategy_kpis(1.0, 1, 4)
    for s in ("MTS", "ATO", "Hybrid"):
        assert noisy.loc[s, "inventory (units)"] > 1.5 * calm.loc[s, "inventory (units)"]
    pd.testing.assert_series_equal(calm.loc["MTO"], noisy.loc["MTO"])


def test_production_time_lengthens_only_made_to_order_waits():
    lead = pd.DataFrame({p: strategy_kpis(0.3, p, 4)["lead time (weeks)"] for p in (0, 2, 4)})
    assert np.all(np.diff(lead.loc["MTO"]) > 1.5)
    assert np.all(np.diff(lead.loc["Hybrid"]) > 0)
    assert np.allclose(lead.loc["MTS"], lead.loc["MTS"].iloc[0])


def test_a_longer_accepted_wait_raises_the_on_time_fill_rate():
    fill = [strategy_kpis(0.3, 3, w).loc["MTO", "fill rate (%)"] for w in (0, 2, 4, 8)]
    assert np.all(np.diff(fill) >= 0) and fill[0] < 5 < 90 < fill[-1], fill


@pytest.mark.parametrize("kwargs, name", [
    ({"forecast_noise": -0.1}, "forecast_noise"),
    ({"forecast_noise": 1.5}, "forecast_noise"),
    ({"production_time": -1}, "production_time"),
    ({"max_wait": 13}, "max_wait"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        strategy_kpis(**kwargs)


def test_strategy_table_wants_a_summary():
    with pytest.raises(TypeError, match="summary"):
        strategy_table([1, 2])


def test_draws_at_every_corner_of_the_sliders():
    app = strategy_app()
    for values in corners(app):
        fig = draw_strategy_table(strategy_kpis(**values))
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert base.render_png(fig).startswith(b"\x89PNG")


def test_app_has_release_only_sliders_with_units_and_tooltips():
    app = strategy_app()
    assert "mtolab-explorer" in app._dom_classes
    for control in app.controls.values():
        assert control.continuous_update is False
        assert control.min <= control.value <= control.max
        assert "(" in control.description and control.tooltip


@pytest.mark.parametrize("name, value", [("forecast_noise", 0.9), ("production_time", 6),
                                         ("max_wait", 1)])
def test_moving_a_slider_shows_a_new_figure(shown, name, value):
    app = strategy_app()
    first = shown[-1]
    assert isinstance(first, Image)
    app.controls[name].value = value
    assert isinstance(shown[-1], Image)
    assert shown[-1].data != first.data
