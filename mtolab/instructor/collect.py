"""``collect``: take in a folder (or zip) of submissions, as nbgrader's zip_collect does.

Every file under the folder is matched, by its path relative to the folder,
against named regular expressions with nbgrader's own
:class:`~nbgrader.plugins.zipcollect.FileNameCollectorPlugin` (groups
``student_id``, ``file_id`` and optionally ``timestamp``, as in ``nbgrader
zip_collect``), plus ready patterns for learning-platform downloads:

==========  ======================================================================
nbgrader    ``<student>/<assignment>/<notebook>.ipynb`` (with ``timestamp.txt``)
moodle      ``<Full Name>_<participant id>_assignsubmission_file_[/]<file>``
canvas      ``<lastfirst>_[LATE_]<user id>_<attachment id>_<file>``
folders     ``<student>/<file>``
files       ``<student>_<notebook>.ipynb``, ``<notebook>_<student>.ipynb``, or
            ``<student>.ipynb`` when the assignment is known
==========  ======================================================================

Zip archives in the folder (or the folder given as a ``.zip``) are unpacked
first with nbgrader's ``unzip``.  JupyterLab's duplicates (``-Copy1``) and
version suffixes (``_v2``, `` (1)``, Canvas's ``-1``) are recognised; of
several files of one student's notebook the newest wins (explicit timestamp,
then modification time, then version number) and the others are reported.
A roster CSV maps names, e-mails or platform ids to student ids.  Ids that
differ only in case are taken as one student, and reported.

Originals are opened read-only and never written.  ``collect`` reports
every item it did not place, with the reason; the command exits 1 then.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import status
from .cells import grade_ids, identify, load_release
from .course import STUDENT_ID, Course, CourseError, read_notebook

VERSION = re.compile(r"(?:-Copy(?P<copy>\d+)|[_ -]v(?P<v>\d+)|\s*\((?P<paren>\d+)\)|"
                     r"-(?P<dash>\d+))$", re.I)
PATTERN_NAMES = ("nbgrader", "moodle", "canvas", "folders", "files")


@dataclass
class CollectReport:
    """What ``collect`` did."""

    placed: list = field(default_factory=list)  # (student, assignment, [original paths])
    problems: list = field(default_factory=list)  # not placed: messages
    warnings: list = field(default_factory=list)  # placed, but ...
    superseded: list = field(default_factory=list)  # older copies left out
    rejected: list = field(default_factory=list)  # {"source", "student", "assignment", "reason"}

    def reject(self, source: str, reason: str, student: str = "", assignment: str = ""):
        self.problems.append(f"{source}: {reason}")
        self.rejected.append({"source": source, "student": student, "assignment": assignment,
                              "reason": reason})


@dataclass
class _Item:
    source: str  # as reported: path relative to the folder (archives as name.zip/...)
    path: Path  # the file on disk (an original, or unpacked from an archive)
    student: str = ""
    assignment: str = ""
    notebook: str = ""
    version: int = 0
    timestamp: dt.datetime | None = None
    pattern: str = ""
    platform: str = ""  # a Canvas user id or Moodle participant id


def patterns(course: Course, assignment: str | None) -> dict[str, str]:
    """The ready named regular expressions, for this course's assignments."""
    names = "|".join(map(re.escape, course.assignments())) or "(?!)"
    return {
        "nbgrader": rf"^(?P<student_id>[^/]+)/(?P<assignment>{names})/(?P<file_id>[^/]+)$",
        "moodle": r"^(?:.*/)?(?P<name>[^/_]+)_(?P<platform_id>\d+)_assignsubmission_file_"
                  r"(?:/|_)?(?P<file_id>[^/]+)$",
        "canvas": r"^(?:.*/)?(?P<name>[^\W_]+)_(?:LATE_)?(?P<platform_id>\d+)_\d+_"
                  r"(?P<file_id>[^/]+)$",
        "folders": r"^(?P<student_id>[^/]+)/(?P<file_id>[^/]+)$",
        "files": r"^(?P<file_id>[^/]+)$",
    }


def _matcher(regexp: str):
    from nbgrader.plugins import FileNameCollectorPlugin

    return FileNameCollectorPlugin(named_regexp=regexp, valid_ext=[".ipynb"])


# -------------------------------------------------------------------- roster
def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\W_]+", "", text).casefold()


