"""Every fast path equals the reference model, number for number.

The reference models (``mtolab.simulate.reference``) are the specification;
``engine="auto"`` takes a closed form or a loop over short cells where its
named condition holds.  Each test below runs both engines on random cases
(hypothesis) and compares every flow of the result, and checks that the
fast path was really taken (the reference ran for no replication, or only
for those whose stock ages).
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtolab import (
    ProductFamily,
    Scenario,
    simulate_ato,
    simulate_hybrid,
    simulate_mto,
    simulate_mts,
)
from mtolab.simulate import reference
from mtolab.simulate._core import StockPolicy
from mtolab.simulate._stock import (
    columns,
    count_orders,
    cumulative_by_item,
    order_up_to_positions,
    production_positions,
    received_by_period,
)

FLOWS = ("demand", "shipped", "lost", "backlog", "fg_inventory", "component_inventory",
         "made_to_stock", "made_to_order", "assembled_to_order", "components_bought", "setups",
         "obsolete", "work_in_progress", "order_streams", "ship_streams", "lead_times")

capacities = st.one_of(st.none(), st.floats(0.5, 15.0))


def assert_same(fast, ref):
    for name in FLOWS:
        a, b = np.asarray(getattr(fast, name)), np.asarray(getattr(ref, name))
        assert a.shape == b.shape, name
        np.testing.assert_array_equal(a, b, err_msg=name)


@contextmanager
def reference_spy():
    """Record the replications each reference model runs for, by strategy."""
    import mtolab.simulate.ato as ato
    import mtolab.simulate.mto as mto
    import mtolab.simulate.mts as mts

    calls = {"MTS": [], "ATO": [], "MTO": []}
    patched = [(mts, "mts_reference", "MTS"), (ato, "ato_reference", "ATO"),
               (mto, "mto_reference", "MTO")]
    for module, name, key in patched:
        real = getattr(module, name)

        def spy(demand, *args, _real=real, _key=key, **kw):
            calls[_key].append(demand.shape[0])
            return _real(demand, *args, **kw)

        setattr(module, name, spy)
    try:
        yield calls
    finally:
        for module, name, _ in patched:
            setattr(module, name, getattr(reference, name))


@pytest.fixture
def reference_calls():
    with reference_spy() as calls:
        yield calls


def _levels(rng, shape, kind):
    target = rng.uniform(0, 40, shape)
    if kind == "constant":
        return np.broadcast_to(target[:, :1], shape)
    if kind == "rising":
        return np.sort(target, axis=1)
    return target


# ------------------------------------------------------------------- MTS
@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**31), lead_time=st.integers(0, 4), review_period=st.integers(1, 4),
       n_periods=st.integers(1, 25), n_variants=st.integers(1, 3), capacity=capacities,
       levels=st.sampled_from(["random", "constant", "rising"]))
def test_mts_closed_form_equals_the_reference(seed, lead_time, review_period, n_periods,
                                              n_variants, capacity, levels):
    """Backorders, no ageing: the closed form, with or without production capacity,
    and with levels that never fall (where the running maximum is skipped unless the
    starting position is above the first level)."""
    rng = np.random.default_rng(seed)
    shape = (3, n_periods, n_variants)
    demand = rng.poisson(rng.uniform(0, 8), shape)
    # Starting positions mostly below the first level, in some cases above it.
    kw = {"lead_time": lead_time, "review_period": review_period, "capacity": capacity,
          "initial_inventory": rng.uniform(0, rng.choice([8.0, 60.0]), (3, n_variants)),
          "initial_pipeline": rng.uniform(0, 6, (3, n_variants))}
    target = _levels(rng, shape, levels)
    with reference_spy() as calls:
        fast = simulate_mts(demand, target, **kw)
    assert calls["MTS"] == []  # the closed form alone
    assert_same(fast, simulate_mts(demand, target, engine="reference", **kw))


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**31), lead_time=st.integers(0, 4), review_period=st.integers(1, 4),
       n_periods=st.integers(1, 30), n_variants=st.integers(1, 3), shelf_life=st.integers(1, 8),
       capacity=capacities)
def test_mts_with_ageing_stock_equals_the_reference(seed, lead_time, review_period, n_periods,
                                                    n_variants, shelf_life, capacity):
    """With a shelf life and backorders, the closed form with its scrap fixed point."""
    rng = np.random.default_rng(seed)
    shape = (6, n_periods, n_variants)
    demand = rng.poisson(rng.uniform(0, 8), shape)
    # Some replications overstock (old stock is scrapped), others do not.
    target = rng.uniform(0, 40, shape) * rng.uniform(0.2, 3.0, (6, 1, 1))
    kw = {"lead_time": lead_time, "review_period": review_period, "shelf_life": shelf_life,
          "capacity": capacity, "initial_inventory": rng.uniform(0, 20, (6, n_variants)),
          "initial_pipeline": rng.uniform(0, 6, (6, n_variants))}
    with reference_spy() as calls:
        fast = simulate_mts(demand, target, **kw)
    assert calls["MTS"] == []
    assert_same(fast, simulate_mts(demand, target, engine="reference", **kw))


def test_mts_scrap_that_causes_more_scrap_takes_several_rounds(monkeypatch, reference_calls):
    """Scrap lowers the position, the order that replaces it can grow too old in turn:
    the fixed point repeats the closed form until the scrap settles, and only for the
    replications that scrap."""
    import mtolab.simulate.mts as mts

    rounds = []
    real = mts._scrapped

    def spy(received, cum_demand, life):
        rounds.append(received.shape[0])
        return real(received, cum_demand, life)

    monkeypatch.setattr(mts, "_scrapped", spy)
    rng = np.random.default_rng(3)
    demand = rng.poisson(2, (8, 60, 1))
    # Four replications hold far more than they sell in a shelf life; four do not.
    target = np.array([2.0] * 4 + [40.0] * 4)[:, None, None] * np.ones((8, 60, 1))
    res = simulate_mts(demand, target, lead_time=1, shelf_life=4)
    assert reference_calls["MTS"] == []
    scrapping = int((res.obsolete.sum(axis=1) > 0).sum())
    assert (res.obsolete[4:].sum(axis=1) > 0).all() and scrapping < 8
    # A first round for all eight, then rounds for those that scrap, fewer and fewer.
    assert rounds[0] == 8 and rounds[1] == scrapping and len(rounds) >= 4
    assert rounds[1:] == sorted(rounds[1:], reverse=True)
    assert_same(res, simulate_mts(demand, target, lead_time=1, shelf_life=4,
                                  engine="reference"))


@pytest.mark.parametrize("scale", [1, 10**6])
def test_positions_too_large_for_32_bits_are_counted_in_64(scale):
    """Totals over variants of millions of units a period outgrow int32: the fast paths
    then count in int64 and still give the reference's numbers."""
    rng = np.random.default_rng(2)
    demand = rng.poisson(5, (3, 200, 3)) * scale
    target = rng.uniform(10, 40, (3, 200, 3)) * scale
    kw = {"lead_time": 1, "capacity": 20.0 * scale}
    assert_same(simulate_mts(demand, target, **kw),
                simulate_mts(demand, target, engine="reference", **kw))
    bom = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    assert_same(simulate_ato(demand, bom, target, **kw),
                simulate_ato(demand, bom, target, engine="reference", **kw))


