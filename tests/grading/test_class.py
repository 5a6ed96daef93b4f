"""A synthetic class, honest, messy and hostile, graded end to end in the real sandbox.

One temporary copy of the course is released; the class hands in good,
partial and broken work and every attack and fault of issue 14; it is
collected, autograded two at a time (each kernel in bubblewrap), given
feedback and exported.  The tests check that no one gains a point they did
not earn, that the victim keeps full marks, that the gradebook, the course
and every original are unchanged, that no process a submission started
outlives grading, that cheats are flagged and that partial credit is kept.
Nothing is written into the repository's own ``grading/`` folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
import time

import nbformat
import pytest
from classroom import (
    ASSIGNMENTS,
    EXERCISES,
    FOCUS,
    OTHER,
    ROOT,
    SOLUTIONS,
    TRUST_FLAG,
    answer_ids,
    cli,
    clone,
    course_copy,
    digest,
    headings,
    nbg,
    notebook_of,
    parts,
    prefixed,
    processes_mentioning,
    read,
    stubbed,
)

from mtolab.instructor import Course, CourseError, autograde, collect, export, release

TIMEOUT = 10  # seconds per cell (the endless loop costs this)
TIME_LIMIT = 25  # seconds per submission (the slowpoke costs this)
MARKER = "mtolab-detached-attack-7f3a"
pytestmark = pytest.mark.timeout(900)


def attack(body: str) -> str:
    """Attack code that never stops its own notebook (errors are swallowed)."""
    lines = "\n".join("    " + ln for ln in body.strip().splitlines())
    return f"try:\n{lines}\nexcept BaseException:\n    pass"


@pytest.fixture(scope="module")
def graded(released, tmp_path_factory):
    """The released course, after its synthetic class has been collected and graded."""
    root = released
    scratch = tmp_path_factory.mktemp("scratch")  # the grader's TMPDIR: its boxes live here
    env = {"TMPDIR": str(scratch)}

    solution, exercise = read(SOLUTIONS, FOCUS), read(EXERCISES, FOCUS)
    points, owner = parts(solution)
    answers = answer_ids(solution)
    full = sum(points.values())
    nbname = notebook_of(SOLUTIONS, FOCUS).name

    def without(*broken):
        return full - sum(p for g, p in points.items() if owner[g] in broken)

    def before_answer(answer):  # points of the tests above an answer cell
        order = [nbg(c).get("grade_id") for c in solution.cells]
        return sum(p for g, p in points.items() if order.index(g) < order.index(answer))

    subs = root.parent / f"{root.name}-handed-in"
    subs.mkdir()
    gb = root / "grading" / "gradebook.db"
    mine = lambda who: root / "grading" / "submitted" / who / FOCUS / nbname  # noqa: E731
    expected, honest, flagged = {}, set(), set()
    for assignment in ASSIGNMENTS:  # nbgrader's own layout: <student>/<assignment>/
        folder = subs / "model" / assignment
        folder.mkdir(parents=True)
        nbformat.write(read(SOLUTIONS, assignment),
                       folder / notebook_of(SOLUTIONS, assignment).name)
    expected["model"] = full
    honest.add("model")

    def hand_in(student, nb, points, is_honest=False, is_cheat=False):
        nbformat.write(nb, subs / f"{student}.ipynb")  # one notebook per student
        expected[student] = points
        (honest if is_honest else flagged if is_cheat else set()).add(student)

    # -- honest and messy work
    hand_in("untouched", exercise, 0.0, is_honest=True)
    hand_in("partial", stubbed(solution, exercise, [answers[0], answers[3]]),
            without(answers[0], answers[3]), is_honest=True)
    hand_in("raises", prefixed(solution, answers[1], 'raise RuntimeError("my code breaks")'),
            without(answers[1]), is_honest=True)
    hand_in("a_loops", prefixed(solution, answers[2], "while True:\n    pass"),
            without(answers[2]), is_honest=True)
    tampered = clone(exercise)
    tests = [c for c in tampered.cells if nbg(c).get("grade") and not nbg(c).get("solution")]
    tampered.cells.remove(tests[0])
    for cell in tests[1:]:
        cell.source = "pass  # no tests here"
    hand_in("tampered", tampered, 0.0)
    printer = prefixed(solution, answers[0], 'print("x" * 50_000_000)')
    hand_in("printer", printer, full, is_honest=True)
    # -- faults: partial credit survives
    skipper = clone(solution)
    skipped = {answers[1]} | {g for g, o in owner.items() if o == answers[1]}
    skipper.cells = [c for c in skipper.cells if nbg(c).get("grade_id") not in skipped]
    hand_in("skipper", skipper, without(answers[1]), is_honest=True)
    hand_in("quitter", prefixed(solution, answers[2], "import os\nos._exit(1)"),
            before_answer(answers[2]), is_cheat=True)
    ungraded = clone(solution)
    next(c for c in ungraded.cells if nbg(c).get("grade_id") in points).metadata[
        "nbgrader"]["grade"] = False
    hand_in("ungraded", ungraded, full, is_honest=True)
    marked = clone(solution)
    meta = next(nbg(c) for c in marked.cells if nbg(c).get("grade_id") == answers[0])
    meta.update(grade=True, points=5)
    hand_in("marked", marked, full, is_honest=True)
    hand_in("wrongone", read(SOLUTIONS, OTHER), None)
    # -- attacks (each on the unanswered exercise: it earns nothing)
    course_files = [root / "nbgrader_config.py", root / "solutions", root / "exercises"]
    library = sorted((ROOT / "mtolab").glob("*.py"))
    paths = {"gb": str(gb), "victim": str(mine("b_victim")), "orig": str(subs / "b_victim.ipynb"),
             "auto": str(root / "grading" / "autograded" / "b_victim"),
             "sol": str(notebook_of(root / "solutions", FOCUS)),
             "repo_sol": str(notebook_of(SOLUTIONS, FOCUS)),
             "config": str(root / "nbgrader_config.py"), "lib": str(library[0]),
             "marker": MARKER}
    code = {
        "a_vandal": f"""
