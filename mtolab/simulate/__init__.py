"""Discrete-period simulations of the production strategies."""

from mtolab.simulate._core import SimResult, combine_results, lead_time_histogram
from mtolab.simulate.ato import simulate_ato
from mtolab.simulate.hybrid import simulate_hybrid
from mtolab.simulate.mto import simulate_mto
from mtolab.simulate.mts import simulate_mts

__all__ = [
    "SimResult",
    "combine_results",
    "lead_time_histogram",
    "simulate_ato",
    "simulate_hybrid",
    "simulate_mto",
    "simulate_mts",
]
