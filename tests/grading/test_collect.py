"""collect: learning-platform downloads, duplicates and versions, rosters, originals untouched."""

from __future__ import annotations

import csv
import os
import zipfile

import pytest
from classroom import ASSIGNMENTS, EXERCISES, FOCUS, OTHER, cli, course_copy, digest, notebook_of

from mtolab.instructor import Course, CourseError, collect

NB = notebook_of(EXERCISES, FOCUS).stem  # the focus assignment's notebook name
OTHER_NB = notebook_of(EXERCISES, OTHER).stem


def write(path, text: str = "", mtime: float | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    body = (notebook_of(EXERCISES, FOCUS).read_text() if path.suffix == ".ipynb" else text)
    path.write_text(body + ("\n" * (len(str(path)) % 7)) if path.suffix == ".ipynb" else body)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture(scope="module")
def download(tmp_path_factory):
    """A folder as instructors get them: mixed layouts, platform names, duplicates."""
    d = tmp_path_factory.mktemp("download")
    t0 = 1_700_000_000
    write(d / "kari" / FOCUS / f"{NB}.ipynb")
    (d / "kari" / FOCUS / "timestamp.txt").write_text("2024-03-01 12:00:00.000000 UTC")
    write(d / "bob" / f"{NB}.ipynb", mtime=t0)
    write(d / "bob" / f"{NB}-Copy1.ipynb", mtime=t0 + 600)  # JupyterLab's duplicate, newer
    write(d / f"alice_{NB}.ipynb", mtime=t0)
    write(d / f"alice_{NB}_v2.ipynb", mtime=t0)  # same time: the version decides
    write(d / f"carl_{NB} (1).ipynb")
    write(d / f"{NB}-Copy1.ipynb")  # no student in the name: not placed
    write(d / "Ola.Hansen" / f"{NB}.ipynb", mtime=t0)
    write(d / f"ola.hansen_{NB}.ipynb", mtime=t0 + 60)
    write(d / f"nordmannkari_4711_99001_{NB}.ipynb", mtime=t0)  # Canvas, then a resubmission
    write(d / f"nordmannkari_4711_99002_{NB}-1.ipynb", mtime=t0)
    write(d / f"hansenper_LATE_4712_99003_{NB}.ipynb")
    write(d / "Ingrid Berg_31_assignsubmission_file_" / f"{NB}.ipynb")  # Moodle, in folders
    write(d / f"Nils Lie_32_assignsubmission_file_{NB}.ipynb")  # Moodle, flat
    write(d / "dora" / f"{OTHER_NB}.ipynb")  # another assignment, named after it
    packed = write(d.parent / "inner" / f"olsenkaja_4713_99004_{NB}.ipynb")
    with zipfile.ZipFile(d / "late.zip", "w") as zf:
        zf.write(packed, packed.name)
    write(d / "readme.txt", "hello")
    return d


@pytest.fixture(scope="module")
def collected(download, tmp_path_factory):
    root = course_copy(tmp_path_factory.mktemp("course"))
    before = digest(download)
    run = cli("collect", download, root=root)
    return {"root": root, "run": run, "before": before, "after": digest(download)}


def placed(root) -> set:
    return {(p.parent.name, p.name) for p in (root / "grading" / "submitted").glob("*/*")}


def test_every_layout_and_platform_name_is_placed(collected):
    got = placed(collected["root"])
    for student in ("kari", "bob", "alice", "carl", "ola.hansen", "nordmannkari", "hansenper",
                    "Ingrid_Berg", "Nils_Lie", "olsenkaja"):
        assert (student, FOCUS) in got, (student, sorted(got), collected["run"].stdout)
    assert ("dora", OTHER) in got
    assert not {s for s, _ in got} & {"Copy1", "alice__v2", "nordmannkari_4711_99001_-1"}
    stamp = collected["root"] / "grading" / "submitted" / "kari" / FOCUS / "timestamp.txt"
    assert stamp.read_text().startswith("2024-03-01")


def test_the_newest_copy_wins_and_the_others_are_reported(collected, download):
    out = collected["run"].stdout
    sub = collected["root"] / "grading" / "submitted"
    for student, newest, older in (("bob", f"bob/{NB}-Copy1.ipynb", f"bob/{NB}.ipynb"),
                                   ("alice", f"alice_{NB}_v2.ipynb", f"alice_{NB}.ipynb"),
                                   ("nordmannkari", f"nordmannkari_4711_99002_{NB}-1.ipynb",
                                    f"nordmannkari_4711_99001_{NB}.ipynb"),
                                   ("ola.hansen", f"ola.hansen_{NB}.ipynb",
                                    f"Ola.Hansen/{NB}.ipynb")):
        assert (sub / student / FOCUS / f"{NB}.ipynb").read_bytes() == (
            download / newest).read_bytes(), student
        assert f"superseded: {older}: an older submission" in out, (older, out)


def test_case_only_differences_and_unplaced_items_are_reported(collected):
    run = collected["run"]
    assert run.returncode == 1, "something was not placed: exit 1\n" + run.stdout
    assert "Ola.Hansen, ola.hansen differ only in case: collected as one student, ola.hansen" \
        in run.stdout
    assert f"not placed: {NB}-Copy1.ipynb: no student id" in run.stdout
    assert "not placed: readme.txt: not a notebook" in run.stdout


def test_originals_are_only_read(collected):
    assert collected["after"] == collected["before"]


@pytest.fixture(scope="module")
def spare(tmp_path_factory):
    """One more course, shared by the tests below (a new gradebook costs seconds)."""
    return course_copy(tmp_path_factory.mktemp("spare"))


def test_a_roster_maps_platform_names_and_ids(download, spare, tmp_path):
    root = spare
    roster = tmp_path / "roster.csv"
    with open(roster, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["student_id", "first_name", "last_name", "canvas_id", "email"])
        w.writerow(["s001", "Kari", "Nordmann", "4711", "kari@example.org"])
        w.writerow(["s002", "Ingrid", "Berg", "", "ingrid@example.org"])
        w.writerow(["s003", "Kaja", "Olsen", "4713", ""])
    report = collect(Course(root), download, roster=roster, out=lambda msg: None)
    got = placed(root)
    assert {("s001", FOCUS), ("s002", FOCUS), ("s003", FOCUS)} <= got, report.problems
    assert any("'hansenper' is not on the roster" in p for p in report.problems)


def test_a_pattern_of_ones_own(spare, tmp_path):
    root = spare
    folder = tmp_path / "in"
    write(folder / f"week9-s17-{NB}.ipynb")
    regexp = rf"week\d+-(?P<student_id>s\d+)-(?P<file_id>{NB}\.ipynb)"
    report = collect(Course(root), folder, pattern=regexp, out=lambda msg: None)
    assert not report.problems and ("s17", FOCUS) in placed(root)
    with pytest.raises(CourseError, match=r"\(\?P<student_id>"):
        collect(Course(root), folder, pattern="no groups", out=lambda msg: None)


def test_the_assignment_of_a_bare_name_comes_from_the_folder(spare, tmp_path):
    root = spare
    folder = tmp_path / ASSIGNMENTS[0]
    write(folder / "erik.ipynb")
    report = collect(Course(root), folder, out=lambda msg: None)
    assert not report.problems and ("erik", ASSIGNMENTS[0]) in placed(root)
