"""``autograde``: grade every collected submission, sandboxed, in parallel.

For each submission the parent process (trusted, never runs submitted code):

1. reads the collected notebook (read-only), rejects it with the reason if
   it is not a notebook or is another assignment's, resets the cells'
   nbgrader metadata to the release's, scans the code for tampering, puts
   deleted cells back from the release, and writes the result into a scratch
   folder;
2. hands it to a worker process, which runs nbgrader's Autograde against a
   private copy of the gradebook, the kernel sandboxed
   (:mod:`~mtolab.instructor.execute`);
3. copies the automatic grades into the class gradebook (its only writer)
   and the autograded notebook into ``grading/autograded/``.

Before the run the gradebook is copied aside, after it it is checked
(:mod:`~mtolab.instructor.gradebook`).  Each submission's outcome (graded,
review, not graded, stale) goes to ``grading/status.json`` for ``export``.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import gradebook, status
from .cells import grade_ids, identify, load_release, put_back, repair
from .course import Course, CourseError, copy_db, read_notebook
from .release import ensure_in_gradebook
from .sandbox import TRUST_FLAG, Sandbox, build_matplotlib_cache
from .scan import scan_notebook
from .worker import Worker

TIME_LIMIT = 120  # seconds a whole submission may run (c.MtolabGrading.time_limit)
WORKER_MARGIN = 120  # seconds a worker may take beyond it (nbgrader's own work) before it is killed


@dataclass
class GradeResult:
    """One submission's outcome."""

    student: str
    assignment: str
    ok: bool
    seconds: float = 0.0
    score: float = 0.0
    max_score: float = 0.0
    code_score: float = 0.0
    max_code_score: float = 0.0
    notes: list = field(default_factory=list)  # what was repaired, cut or not run
    error: str = ""  # why it was not graded
    review: list = field(default_factory=list)  # tampering found (scan and guard)
    status: str = ""  # graded, review, not graded, stale
    cpu: float = 0.0  # CPU seconds its worker and kernel used

    @property
    def problem(self) -> str:
        """One line saying what went wrong, or "" for a clean submission."""
        if self.status in (status.NOT_GRADED, status.STALE):
            return f"{self.status}: {self.error}"
        causes = []
        if self.review:
            more = f" (+{len(self.review) - 1} more)" if len(self.review) > 1 else ""
            causes.append(f"review: {self.review[0]}{more}")
        causes += self.notes
        return "; ".join(causes)


@dataclass
class _Task:
    assignment: str
    student: str
    folder: Path  # scratch folder of this task
    notes: list = field(default_factory=list)
    review: list = field(default_factory=list)


def submissions(course: Course, assignments) -> list[tuple[str, str]]:
    """(assignment, student) pairs with a folder under the submitted folder."""
    tasks = []
    for name in assignments:
        for folder in sorted(course.submitted.glob(f"*/{name}")):
            if folder.is_dir():
                tasks.append((name, folder.parent.name))
    return tasks


def prepare(course: Course, task: _Task, releases: dict, release_ids: dict) -> None:
    """Write the repaired copy of one submission into ``task.folder/submitted``.

    Raises CourseError with the reason when it cannot be graded.
    """
    import nbformat

    src = course.submission_dir(task.student, task.assignment)
    dest = task.folder / "submitted" / task.student / task.assignment
    dest.mkdir(parents=True)
    notebooks = sorted(p for p in src.glob("*.ipynb") if p.is_file() and not p.is_symlink())
    if not notebooks:
        raise CourseError("the folder holds no notebook")
    release = releases[task.assignment]
    for path in sorted(src.iterdir()):
        if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
            shutil.copyfile(path, dest / path.name)  # timestamp.txt, the learner's data files
    for path in notebooks:
        if path.stem not in release:
            task.notes.append(f"{path.name} is not a notebook of {task.assignment}, ignored")
            continue
        nb = read_notebook(path)
        wrong = identify(nb, task.assignment, release_ids)
        if wrong:
            raise CourseError(f"{path.name}: {wrong}")
        task.notes += repair(nb, release[path.stem])
        task.review += [str(f) for f in scan_notebook(nb)]
        task.notes += put_back(nb, release[path.stem])
        nbformat.write(nb, dest / path.name)
    if not any(dest.glob("*.ipynb")):
        raise CourseError(f"none of its notebooks is one of {task.assignment}'s "
                          f"({', '.join(f'{n}.ipynb' for n in release)})")


def _describe(result: GradeResult) -> str:
    if result.status in (status.GRADED, status.REVIEW):
        manual = result.max_score - result.max_code_score
        msg = f"{result.code_score:g}/{result.max_code_score:g} points"
        if manual:
            msg += f" (+{manual:g} to grade by hand)"
        msg += f" ({result.seconds:.1f} s)"
        if result.review:
            more = len(result.review) - 2
            msg += "; REVIEW: " + " | ".join(result.review[:2]) + (
                f" | (+{more} more in the grades)" if more > 0 else "")
        if result.notes:
            msg += "; " + "; ".join(result.notes)
        return msg
    if result.status == status.STALE:
        return (f"STALE: re-grade failed ({result.error}); the earlier score "
                f"{result.code_score:g}/{result.max_code_score:g} is kept")
    return f"NOT GRADED: {result.error}"


