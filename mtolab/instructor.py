"""Instructor commands: release, collect, autograde, feedback and export.

One command each, wrapping nbgrader (it does the grading; this module only
drives it and keeps a class's run going when a submission is broken)::

    python -m mtolab.instructor release [ASSIGNMENT ...]
    python -m mtolab.instructor collect PATH [--assignment A]
    python -m mtolab.instructor autograde [ASSIGNMENT ...] [--jobs N] [--timeout S]
    python -m mtolab.instructor feedback [ASSIGNMENT ...]
    python -m mtolab.instructor export [--to PATH]

Every command takes ``--root DIR``, the course root (the folder holding
``nbgrader_config.py``); by default the nearest such folder at or above the
current directory.  The folders come from ``nbgrader_config.py``:
``solutions/`` (source), ``exercises/`` (release) and, git-ignored,
``grading/`` (submissions, autograded copies, feedback, gradebook, logs).

Parallel grading
----------------
nbgrader grades one student at a time, and its gradebook is an SQLite file
that two writers at once can lock (SQLite answers "database is locked" rather
than wait when two transactions would deadlock).  ``autograde`` therefore
runs N long-lived worker processes; each grades one submission at a time
with nbgrader's own ``Autograde`` converter against a private copy of the
gradebook, and only the parent process writes the class gradebook: after a
submission is graded it copies that submission's grades (automatic scores,
"needs manual grade" flags, automatic comments, late penalty) from the copy.
So the gradebook has one writer, manual grades already given are kept (as
nbgrader keeps them), and a worker that hangs is killed without leaving the
gradebook half-written.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import queue
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Course",
    "CourseError",
    "release",
    "collect",
    "autograde",
    "feedback",
    "export",
    "main",
]

CONFIG_FILE = "nbgrader_config.py"
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")
EXPORT_COLUMNS = (
    "student_id", "assignment", "submitted", "score", "max_score",
    "code_score", "max_code_score", "written_score", "max_written_score",
    "needs_manual_grade", "timestamp",
)
LOG = logging.getLogger("mtolab.instructor")


class CourseError(Exception):
    """A problem the instructor can fix: the message says what and where."""


# --------------------------------------------------------------------- setup
def _skip_slow_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax``.

    jsonschema (imported by nbformat) loads ``rfc3987_syntax``, when it is
    installed, to check the "iri" string format; that module builds a parser
    at import time, about 3 s here, in every process.  Notebook schemas never
    use that format, so the check is not missed.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _setup_environment() -> None:
    """Put this Python's ``bin`` folder on PATH: nbgrader runs ``alembic``.

    Also silence SQLAlchemy 2's warning about nbgrader creating a submission
    through relationships ("not in session"); the rows are created all the
    same.
    """
    warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session")
    bindir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path if path else bindir


def _setup_logging(logfile: Path | None, verbose: bool = False) -> None:
    """nbgrader's messages: warnings to the terminal, everything to ``logfile``."""
    for name in ("traitlets", "mtolab.instructor"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.handlers.clear()
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.INFO if verbose else logging.ERROR)
        console.setFormatter(logging.Formatter("[%(name)s] %(levelname)s %(message)s"))
        logger.addHandler(console)
        if logfile is not None:
            logfile.parent.mkdir(parents=True, exist_ok=True)
            to_file = logging.FileHandler(logfile)
            to_file.setFormatter(
                logging.Formatter("%(asctime)s [%(name)s] %(levelname)s %(message)s"))
            logger.addHandler(to_file)


