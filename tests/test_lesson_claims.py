"""Every quantitative statement of a lesson is registered with a check, and holds.

See ``tests/claims/__init__.py``.  Three tests:

- every registered claim's check passes (it recomputes the statement, with
  a confidence interval where the statement is about a simulation);
- every registered quote stands, word for word, in its lesson's text;
- every sentence of a lesson's text that looks quantitative (a number
  together with a comparison or a change: "cheaper", "more", "doubles",
  "%", ...) is registered, so a new unbacked statement fails the suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from claims import all_claims
from editions import lesson_pairs

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {p.stem: p for p in sorted((ROOT / "notebooks" / "en").glob("[0-9][0-9]_*.ipynb"))}
CLAIMS = all_claims()
# The Norwegian edition of each ruled lesson that has one (notebooks/nb/, same number).
NORWEGIAN = {name: nb for name, (_, nb) in lesson_pairs().items()
             if nb is not None and name in LESSONS}
# Lessons held to the rule: every lesson with a claims module (tests/claims/lesson_NN.py).
RULED = [name for name in LESSONS if (Path(__file__).parent / "claims"
                                      / f"lesson_{name[:2]}.py").exists()]

# A sentence is quantitative when it has a number and one of these.
COMPARISON = re.compile(
    r"\b(cheaper|dearer|costlier|more|less|fewer|faster|slower|higher|lower|larger|smaller|"
    r"longer|shorter|above|below|beats?|wins?|doubles?|halves|twice|grows?|falls?|"
    r"rises?|drops?|exceeds?|under|over|most|least|best|worst|saves?|saving|cuts?|"
    r"times (?:more|less|as)|as (?:much|many|far|long))\b|%",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
# The same, for the Norwegian edition.
COMPARISON_NB = re.compile(
    r"\b(billigere|dyrere|mer|mindre|færre|flere|raskere|fortere|tregere|saktere|høyere|"
    r"lavere|større|lengre|kortere|over|under|overstiger|slår|vinner|dobbelt|dobler|dobles|"
    r"halverer|halveres|halvparten|vokser|øker|faller|synker|stiger|mest|minst|best|beste|"
    r"verst|dårligst|sparer|besparelse|kutter|ganger|like (?:mye|mange|lenge|langt))\b|%",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Markdown text as plain words: no emphasis, links, code marks or line breaks."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"[*_`]", "", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def lesson_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return normalise("\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def sentences(path: Path) -> list[str]:
    """Sentences of a lesson's prose: tables, headings and formulas left out."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"\$\$.*?\$\$", " ", cell.source, flags=re.S)  # display maths
        # Paragraphs, and each item of a list on its own.
        blocks = re.split(r"\n\s*\n|\n(?=\s*(?:\d+\.|[-*])\s)", text)
        for line in blocks:
            if line.lstrip().startswith(("|", "#", "<")):
                continue
            flat = normalise(re.sub(r"\$[^$]*\$", "(formula)", line))  # inline maths
            flat = re.sub(r"^(\d+\.|-|\*)\s+", "", flat)
            out += [s.strip() for s in re.split(r"(?<=[.!?:;])\s+(?=[A-ZÆØÅ(*«])", flat)
                    if s.strip()]
    return out


# Numbers that name a place in the course, not a quantity: "lesson 05", "exercise 3".
REFERENCE = re.compile(r"\b(?:lessons?|exercises?|assignments?|parts?|sections?|steps?|"
                       r"chapters?)\s*\d+(?:\s*(?:and|to|-|–)\s*\d+)?\b", re.IGNORECASE)
REFERENCE_NB = re.compile(r"\b(?:leksjon(?:en|er|ene)?|oppgave(?:n|r|ne)?|innlevering(?:en|er)?|"
                          r"del(?:en|er)?|avsnitt(?:et)?|trinn(?:et)?|steg(?:et)?|kapittel)\s*"
                          r"\d+(?:\s*(?:og|til|-|–)\s*\d+)?\b", re.IGNORECASE)


def quantitative(sentence: str, *, norwegian: bool = False) -> bool:
    bare = (REFERENCE_NB if norwegian else REFERENCE).sub(" ", sentence)
    return bool(NUMBER.search(bare) and (COMPARISON_NB if norwegian else COMPARISON).search(bare))


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.lesson}: {c.quote[:50]}")
def test_claim_holds(claim):
    claim.check()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.lesson}: {c.quote[:50]}")
def test_claim_is_quoted_from_its_lesson(claim):
    assert claim.lesson in LESSONS, f"no lesson {claim.lesson}.ipynb in notebooks/"
    assert normalise(claim.quote) in lesson_text(LESSONS[claim.lesson]), (
        f"{claim.lesson}: the lesson no longer says {claim.quote!r}")


@pytest.mark.parametrize("name", RULED)
def test_every_quantitative_sentence_is_registered(name):
    quotes = [normalise(c.quote) for c in CLAIMS if c.lesson == name]
    unbacked = [s for s in sentences(LESSONS[name])
                if quantitative(s) and not any(q in s or s in q for q in quotes)]
    assert not unbacked, (
        f"{name}: {len(unbacked)} quantitative sentence(s) with no claim in "
        f"tests/claims/lesson_{name[:2]}.py:\n- " + "\n- ".join(unbacked))


def test_every_lesson_is_held_to_the_rule():
    missing = [name for name in LESSONS if name not in RULED]
    assert LESSONS and not missing, (
        f"lessons with no claims module (tests/claims/lesson_NN.py): {missing}")


# ------------------------------------------------------------ the Norwegian edition
NB_CLAIMS = [c for c in CLAIMS if c.lesson in NORWEGIAN]


@pytest.mark.parametrize("claim", NB_CLAIMS, ids=lambda c: f"{c.lesson}: {c.quote[:50]}")
def test_claim_is_quoted_from_the_norwegian_edition(claim):
    path = NORWEGIAN[claim.lesson]
    assert claim.nb, (f"{claim.lesson}: the claim {claim.quote!r} has no nb= quote from "
                      f"{path.name}")
    assert normalise(claim.nb) in lesson_text(path), (
        f"{path.name}: the lesson does not say {claim.nb!r}")


@pytest.mark.parametrize("name", sorted(NORWEGIAN))
def test_every_norwegian_quantitative_sentence_is_registered(name):
    quotes = [normalise(c.nb) for c in CLAIMS if c.lesson == name and c.nb]
    path = NORWEGIAN[name]
    unbacked = [s for s in sentences(path)
                if quantitative(s, norwegian=True) and not any(q in s or s in q for q in quotes)]
    assert not unbacked, (
        f"{path.name}: {len(unbacked)} quantitative sentence(s) with no nb= quote in "
        f"tests/claims/lesson_{name[:2]}.py:\n- " + "\n- ".join(unbacked))


def test_the_norwegian_scanner_finds_norwegian_comparisons():
    assert quantitative("MTO er 9,8 € dyrere enn MTS", norwegian=True)
    assert quantitative("ventetiden øker med 40 %", norwegian=True)
    assert not quantitative("Se leksjon 05 og oppgave 3.", norwegian=True)
    assert not quantitative("MTO er dyrere enn MTS.", norwegian=True)