def _finish(course: Course, result: GradeResult) -> None:
    """Decide the result's status, from the gradebook (an earlier grade makes it stale)."""
    if result.ok:
        result.status = status.REVIEW if result.review else status.GRADED
        return
    earlier = gradebook.scores(course, result.assignment, result.student)
    result.status = status.STALE if earlier else status.NOT_GRADED
    if earlier:
        for key, value in earlier.items():
            setattr(result, key, value)


def _runtime_findings(answer: dict) -> tuple[list[str], list[str]]:
    """(review, notes) from what the executor saw while the notebooks ran."""
    review, notes = [], []
    for run in answer.get("runs", []):
        review += [f"the grading guard {text}" for text in run.get("restored", [])]
        review += [f"{where}: the grading guard could not run (the test scored nothing)"
                   for where in run.get("guard_failed", [])]
        if run.get("died"):
            notes.append(f"{run['died']}; {run.get('not_run', 0)} cell(s) below not run, "
                         "the points of the cells before kept")
        if run.get("stopped"):
            notes.append(f"{run['stopped']} ({run.get('not_run', 0)}), graded on what finished")
        if run.get("overtime"):
            notes.append(f"over time: {run['overtime']}; {run.get('not_run', 0)} cell(s) not "
                         "run, graded on what finished")
    return review, notes


