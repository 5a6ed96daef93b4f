"""Lesson 03's explorers and figure: the drawings of lead times, load and a surge."""

import numpy as np

from mtolab import Scenario
from mtolab.analysis import lead_time_against_utilisation, lead_time_distribution, surge_response
from mtolab.presets import preset
from mtolab.widgets.mto import (
    LONGEST_SHOWN,
    draw_lead_time_against_utilisation,
    draw_lead_time_distribution,
    draw_surge_response,
)


def test_late_units_are_hatched_and_the_last_bar_holds_every_longer_wait():
    lt = lead_time_distribution(preset("workshop", demand={"mean": 8.0}))
    fig = draw_lead_time_distribution(lt)
    (ax,) = fig.axes
    on_time, late = ax.patches[:2]
    assert late.get_hatch() and not on_time.get_hatch()
    shown = on_time.get_data().values + late.get_data().values
    assert len(shown) == LONGEST_SHOWN + 1
    assert shown[-1] == lt.shares.to_numpy()[LONGEST_SHOWN:].sum() > 0
    assert shown.sum() == np.float64(lt.shares.sum()) or abs(shown.sum() - 100) < 1e-9
    assert (late.get_data().values[: lt.max_wait + 1] == 0).all()
    assert f"{LONGEST_SHOWN}+" in [t.get_text() for t in ax.texts]
    assert ax.get_ylim() == (0.0, 100.0)
    assert "Overloaded" in fig.texts[-1].get_text()


def test_the_utilisation_figure_draws_both_formulas_and_the_simulation():
    frame = lead_time_against_utilisation(Scenario(capacity=2.0, n_replications=20),
                                          utilisations=(0.5, 0.95))
    fig = draw_lead_time_against_utilisation(frame, max_wait=4)
    (ax,) = fig.axes
    assert "utilisation" in ax.get_xlabel() and "weeks" in ax.get_ylabel()
    assert len(ax.lines) == 5  # two formulas, the points, the minimum, the accepted wait
    np.testing.assert_allclose(ax.lines[2].get_ydata(), frame["simulated"])


def test_the_surge_draws_what_waits_apart_from_what_is_being_made():
    frame = surge_response(preset("surge"))
    fig = draw_surge_response(frame, y_max=400.0)
    (ax,) = fig.axes
    for line, column in zip(ax.lines, ["MTS stock", "MTS waiting", "MTO waiting",
                                       "MTO in production"], strict=True):
        np.testing.assert_allclose(line.get_ydata(), frame[column])
    keys = " ".join(t.get_text() for t in fig.texts)
    assert "waiting for\nparts or capacity" in keys and "MTS to\nrefill its stock" in keys
