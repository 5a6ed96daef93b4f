"""Grading workers: long-lived processes that run nbgrader's Autograde.

A worker is trusted code (the grader), started by ``autograde`` as
``python -m mtolab.instructor _worker``.  It reads one task per line (JSON)
on stdin and answers one line per task.  For each task it runs nbgrader's
``Autograde`` converter on the parent's prepared copy of one submission,
against a private copy of the gradebook, writing into a scratch folder;
only the submission's *kernel* runs in the sandbox (see
:class:`~mtolab.instructor.execute.GuardedExecute`).  The parent then copies
the grades into the class gradebook: it is the gradebook's only writer.

:class:`Worker` is the parent's handle on one worker process.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from .course import Course, CourseError, run_converter, setup_logging
from .sandbox import descendants


def autograde_config(task: dict) -> dict:
    """nbgrader settings for one task, on top of the course's configuration."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        SaveAutoGrades,
    )

    from .execute import CapOutput, GuardedExecute

    return {
        "CourseDirectory.db_url": task["db_url"],
        "CourseDirectory.submitted_directory": task["submitted"],
        "CourseDirectory.autograded_directory": task["autograded"],
        "Execute.timeout": task["timeout"],
        "GuardedExecute.box": task["box"],
        "GuardedExecute.sandbox": task.get("sandbox") or {},
        "GuardedExecute.mpl_cache": task.get("mpl_cache") or "",
        "GuardedExecute.time_limit": float(task["time_limit"]),
        "GuardedExecute.deadline": time.time() + float(task["time_limit"]),
        # mtolab restores deleted cells itself, before nbgrader sees the notebook.
        "OverwriteCells.add_missing_cells": False,
        "Autograde.autograde_preprocessors": [
            GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, CapOutput,
            SaveAutoGrades, AssignLatePenalties, CheckCellMetadata],
    }


def execution_notes(folder: Path) -> list[str]:
    """What went wrong while the notebooks in ``folder`` ran (cells cut at the time limit)."""
    import nbformat

    timed_out = 0
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        timed_out += sum(
            any(out.get("output_type") == "error"
                and out.get("ename") in ("CellTimeoutError", "KeyboardInterrupt")
                for out in cell.get("outputs", []))
            for cell in nb.cells)
    return [f"{timed_out} cell(s) cut at the time limit"] if timed_out else []


def grade_one(course: Course, task: dict) -> dict:
    """Grade one submission with nbgrader; the answer the parent receives."""
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    from . import execute

    start = time.perf_counter()
    own = time.process_time()
    execute.REPORTS.clear()
    result = {"student": task["student"], "assignment": task["assignment"], "ok": False}
    try:
        cfg = course.config(**autograde_config(task))
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = task["assignment"]
        coursedir.student_id = task["student"]
        app = Autograde(coursedir=coursedir, config=cfg)
        app.force = True
        app.create_student = True
        run_converter(app, f"grade {task['student']} {task['assignment']}")
        result["ok"] = True
        result["notes"] = execution_notes(
            Path(task["autograded"]) / task["student"] / task["assignment"])
    except CourseError as exc:
        result["error"] = str(exc)
    except Exception as exc:  # noqa: BLE001 - report and carry on with the next one
        result["error"] = f"{type(exc).__name__}: {exc}"
    result["runs"] = list(execute.REPORTS)
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = time.process_time() - own + sum(r.get("kernel_cpu", 0.0)
                                                    for r in result["runs"])
    return result


def worker_main(root: str) -> int:
    """Grade tasks read as JSON lines on stdin; answer with JSON lines."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything else printed goes to the log, not into the protocol
    overrides = json.loads(os.environ.get("MTOLAB_INSTRUCTOR_OVERRIDES", "{}"))
    course = Course(Path(root), overrides=overrides)
    setup_logging(None, verbose=False)
    for line in sys.stdin:
        if not line.strip():
            continue
        task = json.loads(line)
        proto.write(json.dumps(grade_one(course, task)) + "\n")
        proto.flush()
    return 0


class Worker:
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
        for pid in reversed(descendants(self.proc.pid)):
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