# -------------------------------------------------------------------- course
@dataclass
class Course:
    """A course folder as ``nbgrader_config.py`` lays it out.

    Parameters
    ----------
    root : path-like or None
        Folder holding ``nbgrader_config.py``; ``None`` looks in the current
        folder and its parents.
    overrides : dict
        Extra nbgrader settings, ``{"Execute.timeout": 5}`` style, applied on
        top of the configuration file.
    """

    root: Path | None = None
    overrides: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.root is None:
            here = Path.cwd().resolve()
            for folder in (here, *here.parents):
                if (folder / CONFIG_FILE).is_file():
                    self.root = folder
                    break
            else:
                raise CourseError(
                    f"no {CONFIG_FILE} in {here} or any folder above it: run this from the "
                    "course folder or pass --root"
                )
        self.root = Path(self.root).resolve()
        if not (self.root / CONFIG_FILE).is_file():
            raise CourseError(f"{self.root} is not a course folder: it has no {CONFIG_FILE}")
        coursedir = self.coursedir()
        self.db_url = coursedir.db_url
        self.course_id = coursedir.course_id
        self.source = Path(coursedir.format_path(coursedir.source_directory, ".", ".")).resolve()
        self.release_dir = Path(
            coursedir.format_path(coursedir.release_directory, ".", ".")).resolve()
        self.submitted = Path(
            coursedir.format_path(coursedir.submitted_directory, ".", ".")).resolve()
        self.autograded = Path(
            coursedir.format_path(coursedir.autograded_directory, ".", ".")).resolve()
        self.feedback_dir = Path(
            coursedir.format_path(coursedir.feedback_directory, ".", ".")).resolve()
        self.grading = self.submitted.parent

    # -- configuration
    def config(self, **extra):
        """nbgrader configuration: the file, then ``overrides``, then ``extra``."""
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        cfg = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        cfg.CourseDirectory.root = str(self.root)
        for key, value in {**self.overrides, **extra}.items():
            section, name = key.rsplit(".", 1)
            cfg.merge(Config({section: {name: value}}))
        return cfg

    def coursedir(self, **extra):
        """An nbgrader ``CourseDirectory`` configured for this course."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config(**extra))

    def rel(self, path) -> str:
        """``path`` relative to the course root, for messages."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    # -- assignments
    def assignments(self) -> list[str]:
        """Assignments with at least one notebook under the source folder."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir()
                      if p.is_dir() and any(p.glob("*.ipynb")))

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without ``.ipynb``) of one assignment."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))

    def check_assignments(self, names) -> list[str]:
        """``names`` (or every assignment when empty), each checked to exist."""
        known = self.assignments()
        if not known:
            raise CourseError(f"no assignments: {self.rel(self.source)} holds no notebooks")
        if not names:
            return known
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CourseError(
                f"unknown assignment {', '.join(unknown)}: {self.rel(self.source)} has "
                f"{', '.join(known)}"
            )
        return list(dict.fromkeys(names))

    def submission_dir(self, student: str, assignment: str) -> Path:
        return self.submitted / student / assignment

    def gradebook(self):
        """nbgrader's ``Gradebook`` on the class gradebook (use it in ``with``)."""
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)


def _sqlite_path(db_url: str) -> Path:
    prefix = "sqlite:///"
    if not db_url.startswith(prefix):
        raise CourseError(
            f"parallel grading needs an SQLite gradebook, but db_url is {db_url!r}"
        )
    return Path(db_url[len(prefix):].split("?", 1)[0])