# ------------------------------------------------------------------- MTO
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), n_periods=st.integers(1, 40), capacity=st.floats(0.5, 12.0),
       sourcing_time=st.integers(0, 3), production_time=st.integers(0, 3))
def test_mto_running_minimum_equals_the_reference(seed, n_periods, capacity, sourcing_time,
                                                  production_time):
    orders = np.random.default_rng(seed).poisson(4.0, (3, n_periods, 1))
    kw = {"capacity": capacity, "sourcing_time": sourcing_time,
          "production_time": production_time, "max_wait": 2}
    assert_same(simulate_mto(orders, **kw), simulate_mto(orders, engine="reference", **kw))


def test_mto_takes_the_running_minimum_unless_orders_are_refused(reference_calls):
    orders = np.random.default_rng(1).poisson(4.0, (3, 20))
    simulate_mto(orders, capacity=4, max_wait=2)
    assert reference_calls["MTO"] == []
    simulate_mto(orders, capacity=4, max_wait=2, refuse_late_orders=True)
    assert reference_calls["MTO"] == [3]


# ------------------------------------------------------------------- ATO
def _random_ato_case(rng, n_rep, n_periods, options, common, extra_units):
    """Orders, a bill of materials (some units > 1), targets and starting stock,
    tight enough that components often run short."""
    bom = ProductFamily(options=options, common_components=common).bill_of_materials()
    bom[bom > 0] += rng.integers(0, extra_units + 1, int((bom > 0).sum()))
    n_var, n_comp = bom.shape
    orders = rng.poisson(rng.uniform(0, 5), (n_rep, n_periods, n_var))
    # Some replications overstock (old stock is scrapped), others run short.
    target = rng.uniform(0, 30, (n_rep, n_periods, n_comp)) * rng.uniform(0.1, 3.0, (n_rep, 1, 1))
    kw = {"initial_inventory": rng.uniform(0, 20, (n_rep, n_comp)),
          "initial_pipeline": rng.uniform(0, 6, (n_rep, n_comp))}
    return orders, bom, target, kw


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**31), lead_time=st.integers(0, 4), review_period=st.integers(1, 4),
       n_periods=st.integers(1, 25), common=st.integers(0, 2), extra_units=st.integers(0, 2),
       assembly_capacity=capacities, capacity=capacities,
       shelf_life=st.one_of(st.none(), st.integers(1, 8)), delay=st.integers(0, 2))
