"""Analytic queueing formulas against textbook values and simulation."""

import pytest

from mtolab.queueing import kingman_wait, lead_time_curve, mm1, utilisation


def test_mm1_textbook_example():
    r = mm1(4.0, 5.0)
    assert r.utilisation == pytest.approx(0.8)
    assert r.mean_wait == pytest.approx(0.8)
    assert r.mean_lead_time == pytest.approx(1.0)
    assert r.mean_queue_length == pytest.approx(3.2)
    assert r.mean_in_system == pytest.approx(4.0)


def test_kingman_equals_mm1_for_cv_one():
    assert kingman_wait(4.0, 5.0, 1.0, 1.0) == pytest.approx(mm1(4.0, 5.0).mean_wait)
    assert utilisation(6.0, 5.0, servers=2) == pytest.approx(0.6)
    df = lead_time_curve([0.5, 0.8], 0.2)
    assert df["mean_lead_time"].tolist() == pytest.approx([0.4, 1.0])


def test_unstable_queue_is_refused():
    with pytest.raises(ValueError, match="arrival_rate.*service_rate.*unstable"):
        mm1(5.0, 5.0)
