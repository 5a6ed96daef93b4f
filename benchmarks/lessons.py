"""How long each lesson takes to run top to bottom on a fresh kernel.

Each lesson notebook (both editions) runs with nbclient in its own folder,
as a learner's Run All does: the time is from asking for a kernel to the
last cell's output (kernel start plus every cell; the kernel's shutdown is
not counted).  Each lesson runs ``--repeat`` times (3 by default) and the
median is printed, with the kernel start, the cells, and the three slowest
cells of the median run, so that a lesson over its goal shows where its
time goes.

Run:  .venv/bin/python benchmarks/lessons.py [--repeat 3] [--lesson GLOB]
Goal (2-core machine): every lesson < 5 s.  ``--strict`` exits 1 if a
lesson misses it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GOAL = 5.0


def run_once(path: Path) -> tuple[float, float, list]:
    """(kernel start, seconds of all cells, [(seconds, first line)] per code cell)."""
    nb = nbformat.read(path, 4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        ready = time.perf_counter()
        cells = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.perf_counter()
            client.execute_cell(cell, index)
            first = next((line for line in cell.source.splitlines()
                          if line.strip() and not line.startswith("# NBVAL")), "")
            cells.append((time.perf_counter() - t, f"cell {index}: {first[:50]}"))
    return ready - start, sum(s for s, _ in cells), cells


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lesson", default="0*.ipynb", help="file name pattern")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    lessons = sorted(p for edition in ("en", "nb")
                     for p in (ROOT / "notebooks" / edition).glob(args.lesson))
    if not lessons:
        print(f"no lesson matches {args.lesson!r}")
        return 2
    over = []
    print(f"median of {args.repeat} runs on a fresh kernel each (goal < {GOAL:.0f} s)")
    print(f"{'lesson':44s} {'total':>7s} {'kernel':>7s} {'cells':>7s}")
    for path in lessons:
        runs = sorted((run_once(path) for _ in range(args.repeat)), key=lambda r: r[0] + r[1])
        kernel, cells, per_cell = runs[len(runs) // 2]
        total = kernel + cells
        spread = [r[0] + r[1] for r in runs]
        verdict = "ok" if total < GOAL else "OVER GOAL"
        name = f"{path.parent.name}/{path.name}"
        print(f"{name:44s} {total:6.2f}s {kernel:6.2f}s {cells:6.2f}s   "
              f"(runs {min(spread):.2f} to {max(spread):.2f} s) {verdict}")
        if total >= GOAL:
            over.append(name)
            for seconds, what in sorted(per_cell, reverse=True)[:3]:
                print(f"    {seconds:5.2f}s  {what}")
    print(f"{len(over)} of {len(lessons)} lessons over the goal"
          + (f": {', '.join(over)}" if over else ""))
    return 1 if args.strict and over else 0


if __name__ == "__main__":
    sys.exit(main())
