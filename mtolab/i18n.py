"""The language of what the library shows a learner: labels, titles, units, messages.

The course has an English and a Norwegian (bokmål) edition.  Every text the
explorers and figures show goes through :func:`tr`, which looks it up in
one translation table (``mtolab/data/translations.csv``: the English text
and its bokmål rendering), and every number shown goes through
:func:`number`, which formats it the way the learner's language writes
numbers (Norwegian: decimal comma, a thin space between thousands).  A
notebook picks its language once, at the top::

    import mtolab
    mtolab.set_language("nb")

The English text is the key, so code stays readable
(``tr("forecast noise")``).  A text missing from the table is shown in
English rather than failing (an explorer must never show a traceback for a
missing word); the test suite checks that every text the library passes to
:func:`tr` has a translation.

>>> set_language("nb")
>>> number(1234.5, 1), number(0.25, 0, percent=True)
('1\\u2009234,5', '25\\xa0%')
>>> phrase("surge: {factor:g} × demand", factor=1.5)
'etterspørselstopp:\\n1,5 × normal etterspørsel'
>>> set_language("en")
>>> number(1234.5, 1)
'1,234.5'

A text with numbers in it is a template translated whole, its numbers
written by :func:`number` (so word order may change between languages):
:func:`phrase` fills one at once, and a :class:`Phrase` keeps one to be
translated when it is shown (the text of an explorer, written when the
module is imported but shown later, in the language chosen then).
"""

from __future__ import annotations

import csv
import numbers
import string
from functools import lru_cache
from pathlib import Path

from mtolab._validate import check_choice, check_int

__all__ = ["LANGUAGES", "Phrase", "set_language", "language", "tr", "number", "phrase",
           "translated", "translations"]

LANGUAGES = ("en", "nb")
TABLE = Path(__file__).with_name("data") / "translations.csv"
THIN_SPACE = "\u2009"
NO_BREAK_SPACE = "\u00a0"

_state = {"language": "en"}


def set_language(lang: str) -> None:
    """Show every label, title, unit and message in ``lang`` from now on.

    Parameters
    ----------
    lang : {"en", "nb"}
        English or Norwegian (bokmål).
    """
    _state["language"] = check_choice("lang", lang, LANGUAGES)


def language() -> str:
    """The language chosen with :func:`set_language` ("en" by default)."""
    return _state["language"]


@lru_cache(maxsize=1)
def translations() -> dict:
    """The translation table: English text -> bokmål text."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["en"]: row["nb"] for row in csv.DictReader(handle)}


def _lookup(text: str) -> str:
    """The chosen language's rendering of one English text (the tests record these calls)."""
    if _state["language"] == "en":
        return text
    return translations().get(text, text)


def tr(text: str) -> str:
    """``text`` in the chosen language (English text is the key).

    Parameters
    ----------
    text : str
        The English text, as the library writes it; a :class:`Phrase` is
        translated as its template, its numbers written by :func:`number`.
    """
    if isinstance(text, Phrase):
        return phrase(text.template, **text.values)
    return _lookup(text) if text else text


class _Formatter(string.Formatter):
    """Fills a template; numbers are written by :func:`number` with the field's format."""

    def format_field(self, value, format_spec):
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            return number(value, fmt=format_spec or "")
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def phrase(template: str, /, **values) -> str:
    """``template`` translated whole, then filled with ``values``.

    Numbers are written the chosen language's way, each with the format of
    its field (``"{cost:.1f} € per unit"``); in English the result is
    exactly ``template.format(**values)``.

    Parameters
    ----------
    template : str
        The English text with ``{name}`` or ``{name:format}`` fields.
    **values
        The values of the fields (numbers or texts; texts are not translated
        here: pass ``tr(text)``).
    """
    return _FORMATTER.format(_lookup(template), **values)


class Phrase(str):
    """An English text with numbers, translated whole each time it is shown.

    Its value as a ``str`` is the English text (``template`` filled with
    ``values``), so it reads and compares as before; :func:`tr` translates
    the template and writes the numbers in the language chosen by then.

    >>> text = Phrase("surge in weeks {first}-{last}", first=10, last=13)
    >>> text, text.template
    ('surge in weeks 10-13', 'surge in weeks {first}-{last}')
    """

    def __new__(cls, template: str, /, **values):
        self = super().__new__(cls, template.format(**values))
        self.template, self.values = template, values
        return self


