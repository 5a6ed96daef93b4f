"""The frame every explorer shares: declared controls, a figure, and safe redraws.

An explorer is declared, not built: an :class:`ExplorerSpec` lists its
controls (:class:`Slider`, :class:`Choice`) in :class:`Group` s, and names a
pure ``figure(**values)`` function, which computes with :mod:`mtolab.analysis`
and draws with a pure drawing function of the explorer's module.
:class:`Explorer` turns a spec into widgets.  So every explorer can be tested
without widgets (the spec knows every slider's range), and every explorer
looks and behaves the same:

- each control has its label above it, a track at least 200 px long at a
  laptop's width, its value with its unit beside the track, and a tooltip;
  controls sit in groups by what they change;
- a control that does not apply to the other settings is disabled, with a
  note saying why (``ExplorerSpec.inactive``);
- the figure is SVG (crisp at every screen density, text drawn by the
  browser), :data:`FIGURE_WIDTH` CSS pixels wide at most and never wider than
  the output area, with fonts of 12 to 16 px;
- sliders update on release (``continuous_update=False``): a drag sends one
  value, never a pile of stale recomputations;
- a value the controls allow never shows a traceback: if a figure cannot be
  drawn, a short message says so;
- every text is English in the spec and translated when the explorer is
  built (:func:`mtolab.i18n.tr`), and every value shown is written by
  :func:`mtolab.i18n.number`: ``mtolab.set_language("nb")`` before an app
  gives a Norwegian explorer.  A text with numbers in it is a
  :class:`mtolab.i18n.Phrase`, translated whole.

An explorer is an ``ipywidgets.VBox`` with the CSS class
``mtolab-explorer``; its figure is in an ``Output`` widget with the class
``mtolab-figure``.  The browser tests and benchmarks find explorers by these
classes.
"""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as widgets
import matplotlib
import numpy as np
from IPython.display import HTML, display
from matplotlib.figure import Figure

from mtolab.i18n import Phrase, language, number, phrase, tr

__all__ = [
    "Choice",
    "Remark",
    "Explorer",
    "ExplorerSpec",
    "FIGURE_STYLE",
    "FIGURE_WIDTH",
    "Group",
    "Slider",
    "SVGFigure",
    "count",
    "title",
    "explorer_style",
    "fixed_ticks",
    "key",
    "new_figure",
    "render_svg",
]

#: Widest an explorer's figure is drawn, in CSS pixels (it shrinks to fit narrower areas).
FIGURE_WIDTH = 880
#: CSS pixels per inch: matplotlib sizes in inches, the browser in CSS pixels.
CSS_DPI = 96
#: Matplotlib settings of every explorer figure: readable sizes (pt; 11 pt is 15 CSS px),
#: text left to the browser in SVG, reproducible SVG output.
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


# -------------------------------------------------------------------- controls
#: Units written in the singular beside a value of exactly 1.
SINGULAR = {"weeks": "week", "groups": "group", "components": "component",
            "choices": "choice"}


