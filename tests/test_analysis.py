"""mtolab.analysis: what the lessons and explorers compute, checked against the library."""

import dataclasses
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from mtolab import (
    STRATEGIES,
    DemandPattern,
    ProductFamily,
    Scenario,
    compare_strategies,
    error_metrics,
    kpi_table,
    moving_average,
)
from mtolab.analysis import (
    COMPARISON_TABLE_COLUMNS,
    ERROR_COSTS,
    NOT_FAST_ENOUGH,
    STRATEGY_TABLE_COLUMNS,
    break_even,
    cheapest_strategy_grid,
    comparison_table,
    cost_sweep,
    demand_series,
    fast_enough,
    forecast_accuracy,
    forecast_error_cost,
    kpi_summary,
    lead_time_against_utilisation,
    lead_time_distribution,
    pooling,
    scrapped_share,
    simulate_strategies,
    strategy_costs,
    strategy_table,
    surge_response,
)
from mtolab.presets import preset

SMALL = preset("computer maker", n_periods=26, n_replications=8)
LEAD, STOCK, ON_TIME, COST = STRATEGY_TABLE_COLUMNS


def costs_of(scenario, **changes):
    return scenario.replace(costs=dataclasses.replace(scenario.costs, **changes))


# ------------------------------------------------------------ cached runs, KPIs
def test_simulations_are_shared_between_cost_settings_and_accepted_waits():
    a = simulate_strategies(SMALL)
    b = simulate_strategies(costs_of(SMALL, mto_premium=1.0).replace(max_wait=0))
    assert all(a[s] is b[s] for s in a)
    assert simulate_strategies(SMALL.replace(forecast_noise=1.0))["MTS"] is not a["MTS"]
    refused = SMALL.replace(refuse_late_orders=True)
    assert simulate_strategies(refused)["MTO"] is not simulate_strategies(
        refused.replace(max_wait=0))["MTO"]  # refusing late orders: the wait changes the run
    with pytest.raises(TypeError, match="scenario"):
        simulate_strategies("MTS")
    with pytest.raises(ValueError, match="strategies"):
        simulate_strategies(SMALL, ["JIT"])


def test_kpi_summary_is_the_mean_of_the_kpi_table():
    summary = kpi_summary(SMALL)
    comparison = compare_strategies(SMALL).summary
    pd.testing.assert_frame_equal(summary, comparison.rename_axis("kpi"), check_exact=False,
                                  rtol=1e-12, check_names=False)
    chosen = kpi_summary(SMALL, ["MTO"], ["on-time rate", "total cost"])
    assert list(chosen.index) == ["on-time rate", "total cost"]
    assert list(chosen.columns) == ["unit", "MTO"]
    with pytest.raises(ValueError, match="kpis"):
        kpi_summary(SMALL, kpis=["fill rate"])


def test_the_feasibility_rule():
    assert fast_enough(2.0, 2) and not fast_enough(2.1, 2) and fast_enough(99.0, None)
    np.testing.assert_array_equal(fast_enough([0.0, 1.0, 3.0], 1), [True, True, False])


# ------------------------------------------------------------------ costs
def test_costs_equal_the_kpi_table_of_compare_strategies():
    # Short shelf life and lost sales, so that every cost component is non-zero somewhere.
    sc = costs_of(SMALL.replace(shelf_life=3, unmet_demand="lost_sales", forecast_noise=0.5,
                                max_wait=1), mto_premium=12.0, holding_rate=0.01)
    table = strategy_costs(sc)
    summary = compare_strategies(sc).summary
    assert (table.drop(columns="fast enough") > 0).any().all()
    for name in STRATEGIES:
        for column in table.columns.drop("fast enough"):
            assert table.loc[name, column] == pytest.approx(summary.loc[column, name],
                                                            abs=1e-9), (name, column)


def test_components_add_up_to_the_total():
    table = strategy_costs(costs_of(SMALL.replace(forecast_noise=1.0, max_wait=2),
                                    mto_premium=10.0, holding_rate=0.01))
    parts = table.filter(like=" cost").drop(columns="total cost").sum(axis=1)
    np.testing.assert_allclose(parts, table["total cost"])


def test_more_forecast_noise_never_makes_stock_cheaper():
    totals = [strategy_costs(preset("computer maker", forecast_noise=n)).loc["MTS", "total cost"]
              for n in (0, 0.5, 1, 2)]
    assert all(a <= b + 1e-9 for a, b in zip(totals, totals[1:], strict=False)), totals
    assert totals[-1] > totals[0] + 5


def test_forecast_noise_does_not_touch_make_to_order():
    low = strategy_costs(preset("computer maker", forecast_noise=0.0)).loc["MTO", "total cost"]
    high = strategy_costs(preset("computer maker", forecast_noise=2.0)).loc["MTO", "total cost"]
    assert low == pytest.approx(high)


def test_a_higher_premium_makes_make_to_order_dearer_by_about_the_premium():
    cheap = strategy_costs(preset("computer maker", costs={"mto_premium": 5.0}))
    dear = strategy_costs(preset("computer maker", costs={"mto_premium": 25.0}))
    assert dear.loc["MTO", "total cost"] - cheap.loc["MTO", "total cost"] == pytest.approx(
        20.0, rel=0.05)
    assert dear.loc["MTS", "total cost"] == pytest.approx(cheap.loc["MTS", "total cost"])


