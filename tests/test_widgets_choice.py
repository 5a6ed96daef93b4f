"""Lesson 05's explorers: cost per unit by strategy, and the map of the cheapest strategy."""

import dataclasses

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from explorer_checks import png_of

from mtolab import cheapest_strategy_grid, compare_strategies
from mtolab.widgets import cost_app, strategy_map_app
from mtolab.widgets._base import render_png
from mtolab.widgets.choice import (
    EXPLORER_SCENARIO,
    break_even,
    cost_sweep,
    draw_cost_sweep,
    draw_strategy_costs,
    draw_strategy_map,
    simulate_strategies,
    strategy_costs,
    strategy_map,
)

SMALL = EXPLORER_SCENARIO.replace(n_periods=26, n_replications=8)


# ------------------------------------------------------------ strategy_costs
def test_costs_equal_the_kpi_table_of_compare_strategies():
    # Short shelf life and lost sales, so that every cost component is non-zero somewhere.
    sc = SMALL.replace(shelf_life=3, unmet_demand="lost_sales")
    table = strategy_costs(0.5, 1, 12.0, 0.01, scenario=sc)
    costs = dataclasses.replace(sc.costs, mto_premium=12.0, holding_rate=0.01)
    summary = compare_strategies(sc.replace(forecast_noise=0.5, max_wait=1,
                                            costs=costs)).summary
    assert (table.drop(columns="fast enough") > 0).any().all()
    for name in ("MTS", "ATO", "MTO", "Hybrid"):
        assert table.loc[name, "total"] == pytest.approx(summary.loc["total cost", name])
        for comp in ("production", "premium", "setup", "holding", "obsolescence",
                     "lost sales", "late delivery"):
            assert table.loc[name, comp] == pytest.approx(summary.loc[f"{comp} cost", name],
                                                          abs=1e-9), (name, comp)
        assert table.loc[name, "p95 lead time"] == pytest.approx(
            summary.loc["95th percentile lead time", name])


def test_more_forecast_noise_never_makes_stock_cheaper():
    totals = [strategy_costs(n, 4, 15.0, 0.005).loc["MTS", "total"] for n in (0, 0.5, 1, 2)]
    assert all(a <= b + 1e-9 for a, b in zip(totals, totals[1:], strict=False)), totals
    assert totals[-1] > totals[0] + 5


def test_forecast_noise_does_not_touch_make_to_order():
    low = strategy_costs(0.0, 4, 15.0, 0.005).loc["MTO", "total"]
    high = strategy_costs(2.0, 4, 15.0, 0.005).loc["MTO", "total"]
    assert low == pytest.approx(high)


def test_a_higher_premium_makes_make_to_order_dearer_by_about_the_premium():
    cheap = strategy_costs(0.3, 4, 5.0, 0.005)
    dear = strategy_costs(0.3, 4, 25.0, 0.005)
    assert dear.loc["MTO", "total"] - cheap.loc["MTO", "total"] == pytest.approx(20.0, rel=0.05)
    assert dear.loc["MTS", "total"] == pytest.approx(cheap.loc["MTS", "total"])


def test_a_higher_holding_rate_raises_stock_costs_only():
    low = strategy_costs(0.3, 4, 15.0, 0.0)
    high = strategy_costs(0.3, 4, 15.0, 0.02)
    assert low.loc["MTS", "holding"] == 0
    assert high.loc["MTS", "holding"] > high.loc["ATO", "holding"] > 0
    assert high.loc["MTO", "total"] == pytest.approx(low.loc["MTO", "total"])


def test_a_shorter_accepted_wait_adds_late_costs_and_marks_slow_strategies():
    patient = strategy_costs(0.3, 8, 15.0, 0.005)
    hurried = strategy_costs(0.3, 0, 15.0, 0.005)
    assert patient["fast enough"].all()
    assert hurried.loc["MTO", "late delivery"] > 0 == patient.loc["MTO", "late delivery"]
    assert not hurried.loc["MTO", "fast enough"]
    assert hurried.attrs["choice"] in ("MTS", None)


def test_the_cheapest_is_the_argmin_of_the_table_drawn():
    for noise, premium in [(0.0, 15.0), (2.0, 15.0), (2.0, 0.0)]:
        table = strategy_costs(noise, 4, premium, 0.005)
        assert table.attrs["cheapest"] == table["total"].astype(float).idxmin()
        fast = table[table["fast enough"]]
        assert table.attrs["choice"] == fast["total"].astype(float).idxmin()
        fig = draw_strategy_costs(table)
        assert fig.axes[0].get_title().startswith(f"Cheapest: {table.attrs['cheapest']}")
    # The trade-off the lesson is about: stock wins with good forecasts, not with bad ones.
    assert strategy_costs(0.0, 4, 15.0, 0.005).attrs["cheapest"] == "MTS"
    assert strategy_costs(2.0, 4, 15.0, 0.005).attrs["cheapest"] != "MTS"


