"""The sliders the explorers share: one label, unit and tooltip per quantity.

The same quantity is named and measured the same way in every explorer
(forecast noise as a relative standard deviation, waits in weeks, money in
euro per unit, holding cost in % of the value per week).
"""

from __future__ import annotations

from mtolab.widgets._base import Slider

__all__ = ["accepted_wait", "euro_per_unit", "forecast_noise", "holding_cost",
           "units_per_week", "weeks"]

NOISE_TIP = ("Spread of the forecast error as a share of demand (0.3: a typical error of "
             "30 %); the planner knows it and holds safety stock for it")
WAIT_TIP = ("Longest wait customers accept before a delivery counts as late; a strategy is "
            "too slow if its 95th percentile lead time is longer")


def forecast_noise(value: float, high: float, step: float = 0.1, *, name: str = "forecast_noise",
                   fmt: str = ".1f") -> Slider:
    """Forecast noise :math:`\\nu`, the relative standard deviation of the forecast error."""
    return Slider(name, "forecast noise", value, 0.0, high, step, "relative sd", fmt, NOISE_TIP)


def accepted_wait(value: int, low: int, high: int, *, name: str = "max_wait") -> Slider:
    """The longest wait customers accept, in weeks."""
    return Slider(name, "customers accept a wait of", value, low, high, 1, "weeks", "d",
                  WAIT_TIP)


def holding_cost(value: float = 0.5) -> Slider:
    """Holding cost per week in % of the value held (the explorer passes ``holding_pct``)."""
    return Slider("holding_pct", "holding cost: share of the value held", value, 0.0, 3.0, 0.25,
                  "% per week", ".2f", "Cost of keeping stock for a week, as a share of its value")


def weeks(name: str, label: str, value: int, low: int, high: int, tooltip: str) -> Slider:
    """A whole number of weeks."""
    return Slider(name, label, value, low, high, 1, "weeks", "d", tooltip)


def units_per_week(name: str, label: str, value: float, low: float, high: float, step: float,
                   tooltip: str, fmt: str = ".1f") -> Slider:
    """A rate in units per week (demand, capacity)."""
    return Slider(name, label, value, low, high, step, "units/week", fmt, tooltip)


def euro_per_unit(name: str, label: str, value: float, high: float, tooltip: str) -> Slider:
    """An amount of euro per unit, from 0 in steps of 1."""
    return Slider(name, label, value, 0.0, high, 1.0, "€/unit", ".0f", tooltip)
