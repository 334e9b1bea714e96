"""Funnel limits, z-scores, φ and τ² (motcua.analysis.compare_funnel, compare_scores)."""

from fractions import Fraction
from functools import lru_cache
from math import comb

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from motcua.analysis import compare_funnel as cf
from motcua.analysis import compare_scores as cs


@lru_cache(maxsize=None)
def exact_cdfs(n: int, p: Fraction) -> tuple[Fraction, ...]:
    """P(Y ≤ k) for k = 0…n, Y ~ Binomial(n, p), in exact rational arithmetic (independent of
    scipy)."""
    out, acc = [], Fraction(0)
    for j in range(n + 1):
        acc += comb(n, j) * p ** j * (1 - p) ** (n - j)
        out.append(acc)
    return tuple(out)


def exact_cdf(k: int, n: int, p: Fraction) -> Fraction:
    return exact_cdfs(n, p)[k] if k >= 0 else Fraction(0)


def spiegelhalter_lower(n: int, p: Fraction, tail: Fraction) -> float:
    """The published procedure (Spiegelhalter 2005, Statistics in Medicine 24:1185, Appendix
    A.1.1, as printed in R. Wicklin's SAS/IML code, "Funnel plots for proportions", The DO Loop,
    23 Nov 2011): r = smallest count with F(r) ≥ tail; α = (F(r) − tail)/(F(r) − F(r − 1));
    limit = (r − α)/n. Computed here with exact fractions."""
    r = next(k for k in range(n + 1) if exact_cdf(k, n, p) >= tail)
    f_r = exact_cdf(r, n, p)
    f_below = exact_cdf(r - 1, n, p) if r > 0 else Fraction(0)
    alpha = (f_r - tail) / (f_r - f_below)
    return float((r - alpha) / n)


CASES = [(20, "0.5"), (57, "0.9"), (100, "0.98"), (250, "0.7"), (40, "0.975"), (13, "0.72")]


@pytest.mark.parametrize("n,p", CASES)
@pytest.mark.parametrize("conf,tail", [(0.95, Fraction(1, 40)), (0.998, Fraction(1, 1000))])
def test_lower_limit_is_the_published_interpolated_quantile(n, p, conf, tail):
    got = cf.lower_exact_limit(n, float(Fraction(p)), float(tail))
    assert got == pytest.approx(spiegelhalter_lower(n, Fraction(p), tail), abs=1e-9)


@pytest.mark.parametrize("n,p", CASES)
@pytest.mark.parametrize("conf", [0.95, 0.998])
def test_a_count_is_outside_exactly_when_its_tail_is_below_nominal(n, p, conf):
    """Independent exact computation: y/n < low iff P(Y ≤ y) < tail, y/n > high iff
    P(Y ≥ y) < tail, for every possible count."""
    theta = Fraction(p)
    tail = Fraction(1 - Fraction(str(conf))) / 2
    low, high = cf.exact_limits(n, float(theta), conf)
    for y in range(n + 1):
        below = exact_cdf(y, n, theta) < tail
        above = (1 - exact_cdf(y - 1, n, theta) if y > 0 else Fraction(1)) < tail
        assert (y / n < low) == below, (y, n)
        assert (y / n > high) == above, (y, n)


def test_upper_limit_differs_from_the_plain_upper_quantile_by_at_most_one_count():
    """The plain 99.9 % quantile (Wicklin's p = 0.999) flags a unit with all 100 dossiers on
    time at target 98 %, although P(all on time) = 0.98^100 = 13 %; ours does not, and the two
    upper limits differ by at most one count."""
    n, p = 100, Fraction(98, 100)
    plain = spiegelhalter_lower(n, p, Fraction(999, 1000))
    _, high = cf.exact_limits(n, 0.98, 0.998)
    assert 1.0 > plain and float(high) >= 1.0
    assert abs(float(high) - plain) <= 1 / n
    for n, p in [(250, Fraction(7, 10)), (57, Fraction(9, 10))]:
        plain = spiegelhalter_lower(n, p, Fraction(999, 1000))
        _, high = cf.exact_limits(n, float(p), 0.998)
        assert abs(float(high) - plain) <= 1 / n + 1e-12


