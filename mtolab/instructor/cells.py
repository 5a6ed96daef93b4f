"""What an assignment's notebooks are made of, read from their nbgrader metadata.

Everything about an assignment (its graded parts, their points and names,
which test belongs to which answer) comes from the cells' ``nbgrader``
metadata and the headings above them, never from a list kept here.  This
module also puts a submission back in shape before nbgrader sees it: cells
the learner deleted come back from the release, in their place, and cell
metadata the learner changed is reset to the release's.
"""

from __future__ import annotations

import copy
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .course import Course, read_notebook

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
POINTS = re.compile(r"\s*[\(\[][^\)\]]*\b\d+(?:[.,]\d+)?\s*(?:points?|pts?|poeng|p)\b[^\)\]]*"
                    r"[\)\]]\s*$", re.I)  # "(2 points)", "(1 point, code)"
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\s*$.*?^[ \t]*### END HIDDEN TESTS\s*$\n?",
                    re.S | re.M)
# The nbgrader metadata that decides how a cell is graded; a submission's
# copy must match the release's.
GRADING_KEYS = ("grade", "solution", "locked", "points", "task", "grade_id")


def nbg(cell) -> dict:
    """A cell's nbgrader metadata (empty when it has none)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell) -> str | None:
    return nbg(cell).get("grade_id")


def is_test(cell) -> bool:
    """An autograded test cell: graded, not an answer."""
    m = nbg(cell)
    return bool(m.get("grade")) and not m.get("solution") and cell.get("cell_type") == "code"


def is_answer(cell) -> bool:
    """A cell the learner writes in (code or written answer)."""
    return bool(nbg(cell).get("solution"))


def is_locked(cell) -> bool:
    return bool(nbg(cell).get("locked"))


def heading_text(line: str) -> str | None:
    """``"Part A: mean absolute deviation"`` from ``"## Part A: ... (2 points)"``."""
    match = HEADING.match(line)
    if not match:
        return None
    text = POINTS.sub("", match.group(1)).strip()
    return text or None


@dataclass(frozen=True)
class Part:
    """One graded cell of a notebook, named by the heading above it."""

    grade_id: str
    name: str
    points: float
    kind: str  # "tests" (autograded), "written" (graded by hand), "code" (graded by hand)
    answer: str | None  # the answer cell a test cell belongs to (nearest above it)


def parts(nb) -> list[Part]:
    """The graded cells of ``nb`` in order, each named by its heading."""
    found, heading, answer = [], None, None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not nbg(cell).get("grade"):
            for line in cell.source.splitlines():
                heading = heading_text(line) or heading
        meta = nbg(cell)
        if meta.get("solution") and not meta.get("grade"):
            answer = meta.get("grade_id")
        if not meta.get("grade"):
            continue
        gid = meta["grade_id"]
        if meta.get("solution"):
            kind = "written" if cell.cell_type == "markdown" else "code"
        else:
            kind = "tests"
        found.append(Part(gid, heading or gid, float(meta.get("points") or 0), kind,
                          answer if kind == "tests" else gid))
    return found


def strip_hidden_tests(source: str) -> str:
    """``source`` without its ``### BEGIN/END HIDDEN TESTS`` regions."""
    return HIDDEN.sub("", source)


# ------------------------------------------------------------------- release
def load_release(course: Course, assignment: str) -> dict:
    """The released notebooks of ``assignment``: ``{notebook name: notebook}``.

    Read from the release folder (``exercises/``); if an assignment is not
    released there, nbgrader generates it into a scratch folder.
    """
    names = course.notebooks(assignment)
    paths = {name: course.released(assignment, name) for name in names}
    if all(p.is_file() for p in paths.values()):
        return {name: read_notebook(p) for name, p in paths.items()}
    from .release import generate

    with tempfile.TemporaryDirectory(prefix="mtolab-release-") as scratch:
        generate(course, assignment, release_dir=Path(scratch))
        return {name: read_notebook(Path(scratch) / assignment / f"{name}.ipynb")
                for name in names}


def grade_ids(nb) -> set[str]:
    return {gid for gid in map(grade_id, nb.cells) if gid}