def _read_notebook(path: Path):
    """The notebook at ``path``, or a CourseError saying why it is not one."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - JSON, schema, encoding: all "broken"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CourseError(f"{path.name} is not a valid notebook ({reason[:200]})") from None
    return nb


def _run_converter(app, what: str):
    """Run an nbgrader converter; raise CourseError with its log if it fails."""
    from nbgrader.utils import capture_log

    result = capture_log(app)
    if not result["success"]:
        log = result.get("log", "") + result.get("error", "")
        lines = [ln for ln in log.splitlines() if ln.strip()][-15:]
        raise CourseError(f"nbgrader could not {what}:\n  " + "\n  ".join(lines))
    return result


# ------------------------------------------------------------------- release
def _execute_solution(path: Path, timeout: int, log=None) -> tuple[list[str], float]:
    """Run a solution notebook; return its errors (one line per failing cell).

    The kernel's own messages go to ``log`` (an open file) if given.
    """
    from nbclient import NotebookClient

    nb = _read_notebook(path)
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


def _generate(course: Course, assignment: str, release_dir: Path | None = None) -> None:
    """nbgrader generate_assignment (forced) into ``release_dir`` or the release folder."""
    from nbgrader.converters import GenerateAssignment

    extra = {}
    if release_dir is not None:
        extra["CourseDirectory.release_directory"] = str(release_dir)
    cfg = course.config(**extra)
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    app = GenerateAssignment(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_assignment = True
    _run_converter(app, f"generate the release of {assignment}")


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
    timeout = int(course.config().Execute.get("timeout", 30))
    failures = []
    course.grading.mkdir(parents=True, exist_ok=True)
    with open(course.grading / "kernels.log", "a") as log:
        for name in names:
            for path in sorted((course.source / name).glob("*.ipynb")):
                errors, seconds = _execute_solution(path, timeout, log)
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
        _generate(course, name)
        for path in sorted((course.release_dir / name).glob("*.ipynb")):
            written.append(path)
            out(f"released {course.rel(path)}")
    return written


def _ensure_in_gradebook(course: Course, assignment: str, out=print) -> None:
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
        _generate(course, assignment, release_dir=Path(scratch))


# ------------------------------------------------------------------- collect
@dataclass
class CollectReport:
    """What ``collect`` did: placed submissions and what it could not place."""

    placed: list = field(default_factory=list)  # (student, assignment, [notebook paths])
    problems: list = field(default_factory=list)  # messages
    warnings: list = field(default_factory=list)  # placed, but ...


def _infer_assignment(course: Course, stem: str, given: str | None):
    """Assignment and student-name remainder from a notebook file name."""
    if given:
        return given, stem
    for assignment in course.assignments():
        for candidate in (assignment, *course.notebooks(assignment)):
            if stem == candidate:
                return assignment, ""
            if candidate in stem:
                rest = stem.replace(candidate, "").strip("_-. ")
                return assignment, rest
    return None, stem


def collect(course: Course, path, assignment: str | None = None, out=print) -> CollectReport:
    """Copy a folder of submissions into ``grading/submitted``.

    Accepted layouts (``PATH`` is the folder given):

    - ``PATH/<student>/<assignment>/*.ipynb`` (nbgrader's own layout);
    - ``PATH/<student>/*.ipynb``, the assignment taken from ``--assignment``
      or from the notebook's name (``a1_make_to_stock.ipynb``);
    - ``PATH/<student>.ipynb``, one notebook per student, the assignment
      taken from ``--assignment``, from the folder's name when it is an
      assignment's, or from the file name (``alice_a1_make_to_stock.ipynb``
      for student ``alice``).

    Each submission is copied to ``<submitted>/<student>/<assignment>/`` under
    the released notebook's name, replacing an earlier copy; the originals
    are only read.  Students are added to the gradebook.

    Parameters
    ----------
    course : Course
    path : path-like
        The folder of submissions.
    assignment : str or None
        The assignment every notebook in ``path`` belongs to, if known.
    out : callable
        Where progress lines go.

    Returns
    -------
    CollectReport

    Raises
    ------
    CourseError
        If ``path`` is not a folder, or nothing in it could be placed.
    """
    src = Path(path).expanduser().resolve()
    if not src.is_dir():
        raise CourseError(f"no submissions folder at {src}")
    known = course.assignments()
    if assignment is not None and assignment not in known:
        raise CourseError(f"unknown assignment {assignment}: the course has {', '.join(known)}")
    if assignment is None and src.name in known:
        assignment = src.name
    report = CollectReport()
    found: dict[tuple[str, str], list[Path]] = {}

    def add(student: str, name: str | None, notebook: Path, timestamp_dir: Path | None = None):
        if name is None:
            report.problems.append(
                f"{notebook.relative_to(src)}: cannot tell which assignment it is for; name it "
                f"after one ({', '.join(known)}) or pass --assignment")
            return
        if not student or not STUDENT_ID.match(student):
            report.problems.append(
                f"{notebook.relative_to(src)}: {student!r} is not usable as a student id "
                "(letters, digits and _ . @ - only, starting with a letter or digit)")
            return
        found.setdefault((student, name), []).append(notebook)

    hidden = (".", "_")
    entries = sorted(p for p in src.iterdir() if not p.name.startswith(hidden))
    for entry in entries:
        if entry.is_dir():
            student = entry.name
            for sub in sorted(p for p in entry.iterdir() if not p.name.startswith(hidden)):
                if sub.is_dir():
                    if sub.name not in known:
                        report.problems.append(
                            f"{sub.relative_to(src)}/: not an assignment of this course "
                            f"({', '.join(known)})")
                        continue
                    notebooks = sorted(sub.glob("*.ipynb"))
                    if not notebooks:
                        report.problems.append(f"{sub.relative_to(src)}/: holds no notebook")
                    for nb in notebooks:
                        add(student, sub.name, nb)
                elif sub.suffix == ".ipynb":
                    name, _ = _infer_assignment(course, sub.stem, assignment)
                    add(student, name, sub)
                elif sub.name != "timestamp.txt":
                    report.problems.append(f"{sub.relative_to(src)}: not a notebook, left out")
        elif entry.suffix == ".ipynb":
            name, student = _infer_assignment(course, entry.stem, assignment)
            add(student, name, entry)
        else:
            report.problems.append(f"{entry.name}: not a notebook or a student folder, left out")

    placed_students = set()
    for (student, name), notebooks in sorted(found.items()):
        targets = course.notebooks(name)
        mapping = {}
        for nb in notebooks:
            if nb.stem in targets:
                target = nb.stem
            elif len(targets) == 1 and len(notebooks) == 1:
                target = targets[0]
            else:
                report.problems.append(
                    f"{nb.relative_to(src)}: {name} has notebooks {', '.join(targets)}; "
                    "cannot tell which one this is")
                continue
            if target in mapping:
                report.problems.append(
                    f"{nb.relative_to(src)}: a second submission of {student}'s {target} "
                    f"(kept {mapping[target].relative_to(src)})")
                continue
            mapping[target] = nb
        if not mapping:
            continue
        dest = course.submission_dir(student, name)
        replaced = dest.exists()
        if replaced:
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for target, nb in mapping.items():
            shutil.copyfile(nb, dest / f"{target}.ipynb")
            try:
                _read_notebook(nb)
            except CourseError as exc:
                report.warnings.append(
                    f"{nb.relative_to(src)}: copied, but {exc}; autograde will skip it")
        stamp = next(iter(mapping.values())).parent / "timestamp.txt"
        if stamp.is_file() and stamp.parent != src:
            shutil.copyfile(stamp, dest / "timestamp.txt")
        placed_students.add(student)
        report.placed.append((student, name, list(mapping.values())))
        out(f"{'replaced' if replaced else 'collected'} {student} {name} -> {course.rel(dest)}")

    if placed_students:
        with course.gradebook() as gb:
            for student in sorted(placed_students):
                gb.update_or_create_student(student)
    for msg in report.warnings:
        out(f"warning: {msg}")
    for msg in report.problems:
        out(f"not placed: {msg}")
    if not report.placed:
        raise CourseError(
            f"no submissions found in {src}: expected <student>/<assignment>/*.ipynb, "
            "<student>/*.ipynb or <student>.ipynb"
            + ("" if not report.problems else f" ({len(report.problems)} item(s) not placed)"))
    out(f"{len(report.placed)} submission(s) from {len(placed_students)} student(s) collected"
        + (f"; {len(report.problems)} item(s) not placed" if report.problems else ""))
    return report


# ----------------------------------------------------------------- autograde
@dataclass
class GradeResult:
    """One graded (or failed) submission."""

    student: str
    assignment: str
    ok: bool
    seconds: float = 0.0
    score: float = 0.0
    max_score: float = 0.0
    code_score: float = 0.0
    max_code_score: float = 0.0
    notes: list = field(default_factory=list)
    error: str = ""


def _copy_db(src: Path, dst: Path) -> None:
    """A consistent copy of an SQLite file (the backup API, not a file copy)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _submission_grades(gb, assignment: str, student: str) -> dict:
    sub = gb.find_submission(assignment, student)
    return {
        "timestamp": sub.timestamp,
        "notebooks": {
            nb.name: {
                "late": nb.late_submission_penalty,
                "grades": {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                "comments": {c.name: c.auto_comment for c in nb.comments},
            }
            for nb in sub.notebooks
        },
    }


def _merge(course: Course, worker_db_url: str, assignment: str, student: str) -> None:
    """Copy one submission's automatic grades from a worker's gradebook copy."""
    from nbgrader.api import Gradebook

    with Gradebook(worker_db_url, course.course_id) as gb:
        data = _submission_grades(gb, assignment, student)
    with course.gradebook() as gb:
        gb.update_or_create_student(student)
        sub = gb.update_or_create_submission(assignment, student, timestamp=data["timestamp"])
        for nb in sub.notebooks:
            got = data["notebooks"].get(nb.name)
            if got is None:
                continue
            nb.late_submission_penalty = got["late"]
            for grade in nb.grades:
                if grade.name in got["grades"]:
                    grade.auto_score, grade.needs_manual_grade = got["grades"][grade.name]
            for comment in nb.comments:
                if comment.name in got["comments"]:
                    comment.auto_comment = got["comments"][comment.name]
        gb.db.commit()


def _scores(course: Course, assignment: str, student: str) -> dict:
    with course.gradebook() as gb:
        sub = gb.find_submission(assignment, student)
        return {"score": sub.score, "max_score": sub.max_score, "code_score": sub.code_score,
                "max_code_score": sub.max_code_score}


def _grade_one(course: Course, task: dict) -> dict:
    """Worker side: grade one submission with nbgrader against ``task['db_url']``."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    start = time.perf_counter()
    cfg = course.config(**{"CourseDirectory.db_url": task["db_url"],
                           "Execute.timeout": task["timeout"]})
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = task["assignment"]
    coursedir.student_id = task["student"]
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_student = True
    result = {"student": task["student"], "assignment": task["assignment"]}
    try:
        _run_converter(app, f"grade {task['student']} {task['assignment']}")
        result["ok"] = True
        result["notes"] = _execution_notes(course, task["assignment"], task["student"])
    except CourseError as exc:
        result["ok"], result["error"] = False, str(exc)
    except Exception as exc:  # noqa: BLE001 - report and carry on with the next one
        result["ok"], result["error"] = False, f"{type(exc).__name__}: {exc}"
    result["seconds"] = time.perf_counter() - start
    return result


def _execution_notes(course: Course, assignment: str, student: str) -> list[str]:
    """Cells of the autograded copy that timed out or raised outside the tests."""
    import nbformat

    notes = []
    timed_out = 0
    for path in sorted((course.autograded / student / assignment).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        timed_out += sum(
            any(out.get("output_type") == "error"
                and out.get("ename") in ("CellTimeoutError", "KeyboardInterrupt")
                for out in cell.get("outputs", []))
            for cell in nb.cells)
    if timed_out:
        notes.append(f"{timed_out} cell(s) cut at the time limit")
    return notes


def _worker_main(root: str) -> int:
    """Grade tasks read as JSON lines on stdin; answer with JSON lines."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to the log, not into the protocol
    overrides = json.loads(os.environ.get("MTOLAB_INSTRUCTOR_OVERRIDES", "{}"))
    course = Course(Path(root), overrides=overrides)
    _setup_logging(None, verbose=False)
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        proto.write(json.dumps(_grade_one(course, task)) + "\n")
        proto.flush()
    return 0


def _descendants(pid: int) -> list[int]:
    """Process ids below ``pid`` (Linux /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class _Worker:
    """A grading worker process (``python -m mtolab.instructor _worker``)."""

    def __init__(self, course: Course, log_path: Path, overrides: dict):
        self.log = open(log_path, "a")  # noqa: SIM115 - closed in stop()
        cmd = [sys.executable, "-m", "mtolab.instructor", "_worker", "--root", str(course.root)]
        env = dict(os.environ)
        env["MTOLAB_INSTRUCTOR_OVERRIDES"] = json.dumps(overrides)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True, env=env, cwd=course.root,
                                     start_new_session=True)

    def grade(self, task: dict, limit: float) -> dict:
        """Send one task; wait at most ``limit`` seconds for the answer."""
        import select

        self.proc.stdin.write(json.dumps(task) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], limit)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            reason = (f"no result within {limit:.0f} s" if not ready
                      else f"the grading worker died (exit code {self.proc.poll()})")
            self.kill()
            return {"student": task["student"], "assignment": task["assignment"], "ok": False,
                    "error": reason, "seconds": limit if not ready else 0.0}
        return json.loads(line)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        for pid in reversed(_descendants(self.proc.pid)):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()

    def stop(self) -> None:
        if self.alive():
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
        self.log.close()


def _submissions(course: Course, assignments) -> list[tuple[str, str]]:
    """(assignment, student) pairs with a folder under the submitted folder."""
    tasks = []
    for name in assignments:
        for folder in sorted(course.submitted.glob(f"*/{name}")):
            if folder.is_dir():
                tasks.append((name, folder.parent.name))
    return tasks