def test_one_variant_ato_equals_the_reference(seed, lead_time, review_period, n_periods, common,
                                              extra_units, assembly_capacity, capacity,
                                              shelf_life, delay):
    """One variant: the running minimum (limited assembly) or the short cells (unlimited)."""
    rng = np.random.default_rng(seed)
    orders, bom, target, kw = _random_ato_case(rng, 5, n_periods, (1,), common, extra_units)
    kw.update(lead_time=lead_time, review_period=review_period, assembly_time=delay,
              assembly_capacity=assembly_capacity, capacity=capacity, shelf_life=shelf_life)
    assert_same(simulate_ato(orders, bom, target, **kw),
                simulate_ato(orders, bom, target, engine="reference", **kw))


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**31), lead_time=st.integers(0, 4), review_period=st.integers(1, 4),
       n_periods=st.integers(1, 30), options=st.sampled_from([(2,), (3,), (2, 2), (2, 3)]),
       common=st.integers(0, 2), extra_units=st.integers(0, 2), delay=st.integers(0, 3),
       capacity=capacities, shelf_life=st.one_of(st.none(), st.integers(1, 8)))
def test_shared_components_equal_the_reference(seed, lead_time, review_period, n_periods,
                                               options, common, extra_units, delay, capacity,
                                               shelf_life):
    """Several variants, no assembly limit: components shared out only in short periods
    (and replications that scrap components run again) give every number of the loop."""
    rng = np.random.default_rng(seed)
    orders, bom, target, kw = _random_ato_case(rng, 6, n_periods, options, common, extra_units)
    kw.update(lead_time=lead_time, review_period=review_period, assembly_time=delay,
              capacity=capacity, shelf_life=shelf_life)
    assert_same(simulate_ato(orders, bom, target, **kw),
                simulate_ato(orders, bom, target, engine="reference", **kw))


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**31), lead_time=st.integers(0, 3), n_periods=st.integers(2, 60),
       options=st.sampled_from([(2,), (2, 2)]), shelf_life=st.integers(1, 45))
def test_short_cells_flag_exactly_the_replications_that_scrap(seed, lead_time, n_periods,
                                                              options, shelf_life):
    """The short cells' ageing check (bounds over spans of periods, then the exact test
    where a bound allows it) flags a replication if and only if the reference model
    scraps a component in it; long shelf lives bound many periods at once."""
    from mtolab.simulate.ato import _short_cells

    rng = np.random.default_rng(seed)
    orders, bom, target, kw = _random_ato_case(rng, 8, n_periods, options, 1, 0)
    policy = StockPolicy.checked(target.shape, target, lead_time=lead_time, review_period=1,
                                 shelf_life=shelf_life, capacity=None, **kw)
    _, ageing = _short_cells(orders, bom, policy, 0, 1.0)
    reference_run = simulate_ato(orders, bom, target, lead_time=lead_time,
                                 shelf_life=shelf_life, engine="reference", **kw)
    np.testing.assert_array_equal(ageing, reference_run.obsolete.sum(axis=1) > 0)


def test_ato_paths_are_taken_where_their_conditions_hold(reference_calls):
    rng = np.random.default_rng(5)
    orders, bom, target, kw = _random_ato_case(rng, 4, 20, (2, 2), 1, 0)
    simulate_ato(orders, bom, target, lead_time=1, **kw)  # short cells
    one = orders[:, :, :1]
    simulate_ato(one, bom[:1], target, lead_time=1, assembly_capacity=3.0, **kw)  # running min
    assert reference_calls["ATO"] == []
    simulate_ato(orders, bom, target, lead_time=1, assembly_capacity=3.0, **kw)  # no fast path
    simulate_ato(orders, bom * 0.5, target, lead_time=1, **kw)  # half units: no fast path
    assert reference_calls["ATO"] == [4, 4]


