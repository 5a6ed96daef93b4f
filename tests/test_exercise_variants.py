"""Learner answers graded exactly as the instructor grades them: every right form gets full marks.

A temporary copy of the course (``nbgrader_config.py`` and ``solutions/``) is
released; every variant of ``tests/exercise_variants.py`` (right in several
forms, rounded, warning, partial, wrong type, plausible wrong, wrong,
untouched) is handed in, and the whole batch is collected, autograded two at
a time and exported with ``python -m mtolab.instructor``, as an instructor
would.  The tests read the exported grades (``student_id``, ``assignment``,
``score``, ``max_score``) and the autograded notebooks' outputs:

- each variant scores exactly the points of the checks it should pass;
- a check that should fail fails the way it should (a visible check for a
  plausible mistake, "not answered yet" with a hint for an untouched part)
  and its output says what the variant says it must;
- checks that pass write nothing to stderr (warnings are shown, as a note,
  on stdout), and an answer accepted in another form gets the note it should;
- no hidden check's message, and no message to a wrong answer, shows a
  graded number.

The Norwegian assignments are graded with the same variants (their answers
in the Norwegian notebooks, their messages checked in Norwegian; see
``tests/exercise_variants.py``).  Only the assignments of the selected tests
are released and graded: ``-k a1`` grades both editions of exercise 1,
``-k nb`` the Norwegian edition.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from exercise_variants import (
    GRADED,
    NB_SAYS,
    SHOWN,
    VARIANTS,
    WRITTEN,
    Variant,
    english,
    references,
    resolve,
)

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = sorted({v.assignment for v in VARIANTS})
ANSI = re.compile(r"\x1b\[[0-9;]*m")
pytestmark = pytest.mark.timeout(900)


def instructor(*args, root: Path) -> subprocess.CompletedProcess:
    """``python -m mtolab.instructor ARGS --root ROOT``, as an instructor runs it."""
    cmd = [sys.executable, "-m", "mtolab.instructor", *map(str, args), "--root", str(root)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=root)


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def clone(nb):
    return nbformat.from_dict(json.loads(json.dumps(nb)))


def check_cells(nb) -> dict:
    """grade_id -> points of every autograded (check) cell."""
    return {nbg(c)["grade_id"]: float(nbg(c)["points"]) for c in nb.cells
            if nbg(c).get("grade") and not nbg(c).get("solution")}


def hand_in(variant: Variant, solution, exercise, refs: dict):
    """The notebook a learner hands in for ``variant`` (numbers filled in from ``refs``)."""
    nb = clone(solution if variant.base == "solution" else exercise)
    ids = {nbg(c).get("grade_id"): c for c in nb.cells if nbg(c)}
    unknown = set(variant.answers) - set(ids)
    assert not unknown, f"{variant.student}: no answer cells {sorted(unknown)}"
    for grade_id, source in variant.answers.items():
        ids[grade_id].source = resolve(source, refs).strip("\n")
    if variant.base == "exercise" and variant.kind != "untouched":
        for cell in nb.cells:  # a learner who answers code parts also writes something
            if nbg(cell).get("solution") and cell.cell_type == "markdown":
                cell.source = WRITTEN
    return nb


def text_of(cell, *kinds) -> str:
    """The cell's outputs of the given kinds ("stdout", "stderr", "error"), as plain text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and out.name in kinds:
            parts.append(out.text)
        elif out.output_type == "error" and "error" in kinds:
            parts.append("\n".join(out.traceback))
    return ANSI.sub("", "\n".join(parts))


def selected_assignments(session) -> list:
    """The assignments the selected tests grade: those of the selected variants, or all
    when a selected test looks at every variant (all, unless ``-k`` deselects)."""
    chosen = set()
    for item in session.items:
        if item.module.__name__ != __name__ or "graded" not in getattr(item, "fixturenames", ()):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "variant" not in params:
            return ASSIGNMENTS
        chosen.add(params["variant"].assignment)
    return sorted(chosen) or ASSIGNMENTS


