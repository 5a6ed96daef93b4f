"""``release``: run the solutions, then let nbgrader generate the student versions."""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .course import Course, CourseError, read_notebook, run_converter


def execute_solution(path: Path, timeout: int, log=None) -> tuple[list[str], float]:
    """Run a solution notebook; return its errors (one line per failing cell).

    The solutions are the instructor's own code: they run unsandboxed.  The
    kernel's own messages go to ``log`` (an open file) if given.
    """
    from nbclient import NotebookClient

    nb = read_notebook(path)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(**({} if log is None else {"stderr": log}))
    except Exception as exc:  # noqa: BLE001 - a dead kernel or a timeout
        return [f"the notebook did not run to the end: {type(exc).__name__}: {exc}"], 0.0
    errors = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                where = f"cell {index}" + (f" ({gid})" if gid else "")
                errors.append(f"{where}: {out.get('ename')}: {out.get('evalue')}"[:300])
    return errors, time.perf_counter() - start


def generate(course: Course, assignment: str, release_dir: Path | None = None) -> None:
    """nbgrader generate_assignment (forced) into ``release_dir`` or the release folder."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    extra = {}
    if release_dir is not None:
        extra["CourseDirectory.release_directory"] = str(release_dir)
    cfg = course.config(**extra)
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    app = GenerateAssignment(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_assignment = True
    run_converter(app, f"generate the release of {assignment}")


def release(course: Course, assignments=(), out=print) -> list[Path]:
    """Regenerate the released exercises from the solution notebooks.

    Every solution notebook is first run top to bottom (visible and hidden
    tests included); if any cell fails, nothing is released.  Then nbgrader
    ``generate_assignment --force`` rewrites ``exercises/<assignment>/`` and
    records the assignment (cells, points, checksums) in the gradebook.

    Parameters
    ----------
    course : Course
        The course.
    assignments : sequence of str
        Assignments to release; empty for all under the source folder.
    out : callable
        Where progress lines go.

    Returns
    -------
    list of pathlib.Path
        The released notebooks.

    Raises
    ------
    CourseError
        If a solution notebook fails to run or nbgrader fails.
    """
    names = course.check_assignments(assignments)
    timeout = int(course.setting("Execute", "timeout", 30))
    failures = []
    course.grading.mkdir(parents=True, exist_ok=True)
    paths = [p for name in names for p in sorted((course.source / name).glob("*.ipynb"))]
    # The solutions run side by side, one kernel each (they are independent).
    with open(course.grading / "kernels.log", "a") as log, \
            ThreadPoolExecutor(max_workers=max(1, min(len(paths), os.cpu_count() or 1))) as pool:
        runs = pool.map(lambda path: execute_solution(path, timeout, log), paths)
        for path, (errors, seconds) in zip(paths, runs, strict=True):
            if errors:
                failures.append(f"{course.rel(path)} fails:\n    " + "\n    ".join(errors))
                out(f"FAILED  {course.rel(path)}")
            else:
                out(f"ok      {course.rel(path)} runs cleanly ({seconds:.1f} s)")
    if failures:
        raise CourseError("nothing released, a solution notebook does not run:\n  "
                          + "\n  ".join(failures))
    written = []
    for name in names:
        generate(course, name)
        for path in sorted((course.release_dir / name).glob("*.ipynb")):
            written.append(path)
            out(f"released {course.rel(path)}")
    return written


def ensure_in_gradebook(course: Course, assignment: str, out=print) -> None:
    """Record ``assignment`` in the gradebook if it is not there yet.

    Autograding needs the released cells in the gradebook, which is not
    committed; on a fresh clone they are recorded from the solutions again
    (into a scratch folder, so ``exercises/`` is left alone).
    """
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            known = gb.find_assignment(assignment)
            if {nb.name for nb in known.notebooks} == set(course.notebooks(assignment)):
                return
        except MissingEntry:
            pass
    out(f"note: the gradebook does not know {assignment} yet; recording it from "
        f"{course.rel(course.source / assignment)}")
    with tempfile.TemporaryDirectory(prefix="mtolab-release-") as scratch:
        generate(course, assignment, release_dir=Path(scratch))