@dataclass(frozen=True)
class Slider:
    """A numeric control: a value between ``low`` and ``high`` in steps of ``step``.

    Parameters
    ----------
    name : str
        Keyword of the explorer's ``figure`` function.
    label : str
        What it sets, in words (shown above the track).
    value, low, high, step : int or float
        Default, range and step; all ``int`` makes an integer slider.
    unit : str
        Unit shown after the value ("weeks", "€/unit", ...).
    fmt : str
        d3 format of the value (".2f", "+.0%", "d", ...).
    tooltip : str
        One sentence on what the setting means.
    """

    name: str
    label: str
    value: float
    low: float
    high: float
    step: float
    unit: str = ""
    fmt: str = ".2f"
    tooltip: str = ""

    def unit_for(self, value) -> str:
        """The unit beside ``value``: singular at exactly 1 ("1 week", "1 uke")."""
        return SINGULAR.get(self.unit, self.unit) if value == 1 else self.unit

    @property
    def integer(self) -> bool:
        return all(isinstance(v, int) for v in (self.value, self.low, self.high, self.step))

    @property
    def extremes(self) -> tuple:
        return (self.low, self.high)

    def values(self) -> list:
        """Every value the slider offers, from ``low`` to ``high``."""
        n = int(round((self.high - self.low) / self.step))
        vals = [self.low + k * self.step for k in range(n + 1)]
        return vals if self.integer else [round(float(v), 10) for v in vals]

    @property
    def readout_format(self) -> str:
        """Format of the value beside the track (d3's, which Python's reads the same way)."""
        return "d" if self.integer and self.fmt == ".2f" else self.fmt

    def readout(self, value) -> str:
        """``value`` as the readout shows it, in the chosen language's digits."""
        return number(int(value) if self.integer else float(value), fmt=self.readout_format)

    def widget(self):
        cls = widgets.IntSlider if self.integer else widgets.FloatSlider
        return cls(value=self.value, min=self.low, max=self.high, step=self.step,
                   readout_format=self.readout_format,
                   continuous_update=False, tooltip=tr(self.tooltip),
                   layout=widgets.Layout(flex="1 1 auto", width="auto", min_width="260px"))


@dataclass(frozen=True)
class Choice:
    """A choice between a few named options.

    Parameters
    ----------
    name : str
        Keyword of the explorer's ``figure`` function.
    label : str
        What it chooses, in words.
    options : tuple of (str, object)
        Label shown and value passed, for each option.
    value : object
        The default value.
    tooltip : str
        One sentence on what the choice means.
    """

    name: str
    label: str
    options: tuple
    value: object
    tooltip: str = ""
    unit: str = ""

    @property
    def extremes(self) -> tuple:
        return tuple(value for _, value in self.options)

    def widget(self):
        return widgets.Dropdown(options=[(tr(label), value) for label, value in self.options],
                                value=self.value, tooltip=tr(self.tooltip),
                                layout=widgets.Layout(width="auto", min_width="260px"))


@dataclass(frozen=True)
class Group:
    """Controls that change the same thing (the market, the forecast, the costs ...)."""

    title: str
    controls: tuple