def autograde(course: Course, assignments=(), jobs: int | None = None,
              timeout: int | None = None, students=(), out=print) -> list[GradeResult]:
    """Autograde every collected submission, several students at a time.

    Parameters
    ----------
    course : Course
    assignments : sequence of str
        Assignments to grade; empty for every assignment with submissions.
    jobs : int or None
        Worker processes grading at once; ``None`` for the number of CPUs.
    timeout : int or None
        Seconds one cell may run before it is interrupted (it then scores
        nothing and grading goes on); ``None`` keeps ``Execute.timeout`` of
        ``nbgrader_config.py``.
    students : sequence of str
        Only these students; empty for all.
    out : callable
        Where progress lines go.

    Returns
    -------
    list of GradeResult
        One per submission, graded or not (``ok`` False, with ``error``).

    Raises
    ------
    CourseError
        If there is nothing to grade.
    """
    if assignments:
        names = course.check_assignments(assignments)
    else:
        names = [a for a in course.assignments() if _submissions(course, [a])]
    tasks = _submissions(course, names)
    if students:
        tasks = [t for t in tasks if t[1] in set(students)]
    if not tasks:
        raise CourseError(
            f"no submissions found in {course.rel(course.submitted)}"
            + (f" for {', '.join(assignments)}" if assignments else "")
            + ": collect them first (python -m mtolab.instructor collect PATH)")
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    cfg_timeout = int(course.config().Execute.get("timeout", 30))
    timeout = int(timeout) if timeout is not None else cfg_timeout
    if timeout < 1:
        raise CourseError(f"--timeout must be at least 1 second, got {timeout}")

    results: list[GradeResult] = []
    runnable = []
    for name, student in tasks:
        broken = []
        for path in sorted(course.submission_dir(student, name).glob("*.ipynb")):
            try:
                _read_notebook(path)
            except CourseError as exc:
                broken.append(str(exc))
        if not any(course.submission_dir(student, name).glob("*.ipynb")):
            broken.append("the folder holds no notebook")
        if broken:
            results.append(GradeResult(student, name, False, error="; ".join(broken)))
        else:
            runnable.append((name, student))
    for name in sorted({n for n, _ in runnable}):
        _ensure_in_gradebook(course, name, out=out)
    with course.gradebook() as gb:
        for _name, student in runnable:
            gb.update_or_create_student(student)

    total = len(tasks)
    done = 0

    def show(r: GradeResult) -> None:
        nonlocal done
        done += 1
        head = f"[{done}/{total}] {r.student} {r.assignment}:"
        if r.ok:
            manual = r.max_score - r.max_code_score
            msg = f"{head} {r.code_score:g}/{r.max_code_score:g} points"
            if manual:
                msg += f" (+{manual:g} to grade by hand)"
            msg += f" ({r.seconds:.1f} s)"
            if r.notes:
                msg += "; " + "; ".join(r.notes)
        else:
            msg = f"{head} NOT GRADED: {r.error}"
        out(msg)

    for r in results:
        show(r)
    started = time.perf_counter()
    if runnable:
        results += _run_pool(course, runnable, jobs, timeout, show)
    wall = time.perf_counter() - started
    graded = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    summary = f"graded {len(graded)} of {total} submission(s)"
    if runnable:
        summary += (f" in {wall:.1f} s ({wall / len(runnable):.1f} s per submission, "
                    f"{min(jobs, len(runnable))} at a time)")
    out(summary)
    if failed:
        out(f"{len(failed)} submission(s) could not be graded:")
        for r in failed:
            out(f"  {r.student} {r.assignment}: {r.error.splitlines()[0] if r.error else '?'}")
    return results