def test_a_shorter_accepted_wait_adds_late_costs_and_marks_slow_strategies():
    patient = strategy_costs(preset("computer maker", max_wait=8))
    hurried = strategy_costs(preset("computer maker", max_wait=1))
    nobody = strategy_costs(preset("computer maker", max_wait=0))
    assert patient["fast enough"].all() and patient.attrs["choice"] == patient.attrs["cheapest"]
    assert hurried.loc["MTO", "late delivery cost"] > 0 == patient.loc["MTO",
                                                                        "late delivery cost"]
    assert not hurried.loc["MTO", "fast enough"]
    fast = hurried[hurried["fast enough"]]
    assert hurried.attrs["choice"] == fast["total cost"].idxmin()
    assert nobody.attrs["choice"] is None and not nobody["fast enough"].any()


def test_the_trade_off_of_the_lesson():
    # Stock wins with good forecasts, not with bad ones.
    assert strategy_costs(preset("computer maker", forecast_noise=0.0)).attrs["cheapest"] == "MTS"
    assert strategy_costs(preset("computer maker", forecast_noise=2.0)).attrs["cheapest"] != "MTS"


# ---------------------------------------------------------------- sweeps
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
        total = compare_strategies(costs_of(SMALL, mto_premium=premium),
                                   ["MTS", "MTO"]).summary.loc["total cost"]
        assert sweep.loc[premium, "MTO"] == pytest.approx(total["MTO"])
        assert sweep.loc[premium, "MTS"] == pytest.approx(total["MTS"])
    assert sweep.index.name == "costs.mto_premium"
    assert sweep.attrs["95th percentile lead time"].shape == sweep.shape


def test_cost_sweep_over_scenario_fields():
    noise = cost_sweep(preset("computer maker"), "forecast_noise", [0.0, 1.0, 2.0],
                       ["MTS", "MTO"])
    assert noise["MTS"].is_monotonic_increasing
    assert noise["MTO"].nunique() == 1
    shares = cost_sweep(SMALL, "hybrid_share", [0.0, 1.0], ["Hybrid", "MTO"])
    assert shares.loc[0.0, "Hybrid"] == pytest.approx(shares.loc[0.0, "MTO"], rel=0.02)
    waits = cost_sweep(SMALL, "max_wait", [0.0, 6.0], ["MTO"])  # whole weeks from floats
    assert waits.loc[0.0, "MTO"] > waits.loc[6.0, "MTO"]
    demand = cost_sweep(SMALL, "demand.mean", [10.0, 20.0], ["MTO"])
    assert demand.index.name == "demand.mean"
    with pytest.raises(ValueError, match="not a Scenario field"):
        cost_sweep(SMALL, "colour", [1])
    with pytest.raises(ValueError, match="not a CostModel field"):
        cost_sweep(SMALL, "costs.colour", [1])
    with pytest.raises(ValueError, match="at least one"):
        cost_sweep(SMALL, "forecast_noise", [])


# ------------------------------------------------------------------ the grid
def test_every_cell_of_the_grid_is_the_choice_of_strategy_costs():
    noise, waits = [0.0, 1.0, 2.0], [0, 1, 4]
    calls = []
    grid = cheapest_strategy_grid(SMALL, "forecast_noise", noise, "max_wait", waits,
                                  progress=lambda done, total: calls.append((done, total)))
    assert calls == [(k, 9) for k in range(1, 10)]
    assert grid.index.name == "max_wait" and grid.columns.name == "forecast_noise"
    for w in waits:
        for n in noise:
            table = strategy_costs(SMALL.replace(forecast_noise=n, max_wait=w))
            assert grid.loc[w, n] == (table.attrs["choice"] or NOT_FAST_ENOUGH)
            assert grid.attrs["cheapest"].loc[w, n] == table.attrs["cheapest"]
            for s in STRATEGIES:
                assert grid.attrs["total_cost"][s].loc[w, n] == pytest.approx(
                    table.loc[s, "total cost"])
                assert grid.attrs["95th percentile lead time"][s].loc[w, n] == pytest.approx(
                    table.loc[s, "95th percentile lead time"])
    assert grid.loc[0, 0.0] == NOT_FAST_ENOUGH


def test_grid_totals_equal_compare_strategies():
    grid = cheapest_strategy_grid(SMALL, "forecast_noise", [0.5], "costs.mto_premium",
                                  [0.0, 30.0], strategies=["MTS", "MTO"])
    for premium in (0.0, 30.0):
        sc = costs_of(SMALL.replace(forecast_noise=0.5), mto_premium=premium)
        summary = compare_strategies(sc, ["MTS", "MTO"]).summary
        for s in ("MTS", "MTO"):
            assert grid.attrs["total_cost"][s].loc[premium, 0.5] == pytest.approx(
                summary.loc["total cost", s])


def test_a_grid_over_two_costs_prices_every_cell():
    grid = cheapest_strategy_grid(SMALL, "costs.holding_rate", [0.0, 0.03], "costs.mto_premium",
                                  [0.0, 30.0], strategies=["MTS", "MTO"])
    for h in (0.0, 0.03):
        for p in (0.0, 30.0):
            table = strategy_costs(costs_of(SMALL, holding_rate=h, mto_premium=p),
                                   ["MTS", "MTO"])
            assert grid.attrs["total_cost"]["MTS"].loc[p, h] == pytest.approx(
                table.loc["MTS", "total cost"])
            assert grid.loc[p, h] == table.attrs["choice"]


