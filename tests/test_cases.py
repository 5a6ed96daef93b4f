"""The course's cases: each simulated case favours the strategy it is placed under."""

import pytest

from mtolab import compare_strategies
from mtolab.cases import CASES, case

SIMULATED = [c for c in CASES if c.scenario is not None]


def test_cases_cover_the_course_examples():
    assert {c.key for c in CASES} >= {"bolts", "bread", "pc", "car", "suit", "furniture",
                                     "bridge"}
    assert {c.strategy for c in CASES} == {"MTS", "ATO", "MTO", "Hybrid", "ETO"}
    assert case("bridge").scenario is None and case("bridge").strategy == "ETO"
    with pytest.raises(ValueError, match="case must be one of"):
        case("ship")


@pytest.mark.parametrize("placed", SIMULATED, ids=lambda c: c.key)
def test_the_placed_strategy_earns_the_most(placed):
    """Profit per week: the placed strategy's 95 % interval is above every other
    strategy's, except the ones the case lists as ties (whose intervals overlap)."""
    detail = compare_strategies(placed.scenario).detail
    profit = detail[detail["kpi"] == "profit per week"].set_index("strategy")
    best = profit.loc[placed.strategy]
    for other, row in profit.drop(index=placed.strategy).iterrows():
        if other in placed.ties:
            assert row["ci_low"] <= best["ci_high"] and best["ci_low"] <= row["ci_high"], other
        else:
            assert best["ci_low"] > row["ci_high"], (placed.key, other, profit)