def test_components_add_up_to_the_total():
    table = strategy_costs(1.0, 2, 10.0, 0.01)
    parts = table.drop(columns=["total", "p95 lead time", "fast enough"]).sum(axis=1)
    np.testing.assert_allclose(parts.to_numpy(dtype=float), table["total"].to_numpy(dtype=float))


@pytest.mark.parametrize("bad", [{"forecast_noise": -0.1}, {"forecast_noise": 2.5},
                                 {"max_wait": -1}, {"mto_premium": -1.0},
                                 {"holding_rate": 1.5}])
def test_bad_inputs_name_the_parameter(bad):
    args = {"forecast_noise": 0.3, "max_wait": 4, "mto_premium": 15.0, "holding_rate": 0.005}
    args.update(bad)
    with pytest.raises(ValueError, match=next(iter(bad))):
        strategy_costs(**args)


def test_cost_slider_grid_draws_without_error():
    app = cost_app()
    for name, control in app.controls.items():
        for value in np.linspace(control.min, control.max, 3):
            values = app.values | {name: type(control.value)(value)}
            png = render_png(draw_strategy_costs(strategy_costs(
                values["forecast_noise"], values["max_wait"], values["mto_premium"],
                values["holding_pct"] / 100)))
            assert png.startswith(b"\x89PNG")


def test_simulations_are_shared_between_cost_settings():
    a = simulate_strategies(EXPLORER_SCENARIO)
    cheaper = EXPLORER_SCENARIO.replace(
        costs=dataclasses.replace(EXPLORER_SCENARIO.costs, mto_premium=1.0), max_wait=0)
    b = simulate_strategies(cheaper)
    assert all(a[s] is b[s] for s in a)
    c = simulate_strategies(EXPLORER_SCENARIO.replace(forecast_noise=1.0))
    assert c["MTS"] is not a["MTS"]
    with pytest.raises(TypeError, match="scenario"):
        simulate_strategies("MTS")


# --------------------------------------------------------------- sweeps
def toy_sweep(a, b):
    return pd.DataFrame({"A": a, "B": b}, index=pd.Index([0.0, 1.0, 2.0], name="x"))


def test_break_even_interpolates_the_first_crossing():
    assert break_even(toy_sweep([3.0, 2.5, 1.0], [2.0, 2.0, 2.0]), "A", "B") == pytest.approx(
        1 + 0.5 / 1.5)
    assert break_even(toy_sweep([3.0, 2.0, 1.0], [2.0, 2.0, 2.0]), "A", "B") == 1.0
    assert break_even(toy_sweep([1.0, 2.5, 3.0], [2.0, 2.0, 2.0]), "A", "B") == 0.0
    assert break_even(toy_sweep([3.0, 2.5, 2.0], [2.0, 2.0, 2.0]), "A", "B") is None
    with pytest.raises(ValueError, match="'C'"):
        break_even(toy_sweep([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]), "C", "B")


def test_cost_sweep_equals_compare_strategies():
    sweep = cost_sweep(SMALL, "costs.mto_premium", [5.0, 20.0], ["MTS", "MTO"])
    for premium in (5.0, 20.0):
        sc = SMALL.replace(costs=dataclasses.replace(SMALL.costs, mto_premium=premium))
        total = compare_strategies(sc, ["MTS", "MTO"]).summary.loc["total cost"]
        assert sweep.loc[premium, "MTO"] == pytest.approx(total["MTO"])
        assert sweep.loc[premium, "MTS"] == pytest.approx(total["MTS"])
    assert sweep.index.name == "costs.mto_premium"
    assert sweep.loc[20.0, "MTO"] - sweep.loc[5.0, "MTO"] == pytest.approx(15.0, rel=0.05)


def test_cost_sweep_over_scenario_fields():
    noise = cost_sweep(EXPLORER_SCENARIO, "forecast_noise", [0.0, 1.0, 2.0], ["MTS", "MTO"])
    assert noise["MTS"].is_monotonic_increasing
    assert noise["MTO"].nunique() == 1
    shares = cost_sweep(SMALL, "hybrid_share", [0.0, 1.0], ["Hybrid", "MTO"])
    assert shares.loc[0.0, "Hybrid"] == pytest.approx(shares.loc[0.0, "MTO"], rel=0.02)
    waits = cost_sweep(SMALL, "max_wait", [0.0, 6.0], ["MTO"])  # whole weeks from floats
    assert waits.loc[0.0, "MTO"] > waits.loc[6.0, "MTO"]
    with pytest.raises(ValueError, match="not a Scenario field"):
        cost_sweep(SMALL, "colour", [1])
    with pytest.raises(ValueError, match="not a CostModel field"):
        cost_sweep(SMALL, "costs.colour", [1])
    with pytest.raises(ValueError, match="at least one"):
        cost_sweep(SMALL, "forecast_noise", [])