def test_the_map_shows_the_trade_offs_of_the_lesson():
    grid = cheapest_strategy_grid(preset("computer maker"), "forecast_noise",
                                  np.linspace(0, 2, 5), "costs.mto_premium",
                                  np.linspace(0, 30, 4))
    assert grid.iloc[-1, 0] == "MTS"  # good forecasts, dear MTO: stock
    assert grid.iloc[-1, -1] != "MTS"  # bad forecasts: not stock
    assert grid.iloc[0, -1] == "MTO"  # bad forecasts, MTO as cheap as stock runs
    assert "MTO" not in set(grid.iloc[:, 0])  # perfect forecasts: never make to order


def test_grid_inputs_are_checked():
    with pytest.raises(ValueError, match="x_values"):
        cheapest_strategy_grid(SMALL, "max_wait", [], "lead_time", [1])
    with pytest.raises(ValueError, match="speed"):
        cheapest_strategy_grid(SMALL, "speed", [1], "max_wait", [1])
    with pytest.raises(ValueError, match="forecast_noise"):
        cheapest_strategy_grid(SMALL, "forecast_noise", [3.0], "max_wait", [1])


# ----------------------------------------------------------- lesson 01
def test_strategy_table_of_kpi_summary_is_that_of_compare_strategies():
    sc = preset("four variants", forecast_noise=0.4, production_time=2, max_wait=3)
    got = strategy_table(kpi_summary(sc))
    expected = strategy_table(compare_strategies(sc).summary)
    assert list(got.columns) == list(STRATEGY_TABLE_COLUMNS)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9)
    with pytest.raises(TypeError, match="summary"):
        strategy_table([1, 2])


def overview(noise=0.3, production=1, wait=4):
    return strategy_table(kpi_summary(preset("four variants", forecast_noise=noise,
                                             production_time=production, max_wait=wait)))


def test_the_qualitative_ranking_of_the_course_table():
    t = overview()
    assert t[LEAD]["MTS"] < t[LEAD]["ATO"] < t[LEAD]["MTO"]
    assert t[STOCK]["MTO"] == 0
    assert t[STOCK]["MTS"] > t[STOCK]["ATO"] > 0
    assert t[STOCK]["MTS"] > t[STOCK]["Hybrid"] > 0
    assert t[COST]["MTO"] == t[COST].max()


def test_forecast_noise_adds_stock_but_does_not_touch_make_to_order():
    calm, noisy = overview(noise=0.0), overview(noise=1.0)
    for s in ("MTS", "ATO", "Hybrid"):
        assert noisy.loc[s, STOCK] > 1.5 * calm.loc[s, STOCK]
    pd.testing.assert_series_equal(calm.loc["MTO"], noisy.loc["MTO"])


def test_production_time_lengthens_only_made_to_order_waits():
    lead = pd.DataFrame({p: overview(production=p)[LEAD] for p in (0, 2, 4)})
    assert np.all(np.diff(lead.loc["MTO"]) > 1.5)
    assert np.all(np.diff(lead.loc["Hybrid"]) > 0)
    assert np.allclose(lead.loc["MTS"], lead.loc["MTS"].iloc[0])


def test_a_longer_accepted_wait_raises_the_on_time_rate():
    rates = [overview(production=3, wait=w).loc["MTO", ON_TIME] for w in (0, 2, 4, 8)]
    assert np.all(np.diff(rates) >= 0) and rates[0] < 5 < 90 < rates[-1], rates


# ----------------------------------------------------------- lesson 00, 02
def test_demand_series_shapes_the_expected_level():
    flat = demand_series(preset("warm-up", demand={"surge_factor": 1.0}))
    assert list(flat.columns) == ["demand", "expected"] and len(flat) == 104
    assert np.allclose(flat["expected"], 20.0)
    assert flat["demand"].mean() == pytest.approx(20.0, rel=0.1)
    assert flat["demand"].std() == pytest.approx(np.sqrt(20.0), rel=0.25)  # Poisson
    surge = demand_series(preset("warm-up", demand={"surge_factor": 3.0}))["expected"]
    assert np.allclose(surge.iloc[60:68], 60.0) and np.allclose(surge.drop(range(60, 68)), 20)
    grows = demand_series(preset("warm-up", demand={"trend": 0.2}))
    assert grows["expected"].iloc[-1] == pytest.approx(20.0 + 0.2 * 103)
    seeded = preset("warm-up", seed=3)
    assert demand_series(seeded).equals(demand_series(seeded))
    assert not demand_series(seeded).equals(demand_series(preset("warm-up", seed=4)))


def test_forecast_accuracy_uses_the_library_forecast_and_metrics():
    comp = forecast_accuracy(preset("one product"), "moving_average", window=6)
    demand = comp.series["demand"].to_numpy()
    assert np.allclose(comp.series["forecast"], moving_average(demand, 6))
    w = comp.warm_up
    assert comp.metrics.equals(error_metrics(demand[w:], moving_average(demand, 6)[w:]))
    assert comp.label == "moving average of 6 weeks"


def test_a_calm_forecast_lags_a_trend():
    rising = preset("one product", demand={"trend": 0.3})
    fast = forecast_accuracy(rising, "exponential_smoothing", alpha=0.6)
    slow = forecast_accuracy(rising, "exponential_smoothing", alpha=0.05)
    assert slow.metrics["bias"] > fast.metrics["bias"] > 0
    assert slow.metrics["tracking signal"] > 4


@pytest.mark.parametrize(("kwargs", "name"), [({"method": "crystal ball"}, "method"),
                                              ({"window": 0}, "window"),
                                              ({"alpha": 1.5}, "alpha")])
