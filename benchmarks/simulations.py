"""Time each strategy on 365 periods x 1,000 replications, with both engines.

Four cases: one product or four variants, with stock that never ages or
with the course's default shelf life of 26 periods; the factory's capacity
(25 units a week for a mean demand of 20) limits every strategy, stock
included.  Each strategy runs with ``engine="auto"`` (closed forms and
loops over short cells where their conditions hold; see the README) and
with ``engine="reference"``, the period-by-period reference models of
``mtolab.simulate.reference`` that are the specification.  The script
checks that both give the same numbers and prints the ratio.

Beside the wall-clock medians it prints the fast engine's median CPU time
per call (process time: both threads, whatever else the machine is doing),
which is steadier than wall time on a shared machine, and its median number
of page faults per call (memory the system had to map afresh: near 0 when
each run reuses the memory of the one before, see mtolab/simulate/_memory.py).

Run:  .venv/bin/python benchmarks/simulations.py [--repeat 7]
Goal (2-core machine): every strategy < 50 ms with the fast engine (median).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from mtolab import Scenario
from mtolab.demand import ProductFamily

PERIODS, REPLICATIONS = 365, 1000
FLOWS = ("shipped", "lost", "backlog", "fg_inventory", "component_inventory", "made_to_stock",
         "made_to_order", "assembled_to_order", "components_bought", "setups", "obsolete",
         "ship_streams")


def page_faults() -> int:
    """Minor page faults of this process so far (all threads)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def median_ms(fn, repeat):
    """Median wall-clock and CPU (process) time of ``fn()``, in milliseconds, and
    its median number of page faults."""
    wall, cpu, faults = [], [], []
    for _ in range(repeat):
        start, start_cpu, start_faults = time.perf_counter(), time.process_time(), page_faults()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        faults.append(page_faults() - start_faults)
    return (1000 * statistics.median(wall), 1000 * statistics.median(cpu),
            statistics.median(faults))


def same_numbers(a, b) -> bool:
    return all(np.array_equal(np.asarray(getattr(a, f)), np.asarray(getattr(b, f)))
               for f in FLOWS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ref_repeat = max(1, args.repeat // 3)

    print(f"{PERIODS} periods x {REPLICATIONS} replications; median of {args.repeat} runs "
          f"(fast engine) and {ref_repeat} (reference engine)")
    cases = [(f"{products}, {ageing}", family, shelf_life)
             for ageing, shelf_life in [("stock never ages", None),
                                        ("shelf life 26 periods (the course default)", 26)]
             for products, family in [("1 product", ProductFamily()),
                                      ("4 variants (2 x 2 options)",
                                       ProductFamily(options=(2, 2)))]]
    worst, all_same = 0.0, True
    for label, family, shelf_life in cases:
        sc = Scenario(n_periods=PERIODS, n_replications=REPLICATIONS, family=family,
                      shelf_life=shelf_life)
        sc.demand_array()  # drawn once, shared by all strategies
        print(f"\n{label}")
        print(f"  {'':7s} {'fast':>9s} {'(CPU)':>9s} {'faults':>7s} {'reference':>11s} "
              f"{'ratio':>8s}   same numbers")
        for strategy in ("MTS", "ATO", "MTO", "Hybrid"):
            sc.simulate(strategy)  # once before timing
            fast, fast_cpu, faults = median_ms(lambda s=strategy, sc=sc: sc.simulate(s),
                                               args.repeat)
            ref, _, _ = median_ms(lambda s=strategy, sc=sc: sc.simulate(s, engine="reference"),
                                  ref_repeat)
            same = same_numbers(sc.simulate(strategy), sc.simulate(strategy, engine="reference"))
            all_same &= same
            worst = max(worst, fast)
            flag = "ok" if fast < 50 else "OVER GOAL"
            print(f"  {strategy:7s} {fast:7.1f} ms {fast_cpu:6.1f} ms {faults:7.0f} {ref:9.1f} ms "
                  f"{ref / fast:7.1f}x   {same}   (goal < 50 ms: {flag})")
    print(f"\nslowest fast-engine median: {worst:.1f} ms (goal < 50 ms); "
          f"both engines give the same numbers everywhere: {all_same}")
    return 0 if worst < 50 and all_same else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