def read_roster(path) -> dict[str, str]:
    """``{normalised alias: student id}`` from a CSV with a ``student_id`` column.

    Every other column (names, e-mail, Canvas or Moodle ids) gives aliases;
    with ``first_name`` and ``last_name`` columns, both orders of the full
    name are aliases too.  An alias shared by two students is dropped.
    """
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise CourseError(f"cannot read the roster {path}: {exc.strerror}") from None
    if not rows or "student_id" not in rows[0]:
        raise CourseError(f"the roster {path} needs a 'student_id' column (and columns of "
                          "names or ids to match, e.g. name, email, canvas_id, moodle_id)")
    aliases: dict[str, set] = {}
    for row in rows:
        sid = (row.get("student_id") or "").strip()
        if not sid:
            continue
        values = [v for k, v in row.items() if v and k]
        first = row.get("first_name") or row.get("first name") or ""
        last = row.get("last_name") or row.get("last name") or ""
        if first and last:
            values += [f"{first} {last}", f"{last} {first}"]
        for value in values:
            if _norm(value):
                aliases.setdefault(_norm(value), set()).add(sid)
    return {alias: next(iter(ids)) for alias, ids in aliases.items() if len(ids) == 1}


# --------------------------------------------------------------------- files
def _files(src: Path, scratch: Path, report: CollectReport) -> list[tuple[str, Path]]:
    """(source label, relative path, file) of every candidate file, archives unpacked."""
    from nbgrader.utils import unzip

    found = []
    roots = [(src, "")] if src.is_dir() else []
    archives = [src] if src.is_file() else []
    for root, label in roots:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if any(part.startswith((".", "__MACOSX")) for part in rel.parts):
                continue
            if path.is_symlink():
                report.reject(label + str(rel), "a link, not a file: left out")
            elif path.suffix.lower() == ".zip" and path.is_file():
                archives.append(path)
            elif path.is_file():
                found.append((label + str(rel), str(rel), path))
    for number, archive in enumerate(archives):
        dest = scratch / f"zip{number}"
        dest.mkdir(parents=True)
        label = (str(archive.relative_to(src)) if archive != src else archive.name) + "/"
        try:
            unzip(str(archive), str(dest), zip_ext=[".zip"], create_own_folder=False, tree=True)
        except Exception as exc:  # noqa: BLE001 - a broken archive is reported, not fatal
            report.reject(label.rstrip("/"), f"could not be unpacked ({exc})")
            continue
        for path in sorted(dest.rglob("*")):
            rel = path.relative_to(dest)
            if path.is_file() and not path.is_symlink() and not any(
                    part.startswith((".", "__MACOSX")) for part in rel.parts):
                found.append((label + str(rel), str(rel), path))
    return found


def _version(stem: str) -> tuple[str, int]:
    """``("a1_make_to_stock", 1)`` from ``"a1_make_to_stock-Copy1"``."""
    match = VERSION.search(stem)
    if not match:
        return stem, 0
    number = next(int(g) for g in match.groups() if g is not None)
    return stem[: match.start()], number


def _notebook_in(stem: str, course: Course, assignment: str | None):
    """(assignment, notebook, rest of the name) for a file name that names a notebook."""
    candidates = [(a, nb) for a in course.assignments() for nb in course.notebooks(a)
                  if assignment in (None, a)]
    for a, nb in sorted(candidates, key=lambda c: -len(c[1])):
        if stem.endswith(nb):
            return a, nb, stem[: -len(nb)].strip("_-. ")
        if stem.startswith(nb):
            return a, nb, stem[len(nb):].strip("_-. ")
    if assignment and len(course.notebooks(assignment)) == 1:
        return assignment, course.notebooks(assignment)[0], stem
    return None, None, stem


def _parse(item: _Item, groups: dict, pattern: str, course: Course,
           assignment: str | None) -> str | None:
    """Fill ``item`` from a pattern's groups; the reason it cannot be placed, if any."""
    from nbgrader.utils import parse_utc

    item.pattern = pattern
    given = groups.get("assignment") or assignment
    stem, item.version = _version(Path(groups["file_id"]).stem)
    found, notebook, rest = _notebook_in(stem, course, given)
    if found is None:
        known = ", ".join(course.assignments())
        return (f"cannot tell which assignment it is for: name it after one ({known}) or "
                "pass --assignment")
    item.assignment, item.notebook = found, notebook
    if groups.get("timestamp"):
        item.timestamp = parse_utc(groups["timestamp"])
    item.student = groups.get("student_id") or ""
    if pattern in ("moodle", "canvas"):
        item.student = groups["name"].replace(" ", "_")
        item.platform = groups.get("platform_id", "")
    elif pattern == "files":
        item.student = rest
    if not item.student:
        return ("no student id in the file name: put it in a folder named after the student "
                f"or name it <student>_{notebook}.ipynb")
    return None


def _stamp(path: Path) -> dt.datetime | None:
    """The time in an nbgrader ``timestamp.txt`` beside ``path``, if any."""
    from nbgrader.utils import parse_utc

    stamp = path.parent / "timestamp.txt"
    if stamp.is_file():
        try:
            return parse_utc(stamp.read_text().strip())
        except (ValueError, OSError):
            return None
    return None


