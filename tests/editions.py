"""The course's two editions: English (``notebooks/en``) and bokmål (``notebooks/nb``).

Lessons pair by their two-digit number (``02_make_to_stock`` with
``02_produksjon_mot_lager``), the Python primers by name, and assignments
by their ``aN_`` prefix (``a1_make_to_stock`` with ``a1_produksjon_mot_lager``).
``tests/test_editions.py`` holds each pair in step; this module finds the
pairs and says what "the same code" means.
"""

from __future__ import annotations

import ast
import re
import tokenize
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
PRIMERS = {"python_for_this_course": "python_i_kurset"}
#: Presentation helpers a Norwegian cell may wrap around an expression (mtolab.i18n).
PRESENTATION = {"tr", "number", "translated", "phrase"}
#: The Norwegian grade ids: the English one with this prefix.
NB_GRADE_PREFIX = "nb_"


def _key(stem: str) -> str:
    return stem[:2] if re.match(r"\d\d_", stem) else stem


def lesson_pairs() -> dict[str, tuple[Path, Path | None]]:
    """English lesson stem -> (English path, Norwegian path or None)."""
    norwegian = {_key(p.stem): p for p in sorted((NOTEBOOKS / "nb").glob("*.ipynb"))}
    pairs = {}
    for path in sorted((NOTEBOOKS / "en").glob("*.ipynb")):
        key = _key(path.stem)
        nb_key = PRIMERS.get(path.stem, key)
        pairs[path.stem] = (path, norwegian.get(nb_key))
    return pairs


def unpaired_norwegian() -> list[str]:
    """Norwegian lessons with no English lesson of the same number (or primer name)."""
    english = {PRIMERS.get(p.stem, _key(p.stem)) for p in (NOTEBOOKS / "en").glob("*.ipynb")}
    return sorted(p.name for p in (NOTEBOOKS / "nb").glob("*.ipynb")
                  if _key(p.stem) not in english)


def assignment_pairs() -> dict[str, str | None]:
    """English assignment -> its Norwegian pair (``aN_`` prefix), or None."""
    names = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    by_prefix: dict[str, list[str]] = {}
    for name in names:
        by_prefix.setdefault(name.split("_")[0], []).append(name)
    pairs = {}
    for group in by_prefix.values():
        english = [n for n in group if is_english_assignment(n)]
        others = [n for n in group if n not in english]
        for name in english:
            pairs[name] = others[0] if others else None
    return pairs


def is_english_assignment(name: str) -> bool:
    """The English assignments are the course's first five (``a1_make_to_stock`` ...)."""
    return name in ENGLISH_ASSIGNMENTS


ENGLISH_ASSIGNMENTS = ("a1_make_to_stock", "a2_make_to_order", "a3_assemble_to_order",
                       "a4_choosing_a_strategy", "a5_choosing_by_case")


# --------------------------------------------------------------- the same code
class _Normalise(ast.NodeTransformer):
    """An AST with what an edition may change taken out.

    - every string constant (and the literal text of an f-string) becomes ``"…"``;
    - an f-string field loses its format spec, and a presentation helper
      around its value (``{number(x, 1)}``) is unwrapped to the value;
    - a presentation helper around any expression (``translated(t)``,
      ``tr(label)``) is unwrapped to its first argument.
    """

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant("…"), node)
        return node

    def visit_JoinedStr(self, node):
        values = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
        return ast.copy_location(ast.JoinedStr(values=values), node)

    def visit_FormattedValue(self, node):
        return ast.copy_location(
            ast.FormattedValue(value=self.visit(node.value), conversion=-1, format_spec=None),
            node)

    def visit_Call(self, node):
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name in PRESENTATION and node.args:
            return self.visit(node.args[0])
        return self.generic_visit(node)


def _is_edition_only(stmt: ast.stmt) -> bool:
    """The language switch, and imports of mtolab or of its presentation helpers."""
    if isinstance(stmt, ast.Import):
        return all(alias.name == "mtolab" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom) and stmt.module == "mtolab.i18n":
        return all(alias.name in PRESENTATION | {"set_language"} for alias in stmt.names)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return getattr(func, "id", getattr(func, "attr", None)) == "set_language"
    return False


def code_shape(source: str) -> str:
    """The code of a cell with comments, texts and the language switch taken out."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    text = "\n".join(lines)
    try:
        tree = ast.parse(text)
    except SyntaxError:  # not Python (a cell magic): compare its tokens without comments
        return " ".join(tok.string for tok in tokenize.generate_tokens(StringIO(text).readline)
                        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE))
    tree.body = [stmt for stmt in tree.body if not _is_edition_only(stmt)]
    return ast.dump(_Normalise().visit(tree), annotate_fields=False)


# ------------------------------------------------------------ the same numbers
_THOUSANDS_NB = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))")
_THOUSANDS_EN = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")


def numbers_in(text: str, *, norwegian: bool) -> list[float]:
    """The numbers of a checked output, read the way its edition writes them."""
    if norwegian:
        text = text.replace("\u2212", "-")
        text = _THOUSANDS_NB.sub("", text)
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    else:
        text = _THOUSANDS_EN.sub("", text)
    return [float(m.group().replace("−", "-")) for m in _NUMBER.finditer(text)]
