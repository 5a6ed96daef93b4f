"""Lesson 00's warm-up explorer: the drawing of a demand series."""

import numpy as np

from mtolab.analysis import demand_series
from mtolab.presets import preset
from mtolab.widgets.intro import WARM_UP, draw_demand_series


def test_draws_the_series_and_names_its_numbers_with_units():
    series = demand_series(preset("warm-up", demand={"surge_factor": 2.0}))
    fig = draw_demand_series(series, y_max=150.0)
    (ax,) = fig.axes
    steps = ax.patches[0]
    np.testing.assert_array_equal(steps.get_data().values, series["demand"].to_numpy())
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), series["expected"].to_numpy())
    assert f"{int(series['demand'].sum()):,} units ordered" in ax.get_title(loc="left")
    assert f"{int(series['demand'].max())} in the busiest week" in ax.get_title(loc="left")
    assert ax.get_ylim() == (0.0, 150.0) and "per week" in ax.get_ylabel()


def test_the_fixed_axis_holds_the_busiest_week_at_every_corner():
    top = WARM_UP.draw().axes[0].get_ylim()[1]
    mean, trend, season, surge = (WARM_UP.controls[n] for n in WARM_UP.controls)
    worst = demand_series(preset("warm-up", demand={
        "mean": mean.high, "trend": trend.high, "seasonal_amplitude": season.high,
        "surge_factor": surge.high}))
    assert worst.to_numpy().max() < top < 2 * worst.to_numpy().max()
