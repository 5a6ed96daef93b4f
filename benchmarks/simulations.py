"""Time each strategy on 365 periods x 1,000 replications.

Four cases: one product or four variants, with stock that never ages or
with the course's default shelf life of 26 periods.  MTS and ATO need no
loop over periods, except in replications where stock would outlive its
shelf life (those are simulated period by period); ATO shares out short
components in a loop over the few (replication, period) cells where some
component runs short.
Also times a plain Python loop (per period, per replication) of the same
make-to-stock model, as the reference for the vectorised version, and
checks that both give the same numbers.

Run:  .venv/bin/python benchmarks/simulations.py [--repeat 7]
Goals (2-core machine): every strategy < 50 ms; vectorised MTS >= 100x the loop.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np

from mtolab import Scenario, simulate_mts
from mtolab.demand import DemandPattern, ProductFamily

PERIODS, REPLICATIONS = 365, 1000


def plain_loop_mts(demand, order_up_to, lead_time, initial_inventory, initial_pipeline):
    """The same base-stock model as ``simulate_mts`` (one variant, backorders), unit by unit.

    Records what the vectorised version records: units shipped, backlog,
    stock on hand and units ordered, per replication and period.
    """
    n_rep, n_per = demand.shape
    shipped, backlog_out, fg, ordered = (np.zeros((n_rep, n_per)) for _ in range(4))
    for r in range(n_rep):
        onhand = round(initial_inventory)
        arrivals = [0.0] * (n_per + lead_time + 1)
        for k in range(1, lead_time + 1):
            arrivals[k] = round(initial_pipeline)
        pipeline = sum(arrivals)
        backlog = 0.0
        for t in range(n_per):
            onhand += arrivals[t]
            pipeline -= arrivals[t]
            need = backlog + demand[r, t]
            ship = min(need, onhand)
            onhand -= ship
            backlog = need - ship
            position = onhand + pipeline - backlog
            order = max(math.ceil(order_up_to[r, t] - position - 1e-9), 0)
            arrivals[t + lead_time + 1] += order
            pipeline += order
            shipped[r, t] = ship
            backlog_out[r, t] = backlog
            fg[r, t] = onhand
            ordered[r, t] = order
    return {"shipped": shipped, "backlog": backlog_out, "fg_inventory": fg,
            "made_to_stock": ordered}


def median_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    print(f"{PERIODS} periods x {REPLICATIONS} replications, median of {args.repeat} runs")
    cases = [(f"{products}, {ageing}", family, shelf_life)
             for ageing, shelf_life in [("stock never ages", None),
                                        ("shelf life 26 periods (the course default)", 26)]
             for products, family in [("1 product", ProductFamily()),
                                      ("4 variants (2 x 2 options)",
                                       ProductFamily(options=(2, 2)))]]
    for label, family, shelf_life in cases:
        sc = Scenario(n_periods=PERIODS, n_replications=REPLICATIONS, family=family,
                      shelf_life=shelf_life)
        sc.demand_array()  # drawn once, shared by all strategies
        print(f"\n{label}")
        for strategy in ("MTS", "ATO", "MTO", "Hybrid"):
            ms = median_ms(lambda s=strategy, sc=sc: sc.simulate(s), args.repeat)
            flag = "ok" if ms < 50 else "OVER GOAL"
            print(f"  {strategy:7s} {ms:8.1f} ms   (goal < 50 ms: {flag})")

    # Vectorised against the plain loop, on the same single-product MTS model.
    sc = Scenario(n_periods=PERIODS, n_replications=REPLICATIONS, family=ProductFamily(),
                  demand=DemandPattern(mean=20), shelf_life=None)
    demand = sc.demand_array()
    lead = sc.lead_time
    target = np.full((REPLICATIONS, PERIODS), (lead + 1) * 20 + 12.0)
    start_stock, pipe = 20 + 12.0, 20.0
    vec_ms = median_ms(lambda: simulate_mts(demand, target[:, :, None], lead_time=lead,
                                            initial_inventory=start_stock,
                                            initial_pipeline=pipe), args.repeat)
    loop_ms = median_ms(lambda: plain_loop_mts(demand[:, :, 0], target, lead, start_stock, pipe),
                        max(1, args.repeat // 3))
    vec = simulate_mts(demand, target[:, :, None], lead_time=lead, initial_inventory=start_stock,
                       initial_pipeline=pipe)
    loop = plain_loop_mts(demand[:, :, 0], target, lead, start_stock, pipe)
    same = all(np.array_equal(getattr(vec, name), value) for name, value in loop.items())
    print("\nMTS, vectorised over replications vs a plain Python loop")
    print(f"  vectorised {vec_ms:8.1f} ms")
    print(f"  plain loop {loop_ms:8.1f} ms")
    print(f"  ratio      {loop_ms / vec_ms:8.1f}x  (goal >= 100x)   same numbers: {same}")


if __name__ == "__main__":
    main()
