"""The strategy simulations against formulas, brute force and invariants."""

from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtolab.demand import DemandPattern, ProductFamily, generate_demand
from mtolab.simulate import (
    lead_time_histogram,
    simulate_ato,
    simulate_hybrid,
    simulate_mto,
    simulate_mts,
)

Z95 = NormalDist().inv_cdf(0.95)


def brute_force_waits(orders, ships):
    """Unit-by-unit FIFO matching, the obvious way."""
    n_rep, n_per, k = orders.shape
    waits = []
    for r in range(n_rep):
        hist = {}
        for j in range(k):
            arrived = [t for t in range(n_per) for _ in range(int(orders[r, t, j]))]
            left = [t for t in range(n_per) for _ in range(int(ships[r, t, j]))]
            for a, s in zip(arrived, left, strict=False):
                hist[s - a] = hist.get(s - a, 0) + 1
        waits.append(hist)
    return waits


def test_lead_time_histogram_matches_unit_by_unit_fifo():
    demand = generate_demand(DemandPattern(mean=3), 40, 5, seed=4, family=ProductFamily((3,)))
    result = simulate_mts(demand, 3.0, lead_time=3)
    hist = lead_time_histogram(result.order_streams, result.ship_streams)
    expected = brute_force_waits(result.order_streams, result.ship_streams)
    assert hist.sum() > 0 and hist[:, 1:].sum() > 0  # some units did wait
    for r, counts in enumerate(expected):
        for w, c in counts.items():
            assert hist[r, w] == c
        assert hist[r].sum() == sum(counts.values())


class TestMakeToStockAgainstFormulas:
    def test_cycle_service_level_reached(self):
        """Base stock S = (L+1)mu + z sigma sqrt(L+1) gives P(no stockout) = alpha."""
        mu, sd, lead, alpha = 100.0, 20.0, 2, 0.90
        z = NormalDist().inv_cdf(alpha)
        demand = generate_demand(DemandPattern(mean=mu, distribution="normal", sd=sd),
                                 300, 400, seed=11)
        target = (lead + 1) * mu + z * sd * np.sqrt(lead + 1)
        res = simulate_mts(demand, target, lead_time=lead, initial_pipeline=mu)
        no_stockout = (res.backlog[:, 10:] == 0).mean(axis=1)  # per replication
        half = 1.96 * no_stockout.std(ddof=1) / np.sqrt(len(no_stockout))
        # Rounding demand to whole units and ordering whole units shifts it a
        # little: allow 0.5 percentage point beyond the CI.
        assert abs(no_stockout.mean() - alpha) < half + 0.005

    def test_mean_net_inventory_is_safety_stock(self):
        mu, sd, lead = 50.0, 10.0, 3
        demand = generate_demand(DemandPattern(mean=mu, distribution="normal", sd=sd),
                                 300, 200, seed=12)
        ss = Z95 * sd * np.sqrt(lead + 1)
        res = simulate_mts(demand, (lead + 1) * mu + ss, lead_time=lead, initial_pipeline=mu)
        net = (res.fg_inventory - res.backlog)[:, 10:].mean()
        assert abs(net - ss) < 1.0  # ceil of order quantities adds < 1 unit

    def test_review_period_orders_in_batches(self):
        demand = generate_demand(DemandPattern(mean=20), 100, 10, seed=1)
        res = simulate_mts(demand, 200.0, lead_time=1, review_period=4)
        orders_at = np.flatnonzero(res.made_to_stock.sum(axis=0))
        assert np.all(orders_at % 4 == 0)

    def test_lost_sales_lose_what_stock_cannot_serve(self):
        demand = generate_demand(DemandPattern(mean=20), 200, 20, seed=2)
        res = simulate_mts(demand, 25.0, lead_time=2, unmet_demand="lost_sales")
        assert res.lost.sum() > 0
        assert np.all(res.backlog == 0)
        np.testing.assert_allclose(res.demand, res.shipped + res.lost)

    def test_obsolescence_scraps_old_stock(self):
        """Over-stocked slow items outlive their shelf life and are scrapped."""
        demand = generate_demand(DemandPattern(mean=2), 100, 5, seed=3)
        res = simulate_mts(demand, 30.0, lead_time=1, shelf_life=5)
        assert res.obsolete.sum() > 0
        never = simulate_mts(demand, 30.0, lead_time=1, shelf_life=None)
        assert never.obsolete.sum() == 0


