"""The bubblewrap sandbox itself: what a grading kernel can see, write, reach and leave behind.

These run the real ``bwrap`` (CI installs it); the end-to-end class in
test_class.py attacks it through grading.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from classroom import ROOT, course_copy, processes_mentioning

from mtolab.instructor.sandbox import Sandbox, kill_sandbox, prepare_box

PROBE = r"""
import json, os, socket, sys
found = {"uid": os.getuid(), "cwd": os.getcwd()}
found["cap_eff"] = [ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("CapEff")][0]
paths = json.loads(sys.argv[1])
found["exists"] = {p: os.path.exists(p) for p in paths["hidden"] + paths["visible"]}
def writes(path):
    try:
        with open(path, "a"):
            return True
    except OSError:
        return False
found["writes"] = {p: writes(p) for p in paths["writable"] + paths["readonly"]}
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    found["net"] = True
except OSError:
    found["net"] = False
import mtolab
found["mtolab"] = mtolab.__file__
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    course = course_copy(tmp_path_factory.mktemp("course"))
    return course, Sandbox.for_course(course)


def test_a_kernel_sees_only_what_grading_needs(sandbox, tmp_path):
    course, box = sandbox
    run_dir = prepare_box(tmp_path / "box", tmp_path / "nothing", None)
    paths = {
        "hidden": [str(course / "nbgrader_config.py"), str(course / "solutions"),
                   str(ROOT / "solutions"), str(ROOT / "nbgrader_config.py"),
                   str(ROOT / "grading"), str(ROOT / "README.md"), "/etc/shadow"],
        "visible": [str(ROOT / "mtolab" / "__init__.py"), sys.executable],
        # the last one lands in the sandbox's own /tmp, never on the host
        "writable": [str(run_dir / "answer.txt"), "/tmp/scratch.txt",
                     str(tmp_path / "outside.txt")],
        "readonly": [str(ROOT / "mtolab" / "__init__.py"), "/usr/lib/os-release"],
    }
    cmd = box.command(tmp_path / "box", [sys.executable, "-c", PROBE, json.dumps(paths)], run_dir)
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["uid"] == 65534 and int(found["cap_eff"], 16) == 0, found
    for path in paths["hidden"]:
        assert not found["exists"][path], path
    for path in paths["visible"]:
        assert found["exists"][path], path
    assert all(found["writes"][p] for p in paths["writable"]), found["writes"]
    assert not any(found["writes"][p] for p in paths["readonly"]), found["writes"]
    assert not found["net"], "no network in the sandbox"
    assert found["mtolab"] == str(ROOT / "mtolab" / "__init__.py")
    assert not (tmp_path / "outside.txt").exists()


def test_every_process_dies_with_the_sandbox(sandbox, tmp_path):
    _, box = sandbox
    marker = f"mtolab-sandbox-orphan-{time.time_ns()}"
    daemon = ("import os, time\n"
              "if os.fork(): os._exit(0)\n"
              "os.setsid()\n"
              "if os.fork(): os._exit(0)\n"
              "time.sleep(120)\n")
    code = (f"import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', {daemon!r}, {marker!r}])\n"
            "time.sleep(120)\n")
    run_dir = prepare_box(tmp_path / "box", tmp_path / "nothing", None)
    proc = subprocess.Popen(box.command(tmp_path / "box", [sys.executable, "-c", code], run_dir),
                            start_new_session=True)
    deadline = time.time() + 30
    while not processes_mentioning(marker) and time.time() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(marker), "the detached process started"
    kill_sandbox(proc.pid)  # what the grader does when a notebook is done
    proc.wait()
    deadline = time.time() + 10
    while processes_mentioning(marker) and time.time() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(marker) == []


def test_the_course_must_not_lie_inside_what_kernels_read(tmp_path):
    from mtolab.instructor import CourseError

    with pytest.raises(CourseError, match="lies inside"):
        Sandbox.for_course(ROOT / "mtolab")