import shutil, sqlite3
open({paths['victim']!r}, "w").write("{{}}")
shutil.rmtree({paths['auto']!r}, ignore_errors=True)
open({paths['orig']!r}, "a").write(" ")
con = sqlite3.connect({paths['gb']!r})
con.execute("update grade set manual_score = 99")
con.commit()""",
        "deleter": f"""
import os, shutil
os.remove({paths['gb']!r})
shutil.rmtree({str(root / 'grading')!r})""",
        "reader": f"""
import json
for path in ({paths['sol']!r}, {paths['repo_sol']!r}):
    try:
        for cell in json.load(open(path))["cells"]:
            meta = cell["metadata"].get("nbgrader", {{}})
            if meta.get("solution") and cell["cell_type"] == "code":
                exec("".join(cell["source"]), globals())
    except OSError:
        pass""",
        "changer": f"""
open({paths['config']!r}, "a").write("\\nc.Execute.timeout = 1\\n")
open({paths['lib']!r}, "a").write("\\n# changed by a submission\\n")""",
        "transformer": """
get_ipython().input_transformers_cleanup.append(
    lambda lines: [line.replace("assert", "pass  #") for line in lines])""",
        "patcher": """
import builtins
builtins.abs = lambda x: 0""",
        "detached": f"""
import subprocess, sys
prog = ("import os, sqlite3, time\\n"
        "os.setsid()\\n"
        "time.sleep(4)\\n"
        "con = sqlite3.connect({paths['gb']!r})\\n"
        "con.execute('update grade set manual_score = 99')\\n"
        "con.commit()\\n")
