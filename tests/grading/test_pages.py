"""What a feedback page shows of a test cell, and LaTeX drawn without a network."""

from __future__ import annotations

import re

import nbformat
from nbformat.v4 import new_code_cell, new_output

from mtolab.instructor.pages import math_to_svg, verdict

SOURCE = "assert f(1) == 2, 'f(1) should be 2'\n### BEGIN HIDDEN TESTS\nassert f(7) == 49\n" \
         "### END HIDDEN TESTS\n"


def graded_cell(*outputs, score=0.0):
    cell = new_code_cell(SOURCE, execution_count=5, outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 2, "score": score}
    return nbformat.from_dict(cell)


def error(line: int, message: str, notes=()):
    tb = ["\x1b[31mAssertionError\x1b[0m  Traceback (most recent call last)",
          f"Cell \x1b[32mIn[5]\x1b[0m, line {line}", "----> assert ...",
          f"AssertionError: {message}", *notes]
    return new_output("error", ename="AssertionError", evalue=message, traceback=tb)


def test_a_visible_failure_shows_its_message_and_notes():
    ok, message = verdict(graded_cell(error(1, "f(1) should be 2", ["Part A: this check failed."])))
    assert not ok and message.startswith("AssertionError: f(1) should be 2")
    assert "Part A: this check failed." in message


def test_a_hidden_failure_is_withheld_unless_written_to_be_shown():
    ok, message = verdict(graded_cell(error(3, "expected 49, got 48")))
    assert not ok and "49" not in message and "hidden test failed" in message
    ok, message = verdict(graded_cell(error(3, "(hidden check) f must square its argument")))
    assert "(hidden check) f must square its argument" in message
    # a Norwegian exercise's hidden check (mtolab.exercise.HIDDEN in bokmål)
    ok, message = verdict(graded_cell(error(3, "(skjult kontroll) f må kvadrere argumentet")))
    assert "(skjult kontroll) f må kvadrere argumentet" in message


def test_stderr_and_cells_not_run_fail_with_their_reason():
    stderr = new_output("stream", name="stderr", text="Part A: not answered yet.\nHint: square\n")
    ok, message = verdict(graded_cell(stderr))
    assert not ok and "not answered yet" in message and "stderr" in message
    not_run = new_output("error", ename="NotRun", evalue="the kernel died in cell 3",
                         traceback=[])
    assert verdict(graded_cell(not_run)) == (False, "Not run: the kernel died in cell 3")
    assert verdict(graded_cell(score=2.0)) == (True, "")


def test_latex_becomes_inline_svg_and_the_rest_stays():
    text = "The MAD $\\frac{1}{T}\\sum_t |e_t|$ costs $5 and $6; `$x$` is code.\n\n$$W = 1/\\mu$$"
    out = math_to_svg(text)
    assert out.count('<svg class="math"') == 2
    assert "costs $5 and $6" in out and "`$x$`" in out
    assert "\n" not in re.search(r"<svg.*?</svg>", out, flags=re.S).group(0)
