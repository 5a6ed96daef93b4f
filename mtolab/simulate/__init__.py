"""Discrete-period simulations of the production strategies."""

from mtolab.simulate._core import SimResult, combine_results, lead_time_histogram
from mtolab.simulate._memory import keep_freed_memory
from mtolab.simulate.ato import simulate_ato
from mtolab.simulate.hybrid import simulate_hybrid
from mtolab.simulate.mto import simulate_mto
from mtolab.simulate.mts import simulate_mts

# Each simulation reuses the memory of the one before (see mtolab.simulate._memory).
MEMORY_KEPT = keep_freed_memory()

__all__ = [
    "SimResult",
    "combine_results",
    "lead_time_histogram",
    "simulate_ato",
    "simulate_hybrid",
    "simulate_mto",
    "simulate_mts",
]
