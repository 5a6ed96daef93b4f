"""Benchmark: autograde a class of 30 submissions of one assignment, sandboxed.

A temporary copy of the course (``nbgrader_config.py``, ``solutions/``,
``exercises/``) receives 30 submissions, alternately a copy of the solution
(full marks) and of the untouched exercise (every test fails), and grades
them with ``mtolab.instructor.autograde`` using one worker per CPU, so both
cores of the course machine are busy, every kernel in its bubblewrap
sandbox.  Prints the time per notebook: the overall wall time divided by
the number of notebooks (what an instructor waits per submission) and the
median over students of the time one notebook took in its worker.  With
``--runs N`` the class is graded N times and the medians over runs are
printed.  Goal: at most 2.5 s per notebook (wall time / notebooks).

Usage::

    .venv/bin/python benchmarks/grading.py [--assignment A] [--students 30] [--jobs N]
                                           [--runs 3] [--serial-too] [--no-sandbox]

``--serial-too`` grades the class a second time with one worker, to show what
parallel grading gains; ``--no-sandbox`` grades without the sandbox (trusted
submissions), to show what the sandbox costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtolab import instructor  # noqa: E402
from mtolab.instructor.course import setup_environment, skip_slow_imports  # noqa: E402
from mtolab.instructor.release import ensure_in_gradebook  # noqa: E402

GOAL = 2.5  # seconds per notebook, sandbox on, both workers busy


def make_course(scratch: Path, assignment: str, students: int) -> instructor.Course:
    """A course copy with ``students`` submissions of ``assignment`` collected."""
    root = scratch / "course"
    root.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root)
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / assignment, root / folder / assignment)
    handed_in = scratch / "handed-in"
    handed_in.mkdir()
    (solution,) = (root / "solutions" / assignment).glob("*.ipynb")
    (exercise,) = (root / "exercises" / assignment).glob("*.ipynb")
    for i in range(students):
        source = solution if i % 2 == 0 else exercise
        shutil.copy(source, handed_in / f"student{i + 1:02d}.ipynb")
    course = instructor.Course(root)
    instructor.collect(course, handed_in, assignment=assignment, out=lambda msg: None)
    ensure_in_gradebook(course, assignment, out=lambda msg: None)
    return course


def _machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (all processes: /proc/stat)."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def grade(course: instructor.Course, assignment: str, jobs: int, sandbox: bool) -> dict:
    """Autograde every submission; time it."""
    cpu_before = _machine_cpu()
    start = time.perf_counter()
    results = instructor.autograde(course, [assignment], jobs=jobs, out=lambda msg: None,
                                   sandbox=sandbox)
    wall = time.perf_counter() - start
    cpu = _machine_cpu() - cpu_before
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"{len(failed)} submission(s) not graded: {failed[0].error}")
    return {"wall": wall, "cpu": cpu, "seconds": [r.seconds for r in results],
            "own_cpu": [r.cpu for r in results],
            "load": os.getloadavg()[0],
            "scores": sorted({(r.code_score, r.max_code_score) for r in results})}


def report(label: str, run: dict, n: int, jobs: int) -> float:
    per_notebook = run["wall"] / n
    median = statistics.median(run["seconds"])
    print(f"{label}: {n} notebooks, {jobs} worker(s)")
    print(f"  wall time                     {run['wall']:7.1f} s")
    print(f"  wall time / notebook          {per_notebook:7.2f} s")
    print(f"  median time of one notebook   {median:7.2f} s (in its worker, "
          f"min {min(run['seconds']):.2f}, max {max(run['seconds']):.2f})")
    own = statistics.median(run["own_cpu"])
    print(f"  CPU of one notebook           {own:7.2f} s (median; its worker and its kernel): "
          f"on {jobs} free cores, {own / jobs:.2f} s per notebook")
    print(f"  machine CPU busy              {run['cpu'] / run['wall']:7.2f} of "
          f"{os.cpu_count()} cores (all processes on the machine)")
    print(f"  scores seen                   {run['scores']}")
    print(f"  machine load (1 min) after    {run['load']:7.2f} (other work on the machine "
          "slows every figure)")
    return per_notebook


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="a1_make_to_stock")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=1, help="grade the class this many times")
    parser.add_argument("--serial-too", action="store_true",
                        help="also grade with one worker, for comparison")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade without the sandbox (what it costs)")
    args = parser.parse_args(argv)
    skip_slow_imports()
    setup_environment()
    sandbox = not args.no_sandbox
    label = "sandboxed" if sandbox else "NOT sandboxed"
    with tempfile.TemporaryDirectory(prefix="mtolab-grading-bench-") as tmp:
        course = make_course(Path(tmp), args.assignment, args.students)
        per_notebook, medians, cpus = [], [], []
        for number in range(args.runs):
            run = grade(course, args.assignment, args.jobs, sandbox)
            per_notebook.append(report(f"run {number + 1}, parallel, {label}", run,
                                       args.students, args.jobs))
            medians.append(statistics.median(run["seconds"]))
            cpus.append(statistics.median(run["own_cpu"]) / args.jobs)
        if args.serial_too:
            serial = grade(course, args.assignment, 1, sandbox)
            report(f"serial, {label}", serial, args.students, 1)
            print(f"  speed-up of {args.jobs} workers  {serial['wall'] / run['wall']:7.2f}x")
    median = statistics.median(per_notebook)
    if args.runs > 1:
        print(f"median of {args.runs} runs: wall time / notebook {median:.2f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in per_notebook)}); median time of one "
              f"notebook {statistics.median(medians):.2f} s; CPU per notebook / {args.jobs} "
              f"cores {statistics.median(cpus):.2f} s")
    verdict = "met" if median <= GOAL else "NOT met"
    print(f"goal: at most {GOAL:g} s per notebook ({label}) -> {verdict} ({median:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
