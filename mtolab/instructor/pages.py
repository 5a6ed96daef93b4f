"""What a feedback page shows: test verdicts instead of tests, maths as SVG.

nbgrader preprocessors used by :func:`mtolab.instructor.feedback.feedback`:

- :class:`HideTests` replaces every test cell by its verdict: the part's
  name (the heading above it), passed or failed, and the failure message,
  unless the failing line is a hidden test (then only "a hidden test
  failed").  No test source, visible or hidden, reaches the page, so early
  feedback is no answer key for late submitters.  Outputs are capped in
  characters as well as lines.
- :class:`OfflineMath` draws the LaTeX of markdown cells as inline SVG with
  matplotlib's mathtext, so the page shows formulas with no network (no
  MathJax from a CDN).
"""

from __future__ import annotations

import functools
import html
import io
import itertools
import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict

from .cells import is_test, strip_hidden_tests

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
FRAME = re.compile(r"Cell In\s*\[(\d+)\]\s*,\s*line (\d+)")
MESSAGE_CHARS = 600


def _hidden_checks() -> tuple[str, ...]:
    """How mtolab.exercise starts a hidden check's safe message, in every language."""
    from mtolab.exercise import HIDDEN
    from mtolab.i18n import translations

    return tuple(dict.fromkeys((HIDDEN[:], translations().get(HIDDEN[:], HIDDEN[:]))))


HIDDEN_CHECK = _hidden_checks()


def _notes(traceback: str, ename: str) -> list[str]:
    """The notes Python printed under the exception line (``add_note``), if any."""
    lines = traceback.rstrip().splitlines()
    last = max((i for i, ln in enumerate(lines) if ln.startswith(f"{ename}:")), default=None)
    return [ln for ln in lines[last + 1:] if ln.strip()][:4] if last is not None else []


def verdict(cell) -> tuple[bool, str]:
    """Whether a test cell passed, and the message the learner may see.

    The message of a failing line in the hidden tests is withheld ("a hidden
    test failed"), unless it is a hidden check's message written to be shown
    (it starts with "(hidden check)", or its Norwegian "(skjult kontroll)", and
    never gives the graded number).
    """
    lines = cell.source.splitlines()
    hidden_from = next((i + 1 for i, ln in enumerate(lines)
                        if ln.strip() == "### BEGIN HIDDEN TESTS"), len(lines) + 1)
    score, points = cell.metadata.nbgrader.get("score"), cell.metadata.nbgrader.get("points")
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), ANSI.sub("", str(out.get("evalue", "")))
            if ename == "NotRun":
                return False, f"Not run: {evalue}"
            traceback = ANSI.sub("", "\n".join(out.get("traceback", [])))
            frames = FRAME.findall(traceback)
            count = str(cell.get("execution_count"))
            in_hidden = bool(frames) and frames[-1][0] == count and (
                int(frames[-1][1]) >= hidden_from)
            if in_hidden and not evalue.startswith(HIDDEN_CHECK):
                return False, "A hidden test failed (the visible tests above it passed)."
            message = "\n".join([f"{ename}: {evalue}", *_notes(traceback, ename)])
            return False, message[:MESSAGE_CHARS]
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            first = ANSI.sub("", out.get("text", "")).strip().splitlines()[:4]
            return False, ("\n".join(first) + "\n(written to stderr: the check scores "
                           "nothing)")[:MESSAGE_CHARS]
    passed = score is None or points is None or float(score) >= float(points)
    return passed, "" if passed else f"Partial credit: {score} of {points} points."


class HideTests(NbGraderPreprocessor):
    """Test cells become verdicts; hidden tests and test source never reach the page."""

    names = Dict({}, help="{notebook: {grade_id: part name}}").tag(config=True)

    def preprocess(self, nb, resources):
        from .execute import CapOutput

        self._names = self.names.get(resources["nbgrader"]["notebook"], {})
        self._cap = CapOutput(max_chars=5_000, max_lines=200)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in self._names:
            cell.metadata["mtolab"] = {"part": self._names[gid]}
        if cell.cell_type == "code" and is_test(cell):
            passed, message = verdict(cell)
            cell.metadata["mtolab"] = {"part": self._names.get(gid, gid), "test": True,
                                       "passed": passed, "message": message}
            cell.source, cell.outputs = "", []
            return cell, resources
        cell.source = strip_hidden_tests(cell.source)
        if cell.cell_type == "code":
            cell, resources = self._cap.preprocess_cell(cell, resources, index)
            for out in cell.outputs:
                data = out.get("data", {})
                if "text/plain" in data:
                    data.pop("text/latex", None)
        return cell, resources


# ----------------------------------------------------------------- the maths
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?![\w$])", re.S)
CODE = re.compile(r"(`+)(.+?)\1", re.S)
_IDS = itertools.count()


@functools.lru_cache(maxsize=2048)
def _drawn(tex: str, display: bool) -> str | None:
    """``tex`` drawn by matplotlib's mathtext as one line of SVG (ids not yet unique)."""
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    expr = " ".join(tex.split())
    try:
        buffer = io.StringIO()
        prop = FontProperties(size=13 if display else 12)
        depth = mathtext.math_to_image(f"${expr}$", buffer, prop=prop, format="svg")
        svg = buffer.getvalue()
    except Exception:  # noqa: BLE001 - mathtext knows a subset of TeX: show the source
        return None
    svg = svg[svg.index("<svg"):].strip()
    svg = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->|<style.*?</style>", "", svg, flags=re.S)
    svg = svg.replace("fill: #ffffff", "fill: none")
    svg = " ".join(svg.split())  # one line: markdown must see it as one inline element
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    width, height = (float(box.group(1)), float(box.group(2))) if box else (12.0, 12.0)
    if box:  # mathtext's box is tight to the pixel: pad it, or the last glyph is clipped
        svg = svg.replace(box.group(0), f'viewBox="-1 -1 {width + 4:g} {height + 2:g}"')
    depth = float(depth) if isinstance(depth, (int, float)) else 3.0
    style = (f'style="height:{(height + 2) / 12:.2f}em;width:auto;'
             f'vertical-align:{-(depth + 1) / 12:.2f}em"')  # the baseline, below the padding
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    return svg.replace("<svg", f'<svg class="math" role="img" aria-label="{html.escape(tex)}" '
                               f"{style}", 1)


def tex_to_svg(tex: str, display: bool = False) -> str:
    """``tex`` drawn as an inline SVG element (matplotlib mathtext), or a code element."""
    svg = _drawn(tex, display)
    if svg is None:
        return f'<code class="tex">{html.escape(tex)}</code>'
    prefix = f"m{next(_IDS)}-"  # ids of one formula must not clash with another's
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    if display:
        return f'<div class="math-display" style="text-align:center;margin:0.5em 0">{svg}</div>'
    return svg


def math_to_svg(markdown: str) -> str:
    """Every ``$...$`` and ``$$...$$`` of ``markdown`` drawn as SVG (code spans left alone)."""
    pieces, last = [], 0
    for code in CODE.finditer(markdown):
        pieces.append(_math(markdown[last:code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_math(markdown[last:]))
    return "".join(pieces)


def _math(text: str) -> str:
    return MATH.sub(lambda m: tex_to_svg(m.group(1), True) if m.group(1) is not None
                    else tex_to_svg(m.group(2)), text)


class OfflineMath(NbGraderPreprocessor):
    """Draw the LaTeX of markdown cells as inline SVG (no MathJax needed)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = math_to_svg(cell.source)
        return cell, resources
