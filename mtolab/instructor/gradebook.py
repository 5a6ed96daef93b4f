"""The class gradebook: its one writer's operations, backups and checks.

Only the parent ``autograde`` process writes the class gradebook.  Before a
run it is copied aside (``grading/backups/``); after the run it must pass
SQLite's integrity check and every row that the run had no business
changing (manual scores, extra credit, manual comments, other submissions'
automatic scores, the students and assignments) must be as before.  If not,
the backup is put back and autograde stops with an error.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from .course import Course, CourseError, copy_db

KEEP_BACKUPS = 20


def backup(course: Course) -> Path | None:
    """Copy the gradebook to ``grading/backups/``; keep the newest backups."""
    db = course.gradebook_path
    if not db.is_file():
        return None
    folder = course.grading / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"gradebook-{stamp}.db"
    copy_db(db, target)
    for old in sorted(folder.glob("gradebook-*.db"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target


def integrity(path: Path) -> str:
    """SQLite's verdict on the file ("ok" when sound)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def protected(course: Course, graded: set[tuple[str, str]]) -> dict:
    """The rows a run must not change; ``graded`` are the (student, assignment) it grades."""
    rows: dict = {}
    with course.gradebook() as gb:
        rows["students"] = sorted(s.id for s in gb.students)
        rows["assignments"] = sorted(a.name for a in gb.assignments)
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                mine = (sub.student.id, assignment.name) in graded
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        key = ("grade", sub.student.id, assignment.name, nb.name, grade.name)
                        value = (grade.manual_score, grade.extra_credit)
                        if not mine:
                            value += (grade.auto_score, grade.needs_manual_grade)
                        rows[key] = value
                    for comment in nb.comments:
                        key = ("comment", sub.student.id, assignment.name, nb.name, comment.name)
                        rows[key] = (comment.manual_comment,
                                     None if mine else comment.auto_comment)
    return rows


def check(course: Course, before: dict, graded: set, saved: Path | None) -> None:
    """Raise (restoring ``saved``) if the gradebook is unsound or changed where it must not."""
    db = course.gradebook_path
    verdict = integrity(db) if db.is_file() else "the gradebook file is gone"
    changed = []
    if verdict == "ok":
        after = protected(course, graded)
        changed = [key for key, value in before.items()
                   if key not in ("students", "assignments") and after.get(key) != value]
        for key in ("students", "assignments"):
            lost = set(before[key]) - set(after[key])
            if lost:
                changed.append((key, *sorted(lost)))
    if verdict == "ok" and not changed:
        return
    why = f"integrity check: {verdict}" if verdict != "ok" else (
        f"{len(changed)} row(s) changed that grading must not change, e.g. {changed[0]}")
    if saved is not None:
        shutil.copyfile(saved, db)
        raise CourseError(f"the gradebook failed its check after grading ({why}); it was "
                          f"restored from {course.rel(saved)}")
    raise CourseError(f"the gradebook failed its check after grading ({why})")


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


def merge(course: Course, worker_db_url: str, assignment: str, student: str) -> None:
    """Copy one submission's automatic grades from a worker's gradebook copy.

    Automatic scores, "needs manual grade" flags, automatic comments and the
    late penalty; manual grades already given stay (as nbgrader keeps them).
    """
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


def scores(course: Course, assignment: str, student: str) -> dict | None:
    """A submission's scores in the class gradebook; None if it was never graded."""
    from nbgrader.api import MissingEntry

    with course.gradebook() as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        if not any(g.auto_score is not None or g.manual_score is not None
                   for nb in sub.notebooks for g in nb.grades):
            return None
        return {"score": sub.score, "max_score": sub.max_score, "code_score": sub.code_score,
                "max_code_score": sub.max_code_score}


def part_scores(course: Course) -> dict:
    """``{(student, assignment): {grade_id: score}}`` for every graded cell.

    A cell still to be graded by hand has the score ``None``.
    """
    found: dict = {}
    with course.gradebook() as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                cells = found.setdefault((sub.student.id, assignment.name), {})
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        todo = grade.needs_manual_grade and grade.manual_score is None
                        cells[grade.name] = None if todo else grade.score
    return found
