"""Explorers for the lessons: one ``*_app()`` factory per explorer.

Each explorer is declared by an :class:`ExplorerSpec` (its controls and a
pure figure function) in the module of its lesson, computes with
:mod:`mtolab.analysis`, draws with a pure function of that module, and is
made into widgets by :class:`Explorer`.  A lesson cell only calls the app,
e.g.::

    from mtolab.widgets import lead_time_app
    lead_time_app()

:data:`EXPLORERS` lists every explorer of the course, so that one test can
check them all.
"""

from mtolab.widgets._base import Explorer, ExplorerSpec
from mtolab.widgets.ato import POOLING, pooling_app
from mtolab.widgets.choice import COSTS, MAP, cost_app, strategy_map_app
from mtolab.widgets.customisation import CUSTOMISATION, customisation_app
from mtolab.widgets.intro import WARM_UP, demand_app
from mtolab.widgets.mto import LEAD_TIME, SURGE, lead_time_app, surge_app
from mtolab.widgets.mts import FORECAST_ERROR, FORECASTING, forecast_error_app, forecast_methods_app
from mtolab.widgets.strategies import OVERVIEW, strategy_app

#: Every explorer of the course, in lesson order.
EXPLORERS = (WARM_UP, OVERVIEW, FORECASTING, FORECAST_ERROR, LEAD_TIME, SURGE, POOLING, COSTS,
             MAP, CUSTOMISATION)

__all__ = [
    "EXPLORERS",
    "Explorer",
    "ExplorerSpec",
    "cost_app",
    "customisation_app",
    "demand_app",
    "forecast_error_app",
    "forecast_methods_app",
    "lead_time_app",
    "pooling_app",
    "strategy_app",
    "strategy_map_app",
    "surge_app",
]
