"""Analytic inventory formulas against textbook values and independent computations."""

import math

import numpy as np
import pytest

from mtolab.inventory import (
    eoq,
    epq,
    newsvendor_critical_fractile,
    newsvendor_normal,
    newsvendor_poisson,
    normal_loss,
    poisson_loss,
    pooled_safety_stock,
    reorder_point,
    safety_stock,
)

# ---------------------------------------------------------------------------
# Published table values (standard normal loss table printed in operations
# management texts, e.g. Cachon & Terwiesch, Nahmias: L(z) to 4 decimals).
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("z", "table"),
    [(-2.0, 2.0085), (-1.0, 1.0833), (0.0, 0.3989), (0.5, 0.1978), (1.0, 0.0833),
     (2.0, 0.0085)],
)
def test_normal_loss_matches_standard_normal_loss_table(z, table):
    assert normal_loss(z) == pytest.approx(table, abs=5e-5)


def test_normal_loss_array_matches_scalar():
    zs = np.array([[-1.0, 0.0], [1.0, 2.5]])
    out = normal_loss(zs)
    assert out.shape == zs.shape
    assert out.ravel().tolist() == pytest.approx([normal_loss(float(z)) for z in zs.ravel()])


def test_safety_stock_textbook_z_for_95_percent():
    # z_0.95 = 1.645 (normal table); sigma = 10 per period, L = 4: 1.645 * 10 * 2.
    assert safety_stock(0.95, 10.0, 4.0) == pytest.approx(32.9, abs=0.01)
    assert reorder_point(0.95, 100.0, 10.0, 4.0) == pytest.approx(432.9, abs=0.01)


def test_mm1_style_hand_worked_eoq():
    # Hand-worked: D = 1000 units/year, K = 100 per order, h = 5 per unit-year:
    # Q* = sqrt(2 * 100 * 1000 / 5) = 200, 5 orders a year, cost 500 + 500.
    r = eoq(1000.0, 100.0, 5.0)
    assert (r.quantity, r.orders_per_period, r.cycle_time) == pytest.approx((200.0, 5.0, 0.2))
    assert r.total_cost_per_period == pytest.approx(1000.0)


def test_newsvendor_hand_worked_snyder_shen_parameters():
    r = newsvendor_normal(50.0, 8.0, underage_cost=0.70, overage_cost=0.18)
    assert r.critical_fractile == pytest.approx(0.70 / 0.88)
    assert r.quantity == pytest.approx(56.6, abs=0.05)


def test_square_root_law():
    r = pooled_safety_stock(4, 0.95, 10.0, 1.0)
    assert r.pooled == pytest.approx(r.separate / 2.0)
    assert newsvendor_critical_fractile(3.0, 1.0) == 0.75
    assert newsvendor_poisson(4.0, 1.0, 1.0).quantity == 4
    assert poisson_loss(1, 1.0) == pytest.approx(math.exp(-1.0))
    assert epq(1000.0, 2000.0, 50.0, 1.0).quantity == pytest.approx(math.sqrt(2 * 50 * 1000 / 0.5))
