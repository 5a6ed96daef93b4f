"""One scenario, every strategy: common random numbers, KPIs, costs, grids."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtolab import (
    STRATEGIES,
    CostModel,
    DemandPattern,
    ProductFamily,
    Scenario,
    cheapest_strategy_grid,
    compare_strategies,
    cost_breakdown,
    generate_demand,
    kpi_table,
    simulate_mto,
)

SMALL = Scenario(n_periods=52, n_replications=60)


def test_every_strategy_sees_the_same_demand():
    comp = compare_strategies(SMALL)
    first = comp.results["MTS"].demand
    for name in STRATEGIES:
        np.testing.assert_array_equal(comp.results[name].demand, first)


def test_the_scenario_keeps_its_demand_as_int32_with_the_same_numbers():
    demand = SMALL.demand_array()
    drawn = generate_demand(SMALL.demand, SMALL.n_periods, SMALL.n_replications,
                            seed=SMALL.seed, family=SMALL.family)
    assert demand.dtype == np.int32 and drawn.dtype == np.int64
    np.testing.assert_array_equal(demand, drawn)
    assert not demand.flags.writeable


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = compare_strategies(SMALL).summary
    b = compare_strategies(SMALL.replace()).summary
    pd.testing.assert_frame_equal(a, b)
    c = compare_strategies(SMALL.replace(seed=7)).summary
    assert not a.drop(columns="unit").equals(c.drop(columns="unit"))


def test_forecast_noise_is_seeded_too():
    noisy = SMALL.replace(forecast_noise=0.5)
    np.testing.assert_array_equal(noisy.forecast_array(), noisy.replace().forecast_array())
    assert not np.array_equal(noisy.forecast_array(),
                              noisy.replace(seed=3).forecast_array())


def test_summary_table_is_one_column_per_strategy_with_units():
    comp = compare_strategies(SMALL)
    summary = comp.summary
    assert list(summary.columns) == ["unit", *STRATEGIES]
    assert summary.loc["total cost", "unit"] == "EUR/unit sold"
    assert summary.loc["on-time rate", "unit"] == "%"
    assert comp.cheapest() in STRATEGIES
    total = summary.loc["total cost", list(STRATEGIES)].astype(float)
    assert comp.cheapest() == total.idxmin()
    assert "<table" in comp._repr_html_()
    trace = comp.trace("MTS")
    assert len(trace) == SMALL.n_periods


def test_table_reproduces_the_textbook_strategy_comparison():
    """The course's comparison table, from one simulated scenario.

    MTS holds finished goods and delivers fastest; ATO holds components
    and delivers after assembly; MTO holds nothing and makes customers
    wait longest; MTO costs most per unit.
    """
    s = compare_strategies(Scenario(n_replications=100)).summary
    lead = s.loc["mean lead time"]
    assert lead["MTS"] < lead["ATO"] < lead["MTO"]
    assert s.loc["finished-goods inventory", "MTS"] > 0
    assert s.loc["finished-goods inventory", "ATO"] == 0
    assert s.loc["component inventory", "ATO"] > 0
    assert s.loc["inventory value", "MTO"] == 0
    assert s.loc["premium cost", "MTO"] > s.loc["premium cost", "ATO"] > 0


@pytest.mark.parametrize("distribution", ["normal", "poisson"])
@pytest.mark.parametrize("noise", [0.0, 0.3])
def test_safety_stock_with_forecast_noise_reaches_the_service_level(distribution, noise):
    """Cycle service level (share of periods ending without backlog) = target, in the
    textbook model the safety stock formula is for (no capacity limit on stock)."""
    sc = Scenario(demand=DemandPattern(mean=50, distribution=distribution, sd=15),
                  family=ProductFamily((1,)), forecast_noise=noise, n_replications=1500,
                  shelf_life=None, service_level=0.9, capacity_limits_stock=False)
    res = sc.simulate("MTS")
    per_rep = (res.backlog[:, 5:] == 0).mean(axis=1)
    half = 3 * per_rep.std(ddof=1) / np.sqrt(len(per_rep))
    # whole-unit rounding of the order-up-to level errs on the side of service
    assert 0.9 - half <= per_rep.mean() <= 0.9 + half + 0.015


def test_ato_needs_less_stock_than_mts_when_many_variants_share_components():
    sc = Scenario(family=ProductFamily((3, 3, 2)), n_replications=100, forecast_noise=0.5)
    s = compare_strategies(sc, ["MTS", "ATO"]).summary
    assert s.loc["inventory value", "ATO"] < 0.6 * s.loc["inventory value", "MTS"]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), options=st.sampled_from([(2,), (2, 2), (3, 2)]),
       shelf_life=st.sampled_from([None, 8, 26]))
def test_mts_cost_does_not_fall_as_forecast_noise_rises(seed, options, shelf_life):
    """In expectation: each step up in noise costs at least as much, within the CIs."""
    base = Scenario(family=ProductFamily(options), seed=seed, n_replications=150,
                    n_periods=52, shelf_life=shelf_life)
    rows = [base.replace(forecast_noise=nz).kpis("MTS").loc["total cost"]
            for nz in (0.0, 0.5, 1.0, 2.0)]
    for lower, higher in zip(rows, rows[1:], strict=False):
        slack = (lower["ci_high"] - lower["ci_low"]) / 2 + (higher["ci_high"]
                                                             - higher["ci_low"]) / 2
        assert higher["mean"] >= lower["mean"] - slack
    assert rows[-1]["mean"] > rows[0]["mean"]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), noise=st.floats(0, 2), bias=st.floats(-0.5, 0.5),
       capacity=st.floats(15, 40), unmet=st.sampled_from(["backorder", "lost_sales"]))
def test_costs_and_inventories_are_never_negative(seed, noise, bias, capacity, unmet):
    sc = Scenario(seed=seed, forecast_noise=noise, forecast_bias=bias, capacity=capacity,
                  unmet_demand=unmet, n_periods=30, n_replications=20)
    for name in STRATEGIES:
        res = sc.simulate(name)
        assert (cost_breakdown(res, sc.costs, sc.max_wait).to_numpy() >= 0).all()
        assert (res.fg_inventory >= 0).all() and (res.component_inventory >= 0).all()
        served = res.shipped.sum() + res.lost.sum() + res.backlog[:, -1].sum()
        assert served == pytest.approx(res.demand.sum())


def test_cost_breakdown_hand_worked_mto():
    """Five units, each two periods from order to delivery, one period later
    than customers accept: 5 x (100 + 15 premium + 10 set-up + 5 late) = 650."""
    orders = np.array([[[2], [0], [3], [0], [0], [0]]])
    res = simulate_mto(orders, capacity=100, sourcing_time=1, production_time=1)
    costs = cost_breakdown(res, CostModel(), max_wait=1).iloc[0]
    assert costs["production"] == 500
    assert costs["premium"] == 75
    assert costs["setup"] == 50
    assert costs["late delivery"] == 25
    assert costs["holding"] == 0
    table = kpi_table(res, CostModel(), max_wait=1)
    assert table.loc["total cost", "mean"] == pytest.approx(130.0)
    assert table.loc["on-time rate", "mean"] == 0
    assert table.loc["mean lead time", "mean"] == 2


def test_kpi_confidence_intervals_bracket_the_mean():
    table = SMALL.kpis("ATO")
    assert (table["ci_low"] <= table["mean"] + 1e-12).all()
    assert (table["mean"] <= table["ci_high"] + 1e-12).all()
    assert set(table["unit"]) >= {"%", "weeks", "EUR/unit sold", "EUR/week", "kits"}


def test_cheapest_strategy_grid_matches_single_comparisons_and_reports_progress():
    calls = []
    grid = cheapest_strategy_grid(SMALL, "forecast_noise", [0.0, 2.0], "costs.mto_premium",
                                  [0.0, 30.0], strategies=["MTS", "MTO"],
                                  progress=lambda done, total: calls.append((done, total)))
    assert grid.shape == (2, 2)
    assert grid.index.name == "costs.mto_premium"
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    sc = SMALL.replace(forecast_noise=2.0,
                       costs=dataclasses.replace(SMALL.costs, mto_premium=0.0))
    assert grid.loc[0.0, 2.0] == compare_strategies(sc, ["MTS", "MTO"]).cheapest()
    costs = grid.attrs["total_cost"]
    assert costs["MTO"].loc[30.0, 0.0] > costs["MTO"].loc[0.0, 0.0]


def test_hybrid_stocks_the_most_popular_variants():
    sc = Scenario(family=ProductFamily((4,), popularity="zipf"), hybrid_share=0.5)
    np.testing.assert_array_equal(sc.stocked_variants(), [True, True, False, False])
    assert not Scenario(hybrid_share=0).stocked_variants().any()


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: Scenario(n_periods=0), ValueError, "n_periods"),
        (lambda: Scenario(n_replications=2.5), ValueError, "n_replications"),
        (lambda: Scenario(seed=None), TypeError, "seed"),
        (lambda: Scenario(service_level=1.0), ValueError, "service_level"),
        (lambda: Scenario(lead_time=-1), ValueError, "lead_time"),
        (lambda: Scenario(forecast_method="arima"), ValueError, "forecast_method"),
        (lambda: Scenario(forecast_noise=float("nan")), ValueError, "forecast_noise"),
        (lambda: Scenario(capacity=0), ValueError, "capacity"),
        (lambda: Scenario(max_wait=-2), ValueError, "max_wait"),
        (lambda: Scenario(hybrid_share=1.5), ValueError, "hybrid_share"),
        (lambda: Scenario(unmet_demand="shrug"), ValueError, "unmet_demand"),
        (lambda: Scenario(refuse_late_orders="yes"), TypeError, "refuse_late_orders"),
        (lambda: Scenario(costs={"unit_cost": 1}), TypeError, "costs"),
        (lambda: CostModel(holding_rate=-0.1), ValueError, "holding_rate"),
        (lambda: CostModel(unit_cost=float("inf")), ValueError, "unit_cost"),
        (lambda: SMALL.simulate("JIT"), ValueError, "strategy"),
        (lambda: compare_strategies(SMALL, []), ValueError, "strategies"),
        (lambda: compare_strategies("scenario"), TypeError, "scenario"),
        (lambda: cheapest_strategy_grid(SMALL, "speed", [1], "max_wait", [1]), ValueError,
         "speed"),
        (lambda: cheapest_strategy_grid(SMALL, "costs.colour", [1], "max_wait", [1]),
         ValueError, "colour"),
        (lambda: cheapest_strategy_grid(SMALL, "max_wait", [], "lead_time", [1]), ValueError,
         "x_values"),
        (lambda: kpi_table(SMALL.simulate("MTO"), SMALL.costs, confidence=1), ValueError,
         "confidence"),
        (lambda: kpi_table("result", SMALL.costs), TypeError, "result"),
    ],
)
def test_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


def test_cost_drivers_priced_by_the_matrix_give_the_breakdown_and_its_hand_worked_parts():
    """cost_breakdown is cost_drivers @ price_matrix; each driver counts what its name says."""
    from mtolab.costs import COST_DRIVERS, cost_drivers

    sc = Scenario(n_periods=30, n_replications=5, shelf_life=6, forecast_noise=0.5, seed=4)
    for strategy in STRATEGIES:
        res = sc.simulate(strategy)
        drivers = cost_drivers(res, sc.max_wait)
        assert drivers.shape == (5, len(COST_DRIVERS))
        np.testing.assert_allclose(drivers[:, 0], res.shipped.sum(axis=1))
        np.testing.assert_allclose(drivers[:, 4],
                                   (res.fg_inventory + res.component_inventory).sum(axis=1))
        np.testing.assert_allclose(drivers[:, 5], res.obsolete.sum(axis=1))
        frame = cost_breakdown(res, sc.costs, sc.max_wait)
        np.testing.assert_allclose(frame.to_numpy(), drivers @ sc.costs.price_matrix())
    prices = CostModel(unit_cost=50, holding_rate=0.01, obsolescence_cost=7).price_matrix()
    assert prices[COST_DRIVERS.index("stock")].sum() == pytest.approx(0.5)
    assert prices[COST_DRIVERS.index("scrapped")].sum() == 7
    assert (prices.sum(axis=0) > 0).all()  # every cost component has a driver


# ------------------------------------------------- hybrid end points, capacity
HYBRID_CASES = [{}, {"capacity_limits_stock": False}, {"unmet_demand": "lost_sales"},
                {"forecast_noise": 0.5, "family": ProductFamily((3, 3, 2), popularity="zipf")}]


@pytest.mark.parametrize("changes", HYBRID_CASES, ids=["default", "no-stock-capacity",
                                                       "lost-sales", "18-variants"])
def test_hybrid_end_points_are_the_pure_strategies(changes):
    """Every variant stocked is MTS, none stocked is MTO, number for number (the hybrid
    once got no starting stock: at share 1 it cost 114.16 where MTS cost 113.56)."""
    from test_engines import assert_same

    sc = Scenario(n_periods=60, n_replications=40, **changes)
    assert_same(sc.replace(hybrid_share=1.0).simulate("Hybrid"), sc.simulate("MTS"))
    assert_same(sc.replace(hybrid_share=0.0).simulate("Hybrid"), sc.simulate("MTO"))


SURGE = Scenario(demand=DemandPattern(mean=20, surge_start=40, surge_length=16, surge_factor=1.5),
                 n_periods=104, n_replications=100, shelf_life=None)


def test_a_surge_beyond_capacity_backs_up_make_to_stock_too():
    """Demand of 30 a week for 16 weeks against a capacity of 25: stock covers the first
    weeks, then MTS customers wait as well; without the limit MTS never runs short."""
    limited = SURGE.simulate("MTS").backlog.mean(axis=0)
    unlimited = SURGE.replace(capacity_limits_stock=False).simulate("MTS").backlog.mean(axis=0)
    assert limited[:40].max() < 2 and limited[55] > 30  # before, and at the end of the surge
    assert unlimited[40:70].max() < 6  # a blip when the surge starts, then nothing
    made = SURGE.simulate("MTS").made_to_stock
    assert made.max() <= SURGE.capacity


def test_stocked_capacity_applies_to_ato_components_in_kits():
    res = SURGE.simulate("ATO")
    assert res.components_bought.max() <= SURGE.capacity + 1e-9
    free = SURGE.replace(capacity_limits_stock=False).simulate("ATO")
    assert free.components_bought.max() > SURGE.capacity


# ------------------------------------------------------------- customisation
LUXURY = Scenario(family=ProductFamily(options=(4, 5, 6, 5), popularity="zipf"),
                  configurations_stocked=20, bespoke_share=0.3, substitution=0.5, max_wait=8,
                  costs=CostModel(exact_spec_premium=40.0), n_periods=104, n_replications=30)
STANDARD = Scenario(family=ProductFamily(options=(2,)), max_wait=0, refuse_late_orders=True,
                    n_replications=60)


def _profit(comparison):
    rows = comparison.detail[comparison.detail["kpi"] == "profit per week"]
    return rows.set_index("strategy")[["mean", "ci_low", "ci_high"]]


def test_many_configurations_and_a_price_for_the_exact_spec_favour_making_to_order():
    """600 configurations, 30 % of customers wanting a bespoke specification, 40 EUR paid
    for the exact one: MTO or ATO earns the most, its interval clear of MTS's."""
    profit = _profit(compare_strategies(LUXURY))
    best = profit["mean"].idxmax()
    assert best in ("MTO", "ATO")
    assert profit.loc[best, "ci_low"] > profit.loc["MTS", "ci_high"]


