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
>>> set_language("en")
>>> number(1234.5, 1)
'1,234.5'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from mtolab._validate import check_choice, check_int

__all__ = ["LANGUAGES", "set_language", "language", "tr", "number", "translations"]

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


def tr(text: str) -> str:
    """``text`` in the chosen language (English text is the key).

    Parameters
    ----------
    text : str
        The English text, as the library writes it.
    """
    if _state["language"] == "en":
        return text
    return translations().get(text, text)


def number(value: float, decimals: int = 1, *, percent: bool = False) -> str:
    """``value`` written as the chosen language writes numbers.

    Parameters
    ----------
    value : float
        The number (a share, when ``percent``: 0.25 is 25 %).
    decimals : int
        Digits after the decimal mark (0 to 6).
    percent : bool
        Write a share as a percentage, with the percent sign.
    """
    decimals = check_int("decimals", decimals, low=0, high=6)
    x = float(value) * (100.0 if percent else 1.0)
    text = f"{x:,.{decimals}f}"
    if _state["language"] == "nb":
        text = text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "\u2212")
        return text + (NO_BREAK_SPACE + "%" if percent else "")
    return text + (" %" if percent else "")