class TestMakeToOrderAgainstQueue:
    @pytest.mark.parametrize("rate", [0.5, 0.8])
    def test_mean_wait_matches_discrete_time_queue(self, rate):
        """Poisson(lambda) arrivals, one unit per period: Wq = lambda / (2 (1 - lambda))."""
        demand = generate_demand(DemandPattern(mean=rate), 20000, 40, seed=5)
        res = simulate_mto(demand, capacity=1, sourcing_time=0, production_time=0)
        hist = res.lead_times
        per_rep = hist @ np.arange(hist.shape[1]) / hist.sum(axis=1)
        half = 3 * per_rep.std(ddof=1) / np.sqrt(len(per_rep))
        assert abs(per_rep.mean() - rate / (2 * (1 - rate))) < half

    def test_lead_time_adds_sourcing_and_production(self):
        demand = np.zeros((1, 10, 1), dtype=np.int64)
        demand[0, 2, 0] = 1
        res = simulate_mto(demand, capacity=5, sourcing_time=2, production_time=3)
        assert res.lead_times[0].tolist() == [0, 0, 0, 0, 0, 1]
        assert res.shipped[0, 7] == 1

    def test_refused_orders_keep_quoted_lead_time_within_limit(self):
        demand = generate_demand(DemandPattern(mean=30), 200, 20, seed=6)
        res = simulate_mto(demand, capacity=25, sourcing_time=1, production_time=1,
                           max_wait=4, refuse_late_orders=True)
        assert res.lost.sum() > 0  # overloaded: some customers walk away
        assert res.lead_times.shape[1] <= 4 + 2  # quotes are within a period of truth

    def test_capacity_spread_over_periods(self):
        demand = np.full((1, 8, 1), 10, dtype=np.int64)
        res = simulate_mto(demand, capacity=2.5, sourcing_time=0, production_time=0)
        assert res.made_to_order[0].tolist() == [2, 3, 2, 3, 2, 3, 2, 3]


class TestAssembleToOrder:
    def test_pooling_saving_on_a_shared_component(self):
        """n variants on one shared component: z s sqrt(n(L+1)) pooled vs n z s sqrt(L+1)."""
        n, mu, lead = 4, 10.0, 2
        family = ProductFamily(options=(n,), common_components=1)
        demand = generate_demand(DemandPattern(mean=n * mu), 1000, 60, seed=7, family=family)
        sigma = np.sqrt(mu)  # each variant is Poisson(mu)
        # Whole-unit order-up-to levels, so that ordering whole units adds nothing.
        per_variant = round(Z95 * sigma * np.sqrt(lead + 1))
        separate = n * per_variant
        pooled = round(Z95 * sigma * np.sqrt(n * (lead + 1)))
        mts = simulate_mts(demand, (lead + 1) * mu + per_variant,
                           lead_time=lead, initial_pipeline=mu)
        bom = family.bill_of_materials()[:, :1]  # the common component only
        ato = simulate_ato(demand, bom, (lead + 1) * n * mu + pooled, lead_time=lead,
                           assembly_time=0, initial_pipeline=n * mu)
        mts_net = (mts.fg_inventory - mts.backlog)[:, 10:].mean()
        # Waiting orders are commitments against component stock.
        ato_net = ato.component_inventory[:, 10:].mean() - ato.backlog[:, 10:].mean()
        assert abs(mts_net - separate) < 0.05 * separate
        assert abs(ato_net - pooled) < 0.05 * pooled
        assert abs(mts_net / ato_net - np.sqrt(n)) < 0.15

    def test_orders_wait_when_a_component_is_out(self):
        family = ProductFamily(options=(2,), common_components=1)
        bom = family.bill_of_materials()
        demand = np.zeros((1, 6, 2), dtype=np.int64)
        demand[0, 0] = [3, 3]
        # 4 common parts for 6 orders: only 4 can be built until more arrive.
        res = simulate_ato(demand, bom, [4.0, 3.0, 3.0], lead_time=2, assembly_time=0,
                           initial_inventory=[4.0, 3.0, 3.0])
        assert res.shipped[0, 0] == 4
        assert res.backlog[0, 0] == 2
        assert res.shipped[0].sum() == 6  # the replenishment arrives in period 3

    def test_assembly_capacity_limits_output(self):
        family = ProductFamily(options=(2, 2))
        demand = generate_demand(DemandPattern(mean=20), 50, 3, seed=8, family=family)
        res = simulate_ato(demand, family.bill_of_materials(), 500.0, lead_time=1,
                           assembly_capacity=5)
        assert res.assembled_to_order.max() <= 5