# -------------------------------------------------------------------- collect
def _match_all(course, files, regexps, assignment, report) -> list[_Item]:
    items = []
    for source, rel, path in files:
        if path.name == "timestamp.txt":
            continue
        if path.suffix.lower() != ".ipynb":
            report.reject(source, "not a notebook, left out")
            continue
        for name, regexp in regexps.items():
            groups = _matcher(regexp).collect(rel)
            if groups:
                item = _Item(source, path, timestamp=_stamp(path))
                why = _parse(item, groups, name, course, assignment)
                if why:
                    report.reject(source, why)
                else:
                    items.append(item)
                break
        else:
            report.reject(source, "its name matches none of the patterns "
                                  f"({', '.join(regexps)})")
    return items


def _resolve(course: Course, items: list[_Item], roster: dict | None, report) -> list[_Item]:
    """Roster ids, valid ids, and one id for ids that differ only in case."""
    kept = []
    for item in items:
        if roster is not None:
            keys = [item.platform, item.student]
            sid = next((roster[_norm(k)] for k in keys if k and _norm(k) in roster), None)
            if sid is None:
                report.reject(item.source, f"{item.student!r} is not on the roster",
                              item.student, item.assignment)
                continue
            item.student = sid
        if not STUDENT_ID.match(item.student):
            report.reject(item.source, f"{item.student!r} is not usable as a student id "
                          "(letters, digits and _ . @ - only, starting with a letter or digit)",
                          "", item.assignment)
            continue
        kept.append(item)
    known = {p.name for p in course.submitted.iterdir()} if course.submitted.is_dir() else set()
    by_fold: dict[str, set] = {}
    for item in kept:
        by_fold.setdefault(item.student.casefold(), set()).add(item.student)
    for sid in known:
        if sid.casefold() in by_fold:
            by_fold[sid.casefold()].add(sid)
    for ids in (ids for ids in by_fold.values() if len(ids) > 1):
        earlier = sorted(ids & known)
        chosen = earlier[0] if earlier else min(ids, key=lambda s: (s != s.lower(), s))
        report.warnings.append(f"student ids {', '.join(sorted(ids))} differ only in case: "
                               f"collected as one student, {chosen}")
        for item in kept:
            if item.student in ids:
                item.student = chosen
    return kept


def _newest(items: list[_Item], report) -> dict[tuple, dict[str, _Item]]:
    """The newest file of every (student, assignment, notebook); report the others."""
    def age(item: _Item):
        stamp = item.timestamp.timestamp() if item.timestamp else float("-inf")
        return (stamp, int(item.path.stat().st_mtime), item.version, item.source)

    groups: dict[tuple, list[_Item]] = {}
    for item in items:
        groups.setdefault((item.student, item.assignment, item.notebook), []).append(item)
    chosen: dict[tuple, dict[str, _Item]] = {}
    for (student, assignment, notebook), group in sorted(groups.items()):
        group.sort(key=age)
        newest = group[-1]
        for older in group[:-1]:
            report.superseded.append(f"{older.source}: an older submission of {student}'s "
                                     f"{notebook} (kept the newer {newest.source})")
        chosen.setdefault((student, assignment), {})[notebook] = newest
    return chosen