def test_forecast_accuracy_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        forecast_accuracy(preset("one product"), **({"method": "exponential_smoothing"}
                                                    | kwargs))


def error(bias=0.0, noise=0.0, shelf_life=None):
    return forecast_error_cost(preset("one product", forecast_bias=bias, forecast_noise=noise,
                                      shelf_life=shelf_life)).kpis.loc["your forecast"]


def test_perfect_forecast_row_has_no_extra_cost():
    r = forecast_error_cost(preset("one product", forecast_noise=0.0))
    assert r.kpis.loc["your forecast"].equals(r.kpis.loc["perfect forecast"])
    assert r.extra_cost == 0
    assert r.kpis.loc["perfect forecast", "served from stock"] > 95


def test_a_low_forecast_loses_sales_a_high_one_piles_up_stock():
    runs = [error(bias=b) for b in (-0.5, -0.25, 0.0, 0.25, 0.5)]
    stock = [r["finished-goods inventory"] for r in runs]
    served = [r["served from stock"] for r in runs]
    lost = [r["lost sales cost"] for r in runs]
    assert np.all(np.diff(stock) > 0), stock
    assert np.all(np.diff(served) >= 0), served
    assert served[0] < 80 < served[-1]
    assert lost[0] > 5 * max(lost[2], 0.1)


def test_more_noise_means_more_safety_stock_and_holding_cost():
    runs = [error(noise=n) for n in (0.0, 0.25, 0.5, 1.0)]
    assert np.all(np.diff([r["finished-goods inventory"] for r in runs]) > 0)
    assert np.all(np.diff([r["holding cost"] for r in runs]) > 0)


def test_short_shelf_life_turns_excess_stock_into_scrap():
    runs = [error(0.3, 0.5, life) for life in (26, 8, 4, 2)]
    scrap = [r["scrapped"] for r in runs]
    assert np.all(np.diff(scrap) >= 0) and scrap[-1] > scrap[0] + 10, scrap
    assert np.all(np.diff([r["obsolescence cost"] for r in runs]) >= 0)
    result = simulate_strategies(preset("one product", shelf_life=2, forecast_bias=0.3),
                                 ["MTS"])["MTS"]
    np.testing.assert_allclose(scrapped_share(result),
                               100 * result.obsolete.sum(1) / result.made_to_stock.sum(1))


def test_the_error_costs_are_kpis_of_the_table():
    sc = preset("one product", forecast_bias=0.2, forecast_noise=0.3)
    kpis = forecast_error_cost(sc).kpis.loc["your forecast"]
    table = kpi_table(sc.simulate("MTS"), sc.costs, sc.max_wait)
    for name in (*ERROR_COSTS, "finished-goods inventory", "served from stock"):
        assert kpis[name] == pytest.approx(table.loc[name, "mean"]), name


# -------------------------------------------------------------- lesson 03
def workshop(rate=4.0, capacity=5.0, production=2, sourcing=1, wait=6, **changes):
    return preset("workshop", demand={"mean": rate}, capacity=capacity,
                  production_time=production, sourcing_time=sourcing, max_wait=wait, **changes)


def test_lead_time_shares_are_a_distribution_above_the_minimum():
    lt = lead_time_distribution(workshop())
    assert lt.shares.sum() == pytest.approx(100.0)
    assert lt.minimum == 3
    assert (lt.shares.iloc[: lt.minimum] == 0).all(), "no order is faster than source + make"
    assert lt.mean >= lt.minimum and lt.p95 >= lt.mean - 1
    assert lt.utilisation == pytest.approx(0.8)


def test_lead_time_kpis_are_those_of_the_kpi_table():
    sc = workshop(rate=4.5)
    lt = lead_time_distribution(sc)
    table = kpi_table(sc.simulate("MTO"), sc.costs, sc.max_wait)
    assert lt.mean == pytest.approx(table.loc["mean lead time", "mean"])
    assert lt.p95 == pytest.approx(table.loc["95th percentile lead time", "mean"])
    assert lt.on_time == pytest.approx(table.loc["on-time rate", "mean"])


def test_waits_grow_ever_faster_as_utilisation_nears_one():
    means = [lead_time_distribution(workshop(r, production=1)).mean
             for r in (2.5, 3.5, 4.0, 4.5, 4.75)]
    assert np.all(np.diff(means) > 0), means
    assert means[-1] - means[-2] > means[1] - means[0]


def test_on_time_rate_falls_with_demand_and_rises_with_accepted_wait():
    busy = lead_time_distribution(workshop(4.75, production=1, wait=4))
    calm = lead_time_distribution(workshop(2.5, production=1, wait=4))
    patient = lead_time_distribution(workshop(4.75, production=1, wait=10))
    assert busy.on_time < calm.on_time < 100 and patient.on_time > busy.on_time


def test_production_time_shifts_lead_times_by_itself():
    short = lead_time_distribution(workshop(production=1))
    long = lead_time_distribution(workshop(production=3))
    assert long.mean - short.mean == pytest.approx(2.0, abs=0.1)
    assert long.minimum - short.minimum == 2


def test_overload_leaves_orders_undelivered():
    lt = lead_time_distribution(workshop(6.0, production=1))
    assert lt.utilisation > 1 and lt.not_delivered > 10
    assert lead_time_distribution(workshop(2.0, production=1)).not_delivered < lt.not_delivered