def test_hybrid_adds_its_parts():
    family = ProductFamily(options=(4,), popularity="zipf")
    demand = generate_demand(DemandPattern(mean=20), 60, 5, seed=9, family=family)
    stocked = np.array([True, True, False, False])
    hyb = simulate_hybrid(demand, stocked, 40.0, lead_time=1, capacity=10)
    mts = simulate_mts(demand[:, :, stocked], 40.0, lead_time=1)
    mto = simulate_mto(demand[:, :, ~stocked], capacity=10)
    np.testing.assert_array_equal(hyb.shipped, mts.shipped + mto.shipped)
    np.testing.assert_array_equal(hyb.lead_times.sum(axis=1),
                                  mts.lead_times.sum(axis=1) + mto.lead_times.sum(axis=1))


# --------------------------------------------------------------- invariants
def _run_all(demand, family, params):
    bom = family.bill_of_materials()
    mask = np.arange(family.n_variants) % 2 == 0
    return [
        simulate_mts(demand, params["target"], lead_time=params["lead"],
                     shelf_life=params["shelf"], unmet_demand=params["unmet"]),
        simulate_mto(demand, capacity=params["capacity"], max_wait=params["max_wait"],
                     refuse_late_orders=params["refuse"]),
        simulate_ato(demand, bom, params["target"] * 2, lead_time=params["lead"],
                     shelf_life=params["shelf"], assembly_capacity=params["capacity"]),
        simulate_hybrid(demand, mask, params["target"], lead_time=params["lead"],
                        capacity=params["capacity"], unmet_demand=params["unmet"]),
    ]


scenario_params = st.fixed_dictionaries({
    "mean": st.floats(0.0, 30.0),
    "options": st.sampled_from([(1,), (2,), (2, 2), (3, 2)]),
    "seed": st.integers(0, 2**32 - 1),
    "target": st.floats(0.0, 80.0),
    "lead": st.integers(0, 4),
    "shelf": st.one_of(st.none(), st.integers(1, 10)),
    "unmet": st.sampled_from(["backorder", "lost_sales"]),
    "capacity": st.floats(0.5, 40.0),
    "max_wait": st.one_of(st.none(), st.integers(0, 6)),
    "refuse": st.booleans(),
})


@settings(max_examples=40, deadline=None)
@given(scenario_params)
def test_units_conserved_and_nothing_negative(params):
    family = ProductFamily(options=params["options"])
    demand = generate_demand(DemandPattern(mean=params["mean"]), 30, 3,
                             seed=params["seed"], family=family)
    for res in _run_all(demand, family, params):
        # demand = delivered + still waiting + lost, in every replication
        np.testing.assert_allclose(
            res.demand.sum(axis=1),
            res.shipped.sum(axis=1) + res.backlog[:, -1] + res.lost.sum(axis=1),
            err_msg=res.strategy,
        )
        for name in ("shipped", "lost", "backlog", "fg_inventory", "component_inventory",
                     "made_to_stock", "made_to_order", "assembled_to_order",
                     "components_bought", "setups", "obsolete"):
            assert getattr(res, name).min() >= -1e-9, (res.strategy, name)
        assert res.lead_times.min() >= 0
        assert res.lead_times.sum() == pytest.approx(res.shipped.sum())