subprocess.Popen([sys.executable, "-c", prog, {MARKER!r}], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)""",
    }
    for student, body in code.items():
        hand_in(student, prefixed(exercise, answers[0], attack(body)), 0.0, is_cheat=True)
    hand_in("b_victim", solution, full, is_honest=True)
    sleeper = clone(solution)
    hook = attack("import time\nget_ipython().events.register('pre_run_cell', "
                  "lambda *args: time.sleep(27))")
    for answer in answers:
        sleeper = prefixed(sleeper, answer, hook)
    hand_in("sleeper", sleeper, None, is_cheat=True)
    slowpoke = clone(solution)
    for answer in answers:
        slowpoke = prefixed(slowpoke, answer, "import time\ntime.sleep(5)")
    hand_in("a_slowpoke", slowpoke, None)  # named to be graded early: it takes its whole cap
    # -- not notebooks
    (subs / "garbled.ipynb").write_text('{"cells": [ this is not JSON')
    (subs / "notes.txt").write_text("not a notebook")

    before = digest(subs)
    course_before = digest(*course_files, *library)
    collect = cli("collect", subs, "--assignment", FOCUS, root=root)
    started = time.perf_counter()
    autograde = cli("autograde", "--jobs", 2, "--timeout", TIMEOUT, "--time-limit", TIME_LIMIT,
                    root=root, env=env)
    seconds = time.perf_counter() - started
    alive = processes_mentioning(MARKER) + processes_mentioning(str(scratch))
    gb_after = hashlib.sha256(gb.read_bytes()).hexdigest() if gb.exists() else None
    time.sleep(5)  # longer than the detached process waits before it writes
    feedback = cli("feedback", root=root)
    export = cli("export", root=root)
    for name, run in (("collect", collect), ("autograde", autograde), ("feedback", feedback),
                      ("export", export)):  # for a person looking into a failure
        (root.parent / f"{name}.log").write_text(run.stdout + run.stderr)
    return {
        "root": root, "subs": subs, "before": before, "after": digest(subs),
        "course_before": course_before, "course_after": digest(*course_files, *library),
        "collect": collect, "autograde": autograde, "feedback": feedback, "export": export,
        "expected": expected, "honest": honest, "flagged": flagged, "full": full,
        "points": points, "owner": owner, "answers": answers, "alive": alive,
        "gb_after": gb_after, "gb_later": hashlib.sha256(gb.read_bytes()).hexdigest(),
        "seconds": seconds, "env": env,
    }


def rows(graded) -> dict:
    with open(graded["root"] / "grading" / "grades.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def by_student(graded) -> dict:
    return {(r["student_id"], r["assignment"]): r for r in rows(graded) if r["student_id"]}


def progress_lines(graded) -> dict:
    out = graded["autograde"].stdout
    return {m.group(1): m.group(2) for m in
            re.finditer(rf"^\[\d+/\d+\] (\S+) {FOCUS}: (.*)$", out, flags=re.M)}


# ------------------------------------------------------------------- collect
def test_collect_places_every_submission_and_reports_the_rest(graded):
    run = graded["collect"]
    assert run.returncode == 1, "notes.txt was not placed: exit code 1\n" + run.stdout
    submitted = graded["root"] / "grading" / "submitted"
    for student in graded["expected"]:
        assert (submitted / student / FOCUS).is_dir(), student
    for assignment in ASSIGNMENTS:
        assert (submitted / "model" / assignment).is_dir()
    assert re.search(r"not placed: notes.txt: not a notebook", run.stdout), run.stdout
    assert re.search(r"garbled.ipynb: copied, but .*not a valid notebook", run.stdout)
    assert re.search(rf"wrongone.ipynb: copied, but it .*notebook of {OTHER}", run.stdout)


# ----------------------------------------------------------------- autograde
def test_the_batch_finishes_and_every_problem_has_a_line_with_its_cause(graded):
    run = graded["autograde"]
    out = run.stdout
    assert run.returncode == 1, "some submissions could not be graded: exit 1\n" + out + run.stderr
    lines = progress_lines(graded)
    assert set(lines) == set(graded["expected"]) | {"garbled"}, out
    assert re.search(r"^NOT GRADED: .*not a valid notebook", lines["garbled"])
    assert re.search(rf"^NOT GRADED: .*notebook of {OTHER}.*handed in as {FOCUS}",
                     lines["wrongone"])
    assert "cut at the time limit" in lines["a_loops"]
    assert re.search(r"the kernel died in cell \d+ \(exit code 1\)", lines["quitter"])
    assert "put back from the release" in lines["skipper"]
    assert "reset to the release's" in lines["ungraded"]
    assert "reset to the release's" in lines["marked"]
    assert re.search(rf"over time: reached its {TIME_LIMIT} s", lines["a_slowpoke"])
    assert "each in a bubblewrap sandbox" in out
    summary = out[out.index("need a look:"):]
    for student in ("garbled", "wrongone", "a_loops", "quitter", "skipper", "a_slowpoke",
                    *graded["flagged"]):
        assert re.search(rf"^  {student} {FOCUS}: \S", summary, flags=re.M), (student, summary)


def test_no_one_gains_a_point_they_did_not_earn(graded):
    got = by_student(graded)
    full = graded["full"]
    for student, points in graded["expected"].items():
        row = got[(student, FOCUS)]
        if points is None:
            continue
        assert row["code_score"] != "", (student, row)
        assert float(row["code_score"]) == pytest.approx(points), (student, row)
        assert float(row["max_code_score"]) == pytest.approx(full)
    for assignment in ASSIGNMENTS:  # every solution scores full marks
        row = got[("model", assignment)]
        assert float(row["code_score"]) == float(row["max_code_score"]) > 0, row
        assert row["needs_manual_grade"] == "True", "the written answers wait for a grader"
    assert 0 < graded["expected"]["partial"] < full
    assert 0 < graded["expected"]["quitter"] < full  # points before the kernel died
    slow = float(got[("a_slowpoke", FOCUS)]["code_score"])
    first = min(graded["points"].values())
    assert first <= slow < full, "the slowpoke is graded on what finished in time"
    assert float(got[("sleeper", FOCUS)]["code_score"]) <= full


def test_the_victim_keeps_full_marks_and_nothing_was_planted(graded):
    got = by_student(graded)
    assert float(got[("b_victim", FOCUS)]["code_score"]) == graded["full"]
    with sqlite3.connect(graded["root"] / "grading" / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("select count(*) from grade where manual_score is not null"
                           ).fetchone()[0] == 0
    assert graded["gb_after"] == graded["gb_later"], "the gradebook changed after grading"
    backups = list((graded["root"] / "grading" / "backups").glob("gradebook-*.db"))
    assert backups, "the gradebook is copied aside before the run"


def test_originals_and_course_files_are_unchanged(graded):
    assert graded["after"] == graded["before"], "grading changed a handed-in original"
    assert graded["course_after"] == graded["course_before"], "a submission changed the course"


def test_no_process_a_submission_started_is_alive(graded):
    assert graded["alive"] == [], graded["alive"]


def test_time_caps_hold_the_sleeper_and_the_slowpoke(graded):
    with open(graded["root"] / "grading" / "status.json") as fh:
        data = json.load(fh)["grading"]
    for student in ("sleeper", "a_slowpoke"):
        assert data[f"{student}/{FOCUS}"]["seconds"] <= TIME_LIMIT + 20, data[f"{student}/{FOCUS}"]


def test_cheats_are_flagged_and_honest_work_is_not(graded):
    got = by_student(graded)
    lines = progress_lines(graded)
    for student in graded["flagged"]:
        row = got[(student, FOCUS)]
        assert row["status"] == "review", (student, row)
        assert re.search(r"cell \d+ \(\w+\), line \d+: ", row["review"]), row["review"]
        assert "REVIEW: cell" in lines[student], lines[student]
    for student in graded["honest"]:
        assert got[(student, FOCUS)]["status"] == "graded", got[(student, FOCUS)]
    for assignment in ASSIGNMENTS:
        assert got[("model", assignment)]["status"] == "graded"
    assert "input transformer" in got[("transformer", FOCUS)]["review"]
    assert "builtins.abs" in got[("patcher", FOCUS)]["review"]
    assert re.search(r"grading guard before cell \d+ \(\w+\): put back builtins.abs",
                     got[("patcher", FOCUS)]["review"])


# -------------------------------------------------------------------- grades
def test_grades_say_what_happened_to_everyone(graded):
    assert graded["export"].returncode == 0, graded["export"].stderr
    table = rows(graded)
    got = by_student(graded)
    for student in graded["expected"]:
        assert (student, FOCUS) in got
    for student in ("garbled", "wrongone"):
        row = got[(student, FOCUS)]
        assert row["status"] == "not graded" and row["score"] == "", row
        assert row["detail"] and row["submitted"] == "True"
    assert got[("garbled", FOCUS)]["detail"].find("not a valid notebook") >= 0
    rejected = [r for r in table if r["status"] == "rejected at collect"]
    assert [r["source"] for r in rejected] == ["notes.txt"], rejected
    for (student, assignment), r in got.items():
        if student != "model" and assignment != FOCUS:
            assert r["status"] == "not submitted" and float(r["score"]) == 0
        if r["score"] != "":
            assert float(r["score"]) <= float(r["max_score"])


def test_the_wide_sheet_has_a_row_per_student_and_a_column_per_part(graded):
    path = graded["root"] / "grading" / "grades-wide.csv"
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        table = {r["student_id"]: r for r in reader}
        columns = reader.fieldnames
    assert set(graded["expected"]) | {"garbled"} <= set(table)
    names = headings(read(EXERCISES, FOCUS))
    for gid in graded["points"]:
        assert f"{FOCUS}: {names[gid]}" in columns, (names[gid], columns)
    assert "Test cell" not in " ".join(columns)
    for a in ASSIGNMENTS:
        assert a in columns and f"{a} status" in columns
    first = names[next(iter(graded["points"]))]  # the first autograded part, all its tests
    tests_there = sum(p for g, p in graded["points"].items() if names[g] == first)
    assert float(table["model"][f"{FOCUS}: {first}"]) == tests_there
    assert table["garbled"][FOCUS] == "not graded"


# ------------------------------------------------------------------ feedback
def test_feedback_hides_tests_caps_output_and_needs_no_network(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    folder = graded["root"] / "grading" / "feedback"
    solution = read(SOLUTIONS, FOCUS)
    secret = set()
    for cell in solution.cells:
        if nbg(cell).get("grade") and not nbg(cell).get("solution"):
            secret |= {ln.strip() for ln in cell.source.splitlines()
                       if len(ln.strip()) > 15 and not ln.strip().startswith("#")}
    names = headings(read(EXERCISES, FOCUS))
    for student in set(graded["expected"]) - {"wrongone"}:
        (page,) = (folder / student / FOCUS).glob("*.html")
        text = page.read_text()
        assert len(text) < 2_000_000, (student, len(text))
        assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", text, flags=re.I)
        assert "mathjax" not in text.lower()
        assert "Test cell" not in text and "BEGIN HIDDEN TESTS" not in text
        for line in secret:
            assert line not in text, (student, line)
        for gid in graded["points"]:
            assert f"Tests of {names[gid]}" in text
    model = (folder / "model" / FOCUS).glob("*.html").__next__().read_text()
    assert model.count("Passed.") == len(graded["points"])
    assert re.search(r'<svg[^>]*class="math"', model), "LaTeX drawn for offline reading"
    untouched = next((folder / "untouched" / FOCUS).glob("*.html")).read_text()
    assert untouched.count("Failed.") == len(graded["points"])
    assert re.search(r'class="verdict-message">\s*\S', untouched), "each failure says why"
    assert not (folder / "garbled").exists()


# ------------------------------------------------------------------- re-grade
def test_regrading_keeps_manual_grades(graded):
    from nbgrader.api import Gradebook

    root = graded["root"]
    url = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    solution = read(SOLUTIONS, FOCUS)
    written = next(nbg(c) for c in solution.cells if nbg(c).get("grade") and nbg(c).get("solution"))
    nbname = notebook_of(SOLUTIONS, FOCUS).stem
    with Gradebook(url) as gb:
        gb.find_grade(written["grade_id"], nbname, FOCUS, "model").manual_score = written["points"]
        gb.db.commit()
    lines = []
    (result,) = autograde(Course(root), [FOCUS], students=["model"], jobs=1, out=lines.append)
    assert result.ok and result.status == "graded", lines
    assert any(line.startswith(f"[1/1] model {FOCUS}") for line in lines)
    with Gradebook(url) as gb:
        sub = gb.find_submission(FOCUS, "model")
        assert sub.code_score == graded["full"]
        assert gb.find_grade(written["grade_id"], nbname, FOCUS, "model").manual_score == (
            written["points"])
        assert sub.score == pytest.approx(graded["full"] + written["points"])


def test_a_failed_regrade_is_stale_not_lost(graded):
    root = graded["root"]
    path = root / "grading" / "submitted" / "b_victim" / FOCUS / notebook_of(SOLUTIONS, FOCUS).name
    good = path.read_bytes()
    path.write_text("{ broken")
    lines = []
    try:
        (result,) = autograde(Course(root), [FOCUS], students=["b_victim"], out=lines.append)
        assert not result.ok and result.status == "stale"
        assert any(re.search(r"b_victim \S+: STALE: re-grade failed .*the earlier score", line)
                   for line in lines), lines
        export(Course(root), out=lines.append)
        row = by_student(graded)[("b_victim", FOCUS)]
        assert row["status"] == "stale" and float(row["code_score"]) == graded["full"], row
        assert "re-grade failed" in row["detail"]
    finally:
        path.write_bytes(good)


# ------------------------------------------------------------------ sandbox
def test_autograde_refuses_without_a_sandbox_and_says_why(graded, monkeypatch):
    course = Course(graded["root"])
    for bwrap, words in (("", "bwrap is not installed"), ("/bin/false", "could not start one")):
        monkeypatch.setenv("MTOLAB_BWRAP", bwrap)
        with pytest.raises(CourseError) as caught:
            autograde(course, [FOCUS], students=["model"], out=lambda msg: None)
        message = str(caught.value)
        assert words in message and "bubblewrap" in message and TRUST_FLAG in message


def test_trusted_submissions_can_be_graded_without_a_sandbox(graded, monkeypatch):
    monkeypatch.setenv("MTOLAB_BWRAP", "")
    lines = []
    (result,) = autograde(Course(graded["root"]), [FOCUS], students=["model"], sandbox=False,
                          out=lines.append)
    assert result.ok and result.code_score == graded["full"], lines
    assert lines[0].startswith("WARNING") and any("NOT sandboxed" in line for line in lines)


def test_clear_errors(tmp_path, graded):
    root = graded["root"]
    missing = cli("collect", tmp_path / "nowhere", root=root)
    assert missing.returncode == 2 and "no submissions folder at" in missing.stderr
    course = Course(root)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CourseError, match=f"no submissions found in {empty}"):
        collect(course, empty, out=lambda msg: None)
    bare = Course(course_copy(tmp_path / "bare"))
    with pytest.raises(CourseError, match="no submissions found in grading/submitted"):
        autograde(bare, out=lambda msg: None)
    with pytest.raises(CourseError, match="unknown assignment a9_nonexistent"):
        release(bare, ["a9_nonexistent"], out=lambda msg: None)
