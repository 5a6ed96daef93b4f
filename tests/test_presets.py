"""mtolab.presets: the named scenarios of the course."""

import pytest

from mtolab import PRESETS, Scenario, preset
from mtolab.widgets import EXPLORERS


def test_every_preset_is_a_seeded_scenario_described_in_the_module():
    import mtolab.presets as module

    for name, scenario in PRESETS.items():
        assert isinstance(scenario, Scenario)
        assert scenario.seed == 2026
        assert name in module.__doc__
    with pytest.raises(TypeError):
        PRESETS["mine"] = Scenario()  # read-only


def test_preset_changes_fields_and_nested_fields():
    sc = preset("computer maker", forecast_noise=0.5, costs={"mto_premium": 10.0},
                demand={"mean": 30.0})
    assert (sc.forecast_noise, sc.costs.mto_premium, sc.demand.mean) == (0.5, 10.0, 30.0)
    base = PRESETS["computer maker"]
    assert sc.costs.holding_rate == base.costs.holding_rate and sc.family == base.family
    assert preset("computer maker") is base


@pytest.mark.parametrize(("call", "error", "fragment"), [
    (lambda: preset("bakery"), ValueError, "name"),
    (lambda: preset("surge", costs={"colour": 1}), ValueError, "colour"),
    (lambda: preset("surge", forecast_noise=5.0), ValueError, "forecast_noise"),
    (lambda: preset("surge", demand={"mean": -1.0}), ValueError, "mean"),
])
def test_bad_changes_name_the_parameter(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


def test_each_explorer_runs_on_a_preset():
    import inspect

    sources = "".join(inspect.getsource(inspect.getmodule(spec.figure)) for spec in EXPLORERS)
    used = {name for name in PRESETS if f'preset("{name}"' in sources}
    assert used == set(PRESETS), sorted(set(PRESETS) - used)