def test_few_configurations_and_impatient_customers_favour_making_to_stock():
    """Two configurations, customers who will not wait a week: MTS earns the most."""
    profit = _profit(compare_strategies(STANDARD))
    assert profit["mean"].idxmax() == "MTS"
    others = profit.drop(index="MTS")
    assert profit.loc["MTS", "ci_low"] > others["ci_high"].max()


def test_every_customer_is_counted_once():
    """Ordered = shipped + lost + still waiting + walked away, for every strategy; the
    same customers (and the same wishes) face every strategy."""
    comp = compare_strategies(LUXURY.replace(n_replications=10))
    demand = comp.results["MTS"].demand
    for name, res in comp.results.items():
        np.testing.assert_array_equal(res.demand, demand, err_msg=name)
        np.testing.assert_allclose(
            res.demand.sum(axis=1),
            res.shipped.sum(axis=1) + res.lost.sum(axis=1) + res.backlog[:, -1]
            + res.walked_away.sum(axis=1), err_msg=name)
    assert comp.results["MTO"].walked_away.sum() == 0
    mts = comp.results["MTS"]
    assert 0 < mts.substituted.sum() and 0 < mts.walked_away.sum()


def test_planners_expect_the_orders_their_offer_brings():
    """The expected share of customers ordering each configuration (substitutes in the
    standard one) matches the simulated orders."""
    from mtolab.customisation import expected_shares

    sc = LUXURY.replace(n_replications=40)
    offer = sc.offer("MTS")
    orders = sc.orders("MTS")["orders"].sum(axis=(0, 1))
    share = orders / sc.demand_array().sum()
    expect = expected_shares(sc.family.variant_shares(), offer, sc.bespoke_share,
                             sc.substitution)
    np.testing.assert_allclose(share, expect, atol=0.004)
    assert share[offer.standard] == share.max()