@pytest.mark.parametrize("strategy", ["MTS", "ATO", "Hybrid"])
@pytest.mark.parametrize("shelf_life", [None, 26])
def test_course_scenario_equals_the_reference(strategy, shelf_life):
    """The course's own scenario (2 x 2 options, capacity on every strategy), where
    components do run short now and then, number for number."""
    sc = Scenario(n_periods=150, n_replications=80, shelf_life=shelf_life)
    fast = sc.simulate(strategy)
    assert_same(fast, sc.simulate(strategy, engine="reference"))
    if strategy == "ATO":
        assert (fast.assembled_to_order < fast.demand).any()  # orders do wait for components


@pytest.mark.parametrize("stocked", [[True, True, False, False], [False, True, False, True],
                                     [True, False, False, False]])
def test_hybrid_equals_the_reference_whichever_variants_are_stocked(stocked):
    """The make-to-order variants are added up through a view when they are adjacent
    and through a copy when not; orders given as floats of whole units are the same."""
    rng = np.random.default_rng(7)
    demand = rng.poisson(3.0, (5, 30, 4)).astype(float)
    stocked = np.array(stocked)
    target = rng.uniform(5, 20, (5, 30, int(stocked.sum())))
    kw = {"lead_time": 1, "capacity": 6.0, "stock_capacity": 5.0, "production_time": 2}
    fast = simulate_hybrid(demand, stocked, target, **kw)
    assert_same(fast, simulate_hybrid(demand, stocked, target, engine="reference", **kw))
    assert_same(fast, simulate_hybrid(demand.astype(int), stocked, target, **kw))


@pytest.mark.parametrize("strategy", ["MTS", "ATO"])
@pytest.mark.parametrize("shelf_life", [None, 3])
@pytest.mark.parametrize("block_size", [None, 600])
def test_two_thread_split_equals_the_reference(monkeypatch, strategy, shelf_life, block_size):
    """Large runs are computed in blocks of rows shared between two threads (two halves
    here by default, many small blocks with ``block_size``); every row is computed once,
    both threads really run, and together they give the reference model's numbers."""
    import threading

    import mtolab.simulate._core as core

    rng = np.random.default_rng(11)
    orders, bom, target, kw = _random_ato_case(rng, 41, 60, (2,), 1, 0)  # an odd number
    kw["shelf_life"] = shelf_life
    chunks, threads = [], set()
    real = core.in_row_chunks

    def spy(work, n_rows, size, **kw):
        def recorded(rows):
            chunks.append((rows.start, rows.stop))
            threads.add(threading.current_thread().name)
            work(rows)
        real(recorded, n_rows, size, **kw)

    monkeypatch.setattr(core, "PARALLEL_MIN_SIZE", 0)
    monkeypatch.setattr(core.os, "cpu_count", lambda: 2)
    if block_size is not None:
        monkeypatch.setattr(core, "BLOCK_SIZE", block_size)
    module = "mts" if strategy == "MTS" else "ato"
    monkeypatch.setattr(f"mtolab.simulate.{module}.in_row_chunks", spy)
    if strategy == "MTS":
        kw = {k: v[:, :2] if k.startswith("initial") else v for k, v in kw.items()}
        run = lambda engine: simulate_mts(orders, target[:, :, :2] * 2, lead_time=2,  # noqa: E731
                                          engine=engine, capacity=9.0, **kw)
    else:
        run = lambda engine: simulate_ato(orders, bom, target, lead_time=2,  # noqa: E731
                                          engine=engine, capacity=9.0, **kw)
    two = run("auto")
    chunks.sort()
    if block_size is None:
        assert chunks == [(0, 20), (20, 41)]
    else:
        assert len(chunks) > 2 and len(chunks) % 2 == 0
    assert [a for a, _ in chunks[1:]] == [b for _, b in chunks[:-1]]  # each row once
    assert (chunks[0][0], chunks[-1][1]) == (0, 41)
    assert len(threads) == 2
    assert_same(two, run("reference"))
    if shelf_life is not None:
        assert two.obsolete.sum() > 0  # some replications were redone period by period


# ---------------------------------------------------------- production line
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), n_rep=st.integers(1, 4), n_periods=st.integers(1, 12),
       n_items=st.integers(1, 4), capacity=st.one_of(st.none(), st.floats(0.3, 12.0)),
       review_period=st.integers(1, 3))
