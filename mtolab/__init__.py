"""mtolab: simulate and compare make-to-stock, make-to-order, assemble-to-order
and hybrid production strategies.

The public API is re-exported here, so a lesson needs only ``import mtolab``
or ``from mtolab import ...``:

- demand: :class:`DemandPattern`, :class:`ProductFamily`, :func:`generate_demand`
- forecasting and forecast error: :func:`forecast`, :func:`noisy_forecast`,
  :func:`error_metrics` and the single metrics
- simulations: :func:`simulate_mts`, :func:`simulate_mto`, :func:`simulate_ato`,
  :func:`simulate_hybrid`
- costs and KPIs: :class:`CostModel`, :func:`kpi_table`
- one scenario, every strategy: :class:`Scenario`, :func:`compare_strategies`,
  :func:`cheapest_strategy_grid`
- plots: ``plot_*``; explorers: :mod:`mtolab.widgets`
"""

from mtolab.costs import KPI_UNITS, CostModel, cost_breakdown, kpi_table
from mtolab.demand import DemandPattern, ProductFamily, expected_demand, generate_demand
from mtolab.forecast import (
    bias,
    error_metrics,
    exponential_smoothing,
    forecast,
    forecast_errors,
    mad,
    mape,
    moving_average,
    mse,
    naive,
    noisy_forecast,
    rmse,
    tracking_signal,
)
from mtolab.plots import (
    STRATEGY_COLORS,
    plot_cost_breakdown,
    plot_inventory,
    plot_lead_times,
    plot_strategy_map,
)
from mtolab.scenario import (
    STRATEGIES,
    Comparison,
    Scenario,
    cheapest_strategy_grid,
    compare_strategies,
)
from mtolab.simulate import (
    SimResult,
    lead_time_histogram,
    simulate_ato,
    simulate_hybrid,
    simulate_mto,
    simulate_mts,
)

__version__ = "0.1.0"

__all__ = [
    "KPI_UNITS",
    "STRATEGIES",
    "STRATEGY_COLORS",
    "Comparison",
    "CostModel",
    "DemandPattern",
    "ProductFamily",
    "Scenario",
    "SimResult",
    "bias",
    "cheapest_strategy_grid",
    "compare_strategies",
    "cost_breakdown",
    "error_metrics",
    "expected_demand",
    "exponential_smoothing",
    "forecast",
    "forecast_errors",
    "generate_demand",
    "kpi_table",
    "lead_time_histogram",
    "mad",
    "mape",
    "moving_average",
    "mse",
    "naive",
    "noisy_forecast",
    "plot_cost_breakdown",
    "plot_inventory",
    "plot_lead_times",
    "plot_strategy_map",
    "rmse",
    "simulate_ato",
    "simulate_hybrid",
    "simulate_mto",
    "simulate_mts",
    "tracking_signal",
]
