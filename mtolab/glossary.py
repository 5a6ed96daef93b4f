"""The course's glossary, English and Norwegian (bokmål), in one data file.

Both editions' start pages render it from ``mtolab/data/glossary.csv``, in
the learner's direction: English terms first for the English edition,
Norwegian first for the Norwegian one.  Each row gives the term, its
meaning in the course, and the alternatives a learner may meet in other
texts (among them the word-for-word forms of some Norwegian articles).

>>> table = glossary("en")
>>> table.loc["make to order (MTO)", "Norwegian (bokmål)"]
'produksjon mot ordre'
>>> glossary("nb").loc["kundeordrepunkt", "engelsk"]
'decoupling point'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from mtolab._validate import check_choice

__all__ = ["glossary", "glossary_rows"]

DATA = Path(__file__).with_name("data") / "glossary.csv"


@lru_cache(maxsize=1)
def glossary_rows() -> tuple[dict, ...]:
    """The glossary's rows as dicts: key, en, nb, also_nb, definition_en, definition_nb."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def glossary(language: str = "en") -> pd.DataFrame:
    """The glossary as a table for one edition.

    Parameters
    ----------
    language : {"en", "nb"}
        ``"en"``: English term, its meaning, the Norwegian term and the
        alternatives; ``"nb"``: Norwegian term, meaning (in Norwegian),
        alternatives and the English term.

    Returns
    -------
    pandas.DataFrame
        Indexed by the term in ``language``, sorted alphabetically.
    """
    language = check_choice("language", language, ("en", "nb"))
    rows = glossary_rows()
    if language == "en":
        frame = pd.DataFrame({
            "term": [r["en"] for r in rows],
            "meaning in this course": [r["definition_en"] for r in rows],
            "Norwegian (bokmål)": [r["nb"] for r in rows],
            "also met in Norwegian texts": [r["also_nb"] for r in rows],
        })
    else:
        frame = pd.DataFrame({
            "begrep": [r["nb"] for r in rows],
            "betydning i kurset": [r["definition_nb"] for r in rows],
            "andre former du kan møte": [r["also_nb"] for r in rows],
            "engelsk": [r["en"] for r in rows],
        })
    frame = frame.set_index(frame.columns[0])
    return frame.sort_index(key=lambda idx: idx.str.lower())