def test_simulation_and_formula_agree_at_moderate_load_and_both_climb():
    sc = Scenario(capacity=2.0, production_time=1, sourcing_time=1, n_periods=104,
                  n_replications=200)
    frame = lead_time_against_utilisation(sc, utilisations=(0.3, 0.5, 0.7, 0.9))
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
        lead_time_against_utilisation(workshop(), utilisations=bad)


def surge(factor=2.0, length=6, capacity=25.0):
    return surge_response(preset("surge", demand={"surge_factor": factor,
                                                  "surge_length": length}, capacity=capacity))


def test_surge_multiplies_demand_inside_its_window():
    frame = surge(2.0, 6)
    assert frame["demand"].iloc[:10].mean() == pytest.approx(20, rel=0.05)
    assert frame["demand"].iloc[10:16].mean() == pytest.approx(40, rel=0.05)
    assert list(frame.columns) == ["demand", "MTS stock", "MTS waiting", "MTO waiting",
                                   "MTO in production"]


def test_waiting_does_not_count_work_in_progress():
    sc = preset("surge")
    mto = sc.simulate("MTO")
    frame = surge_response(sc)
    np.testing.assert_allclose(frame["MTO waiting"] + frame["MTO in production"],
                               mto.backlog.mean(axis=0))
    assert (frame["MTO in production"] > 0).any()


def test_bigger_or_longer_surges_pile_up_more_orders():
    peaks = [surge(f)["MTO waiting"].max() for f in (1.0, 1.5, 2.0, 3.0)]
    assert np.all(np.diff(peaks) > 0), peaks
    assert surge(2.0, 8)["MTO waiting"].max() > surge(2.0, 2)["MTO waiting"].max()


def test_capacity_absorbs_the_surge_under_mto_and_stock_under_mts():
    peaks = [surge(2.0, 6, c)["MTO waiting"].max() for c in (22.0, 30.0, 40.0)]
    assert np.all(np.diff(peaks) < 0), peaks
    frame = surge(2.0, 6)
    assert frame["MTS stock"].iloc[10:16].min() < 0.5 * frame["MTS stock"].iloc[5:10].mean()
    assert frame["MTS waiting"].max() > surge(1.0, 6)["MTS waiting"].max()


# -------------------------------------------------------------- lesson 04
def pc(groups=2, choices=3, common=1, level=0.95, runs=10, **changes):
    return preset("PC family", family=ProductFamily(options=(choices,) * groups,
                                                    common_components=common),
                  service_level=level, n_replications=runs, **changes)


def test_safety_stock_follows_the_square_root_law():
    z = NormalDist().inv_cdf(0.95)
    one = z * np.sqrt(40.0) * np.sqrt(2 + 1)  # all demand, lead time 2 + review 1 week
    p = pooling(pc())
    assert p.n_variants == 9 and p.n_components == 1 + 3 + 3
    assert p.safety["MTS"] == pytest.approx(one * 3)  # sqrt(9 variants)
    # Kit of 3 components: the case pools all demand, each option one third of it.
    assert p.safety["ATO"] == pytest.approx(one * (1 + 2 * np.sqrt(3)) / 3)


def test_nothing_to_pool_with_one_variant():
    p = pooling(pc(1, 1, 0, 0.9))
    assert p.n_variants == 1
    assert p.safety["ATO"] == pytest.approx(p.safety["MTS"])
    assert p.stock["ATO"] == pytest.approx(p.stock["MTS"], rel=0.02)


def test_more_options_widen_the_gap_between_mts_and_ato():
    results = [pooling(pc(2, k, runs=30)) for k in (1, 2, 3, 4)]
    mts = [r.stock["MTS"] for r in results]
    ato = [r.stock["ATO"] for r in results]
    assert np.all(np.diff(mts) > 0), mts
    assert np.all(np.diff([r.saving for r in results]) > 0)
    assert mts[-1] / mts[0] > 2 * ato[-1] / ato[0]


def test_common_components_cut_ato_stock_only():
    results = [pooling(pc(2, 4, c, runs=30)) for c in (0, 1, 2, 3)]
    assert np.all(np.diff([r.safety["ATO"] for r in results]) < 0)
    assert np.all(np.diff([r.stock["ATO"] for r in results]) < 0)
    assert len({round(r.safety["MTS"], 9) for r in results}) == 1


def test_higher_service_level_needs_more_stock_and_the_formula_holds():
    low, high = pooling(pc(level=0.80, runs=30)), pooling(pc(level=0.99, runs=30))
    for name in ("MTS", "ATO"):
        assert high.safety[name] > low.safety[name]
        assert high.stock[name] > low.stock[name]
        assert high.on_time[name] >= low.on_time[name]
    p = pooling(pc(runs=50))
    for name in ("MTS", "ATO"):
        assert p.stock[name] == pytest.approx(p.safety[name], rel=0.2), name
        assert 85 < p.on_time[name] <= 100


def test_pooling_reads_the_kpis_of_the_table():
    sc = pc()
    p = pooling(sc)
    mts = kpi_table(sc.simulate("MTS"), sc.costs, sc.max_wait)
    ato = kpi_table(sc.simulate("ATO"), sc.costs, sc.max_wait)
    assert p.stock["MTS"] == pytest.approx(mts.loc["finished-goods inventory", "mean"])
    assert p.stock["ATO"] == pytest.approx(ato.loc["component inventory", "mean"])
    assert p.on_time["ATO"] == pytest.approx(ato.loc["on-time rate", "mean"])
    assert p.max_wait == 1


@pytest.mark.parametrize("call", [lambda: strategy_costs("x"), lambda: pooling(None),
                                  lambda: demand_series(3), lambda: surge_response({})])