@dataclass(frozen=True)
class ExplorerSpec:
    """Everything an explorer is: its text, its controls and its figure.

    Parameters
    ----------
    name : str
        Short name, e.g. ``"cost"`` (the app factory is ``cost_app``).
    lesson : str
        Lesson that shows it ("00" to "05").
    title, explanation : str
        Heading, and one or two sentences on what to try (HTML allowed).
    groups : tuple of Group
        The controls.
    figure : callable
        ``figure(**values) -> matplotlib.figure.Figure``: computes with
        :mod:`mtolab.analysis` and draws with a pure drawing function.
    inactive : callable or None
        ``inactive(**values) -> {control name: reason}``: the controls that
        do not apply to these values (disabled), and why (shown as a note);
        a :class:`Remark` shows the note but leaves the control enabled.
    prepare : callable or None
        Called once when an app is made (warms caches so that sliders answer
        quickly).
    progress : bool
        ``figure`` takes ``progress=callable(done, total)`` and the app shows
        a progress bar.
    """

    name: str
    lesson: str
    title: str
    explanation: str
    groups: tuple
    figure: Callable[..., Figure]
    inactive: Callable[..., dict] | None = None
    prepare: Callable[[], None] | None = None
    progress: bool = False
    controls: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        controls = {c.name: c for g in self.groups for c in g.controls}
        object.__setattr__(self, "controls", controls)

    @property
    def defaults(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    @property
    def sliders(self) -> dict:
        return {name: c for name, c in self.controls.items() if isinstance(c, Slider)}

    def draw(self, **changes) -> Figure:
        """The figure at the default values with some of them changed."""
        unknown = set(changes) - set(self.controls)
        if unknown:
            raise ValueError(f"{self.name} has no control {sorted(unknown)[0]!r}")
        return self.figure(**(self.defaults | changes))

    def notes(self, **values) -> dict:
        """{control name: why it does not apply} for these values."""
        return dict(self.inactive(**values)) if self.inactive else {}


class Remark(Phrase):
    """A note for a control that still applies (``ExplorerSpec.inactive`` may return one).

    A plain string disables the control; a ``Remark`` only shows the note,
    for a control that does nothing in part of its range (it must stay
    movable, to go back).  Like a :class:`mtolab.i18n.Phrase` it may have
    fields: ``Remark("From {weeks} weeks on ...", weeks=4)``.
    """


# --------------------------------------------------------------------- figures
def explorer_style(draw):
    """Decorator: draw under :data:`FIGURE_STYLE`, so a figure looks the same anywhere."""
    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(FIGURE_STYLE):
            return draw(*args, **kwargs)

    return styled


def new_figure(height: int = 380, *, ncols: int = 1, left: int = 76, right: int = 24,
               top: int = 44, bottom: int = 58, wspace: float = 0.25):
    """A figure for an explorer, :data:`FIGURE_WIDTH` CSS pixels wide.

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
        ``axes`` is one Axes when ``ncols == 1``, else an array of them.
    """
    with matplotlib.rc_context(FIGURE_STYLE):
        fig = Figure(figsize=(FIGURE_WIDTH / CSS_DPI, height / CSS_DPI), dpi=CSS_DPI)
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
        return {"image/svg+xml": self.data, "text/plain": "<explorer figure>"}


def fixed_limits(compute: Callable[..., tuple], spec_controls: dict, names) -> tuple:
    """The union of ``compute(**values)`` limits over every corner of some sliders.

    ``compute`` returns a tuple of upper limits (one per quantity); the
    result is their maximum over all combinations of the extremes of the
    sliders ``names`` (the other controls at their defaults).  Axes set from
    this do not move when a slider moves.
    """
    import itertools

    defaults = {n: c.value for n, c in spec_controls.items()}
    ends = [spec_controls[n].extremes for n in names]
    tops = [compute(**(defaults | dict(zip(names, combo, strict=True))))
            for combo in itertools.product(*ends)]
    return tuple(np.max(np.asarray(tops, dtype=float), axis=0))


# --------------------------------------------------------------------- the app
CONTROL_CSS = "<style>.mtolab-note{color:#555;font-size:0.9em;font-style:italic;" \
              "line-height:1.3;margin:0 0 4px 0}</style>"


class Explorer(widgets.VBox):
    """An explorer: the widgets of an :class:`ExplorerSpec`, redrawn on every change.

    Parameters
    ----------
    spec : ExplorerSpec
        What to show.

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The control widgets, by keyword of ``spec.figure``.
    notes : dict of str to ipywidgets.HTML
        The note under each control (empty unless it does not apply).
    output : ipywidgets.Output
        Where the figure is shown.
    """

    def __init__(self, spec: ExplorerSpec):
        if not isinstance(spec, ExplorerSpec):
            raise TypeError(f"spec must be an ExplorerSpec, got {type(spec).__name__}")
        self.spec = spec
        if spec.prepare is not None:
            spec.prepare()
        self.controls, self.notes, groups = {}, {}, []
        for group in spec.groups:
            rows = [widgets.HTML(f"<b>{html.escape(tr(group.title))}</b>")]
            for control in group.controls:
                rows.append(self._row(control))
            groups.append(widgets.VBox(rows, layout=widgets.Layout(
                border="1px solid #e0e0e0", padding="2px 10px 6px 10px")))
        panel = widgets.GridBox(groups, layout=widgets.Layout(
            grid_template_columns="repeat(auto-fit, minmax(400px, 1fr))", grid_gap="8px",
            width="100%"))
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description=tr("computing"),
                                            bar_style="info",
                                            layout=widgets.Layout(display="none"))
        self.output = widgets.Output(layout=widgets.Layout(max_width=f"{FIGURE_WIDTH}px"))
        self.output.add_class("mtolab-figure")
        header = widgets.HTML(f"{CONTROL_CSS}<h4 style='margin:0'>{tr(spec.title)}</h4>"
                              f"<p style='max-width:{FIGURE_WIDTH}px'>{tr(spec.explanation)}</p>")
        children = [header, panel, self.output]
        if spec.progress:
            children.insert(2, self.progress)
        super().__init__(children)
        self.add_class("mtolab-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    def _row(self, control):
        widget = control.widget()
        self.controls[control.name] = widget
        label = widgets.HTML(f"<span title='{html.escape(tr(control.tooltip))}'>"
                             f"{html.escape(tr(control.label))}</span>")
        slider = isinstance(control, Slider)

        def unit_text(value) -> str:
            return html.escape(tr(control.unit_for(value) if slider else control.unit))

        unit = widgets.HTML(unit_text(widget.value),
                            layout=widgets.Layout(width="7.5em", flex="0 0 auto"))
        if slider and control.unit in SINGULAR and control.low <= 1 <= control.high:
            widget.observe(lambda change: setattr(unit, "value", unit_text(change["new"])),
                           names="value")
        note = widgets.HTML("", layout=widgets.Layout(display="none"))
        note.add_class("mtolab-note")
        self.notes[control.name] = note
        parts = [widget, unit]
        if isinstance(control, Slider) and language() != "en":
            # The browser writes the readout with d3's English digits: show our own.
            widget.readout = False
            readout = widgets.Label(control.readout(widget.value), layout=widgets.Layout(
                flex="0 0 auto", min_width="3.2em", margin="0 6px 0 4px", display="flex",
                justify_content="flex-end"))  # right-aligned, beside its unit
            readout.add_class("mtolab-readout")
            widget.observe(lambda change, c=control, r=readout: setattr(
                r, "value", c.readout(change["new"])), names="value")
            parts.insert(1, readout)
        line = widgets.HBox(parts, layout=widgets.Layout(align_items="center"))
        return widgets.VBox([label, line, note], layout=widgets.Layout(margin="2px 0"))

    @property
    def values(self) -> dict:
        """Current control values, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change):
        self.redraw()

    def _report(self, done, total):
        """Progress of a long computation: the bar shows from the first report on."""
        if self.progress.layout.display == "none":
            self.progress.layout.display = "flex"
        if done == total or done - self.progress.value >= total / 25 or done < self.progress.value:
            self.progress.max = total
            self.progress.value = done

    def _update_notes(self, values):
        notes = self.spec.notes(**values)
        for name, widget in self.controls.items():
            reason = notes.get(name)
            disable = bool(reason) and not isinstance(reason, Remark)
            if widget.disabled != disable:
                widget.disabled = disable
            note = self.notes[name]
            text = html.escape(tr(reason)) if reason else ""
            if note.value != text:
                note.value = text
                note.layout.display = "block" if reason else "none"

    def redraw(self):
        """Recompute and show the figure for the current control values."""
        values = self.values
        try:
            if self.spec.progress:
                try:
                    fig = self.spec.figure(**values, progress=self._report)
                finally:
                    if self.progress.layout.display != "none":
                        self.progress.layout.display = "none"
            else:
                fig = self.spec.figure(**values)
            svg = render_svg(fig)
            self._update_notes(values)
        except Exception as exc:  # noqa: BLE001 - shown to the learner, not raised
            self.output.clear_output(wait=True)
            with self.output:
                display(HTML("<p style='color:#b00'>" + html.escape(phrase(
                    "This combination could not be drawn: {error}. Move a control to try "
                    "another.", error=str(exc))) + "</p>"))
            return
        self.output.clear_output(wait=True)
        with self.output:
            display(SVGFigure(svg))
