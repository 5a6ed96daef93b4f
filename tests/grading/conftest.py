"""Fixtures of the grading tests: one released copy of the course per session."""

from __future__ import annotations

import pytest
from classroom import cli, course_copy


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """A temporary copy of the course after ``release`` (solutions run, exercises made)."""
    root = course_copy(tmp_path_factory.mktemp("released"))
    run = cli("release", root=root)
    assert run.returncode == 0, run.stdout + run.stderr
    return root
