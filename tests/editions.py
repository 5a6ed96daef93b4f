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

import nbformat

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
        norwegian = [n for n in group if is_norwegian_assignment(n)]
        for name in group:
            if name not in norwegian:
                pairs[name] = norwegian[0] if norwegian else None
    return pairs


def is_norwegian_assignment(name: str) -> bool:
    """An assignment of the bokmål edition: its notebook switches the language first."""
    (path,) = sorted((SOLUTIONS / name).glob("*.ipynb"))
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return bool(cells) and 'set_language("nb")' in cells[0].source


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
        value = node.value
        if isinstance(value, ast.Call) and _name(value.func) in PRESENTATION and value.args:
            value = value.args[0]  # {number(x, 1)} for {x:.1f}
        return ast.copy_location(
            ast.FormattedValue(value=self.visit(value), conversion=-1, format_spec=None), node)

    def visit_Call(self, node):
        if node.args and _presentation(node.func):
            return self.visit(node.args[0])
        return self.generic_visit(node)


def _name(func) -> str | None:
    return getattr(func, "id", getattr(func, "attr", None))


def _presentation(func) -> bool:
    """A presentation helper of mtolab.i18n, called anywhere.

    ``number`` counts only as ``i18n.number``: a bare ``number(...)`` in an
    exercise is the answer check of :mod:`mtolab.exercise`, which an edition
    must keep (inside an f-string field it is the i18n one, see above).
    """
    if _name(func) == "number":
        owner = getattr(func, "value", None)
        return _name(owner) == "i18n" if owner is not None else False
    return _name(func) in PRESENTATION


def _is_edition_only(stmt: ast.stmt) -> bool:
    """The language switch, and imports of mtolab or of its presentation helpers."""
    if isinstance(stmt, ast.Import):
        return all(alias.name == "mtolab" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom) and stmt.module == "mtolab.i18n":
        return all(alias.name in PRESENTATION | {"set_language"} for alias in stmt.names)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return _name(stmt.value.func) == "set_language"
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
