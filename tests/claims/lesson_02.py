"""Lesson 02, make to stock: forecasts, their errors, safety stock, and a wrong forecast's cost.

Settings are checked on the scenarios the lesson builds (the same calls);
simulated statements with 95 % confidence intervals over replications,
paired per replication where two settings are compared (they see the same
demand).
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

import numpy as np

from claims import Claim, assert_above, assert_below, assert_within, kpi, mean_ci
from mtolab import (
    OKABE_ITO,
    DemandPattern,
    ProductFamily,
    Scenario,
    error_metrics,
    exponential_smoothing,
    generate_demand,
    moving_average,
    naive,
)
from mtolab.analysis import forecast_accuracy, forecast_error_cost
from mtolab.inventory import safety_stock
from mtolab.presets import preset
from mtolab.widgets.mts import FORECAST_ERROR, FORECASTING, ROW_COLORS

LESSON = "02_make_to_stock"
LEVELS = (0.80, 0.90, 0.95, 0.99)


# ------------------------------------------------------------ section 1-2: forecasts
@lru_cache(maxsize=1)
def section_metrics() -> dict:
    """The lesson's year of demand and the error metrics of its three forecasts."""
    demand = generate_demand(DemandPattern(mean=20, trend=0.1), n_periods=52, seed=2026)[0, :, 0]
    forecasts = {"naive": naive(demand), "moving average": moving_average(demand, window=4),
                 "exponential smoothing": exponential_smoothing(demand, alpha=0.2)}
    return {name: error_metrics(demand[4:], f[4:]) for name, f in forecasts.items()}


def the_lessons_demand() -> None:
    pattern = DemandPattern(mean=20, trend=0.1)
    assert (pattern.mean, pattern.trend) == (20, 0.1)
    demand = generate_demand(pattern, n_periods=52, seed=2026)[0, :, 0]
    assert len(demand) == 52 and 15 < demand[:8].mean() < 25


def naive_misses_most() -> None:
    m = section_metrics()
    for metric in ("MAD", "RMSE"):
        assert m["naive"][metric] == max(v[metric] for v in m.values()), metric


def smoothing_lags_the_trend() -> None:
    m = section_metrics()
    assert m["moving average"]["bias"] > 0 and m["exponential smoothing"]["bias"] > 0
    assert m["exponential smoothing"]["tracking signal"] > 8.0


@lru_cache(maxsize=1)
def unbiased_years() -> dict:
    """Tracking signals of unbiased forecasts over 2,000 years of the explorer's demand."""
    demand = preset("one product", n_replications=2000).demand_array()[:, :, 0].astype(float)
    out = {"moving average": [], "exponential smoothing": [], "bias": []}
    for year in demand:
        ma = error_metrics(year[4:], moving_average(year, window=4)[4:])
        out["moving average"].append(ma["tracking signal"])
        out["bias"].append(ma["bias"])
        es = error_metrics(year[4:], exponential_smoothing(year, alpha=0.2)[4:])
        out["exponential smoothing"].append(es["tracking signal"])
    return {k: np.asarray(v) for k, v in out.items()}


def _default_accuracy(**changes):
    d = {**FORECASTING.defaults, **changes}
    return forecast_accuracy(preset("one product", demand={"trend": d["trend"]}), d["method"],
                             window=d["window"], alpha=d["alpha"])


def default_signal_is_about_minus_five() -> None:
    d = FORECASTING.defaults
    assert (d["method"], d["window"], d["trend"]) == ("moving_average", 4, 0.0)
    signal = float(_default_accuracy().metrics["tracking signal"])
    assert -5.5 < signal < -4.5, signal
    mean, low, high = mean_ci(unbiased_years()["bias"])
    assert low < 0 < high, f"a moving average of trendless demand looks biased: {mean:.3g}"


def unbiased_forecasts_cross_four_by_chance() -> None:
    ma = np.abs(unbiased_years()["moving average"]) > 4
    assert_within(ma.astype(float), 0.04, 0.08, "share of years an unbiased MA-4 crosses ±4")


def smoothing_crosses_four_in_a_third_of_years() -> None:
    es = np.abs(unbiased_years()["exponential smoothing"]) > 4
    assert_within(es.astype(float), 0.28, 0.39, "share of years ES(0.2) crosses ±4")


def a_trend_leaves_the_warning_line_behind() -> None:
    assert np.isclose(FORECASTING.controls["trend"].values(), 0.3).any()
    metrics = _default_accuracy(trend=0.3).metrics
    assert metrics["bias"] > 0 and metrics["tracking signal"] > 5.0, metrics


def moving_average_lags_four_and_a_half_weeks() -> None:
    ramp = 100.0 + 2.0 * np.arange(40)
    f = moving_average(ramp, window=8)
    assert np.allclose((ramp[8:] - f[8:]) / 2.0, 4.5)


