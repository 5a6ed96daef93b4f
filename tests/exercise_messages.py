"""Every message ``mtolab.exercise`` can show a learner, each drawn out by one answer.

``tests/test_exercise_checks.py`` reads them in both languages (each is
Norwegian after ``set_language("nb")``), and ``tests/test_i18n.py`` counts
the texts they look up as shown (every text passed to ``tr`` or ``phrase``
in ``mtolab/exercise.py`` must be reached by one of them).
"""

from __future__ import annotations

import contextlib
import functools
import io
import warnings

import pandas as pd

from mtolab.cases import CASES, STRATEGY_LABELS, case, strategy_label
from mtolab.exercise import (
    NotAnswered,
    assert_close,
    call,
    choice,
    expect_error,
    number,
    part,
    table,
    truth,
)


def _stub(x):
    ...


def _raises(x):
    raise NotImplementedError()


def _divide(a, b):
    return a / b


def _no_alias(text):
    raise KeyError(text)


#: (what is wrong, the check that says so): each raises AnswerError or NotAnswered.
ANSWERS = [
    ("not a function", lambda: call(3.5, 1)),
    ("a stub", lambda: call(_stub, 1)),
    ("NotImplementedError", lambda: call(_raises, 1)),
    ("NotImplementedError, no name", lambda: call(functools.partial(_raises), 1)),
    ("number: placeholder", lambda: number(..., "x")),
    ("number: None", lambda: number(None, "x", unit="weeks")),
    ("number: a number in quotes", lambda: number("0.88", "x", example="0.75")),
    ("number: a word", lambda: number("about ten", "x", unit="units")),
    ("number: several", lambda: number([1, 2], "x")),
    ("number: a Series", lambda: number(pd.Series([1.0, 2.0]), "x")),
    ("number: a bool", lambda: number(True, "x")),
    ("number: NaN", lambda: number(float("nan"), "x")),
    ("number: infinite", lambda: number(float("inf"), "x")),
    ("number: outside a range", lambda: number(88, "x", low=0, high=1, outside="As a share.")),
    ("number: below a floor", lambda: number(-1.5, "x", low=0)),
    ("number: above a ceiling", lambda: number(2.5, "x", high=1, unit="%")),
    ("close, with why", lambda: assert_close(20.5, 20.444, 0.05, "x", why="because")),
    ("close", lambda: assert_close(12345.6, 20000.0, 0.05, "x")),
    ("close, hidden, high", lambda: assert_close(21.0, 20.444, 0.05, "x", hidden=True)),
    ("close, hidden, low", lambda: assert_close(19.0, 20.444, 0.05, "x", hidden=True)),
    ("choice: placeholder", lambda: choice(..., "best", ["MTS"])),
    ("choice: a number", lambda: choice(4.24, "best", ["MTS", "MTO"])),
    ("choice: not offered", lambda: choice("ATO", "best", ["MTS", "MTO"])),
    ("choice: no strategy", lambda: choice("lean", "s", STRATEGY_LABELS,
                                           aliases=strategy_label)),
    ("choice: no alias", lambda: choice("lean", "s", ["MTS"], aliases=_no_alias)),
    ("truth: placeholder", lambda: truth(..., "ahead")),
    ("truth: several", lambda: truth([True, False], "ahead")),
    ("truth: None", lambda: truth(None, "ahead")),
    ("truth: a text", lambda: truth("yes", "ahead")),
    ("table: placeholder", lambda: table(..., "t", ["a"])),
    ("table: not a dict", lambda: table([1, 2], "t", ["a", "b"])),
    ("table: keys", lambda: table({"a": 1, "c": 2}, "t", ["a", "b"])),
    ("table: a missing key", lambda: table({"a": 1}, "t", ["a", "b"])),
    ("table: an extra key", lambda: table({"a": 1, "c": 2}, "t", ["a"])),
    ("table: a text placeholder", lambda: table({"a": ...}, "t", ["a"], kind="text")),
    ("table: not a text", lambda: table({"a": 3}, "t", ["a"], kind="text")),
    ("expect_error: another error, with why",
     lambda: expect_error(ValueError, _divide, 1, 0, why="b must not be 0")),
    ("expect_error: another error", lambda: expect_error(ValueError, _divide, 1, 0)),
    ("expect_error: no error, with why",
     lambda: expect_error(ValueError, _divide, 1, 2, why="b must not be 0")),
    ("expect_error: no error", lambda: expect_error(ValueError, _divide, 1, 2)),
]


def _passes():
    pass


def _fails():
    raise AssertionError("one is not two")


def _crashes():
    return {}["backlog"]


def _warns():
    warnings.warn("careful", RuntimeWarning, stacklevel=1)


def _not_answered():
    raise NotAnswered()


#: (what happens, the body of a part): how a part's output reads.
PARTS = [
    ("passed", _passes, "the hint"),
    ("not answered", lambda: number(..., "x"), "the hint"),
    ("not answered, no detail", _not_answered, ""),
    ("failed", _fails, "the hint"),
    ("crashed", _crashes, "the hint"),
    ("warning", _warns, ""),
]


def message(check) -> str:
    """The message of one of :data:`ANSWERS`."""
    try:
        check()
    except (AssertionError, NotAnswered) as exc:
        return str(exc)
    raise AssertionError("the check passed")


def part_output(body, hint: str) -> str:
    """What ``part("Part Z", hint=hint)`` around ``body`` shows: stdout, stderr and notes."""
    out, err = io.StringIO(), io.StringIO()
    notes = []
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with part("Part Z", hint=hint):
                body()
        except Exception as exc:  # noqa: BLE001 - its notes are the output
            notes = getattr(exc, "__notes__", [])
    return "\n".join([out.getvalue(), err.getvalue(), *notes]).strip()


def every_message() -> dict:
    """``{what: text}`` for every answer of :data:`ANSWERS` and every part of :data:`PARTS`."""
    shown = {what: message(check) for what, check in ANSWERS}
    shown |= {f"part: {what}": part_output(body, hint) for what, body, hint in PARTS}
    return shown


def case_messages() -> dict:
    """``{what: text}`` for every hint of every case (exercise 5 shows them) and for
    :meth:`~mtolab.cases.Case.what_if`'s refusals."""
    shown = {f"hint: {c.key} {answer}": c.hint(answer) for c in CASES for answer, _ in c.hints}
    for setting in ("seed", "costs"):
        try:
            case("pc").what_if(setting, 1)
        except ValueError as exc:
            shown[f"what_if: {setting}"] = str(exc)
    return shown