def test_stock_closed_forms_give_the_same_numbers_in_either_layout(seed, n_rep, n_periods, n_items,
                                                                   capacity, review_period):
    """ATO keeps a contiguous block per component, seen as (R, n, T): positions, order
    counts, production and receipts equal those of the usual replication-major layout."""
    from mtolab.simulate._core import capacity_per_period

    rng = np.random.default_rng(seed)
    shape = (n_rep, n_periods, n_items)
    demand = rng.poisson(rng.uniform(0, 6), shape)
    policy = StockPolicy.checked(shape, rng.uniform(0, 30, shape), lead_time=1,
                                 review_period=review_period, initial_inventory=5.0,
                                 initial_pipeline=2.0)
    cap = None if capacity is None else capacity_per_period(capacity, n_periods)
    usual = cumulative_by_item(demand, np.int32)
    blocks = cumulative_by_item(demand, np.int32, items_first=True).transpose(1, 0, 2)
    assert blocks.strides[1] > blocks.strides[0] or 1 in (n_rep, n_items)
    results = []
    for cum in (usual, blocks):
        x = order_up_to_positions(cum, policy)
        setups = np.empty((n_rep, n_periods), dtype=np.int32)
        count_orders(x, out=setups)
        y, y_total = production_positions(x, cap, overwrite_x=False)
        results.append((x, setups, y, y_total, received_by_period(policy, y, less=cum)))
    for a, b in zip(*results, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("index", [[0], [3, 5], [1, 4, 7, 10, 19], [2, 5, 8, 9], [0, 1, 2, 3],
                                   [4, 6, 9, 12, 15]])
def test_columns_are_those_of_an_index_array(index):
    """Taken through a slice where the index steps evenly (its last entry apart), or not."""
    x = np.arange(2 * 3 * 20).reshape(2, 3, 20)
    index = np.array(index)
    np.testing.assert_array_equal(columns(x, index), x[:, :, index])


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**31), n_periods=st.integers(1, 20), n_items=st.integers(1, 4),
       capacity=st.floats(0.3, 20.0), review_period=st.integers(1, 3))
def test_production_positions_follow_the_production_line(seed, n_periods, n_items, capacity,
                                                         review_period):
    """The closed form of what production makes equals the line, oldest order first."""
    from mtolab.simulate._core import capacity_per_period

    rng = np.random.default_rng(seed)
    shape = (4, n_periods, n_items)
    demand = rng.poisson(rng.uniform(0, 6), shape)
    policy = StockPolicy.checked(shape, rng.uniform(0, 30, shape), lead_time=1,
                                 review_period=review_period, initial_inventory=5.0,
                                 initial_pipeline=2.0)
    x = order_up_to_positions(cumulative_by_item(demand, np.int32), policy)
    cap = capacity_per_period(capacity, n_periods)
    y, y_total = production_positions(x, cap)
    np.testing.assert_array_equal(y_total, y.sum(axis=1))
    line = reference.ProductionLine(n_periods, 4, n_items)
    made = np.zeros((4, n_items, n_periods))
    for t in range(n_periods):
        line.add(x[:, :, t + 1] - x[:, :, t])
        made[:, :, t] = line.make(cap[t])
    np.testing.assert_array_equal(np.diff(y, axis=2), made)
    assert (made.sum(axis=1) <= cap).all()


def test_production_line_by_hand():
    """Orders of 10 then 3 units with 4 a period: made 4, 4, 4 (2 of the first, 2 of
    the second order), 1."""
    line = reference.ProductionLine(4, 1, 1)
    made = []
    for order in (10, 3, 0, 0):
        line.add(np.array([[order]], dtype=float))
        made.append(float(line.make(4.0)[0, 0]))
    assert made == [4.0, 4.0, 4.0, 1.0]


def test_production_positions_by_hand_when_production_is_periods_behind():
    """Two items order (6, 4) then (0, 3) with 4 a period: period 0 makes 4 of item 0;
    period 1 is still on period 0's orders (s* < t): 2 more of item 0 and 2 of item 1;
    period 2 finishes period 0 (2 of item 1) and starts period 1 (2 of its 3)."""
    x = np.array([[[0, 6, 6, 6], [0, 4, 7, 7]]])  # X_j(t - 1), t = 0..3
    y, y_total = production_positions(x, np.array([4.0, 4.0, 4.0]))
    np.testing.assert_array_equal(y, [[[0, 4, 6, 6], [0, 0, 2, 6]]])
    np.testing.assert_array_equal(y_total, [[0, 4, 8, 12]])


def test_stock_policy_is_one_parameter_object():
    policy = StockPolicy.checked((2, 5, 3), 10.0, lead_time=1, capacity=2.5,
                                 initial_pipeline=1.4)
    assert policy.target.shape == (2, 5, 3)
    np.testing.assert_array_equal(policy.capacity, [2, 3, 2, 3, 2])
    np.testing.assert_array_equal(policy.initial_pipeline, np.ones((2, 3)))
    with pytest.raises(ValueError, match="capacity"):
        StockPolicy.checked((2, 5, 3), 10.0, lead_time=1, capacity=0)
