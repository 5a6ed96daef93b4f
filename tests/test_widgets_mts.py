"""Lesson 02's explorers: the drawings of a forecast and of what forecast error costs."""

import numpy as np

from mtolab.analysis import ERROR_COSTS, forecast_accuracy, forecast_error_cost
from mtolab.presets import preset
from mtolab.widgets.mts import COST_RANGE, draw_forecast_accuracy, draw_forecast_error_cost


def test_the_forecast_is_drawn_with_its_error_metrics_beside_it():
    comp = forecast_accuracy(preset("one product"), "exponential_smoothing", alpha=0.3)
    fig = draw_forecast_accuracy(comp, y_max=50.0)
    (ax,) = fig.axes
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), comp.series["forecast"].to_numpy())
    note = fig.texts[-1].get_text()
    for metric in ("bias", "MAD", "MAPE", "RMSE", "tracking signal"):
        assert metric in note
    assert f"{comp.metrics['MAD']:.1f} units" in note
    assert "alpha 0.30" in ax.get_title(loc="left")


def test_error_costs_are_bars_on_a_labelled_log_scale():
    result = forecast_error_cost(preset("one product", forecast_bias=-0.3))
    fig = draw_forecast_error_cost(result)
    (ax,) = fig.axes
    assert ax.get_yscale() == "log" and "log scale" in ax.get_ylabel()
    assert ax.get_ylim() == COST_RANGE
    for steps, row in zip(ax.patches, result.kpis.index, strict=True):
        tops = steps.get_data().values[::2]  # the bars, between the gaps
        values = np.clip(result.kpis.loc[row, list(ERROR_COSTS)].to_numpy(float), *COST_RANGE)
        np.testing.assert_allclose(tops, values)
    assert set(ERROR_COSTS) <= {t.get_text() for t in ax.texts}  # the tick labels
    assert f"{result.extra_cost:+.2f} €" in ax.get_title(loc="left")
