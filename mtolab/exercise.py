"""Answer checks for the exercises' test cells: every right form passes, every wrong one explained.

The test cells of ``exercises/`` use these helpers instead of bare
``assert`` statements on raw values, so that

- every reasonable form of a right answer is accepted: a Python or NumPy
  number, a one-element list, array, Series or DataFrame, and any value
  within the tolerance the task states (:func:`number`, :func:`assert_close`);
  a yes or no as ``True``/``False`` in any of those forms (:func:`truth`);
  a choice in any spelling, or under another name for it (:func:`choice`);
- a wrong type gets a message that says which type is expected, such as
  "a number such as 0.75, not the text '0.75'" (:func:`number`,
  :func:`choice`, :func:`table`);
- an answer not given yet (still the ``...`` of the released stub, or a
  function that still raises ``NotImplementedError``) prints
  "not answered yet" with the part's hint and lets *Run All* go on to the
  next part, instead of stopping the notebook at the first part
  (:class:`part`, :func:`call`);
- a warning raised while a right answer is checked never costs points
  (:class:`part`).

How grading treats them.  nbgrader gives a test cell no credit when it
shows an error *or writes to stderr*.  :class:`part` writes "not answered
yet" to stderr (no points, but no traceback either), lets a wrong answer's
``AssertionError`` through with the part's hint added as a note (no
points), and keeps warnings and stderr output of a right answer off stderr
(they are shown on stdout as a note, full points).

A test cell reads::

    with part("Part A", hint="average the absolute values of demand minus forecast"):
        mad = number(call(mean_absolute_deviation, [10, 12, 8], [11, 11, 11]),
                     "mean_absolute_deviation([10, 12, 8], [11, 11, 11])")
        assert_close(mad, 5 / 3, 1e-6, "mean_absolute_deviation([10, 12, 8], [11, 11, 11])",
              why="the errors are -1, +1 and -3")

Messages of hidden tests pass ``hidden=True`` (or start with
:data:`HIDDEN`): they say what is wrong, never the graded number.

Every message is written in the learner's language (:mod:`mtolab.i18n`):
after ``mtolab.set_language("nb")`` the hints, notes and failure messages
are in Norwegian, with Norwegian numbers; a Norwegian exercise passes its
own hints and names in Norwegian.  Written answers may be Norwegian too:
:func:`truth` takes "ja"/"nei" (and "sant"/"usant"), and the strategy
names :func:`mtolab.cases.strategy_label` reads include the Norwegian ones.
"""

from __future__ import annotations

import contextlib
import dis
import io
import math
import numbers
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from mtolab.i18n import number as _written
from mtolab.i18n import phrase, tr

__all__ = [
    "HIDDEN",
    "AnswerError",
    "NotAnswered",
    "part",
    "call",
    "number",
    "assert_close",
    "choice",
    "truth",
    "table",
    "expect_error",
]


class _Shown(str):
    """A fixed English text that is written in the learner's language when shown.

    It compares and adds as its English text; ``str()`` and f-strings
    (``f"{HIDDEN} ..."``) give it in the language chosen with
    :func:`mtolab.set_language`.
    """

    def __str__(self) -> str:
        return tr(self[:])

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


#: How a hidden test's message starts (the learner never saw that check); in an
#: f-string it is written in the learner's language.
HIDDEN = _Shown("(hidden check)")
#: Texts a learner may write for True or False (Norwegian: ja / nei, sant / usant).
TRUTH_WORDS = {"ja": True, "nei": False, "sant": True, "usant": False}


class NotAnswered(Exception):
    """The learner has not answered this part yet (the released stub is still there)."""


class AnswerError(AssertionError):
    """A wrong answer; the message says what is wrong and what was expected."""


