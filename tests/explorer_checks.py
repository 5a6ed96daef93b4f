"""Helpers for the explorer tests (tests/test_widgets_*.py)."""

import itertools

from IPython.display import HTML, Image


def sliders(app) -> dict:
    """The explorer's numeric controls (those with a minimum and maximum), by keyword."""
    return {name: c for name, c in app.controls.items() if hasattr(c, "min")}


def corners(app) -> list[dict]:
    """Every combination of each slider's minimum and maximum, as keyword values."""
    names = list(sliders(app))
    ends = [(c.min, c.max) for c in sliders(app).values()]
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*ends)]


def png_of(shown) -> bytes:
    """The PNG bytes of the last figure shown (fails on an error message)."""
    assert shown and isinstance(shown[-1], Image), shown[-1:]
    assert not any(isinstance(item, HTML) for item in shown)
    return shown[-1].data