def test_large_n_limits_approach_the_normal_approximation():
    """Spiegelhalter (2005, section 2): for large n the limits are θ ± z √(θ(1 − θ)/n)."""
    n, theta = 200_000, 0.9
    for conf in (0.95, 0.998):
        low, high = cf.exact_limits(n, theta, conf)
        half = cf.z_for(conf) * np.sqrt(theta * (1 - theta) / n)
        assert low == pytest.approx(theta - half, abs=2e-5)
        assert high == pytest.approx(theta + half, abs=2e-5)
    assert cf.z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert cf.z_for(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_winsorising_uses_r_default_quantiles():
    # R: quantile(1:10, c(0.1, 0.9)) is 1.9 and 9.1 (type 7)
    assert cf.winsorise(np.arange(1, 11), 0.1).tolist() == pytest.approx(
        [1.9, 2, 3, 4, 5, 6, 7, 8, 9, 9.1])


def simulated_units(k, tau, seed, theta=0.9):
    """Units whose true rates differ on the asin-sqrt scale by N(0, tau²)."""
    rng = np.random.default_rng(seed)
    n = rng.integers(200, 2000, k)
    angle = np.arcsin(np.sqrt(theta)) + rng.normal(0, tau, k)
    p = np.sin(np.clip(angle, 0, np.pi / 2)) ** 2
    y = rng.binomial(n, p)
    return pd.DataFrame({"unit_code": [f"u{i}" for i in range(k)], "unit_name": "u",
                         "unit_type": "commune", "numerator": y, "denominator": n})


@pytest.mark.parametrize("tau", [0.03, 0.06])
def test_phi_and_tau2_recovered_with_known_overdispersion(tau):
    """With trim 0, E[z²] = 1 + τ²·4n, so φ and the DerSimonian–Laird τ² recover the
    between-unit variance the units were drawn with."""
    units = simulated_units(600, tau, seed=11)
    _, disp = cf.funnel_table(units, trim=0.0)
    n = units["denominator"].to_numpy()
    assert disp["phi"].iloc[0] == pytest.approx(np.mean(1 + tau ** 2 * 4 * n), rel=0.12)
    assert disp["tau2"].iloc[0] == pytest.approx(tau ** 2, rel=0.15)
    assert bool(disp["overdispersed"].iloc[0]) and not bool(disp["underdispersed"].iloc[0])


def test_tau2_agrees_with_statsmodels_dersimonian_laird():
    """With trim 0 our τ² is DerSimonian–Laird with the pooled target in place of the
    inverse-variance mean (FunnelPlotR); statsmodels' DL estimate is close."""
    from statsmodels.stats.meta_analysis import combine_effects

    units = simulated_units(300, 0.05, seed=3)
    zs = cf.transformed_zscores(units, cf.pooled_target(units))
    ours = cf.dl_tau2(cf.dispersion_ratio(zs["z"]), zs["s"])
    res = combine_effects(zs["y_t"].to_numpy(), zs["s"].to_numpy() ** 2, method_re="dl")
    assert ours == pytest.approx(res.tau2, rel=0.05)


def test_no_overdispersion_gives_no_tau_and_few_outliers():
    units = simulated_units(400, 0.0, seed=5)
    table, disp = cf.funnel_table(units, trim=0.0)
    assert disp["phi"].iloc[0] == pytest.approx(1.0, abs=0.15)
    # 10 % Winsorising shrinks φ of normal z-scores to about 0.68 (why "too alike" is judged
    # on the untrimmed χ² instead)
    _, trimmed = cf.funnel_table(units, trim=0.1)
    assert trimmed["phi"].iloc[0] == pytest.approx(0.68, abs=0.1)
    assert not bool(trimmed["underdispersed"].iloc[0])
    # at the nominal 0.2 %, 400 in-control units give about 0.8 outside; 4 or more is p < 0.01
    assert (table["outside_998"] != "").sum() <= stats.binom.ppf(0.99, 400, 0.002)


def test_units_more_alike_than_chance_are_underdispersed():
    """Rates fixed at the target (smoothed figures) give χ² far in its lower tail."""
    n = np.arange(300, 1500, 60)
    y = np.round(n * 0.95).astype(int)
    units = pd.DataFrame({"unit_code": [str(i) for i in range(len(n))], "unit_name": "u",
                          "unit_type": "commune", "numerator": y, "denominator": n})
    _, disp = cf.funnel_table(units)
    assert bool(disp["underdispersed"].iloc[0]) and disp["p_under"].iloc[0] < 1e-3


def test_every_unit_at_full_rate_is_reported():
    units = pd.DataFrame({"unit_code": ["a", "b", "c"], "unit_name": "u", "unit_type": "ward",
                          "numerator": [100, 250, 3028], "denominator": [100, 250, 3028]})
    table, disp = cf.funnel_table(units)
    assert bool(disp["all_full"].iloc[0]) and (table["outside_998"] == "").all()


def test_planted_low_unit_is_outside_and_listed():
    units = simulated_units(30, 0.0, seed=9)
    units.loc[0, "numerator"] = int(units.loc[0, "denominator"] * 0.7)
    table, _ = cf.funnel_table(units)
    out = cf.outliers(table)
    assert out["unit_code"].iloc[0] == "u0" and out["outside_998"].iloc[0] == "low"


def test_widened_limits_contain_the_exact_ones_when_overdispersed():
    units = simulated_units(60, 0.08, seed=2)
    table, disp = cf.funnel_table(units)
    assert disp["tau2"].iloc[0] > 0
    lo, hi = cf.exact_limits(units["denominator"], disp["target"].iloc[0], 0.998)
    assert (table["low_998"] <= lo + 1e-12).all() and (table["high_998"] >= hi - 1e-12).all()


def test_bad_counts_are_refused():
    bad = pd.DataFrame({"unit_code": ["a"], "unit_name": "a", "unit_type": "x",
                        "numerator": [5], "denominator": [4]})
    with pytest.raises(ValueError, match="counts"):
        cf.funnel_table(bad)


def test_score_noise_recovers_the_year_to_year_sd():
    """score = level + shift(year) + N(0, σ²): the panel's residual sd estimates σ."""
    rng = np.random.default_rng(4)
    k, years, sigma = 60, [2021, 2022, 2023, 2024], 0.4
    level = rng.normal(70, 3, k)
    rows = [{"unit_code": f"p{i}", "unit_name": f"p{i}", "year": y,
             "value": level[i] + 0.5 * j + rng.normal(0, sigma)}
            for i in range(k) for j, y in enumerate(years)]
    panel = pd.DataFrame(rows).sample(frac=0.97, random_state=1)  # a few missing unit-years
    noise = cs.panel_noise(panel)
    assert noise["sigma"].iloc[0] == pytest.approx(sigma, rel=0.15)
    units = cs.score_units(panel, 2024, noise["sigma"].iloc[0])
    table, disp = cs.score_funnel_table(units)
    # the units differ far more than σ: strongly overdispersed, τ near the level sd of 3
    assert disp["tau"].iloc[0] == pytest.approx(3, rel=0.3)
    assert (table["low_998"] < table["value"]).sum() >= len(table) - 1


def test_robust_target_is_not_dragged_by_one_large_slow_unit():
    """Ten units at 98 % and one with 13 % of the volume at 93 %: the pooled target moves by
    about 0.7 points, the robust one stays at the clean units' rate."""
    n = np.array([1400, 1450, 1500, 1550, 1600, 1650, 1700, 1750, 1800, 1850, 2283])
    y = np.round(n * np.array([0.978, 0.982] * 5 + [0.93])).astype(int)
    units = pd.DataFrame({"unit_code": [str(i) for i in range(11)], "unit_name": "u",
                          "unit_type": "commune", "numerator": y, "denominator": n})
    assert cf.pooled_target(units) < 0.974
    assert cf.robust_target(units) == pytest.approx(0.98, abs=1e-3)
    table, disp = cf.funnel_table(units)
    assert disp["pooled"].iloc[0] < disp["target"].iloc[0]
    assert table.set_index("unit_code").loc["10", "outside_998"] == "low"
    plain, _ = cf.funnel_table(units, robust=False)
    assert (plain["z"].iloc[:10] > table["z"].iloc[:10]).all()  # the drag shifts the others
