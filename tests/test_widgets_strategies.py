"""Lesson 01's figures: the decoupling point and four strategies side by side."""

import matplotlib.pyplot as plt
import numpy as np

from mtolab.analysis import STRATEGY_TABLE_COLUMNS, kpi_summary, strategy_table
from mtolab.plots import STRATEGY_COLORS
from mtolab.presets import preset
from mtolab.widgets._base import render_svg
from mtolab.widgets.strategies import (
    CHAIN,
    DECOUPLING,
    draw_decoupling_points,
    draw_strategy_table,
)

LEAD, STOCK, ON_TIME, COST = STRATEGY_TABLE_COLUMNS


def test_decoupling_points_move_upstream_from_mts_to_mto():
    assert DECOUPLING["MTS"] > DECOUPLING["ATO"] > DECOUPLING["MTO"] == 0
    assert CHAIN[DECOUPLING["ATO"]].startswith("assemble")
    fig = draw_decoupling_points()
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"MTS", "ATO", "MTO"} <= texts
    assert set(CHAIN) <= texts
    assert "<svg" in render_svg(fig)


def test_one_point_per_strategy_at_its_lead_time_and_stock_with_its_cost_in_the_key():
    table = strategy_table(kpi_summary(preset("four variants")))
    fig = draw_strategy_table(table, max_wait=4)
    (ax,) = fig.axes
    points = [line.get_xydata()[0] for line in ax.lines[: len(table)]]
    np.testing.assert_allclose(points, table[[LEAD, STOCK]].to_numpy())
    keys = [t.get_text() for t in fig.texts if hasattr(t, "_mtolab_handle")]
    for name in table.index:
        assert any(k.startswith(f"{name}: {table.loc[name, COST]:.1f} €") for k in keys)
    assert "customers accept 4 weeks" in keys
    assert ax.get_title(loc="left").endswith(table[COST].idxmin())
    assert [line.get_color() for line in ax.lines[: len(table)]] == [
        STRATEGY_COLORS[s] for s in table.index]


def test_the_lesson_can_draw_on_its_own_axes():
    table = strategy_table(kpi_summary(preset("four variants")))
    fig, ax = plt.subplots(figsize=(9, 3.6))
    assert draw_strategy_table(table, max_wait=4, ax=ax) is fig
    plt.close(fig)


def test_the_decoupling_picture_places_the_industries_and_adds_engineer_to_order():
    import pytest

    from mtolab.cases import INDUSTRIES

    fig = draw_decoupling_points(examples=INDUSTRIES)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert set(INDUSTRIES.values()) <= texts
    assert {"MTS", "ATO", "MTO", "ETO"} <= texts
    plain = {t.get_text() for t in draw_decoupling_points().axes[0].texts}
    assert "ETO" not in plain and not set(INDUSTRIES.values()) & plain
    with pytest.raises(ValueError, match="examples has no strategy 'XYZ'"):
        draw_decoupling_points(examples={"XYZ": "?"})
