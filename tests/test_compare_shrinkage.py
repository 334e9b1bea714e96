"""Empirical-Bayes shrinkage and rank probabilities (motcua.analysis.compare_shrinkage)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from motcua.analysis import compare_shrinkage as sh


def units_from(y, n):
    return pd.DataFrame({"unit_code": [f"u{i}" for i in range(len(y))], "unit_name": "u",
                         "numerator": y, "denominator": n})


def test_posterior_is_the_closed_form_beta_binomial_update():
    """Prior Beta(α, β), y of n: posterior Beta(α + y, β + n − y), mean (α + y)/(α + β + n),
    a weighted average of the raw rate and the prior mean with weight (α+β)/(α+β+n); the
    interval is checked against a grid integration of prior × likelihood (no scipy.beta)."""
    alpha, beta = 8.0, 2.0
    prior = pd.DataFrame([{"alpha": alpha, "beta": beta, "prior_mean": 0.8,
                           "prior_size": 10.0}])
    units = units_from([40, 9, 0], [40, 10, 5])
    post = sh.beta_posteriors(units, prior, confidence=0.95)
    y, n = units["numerator"].to_numpy(), units["denominator"].to_numpy()
    assert post["shrunk"].to_numpy() == pytest.approx((alpha + y) / (alpha + beta + n))
    w = (alpha + beta) / (alpha + beta + n)
    assert post["shrunk"].to_numpy() == pytest.approx(w * 0.8 + (1 - w) * y / n)
    assert post["prior_weight"].to_numpy() == pytest.approx(w)
    grid = np.linspace(1e-6, 1 - 1e-6, 400_001)
    for i in range(len(y)):
        dens = grid ** (alpha - 1 + y[i]) * (1 - grid) ** (beta - 1 + n[i] - y[i])
        cdf = np.cumsum(dens) / dens.sum()
        assert post["low"].iloc[i] == pytest.approx(np.interp(0.025, cdf, grid), abs=1e-4)
        assert post["high"].iloc[i] == pytest.approx(np.interp(0.975, cdf, grid), abs=1e-4)


def test_small_units_shrink_more_than_large_ones():
    """The league-table problem: 40 of 40 on time versus 3,988 of 4,000."""
    units = units_from([40, 3988, 900, 1900, 480], [40, 4000, 950, 2000, 500])
    prior = sh.fit_beta_binomial(units["numerator"], units["denominator"])
    post = sh.beta_posteriors(units, prior)
    assert post.loc[0, "prior_weight"] > post.loc[1, "prior_weight"]
    assert post.loc[0, "raw"] - post.loc[0, "shrunk"] > post.loc[1, "raw"] - post.loc[1, "shrunk"]


def test_mle_recovers_the_prior_it_was_simulated_from():
    rng = np.random.default_rng(1)
    k, alpha, beta = 600, 18.0, 2.0
    n = rng.integers(50, 400, k)
    y = rng.binomial(n, rng.beta(alpha, beta, k))
    fit = sh.fit_beta_binomial(y, n).iloc[0]
    assert fit["converged"] and not fit["at_boundary"]
    assert fit["prior_mean"] == pytest.approx(0.9, abs=0.01)
    assert fit["prior_size"] == pytest.approx(20.0, rel=0.3)


def test_mle_matches_scipy_generic_fit_with_equal_denominators():
    """scipy.stats.fit maximises the same beta-binomial likelihood (n fixed): the optima agree."""
    rng = np.random.default_rng(2)
    n = 60
    y = rng.binomial(n, rng.beta(6.0, 3.0, 150))
    ours = sh.fit_beta_binomial(y, np.full_like(y, n)).iloc[0]
    res = stats.fit(stats.betabinom, y, bounds={"n": (n, n), "a": (0.01, 200), "b": (0.01, 200)},
                    method="mle")
    theirs = float(np.sum(stats.betabinom.logpmf(y, n, res.params.a, res.params.b)))
    assert ours["loglik"] >= theirs - 1e-3
    assert ours["alpha"] / (ours["alpha"] + ours["beta"]) == pytest.approx(
        res.params.a / (res.params.a + res.params.b), abs=0.01)


def test_units_without_detectable_variation_reach_the_boundary():
    """Rates more alike than binomial: the prior is worth far more than any unit."""
    n = np.arange(300, 1500, 60)
    y = np.round(n * 0.95).astype(int)
    fit = sh.fit_beta_binomial(y, n).iloc[0]
    assert fit["at_boundary"] and fit["converged"]
    post = sh.beta_posteriors(units_from(y, n), sh.fit_beta_binomial(y, n))
    assert post["shrunk"].to_numpy() == pytest.approx(y.sum() / n.sum(), abs=1e-3)


def test_normal_shrinkage_is_the_closed_form():
    units = pd.DataFrame({"unit_code": ["a", "b"], "unit_name": ["a", "b"],
                          "value": [80.0, 60.0], "se": [2.0, 2.0]})
    post = sh.normal_posteriors(units, target=70.0, tau2=12.0)
    b = 12.0 / (12.0 + 4.0)
    assert post["mean"].tolist() == pytest.approx([70 + b * 10, 70 - b * 10])
    assert post["sd"].tolist() == pytest.approx([np.sqrt(b) * 2] * 2)
    flat = sh.normal_posteriors(units, target=70.0, tau2=0.0)
    assert flat["mean"].tolist() == [70.0, 70.0]


def test_rank_probabilities_add_up_and_order_the_units():
    units = units_from([990, 900, 900, 905, 700, 895, 910, 899], [1000] * 8)
    prior = sh.fit_beta_binomial(units["numerator"], units["denominator"])
    ranks = sh.rank_table(sh.beta_posteriors(units, prior), draws=2000, seed=3)
    q = sh.quarter_size(8)
    # every draw puts exactly q units in each quarter
    assert ranks["p_top_quarter"].sum() == pytest.approx(q)
    assert ranks["p_bottom_quarter"].sum() == pytest.approx(q)
    assert ranks.loc[0, "p_top_quarter"] == 1.0 and ranks.loc[4, "p_bottom_quarter"] == 1.0
    assert ranks.loc[0, "rank_low"] == ranks.loc[0, "rank_high"] == 1
    # the same seed gives the same table
    again = sh.rank_table(sh.beta_posteriors(units, prior), draws=2000, seed=3)
    pd.testing.assert_frame_equal(ranks, again)


def test_published_ranking_is_placed_beside():
    ranks = pd.DataFrame({"unit_code": ["a", "b", "c"], "unit_name": ["a", "b", "c"]})
    out = sh.with_published(ranks, ["x", "c", "a"])
    assert out["published_rank"].tolist() == [2, pd.NA, 1]