@pytest.mark.parametrize(("changes", "words"), [
    ({"configurations_stocked": 0}, "configurations_stocked"),
    ({"configurations_stocked": 5}, "configurations_stocked"),
    ({"configurations_stocked": 2.5}, "configurations_stocked"),
    ({"bespoke_share": 1.5}, "bespoke_share"),
    ({"substitution": -0.1}, "substitution"),
    ({"capacity_limits_stock": 1}, "capacity_limits_stock"),
    ({"family": ProductFamily(options=(10, 10, 10, 5)), "n_replications": 1000}, "memory"),
])
def test_customisation_settings_are_checked(changes, words):
    with pytest.raises((ValueError, TypeError), match=words):
        Scenario(**changes)


@pytest.mark.parametrize("strategy", ["MTS", "ATO", "MTO", "Hybrid"])
@pytest.mark.parametrize("kind", ["course", "customised"])
def test_forecast_settings_run_together_give_each_ones_numbers(strategy, kind):
    """simulate_forecasts stacks the replications of several forecast settings into one
    run: every flow of every setting equals its own simulation, number for number."""
    from mtolab import ProductFamily

    if kind == "course":  # stock that ages (shelf life 12) in some settings, not others
        sc = Scenario(family=ProductFamily(options=(3, 2), popularity="zipf"), shelf_life=12,
                      n_periods=40, n_replications=7, seed=5)
    else:  # bespoke wishes, substitutes, a few configurations stocked
        sc = Scenario(family=ProductFamily(options=(3, 2), popularity="zipf"),
                      bespoke_share=0.2, substitution=0.5, configurations_stocked=3,
                      hybrid_share=0.5, n_periods=30, n_replications=5, seed=9)
    settings_ = [(0.0, 0.0), (0.3, 0.0), (1.0, 0.1), (2.0, -0.2)]
    together = sc.simulate_forecasts(strategy, settings_)
    assert len(together) == len(settings_)
    for (noise, bias), run in zip(settings_, together, strict=True):
        alone = sc.replace(forecast_noise=noise, forecast_bias=bias).simulate(strategy)
        for name in ("demand", "shipped", "lost", "backlog", "fg_inventory",
                     "component_inventory", "made_to_stock", "made_to_order",
                     "assembled_to_order", "components_bought", "setups", "obsolete",
                     "work_in_progress", "walked_away", "substituted", "order_streams",
                     "ship_streams", "lead_times"):
            np.testing.assert_array_equal(getattr(run, name), getattr(alone, name),
                                          err_msg=f"{strategy} {noise} {bias} {name}")
        assert run.strategy == alone.strategy and run.n_replications == sc.n_replications