def test_analyses_want_a_scenario(call):
    with pytest.raises(TypeError, match="scenario"):
        call()


def test_every_scenario_is_seeded_the_same_way():
    a = kpi_summary(Scenario(demand=DemandPattern(mean=10), n_periods=20, n_replications=5,
                             seed=7))
    b = kpi_summary(Scenario(demand=DemandPattern(mean=10), n_periods=20, n_replications=5,
                             seed=7))
    pd.testing.assert_frame_equal(a, b)


# ------------------------------------------------- lesson 07: customisation
def configurable(**changes):
    from mtolab.presets import preset

    return preset("configurable", n_replications=8, n_periods=52, **changes)


def test_variety_family_multiplies_configurations_by_the_choices():
    from mtolab.analysis import variety_family

    assert [variety_family(g).n_variants for g in range(5)] == [1, 3, 9, 27, 81]
    assert variety_family(2, 4, "uniform").options == (4, 4)
    with pytest.raises(ValueError, match="option_groups"):
        variety_family(7)
    with pytest.raises(ValueError, match="choices"):
        variety_family(2, 0)


@pytest.mark.parametrize("premium", [0.0, 35.0])
def test_variety_profit_is_the_profit_kpi_of_each_run(premium):
    """Re-pricing the premium gives exactly what a fresh simulation's KPI gives."""
    from mtolab.analysis import variety_family, variety_profit

    sc = configurable(costs={"exact_spec_premium": premium})
    sweep = variety_profit(sc, [0, 3])
    for groups, n in ((0, 1), (3, 27)):
        run = sc.replace(family=variety_family(groups), configurations_stocked=min(8, n))
        summary = compare_strategies(run).summary
        for s in STRATEGIES:
            assert sweep.profit.loc[n, s] == pytest.approx(summary.loc["profit per week", s])
            for outcome in sweep.outcomes[n].columns:
                assert sweep.outcomes[n].loc[s, outcome] == pytest.approx(
                    summary.loc[outcome, s])
    assert sweep.stocked == {1: 1, 27: 8}
    assert sweep.exact_spec_premium == premium


def test_only_make_to_stock_loses_customers_as_variety_grows():
    from mtolab.analysis import variety_profit

    sweep = variety_profit(configurable(), range(5))
    exact = pd.DataFrame({n: o["exact specification"] for n, o in sweep.outcomes.items()}).T
    assert (exact[["MTO", "Hybrid"]] == 100.0).all().all()  # anything, bespoke included
    assert exact["MTS"].iloc[-1] < exact["MTS"].iloc[0] - 30  # stocks 8 of 81
    assert exact["ATO"].max() - exact["ATO"].min() < 2  # every combination of its modules
    assert sweep.profit["MTO"].nunique() == 1  # the same customers, whatever they choose
    for o in sweep.outcomes.values():
        assert np.allclose(o.sum(axis=1), 100.0)


def test_a_higher_premium_adds_most_to_the_strategies_that_serve_exactly():
    from mtolab.analysis import variety_profit

    low = variety_profit(configurable(), [4]).profit
    high = variety_profit(configurable(costs={"exact_spec_premium": 60.0}), [4]).profit
    gain = (high - low).iloc[0]
    assert gain["MTO"] == pytest.approx(gain["Hybrid"], rel=0.02)
    assert gain["MTO"] > gain["ATO"] > gain["MTS"] > 0


@pytest.mark.parametrize(("groups", "fragment"), [([], "option_groups"), ([0, 9], "option_groups")])
def test_variety_profit_names_a_bad_setting(groups, fragment):
    from mtolab.analysis import variety_profit

    with pytest.raises(ValueError, match=fragment):
        variety_profit(configurable(), groups)
    with pytest.raises(TypeError, match="scenario"):
        variety_profit(None)


def test_paired_difference_reads_a_comparison_without_simulating_again():
    from mtolab.analysis import paired_difference

    comparison = compare_strategies(configurable(), ["MTS", "ATO", "MTO"])
    mean, low, high, n = paired_difference(comparison, "MTS", "ATO", kpi="profit per week")
    detail = comparison.detail.set_index(["strategy", "kpi"])
    assert mean == pytest.approx(detail.loc[("MTS", "profit per week"), "mean"]
                                 - detail.loc[("ATO", "profit per week"), "mean"])
    own = detail.loc[("MTS", "profit per week"), "ci_high"] - detail.loc[
        ("MTS", "profit per week"), "ci_low"]
    assert low < mean < high and high - low < own  # pairing removes the shared luck
    # The same numbers as simulating the comparison's scenario again.
    again = paired_difference(comparison.scenario, "MTS", "ATO", kpi="profit per week")
    assert list(again) == pytest.approx([mean, low, high, n])
    assert list(paired_difference(comparison, "MTO", "MTO", kpi="mean lead time"))[:3] == [
        0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="other"):
        paired_difference(comparison, "MTS", "Hybrid", kpi="profit per week")
    with pytest.raises(ValueError, match="kpi"):
        paired_difference(comparison, "MTS", "ATO", kpi="profit")
    with pytest.raises(ValueError, match="other_scenario"):
        paired_difference(comparison, "MTS", "ATO", other_scenario=comparison.scenario)


