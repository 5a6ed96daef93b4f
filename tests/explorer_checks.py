"""Checks of explorer figures shared by the tests: axes, text boxes, colours."""

from __future__ import annotations

import itertools

import numpy as np
from IPython.display import HTML
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.legend import Legend
from matplotlib.text import Text

from mtolab.plots import OKABE_ITO, STRATEGY_COLORS
from mtolab.widgets._base import Slider, SVGFigure


def corners(spec) -> list[dict]:
    """Every combination of each slider's minimum and maximum, as keyword values."""
    names = [n for n, c in spec.controls.items() if isinstance(c, Slider)]
    ends = [spec.controls[n].extremes for n in names]
    return [spec.defaults | dict(zip(names, combo, strict=True))
            for combo in itertools.product(*ends)]


def extremes(spec) -> list[tuple[str, object]]:
    """(control, value) for each end of each slider and each option of each choice."""
    return [(name, value) for name, c in spec.controls.items() for value in c.extremes]


def figure_of(shown) -> str:
    """The SVG of the last figure an explorer showed (fails on an error message)."""
    assert shown, "nothing was shown"
    errors = [item.data for item in shown if isinstance(item, HTML)]
    assert not errors, errors
    assert isinstance(shown[-1], SVGFigure), shown[-1]
    return shown[-1].data


def limits(fig) -> list:
    """The view limits of every axes of a figure."""
    return [(tuple(np.round(ax.get_xlim(), 9)), tuple(np.round(ax.get_ylim(), 9)))
            for ax in fig.axes]


def drawn(fig):
    """Draw the figure with Agg; returns the renderer (for window extents)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def data_outside_view(fig) -> list[str]:
    """Axes whose data (their data limits) reach beyond the view limits."""
    out = []
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible() or not ax.axison:
            continue
        data = ax.dataLim
        if not np.all(np.isfinite(data.get_points())):
            continue
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        tol_x, tol_y = 1e-6 * max(x1 - x0, 1), 1e-6 * max(y1 - y0, 1)
        if data.x0 < x0 - tol_x or data.x1 > x1 + tol_x:
            out.append(f"axes {i}: x data {data.x0:.3g}..{data.x1:.3g} beyond {x0:.3g}..{x1:.3g}")
        if data.y0 < y0 - tol_y or data.y1 > y1 + tol_y:
            out.append(f"axes {i}: y data {data.y0:.3g}..{data.y1:.3g} beyond {y0:.3g}..{y1:.3g}")
    return out


def _axis_texts(ax):
    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis._update_ticks():  # the ticks drawn, within the view
            texts += [tick.label1, tick.label2]
    return texts + list(ax.texts)


def text_boxes(fig) -> list[tuple[str, object]]:
    """(description, window extent) of every visible text and legend of a figure."""
    renderer = drawn(fig)
    boxes = []
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    for legend in legends:
        if legend.get_visible():
            boxes.append((f"legend {[t.get_text() for t in legend.get_texts()][:2]}",
                          legend.get_window_extent(renderer)))
    for artist in [*itertools.chain.from_iterable(_axis_texts(ax) for ax in fig.axes
                                                  if ax.axison), *fig.texts,
                   *(t for ax in fig.axes if not ax.axison for t in ax.texts)]:
        if not isinstance(artist, Text) or not artist.get_visible() or not artist.get_text():
            continue
        boxes.append((repr(artist.get_text()[:40]), artist.get_window_extent(renderer)))
    return boxes


def overlaps(fig, tolerance: float = 1.0) -> list[str]:
    """Pairs of texts (or legends) whose boxes overlap, and texts outside the figure."""
    boxes = text_boxes(fig)
    problems = []
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if dx > tolerance and dy > tolerance:
            problems.append(f"{a} overlaps {b}")
    width, height = fig.bbox.width, fig.bbox.height
    for name, box in boxes:
        if box.x0 < -tolerance or box.y0 < -tolerance or box.x1 > width + tolerance \
                or box.y1 > height + tolerance:
            problems.append(f"{name} is cut off by the figure's edge")
    return problems


def legends_over_data(fig) -> list[str]:
    """Legends and keys (texts of ``mtolab.widgets._base.key``) that cover an axes' data area."""
    renderer = drawn(fig)
    out = []
    keys = [(f"key text {t.get_text()[:30]!r}", t.get_window_extent(renderer))
            for t in fig.texts if t.get_gid() == "mtolab-key" and t.get_text()]
    for ax in fig.axes:
        if not ax.axison:
            continue
        area = ax.get_window_extent(renderer)
        legend = ax.get_legend()
        boxes = keys + ([(f"legend {[t.get_text() for t in legend.get_texts()][:2]}",
                          legend.get_window_extent(renderer))] if legend else [])
        for name, box in boxes:
            if min(box.x1, area.x1) - max(box.x0, area.x0) > 1 and \
                    min(box.y1, area.y1) - max(box.y0, area.y0) > 1:
                out.append(f"{name} covers data")
    return out