def test_draw_cost_sweep_draws_a_line_per_strategy_and_the_crossing():
    sweep = toy_sweep([3.0, 2.5, 1.0], [2.0, 2.0, 2.0])
    fig = draw_cost_sweep(sweep, crossing=break_even(sweep, "A", "B"), title="T", xlabel="X")
    (ax,) = fig.axes
    assert len(ax.lines) == 3  # two strategies and the break-even marker
    assert ax.get_title() == "T" and ax.get_xlabel() == "X"
    assert render_png(fig).startswith(b"\x89PNG")


# --------------------------------------------------------------- the map
def test_map_equals_the_library_grid():
    noise, premiums = [0.0, 1.0, 2.0], [0.0, 15.0]
    grid = strategy_map(0.005, 4.0, 4, 12, noise_values=noise, premium_values=premiums,
                        scenario=SMALL)
    base = SMALL.replace(max_wait=4, shelf_life=12)
    want = cheapest_strategy_grid(base, "forecast_noise", noise, "costs.mto_premium", premiums)
    assert grid.equals(want)
    for s, frame in want.attrs["total_cost"].items():
        np.testing.assert_allclose(grid.attrs["total_cost"][s].to_numpy(dtype=float),
                                   frame.to_numpy(dtype=float), rtol=1e-9)


def test_map_reports_progress_and_shows_the_trade_offs():
    calls = []
    grid = strategy_map(0.005, 4.0, 4, 12, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (grid.shape[1], grid.shape[1]) and len(calls) == grid.shape[1]
    assert grid.iloc[-1, 0] == "MTS"  # good forecasts, dear MTO: stock
    assert grid.iloc[-1, -1] != "MTS"  # bad forecasts: not stock
    assert grid.iloc[0, -1] == "MTO"  # bad forecasts, MTO as cheap as stock runs
    assert "MTO" not in set(grid.iloc[:, 0])  # perfect forecasts: never make to order


def test_map_inputs_are_checked():
    with pytest.raises(ValueError, match="shelf_life"):
        strategy_map(0.005, 4.0, 4, 0)
    with pytest.raises(ValueError, match="noise_values"):
        strategy_map(0.005, 4.0, 4, 12, noise_values=[3.0])
    with pytest.raises(ValueError, match="at least one"):
        strategy_map(0.005, 4.0, 4, 12, premium_values=[])


def test_map_slider_extremes_draw_without_error():
    app = strategy_map_app()
    for name, control in app.controls.items():
        if not isinstance(control, widgets.widget_int._Int | widgets.widget_float._Float):
            continue
        for value in (control.min, control.max):
            values = app.values | {name: value}
            grid = strategy_map(values["holding_pct"] / 100, values["assembly_premium"],
                                values["max_wait"], values["shelf_life"])
            assert render_png(draw_strategy_map(grid)).startswith(b"\x89PNG")


# --------------------------------------------------------------- the apps
@pytest.mark.parametrize("factory", [cost_app, strategy_map_app])
def test_app_builds_with_release_only_sliders_and_a_figure(shown, factory):
    app = factory()
    assert "mtolab-explorer" in app._dom_classes
    sliders = [c for c in app.controls.values() if hasattr(c, "continuous_update")]
    assert len(sliders) >= 3
    assert all(s.continuous_update is False for s in sliders)
    assert png_of(shown).startswith(b"\x89PNG")
    for control in sliders:
        assert "(" in control.description and control.tooltip, control.description


@pytest.mark.parametrize("factory", [cost_app, strategy_map_app])
def test_moving_the_first_slider_changes_the_figure(shown, factory):
    app = factory()
    before = png_of(shown)
    first = next(iter(app.controls.values()))
    first.value = first.value + first.step
    assert png_of(shown) != before
    # The browser benchmark presses the arrow key again and again: every step redraws.
    first.value = first.min
    for value in np.arange(first.min + first.step, first.max + first.step / 2, first.step):
        before = png_of(shown)
        first.value = round(float(value), 4)
        assert png_of(shown) != before, value


def test_map_detail_gives_a_finer_map(shown):
    app = strategy_map_app()
    quick = png_of(shown)
    progress = [c for c in app.children if isinstance(c, widgets.IntProgress)]
    assert len(progress) == 1
    app.controls["detail"].value = app.controls["detail"].options[1]
    assert png_of(shown) != quick
    assert progress[0].value == progress[0].max > 9