def _run_pool(course, runnable, jobs, timeout, show) -> list[GradeResult]:
    """Grade ``runnable`` with ``jobs`` workers; merge each result as it comes."""
    db_path = _sqlite_path(course.db_url)
    logs = course.grading / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    todo: queue.Queue = queue.Queue()
    for item in runnable:
        todo.put(item)
    done: queue.Queue = queue.Queue()
    db_lock = threading.Lock()
    scratch = Path(tempfile.mkdtemp(prefix="mtolab-grading-"))
    overrides = {**course.overrides}
    stop = threading.Event()

    def limit_for(name, student) -> float:
        cells = 0
        for path in course.submission_dir(student, name).glob("*.ipynb"):
            nb = _read_notebook(path)
            cells += sum(c.cell_type == "code" for c in nb.cells)
        return 120.0 + timeout * (cells + 2)

    def drive(slot: int) -> None:
        worker = None
        try:
            while not stop.is_set():
                try:
                    name, student = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None or not worker.alive():
                    worker = _Worker(course, logs / f"worker-{slot}.log", overrides)
                copy = scratch / f"{student}--{name}.db"
                with db_lock:
                    _copy_db(db_path, copy)
                task = {"assignment": name, "student": student, "timeout": timeout,
                        "db_url": f"sqlite:///{copy}"}
                answer = worker.grade(task, limit_for(name, student))
                done.put((answer, copy))
        finally:
            if worker is not None:
                worker.stop()

    threads = [threading.Thread(target=drive, args=(i,), daemon=True)
               for i in range(min(jobs, len(runnable)))]
    for t in threads:
        t.start()
    results = []
    try:
        for _ in range(len(runnable)):
            answer, copy = done.get()
            r = GradeResult(answer["student"], answer["assignment"], bool(answer["ok"]),
                            seconds=answer.get("seconds", 0.0), notes=answer.get("notes", []),
                            error=answer.get("error", ""))
            if r.ok:
                try:
                    with db_lock:
                        _merge(course, f"sqlite:///{copy}", r.assignment, r.student)
                        for key, value in _scores(course, r.assignment, r.student).items():
                            setattr(r, key, value)
                except Exception as exc:  # noqa: BLE001 - report, keep the batch going
                    r.ok, r.error = False, f"could not record the grades: {exc}"
            copy.unlink(missing_ok=True)
            results.append(r)
            show(r)
    finally:
        stop.set()
        for t in threads:
            t.join()
        shutil.rmtree(scratch, ignore_errors=True)
    return results


