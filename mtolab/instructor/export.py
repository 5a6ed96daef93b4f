"""``export``: the grades as CSV, saying for every row what happened.

Two files:

- the long sheet (``grading/grades.csv``): one row per student and
  assignment, and one row per item collect could not place, each with a
  ``status``: ``graded``, ``review`` (graded, tampering found: see
  ``review``), ``not graded`` (``detail`` says why; no score), ``stale``
  (the last re-grade failed; the score is the earlier one), ``not graded
  yet`` (collected, not autograded since), ``not submitted`` (score 0) or
  ``rejected at collect``;
- the wide sheet (``grading/grades-wide.csv``): one row per student, a
  column per assignment (its score, or its status when it has none) and per
  graded part, named by the heading above it.

A submission that could not be graded never reads as "not submitted, 0".
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import gradebook, status
from .cells import load_release, parts
from .course import Course, CourseError

EXPORT_COLUMNS = (
    "student_id", "assignment", "status", "detail", "review", "submitted", "score",
    "max_score", "code_score", "max_code_score", "written_score", "max_written_score",
    "needs_manual_grade", "timestamp", "source",
)
SCORES = ("score", "code_score", "written_score")


def _gradebook_rows(course: Course) -> tuple[dict, dict, set]:
    """Submissions with scores, assignments with maxima, and students, from the gradebook."""
    subs, maxima, students = {}, {}, set()
    if not course.gradebook_path.exists():
        return subs, maxima, students
    with course.gradebook() as gb:
        students = {s.id for s in gb.students}
        for a in gb.assignments:
            maxima[a.name] = {"max_score": a.max_score, "max_code_score": a.max_code_score,
                              "max_written_score": a.max_written_score}
            for sub in a.submissions:
                graded = any(g.auto_score is not None or g.manual_score is not None
                             for nb in sub.notebooks for g in nb.grades)
                if graded:
                    subs[(sub.student.id, a.name)] = {
                        "score": sub.score, "code_score": sub.code_score,
                        "written_score": sub.written_score,
                        "needs_manual_grade": bool(sub.needs_manual_grade),
                        "timestamp": sub.timestamp.isoformat() if sub.timestamp else ""}
    return subs, maxima, students


def _state(key: str, data: dict, graded: dict | None, collected: bool) -> tuple[str, str]:
    """(status, detail) of one student's assignment."""
    st = data["grading"].get(key)
    again = data.get("collected", {}).get(key, {}).get("when", "")
    if st and again and again > st.get("when", ""):
        return status.WAITING, "collected again after its last grading: run autograde"
    if st:
        reason = st.get("reason", "")
        if st["status"] == status.STALE or (st["status"] == status.NOT_GRADED and graded):
            return status.STALE, f"re-grade failed: {reason}; the score is the earlier one"
        if st["status"] == status.NOT_GRADED:
            return status.NOT_GRADED, reason
        return st["status"], "; ".join(st.get("notes", []))
    if graded:
        return status.GRADED, ""
    if collected:
        return status.WAITING, "collected, not autograded yet"
    return status.NOT_SUBMITTED, ""


def grade_rows(course: Course) -> list[dict]:
    """One row per student and assignment, and one per item rejected at collect."""
    subs, maxima, students = _gradebook_rows(course)
    data = status.load(course.grading)
    on_disk = {(p.parent.name, p.name) for p in course.submitted.glob("*/*") if p.is_dir()} \
        if course.submitted.is_dir() else set()
    keys = {tuple(k.split("/", 1)) for k in data["grading"]} | on_disk
    students |= {s for s, _ in keys}
    assignments = sorted(set(maxima) | {a for _, a in keys})
    rows = []
    for assignment in assignments:
        for student in sorted(students):
            key = status.key(student, assignment)
            graded = subs.get((student, assignment))
            state, detail = _state(key, data, graded, (student, assignment) in on_disk)
            row = dict.fromkeys(EXPORT_COLUMNS, "")
            row.update(student_id=student, assignment=assignment, status=state, detail=detail,
                       **maxima.get(assignment, {}))
            row["review"] = "; ".join(data["grading"].get(key, {}).get("review", []))
            row["submitted"] = state != status.NOT_SUBMITTED
            row["source"] = ", ".join(data.get("collected", {}).get(key, {}).get("sources", []))
            if state == status.NOT_SUBMITTED:
                row.update(score=0.0, code_score=0.0, written_score=0.0, needs_manual_grade=False)
            elif graded and state != status.NOT_GRADED:
                row.update(graded)
            rows.append(row)
    for item in data["rejected"]:
        row = dict.fromkeys(EXPORT_COLUMNS, "")
        row.update(student_id=item.get("student", ""), assignment=item.get("assignment", ""),
                   status=status.REJECTED, detail=item.get("reason", ""), submitted=True,
                   source=item.get("source", ""))
        rows.append(row)
    return rows


