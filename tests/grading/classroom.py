"""Helpers of the grading tests: a course copy, notebooks of a synthetic class.

Everything about an assignment (its answers, tests, points, headings) is
read from the notebooks' nbgrader metadata here, independently of
``mtolab.instructor``, so that the tests hold when the assignments change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
FOCUS = ASSIGNMENTS[0]  # the assignment the synthetic class hands in (a1_make_to_stock)
# Handed in by mistake as FOCUS: its Norwegian edition when there is one (the same tasks in
# another nbgrader assignment, grade ids prefixed nb_: the likeliest mix-up), else the next.
OTHER = next((a for a in ASSIGNMENTS if a != FOCUS and a[:3] == FOCUS[:3]), ASSIGNMENTS[1])
TRUST_FLAG = "--no-sandbox-i-trust-these-submissions"


def cli(*args, root: Path, timeout: float = 600, env: dict | None = None):
    """Run ``python -m mtolab.instructor`` on the course at ``root``."""
    cmd = [sys.executable, "-m", "mtolab.instructor", *map(str, args), "--root", str(root)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root,
                          env={**os.environ, **(env or {})})


def course_copy(target: Path) -> Path:
    """nbgrader_config.py, solutions/ and exercises/ copied to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", target)
    for folder in (SOLUTIONS, EXERCISES):
        shutil.copytree(folder, target / folder.name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return target


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def notebook_of(folder: Path, assignment: str) -> Path:
    (path,) = sorted((folder / assignment).glob("*.ipynb"))
    return path


def read(folder: Path, assignment: str):
    return nbformat.read(notebook_of(folder, assignment), as_version=4)


def is_test(cell) -> bool:
    return bool(nbg(cell).get("grade")) and not nbg(cell).get("solution")


def is_answer(cell) -> bool:
    return bool(nbg(cell).get("solution")) and not nbg(cell).get("grade")


def answer_ids(nb) -> list[str]:
    return [nbg(c)["grade_id"] for c in nb.cells if is_answer(c) and c.cell_type == "code"]


def parts(nb) -> tuple[dict, dict]:
    """Points of each test cell, and the answer cell each belongs to (nearest above)."""
    points, owner, current = {}, {}, None
    for cell in nb.cells:
        if is_answer(cell):
            current = nbg(cell)["grade_id"]
        elif is_test(cell):
            points[nbg(cell)["grade_id"]] = float(nbg(cell)["points"])
            owner[nbg(cell)["grade_id"]] = current
    return points, owner


def headings(nb) -> dict:
    """The heading above every graded cell (without its "(N points)")."""
    found, current = {}, None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not nbg(cell).get("grade"):
            for line in cell.source.splitlines():
                m = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
                if m:  # without its "(2 points)" or "(1 point, code)"
                    current = re.sub(r"\s*\([^)]*\bpoints?\b[^)]*\)$", "", m.group(1))
        if nbg(cell).get("grade"):
            found[nbg(cell)["grade_id"]] = current
    return found


def digest(*paths: Path) -> dict:
    """sha256 of every file under ``paths``."""
    found = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for p in files:
            found[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def clone(node):
    return nbformat.from_dict(json.loads(json.dumps(node)))


def stubbed(solution, exercise, ids):
    """The solution with the answers ``ids`` put back to the released stub."""
    nb = clone(solution)
    released = {nbg(c).get("grade_id"): c for c in exercise.cells if nbg(c)}
    for i, cell in enumerate(nb.cells):
        if nbg(cell).get("grade_id") in ids:
            nb.cells[i] = clone(released[nbg(cell)["grade_id"]])
    return nb


def prefixed(nb, answer_id, code):
    """``nb`` with ``code`` run first in one answer cell."""
    nb = clone(nb)
    for cell in nb.cells:
        if nbg(cell).get("grade_id") == answer_id:
            cell.source = code + "\n" + cell.source
    return nb


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that contain ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(f"{entry.name}: {cmdline[:200]}")
    return found