# ------------------------------------------------------------------ feedback
def feedback(course: Course, assignments=(), out=print) -> list[Path]:
    """Generate HTML feedback for every autograded submission.

    Parameters
    ----------
    course : Course
    assignments : sequence of str
        Assignments; empty for every assignment with autograded submissions.
    out : callable
        Where progress lines go.

    Returns
    -------
    list of pathlib.Path
        The feedback files written.
    """
    from nbgrader.converters import GenerateFeedback
    from traitlets.config import Config

    if assignments:
        names = course.check_assignments(assignments)
    else:
        names = [a for a in course.assignments() if any(course.autograded.glob(f"*/{a}"))]
    if not names:
        raise CourseError(
            f"nothing to give feedback on: {course.rel(course.autograded)} is empty "
            "(run autograde first)")
    written = []
    for name in names:
        if not any(course.autograded.glob(f"*/{name}")):
            out(f"{name}: no autograded submissions, skipped")
            continue
        cfg = course.config()
        cfg.merge(Config({"HTMLExporter": {"template_name": "feedback"}}))
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = name
        app = GenerateFeedback(coursedir=coursedir, config=cfg)
        app.force = True
        _run_converter(app, f"generate feedback for {name}")
        files = sorted(course.feedback_dir.glob(f"*/{name}/*.html"))
        written += files
        out(f"{name}: feedback for {len({p.parent.parent.name for p in files})} student(s) in "
            f"{course.rel(course.feedback_dir)}/<student>/{name}/")
    return written