@settings(max_examples=10, deadline=None)
@given(scenario_params)
def test_same_seed_same_results(params):
    family = ProductFamily(options=params["options"])
    runs = []
    for _ in range(2):
        demand = generate_demand(DemandPattern(mean=params["mean"]), 30, 3,
                                 seed=params["seed"], family=family)
        runs.append(_run_all(demand, family, params))
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a.shipped, b.shipped)
        np.testing.assert_array_equal(a.fg_inventory + a.component_inventory,
                                      b.fg_inventory + b.component_inventory)
        np.testing.assert_array_equal(a.lead_times, b.lead_times)


# --------------------------------------------------------------- bad input
GOOD = np.ones((2, 5, 1), dtype=np.int64)


@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (lambda: simulate_mts(GOOD, 5.0, lead_time=-1), ValueError, "lead_time"),
        (lambda: simulate_mts(GOOD, 5.0, lead_time=1.5), ValueError, "lead_time"),
        (lambda: simulate_mts(GOOD, 5.0, lead_time="2"), TypeError, "lead_time"),
        (lambda: simulate_mts(GOOD, 5.0, lead_time=1, review_period=0), ValueError,
         "review_period"),
        (lambda: simulate_mts(GOOD, np.nan, lead_time=1), ValueError, "order_up_to"),
        (lambda: simulate_mts(GOOD, -1.0, lead_time=1), ValueError, "order_up_to"),
        (lambda: simulate_mts(GOOD, 5.0, lead_time=1, shelf_life=0), ValueError, "shelf_life"),
        (lambda: simulate_mts(GOOD, 5.0, lead_time=1, unmet_demand="wait"), ValueError,
         "unmet_demand"),
        (lambda: simulate_mts(-GOOD, 5.0, lead_time=1), ValueError, "demand"),
        (lambda: simulate_mts(GOOD * 0.5, 5.0, lead_time=1), ValueError, "whole"),
        (lambda: simulate_mts(np.ones(3), 5.0, lead_time=1), ValueError, "demand"),
        (lambda: simulate_mto(GOOD, capacity=0), ValueError, "capacity"),
        (lambda: simulate_mto(GOOD, capacity=np.inf), ValueError, "capacity"),
        (lambda: simulate_mto(GOOD, capacity=2, sourcing_time=-1), ValueError, "sourcing_time"),
        (lambda: simulate_mto(GOOD, capacity=2, production_time=0.5), ValueError,
         "production_time"),
        (lambda: simulate_mto(GOOD, capacity=2, max_wait=-2), ValueError, "max_wait"),
        (lambda: simulate_mto(GOOD, capacity=2, refuse_late_orders="yes"), TypeError,
         "refuse_late_orders"),
        (lambda: simulate_ato(GOOD, np.ones((2, 1)), 5.0, lead_time=1), ValueError,
         "bill_of_materials"),
        (lambda: simulate_ato(GOOD, np.zeros((1, 2)), 5.0, lead_time=1), ValueError,
         "bill_of_materials"),
        (lambda: simulate_ato(GOOD, np.ones((1, 1)), 5.0, lead_time=1, assembly_capacity=0),
         ValueError, "assembly_capacity"),
        (lambda: simulate_ato(GOOD, np.ones((1, 1)), 5.0, lead_time=1, assembly_time=-1),
         ValueError, "assembly_time"),
        (lambda: simulate_hybrid(GOOD, [1], 5.0, lead_time=1, capacity=2), ValueError,
         "stocked"),
    ],
)
def test_bad_input_names_the_parameter(call, exc, words):
    with pytest.raises(exc, match=words):
        call()


