"""Empirical-Bayes shrinkage of unit rates and the uncertainty of their ranks.

A league table of raw rates rewards luck: a unit with 40 dossiers and none late tops one with
4,000 and twelve late. Shrinkage estimates each unit's true rate by pulling its raw rate toward
the mean of all units, the more the fewer dossiers it has (Goldstein & Spiegelhalter 1996,
"League tables and their limitations", *JRSS A* 159:385; Marshall & Spiegelhalter 1998,
*BMJ* 316:1701; docs/anchors.md C8).

Counts (:func:`fit_beta_binomial`, :func:`beta_posteriors`): true rates follow a
Beta(α, β) prior fitted by maximum likelihood of the beta-binomial marginal distribution
(``scipy.stats.betabinom``, ``scipy.optimize.minimize``); unit i's posterior is
Beta(α + y_i, β + n_i − y_i), with mean ``(α + y_i) / (α + β + n_i)``: a weighted average of
the raw rate and the prior mean, with weight ``(α + β) / (α + β + n_i)`` on the prior.

Scores (:func:`normal_posteriors`): the normal counterpart, with prior N(target, τ²) from the
funnel's DerSimonian–Laird τ² and the unit's standard error as the noise.

Ranks (:func:`rank_table`): draws from every unit's posterior, ranked within each draw
(1 = best, higher is better), give each unit's mean rank, a 95 % rank interval and the
probability that it truly belongs in the top or bottom quarter (the best or worst ⌈K/4⌉
places).

Limits: shrinkage pulls genuine outliers toward the mean too, assumes the units are
exchangeable (no adjustment for case mix), and depends on its prior, which is reported.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats

#: Posterior draws behind the rank probabilities (Monte Carlo error of a probability ≤ 0.008).
DRAWS = 4000
#: Bounds of log(α + β) in the fit (e^16 ≈ 9 million dossiers' worth of prior; e^-4: a prior
#: U-shaped past any use).
LOG_M_BOUNDS = (-4.0, 16.0)
#: A prior worth this many times the largest unit's dossiers leaves every unit at the prior
#: mean: no between-unit variation is detectable (the likelihood is flat toward the boundary).
FLAT_PRIOR_FACTOR = 100


def _neg_loglik(theta, y, n):
    mu = 1 / (1 + np.exp(-theta[0]))
    m = np.exp(theta[1])
    return -float(np.sum(stats.betabinom.logpmf(y, n, mu * m, (1 - mu) * m)))


def fit_beta_binomial(y, n) -> pd.DataFrame:
    """Maximum-likelihood Beta(α, β) prior of unit rates from counts ``y`` of ``n``.

    Fitted on (logit mean, log(α + β)), started from the method of moments. One row:
    ``alpha``, ``beta``, ``prior_mean`` = α/(α+β), ``prior_size`` = α + β (the prior is worth
    that many dossiers), ``prior_sd`` (standard deviation of true rates), ``loglik``,
    ``converged`` and ``at_boundary`` (α + β above ``FLAT_PRIOR_FACTOR`` times the largest
    denominator: no between-unit variation detectable, the units look like one binomial rate;
    the optimiser then stops anywhere on a flat ridge, which is harmless).
    """
    y = np.asarray(y, dtype="float64")
    n = np.asarray(n, dtype="float64")
    if len(y) < 2:
        raise ValueError("a prior needs at least two units")
    pooled = float(np.clip(y.sum() / n.sum(), 1e-6, 1 - 1e-6))
    rates = y / n
    var = float(np.var(rates, ddof=1)) if len(rates) > 1 else 0.0
    binom_var = float(np.mean(pooled * (1 - pooled) / n))
    excess = var - binom_var
    m0 = pooled * (1 - pooled) / excess - 1 if excess > 0 else math.exp(LOG_M_BOUNDS[1] - 1)
    start = [math.log(pooled / (1 - pooled)),
             float(np.clip(math.log(max(m0, 1e-3)), *LOG_M_BOUNDS))]
    res = optimize.minimize(_neg_loglik, start, args=(y, n), method="L-BFGS-B",
                            bounds=[(-20.0, 20.0), LOG_M_BOUNDS])
    mu = 1 / (1 + math.exp(-res.x[0]))
    m = math.exp(res.x[1])
    flat = m > FLAT_PRIOR_FACTOR * float(n.max())
    return pd.DataFrame([{
        "alpha": mu * m, "beta": (1 - mu) * m, "prior_mean": mu, "prior_size": m,
        "prior_sd": math.sqrt(mu * (1 - mu) / (m + 1)), "loglik": -float(res.fun),
        "converged": bool(res.success or flat), "at_boundary": bool(flat),
    }])


def beta_posteriors(units: pd.DataFrame, prior: pd.DataFrame, confidence: float = 0.95
                    ) -> pd.DataFrame:
    """Per unit: ``raw`` rate, posterior ``a``, ``b``, ``shrunk`` (posterior mean), equal-tailed
    ``low``/``high`` at ``confidence`` and ``prior_weight`` = (α + β) / (α + β + n)."""
    p = prior.iloc[0]
    y = units["numerator"].to_numpy(dtype="float64")
    n = units["denominator"].to_numpy(dtype="float64")
    a = p["alpha"] + y
    b = p["beta"] + n - y
    tail = (1 - confidence) / 2
    return pd.DataFrame({
        "unit_code": units["unit_code"].to_numpy(), "unit_name": units["unit_name"].to_numpy(),
        "denominator": n, "raw": y / n, "a": a, "b": b, "shrunk": a / (a + b),
        "low": stats.beta.ppf(tail, a, b), "high": stats.beta.ppf(1 - tail, a, b),
        "prior_weight": p["prior_size"] / (p["prior_size"] + n),
    })


def normal_posteriors(units: pd.DataFrame, target: float, tau2: float,
                      confidence: float = 0.95) -> pd.DataFrame:
    """Normal shrinkage of scores: posterior mean ``target + B (value − target)`` with
    ``B = τ² / (τ² + se²)``, posterior sd ``√(B) · se``; ``prior_weight`` = 1 − B. With τ² = 0
    every unit shrinks to the target (the units do not differ detectably)."""
    v = units["value"].to_numpy(dtype="float64")
    se = units["se"].to_numpy(dtype="float64")
    b = tau2 / (tau2 + se ** 2)
    mean = target + b * (v - target)
    sd = np.sqrt(b) * se
    z = stats.norm.ppf(0.5 + confidence / 2)
    return pd.DataFrame({
        "unit_code": units["unit_code"].to_numpy(), "unit_name": units["unit_name"].to_numpy(),
        "raw": v, "mean": mean, "sd": sd, "shrunk": mean, "low": mean - z * sd,
        "high": mean + z * sd, "prior_weight": 1 - b,
    })


def posterior_draws(post: pd.DataFrame, draws: int = DRAWS, seed: int = 0) -> np.ndarray:
    """``draws × K`` samples of the units' true values from :func:`beta_posteriors` (columns
    ``a``, ``b``) or :func:`normal_posteriors` (``mean``, ``sd``)."""
    rng = np.random.default_rng(seed)
    k = len(post)
    if {"a", "b"} <= set(post.columns):
        return rng.beta(post["a"].to_numpy(), post["b"].to_numpy(), size=(draws, k))
    return rng.normal(post["mean"].to_numpy(), post["sd"].to_numpy(), size=(draws, k))


def quarter_size(k: int) -> int:
    """Places in a top or bottom quarter of ``k`` units: ⌈k/4⌉."""
    return max(1, math.ceil(k / 4))


def rank_table(post: pd.DataFrame, draws: int = DRAWS, seed: int = 0) -> pd.DataFrame:
    """Per unit: ``raw_rank`` (1 = highest raw value), ``shrunk_rank``, ``mean_rank``, the 95 %
    rank interval ``rank_low``–``rank_high``, and ``p_top_quarter`` / ``p_bottom_quarter``
    (share of posterior draws in which the unit is among the best / worst ⌈K/4⌉)."""
    sample = posterior_draws(post, draws, seed)
    k = sample.shape[1]
    # rank 1 = best (largest); ties (e.g. equal draws) broken by position, rare for continuous
    ranks = k - stats.rankdata(sample, axis=1, method="ordinal") + 1
    q = quarter_size(k)
    out = post[["unit_code", "unit_name"]].copy()
    out["raw_rank"] = stats.rankdata(-post["raw"].to_numpy(), method="min").astype(int)
    out["shrunk_rank"] = stats.rankdata(-post["shrunk"].to_numpy(), method="min").astype(int)
    out["mean_rank"] = ranks.mean(axis=0)
    out["rank_low"] = np.quantile(ranks, 0.025, axis=0, method="lower").astype(int)
    out["rank_high"] = np.quantile(ranks, 0.975, axis=0, method="higher").astype(int)
    out["p_top_quarter"] = (ranks <= q).mean(axis=0)
    out["p_bottom_quarter"] = (ranks > k - q).mean(axis=0)
    return out


def with_published(ranks: pd.DataFrame, published: list[str]) -> pd.DataFrame:
    """``ranks`` with ``published_rank``: the position of each unit in a published ranking
    (a list of unit codes, best first), counted among the units compared here; empty where the
    unit is not in the list."""
    listed = [c for c in published if c in set(ranks["unit_code"])]
    pos = {code: i + 1 for i, code in enumerate(listed)}
    out = ranks.copy()
    out["published_rank"] = pd.array([pos.get(c) for c in out["unit_code"]], dtype="Int64")
    return out
