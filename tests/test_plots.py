"""The standard figures: titled, labelled, drawing the data they are given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mtolab import (  # noqa: E402
    Scenario,
    cheapest_strategy_grid,
    compare_strategies,
    plot_cost_breakdown,
    plot_inventory,
    plot_lead_times,
    plot_strategy_map,
)

COMP = compare_strategies(Scenario(n_periods=40, n_replications=30, forecast_noise=0.5))


def _labelled(ax):
    assert ax.get_title() and ax.get_xlabel()
    assert ax.get_ylabel()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


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


def test_strategy_map_colours_each_cell_and_labels_axes_with_units():
    grid = cheapest_strategy_grid(Scenario(n_periods=30, n_replications=20), "forecast_noise",
                                  [0.0, 2.0], "costs.mto_premium", [0.0, 40.0],
                                  strategies=["MTS", "MTO"])
    ax = plot_strategy_map(grid)
    assert "relative standard deviation" in ax.get_xlabel()
    assert "€" in ax.get_ylabel()
    mesh = ax.collections[0]
    assert mesh.get_array().size == 4
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) == set(grid.to_numpy().ravel())


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