# ------------------------------------------------------------ the comparison table
def test_comparison_table_measures_each_textbook_column_with_its_kpi():
    sc = Scenario(configurations_stocked=2, bespoke_share=0.1, forecast_noise=0.5,
                  shelf_life=6, n_periods=52, n_replications=20)
    summary = compare_strategies(sc).summary
    table = comparison_table(summary)
    assert list(table.columns) == list(COMPARISON_TABLE_COLUMNS)
    assert list(table.index) == list(STRATEGIES)
    kpis = ["finished-goods inventory", "component inventory", "exact specification",
            "mean lead time", "obsolescence cost"]
    for column, name in zip(COMPARISON_TABLE_COLUMNS, kpis, strict=True):
        np.testing.assert_allclose(table[column], summary.loc[name, list(STRATEGIES)])
    pd.testing.assert_frame_equal(table, comparison_table(kpi_summary(sc)), rtol=1e-9)


def test_comparison_table_reproduces_the_textbook_ranking():
    table = comparison_table(kpi_summary(Scenario(
        configurations_stocked=2, bespoke_share=0.1, forecast_noise=0.5, shelf_life=6,
        n_periods=52, n_replications=20)))
    exact = table[("customisation", "exact specification (%)")]
    speed = table[("delivery speed", "mean lead time (weeks)")]
    risk = table[("inventory risk", "obsolescence (EUR/unit sold)")]
    finished = table[("stock held before the order", "finished goods (units)")]
    components = table[("stock held before the order", "components (kits)")]
    assert exact["MTS"] < exact["ATO"] < exact["MTO"] == 100
    assert speed["MTS"] < speed["ATO"] < speed["MTO"]
    assert risk["MTS"] > max(risk["ATO"], risk["Hybrid"]) > risk["MTO"] == 0
    assert finished["MTS"] > 0 and components["ATO"] > 0
    assert finished["MTO"] == components["MTO"] == 0


def test_comparison_table_says_what_is_missing():
    with pytest.raises(TypeError, match="summary"):
        comparison_table([1, 2])
    partial = kpi_summary(SMALL, ["MTS"], ["total cost"])
    with pytest.raises(ValueError, match="exact specification|finished-goods"):
        comparison_table(partial)
# ------------------------------------ the week-slot queue of make to order (lesson 03)
from mtolab.analysis import week_slot_lead_time, week_slot_wait  # noqa: E402


@pytest.mark.parametrize("arrival_rate", [0.3, 0.5, 0.8, 0.95])
def test_one_slot_a_week_is_the_md1_queue(arrival_rate):
    # One start a week, one week per order: Kingman's formula with c_s = 0 is exact (M/D/1).
    assert week_slot_wait(arrival_rate, 1) == pytest.approx(
        arrival_rate / (2 * (1 - arrival_rate)), rel=1e-9)


def test_week_slot_wait_is_the_long_run_of_the_simulation():
    # The simulated make-to-order line, run 2,000 weeks, comes within 2 % of the exact value
    # (its start from an empty order book pulls it a little below).
    sc = Scenario(demand=DemandPattern(mean=1.6), capacity=2.0, sourcing_time=1,
                  production_time=1, n_periods=2000, n_replications=30, seed=7)
    simulated = lead_time_distribution(sc).mean
    exact = sc.sourcing_time + sc.production_time + week_slot_wait(1.6, 2)
    assert simulated == pytest.approx(exact, rel=0.02)
    # ... and the exact long run lies below Kingman's formula with two slots a week.
    assert week_slot_wait(1.6, 2) < 1.0


def test_week_slot_lead_time_adds_the_fixed_steps():
    sc = Scenario(capacity=5.0, sourcing_time=1, production_time=2)
    series = week_slot_lead_time(sc, (0.5, 0.9))
    assert series.name == "long run, week-slot model"
    assert series.tolist() == pytest.approx([3 + week_slot_wait(2.5, 5),
                                             3 + week_slot_wait(4.5, 5)])


@pytest.mark.parametrize("call, match", [
    (lambda: week_slot_wait(2.0, 2), "arrival_rate"),
    (lambda: week_slot_wait(-1.0, 2), "arrival_rate"),
    (lambda: week_slot_wait(1.0, 0), "capacity"),
    (lambda: week_slot_lead_time(Scenario(capacity=2.5), (0.5,)), "capacity"),
    (lambda: week_slot_lead_time(Scenario(capacity=2.0), (1.0,)), "utilisations"),
])
def test_week_slot_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------- surges against capacity (lesson 03)
from mtolab.analysis import surge_waiting  # noqa: E402


def test_surge_waiting_counts_the_queue_not_the_sourcing():
    sc = Scenario(demand=DemandPattern(mean=20.0, surge_start=10, surge_length=4,
                                       surge_factor=2.0),
                  capacity=25.0, sourcing_time=2, n_periods=40, n_replications=20, seed=3)
    frame = surge_waiting(sc)
    mto = simulate_strategies(sc, ["MTO"])["MTO"]
    def weekly(flow):
        return flow.sum(axis=2) if flow.ndim == 3 else flow

    waiting = weekly(mto.backlog - mto.work_in_progress)
    accepted = weekly(mto.demand - mto.lost)
    queue = waiting.astype(float)  # flows are whole units, of integer or float dtype
    queue[:, 1:] -= accepted[:, 1:] + accepted[:, :-1]  # two weeks of sourcing
    queue[:, 0] -= accepted[:, 0]
    assert frame.loc["MTO", "peak waiting"] == pytest.approx(queue.max(axis=1).mean())
    assert frame.loc["MTO", "unit-weeks waiting"] == pytest.approx(queue[:, 10:].sum(axis=1).mean())
    assert (queue >= -1e-9).all()


