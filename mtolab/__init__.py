"""mtolab: simulate and compare make-to-stock, make-to-order, assemble-to-order
and hybrid production strategies.

The public API is re-exported here, so a lesson needs only ``import mtolab``
or ``from mtolab import ...``:

- demand: :class:`DemandPattern`, :class:`ProductFamily`, :func:`generate_demand`
- forecasting and forecast error: :func:`forecast`, :func:`noisy_forecast`,
  :func:`error_metrics` and the single metrics
- simulations: :func:`simulate_mts`, :func:`simulate_mto`, :func:`simulate_ato`,
  :func:`simulate_hybrid`
- prices, costs and KPIs: :class:`CostModel`, :func:`cost_breakdown`,
  :func:`kpi_table` and the single KPIs (:mod:`mtolab.kpis` defines each)
- one scenario, every strategy: :class:`Scenario`, :func:`compare_strategies`;
  named scenarios: :func:`preset` (:mod:`mtolab.presets`)
- analyses (:mod:`mtolab.analysis`): :func:`kpi_summary`, :func:`strategy_costs`,
  :func:`fast_enough`, :func:`cost_sweep`, :func:`break_even`,
  :func:`cheapest_strategy_grid`
- analytic inventory formulas: :func:`normal_loss`, :func:`poisson_loss`,
  :func:`safety_stock`, :func:`reorder_point`, :func:`newsvendor_normal`,
  :func:`newsvendor_poisson`, :func:`eoq`, :func:`epq`, :func:`pooled_safety_stock`
- analytic queueing formulas: :func:`utilisation`, :func:`mm1`,
  :func:`kingman_wait`, :func:`lead_time_curve`
- plots and colours: ``plot_*``, :data:`STRATEGY_COLORS`; explorers: :mod:`mtolab.widgets`
- the learner's language: :func:`set_language` ("en" or "nb", :mod:`mtolab.i18n`)
"""

from mtolab.analysis import (
    break_even,
    cheapest_strategy_grid,
    cost_sweep,
    fast_enough,
    kpi_summary,
    strategy_costs,
)
from mtolab.costs import CostModel, cost_breakdown, cost_drivers
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
from mtolab.i18n import language, set_language
from mtolab.inventory import (
    EOQResult,
    EPQResult,
    NewsvendorResult,
    PooledSafetyStock,
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
from mtolab.kpis import (
    KPI_UNITS,
    kpi_per_replication,
    kpi_table,
    lead_time_percentile,
    mean_lead_time,
    on_time_rate,
    served_from_stock,
)
from mtolab.plots import (
    OKABE_ITO,
    STRATEGY_COLORS,
    plot_cost_breakdown,
    plot_inventory,
    plot_lead_times,
    plot_strategy_map,
)
from mtolab.presets import PRESETS, preset
from mtolab.queueing import MM1Result, kingman_wait, lead_time_curve, mm1, utilisation
from mtolab.scenario import (
    STRATEGIES,
    Comparison,
    Scenario,
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
    "Comparison",
    "CostModel",
    "DemandPattern",
    "EOQResult",
    "EPQResult",
    "KPI_UNITS",
    "MM1Result",
    "NewsvendorResult",
    "OKABE_ITO",
    "PRESETS",
    "PooledSafetyStock",
    "ProductFamily",
    "STRATEGIES",
    "STRATEGY_COLORS",
    "Scenario",
    "SimResult",
    "bias",
    "break_even",
    "cheapest_strategy_grid",
    "compare_strategies",
    "cost_breakdown",
    "cost_drivers",
    "cost_sweep",
    "eoq",
    "epq",
    "error_metrics",
    "expected_demand",
    "fast_enough",
    "exponential_smoothing",
    "forecast",
    "forecast_errors",
    "generate_demand",
    "kingman_wait",
    "kpi_per_replication",
    "kpi_summary",
    "language",
    "kpi_table",
    "lead_time_percentile",
    "lead_time_curve",
    "lead_time_histogram",
    "mad",
    "mean_lead_time",
    "mape",
    "mm1",
    "moving_average",
    "mse",
    "naive",
    "newsvendor_critical_fractile",
    "newsvendor_normal",
    "newsvendor_poisson",
    "noisy_forecast",
    "normal_loss",
    "on_time_rate",
    "plot_cost_breakdown",
    "plot_inventory",
    "plot_lead_times",
    "plot_strategy_map",
    "poisson_loss",
    "pooled_safety_stock",
    "preset",
    "reorder_point",
    "rmse",
    "safety_stock",
    "served_from_stock",
    "set_language",
    "simulate_ato",
    "simulate_hybrid",
    "simulate_mto",
    "simulate_mts",
    "strategy_costs",
    "tracking_signal",
    "utilisation",
]
