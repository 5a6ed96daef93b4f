"""How quickly each lesson's explorers answer a slider, in a real JupyterLab and Chromium.

For every explorer (``.mtolab-explorer``) in every lesson notebook, this
presses an arrow key on the handle of the explorer's first slider and times,
in the page, from the keydown to the new figure's ``img`` being in the DOM:
the whole round trip a learner feels (widget message to the kernel,
recomputation, PNG rendering, message back, display).  Each explorer is
timed ``--repeat`` times (15 by default) and the median is compared with
``baseline_explorer.ipynb``: the same ``Explorer`` class with one slider
and a one-line plot, drawn and shown the same way (an SVG figure of the
same width).  It also times each lesson's "Run All Cells".

Run:  .venv/bin/python benchmarks/explorer_latency.py [--repeat 15] [--lesson GLOB]
      (or ``make benchmark``; needs /usr/bin/chromium)
Goals (2-core machine): every explorer <= 1.25x the baseline's median;
every lesson runs top to bottom in < 20 s.  ``--strict`` exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

import lab  # noqa: E402 - the shared JupyterLab/Chromium helpers from tests/browser

BASELINE = Path(__file__).resolve().with_name("baseline_explorer.ipynb")
RATIO_GOAL = 1.25
RUN_GOAL = 20.0


def measure_notebook(browser, server, notebook: Path, repeat: int):
    """(seconds to run all cells, [latencies in seconds] per explorer)."""
    context = browser.new_context(viewport=lab.VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        lab.open_notebook(page, server, notebook)
        run_seconds = lab.run_all(page, timeout=300)
        errors = lab.error_outputs(page)
        if errors:
            raise lab.LabError(f"{notebook.name}: cells raised errors: {errors}")
        lab.wait_widgets_rendered(page)
        found = lab.explorers(page)
        latencies = []
        for i in range(found.count()):
            explorer = found.nth(i)
            if lab.sliders(explorer).count() == 0:
                latencies.append([])
                continue
            for _ in range(2):  # warm-up, not counted
                lab.slider_latency(page, explorer)
            latencies.append([lab.slider_latency(page, explorer) for _ in range(repeat)])
        return run_seconds, latencies
    finally:
        context.close()
        lab.shutdown_kernels(server)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="slider moves per explorer")
    parser.add_argument("--lesson", default="*.ipynb", help="glob of lessons in the notebook dir")
    parser.add_argument("--notebooks", type=Path, default=lab.NOTEBOOK_DIR,
                        help="directory of lesson notebooks (default: notebooks/)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)

    lessons = sorted(args.notebooks.resolve().glob(args.lesson))
    if not lessons:
        print(f"no lesson notebooks matching {args.lesson} in {args.notebooks}", file=sys.stderr)
        return 1
    root = Path(os.path.commonpath([BASELINE.parent, args.notebooks.resolve()]))

    from playwright.sync_api import sync_playwright

    missed = []
    with lab.LabServer(root) as server, sync_playwright() as p:
        browser = lab.launch_chromium(p)
        try:
            # The baseline is timed before and after the lessons (machine load drifts).
            _, base = measure_notebook(browser, server, BASELINE, args.repeat)
            base_samples = list(base[0])
            rows = []
            for notebook in lessons:
                print(f"timing {notebook.name} ...", file=sys.stderr, flush=True)
                try:
                    rows.append((notebook, *measure_notebook(browser, server, notebook,
                                                             args.repeat)))
                except Exception as exc:  # noqa: BLE001 - report, go on to the next lesson
                    rows.append((notebook, exc, None))
            _, base = measure_notebook(browser, server, BASELINE, args.repeat)
            base_samples += base[0]
        finally:
            browser.close()

    base_median = statistics.median(base_samples)
    print(f"baseline explorer: median {base_median * 1000:7.1f} ms "
          f"(min {min(base_samples) * 1000:.1f}, max {max(base_samples) * 1000:.1f}, "
          f"n={len(base_samples)})")
    print()
    print(f"{'lesson':34} {'run all':>9}  {'explorer':>8} {'median':>10} {'ratio':>6}")
    for notebook, run_seconds, latencies in rows:
        if latencies is None:
            print(f"{notebook.name:34} FAILED: {run_seconds}")
            missed.append(notebook.name)
            continue
        flag = "" if run_seconds < RUN_GOAL else f"  SLOW (goal < {RUN_GOAL:.0f} s)"
        if flag:
            missed.append(f"{notebook.name} run")
        print(f"{notebook.name:34} {run_seconds:8.2f}s{flag}")
        for i, times in enumerate(latencies):
            if not times:
                print(f"{'':34} {'':9}  {i:>8} {'no slider':>10}")
                continue
            median = statistics.median(times)
            ratio = median / base_median
            mark = "" if ratio <= RATIO_GOAL else f"  SLOW (goal <= {RATIO_GOAL}x)"
            if mark:
                missed.append(f"{notebook.name} explorer {i}")
            print(f"{'':34} {'':9}  {i:>8} {median * 1000:8.1f}ms {ratio:5.2f}x{mark}")
    print()
    print("all goals met" if not missed else f"goals missed: {', '.join(missed)}")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
