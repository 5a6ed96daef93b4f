"""The assignments and their release: what nbgrader generates is what is committed.

Everything is read from the notebooks' nbgrader metadata, for every
assignment under ``solutions/``.  (``make test`` also runs every solution
notebook under nbval.)
"""

from __future__ import annotations

import re

import nbformat
import pytest
from classroom import ASSIGNMENTS, EXERCISES, SOLUTIONS, nbg, notebook_of, read

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
# A check: a bare assert, or one of mtolab.exercise's answer checks (they carry messages).
CHECK = re.compile(r"\bassert\b|\b(assert_close|number|choice|table|expect_error)\(")


def test_every_assignment_is_released_and_substantial():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS
    for assignment in ASSIGNMENTS:
        nb = read(SOLUTIONS, assignment)
        graded_cells = [nbg(c) for c in nb.cells if nbg(c).get("grade")]
        auto = [m for m in graded_cells if not m.get("solution")]
        manual = [m for m in graded_cells if m.get("solution")]
        assert len(graded_cells) >= 5, assignment
        assert sum(m["points"] for m in graded_cells) >= 10, assignment
        assert auto and manual, f"{assignment} mixes autograded and written parts"
        for cell in nb.cells:
            if nbg(cell).get("grade") and not nbg(cell).get("solution"):
                assert nbg(cell)["locked"], f"{assignment}: test cells are locked"
                visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
                assert CHECK.search(visible) and CHECK.search(hidden), (
                    f"{assignment} {nbg(cell)['grade_id']}: visible and hidden tests")
                bare = re.findall(r"^\s*assert .*$", visible, flags=re.M)
                assert all("," in line for line in bare), "visible asserts carry a message"
        assert any("solution-only" in c.metadata.get("tags", []) for c in nb.cells), (
            f"{assignment}: the solution explains its answers")


def test_committed_exercises_are_what_nbgrader_generates(released):
    def comparable(path):
        nb = nbformat.read(path, as_version=4)
        cells = [{k: v for k, v in cell.items() if k not in ("outputs", "execution_count")}
                 for cell in nb.cells]
        return {"cells": cells, "metadata": nb.metadata}

    committed = sorted(p.relative_to(EXERCISES) for p in EXERCISES.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    fresh_root = released / "exercises"
    fresh = sorted(p.relative_to(fresh_root) for p in fresh_root.rglob("*.ipynb"))
    assert committed == fresh, "exercises/ holds other notebooks than the release of solutions/"
    for rel in committed:
        assert comparable(EXERCISES / rel) == comparable(fresh_root / rel), (
            f"exercises/{rel} differs from nbgrader's release of solutions/: run "
            "python -m mtolab.instructor release")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_hold_no_solution_and_no_hidden_test(assignment):
    solution = read(SOLUTIONS, assignment)
    exercise = nbformat.read(notebook_of(EXERCISES, assignment), as_version=4)
    text = "\n".join(c.source for c in exercise.cells)
    for marker in MARKERS:
        assert marker not in text, f"{assignment}: '{marker}' left in the exercise"
    assert not [c for c in exercise.cells if "solution-only" in c.metadata.get("tags", [])]
    region = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", flags=re.S)
    secret, public = set(), set()
    for cell in solution.cells:
        if nbg(cell).get("solution") and cell.cell_type == "markdown":
            secret |= {ln.strip() for ln in cell.source.splitlines() if len(ln.strip()) > 12}
            continue
        for _, body in region.findall(cell.source):
            secret |= {ln.strip() for ln in body.splitlines()
                       if len(ln.strip()) > 12 and not ln.strip().startswith("#")}
        public |= {ln.strip() for ln in region.sub("", cell.source).splitlines()}
    secret -= public  # lines the learner is shown anyway (a visible test, given code)
    assert secret, "the solution has solution code and hidden tests"
    shown = {ln.strip() for c in exercise.cells for ln in c.source.splitlines()}
    leaked = sorted(secret & shown)
    assert not leaked, f"{assignment}: solution or hidden-test lines in the exercise: {leaked}"
    graded_ids = {nbg(c)["grade_id"] for c in solution.cells if nbg(c).get("grade")}
    assert graded_ids == {nbg(c)["grade_id"] for c in exercise.cells if nbg(c).get("grade")}
    for cell in exercise.cells:
        if nbg(cell).get("solution"):
            assert "YOUR CODE HERE" in cell.source or "YOUR ANSWER HERE" in cell.source
