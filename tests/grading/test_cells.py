"""Putting a submission back in the release's shape, and telling assignments apart.

Run on every assignment; parts, ids and points come from the metadata.
"""

from __future__ import annotations

import pytest
from classroom import ASSIGNMENTS, EXERCISES, SOLUTIONS, clone, nbg, parts, read

from mtolab.instructor.cells import grade_ids, identify, put_back, repair
from mtolab.instructor.cells import parts as named_parts

RELEASES = {a: grade_ids(read(EXERCISES, a)) for a in ASSIGNMENTS}


def ids(nb) -> list:
    return [nbg(c).get("grade_id") for c in nb.cells if nbg(c).get("grade_id")]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_deleted_answers_and_tests_come_back_in_order(assignment):
    solution, release = read(SOLUTIONS, assignment), read(EXERCISES, assignment)
    points, owner = parts(solution)
    for answer in sorted(set(owner.values())):
        gone = {answer} | {g for g, o in owner.items() if o == answer}
        nb = clone(solution)
        nb.cells = [c for c in nb.cells if nbg(c).get("grade_id") not in gone]
        notes = put_back(nb, release)
        assert ids(nb) == ids(release), answer
        assert notes and all(g in notes[0] for g in gone)
        back = next(c for c in nb.cells if nbg(c).get("grade_id") == answer)
        stub = next(c for c in release.cells if nbg(c).get("grade_id") == answer)
        assert back.source == stub.source, "an answer comes back as the unanswered stub"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_changed_grading_metadata_is_reset_to_the_release(assignment):
    solution, release = read(SOLUTIONS, assignment), read(EXERCISES, assignment)
    want = {nbg(c)["grade_id"]: dict(nbg(c)) for c in release.cells if nbg(c).get("grade_id")}
    nb = clone(solution)
    test = next(c for c in nb.cells if nbg(c).get("grade") and not nbg(c).get("solution"))
    test.metadata["nbgrader"]["grade"] = False  # "grade" switched off
    answer = next(c for c in nb.cells if nbg(c).get("solution") and not nbg(c).get("grade"))
    answer.metadata["nbgrader"].update(grade=True, points=5)  # an answer marked graded
    answer_source = answer.source
    nb.cells.append(clone(test))  # a second copy of a test
    notes = repair(nb, release)
    for cell in nb.cells[:-1]:
        gid = nbg(cell).get("grade_id")
        if gid:
            for key in ("grade", "solution", "locked", "points"):
                assert nbg(cell).get(key) == want[gid].get(key), (gid, key)
    assert "nbgrader" not in nb.cells[-1].metadata, "the copy is an ordinary cell"
    assert answer.source == answer_source, "the learner's answer is kept"
    assert len(notes) == 3, notes


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_notebook_is_told_apart_from_the_other_assignments(assignment):
    for folder in (SOLUTIONS, EXERCISES):
        assert identify(read(folder, assignment), assignment, RELEASES) is None
    for other in set(ASSIGNMENTS) - {assignment}:
        why = identify(read(SOLUTIONS, other), assignment, RELEASES)
        assert why and f"notebook of {other}" in why and f"handed in as {assignment}" in why


def test_a_notebook_without_released_cells_is_not_taken():
    nb = clone(read(SOLUTIONS, ASSIGNMENTS[0]))
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    assert "holds none of" in identify(nb, ASSIGNMENTS[0], RELEASES)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_parts_are_named_by_their_heading_with_their_points(assignment):
    release = read(EXERCISES, assignment)
    points, owner = parts(release)
    found = {p.grade_id: p for p in named_parts(release)}
    for gid, value in points.items():
        assert found[gid].points == value and found[gid].kind == "tests"
        assert found[gid].answer == owner[gid]
        assert "point" not in found[gid].name and found[gid].name != gid