def test_ample_capacity_leaves_no_mto_queue_and_more_capacity_less_waiting():
    base = Scenario(demand=DemandPattern(mean=20.0, surge_start=10, surge_length=4,
                                         surge_factor=2.0),
                    capacity=25.0, n_periods=40, n_replications=20, seed=3)
    tight, ample = surge_waiting(base), surge_waiting(base.replace(capacity=60.0))
    assert ample.loc["MTO", "unit-weeks waiting"] == 0
    assert (ample["unit-weeks waiting"] < tight["unit-weeks waiting"]).all()
    reps = tight.attrs["per replication"]["MTS"]["peak waiting"]
    assert reps.shape == (20,) and reps.mean() == pytest.approx(tight.loc["MTS", "peak waiting"])


# ------------------------------------------- paired comparisons with intervals (lesson 05)
from mtolab import kpi_per_replication  # noqa: E402
from mtolab.analysis import paired_difference  # noqa: E402


def test_paired_difference_is_the_mean_of_per_run_differences():
    sc = Scenario(n_periods=52, n_replications=20, seed=11)
    runs = compare_strategies(sc, ["MTO", "MTS"]).results
    per_run = (kpi_per_replication(runs["MTO"], sc.costs, sc.max_wait)["total cost"]
               - kpi_per_replication(runs["MTS"], sc.costs, sc.max_wait)["total cost"])
    d = paired_difference(sc, "MTO", "MTS")
    half = NormalDist().inv_cdf(0.975) * per_run.std(ddof=1) / np.sqrt(20)
    assert d["mean"] == pytest.approx(per_run.mean())
    assert (d["ci_low"], d["ci_high"]) == pytest.approx((per_run.mean() - half,
                                                         per_run.mean() + half))
    assert d["replications"] == 20


def test_paired_difference_across_scenarios_and_with_itself():
    sc = Scenario(n_periods=52, n_replications=10, seed=11)
    same = paired_difference(sc.replace(hybrid_share=1.0), "Hybrid", "MTS", other_scenario=sc)
    assert same["mean"] == pytest.approx(0.0) and same["ci_high"] == pytest.approx(0.0)


@pytest.mark.parametrize("kwargs, match", [
    ({"kpi": "profit"}, "kpi"),
    ({"confidence": 1.0}, "confidence"),
    ({"other_scenario": Scenario(n_periods=52, n_replications=11, seed=11)}, "other_scenario"),
])
def test_paired_difference_errors_name_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        paired_difference(Scenario(n_periods=52, n_replications=10, seed=11), "MTO", "MTS",
                          **kwargs)


def test_shared_runs_cannot_be_changed_through_one_caller():
    """compare_strategies and simulate_strategies share cached runs: their arrays are
    read-only, so one caller's change cannot alter another's numbers."""
    from mtolab import compare_strategies
    from mtolab.analysis import simulate_strategies

    sc = Scenario(n_periods=20, n_replications=3, seed=11)
    first = compare_strategies(sc, ["MTS"]).results["MTS"]
    with pytest.raises(ValueError, match="read-only"):
        first.fg_inventory[0, 0] = -1
    again = simulate_strategies(sc, ["MTS"])["MTS"]
    assert again is first
    mine = again.fg_inventory.astype(float)  # a copy is the learner's own
    mine[0, 0] = -1
    assert first.fg_inventory[0, 0] >= 0


@pytest.mark.parametrize(("per_run", "runs"), [(4, [4, 4]), (2, [2, 2, 2, 2])])
def test_a_noise_sweep_run_together_prices_as_each_run_alone(monkeypatch, per_run, runs):
    """cost_sweep simulates forecast settings together (in chunks when they are large):
    its totals are those of pricing every setting on its own run."""
    import mtolab.analysis as analysis
    from mtolab import ProductFamily
    from mtolab.analysis import cost_sweep

    base = Scenario(family=ProductFamily(options=(3, 2), popularity="zipf"), shelf_life=10,
                    n_periods=30, n_replications=6, seed=21)
    noise = [0.0, 0.4, 0.8, 1.6]
    cells = base.n_replications * base.n_periods * base.family.n_variants
    monkeypatch.setattr(analysis, "_BATCH_CELLS", per_run * cells)  # settings per stacked run
    monkeypatch.setattr(analysis, "_RUNS", type(analysis._RUNS)())
    monkeypatch.setattr(analysis, "_KEPT", type(analysis._KEPT)())
    calls = []
    real = Scenario.simulate_forecasts

    def spy(self, strategy, forecasts):
        calls.append(len(forecasts))
        return real(self, strategy, forecasts)

    monkeypatch.setattr(Scenario, "simulate_forecasts", spy)
    sweep = cost_sweep(base, "forecast_noise", noise, ["MTS", "ATO"])
    assert calls == runs  # MTS's runs, then ATO's
    for value in noise:
        sc = base.replace(forecast_noise=value)
        alone = {s: sc.simulate(s) for s in ("MTS", "ATO")}
        monkeypatch.setattr(analysis, "_RUNS", type(analysis._RUNS)())
        monkeypatch.setattr(analysis, "_KEPT", type(analysis._KEPT)(
            {(analysis._simulation_key(sc), s): r for s, r in alone.items()}))
        one = cost_sweep(base, "forecast_noise", [value], ["MTS", "ATO"])  # priced alone
        assert sweep.loc[value].tolist() == one.loc[value].tolist()
    assert calls == runs  # (the single settings found their runs: no stacked run)