@pytest.mark.parametrize("options", [(1,), (2,)])
def test_a_single_unit_outliving_its_shelf_life_is_scrapped(options):
    """Four units in stock, one used per period, a shelf life of three periods: exactly
    one unit is scrapped, at the end of period 2 (so periods 0..2 use the other three).
    With an order-up-to level of 0, the order left waiting in period 3 is reordered
    and built when the component arrives."""
    bom = ProductFamily(options=options, common_components=1).bill_of_materials()[:, :1]
    orders = np.zeros((1, 6, bom.shape[0]), dtype=int)
    orders[0, :, 0] = 1  # one unit of the first variant per period
    res = simulate_ato(orders, bom, 0.0, lead_time=0, assembly_time=0, shelf_life=3,
                       initial_inventory=4.0)
    np.testing.assert_array_equal(res.obsolete[0], [0, 0, 1, 0, 0, 0])
    np.testing.assert_array_equal(res.assembled_to_order[0], [1, 1, 1, 0, 1, 1])


def test_an_error_in_either_half_reaches_the_caller(monkeypatch):
    import mtolab.simulate._core as core

    monkeypatch.setattr(core.os, "cpu_count", lambda: 2)
    done = []

    def work(rows):
        if rows.start:  # the half computed in the helper thread
            raise ValueError("second half failed")
        done.append(rows)

    with pytest.raises(ValueError, match="second half"):
        core.in_row_chunks(work, 10, core.PARALLEL_MIN_SIZE)
    assert done == [slice(0, 5)]  # the caller's half still ran


def test_ageing_replications_spliced_into_read_only_demand_keep_every_total():
    """Scenario hands out read-only demand; re-run replications must not disturb the others."""
    rng = np.random.default_rng(1)
    demand = rng.poisson(5, (6, 40, 1))
    demand.flags.writeable = False
    target = rng.uniform(5, 40, (6, 40, 1)) * rng.uniform(0.2, 3.0, (6, 1, 1))
    res = simulate_mts(demand, target, lead_time=1, shelf_life=6)
    scrapped = res.obsolete.sum(axis=1) > 0
    assert scrapped.any() and not scrapped.all()  # some replications were re-run, some not
    np.testing.assert_array_equal(res.demand, demand[:, :, 0])
    np.testing.assert_allclose(res.demand.sum(axis=1),
                               res.shipped.sum(axis=1) + res.backlog[:, -1])


def _waits_unit_by_unit(order_streams, ship_streams):
    """Lead-time histogram by following every unit through a first-in, first-out queue."""
    n_rep, n_per, n_streams = order_streams.shape
    counts = np.zeros((n_rep, n_per), dtype=np.int64)
    for r in range(n_rep):
        for k in range(n_streams):
            queue = []  # order period of each unit waiting, oldest first
            for t in range(n_per):
                queue += [t] * int(order_streams[r, t, k])
                for _ in range(int(ship_streams[r, t, k])):
                    counts[r, t - queue.pop(0)] += 1
    width = max(1, int(np.flatnonzero(counts.any(axis=0)).max(initial=0)) + 1)
    return counts[:, :width]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**31), n_rep=st.integers(1, 4), n_per=st.integers(1, 25),
       n_streams=st.integers(1, 3), floats=st.booleans())
def test_lead_time_histogram_counts_every_unit_first_in_first_out(seed, n_rep, n_per, n_streams,
                                                                  floats):
    """The histogram from cumulative curves equals following every unit; units still
    waiting at the end are not counted."""
    from mtolab.simulate._core import lead_time_histogram

    rng = np.random.default_rng(seed)
    orders = rng.poisson(rng.uniform(0, 4), (n_rep, n_per, n_streams))
    # Shipments: any amount up to what is waiting, so some units wait long or forever.
    ships = np.zeros_like(orders)
    waiting = np.zeros((n_rep, n_streams), dtype=orders.dtype)
    for t in range(n_per):
        waiting += orders[:, t]
        ships[:, t] = rng.integers(0, waiting + 1)
        waiting -= ships[:, t]
    if floats:
        orders, ships = orders.astype(float), ships.astype(float)
    got = lead_time_histogram(orders, ships)
    assert got.dtype == np.int64
    # As wide as the longest wait + 1: the same columns, the same counts.
    np.testing.assert_array_equal(got, _waits_unit_by_unit(orders, ships))