PALETTE = {tuple(np.round(to_rgba(c)[:3], 3)) for c in OKABE_ITO.values()}


def _is_grey(rgb) -> bool:
    return max(rgb) - min(rgb) < 0.02


def _colours(artist) -> list:
    out = []
    for getter in ("get_color", "get_facecolor", "get_edgecolor", "get_markerfacecolor",
                   "get_markeredgecolor"):
        if not hasattr(artist, getter):
            continue
        try:
            value = getattr(artist, getter)()
        except (TypeError, ValueError):
            continue
        if isinstance(value, str) and value in ("none", "auto"):
            continue
        array = np.atleast_2d(np.asarray(to_rgba_array(value)))
        out += [tuple(row) for row in array]
    return out


def to_rgba_array(value):
    from matplotlib.colors import to_rgba_array as convert

    try:
        return convert(value)
    except (TypeError, ValueError):
        return np.zeros((0, 4))


def off_palette_colours(fig) -> list[str]:
    """Colours in a figure that are neither grey nor from the Okabe-Ito palette."""
    drawn(fig)
    bad = set()
    for artist in fig.findobj():
        if not artist.get_visible():
            continue
        for rgba in _colours(artist):
            if len(rgba) < 4 or rgba[3] == 0:
                continue
            rgb = tuple(np.round(rgba[:3], 3))
            if not _is_grey(rgb) and rgb not in PALETTE:
                bad.add(f"{type(artist).__name__} {rgb}")
    return sorted(bad)


def strategy_labels_off_colour(fig) -> list[str]:
    """Tick labels and legend entries naming a strategy but drawn in another colour."""
    drawn(fig)
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for label in [*axis.get_ticklabels(), *ax.texts]:
                name = label.get_text().split(":")[0].split("\n")[0].strip()
                if name in STRATEGY_COLORS and not _same(label.get_color(),
                                                         STRATEGY_COLORS[name]):
                    out.append(f"tick label {label.get_text()!r} is {label.get_color()}")
    for text in fig.texts:
        handle = getattr(text, "_mtolab_handle", None)
        name = text.get_text().split(":")[0].split("\n")[0].strip()
        if handle is not None and name in STRATEGY_COLORS:
            colours = [c for c in _colours(handle) if len(c) == 4 and c[3] > 0]
            if not any(_same(c, STRATEGY_COLORS[name]) for c in colours):
                out.append(f"key entry {text.get_text()!r} is not {STRATEGY_COLORS[name]}")
    legends = [a for a in fig.findobj(Legend)]
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=False):
            name = text.get_text().split(":")[0].split("\n")[0].strip()
            if name not in STRATEGY_COLORS or handle is None:
                continue
            colours = [c for c in _colours(handle) if len(c) == 4 and c[3] > 0]
            if not any(_same(c, STRATEGY_COLORS[name]) for c in colours):
                out.append(f"legend entry {text.get_text()!r} is not {STRATEGY_COLORS[name]}")
    return out


def _same(a, b) -> bool:
    return np.allclose(to_rgba(a)[:3], to_rgba(b)[:3], atol=0.003)
