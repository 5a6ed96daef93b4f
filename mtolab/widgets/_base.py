"""The frame every explorer shares: controls, a figure, and safe redraws.

An explorer is an ``ipywidgets.VBox`` with the CSS class
``mtolab-explorer``.  It holds a title and a short explanation, the
controls, and an ``Output`` widget with the class ``mtolab-figure`` that
shows the figure as a PNG.  The browser tests and benchmarks find
explorers by these classes.

Each explorer separates a *pure* computation (control values in, data
out; unit-tested without widgets) from the drawing.  Sliders use
``continuous_update=False``: dragging a slider sends one value when it is
released, so a drag never queues a pile of stale recomputations.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
from IPython.display import HTML, Image, display
from matplotlib.figure import Figure

__all__ = ["Explorer", "float_slider", "int_slider", "new_figure", "render_png"]

DPI = 80
STYLE = {"description_width": "initial"}
LAYOUT = widgets.Layout(width="340px")


def float_slider(description, value, low, high, step, *, fmt=".2f", tooltip=""):
    """A ``FloatSlider`` that updates on release, with a readable label."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=fmt, continuous_update=False, style=STYLE, layout=LAYOUT,
        tooltip=tooltip,
    )


def int_slider(description, value, low, high, step=1, *, tooltip=""):
    """An ``IntSlider`` that updates on release, with a readable label."""
    return widgets.IntSlider(
        value=value, min=low, max=high, step=step, description=description,
        continuous_update=False, style=STYLE, layout=LAYOUT, tooltip=tooltip,
    )


def new_figure(ncols: int = 1, *, width: float = 7.0, height: float = 3.6):
    """A figure for an explorer, with ``ncols`` axes side by side.

    The figure is not registered with pyplot (nothing piles up between
    redraws) and has fixed margins: a tight bounding box would draw every
    figure twice, and redraw speed is what makes an explorer pleasant.

    Returns
    -------
    fig, axes
        ``axes`` is one Axes when ``ncols == 1``, else an array of them.
    """
    fig = Figure(figsize=(width, height), dpi=DPI)
    axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=0.1 if ncols == 1 else 0.07, right=0.97, bottom=0.16, top=0.88,
                        wspace=0.3)
    return fig, axes


def render_png(fig) -> bytes:
    """The figure as PNG bytes (closed afterwards if pyplot made it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    if plt.fignum_exists(getattr(fig, "number", -1)):
        plt.close(fig)
    return buf.getvalue()


class Explorer(widgets.VBox):
    """Controls plus a figure, redrawn whenever a control changes.

    Parameters
    ----------
    title : str
        Heading shown above the controls.
    explanation : str
        One or two sentences (HTML allowed) on what to try.
    controls : dict of str to ipywidgets.ValueWidget
        Keyword name for ``figure`` -> control.
    figure : callable
        ``figure(**values) -> matplotlib.figure.Figure``, built from a pure
        computation of the control values.
    """

    def __init__(self, title: str, explanation: str, controls: dict,
                 figure: Callable[..., matplotlib.figure.Figure]):
        self.controls = dict(controls)
        self._figure = figure
        self.output = widgets.Output()
        self.output.add_class("mtolab-figure")
        header = widgets.HTML(f"<h4 style='margin:0'>{title}</h4><p>{explanation}</p>")
        panel = widgets.GridBox(
            list(self.controls.values()),
            layout=widgets.Layout(grid_template_columns="repeat(2, 360px)"),
        )
        super().__init__([header, panel, self.output])
        self.add_class("mtolab-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    @property
    def values(self) -> dict:
        """Current control values, by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change):
        self.redraw()

    def redraw(self):
        """Recompute and show the figure for the current control values."""
        with matplotlib.rc_context({"figure.dpi": DPI}):
            try:
                png = render_png(self._figure(**self.values))
            except Exception as exc:  # noqa: BLE001 - shown to the learner, not raised
                self.output.clear_output(wait=True)
                with self.output:
                    display(HTML(
                        "<p style='color:#b00'>This combination could not be drawn: "
                        f"{type(exc).__name__}: {exc}. Move a control to try another.</p>"
                    ))
                return
        self.output.clear_output(wait=True)
        with self.output:
            display(Image(data=png, format="png"))
