"""The standard figures and colours, and the figure checks the explorer tests rely on."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from explorer_checks import (  # noqa: E402
    legends_over_data,
    off_palette_colours,
    overlaps,
    strategy_labels_off_colour,
)
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from mtolab import (  # noqa: E402
    Scenario,
    cheapest_strategy_grid,
    compare_strategies,
    plot_cost_breakdown,
    plot_inventory,
    plot_lead_times,
    plot_strategy_map,
)
from mtolab.costs import COST_COMPONENTS  # noqa: E402
from mtolab.plots import (  # noqa: E402
    COST_STYLES,
    NOT_FAST_ENOUGH,
    OKABE_ITO,
    STRATEGY_COLORS,
    STRATEGY_MARKERS,
)
from mtolab.widgets._base import key  # noqa: E402

COMP = compare_strategies(Scenario(n_periods=40, n_replications=30, forecast_noise=0.5))


def _labelled(ax):
    assert ax.get_title() and ax.get_xlabel()
    assert ax.get_ylabel()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


# ------------------------------------------------------------------- colours
def test_one_okabe_ito_colour_and_marker_per_strategy():
    assert set(STRATEGY_COLORS) == set(STRATEGY_MARKERS) == {"MTS", "ATO", "MTO", "Hybrid"}
    assert set(STRATEGY_COLORS.values()) <= set(OKABE_ITO.values())
    assert len(set(STRATEGY_COLORS.values())) == 4 and len(set(STRATEGY_MARKERS.values())) == 4


def test_cost_components_are_greys_with_distinct_styles_not_strategy_colours():
    assert tuple(COST_STYLES) == COST_COMPONENTS
    for style in COST_STYLES.values():
        r, g, b = to_rgb(style["facecolor"])
        assert max(r, g, b) - min(r, g, b) < 0.01, style  # a grey
    looks = {(s["facecolor"], s["hatch"]) for s in COST_STYLES.values()}
    assert len(looks) == len(COST_STYLES)


@pytest.mark.parametrize("plot", [
    lambda: plot_inventory(COMP.results["MTS"]).figure,
    lambda: plot_lead_times({k: COMP.results[k] for k in ("ATO", "MTO")}, max_wait=2).figure,
    lambda: plot_cost_breakdown(COMP.summary).figure,
], ids=["inventory", "lead times", "cost breakdown"])
def test_standard_figures_use_the_palette_and_keep_legends_off_the_data(plot):
    fig = plot()
    assert off_palette_colours(fig) == []
    assert strategy_labels_off_colour(fig) == []
    assert legends_over_data(fig) == []


# ---------------------------------------------------------- the figure checks
def test_the_checks_see_overlapping_texts_cut_off_texts_and_covered_data():
    fig = Figure(figsize=(4, 3), dpi=96)
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], color="#1f77b4", label="MTS")  # matplotlib blue: not Okabe-Ito
    ax.text(0.5, 0.5, "one text")
    ax.text(0.52, 0.5, "another")
    fig.text(0.98, 0.5, "beyond the edge")
    ax.legend(loc="center")
    problems = overlaps(fig)
    assert any("overlaps" in p for p in problems)
    assert any("cut off" in p for p in problems)
    assert legends_over_data(fig) != []
    assert off_palette_colours(fig) != []
    assert strategy_labels_off_colour(fig) != []


def test_a_key_sits_beside_the_axes_and_keeps_its_handles_colours():
    fig = Figure(figsize=(8, 3), dpi=96)
    ax = fig.subplots()
    fig.subplots_adjust(right=0.7)
    handles = [Line2D([], [], color=STRATEGY_COLORS[s], label=f"{s}: a line") for s in
               STRATEGY_COLORS]
    texts = key(ax, handles, title="strategies", note="a note\nof two lines")
    assert len(texts) == 6
    assert overlaps(fig) == [] and legends_over_data(fig) == []
    assert strategy_labels_off_colour(fig) == [] and off_palette_colours(fig) == []
    wrong = Figure(figsize=(8, 3), dpi=96)
    wax = wrong.subplots()
    wrong.subplots_adjust(right=0.7)
    key(wax, [Line2D([], [], color=STRATEGY_COLORS["MTO"], label="MTS: wrong colour")])
    assert strategy_labels_off_colour(wrong) != []


# ----------------------------------------------------------- standard figures
def test_inventory_plot_draws_stock_and_backlog():
    res = COMP.results["MTS"]
    ax = plot_inventory(res, replication=3)
    _labelled(ax)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_ydata(), res.fg_inventory[3])
    assert "units" in ax.get_ylabel()
    ato = plot_inventory(COMP.results["ATO"])
    assert any("components" in t.get_text() for t in ato.get_legend().get_texts())


def test_lead_time_plot_shares_sum_to_100_per_strategy():
    ax = plot_lead_times({k: COMP.results[k] for k in ("ATO", "MTO")}, max_wait=2)
    _labelled(ax)
    bars = ax.containers
    assert len(bars) == 2
    for container in bars:
        assert sum(b.get_height() for b in container) == pytest.approx(100.0)
    assert "weeks" in ax.get_xlabel()


def test_cost_breakdown_stacks_to_the_total():
    ax = plot_cost_breakdown(COMP.summary)
    _labelled(ax)
    assert "per unit sold" in ax.get_ylabel()
    totals = [float(t.get_text()) for t in ax.texts]
    expected = COMP.summary.loc["total cost", ["MTS", "ATO", "MTO", "Hybrid"]].to_numpy(float)
    np.testing.assert_allclose(totals, expected, atol=0.051)


def test_strategy_map_colours_each_cell_and_marks_cells_where_none_is_fast_enough():
    grid = cheapest_strategy_grid(Scenario(n_periods=30, n_replications=20), "forecast_noise",
                                  [0.0, 2.0], "max_wait", [0, 4], strategies=["ATO", "MTO"])
    assert NOT_FAST_ENOUGH in set(grid.to_numpy().ravel())
    ax = plot_strategy_map(grid)
    assert "relative standard deviation" in ax.get_xlabel()
    assert "weeks" in ax.get_ylabel()
    mesh = ax.collections[0]
    assert mesh.get_array().size == 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [*STRATEGY_COLORS, NOT_FAST_ENOUGH]  # always all: the key never moves
    assert ax.get_xlim() == (0.0, 2.0)  # the map spans the values computed
    assert off_palette_colours(ax.figure) == []


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: plot_inventory("x"), TypeError, "result"),
        (lambda: plot_inventory(COMP.results["MTS"], replication=30), ValueError,
         "replication"),
        (lambda: plot_lead_times({}), TypeError, "results"),
        (lambda: plot_cost_breakdown([1, 2]), TypeError, "summary"),
        (lambda: plot_strategy_map(np.zeros((2, 2))), TypeError, "grid"),
    ],
)
def test_bad_input_names_the_parameter(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()