@pytest.fixture(scope="module")
def graded(tmp_path_factory, request):
    """Release, hand in every variant, collect, autograde (2 jobs) and export, once."""
    assignments = selected_assignments(request.session)
    root = tmp_path_factory.mktemp("variants")
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(SOLUTIONS, root / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    release = instructor("release", *assignments, root=root)
    assert release.returncode == 0, release.stdout + release.stderr

    subs = root.parent / f"{root.name}-handed-in"
    solutions, points, refs = {}, {}, references()
    for assignment in assignments:
        solution = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
        exercise = nbformat.read(root / "exercises" / assignment / f"{assignment}.ipynb",
                                 as_version=4)
        solutions[assignment] = solution
        points[assignment] = check_cells(solution)
        for variant in (v for v in VARIANTS if v.assignment == assignment):
            folder = subs / variant.student / assignment
            folder.mkdir(parents=True)
            nbformat.write(hand_in(variant, solution, exercise, refs),
                           folder / f"{assignment}.ipynb")

    collect = instructor("collect", subs, root=root)
    assert collect.returncode == 0, collect.stdout + collect.stderr
    autograde = instructor("autograde", *assignments, "--jobs", 2, root=root)
    assert autograde.returncode == 0, autograde.stdout + autograde.stderr
    grades = root / "variant-grades.csv"
    export = instructor("export", "--to", grades, root=root)
    assert export.returncode == 0, export.stdout + export.stderr
    with open(grades, newline="") as fh:
        rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(fh)}

    def autograded(variant: Variant):
        found = sorted((root / "grading" / "autograded").glob(
            f"{variant.student}/{variant.assignment}/*.ipynb"))
        assert found, f"no autograded notebook of {variant.student} under grading/autograded"
        nb = nbformat.read(found[0], as_version=4)
        return {nbg(c)["grade_id"]: c for c in nb.cells if nbg(c).get("grade_id")}

    return {"rows": rows, "points": points, "solutions": solutions, "autograded": autograded,
            "references": refs, "variants": [v for v in VARIANTS if v.assignment in assignments]}


def ids(variants):
    return [v.student for v in variants]


@pytest.mark.parametrize("variant", VARIANTS, ids=ids(VARIANTS))
def test_variant_scores_the_points_of_the_checks_it_passes(graded, variant):
    row = graded["rows"][(variant.student, variant.assignment)]
    points = graded["points"][variant.assignment]
    unknown = set(variant.fails) - set(points)
    assert not unknown, f"{variant.student}: no check cells {sorted(unknown)}"
    expected = sum(p for g, p in points.items() if g not in variant.fails)
    total = sum(float(nbg(c)["points"]) for c in graded["solutions"][variant.assignment].cells
                if nbg(c).get("grade"))
    assert float(row["max_score"]) == pytest.approx(total), row
    assert float(row["score"]) == pytest.approx(expected), (
        f"{variant.student} ({variant.kind}) scored {row['score']}, expected {expected}")
    if variant.kinds & {"right", "rounded", "warning"}:
        assert expected == sum(points.values()), "a right form gets every automatic point"