# ------------------------------------------------------------------ the part
class part:
    """Context manager around the checks of one part of an exercise.

    Parameters
    ----------
    name : str
        The part, as the task names it (``"Part A"``); starts every message.
    hint : str
        A hint that teaches without giving the answer away; shown when the
        part is not answered yet and under a failed check.

    Notes
    -----
    On leaving the block:

    - with no exception, ``"<name>: checks passed."`` is printed;
    - :class:`NotAnswered` (raised by :func:`call`, :func:`number`, ...) is
      swallowed after writing ``"<name>: not answered yet ..."`` and the
      hint to stderr: *Run All* goes on, and nbgrader gives no points;
    - any other exception is re-raised with a note naming the part and
      giving the hint; an exception that is not an ``AssertionError``
      (the learner's code crashed) also gets a note saying so;
    - warnings and stderr output produced inside the block are shown on
      stdout instead, marked as costing no points.

    Examples
    --------
    >>> with part("Part Z", hint="add the two numbers"):
    ...     answer = number(3, "answer")
    Part Z: checks passed.
    >>> answer
    3.0
    """

    def __init__(self, name: str, hint: str = ""):
        self.name = str(name)
        self.hint = str(hint)
        self._warnings = None
        self._caught: list = []
        self._stderr = io.StringIO()
        self._redirect = None

    def __enter__(self):
        self._warnings = warnings.catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        self._redirect = contextlib.redirect_stderr(self._stderr)
        self._redirect.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        self._redirect.__exit__(None, None, None)
        self._warnings.__exit__(None, None, None)
        self._report_noise()
        hint = phrase("Hint: {hint}", hint=self.hint) if self.hint else ""
        if exc_type is None:
            print(phrase("{name}: checks passed.", name=self.name))
            return False
        if issubclass(exc_type, NotAnswered):
            waiting = (phrase("{name}: not answered yet ({detail}).", name=self.name,
                              detail=str(exc)) if str(exc) else
                       phrase("{name}: not answered yet.", name=self.name))
            sys.stderr.write(f"{waiting}\n" + (f"{hint}\n" if hint else ""))
            sys.stderr.flush()
            return True
        if not issubclass(exc_type, Exception):  # KeyboardInterrupt, SystemExit
            return False
        if issubclass(exc_type, AssertionError):
            note = phrase("{name}: this check failed.", name=self.name)
        else:
            note = phrase("{name}: {error} was raised while your answer was being checked; "
                          "the lines above show where.", name=self.name, error=exc_type.__name__)
        exc.add_note(note + (f"\n{hint}" if hint else ""))
        return False

    def _report_noise(self) -> None:
        """Show warnings and stderr text of the block on stdout: they cost no points."""
        seen = []
        for w in self._caught:
            text = f"{w.category.__name__}: {w.message}"
            if text not in seen:
                seen.append(text)
        err = self._stderr.getvalue().strip()
        if err:
            seen.append(err)
        if seen:
            shown = "\n  ".join(seen[:5]) + ("\n  ..." if len(seen) > 5 else "")
            print(phrase("{name}: note (costs no points): a warning came up while checking:\n"
                         "  {shown}", name=self.name, shown=shown))


# ------------------------------------------------------------- the answers
def _is_stub(func) -> bool:
    """True for a function whose body does nothing (``...``, ``pass``, a docstring)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    trivial = {"RESUME", "NOP", "CACHE", "RETURN_VALUE", "RETURN_CONST", "LOAD_CONST"}
    for ins in dis.get_instructions(code):
        if ins.opname not in trivial:
            return False
        if ins.opname in ("LOAD_CONST", "RETURN_CONST") and ins.argval is not None:
            return False
    return True


def call(func: Callable, *args, **kwargs):
    """Call the learner's function ``func(*args, **kwargs)`` and return its result.

    Raises :class:`NotAnswered` when the function is still the released
    stub (its body is only ``...``, or it raises ``NotImplementedError``),
    and :class:`AnswerError` when ``func`` is not a function.

    Parameters
    ----------
    func : callable
        The learner's function.
    *args, **kwargs
        Passed to it.

    Examples
    --------
    >>> def double(x):
    ...     return 2 * x
    >>> call(double, 4)
    8
    >>> def todo(x):
    ...     ...
    >>> call(todo, 4)
    Traceback (most recent call last):
    ...
    mtolab.exercise.NotAnswered: todo still has no body: replace `...` with your code
    """
    if not callable(func):
        raise AnswerError(phrase("expected a function (written with def ...), got {what}",
                                 what=_describe(func)))
    name = getattr(func, "__name__", None)
    name = tr("the function") if name is None else name
    if _is_stub(func):
        raise NotAnswered(phrase("{name} still has no body: replace `...` with your code",
                                 name=name))
    try:
        return func(*args, **kwargs)
    except NotImplementedError as exc:
        raise NotAnswered(phrase("{name} still raises NotImplementedError: replace that line "
                                 "with your code", name=name)) from exc


def _describe(value) -> str:
    """A short description of a value, with its type, for messages."""
    if isinstance(value, str):
        return phrase("the text {text}", text=repr(value))
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray)):
        return phrase("a {kind} of {size} values", kind=type(value).__name__, size=value.size)
    if isinstance(value, (list, tuple, dict, set)):
        return phrase("a {kind} of {size} items", kind=type(value).__name__, size=len(value))
    text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return phrase("{text} (a {kind})", text=text, kind=type(value).__name__)


def _still_placeholder(name: str) -> NotAnswered:
    """The "not answered yet" of an answer that is still the released ``...``."""
    return NotAnswered(phrase("{name} is still `...`", name=name))


def number(value, name: str, *, unit: str = "", example: str = "12.5",
           low: float | None = None, high: float | None = None,
           outside: str = "") -> float:
    """The learner's answer ``value`` as one float, or a message saying what is expected.

    Accepted: an ``int`` or ``float``, a NumPy number or 0-d array, and a
    list, tuple, array, Series or DataFrame holding exactly one number.

    Parameters
    ----------
    value : object
        The answer.
    name : str
        How the task calls it (a variable name or a call), for messages.
    unit : str
        Its unit, for messages (``"weeks"``, ``"%"``).
    example : str
        An example of the expected form, for messages.
    low, high : float or None
        Plausible range, inclusive; ``None``: unbounded.  A value outside
        fails with ``outside`` (or a generic message).
    outside : str
        Message for a value outside ``[low, high]``, e.g. "give it as a
        fraction (0.88 for 88 %)".

    Returns
    -------
    float

    Raises
    ------
    NotAnswered
        ``value`` is still ``...`` (Ellipsis), the released placeholder.
    AnswerError
        Not one number, not finite, or outside the range.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> number(np.float64(2.5), "x"), number(pd.Series([3]), "x"), number([4.0], "x")
    (2.5, 3.0, 4.0)
    >>> number("0.88", "u", example="0.75")
    Traceback (most recent call last):
    ...
    mtolab.exercise.AnswerError: u should be a number such as 0.75, not the text '0.88': \