# -------------------------------------------------------------------- export
def grade_rows(course: Course) -> list[dict]:
    """One row per student and assignment of the gradebook (0 if not submitted)."""
    from nbgrader.api import MissingEntry

    rows = []
    with course.gradebook() as gb:
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            for student in sorted(gb.students, key=lambda s: s.id):
                row = dict.fromkeys(EXPORT_COLUMNS, "")
                row.update(student_id=student.id, assignment=assignment.name,
                           max_score=assignment.max_score,
                           max_code_score=assignment.max_code_score,
                           max_written_score=assignment.max_written_score)
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    row.update(submitted=False, score=0.0, code_score=0.0, written_score=0.0,
                               needs_manual_grade=False)
                else:
                    row.update(submitted=True, score=sub.score, code_score=sub.code_score,
                               written_score=sub.written_score,
                               needs_manual_grade=bool(sub.needs_manual_grade),
                               timestamp=sub.timestamp.isoformat() if sub.timestamp else "")
                rows.append(row)
    return rows


def export(course: Course, to=None, out=print) -> Path:
    """Write the grades as CSV: one row per student and assignment.

    Parameters
    ----------
    course : Course
    to : path-like or None
        The CSV file; ``None`` for ``grading/grades.csv``.
    out : callable
        Where the summary line goes.

    Returns
    -------
    pathlib.Path
        The CSV written.  Columns: ``student_id, assignment, submitted,
        score, max_score, code_score, max_code_score, written_score,
        max_written_score, needs_manual_grade, timestamp``; ``score`` counts
        automatic scores plus manual ones given so far.
    """
    import csv

    target = Path(to) if to is not None else course.grading / "grades.csv"
    if not target.is_absolute():
        target = Path.cwd() / target
    if not _sqlite_path(course.db_url).exists():
        raise CourseError(f"no gradebook at {_sqlite_path(course.db_url)}: nothing graded yet")
    rows = grade_rows(course)
    if not rows:
        raise CourseError("the gradebook has no students or no assignments yet")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    students = len({r["student_id"] for r in rows})
    out(f"wrote {len(rows)} row(s) ({students} student(s)) to {target}")
    return target