# ------------------------------------------------------------ section 3: safety stock
@lru_cache(maxsize=8)
def factory(level: float, capacity_limits_stock: bool = False):
    sc = Scenario(family=ProductFamily(options=(1,)), service_level=level, shelf_life=None,
                  capacity_limits_stock=capacity_limits_stock, n_replications=200,
                  n_periods=104)
    return sc, sc.simulate("MTS")


def weeks_without_stockout(level: float, capacity_limits_stock: bool = False) -> np.ndarray:
    _, result = factory(level, capacity_limits_stock)
    return 100.0 * (result.backlog[:, 4:] == 0).mean(axis=1)


def _poisson_cdf(k: int, mean: float) -> float:
    return sum(math.exp(-mean) * mean ** i / math.factorial(i) for i in range(k + 1))


def service_on_or_a_little_above_target() -> None:
    for level in LEVELS:
        assert_within(weeks_without_stockout(level), 100 * level - 0.25, 100 * level + 5.0,
                      f"weeks without stockout at a {level:.0%} target (%)")


def the_surplus_is_whole_units() -> None:
    for level in LEVELS:
        sc, _ = factory(level)
        cover = sc.lead_time + sc.review_period
        target = sc.demand.mean * cover + safety_stock(level, sc.demand.demand_sd, sc.lead_time,
                                                       review_period=sc.review_period)
        exact = 100 * _poisson_cdf(math.ceil(target), sc.demand.mean * cover)
        assert exact >= 100 * level
        assert_within(weeks_without_stockout(level), exact - 1.5, exact + 1.5,
                      f"simulated against Poisson with the target rounded up, {level:.0%}")


def capacity_empties_the_shelf_more_often() -> None:
    paired = weeks_without_stockout(0.95, True) - weeks_without_stockout(0.95)
    assert_below(paired, 0.0, "weeks without stockout, with minus without capacity limit (%)")


def high_service_costs_more_safety_stock() -> None:
    ss = {lv: safety_stock(lv, math.sqrt(20), 2, review_period=1) for lv in LEVELS}
    assert ss[0.99] - ss[0.95] > ss[0.90] - ss[0.80], ss


def the_formula_of_the_lesson() -> None:
    sc, _ = factory(0.95)
    assert (sc.lead_time, sc.review_period, sc.demand.mean) == (2, 1, 20)
    assert math.isclose(sc.demand.demand_sd, math.sqrt(20))
    z = NormalDist().inv_cdf(0.95)
    assert round(z, 3) == 1.645
    assert math.isclose(safety_stock(0.95, 4.0, 2, review_period=1), z * 4.0 * math.sqrt(3))


def lead_time_one_to_four_is_not_double() -> None:
    ratio = safety_stock(0.95, 4.0, 4, review_period=1) / safety_stock(0.95, 4.0, 1,
                                                                       review_period=1)
    assert math.isclose(ratio, math.sqrt(5 / 2)) and round(ratio, 2) == 1.58


def the_plotted_replication_has_stockouts() -> None:
    _, result = factory(0.95)
    weeks = int((result.backlog[0] > 0).sum())
    assert 1 <= weeks <= 10, weeks


# ------------------------------------------------------------ section 4: a wrong forecast
@lru_cache(maxsize=1)
def too_high() -> Scenario:
    return Scenario(family=ProductFamily(options=(1,)), forecast_bias=0.3, forecast_noise=0.3,
                    unmet_demand="lost_sales", max_wait=None, n_replications=200, n_periods=104)


def the_forecast_is_30_percent_too_high() -> None:
    sc = too_high()
    assert sc.forecast_bias == 0.3
    ratio = sc.forecast_array("MTS")[:, 4:].mean() / sc.demand_array()[:, 4:].mean()
    assert 1.27 < ratio < 1.33, ratio
    noisy = sc.replace(forecast_bias=0.0)
    ratio = noisy.forecast_array("MTS")[:, 4:].mean() / noisy.demand_array()[:, 4:].mean()
    assert 0.98 < ratio < 1.02, f"the noise alone moves the forecast by {ratio - 1:+.1%}"


def _by_life(life, name):
    sc = too_high().replace(shelf_life=life)
    return kpi(sc.simulate("MTS"), sc.costs, name, sc.max_wait)


def never_expiring_stock_costs_only_holding() -> None:
    perfect = too_high().replace(forecast_bias=0.0, forecast_noise=0.0, shelf_life=None)

    def extra(name):
        return _by_life(None, name) - kpi(perfect.simulate("MTS"), perfect.costs, name,
                                          perfect.max_wait)

    assert_above(extra("holding cost"), 0.0, "holding cost added by the too-high forecast")
    for name in ("obsolescence cost", "lost sales cost", "setup cost", "premium cost"):
        assert_below(extra(name), 0.01, f"{name} added by the too-high forecast (EUR/unit)")