@pytest.mark.parametrize("variant", VARIANTS, ids=ids(VARIANTS))
def test_each_check_passes_or_fails_as_it_should(graded, variant):
    cells = graded["autograded"](variant)
    for grade_id in graded["points"][variant.assignment]:
        cell = cells[grade_id]
        stderr, error = text_of(cell, "stderr"), text_of(cell, "error")
        how = variant.fails.get(grade_id)
        where = f"{variant.student} {grade_id}"
        shown = SHOWN[variant.language]
        if how is None:
            stdout = text_of(cell, "stdout")
            assert not stderr and not error, f"{where} should pass quietly:\n{stderr}{error}"
            assert shown["passed"] in stdout, where
            for phrase in variant.says.get(grade_id, []):
                assert phrase in stdout, f"{where}: its note should say {phrase!r}:\n{stdout}"
            continue
        if how == "not answered":
            assert not error, f"{where}: 'not answered yet' without a traceback:\n{error}"
            assert shown["not answered"] in stderr and shown["hint"] in stderr, (
                f"{where}:\n{stderr}")
            continue
        assert error, f"{where} should fail with a message, shows:\n{stderr}"
        assert shown["hint"] in error, f"{where}: a failed check gives the part's hint:\n{error}"
        if how == "hidden":
            assert shown["hidden"] in error, f"{where} should pass the visible checks:\n{error}"
        else:  # "visible" or "error": the learner sees it before handing in
            assert shown["hidden"] not in error, f"{where} must fail a visible check:\n{error}"
        for phrase in variant.says.get(grade_id, []):
            assert phrase in error, f"{where}: the message should say {phrase!r}:\n{error}"


def test_warnings_cost_nothing_and_are_shown(graded):
    for variant in (v for v in graded["variants"] if "warning" in v.kinds):
        cells = graded["autograded"](variant)
        notes = [g for g in graded["points"][variant.assignment]
                 if SHOWN[variant.language]["note"] in text_of(cells[g], "stdout")]
        assert notes, f"{variant.student}: its warnings are shown as a note on stdout"


def shown_forms(x: float) -> set:
    """How a number may be written: to 2 or 3 decimals (1 when it is 10 or more), with a
    decimal point or, as in Norwegian, a decimal comma and a minus sign."""
    forms = {f"{x:.2f}", f"{x:.3f}"}
    if abs(x) >= 10:
        forms.add(f"{x:.1f}")
    if 0 < x < 1:  # a fraction is also shown as a percentage
        forms |= {f"{100 * x:.1f}", f"{100 * x:.2f}"}
    return forms | {f.replace(".", ",").replace("-", "\u2212") for f in forms}


def test_no_message_reveals_a_graded_number(graded):
    numbers = {a: [graded["references"][k] for k in keys] for a, keys in GRADED.items()}
    for variant in graded["variants"]:
        # A wrong type may repeat the learner's own (right) number back: only the
        # hidden checks' messages are searched there.
        own = bool(variant.kinds & {"right", "rounded", "warning", "wrong type"})
        cells = graded["autograded"](variant)
        hidden = SHOWN[variant.language]["hidden"]
        for grade_id in graded["points"][variant.assignment]:
            text = text_of(cells[grade_id], "stderr", "error")
            if own:
                text = "\n".join(line for line in text.splitlines() if hidden in line)
            for x in numbers[english(variant.assignment)]:
                for shown in shown_forms(x):
                    if re.search(rf"(?<![\d.,]){re.escape(shown)}(?!\d)", text):
                        pytest.fail(f"{variant.student} {grade_id} shows the graded number "
                                    f"{shown}:\n{text}")


def test_every_kind_of_answer_is_tried_for_every_assignment():
    kinds = {"right", "rounded", "warning", "partial", "wrong type", "plausible wrong", "wrong",
             "untouched"}
    for assignment in ASSIGNMENTS:
        tried = set().union(*(v.kinds for v in VARIANTS if v.assignment == assignment))
        assert tried == kinds, (assignment, kinds - tried)
        right_forms = [v for v in VARIANTS if v.assignment == assignment and v.kind == "right"]
        assert len(right_forms) >= 2, "the solution and at least one alternative right form"
    assert sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir()) == ASSIGNMENTS


def test_every_text_a_norwegian_variant_expects_is_given_in_norwegian():
    missing = sorted({text for v in VARIANTS if v.language == "nb"
                      for texts in v.says.values() for text in texts if text.startswith("<no ")})
    assert not missing, missing
    assert all(text.strip() for text in NB_SAYS.values())
