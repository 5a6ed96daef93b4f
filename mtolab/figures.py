"""The frame of every figure the course draws: fixed margins, readable sizes, SVG.

Explorers (:mod:`mtolab.widgets`) and the lessons' static figures share it,
so a lesson's figure looks like an explorer's.  A figure is
:data:`FIGURE_WIDTH` CSS pixels wide, drawn under :data:`FIGURE_STYLE`
with fixed margins (:func:`new_figure`), its ticks and key drawn as plain
artists (:func:`fixed_ticks`, :func:`key`): one draw, no layout engine.
Shown in a notebook it is SVG (:class:`CourseFigure`): crisp at every screen
density, its text drawn by the browser.  Nothing here needs ipywidgets.
"""

from __future__ import annotations

import functools
import io

import matplotlib
from matplotlib.figure import Figure

from mtolab.i18n import number, tr

__all__ = [
    "CSS_DPI",
    "CourseFigure",
    "FIGURE_STYLE",
    "FIGURE_WIDTH",
    "KEY_FONTSIZE",
    "SVGFigure",
    "count",
    "explorer_style",
    "fixed_ticks",
    "key",
    "new_figure",
    "render_svg",
    "title",
]

#: Widest a figure is drawn, in CSS pixels (it shrinks to fit narrower areas).
FIGURE_WIDTH = 880
#: CSS pixels per inch: matplotlib sizes in inches, the browser in CSS pixels.
CSS_DPI = 96
#: Matplotlib settings of every figure (explorers' and lessons'): readable sizes (pt;
#: 11 pt is 15 CSS px), text left to the browser in SVG, reproducible SVG output.
FIGURE_STYLE = {
    "font.size": 11.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 11.0,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": CSS_DPI,
    "svg.fonttype": "none",
    "svg.hashsalt": "mtolab",
}


def explorer_style(draw):
    """Decorator: draw under :data:`FIGURE_STYLE`, so a figure looks the same anywhere."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(FIGURE_STYLE):
            return draw(*args, **kwargs)

    return styled


class CourseFigure(Figure):
    """A figure that a notebook shows as SVG, drawn once at its fixed margins.

    Shown by ``display`` or as a cell's last value, a plain figure goes
    through the inline backend, which draws it twice (once to find a tight
    bounding box) into a PNG; the course's figures have fixed margins, so one
    SVG drawing (:func:`render_svg`) is faster and crisp at every screen
    density.  In every other way it is a :class:`matplotlib.figure.Figure`.
    """

    def _ipython_display_(self):
        from IPython.display import display

        display(SVGFigure(render_svg(self)))


def new_figure(height: int = 380, *, ncols: int = 1, left: int = 76, right: int = 24,
               top: int = 44, bottom: int = 58, wspace: float = 0.25):
    """A figure for an explorer or a lesson, :data:`FIGURE_WIDTH` CSS pixels wide.

    The margins are in CSS pixels and fixed (a tight layout would draw every
    figure twice, and redraw speed is what makes an explorer pleasant); a
    legend beside the data needs a wide ``right`` margin.  The figure is not
    registered with pyplot, so nothing piles up between redraws.

    Parameters
    ----------
    height : int
        Height in CSS pixels.
    ncols : int
        Axes side by side.
    left, right, top, bottom : int
        Margins around the axes, in CSS pixels.
    wspace : float
        Space between axes, as a share of their width.

    Returns
    -------
    fig, axes
        ``fig`` a :class:`CourseFigure`; ``axes`` one Axes when ``ncols == 1``, else an
        array of them.
    """
    with matplotlib.rc_context(FIGURE_STYLE):
        fig = CourseFigure(figsize=(FIGURE_WIDTH / CSS_DPI, height / CSS_DPI), dpi=CSS_DPI)
        axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=left / FIGURE_WIDTH, right=1 - right / FIGURE_WIDTH,
                        bottom=bottom / height, top=1 - top / height, wspace=wspace)
    return fig, axes


def count(n, unit: str) -> str:
    """``n`` and its unit, singular for 1: ``count(1, "week") == "1 week"``.

    Both forms are translated (``tr("week")``, ``tr("weeks")``) and ``n`` is
    written by :func:`mtolab.i18n.number`.
    """
    return f"{number(n, fmt='g')} {tr(unit) if n == 1 else tr(unit + 's')}"


def title(ax, text: str):
    """The axes' title, left-aligned, at a fixed height (no automatic placement: faster)."""
    return ax.set_title(text, loc="left", y=1.0, pad=8)