def _copy_original(src: Path, dest: Path) -> None:
    """Copy ``src`` (opened read-only, links not followed) to ``dest``, with its time."""
    fd = os.open(src, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh, open(dest, "wb") as out:
        shutil.copyfileobj(fh, out)
        stat = os.fstat(fh.fileno())
    os.utime(dest, (stat.st_atime, stat.st_mtime))


def _place(course: Course, chosen: dict, report: CollectReport, out) -> None:
    releases: dict = {}
    for (student, assignment), notebooks in chosen.items():
        dest = course.submission_dir(student, assignment)
        replaced = dest.exists()
        if replaced:
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        stamps = [i.timestamp for i in notebooks.values() if i.timestamp]
        for notebook, item in sorted(notebooks.items()):
            _copy_original(item.path, dest / f"{notebook}.ipynb")
            try:
                nb = read_notebook(item.path)
            except CourseError as exc:
                report.warnings.append(f"{item.source}: copied, but {exc}; autograde will not "
                                       "grade it")
                continue
            if not releases:
                releases.update({a: set().union(*map(grade_ids, load_release(course, a).values()))
                                 for a in course.assignments()})
            wrong = identify(nb, assignment, releases)
            if wrong:
                report.warnings.append(f"{item.source}: copied, but it {wrong}")
        if stamps:
            (dest / "timestamp.txt").write_text(max(stamps).isoformat(" "))
        report.placed.append((student, assignment, [i.path for i in notebooks.values()]))
        sources = ", ".join(i.source for i in notebooks.values())
        out(f"{'replaced' if replaced else 'collected'} {student} {assignment} from {sources}")


def _regexps(course: Course, assignment: str | None, pattern: str | None) -> dict:
    """The named regular expressions ``collect`` tries, from ``--pattern``."""
    ready = patterns(course, assignment)
    if pattern is None:
        return ready
    if pattern in ready:
        return {pattern: ready[pattern]}
    if "(?P<student_id>" in pattern and "(?P<file_id>" in pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CourseError(f"--pattern is not a valid regular expression: {exc}") from None
        return {"custom": pattern}
    raise CourseError(f"--pattern must be one of {', '.join(PATTERN_NAMES)}, or a regular "
                      "expression with the groups (?P<student_id>...) and (?P<file_id>...)")


def collect(course: Course, path, assignment: str | None = None, out=print,
            pattern: str | None = None, roster=None) -> CollectReport:
    """Copy a folder (or zip) of submissions into ``grading/submitted``.

    Parameters
    ----------
    course : Course
    path : path-like
        The folder of submissions, or a zip archive of them.
    assignment : str or None
        The assignment every notebook in ``path`` belongs to, if the names
        do not say (a folder named after an assignment says it too).
    out : callable
        Where progress lines go.
    pattern : str or None
        One of ``nbgrader``, ``moodle``, ``canvas``, ``folders``, ``files``,
        or a regular expression with the named groups ``student_id`` and
        ``file_id`` (and optionally ``timestamp``) that nbgrader's
        FileNameCollectorPlugin applies to each path relative to ``path``;
        ``None`` tries the ready patterns in that order.
    roster : path-like or None
        A CSV with a ``student_id`` column; the values of its other columns
        (names, e-mails, platform ids) are matched to the names found.

    Returns
    -------
    CollectReport

    Raises
    ------
    CourseError
        If ``path`` is missing, the pattern or roster is unusable, or
        nothing could be placed.
    """
    src = Path(path).expanduser().resolve()
    if not src.exists() or (src.is_file() and src.suffix.lower() != ".zip"):
        raise CourseError(f"no submissions folder at {src}")
    known = course.assignments()
    if assignment is not None and assignment not in known:
        raise CourseError(f"unknown assignment {assignment}: the course has {', '.join(known)}")
    if assignment is None and src.is_dir() and src.name in known:
        assignment = src.name
    regexps = _regexps(course, assignment, pattern)
    names = read_roster(roster) if roster is not None else None
    report = CollectReport()
    with tempfile.TemporaryDirectory(prefix="mtolab-collect-") as scratch:
        files = _files(src, Path(scratch), report)
        items = _resolve(course, _match_all(course, files, regexps, assignment, report),
                         names, report)
        chosen = _newest(items, report)
        _place(course, chosen, report, out)
    _remember(course, src, report, chosen)
    for msg in report.warnings:
        out(f"warning: {msg}")
    for msg in report.superseded:
        out(f"superseded: {msg}")
    for msg in report.problems:
        out(f"not placed: {msg}")
    if not report.placed:
        raise CourseError(
            f"no submissions found in {src}: expected <student>/<assignment>/*.ipynb, "
            "<student>/*.ipynb, <student>_<notebook>.ipynb or a Canvas or Moodle download"
            + ("" if not report.problems else f" ({len(report.problems)} item(s) not placed)"))
    students = {s for s, _, _ in report.placed}
    with course.gradebook() as gb:
        for student in sorted(students):
            gb.update_or_create_student(student)
    out(f"{len(report.placed)} submission(s) from {len(students)} student(s) collected"
        + (f"; {len(report.problems)} item(s) NOT placed" if report.problems else "")
        + (f"; {len(report.superseded)} older copie(s) left out" if report.superseded else ""))
    return report


def _remember(course: Course, src: Path, report: CollectReport, chosen: dict) -> None:
    """Record in status.json what this collect placed and rejected."""
    data = status.load(course.grading)
    folder = str(src)
    data["rejected"] = [r for r in data["rejected"] if r.get("folder") != folder]
    data["rejected"] += [{**r, "folder": folder, "when": status.now()} for r in report.rejected]
    data["superseded"] = [r for r in data["superseded"] if r.get("folder") != folder]
    data["superseded"] += [{"message": m, "folder": folder} for m in report.superseded]
    collected = data.setdefault("collected", {})
    for (student, assignment), notebooks in chosen.items():
        collected[status.key(student, assignment)] = {
            "when": status.now(), "sources": sorted(i.source for i in notebooks.values())}
    status.save(course.grading, data)