remove the quotes
    """
    units = f" {unit}" if unit else ""
    if value is Ellipsis:
        raise _still_placeholder(name)
    if value is None:
        raise AnswerError(phrase("{name} is None, but should be a number such as "
                                 "{example}{units}. If it comes from your function: does the "
                                 "function end with return ...?", name=name, example=example,
                                 units=units))
    if isinstance(value, str):
        try:
            float(value.strip().rstrip("%"))
        except ValueError:
            raise _not_a_number(name, example, units, value) from None
        raise AnswerError(phrase("{name} should be a number such as {example}, not the text "
                                 "{text}: remove the quotes", name=name, example=example,
                                 text=repr(value)))
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        flat = np.asarray(value, dtype=object).ravel()
        if flat.size != 1:
            raise AnswerError(phrase("{name} should be one number such as {example}{units}, "
                                     "not {what}. Pick the one value you need (with .loc[...] "
                                     "or [...]).", name=name, example=example, units=units,
                                     what=_describe(value)))
        return number(flat[0], name, unit=unit, example=example, low=low, high=high,
                      outside=outside)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise _not_a_number(name, example, units, value)
    x = float(value)
    if math.isnan(x):
        raise AnswerError(phrase("{name} is NaN (not a number): a 0 / 0 division or a missing "
                                 "value somewhere in the computation", name=name))
    if math.isinf(x):
        raise AnswerError(phrase("{name} is infinite: a division by zero somewhere in the "
                                 "computation", name=name))
    if (low is not None and x < low) or (high is not None and x > high):
        if low is not None and high is not None:
            where = phrase("between {low:g} and {high:g}", low=low, high=high)
        elif low is not None:
            where = phrase("at least {low:g}", low=low)
        else:
            where = phrase("at most {high:g}", high=high)
        raise AnswerError(phrase("{name} = {value:g}{units} is not plausible: expected a value "
                                 "{where}{units}.", name=name, value=x, units=units,
                                 where=where) + " " + outside)
    return x


def _not_a_number(name: str, example: str, units: str, value) -> AnswerError:
    return AnswerError(phrase("{name} should be a number such as {example}{units}, not {what}",
                              name=name, example=example, units=units, what=_describe(value)))


def assert_close(value: float, expected: float, tol: float, name: str, *, why: str = "",
          hidden: bool = False) -> None:
    """Check that ``value`` is within ``tol`` of ``expected``.

    Parameters
    ----------
    value : float
        The learner's answer, already through :func:`number`.
    expected : float
        The right value.
    tol : float
        The tolerance the task states (absolute, in the answer's unit).
    name : str
        What is checked, for the message.
    why : str
        How the expected value comes about, shown in a visible check's message.
    hidden : bool
        A hidden check: the message says how far off and in which
        direction, never ``expected`` itself.

    Raises
    ------
    AnswerError
        ``|value - expected| > tol``.

    Examples
    --------
    >>> assert_close(20.4, 20.444, 0.05, "extra stock")
    >>> assert_close(21.0, 20.444, 0.05, "extra stock", hidden=True)
    Traceback (most recent call last):
    ...
    mtolab.exercise.AnswerError: (hidden check) extra stock is too high: more than 0.05 off \
the reference computed from the task's scenario
    """
    value = number(value, name)
    if abs(value - float(expected)) <= tol * (1 + 1e-9) + 1e-12:
        return
    if hidden:
        if value > expected:
            raise AnswerError(phrase("{hidden} {name} is too high: more than {tol:g} off the "
                                     "reference computed from the task's scenario",
                                     hidden=str(HIDDEN), name=name, tol=tol))
        raise AnswerError(phrase("{hidden} {name} is too low: more than {tol:g} off the "
                                 "reference computed from the task's scenario",
                                 hidden=str(HIDDEN), name=name, tol=tol))
    shown = _written(expected, fmt=".4g" if abs(expected) < 1e4 else ".6g")
    if why:
        raise AnswerError(phrase("{name} should be {expected} ({why}); you have {value}",
                                 name=name, expected=shown, why=why, value=value))
    raise AnswerError(phrase("{name} should be {expected}; you have {value}", name=name,
                             expected=shown, value=value))


def choice(value, name: str, options: Iterable[str], *,
           aliases: Callable[[str], str] | None = None) -> str:
    """The learner's answer as one of ``options`` (case and spaces ignored).

    Parameters
    ----------
    value : object
        The answer, normally a string.
    name : str
        How the task calls it, for messages.
    options : iterable of str
        The allowed answers, spelled as returned.
    aliases : callable or None
        For answers that are none of ``options`` as spelled: a function
        that maps another name of an option to the option, or raises
        ``ValueError`` (its message is shown) if the text names none, such
        as :func:`mtolab.cases.strategy_label`.

    Returns
    -------
    str
        The option ``value`` names.

    Raises
    ------
    NotAnswered
        ``value`` is still ``...``.
    AnswerError
        Not a string, or not one of ``options``.

    Examples
    --------
    >>> choice(" mts", "best", ["MTS", "MTO"])
    'MTS'
    >>> choice("make to order", "best", ["MTS", "MTO"],
    ...        aliases=lambda text: {"make to order": "MTO"}[text])
    'MTO'
    """
    options = list(options)
    listed = ", ".join(repr(o) for o in options)
    if value is Ellipsis:
        raise _still_placeholder(name)
    if isinstance(value, (pd.Series, np.ndarray, list, tuple)) and np.size(value) == 1:
        value = np.asarray(value, dtype=object).ravel()[0]
    if not isinstance(value, str):
        raise AnswerError(phrase("{name} should be one of {options} (text, in quotes), not "
                                 "{what}", name=name, options=listed, what=_describe(value)))
    wanted = value.strip().casefold().replace("_", " ")
    for option in options:
        if option.casefold().replace("_", " ") == wanted:
            return option
    if aliases is not None:
        try:
            named = aliases(value)
        except (KeyError, ValueError) as exc:
            detail = exc.args[0] if isinstance(exc, ValueError) and exc.args else ""
            raise (AnswerError(f"{name}: {detail}") if detail else
                   _not_one_of(name, listed, value)) from None
        if named in options:
            return named
    raise _not_one_of(name, listed, value)


def _not_one_of(name: str, listed: str, value: str) -> AnswerError:
    return AnswerError(phrase("{name} should be one of {options}, not {text}", name=name,
                              options=listed, text=repr(value)))


def truth(value, name: str) -> bool:
    """The learner's yes-or-no answer as a ``bool``, or a message saying what is expected.

    Accepted: ``True``/``False``, a NumPy bool, a one-element list, array or
    Series holding one, and the Norwegian words of :data:`TRUTH_WORDS`
    ("ja", "nei", "sant", "usant"; any case, spaces around ignored).

    Parameters
    ----------
    value : object
        The answer.
    name : str
        How the task calls it, for messages.

    Raises
    ------
    NotAnswered
        ``value`` is still ``...``.
    AnswerError
        Not one truth value (a number, a text, several values, ``None``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> truth(np.bool_(True), "x"), truth(pd.Series([False]), "x"), truth(" Ja", "x")
    (True, False, True)
    >>> truth("yes", "ahead")
    Traceback (most recent call last):
    ...
    mtolab.exercise.AnswerError: ahead should be True or False, not the text 'yes'
    """
    if value is Ellipsis:
        raise _still_placeholder(name)
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        flat = np.asarray(value, dtype=object).ravel()
        if flat.size != 1:
            raise AnswerError(phrase("{name} should be one True or False, not {what}. Compare "
                                     "two single values (picked with .loc[row, column]).",
                                     name=name, what=_describe(value)))
        return truth(flat[0], name)
    if value is None:
        raise AnswerError(phrase("{name} is None, but should be True or False. If it comes "
                                 "from your function: does the function end with return ...?",
                                 name=name))
    if isinstance(value, str) and value.strip().casefold() in TRUTH_WORDS:
        return TRUTH_WORDS[value.strip().casefold()]
    if not isinstance(value, (bool, np.bool_)):
        raise AnswerError(phrase("{name} should be True or False, not {what}", name=name,
                                 what=_describe(value)))
    return bool(value)


def table(value, name: str, keys: Iterable[str], *, kind: str = "number", **number_kw) -> dict:
    """The learner's ``{key: value}`` answer as a plain dict, checked key by key.

    Accepts a dict or a Series indexed by ``keys`` (any order, no others).

    Parameters
    ----------
    value : object
        The answer.
    name : str
        Its name in the task.
    keys : iterable of str
        The keys it must have.
    kind : {"number", "text"}
        What each value is: a number (through :func:`number`, with
        ``number_kw``) or a text (returned as given, stripped).
    **number_kw
        Passed to :func:`number`.

    Returns
    -------
    dict

    Examples
    --------
    >>> table({"b": 2, "a": 1.5}, "mads", ["a", "b"])
    {'a': 1.5, 'b': 2.0}
    """
    keys = list(keys)
    if value is Ellipsis:
        raise _still_placeholder(name)
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise AnswerError(phrase("{name} should be a dictionary {{key: value}} with the keys "
                                 "{keys}, not {what}", name=name, keys=str(keys),
                                 what=_describe(value)))
    got = [str(k) for k in value]
    missing = [k for k in keys if k not in got]
    extra = [k for k in got if k not in keys]
    if missing or extra:
        raise AnswerError(phrase("{name} should have exactly the keys {keys}", name=name,
                                 keys=str(keys))
                          + (phrase("; missing {keys}", keys=str(missing)) if missing else "")
                          + (phrase("; not expected {keys}", keys=str(extra)) if extra else ""))
    lookup = {str(k): v for k, v in value.items()}
    out = {}
    for k in keys:
        item = lookup[k]
        if kind == "number":
            out[k] = number(item, f"{name}[{k!r}]", **number_kw)
        else:
            if item is Ellipsis:
                raise _still_placeholder(f"{name}[{k!r}]")
            if not isinstance(item, str):
                raise AnswerError(phrase("{name} should be a text in quotes, not {what}",
                                         name=f"{name}[{k!r}]", what=_describe(item)))
            out[k] = item.strip()
    return out


def expect_error(error: type[BaseException], func: Callable, *args, name: str = "",
                 why: str = "") -> BaseException:
    """Check that the learner's ``func(*args)`` raises ``error``; return the exception.

    Parameters
    ----------
    error : type
        The exception class the task asks for, such as ``ValueError``.
    func : callable
        The learner's function (through :func:`call`).
    *args
        Its arguments.
    name : str
        The call as the message should show it; default ``func(args)``.
    why : str
        Why the task wants the error, for the message.

    Raises
    ------
    AnswerError
        ``func`` returned normally or raised another exception.

    Examples
    --------
    >>> def f(x):
    ...     return 1 / x
    >>> expect_error(ValueError, f, 0, why="x must not be 0")
    Traceback (most recent call last):
    ...
    mtolab.exercise.AnswerError: f(0) raised ZeroDivisionError ('division by zero'), \
but the task asks for a ValueError: x must not be 0. Check the input before computing.
    """
    shown = name or f"{getattr(func, '__name__', 'f')}({', '.join(map(repr, args))})"
    try:
        result = call(func, *args)
    except error as exc:
        return exc
    except NotAnswered:
        raise
    except Exception as exc:  # the wrong exception: say which
        raised = {"call": shown, "raised": type(exc).__name__, "message": repr(str(exc)),
                  "wanted": error.__name__}
        raise AnswerError(
            phrase("{call} raised {raised} ({message}), but the task asks for a {wanted}: "
                   "{why}. Check the input before computing.", why=why, **raised) if why else
            phrase("{call} raised {raised} ({message}), but the task asks for a {wanted}. "
                   "Check the input before computing.", **raised)) from None
    returned = {"call": shown, "result": repr(result), "wanted": error.__name__}
    raise AnswerError(
        phrase("{call} returned {result}, but the task asks for a {wanted}: {why}", why=why,
               **returned) if why else
        phrase("{call} returned {result}, but the task asks for a {wanted}", **returned))