def obsolescence_takes_over() -> None:
    paired = _by_life(2, "obsolescence cost") - _by_life(2, "holding cost")
    assert_above(paired, 0.0, "obsolescence minus holding cost at a 2-week shelf life")
    assert_above(_by_life(4, "obsolescence cost") - _by_life(8, "obsolescence cost"), 0.0,
                 "obsolescence, 4 minus 8 weeks of shelf life")


def shortest_life_leaves_less_stock() -> None:
    paired = _by_life(2, "finished-goods inventory") - _by_life(None, "finished-goods inventory")
    assert_below(paired, 0.0, "stock at a 2-week shelf life minus never")


def the_explorer_factory() -> None:
    sc = preset("one product")
    assert (sc.demand.mean, sc.review_period, sc.lead_time) == (20, 1, 2)
    assert sc.unmet_demand == "lost_sales"
    assert ROW_COLORS["perfect forecast"] == "#bdbdbd"  # grey
    assert ROW_COLORS["your forecast"] == OKABE_ITO["orange"]


def _offers(name, value):
    assert np.isclose(FORECAST_ERROR.controls[name].values(), value).any(), (name, value)


def the_explorer_tasks() -> None:
    for name, value in (("bias", -0.3), ("bias", 0.3), ("shelf_life", 26), ("shelf_life", 3),
                        ("bias", 0.0), ("noise", 0.6)):
        _offers(name, value)
    low = forecast_error_cost(preset("one product", forecast_bias=-0.3)).kpis
    assert low.loc["your forecast", "served from stock"] < low.loc["perfect forecast",
                                                                   "served from stock"]
    assert low.loc["your forecast", "lost sales cost"] > low.loc["perfect forecast",
                                                                 "lost sales cost"]
    noisy = forecast_error_cost(preset("one product", forecast_noise=0.6)).kpis
    assert noisy.loc["your forecast", "finished-goods inventory"] > noisy.loc[
        "perfect forecast", "finished-goods inventory"]


