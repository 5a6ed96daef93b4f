"""The English and the Norwegian (bokmål) editions do not drift apart.

For every lesson pair (``tests/editions.py``): the same sections, by the
section id in the heading cells' metadata, in the same order; the same
code cells in the same order, apart from comments, texts, number formats,
the presentation helpers of :mod:`mtolab.i18n` and the language switch;
the same numbers in every checked output.  For every assignment pair: the
same graded parts with the same points, and the same code.  The Norwegian
claims (``nb=`` quotes) are checked in ``tests/test_lesson_claims.py``,
and every translation key's two languages in ``tests/test_i18n.py``.
"""

from __future__ import annotations

import nbformat
import pytest
from editions import (
    NB_GRADE_PREFIX,
    SOLUTIONS,
    assignment_pairs,
    code_shape,
    lesson_pairs,
    numbers_in,
    unpaired_norwegian,
)

LESSONS = lesson_pairs()
ASSIGNMENTS = assignment_pairs()
CHECK = "NBVAL_CHECK_OUTPUT"


def read(path):
    return nbformat.read(path, as_version=4)


def pair(name):
    english, norwegian = LESSONS[name]
    assert norwegian is not None, (
        f"{name} has no Norwegian edition in notebooks/nb/ (a lesson with the same number)")
    return read(english), read(norwegian)


def sections(nb) -> list[str]:
    return [c.metadata["mtolab"]["section"] for c in nb.cells
            if c.cell_type == "markdown" and "section" in c.metadata.get("mtolab", {})]


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def output_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type")
                   == "stream") + "".join(
        o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", [])
        if o.get("output_type") in ("execute_result", "display_data"))


def test_the_editions_pair_up():
    assert LESSONS, "no English lessons in notebooks/en/"
    assert unpaired_norwegian() == [], "Norwegian lessons with no English lesson of their number"


@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_has_a_norwegian_edition(name):
    pair(name)


@pytest.mark.parametrize("name", LESSONS)
def test_same_sections_in_the_same_order(name):
    english, norwegian = pair(name)
    assert sections(english), f"{name}: no heading cell carries metadata.mtolab.section"
    assert sections(norwegian) == sections(english)


@pytest.mark.parametrize("name", LESSONS)
def test_the_norwegian_lesson_switches_the_language_first(name):
    _, norwegian = pair(name)
    first = code_cells(norwegian)[0].source
    assert 'set_language("nb")' in first, "the first code cell must call set_language(\"nb\")"


@pytest.mark.parametrize("name", LESSONS)
def test_same_code_cells_in_the_same_order(name):
    english, norwegian = pair(name)
    en_cells, nb_cells = code_cells(english), code_cells(norwegian)
    assert len(nb_cells) == len(en_cells), (
        f"{len(en_cells)} code cells in English, {len(nb_cells)} in Norwegian")
    for i, (en, nb) in enumerate(zip(en_cells, nb_cells, strict=True)):
        assert code_shape(nb.source) == code_shape(en.source), (
            f"code cell {i + 1} differs beyond comments, texts and number formats:\n"
            f"--- English\n{en.source}\n--- Norwegian\n{nb.source}")


@pytest.mark.parametrize("name", LESSONS)
def test_same_numbers_in_every_checked_output(name):
    english, norwegian = pair(name)
    for i, (en, nb) in enumerate(zip(code_cells(english), code_cells(norwegian), strict=True)):
        assert (CHECK in en.source) == (CHECK in nb.source), f"code cell {i + 1}: {CHECK} mark"
        if CHECK in en.source:
            assert (numbers_in(output_text(nb), norwegian=True)
                    == numbers_in(output_text(en), norwegian=False)), (
                f"checked output of code cell {i + 1} has other numbers:\n--- English\n"
                f"{output_text(en)}\n--- Norwegian\n{output_text(nb)}")


# ------------------------------------------------------------------ assignments
def assignment(name):
    (path,) = sorted((SOLUTIONS / name).glob("*.ipynb"))
    return read(path)


def graded_parts(nb, prefix="") -> list[tuple]:
    """(grade id without the edition's prefix, points, kind) of every nbgrader cell."""
    parts = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            continue
        gid = meta.get("grade_id", "")
        assert gid.startswith(prefix), f"grade id {gid!r} does not start with {prefix!r}"
        kind = (cell.cell_type, bool(meta.get("grade")), bool(meta.get("solution")),
                bool(meta.get("locked")), bool(meta.get("task")))
        parts.append((gid[len(prefix):], meta.get("points", 0), kind))
    return parts


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_a_norwegian_edition(name):
    assert ASSIGNMENTS[name] is not None, (
        f"{name} has no Norwegian assignment in solutions/ (an assignment named "
        f"{name.split('_')[0]}_...)")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_same_graded_parts_and_points(name):
    norwegian = ASSIGNMENTS[name]
    assert norwegian is not None, f"{name}: no Norwegian assignment"
    en, nb = assignment(name), assignment(norwegian)
    assert graded_parts(nb, NB_GRADE_PREFIX) == graded_parts(en)
    en_code, nb_code = code_cells(en), code_cells(nb)
    assert len(nb_code) == len(en_code)
    for i, (a, b) in enumerate(zip(en_code, nb_code, strict=True)):
        assert code_shape(b.source) == code_shape(a.source), (
            f"code cell {i + 1} differs beyond comments, texts and number formats:\n"
            f"--- English\n{a.source}\n--- Norwegian\n{b.source}")


# ------------------------------------------------------- the rules themselves
def test_code_shape_ignores_only_what_an_edition_may_change():
    en = 'import numpy as np\nx = f(2)  # two\nprint(f"cost {x:.1f} EUR")\nplot(x, title="Cost")'
    nb = ('import mtolab\nmtolab.set_language("nb")\nfrom mtolab.i18n import number\n'
          'import numpy as np\nx = f(2)  # to\nprint(f"kostnad {number(x, 1)} €")\n'
          'plot(x, title="Kostnad")')
    assert code_shape(nb) == code_shape(en)
    assert code_shape(en.replace("f(2)", "f(3)")) != code_shape(en)
    assert code_shape(en.replace("title=", "label=")) != code_shape(en)
    assert code_shape("print(translated(t.round(1)).to_string())") == code_shape(
        "print(t.round(1).to_string())")
    assert code_shape("print(t.round(2).to_string())") != code_shape(
        "print(t.round(1).to_string())")
    # A bare number(...) in an exercise is its answer check: dropping it is drift.
    assert code_shape('x = number(answer, "answer")') != code_shape("x = answer")
    assert code_shape('x = mtolab.i18n.number(answer, 1)') == code_shape("x = answer")


def test_numbers_are_read_the_way_each_edition_writes_them():
    assert numbers_in("MTS 1\u2009290,5 € (−2,5 to 3)", norwegian=True) == [1290.5, -2.5, 3.0]
    assert numbers_in("MTS 1,290.5 EUR (-2.5 to 3)", norwegian=False) == [1290.5, -2.5, 3.0]
    assert numbers_in("n = 2: separate 5,7, pooled 4,0", norwegian=True) == [2.0, 5.7, 4.0]
