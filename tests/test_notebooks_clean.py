"""Committed notebooks carry no outputs except the text nbval checks."""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from notebooks import CHECK_MARK, clean, problems  # noqa: E402

LESSONS = sorted(p for p in (ROOT / "notebooks").glob("*/*.ipynb")  # every edition
                 if not p.parent.name.startswith("."))  # not .ipynb_checkpoints
ALL = LESSONS + sorted(p for folder in ("solutions", "exercises")
                      for p in (ROOT / folder).rglob("*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts)


def test_there_are_lessons():
    assert len(LESSONS) >= 6, [p.name for p in LESSONS]


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_notebook_is_clean(path):
    assert problems(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_each_lesson_checks_its_key_numbers(path):
    nb = nbformat.read(path, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(CHECK_MARK)]
    assert checked, f"{path.name} has no {CHECK_MARK} cell"
    assert all(c.outputs for c in checked), f"{path.name}: a check cell has no stored output"


def test_clean_keeps_check_text_and_drops_the_rest():
    nb = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell("x")
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi")]
    checked = nbformat.v4.new_code_cell(f"{CHECK_MARK}\nprint(1)")
    checked.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "AAAA"}),
    ]
    nb.cells = [plain, checked]
    nb.metadata["widgets"] = {"state": {}}
    assert problems(nb)
    clean(nb)
    assert problems(nb) == []
    assert plain.outputs == []
    assert [o.text for o in checked.outputs] == ["1\n"]


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_to_a_course_file_leads_to_one(path):
    """Links between lessons, exercises, the primer and the README resolve (both editions)."""
    nb = nbformat.read(path, as_version=4)
    broken = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in LINK.findall(cell.source):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            file = target.split("#")[0]
            if file and not (path.parent / file).exists():
                broken.append(target)
    assert broken == [], f"links to files that do not exist: {broken}"
