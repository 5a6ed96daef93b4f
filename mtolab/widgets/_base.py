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

import html
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from IPython.display import HTML, display
from matplotlib.figure import Figure

from mtolab.figures import (  # the figure frame, shared with the lessons' static figures
    FIGURE_STYLE,
    FIGURE_WIDTH,
    SVGFigure,
    count,
    explorer_style,
    fixed_ticks,
    key,
    new_figure,
    render_svg,
    title,
)
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