CLAIMS = [
    Claim(LESSON, "about 20 units a week, slowly growing (0.1 unit a week more every week)",
          the_lessons_demand,
          nb="rundt 20 enheter i uka, med en langsom vekst (0,1 enhet mer i uka for hver uke som "
             "går)"),
    Claim(LESSON, "The naive forecast has the biggest MAD and RMSE", naive_misses_most,
          nb="Den naive prognosen har størst MAD og RMSE"),
    Claim(LESSON, "exponential smoothing has a clearly positive bias and a tracking signal far "
                  "beyond $+4$", smoothing_lags_the_trend,
          nb="den eksponentielle glattingen har en tydelig positiv skjevhet og et sporingssignal "
             "langt over $+4$"),
    Claim(LESSON, "they stay below it: they average the past, and the past was lower",
          smoothing_lags_the_trend,
          nb="ligger de under den: de tar gjennomsnittet av fortiden, og fortiden var lavere"),
    Claim(LESSON, "yet its tracking signal reads about −5, beyond the warning line of ±4",
          default_signal_is_about_minus_five,
          nb="men likevel viser sporingssignalet rundt −5, utenfor varsellinja på ±4"),
    Claim(LESSON, "Such a forecast cannot be biased (on average it is exactly right)",
          default_signal_is_about_minus_five,
          nb="En slik prognose kan ikke være skjev (i snitt treffer den nøyaktig)"),
    Claim(LESSON, "an unbiased 4-week moving average crosses ±4 in about 6 % of them",
          unbiased_forecasts_cross_four_by_chance,
          nb="krysser et glidende gjennomsnitt over 4 uker uten skjevhet ±4 i omtrent 6 % av dem"),
    Claim(LESSON, "whose errors cancel more slowly, in about a third",
          smoothing_crosses_four_in_a_third_of_years,
          nb="der feilene utligner hverandre langsommere, i omtrent en tredjedel"),
    Claim(LESSON, "Add a trend of 0.3 and the signal turns positive and passes $+4$ for a real "
                  "reason: the moving average lags the growth.",
          a_trend_leaves_the_warning_line_behind,
          nb="Legg til en trend på 0,3, så blir signalet positivt og passerer $+4$ av en reell "
             "grunn: det glidende gjennomsnittet henger etter veksten."),
    Claim(LESSON, "Why does a moving average of 8 weeks forecast too low when demand grows "
                  "steadily?", moving_average_lags_four_and_a_half_weeks,
          nb="Hvorfor gir et glidende gjennomsnitt over 8 uker en for lav prognose når "
             "etterspørselen vokser jevnt?"),
    Claim(LESSON, "on a steady trend it lags by about 4.5 weeks of growth",
          moving_average_lags_four_and_a_half_weeks,
          nb="ved en jevn trend henger det etter med omtrent 4,5 ukers vekst"),
    Claim(LESSON, "The simulated share of weeks without a stockout lands on or a little above "
                  "each target", service_on_or_a_little_above_target,
          nb="Den simulerte andelen uker uten lagerbrudd havner på eller litt over hvert mål"),
    Claim(LESSON, "The small surplus comes from whole units.", the_surplus_is_whole_units,
          nb="Det lille overskuddet kommer av hele enheter."),
    Claim(LESSON, "with a capacity limit, a run of busy weeks can empty the shelf",
          capacity_empties_the_shelf_more_often,
          nb="med en kapasitetsgrense kan en rekke travle uker tømme hylla"),
    Claim(LESSON, "going from 95 % to 99 % adds more safety stock than going from 80 % to 90 %",
          high_service_costs_more_safety_stock,
          nb="å gå fra 95 % til 99 % legger til mer sikkerhetslager enn å gå fra 80 % til 90 %"),
    Claim(LESSON, "Our factory reviews stock every week ($r = 1$) and waits $L = 2$ weeks for it",
          the_formula_of_the_lesson,
          nb="Fabrikken vår kontrollerer lageret hver uke ($r = 1$) og venter $L = 2$ uker på "
             "bestillingen"),
    Claim(LESSON, "Safety stock for a 95 % cycle service level is", the_formula_of_the_lesson,
          nb="Sikkerhetslageret for 95 % servicenivå per syklus er"),
    Claim(LESSON, "not 2: the stock covers the lead time plus the review period",
          lead_time_one_to_four_is_not_double,
          nb="ikke 2: lageret dekker ledetiden pluss kontrollperioden"),
    Claim(LESSON, "Here is one replication of the 95 % factory",
          the_plotted_replication_has_stockouts,
          nb="Her er én simulering av fabrikken med 95 % servicenivå"),
    Claim(LESSON, "in the few weeks that end in a stockout, customers wait for their backorders, "
                  "and the plot shows them as a grey area below zero",
          the_plotted_replication_has_stockouts,
          nb="i de få ukene som ender med lagerbrudd, venter kundene på restordrene sine, og "
             "figuren viser dem som et grått felt under null"),
    Claim(LESSON, "We give the factory a forecast that is 30 % too high with some noise on top",
          the_forecast_is_30_percent_too_high,
          nb="Vi gir fabrikken en prognose som er 30 % for høy, med litt støy i tillegg"),
    Claim(LESSON, "In the simulation, forecast_bias=0.3 is a setting: the forecast is 30 % too "
                  "high.", the_forecast_is_30_percent_too_high,
          nb="I simuleringen er forecast_bias=0.3 en innstilling: prognosen er 30 % for høy."),
    Claim(LESSON, "The noise itself is unbiased: a noisy forecast is right on average.",
          the_forecast_is_30_percent_too_high,
          nb="Støyen i seg selv er uten skjevhet: en prognose med støy treffer i snitt."),
    Claim(LESSON, "While stock never expires, the only cost the too-high forecast adds is holding.",
          never_expiring_stock_costs_only_holding,
          nb="Så lenge varene aldri går ut på dato, er lagerhold den eneste kostnaden den for "
             "høye prognosen legger til."),
    Claim(LESSON, "units start to expire and obsolescence cost takes over",
          obsolescence_takes_over,
          nb="begynner enheter å gå ut på dato, og ukuranskostnaden tar over"),
    Claim(LESSON, "the shortest shelf life also leaves less stock on the shelf",
          shortest_life_leaves_less_stock,
          nb="den korteste holdbarheten gir også mindre lager på hylla"),
    Claim(LESSON, "restocked weekly with a 2-week lead time", the_explorer_factory,
          nb="etterfylt hver uke med 2 ukers ledetid"),
    Claim(LESSON, "the grey one (left) is the same factory with a perfect forecast, the orange "
                  "one (right) your forecast", the_explorer_factory,
          nb="den grå søylen (til venstre) den samme fabrikken med perfekt prognose, og den "
             "oransje (til høyre) din prognose"),
    Claim(LESSON, "bias −30 %: what happens to the share of demand served, and which cost "
                  "appears?", the_explorer_tasks,
          nb="skjevhet −30 %: hva skjer med andelen av etterspørselen som blir levert, og "
             "hvilken kostnad dukker opp?"),
    Claim(LESSON, "bias +30 % with a shelf life of 26 weeks, then 3 weeks", the_explorer_tasks,
          nb="skjevhet +30 % med en holdbarhet på 26 uker, deretter 3 uker"),
    Claim(LESSON, "bias 0 and noise 0.6: why does stock rise although the forecast is right on "
                  "average?", the_explorer_tasks,
          nb="skjevhet 0 og støy 0,6: hvorfor øker lageret selv om prognosen treffer i snitt?"),
]