def autograde(course: Course, assignments=(), jobs: int | None = None,
              timeout: int | None = None, students=(), out=print,
              time_limit: float | None = None, sandbox: bool = True) -> list[GradeResult]:
    """Autograde every collected submission, each in its own sandbox, several at a time.

    Parameters
    ----------
    course : Course
    assignments : sequence of str
        Assignments to grade; empty for every assignment with submissions.
    jobs : int or None
        Submissions graded at once; ``None`` for the number of CPUs.
    timeout : int or None
        Seconds one cell may run before it is interrupted (it then scores
        nothing and grading goes on); ``None`` keeps ``Execute.timeout`` of
        ``nbgrader_config.py``.
    students : sequence of str
        Only these students; empty for all.
    out : callable
        Where progress lines go.
    time_limit : float or None
        Seconds one whole submission may run; at the limit the running cell
        is cut and the cells below are not run (the submission is graded on
        what finished).  ``None`` keeps ``c.MtolabGrading.time_limit`` of
        ``nbgrader_config.py`` (default 120).
    sandbox : bool
        Run each submission's kernel in a bubblewrap sandbox (the default).
        ``False`` runs submitted code with your rights and files: only for
        submissions you trust (the CLI's ``--no-sandbox-i-trust-these-submissions``).

    Returns
    -------
    list of GradeResult
        One per submission, with its status.

    Raises
    ------
    CourseError
        If there is nothing to grade, no sandbox can be had (and ``sandbox``
        is true), or the gradebook fails its check after grading.
    """
    if assignments:
        names = course.check_assignments(assignments)
    else:
        names = [a for a in course.assignments() if submissions(course, [a])]
    pairs = submissions(course, names)
    if students:
        pairs = [t for t in pairs if t[1] in set(students)]
    if not pairs:
        raise CourseError(
            f"no submissions found in {course.rel(course.submitted)}"
            + (f" for {', '.join(assignments)}" if assignments else "")
            + ": collect them first (python -m mtolab.instructor collect PATH)")
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    timeout = int(timeout if timeout is not None else course.setting("Execute", "timeout", 30))
    time_limit = float(time_limit if time_limit is not None
                       else course.setting("MtolabGrading", "time_limit", TIME_LIMIT))
    if timeout < 1:
        raise CourseError(f"--timeout must be at least 1 second, got {timeout}")
    if time_limit < 1:
        raise CourseError(f"--time-limit must be at least 1 second, got {time_limit:g}")

    scratch = Path(tempfile.mkdtemp(prefix="mtolab-grading-"))
    try:
        box = None
        if sandbox:
            box = Sandbox.for_course(course.root)
            box.probe(scratch)
        else:
            out(f"WARNING: {TRUST_FLAG}: submitted code runs with your rights and can read "
                "and change your files")
        return _grade(course, names, pairs, jobs, timeout, time_limit, box, scratch, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _grade(course, names, pairs, jobs, timeout, time_limit, box, scratch, out):
    for name in names:
        ensure_in_gradebook(course, name, out=out)
    releases = {a: load_release(course, a) for a in course.assignments()}
    release_ids = {a: set().union(*map(grade_ids, nbs.values())) for a, nbs in releases.items()}
    results, runnable = [], []
    for number, (name, student) in enumerate(pairs):
        task = _Task(name, student, scratch / f"t{number}")
        try:
            prepare(course, task, releases, release_ids)
        except CourseError as exc:
            results.append(GradeResult(student, name, False, error=str(exc),
                                       notes=task.notes, review=task.review))
        else:
            runnable.append(task)
    with course.gradebook() as gb:
        for task in runnable:
            gb.update_or_create_student(task.student)
    saved = gradebook.backup(course)
    graded = {(t.student, t.assignment) for t in runnable}
    before = gradebook.protected(course, graded)

    total, done = len(pairs), 0

    def show(r: GradeResult) -> None:
        nonlocal done
        done += 1
        _finish(course, r)
        out(f"[{done}/{total}] {r.student} {r.assignment}: {_describe(r)}")

    for r in results:
        show(r)
    started = time.perf_counter()
    if runnable:
        mpl = build_matplotlib_cache(scratch / "matplotlib") if box else None
        results += _run_pool(course, runnable, jobs, timeout, time_limit, box, mpl, show)
    wall = time.perf_counter() - started
    gradebook.check(course, before, graded, saved)
    _record(course, results)
    _summary(results, total, runnable, jobs, wall, box, saved, course, out)
    return results


def _record(course: Course, results: list[GradeResult]) -> None:
    data = status.load(course.grading)
    for r in results:
        data["grading"][status.key(r.student, r.assignment)] = {
            "status": r.status, "reason": r.error, "review": r.review, "notes": r.notes,
            "when": status.now(), "seconds": round(r.seconds, 2)}
    status.save(course.grading, data)


def _summary(results, total, runnable, jobs, wall, box, saved, course, out) -> None:
    fine = [r for r in results if r.status in (status.GRADED, status.REVIEW)]
    line = f"graded {len(fine)} of {total} submission(s)"
    if runnable:
        line += (f" in {wall:.1f} s ({wall / len(runnable):.1f} s per submission, "
                 f"{min(jobs, len(runnable))} at a time"
                 + (", each in a bubblewrap sandbox)" if box else ", NOT sandboxed)"))
    out(line)
    if saved is not None:
        out(f"gradebook checked; the copy from before this run is {course.rel(saved)}")
    problems = [r for r in results if r.problem]
    if problems:
        out(f"{len(problems)} submission(s) need a look:")
        for r in problems:
            out(f"  {r.student} {r.assignment}: {r.problem}")


def _run_pool(course, tasks, jobs, timeout, time_limit, box, mpl, show) -> list[GradeResult]:
    """Grade ``tasks`` with ``jobs`` workers; merge each result as it comes."""
    db_path = course.gradebook_path
    logs = course.grading / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    todo: queue.Queue = queue.Queue()
    for task in tasks:
        todo.put(task)
    done: queue.Queue = queue.Queue()
    db_lock = threading.Lock()
    stop = threading.Event()

    def drive(slot: int) -> None:
        worker = None
        try:
            while not stop.is_set():
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None or not worker.alive():
                    worker = Worker(course, logs / f"worker-{slot}.log", dict(course.overrides))
                copy = task.folder / "gradebook.db"
                with db_lock:
                    copy_db(db_path, copy)
                order = {"assignment": task.assignment, "student": task.student,
                         "timeout": timeout, "time_limit": time_limit,
                         "db_url": f"sqlite:///{copy}",
                         "submitted": str(task.folder / "submitted"),
                         "autograded": str(task.folder / "autograded"),
                         "box": str(task.folder / "box"),
                         "sandbox": box.to_dict() if box else {},
                         "mpl_cache": str(mpl) if mpl else ""}
                done.put((task, worker.grade(order, time_limit + WORKER_MARGIN)))
        finally:
            if worker is not None:
                worker.stop()

    threads = [threading.Thread(target=drive, args=(i,), daemon=True)
               for i in range(min(jobs, len(tasks)))]
    for t in threads:
        t.start()
    results = []
    try:
        for _ in range(len(tasks)):
            task, answer = done.get()
            review, notes = _runtime_findings(answer)
            r = GradeResult(task.student, task.assignment, bool(answer.get("ok")),
                            seconds=answer.get("seconds", 0.0),
                            notes=task.notes + answer.get("notes", []) + notes,
                            error=answer.get("error", ""), review=task.review + review,
                            cpu=answer.get("cpu", 0.0))
            if r.ok:
                try:
                    with db_lock:
                        gradebook.merge(course, f"sqlite:///{task.folder / 'gradebook.db'}",
                                        r.assignment, r.student)
                    _keep_autograded(course, task)
                    for key, value in (gradebook.scores(course, r.assignment, r.student)
                                       or {}).items():
                        setattr(r, key, value)
                except Exception as exc:  # noqa: BLE001 - report, keep the batch going
                    r.ok, r.error = False, f"could not record the grades: {exc}"
            shutil.rmtree(task.folder, ignore_errors=True)
            results.append(r)
            show(r)
    finally:
        stop.set()
        for t in threads:
            t.join()
    return results


def _keep_autograded(course: Course, task: _Task) -> None:
    """Move the worker's autograded copy into ``grading/autograded`` (regular files only)."""
    src = task.folder / "autograded" / task.student / task.assignment
    dest = course.autograded / task.student / task.assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in sorted(src.rglob("*")):
        if path.is_file() and not path.is_symlink():
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
