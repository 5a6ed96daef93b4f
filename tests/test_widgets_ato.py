"""Lesson 04's explorer: the drawing of the stock MTS and ATO hold."""

import pytest

from mtolab.analysis import pooling
from mtolab.presets import preset
from mtolab.widgets.ato import draw_pooling


def test_bars_are_the_simulated_stock_and_the_formula_in_units_and_kits():
    result = pooling(preset("PC family", n_replications=10))
    fig = draw_pooling(result, y_max=300.0)
    (ax,) = fig.axes
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([result.stock["MTS"], result.stock["ATO"],
                                     result.safety["MTS"], result.safety["ATO"]])
    assert "units or kits" in ax.get_ylabel()
    labels = [t.get_text() for t in ax.texts]
    assert any(t.startswith("MTS: 9 finished variants") for t in labels)
    assert any(t.startswith("ATO: 7 components") and "(kits)" in t for t in labels)
    assert f"{result.saving:.0f} % less stock" in ax.get_title(loc="left")
    assert "within 1 week" in ax.get_title(loc="left")