def identify(nb, target: str, releases: dict[str, set[str]]) -> str | None:
    """Why ``nb`` is not a notebook of ``target``, or ``None`` if it is.

    ``releases`` maps every assignment to the grade ids of its released
    notebooks.  A submission belongs to the assignment with which it shares
    the most graded or locked cells (by nbgrader grade id).
    """
    ids = grade_ids(nb)
    shared = {name: len(ids & known) for name, known in releases.items()}
    best = max(shared, key=lambda name: (shared[name], name == target))
    if shared[best] == 0:
        return (f"holds none of {target}'s cells (no nbgrader grade id of its release): "
                "it was not started from the released notebook")
    if best != target and shared[best] > shared[target]:
        return (f"this is the notebook of {best} ({shared[best]} of its "
                f"{len(releases[best])} nbgrader cells), handed in as {target}: not graded "
                f"as {target}; collect it with --assignment {best}")
    return None


# ------------------------------------------------------------------- restore
def _key(cell) -> str | None:
    gid = grade_id(cell)
    return f"grade:{gid}" if gid else (f"id:{cell['id']}" if cell.get("id") else None)


def _convert(cell, cell_type: str) -> None:
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


def _repair(cell, released, where: str) -> list[str]:
    """Reset ``cell``'s grading metadata (and locked source) to the release's."""
    notes = []
    want, have = nbg(released), nbg(cell)
    changed = [k for k in GRADING_KEYS if bool(want.get(k)) != bool(have.get(k))
               or (k == "points" and float(want.get(k) or 0) != float(have.get(k) or 0))]
    if changed:
        notes.append(f"{where}: {', '.join(changed)} reset to the release's")
    cell.metadata["nbgrader"] = copy.deepcopy(want)
    for key in ("deletable", "editable"):
        if key in released.metadata:
            cell.metadata[key] = released.metadata[key]
    if cell.cell_type != released.cell_type:
        notes.append(f"{where}: turned back into a {released.cell_type} cell")
        _convert(cell, released.cell_type)
    if want.get("locked") and cell.source != released.source:
        cell.source = released.source  # nbgrader puts the gradebook's version back too
    return notes


def repair(nb, release) -> list[str]:
    """Reset the nbgrader metadata of ``nb``'s cells (in place) to the release's.

    A test cell with ``grade`` switched off, an answer marked graded, changed
    points: each is reset, and locked cells get their released source back.
    Cells with a grade id the release does not have, or a second copy of one,
    become ordinary cells.  No cell is added or removed, so cell numbers stay
    those of the submission.  Returns one note per change.
    """
    released = {grade_id(c): c for c in release.cells if grade_id(c)}
    notes, seen = [], set()
    for index, cell in enumerate(nb.cells):
        gid = grade_id(cell)
        if "nbgrader" not in cell.get("metadata", {}):
            continue
        where = f"cell {index + 1}" + (f" ({gid})" if gid else "")
        if gid not in released or gid in seen:
            why = "a second copy" if gid in seen else "not a cell of the release"
            notes.append(f"{where}: {why}, graded as an ordinary cell")
            del cell.metadata["nbgrader"]
            continue
        seen.add(gid)
        notes += _repair(cell, released[gid], where)
    return notes


def put_back(nb, release) -> list[str]:
    """Put every released cell with nbgrader metadata that ``nb`` lacks back, in place.

    Each comes back right after the cell that precedes it in the release, so
    an answer and its tests deleted together come back in order (the answer
    as its unanswered stub, which scores nothing).
    """
    cells = list(nb.cells)
    present = {_key(c) for c in cells if _key(c)}
    anchor, missing = -1, []
    for rel_cell in release.cells:
        key = _key(rel_cell)
        if key in present:
            anchor = next(i for i, c in enumerate(cells) if _key(c) == key)
        elif grade_id(rel_cell):
            cells.insert(anchor + 1, copy.deepcopy(rel_cell))
            anchor += 1
            present.add(key)
            missing.append(grade_id(rel_cell))
    nb.cells = cells
    if not missing:
        return []
    return [f"{len(missing)} deleted cell(s) put back from the release: " + ", ".join(missing)]


def restore(nb, release) -> list[str]:
    """:func:`repair` then :func:`put_back`: ``nb`` in the release's shape (in place)."""
    return repair(nb, release) + put_back(nb, release)
