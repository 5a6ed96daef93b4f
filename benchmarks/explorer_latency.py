"""How quickly each lesson's explorers answer a slider, in a real JupyterLab and Chromium.

For every explorer (``.mtolab-explorer``) in every lesson notebook, this
presses an arrow key on the handle of the explorer's first slider and times,
in the page, from the keydown to the new figure's ``img`` being in the DOM:
the whole round trip a learner feels (widget message to the kernel,
recomputation, drawing, message back, display).  Each explorer is timed
``--repeat`` times (15 by default) against ``baseline_explorer.ipynb``: the
same ``Explorer`` class with one slider and a one-line plot, drawn and shown
the same way (an SVG figure of the same width).

The baseline stays open in a second tab and its slider is pressed before
every press on the explorer, so that both are timed under the same machine
load (on a shared machine the load drifts over minutes); the ratio is the
explorer's median over the median of the baseline presses interleaved with
it.  It also times each lesson's "Run All Cells".

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


def open_lesson(browser, server, notebook: Path):
    """A page with ``notebook`` run top to bottom: (context, page, seconds to run all)."""
    context = browser.new_context(viewport=lab.VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    lab.open_notebook(page, server, notebook)
    run_seconds = lab.run_all(page, timeout=300)
    errors = lab.error_outputs(page)
    if errors:
        context.close()
        raise lab.LabError(f"{notebook.name}: cells raised errors: {errors}")
    lab.wait_widgets_rendered(page)
    return context, page, run_seconds


def measure_notebook(browser, server, notebook: Path, base_page, repeat: int):
    """(seconds to run all cells, [(explorer latencies, baseline latencies)] per explorer)."""
    base = lab.explorers(base_page).first
    context, page, run_seconds = open_lesson(browser, server, notebook)
    try:
        found = lab.explorers(page)
        samples = []
        for i in range(found.count()):
            explorer = found.nth(i)
            if lab.sliders(explorer).count() == 0:
                samples.append(([], []))
                continue
            for _ in range(2):  # warm-up, not counted
                lab.slider_latency(page, explorer)
            own, baseline = [], []
            for _ in range(repeat):
                baseline.append(lab.slider_latency(base_page, base))
                own.append(lab.slider_latency(page, explorer))
            samples.append((own, baseline))
        return run_seconds, samples
    finally:  # this lesson's kernel only: the baseline's keeps running
        page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                      ".context.sessionContext.shutdown(); }")
        context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="slider moves per explorer")
    parser.add_argument("--lesson", default="en/*.ipynb",
                        help="glob of lessons in the notebook dir ('nb/*.ipynb': bokmål)")
    parser.add_argument("--notebooks", type=Path, default=lab.NOTEBOOK_DIR,
                        help="directory of lesson notebooks (default: notebooks/)")
    parser.add_argument("--baseline", type=Path, default=BASELINE,
                        help="the baseline explorer notebook (default: baseline_explorer.ipynb)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    baseline = args.baseline.resolve()

    lessons = sorted(args.notebooks.resolve().glob(args.lesson))
    if not lessons:
        print(f"no lesson notebooks matching {args.lesson} in {args.notebooks}", file=sys.stderr)
        return 1
    root = Path(os.path.commonpath([baseline.parent, args.notebooks.resolve()]))

    from playwright.sync_api import sync_playwright

    missed, rows, all_base = [], [], []
    with lab.LabServer(root) as server, sync_playwright() as p:
        browser = lab.launch_chromium(p)
        try:
            base_context, base_page, _ = open_lesson(browser, server, baseline)
            for _ in range(2):  # warm-up
                lab.slider_latency(base_page, lab.explorers(base_page).first)
            for notebook in lessons:
                print(f"timing {notebook.name} ...", file=sys.stderr, flush=True)
                try:
                    rows.append((notebook, *measure_notebook(browser, server, notebook,
                                                             base_page, args.repeat)))
                except Exception as exc:  # noqa: BLE001 - report, go on to the next lesson
                    rows.append((notebook, exc, None))
            base_context.close()
        finally:
            browser.close()

    for _, _, samples in rows:
        for _, baseline in samples or []:
            all_base += baseline
    if all_base:
        print(f"baseline explorer: median {statistics.median(all_base) * 1000:7.1f} ms "
              f"(min {min(all_base) * 1000:.1f}, max {max(all_base) * 1000:.1f}, "
              f"n={len(all_base)}), pressed alongside every explorer")
    print()
    print(f"{'lesson':36} {'run all':>8}  {'explorer':>8} {'median':>9} {'baseline':>9} "
          f"{'ratio':>6}")
    for notebook, run_seconds, samples in rows:
        if samples is None:
            print(f"{notebook.name:36} FAILED: {run_seconds}")
            missed.append(notebook.name)
            continue
        flag = "" if run_seconds < RUN_GOAL else f"  SLOW (goal < {RUN_GOAL:.0f} s)"
        if flag:
            missed.append(f"{notebook.name} run")
        print(f"{notebook.name:36} {run_seconds:7.2f}s{flag}")
        for i, (own, baseline) in enumerate(samples):
            if not own:
                print(f"{'':36} {'':8}  {i:>8} {'no slider':>9}")
                continue
            median, base = statistics.median(own), statistics.median(baseline)
            ratio = median / base
            mark = "" if ratio <= RATIO_GOAL else f"  SLOW (goal <= {RATIO_GOAL}x)"
            if mark:
                missed.append(f"{notebook.name} explorer {i}")
            print(f"{'':36} {'':8}  {i:>8} {median * 1000:7.1f}ms {base * 1000:7.1f}ms "
                  f"{ratio:5.2f}x{mark}")
    print()
    print("all goals met" if not missed else f"goals missed: {', '.join(missed)}")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
