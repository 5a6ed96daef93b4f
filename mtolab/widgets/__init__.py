"""Explorers for the lessons: one ``*_app()`` factory per explorer.

Each factory returns an :class:`Explorer` (an ``ipywidgets.VBox``) whose
figure is redrawn when a control is released.  A lesson cell only calls
one, e.g.::

    from mtolab.widgets import lead_time_app
    lead_time_app()

The computation behind every explorer is a pure function in the same
module, tested without widgets.
"""

from mtolab.widgets._base import Explorer
from mtolab.widgets.ato import pooling_app
from mtolab.widgets.choice import cost_app, strategy_map_app
from mtolab.widgets.intro import demand_app
from mtolab.widgets.mto import lead_time_app, surge_app
from mtolab.widgets.mts import forecast_error_app, forecast_methods_app
from mtolab.widgets.strategies import strategy_app

__all__ = [
    "Explorer",
    "cost_app",
    "demand_app",
    "forecast_error_app",
    "forecast_methods_app",
    "lead_time_app",
    "pooling_app",
    "strategy_app",
    "strategy_map_app",
    "surge_app",
]
