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

ROOT = Path(__file__).resolve().parents[1]
LESSONS = {p.stem: p for p in sorted((ROOT / "notebooks" / "en").glob("[0-9][0-9]_*.ipynb"))}
CLAIMS = all_claims()
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
            out += [s.strip() for s in re.split(r"(?<=[.!?:;])\s+(?=[A-Z(*])", flat)
                    if s.strip()]
    return out


# Numbers that name a place in the course, not a quantity: "lesson 05", "exercise 3".
REFERENCE = re.compile(r"\b(?:lessons?|exercises?|assignments?|parts?|sections?|steps?|"
                       r"chapters?)\s*\d+(?:\s*(?:and|to|-|–)\s*\d+)?\b", re.IGNORECASE)


def quantitative(sentence: str) -> bool:
    bare = REFERENCE.sub(" ", sentence)
    return bool(NUMBER.search(bare) and COMPARISON.search(bare))


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