def _part_columns(course: Course, assignment: str) -> list[tuple[str, list[str]]]:
    """(column name, grade ids) of every part of ``assignment``, in notebook order."""
    try:
        release = load_release(course, assignment)
    except Exception:  # noqa: BLE001 - an assignment no longer in the course: no part columns
        return []
    columns: dict[str, list[str]] = {}
    for notebook, nb in release.items():
        prefix = f"{assignment}: " if len(release) == 1 else f"{assignment}/{notebook}: "
        for part in parts(nb):
            columns.setdefault(prefix + part.name, []).append(part.grade_id)
    return list(columns.items())


def wide_rows(course: Course, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The wide sheet: columns, and one row per student."""
    assignments = sorted({r["assignment"] for r in rows if r["status"] != status.REJECTED})
    cells = gradebook.part_scores(course) if course.gradebook_path.exists() else {}
    columns, per_part = ["student_id"], {}
    for a in assignments:
        per_part[a] = _part_columns(course, a)
        columns += [a, f"{a} status", *(name for name, _ in per_part[a])]
    table: dict[str, dict] = {}
    for r in rows:
        if r["status"] == status.REJECTED or not r["student_id"]:
            continue
        line = table.setdefault(r["student_id"], {"student_id": r["student_id"]})
        a, has_score = r["assignment"], r["score"] != ""
        line[a] = r["score"] if has_score else r["status"]
        line[f"{a} status"] = r["status"]
        scores = cells.get((r["student_id"], a), {})
        for name, ids in per_part[a]:
            got = [scores.get(gid) for gid in ids]
            if not has_score or r["status"] == status.NOT_SUBMITTED or not scores:
                line[name] = ""
            elif all(g is None for g in got):
                line[name] = "to grade"
            else:
                line[name] = sum(g for g in got if g is not None)
    return columns, [table[s] for s in sorted(table)]


def export(course: Course, to=None, out=print, wide=None) -> Path:
    """Write the grades as CSV: the long sheet, and the wide one beside it.

    Parameters
    ----------
    course : Course
    to : path-like or None
        The long CSV; ``None`` for ``grading/grades.csv``.
    out : callable
        Where the summary line goes.
    wide : path-like or None
        The wide CSV; ``None`` for ``<to>`` with ``-wide`` added to its name.

    Returns
    -------
    pathlib.Path
        The long CSV written.  Columns: ``student_id, assignment, status,
        detail, review, submitted, score, max_score, code_score,
        max_code_score, written_score, max_written_score,
        needs_manual_grade, timestamp, source``; ``score`` counts automatic
        scores plus manual ones given so far, and is empty where there is
        no score (not graded, not graded yet, rejected).
    """
    target = Path(to) if to is not None else course.grading / "grades.csv"
    if not target.is_absolute():
        target = Path.cwd() / target
    wide_target = Path(wide) if wide is not None else target.with_name(
        f"{target.stem}-wide{target.suffix or '.csv'}")
    if not course.gradebook_path.exists() and not status.path_of(course.grading).exists():
        raise CourseError(f"no gradebook at {course.gradebook_path}: nothing collected or "
                          "graded yet")
    rows = grade_rows(course)
    if not rows:
        raise CourseError("the gradebook has no students or no assignments yet")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    columns, table = wide_rows(course, rows)
    with open(wide_target, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(table)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    out(f"wrote {len(rows)} row(s) ({len(table)} student(s)) to {target} and the wide sheet "
        f"to {wide_target}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return target