# ----------------------------------------------------------------------- CLI
def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=None,
                        help=f"course folder (holding {CONFIG_FILE}); default: the nearest one "
                             "at or above the current folder")
    common.add_argument("-v", "--verbose", action="store_true",
                        help="show nbgrader's own progress messages")
    parser = argparse.ArgumentParser(
        prog="python -m mtolab.instructor",
        description="Release, collect, autograde, give feedback on and export the mtolab "
                    "exercises (wrapping nbgrader).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("release", parents=[common],
                       help="run the solutions, then regenerate exercises/ from them")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p = sub.add_parser("collect", parents=[common],
                       help="copy a folder of submissions into grading/submitted")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--assignment", default=None,
                   help="assignment of notebooks whose name does not say")
    p = sub.add_parser("autograde", parents=[common],
                       help="autograde all collected submissions, in parallel")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="students graded at once (default: number of CPUs)")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds a cell may run before it is cut (default: nbgrader_config.py)")
    p.add_argument("--student", action="append", default=[], help="only this student")
    p = sub.add_parser("feedback", parents=[common],
                       help="generate HTML feedback for autograded submissions")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    p = sub.add_parser("export", parents=[common], help="write grades as CSV")
    p.add_argument("--to", type=Path, default=None,
                   help="CSV file to write (default: grading/grades.csv)")
    p = sub.add_parser("_worker", parents=[common], help=argparse.SUPPRESS)
    return parser


def main(argv=None) -> int:
    """Command-line entry point; returns the exit code.

    Exit codes: 0 done; 1 done, but some submissions could not be graded;
    2 an error stopped the command (the message says why).
    """
    _skip_slow_imports()
    _setup_environment()
    args = _parser().parse_args(argv)
    if args.command == "_worker":
        return _worker_main(str(args.root))

    def out(msg: str) -> None:
        print(msg, flush=True)

    try:
        course = Course(args.root)
        _setup_logging(course.grading / "nbgrader.log", verbose=args.verbose)
        if args.command == "release":
            release(course, args.assignments, out=out)
        elif args.command == "collect":
            collect(course, args.path, assignment=args.assignment, out=out)
        elif args.command == "autograde":
            results = autograde(course, args.assignments, jobs=args.jobs, timeout=args.timeout,
                                students=args.student, out=out)
            return 0 if all(r.ok for r in results) else 1
        elif args.command == "feedback":
            feedback(course, args.assignments, out=out)
        elif args.command == "export":
            export(course, args.to, out=out)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