#: Font size of keys and notes beside the axes, in points.
KEY_FONTSIZE = 9.5
#: Length of a tick mark and the gap to its label, in CSS pixels.
TICK_LENGTH, TICK_PAD = 4.5, 3.0


def fixed_ticks(ax, *, x=None, y=None, xlabels=None, ylabels=None, nx: int = 6, ny: int = 5,
                integer_x: bool = False, integer_y: bool = False, xcolors=None,
                xweights=None):
    """Ticks of axes whose limits are fixed, drawn as plain artists.

    Matplotlib makes five artists per tick anew on every draw, which costs an
    explorer most of its redraw time; the axes of an explorer do not move, so
    its ticks are drawn here once per figure as one line of tick marks and
    one text per label, with the axis labels placed below and beside them.
    Set the limits (and the scale) first.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes; its x and y limits must be set.
    x, y : sequence of float or None
        Tick positions; ``None``: "nice" positions from the limits (at most
        ``nx`` and ``ny`` intervals); ``()``: no ticks on that axis.
    xlabels, ylabels : sequence of str or None
        The labels; ``None``: the positions, formatted with ``:g`` (in the
        chosen language's digits, :func:`mtolab.i18n.number`).
    nx, ny : int
        Most tick intervals when the positions are chosen here.
    integer_x, integer_y : bool
        Chosen positions are whole numbers.
    xcolors, xweights : sequence or None
        Colour and font weight of each x label (strategy names in their colour).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.ticker import MaxNLocator, NullLocator

    fig = ax.figure
    box = ax.get_position()
    width, height = box.width * fig.bbox.width, box.height * fig.bbox.height
    tick_size = matplotlib.rcParams["xtick.labelsize"]
    tick_size = tick_size if isinstance(tick_size, (int, float)) else 10.5
    px = fig.dpi / 72  # pixels per point

    def positions(given, limits, n, integer):
        if given is not None:
            return list(given)
        lo, hi = sorted(limits)
        values = MaxNLocator(n, integer=integer).tick_values(lo, hi)
        return [v for v in values if lo - 1e-9 * (hi - lo) <= v <= hi + 1e-9 * (hi - lo)]

    xs = positions(x, ax.get_xlim(), nx, integer_x)
    ys = positions(y, ax.get_ylim(), ny, integer_y)
    xlabels = [number(v, fmt="g") for v in xs] if xlabels is None else list(xlabels)
    ylabels = [number(v, fmt="g") for v in ys] if ylabels is None else list(ylabels)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(NullLocator())
        axis.set_minor_locator(NullLocator())
    xt, yt = ax.get_xaxis_transform(), ax.get_yaxis_transform()
    if xs:
        ax.add_artist(LineCollection([[(p, 0.0), (p, -TICK_LENGTH / height)] for p in xs],
                                     transform=xt, colors="black", linewidths=0.8,
                                     clip_on=False, gid="mtolab-ticks"))
        offset = -(TICK_LENGTH + TICK_PAD) / height
        for k, (pos, label) in enumerate(zip(xs, xlabels, strict=True)):
            ax.text(pos, offset, label, transform=xt, ha="center", va="top",
                    fontsize=tick_size, clip_on=False,
                    color=xcolors[k] if xcolors else "black",
                    fontweight=xweights[k] if xweights else "normal")
    if ys:
        ax.add_artist(LineCollection([[(0.0, p), (-TICK_LENGTH / width, p)] for p in ys],
                                     transform=yt, colors="black", linewidths=0.8,
                                     clip_on=False, gid="mtolab-ticks"))
        offset = -(TICK_LENGTH + TICK_PAD) / width
        for pos, label in zip(ys, ylabels, strict=True):
            ax.text(offset, pos, label, transform=yt, ha="right", va="center",
                    fontsize=tick_size, clip_on=False)
    # Axis labels below and beside the tick labels (their size estimated, not measured).
    lines = max((str(t).count("\n") + 1 for t in xlabels), default=0)
    below = TICK_LENGTH + TICK_PAD + lines * tick_size * px * 1.2 + 4 if xs else 6
    ax.xaxis.set_label_coords(0.5, -below / height)
    ax.xaxis.label.set_va("top")
    chars = max((len(str(t)) for t in ylabels), default=0)
    beside = TICK_LENGTH + TICK_PAD + chars * tick_size * px * 0.62 + 6 if ys else 8
    ax.yaxis.set_label_coords(-beside / width, 0.5)
    ax.yaxis.label.set_va("bottom")


def key(ax, handles, *, title: str | None = None, gap: int = 18, note: str | None = None):
    """A legend beside the axes, outside the data, drawn as plain artists.

    The same information as ``ax.legend(handles=...)`` placed to the right
    of the axes, but laid out by fixed pixel steps instead of matplotlib's
    legend machinery, which would cost an explorer a good part of its
    redraw time.  Each label's text keeps its handle as ``_mtolab_handle``
    (the tests check its colour).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes the key belongs to (it goes into the figure's right margin).
    handles : sequence of Line2D or Patch
        Proxies with a label, as for ``legend``.
    title : str or None
        A heading above the entries.
    gap : int
        Pixels between the axes and the key.
    note : str or None
        Plain text below the entries.

    Returns
    -------
    list of matplotlib.text.Text
        The key's texts.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    fig = ax.figure
    width, height = fig.bbox.width, fig.bbox.height
    box = ax.get_position()
    x = box.x1 * width + gap
    y = box.y1 * height
    line = KEY_FONTSIZE * fig.dpi / 72 * 1.25
    texts = []

    def text(xp, yp, content, **kwargs):
        t = fig.text(xp / width, yp / height, content, fontsize=KEY_FONTSIZE, va="top",
                     ha="left", linespacing=1.25, **kwargs)
        t.set_gid("mtolab-key")
        texts.append(t)
        return t

    if title:
        text(x, y, title, fontweight="bold")
        y -= line * (title.count("\n") + 1) + 4
    for handle in handles:
        label = handle.get_label()
        mid = y - line / 2
        if isinstance(handle, Line2D):
            fig.add_artist(Line2D([(x + 2) / width, (x + 26) / width], [mid / height] * 2,
                                  color=handle.get_color(), linestyle=handle.get_linestyle(),
                                  linewidth=handle.get_linewidth(), marker=None))
            if handle.get_marker() not in (None, "None", "", " "):
                fig.add_artist(Line2D([(x + 14) / width], [mid / height],
                                      color=handle.get_color(), marker=handle.get_marker(),
                                      markersize=handle.get_markersize(), linestyle=""))
        else:
            fig.add_artist(Rectangle(((x + 2) / width, (mid - 6) / height), 24 / width,
                                     12 / height, facecolor=handle.get_facecolor(),
                                     edgecolor=handle.get_edgecolor(), hatch=handle.get_hatch(),
                                     linewidth=handle.get_linewidth(),
                                     transform=fig.transFigure))
        t = text(x + 34, y, label)
        t._mtolab_handle = handle
        y -= line * (label.count("\n") + 1) + 7
    if note:
        text(x, y - 10, note, color="#333333")
    return texts


def render_svg(fig: Figure) -> str:
    """The figure as SVG text: text left to the browser's fonts, no time stamp."""
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mtolab"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


class SVGFigure:
    """An SVG figure for ``IPython.display.display`` (``data`` is the SVG text)."""

    def __init__(self, data: str):
        self.data = data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/svg+xml": self.data, "text/plain": "<figure>"}