def number(value: float, decimals: int = 1, *, percent: bool = False,
           fmt: str | None = None) -> str:
    """``value`` written as the chosen language writes numbers.

    Parameters
    ----------
    value : float
        The number (a share, when ``percent``: 0.25 is 25 %).
    decimals : int
        Digits after the decimal mark (0 to 6).
    percent : bool
        Write a share as a percentage, with the percent sign.
    fmt : str or None
        A Python format (``".1f"``, ``"+.0%"``, ``"g"``, ``",.0f"``, ...)
        used instead of ``decimals`` and ``percent``: in English the result
        is exactly ``format(value, fmt)``, in Norwegian the same digits with
        a decimal comma, thin-space thousands, a minus sign and a space
        before ``%``.

    >>> set_language("nb")
    >>> number(-0.125, fmt="+.1%"), number(2.0, fmt="g")
    ('\u221212,5\xa0%', '2')
    >>> set_language("en")
    """
    if fmt is not None:
        text = format(value, fmt)
        return _norwegian(text) if _state["language"] == "nb" else text
    decimals = check_int("decimals", decimals, low=0, high=6)
    x = float(value) * (100.0 if percent else 1.0)
    text = f"{x:,.{decimals}f}"
    if _state["language"] == "nb":
        return _norwegian(text) + (NO_BREAK_SPACE + "%" if percent else "")
    return text + (" %" if percent else "")


def _norwegian(text: str) -> str:
    """English digits written the Norwegian way: 1,234.5 -> 1 234,5; -5% -> −5 %."""
    text = text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "\u2212")
    return text[:-1] + NO_BREAK_SPACE + "%" if text.endswith("%") else text


def translated(table):
    """A pandas table as the chosen language shows it: labels translated, numbers written its way.

    In English ``table`` itself is returned, untouched.  In Norwegian a copy
    comes back whose index and column labels (and their names) go through
    :func:`tr` and whose floating-point values are written as text with a
    decimal comma and thin-space thousands, every value of a column with as
    many decimals as the column needs (at most 6), as pandas would show
    them; texts in the table (a unit, say) go through :func:`tr` too.  The
    copy is for showing: its numbers are text, padded so that columns stay
    apart as pandas keeps columns of numbers.  A lesson
    prints ``translated(summary.round(1)).to_string()`` where the English
    edition prints ``summary.round(1).to_string()``.

    Parameters
    ----------
    table : pandas.DataFrame or pandas.Series
        The table to show.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"MTS": [1.5, 1234.25]}, index=["holding cost", "strategy"])
    >>> set_language("nb")
    >>> print(translated(frame).to_string())
                            MTS
    lagerholdskostnad      1,50
    strategi           1\u2009234,25
    >>> set_language("en")
    >>> translated(frame) is frame
    True
    """
    import pandas as pd

    if _state["language"] == "en":
        return table
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise TypeError(f"translated() takes a pandas DataFrame or Series, not "
                        f"{type(table).__name__}")
    out = table.copy()
    out.index = _translated_labels(out.index)
    if isinstance(out, pd.DataFrame):
        out.columns = _translated_labels(out.columns)
        for column in range(out.shape[1]):
            numeric = out.iloc[:, column].dtype.kind == "f"
            text = _written(out.iloc[:, column])
            if numeric:
                # Numbers become text, which pandas sets one space apart from the
                # column before; text padded to the column's width gets two, as
                # numbers do (one for a sign).
                label = out.columns[column]
                levels = label if isinstance(label, tuple) else (label,)  # a heading row each
                width = max(*(len(str(part)) for part in levels),
                            *(len(v) for v in text if isinstance(v, str)))
                text = text.map(lambda v, w=width: v.rjust(w) if isinstance(v, str) else v)
            out.isetitem(column, text)
    else:
        out = _written(out)
        out.name = tr(out.name) if isinstance(out.name, str) else out.name
    return out


def _translated_labels(index):
    """An index (or MultiIndex) with its text labels and names through :func:`tr`."""
    import pandas as pd

    def one(label):
        if isinstance(label, tuple):
            return tuple(one(part) for part in label)
        return tr(label) if isinstance(label, str) else label

    names = [tr(n) if isinstance(n, str) else n for n in index.names]
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([one(label) for label in index], names=names)
    if index.dtype.kind == "f":
        values = _written(pd.Series(index.to_numpy()))
        return pd.Index(list(values), name=names[0])
    return pd.Index([one(label) for label in index], name=names[0])


def _written(column):
    """A float column as Norwegian text, every value with the column's decimals."""
    import numpy as np
    import pandas as pd

    if column.dtype.kind == "O":  # texts in a table (a unit, a strategy) are labels too
        return column.map(lambda v: tr(v) if isinstance(v, str) else v)
    if column.dtype.kind != "f":
        return column
    finite = column[np.isfinite(column.to_numpy(dtype=float))]
    decimals = 0
    for value in finite:
        text = repr(round(float(value), 6))
        if "e" not in text and "." in text:
            decimals = max(decimals, len(text.split(".")[1].rstrip("0")))
    decimals = min(max(decimals, 1 if len(finite) else 0), 6)

    def write(value):
        if pd.isna(value):
            return "–"
        return _norwegian(f"{float(value):,.{decimals}f}")

    return column.map(write).astype(object)
