"""The exercises and their grading through nbgrader, end to end.

One temporary copy of the course (``nbgrader_config.py`` and ``solutions/``)
is released, then a synthetic class hands in a mix of good, partial and
broken work, which is collected, autograded two students at a time, given
feedback and exported; the tests below check each step.  Nothing is written
into the repository's own ``grading/`` folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
ASSIGNMENTS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
FOCUS = "a1_make_to_stock"  # the assignment the synthetic class hands in
TIMEOUT = 10  # seconds per cell while grading the class (the endless loop costs this)
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
pytestmark = pytest.mark.timeout(600)


def cli(*args, root: Path, timeout: float = 400) -> subprocess.CompletedProcess:
    """Run ``python -m mtolab.instructor`` on the course at ``root``."""
    cmd = [sys.executable, "-m", "mtolab.instructor", *map(str, args), "--root", str(root)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=root)


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def notebook_of(folder: Path, assignment: str) -> Path:
    (path,) = sorted((folder / assignment).glob("*.ipynb"))
    return path


def parts(nb) -> tuple[dict, dict]:
    """Points of each test cell, and the answer cell each test cell belongs to.

    A test cell belongs to the nearest answer (solution) cell above it.
    """
    points, owner, current = {}, {}, None
    for cell in nb.cells:
        meta = nbg(cell)
        if meta.get("solution") and not meta.get("grade"):
            current = meta["grade_id"]
        elif meta.get("grade") and not meta.get("solution"):
            points[meta["grade_id"]] = float(meta["points"])
            owner[meta["grade_id"]] = current
    return points, owner


def digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------- the synthetic class
def clone(node):
    return nbformat.from_dict(json.loads(json.dumps(node)))


def stubbed(solution, exercise, answer_ids):
    """The solution notebook with some answers put back to the released stub."""
    nb = clone(solution)
    released = {nbg(c).get("grade_id"): c for c in exercise.cells if nbg(c)}
    for i, cell in enumerate(nb.cells):
        if nbg(cell).get("grade_id") in answer_ids:
            nb.cells[i] = clone(released[nbg(cell)["grade_id"]])
    return nb


def prefixed(solution, answer_id, code):
    """The solution notebook with ``code`` run first in one answer cell."""
    nb = clone(solution)
    for cell in nb.cells:
        if nbg(cell).get("grade_id") == answer_id:
            cell.source = code + "\n" + cell.source
    return nb


def answer_ids(nb) -> list[str]:
    return [nbg(c)["grade_id"] for c in nb.cells
            if nbg(c).get("solution") and not nbg(c).get("grade")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A released temporary course whose synthetic class has been graded."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(SOLUTIONS, root / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    release = cli("release", root=root)
    assert release.returncode == 0, release.stdout + release.stderr

    solution = nbformat.read(notebook_of(SOLUTIONS, FOCUS), as_version=4)
    exercise = nbformat.read(notebook_of(EXERCISES, FOCUS), as_version=4)
    points, owner = parts(solution)
    answers = answer_ids(solution)
    full = sum(points.values())

    def without(*broken):
        return full - sum(p for g, p in points.items() if owner[g] in broken)

    subs = root.parent / f"{root.name}-handed-in"
    subs.mkdir()
    expected = {}
    for assignment in ASSIGNMENTS:  # nbgrader's own layout: <student>/<assignment>/
        folder = subs / "model" / assignment
        folder.mkdir(parents=True)
        shutil.copy(notebook_of(SOLUTIONS, assignment), folder)
    expected["model"] = full

    def hand_in(student, nb):  # one notebook per student: <student>.ipynb
        nbformat.write(nb, subs / f"{student}.ipynb")

    hand_in("untouched", exercise)
    expected["untouched"] = 0.0
    broken = [answers[0], answers[3]]
    hand_in("partial", stubbed(solution, exercise, broken))
    expected["partial"] = without(*broken)
    hand_in("raises", prefixed(solution, answers[1], 'raise RuntimeError("my code breaks")'))
    expected["raises"] = without(answers[1])
    hand_in("loops", prefixed(solution, answers[2], "while True:\n    pass"))
    expected["loops"] = without(answers[2])
    tampered = clone(exercise)
    tests = [c for c in tampered.cells if nbg(c).get("grade") and not nbg(c).get("solution")]
    tampered.cells.remove(tests[0])  # deleted: nbgrader puts it back
    for cell in tests[1:]:  # edited: overwritten by the released test
        cell.source = "pass  # no tests here"
    hand_in("tampered", tampered)
    expected["tampered"] = 0.0
    (subs / "garbled.ipynb").write_text('{"cells": [ this is not JSON')
    (subs / "notes.txt").write_text("not a notebook")
    before = digest(subs)

    collect = cli("collect", subs, "--assignment", FOCUS, root=root)
    autograde = cli("autograde", "--jobs", 2, "--timeout", TIMEOUT, root=root)
    feedback = cli("feedback", root=root)
    export = cli("export", root=root)
    return {
        "root": root, "subs": subs, "before": before, "after": digest(subs),
        "collect": collect, "autograde": autograde, "feedback": feedback, "export": export,
        "expected": expected, "full": full,
    }


# ------------------------------------------------------------------- release
def test_every_assignment_is_released_and_substantial():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(notebook_of(SOLUTIONS, assignment), as_version=4)
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
                assert "assert" in visible and "assert" in hidden, (
                    f"{assignment} {nbg(cell)['grade_id']}: visible and hidden tests")
                assert re.search(r"assert .*,", visible) or re.search(r"\),? *\(", visible), (
                    "visible asserts carry a message")
        assert any("solution-only" in c.metadata.get("tags", []) for c in nb.cells), (
            f"{assignment}: the solution explains its answers")


def test_committed_exercises_are_what_nbgrader_generates(graded):
    def comparable(path):
        nb = nbformat.read(path, as_version=4)
        cells = []
        for cell in nb.cells:
            c = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count")}
            cells.append(c)
        return {"cells": cells, "metadata": nb.metadata}

    committed = sorted(p.relative_to(EXERCISES) for p in EXERCISES.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    fresh_root = graded["root"] / "exercises"
    fresh = sorted(p.relative_to(fresh_root) for p in fresh_root.rglob("*.ipynb"))
    assert committed == fresh, "exercises/ holds other notebooks than the release of solutions/"
    for rel in committed:
        assert comparable(EXERCISES / rel) == comparable(fresh_root / rel), (
            f"exercises/{rel} differs from nbgrader's release of solutions/: run "
            "python -m mtolab.instructor release")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_exercises_hold_no_solution_and_no_hidden_test(assignment):
    solution = nbformat.read(notebook_of(SOLUTIONS, assignment), as_version=4)
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


# ------------------------------------------------------------------- grading
def rows(graded) -> list[dict]:
    with open(graded["root"] / "grading" / "grades.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def test_collect_places_every_layout_and_reports_the_rest(graded):
    out = graded["collect"].stdout
    assert graded["collect"].returncode == 0, out + graded["collect"].stderr
    submitted = graded["root"] / "grading" / "submitted"
    for student in graded["expected"]:
        assert (submitted / student / FOCUS / f"{FOCUS}.ipynb").is_file(), student
    for assignment in ASSIGNMENTS:
        assert (submitted / "model" / assignment).is_dir()
    assert "notes.txt" in out and "not placed" in out
    assert "garbled.ipynb" in out and "not a valid notebook" in out


def test_autograde_finishes_the_batch_and_reports_the_broken_one(graded):
    run = graded["autograde"]
    out = run.stdout
    assert run.returncode == 1, "a submission could not be graded: exit code 1\n" + out
    total = len(graded["expected"]) + 1 + len(ASSIGNMENTS) - 1  # + garbled + model's others
    progress = re.findall(r"^\[(\d+)/(\d+)\] (\S+) (\S+):", out, flags=re.M)
    assert len(progress) == total and {int(t) for _, t, _, _ in progress} == {total}, out
    assert re.search(r"garbled a1_make_to_stock: NOT GRADED: .*not a valid notebook", out), out
    assert re.search(r"loops a1_make_to_stock: .*cut at the time limit", out), out
    assert f"graded {total - 1} of {total}" in out


def test_scores_are_right_for_every_kind_of_submission(graded):
    got = {(r["student_id"], r["assignment"]): r for r in rows(graded)}
    for student, points in graded["expected"].items():
        row = got[(student, FOCUS)]
        assert row["submitted"] == "True", student
        assert float(row["code_score"]) == pytest.approx(points), (student, row)
        assert float(row["max_code_score"]) == pytest.approx(graded["full"])
    assert 0 < graded["expected"]["partial"] < graded["full"]
    assert got[("garbled", FOCUS)]["submitted"] == "False"
    assert float(got[("garbled", FOCUS)]["score"]) == 0


def test_every_solution_scores_full_marks(graded):
    got = {(r["student_id"], r["assignment"]): r for r in rows(graded)}
    for assignment in ASSIGNMENTS:
        row = got[("model", assignment)]
        assert float(row["max_code_score"]) > 0
        assert float(row["code_score"]) == float(row["max_code_score"]), (assignment, row)
        assert row["needs_manual_grade"] == "True"  # the written answers


def test_grades_csv_has_one_row_per_student_and_assignment(graded):
    assert graded["export"].returncode == 0, graded["export"].stderr
    table = rows(graded)
    students = set(graded["expected"]) | {"garbled"}
    keys = [(r["student_id"], r["assignment"]) for r in table]
    assert sorted(keys) == sorted((s, a) for s in students for a in ASSIGNMENTS)
    for r in table:
        if r["student_id"] != "model" and r["assignment"] != FOCUS:
            assert r["submitted"] == "False" and float(r["score"]) == 0
        assert float(r["score"]) <= float(r["max_score"])


def test_gradebook_is_sound_and_submissions_untouched(graded):
    db = graded["root"] / "grading" / "gradebook.db"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert graded["after"] == graded["before"], "grading changed a handed-in file"
    assert not list(graded["root"].glob(".nbgrader.log"))


def test_feedback_is_written_for_graded_submissions(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    feedback = graded["root"] / "grading" / "feedback"
    for student in graded["expected"]:
        (page,) = (feedback / student / FOCUS).glob("*.html")
        assert "Score" in page.read_text() or "score" in page.read_text()
    assert not (feedback / "garbled").exists()


def test_regrading_keeps_manual_grades(graded):
    from nbgrader.api import Gradebook

    root = graded["root"]
    url = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    solution = nbformat.read(notebook_of(SOLUTIONS, FOCUS), as_version=4)
    written = next(nbg(c) for c in solution.cells if nbg(c).get("grade") and nbg(c).get("solution"))
    with Gradebook(url) as gb:
        grade = gb.find_grade(written["grade_id"], FOCUS, FOCUS, "model")
        grade.manual_score = written["points"]
        gb.db.commit()
    run = cli("autograde", FOCUS, "--student", "model", "--jobs", 1, root=root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "[1/1] model a1_make_to_stock" in run.stdout
    with Gradebook(url) as gb:
        sub = gb.find_submission(FOCUS, "model")
        assert sub.code_score == graded["full"]
        assert gb.find_grade(written["grade_id"], FOCUS, FOCUS, "model").manual_score == (
            written["points"])
        assert sub.score == pytest.approx(graded["full"] + written["points"])


# ------------------------------------------------------------------ messages
def test_clear_errors(tmp_path, graded):
    root = graded["root"]
    missing = cli("collect", tmp_path / "nowhere", root=root)
    assert missing.returncode == 2 and "no submissions folder at" in missing.stderr
    assert str(tmp_path / "nowhere") in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = cli("collect", empty, root=root)
    assert nothing.returncode == 2 and f"no submissions found in {empty}" in nothing.stderr
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", bare)
    shutil.copytree(SOLUTIONS, bare / "solutions")
    none = cli("autograde", root=bare)
    assert none.returncode == 2 and "no submissions found in grading/submitted" in none.stderr
    unknown = cli("release", "a9_nonexistent", root=bare)
    assert unknown.returncode == 2 and "unknown assignment a9_nonexistent" in unknown.stderr


def test_solutions_run_under_nbval():
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         *map(str, sorted(SOLUTIONS.glob("*/*.ipynb")))],
        capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"(\d+) passed", run.stdout)
