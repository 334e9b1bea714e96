"""Small statistics shared by the claims checks and the analyses: binomial bounds and intervals.

One copy of each: the claims checks judge a published "100% on time" with the same exact bound
the record analyses use.
"""

from __future__ import annotations

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint


def proportion_interval(count, nobs, alpha: float = 0.05, method: str = "wilson"):
    """Two-sided interval for a binomial proportion (statsmodels ``proportion_confint``);
    ``method`` "wilson" (default) or "beta" (Clopper–Pearson, exact). Scalars or arrays."""
    return proportion_confint(count, nobs, alpha=alpha, method=method)


def upper_bound_late_rate(n, late=0, confidence: float = 0.95):
    """Exact one-sided upper confidence bound for the late rate after seeing ``late`` of ``n``.

    Clopper–Pearson (exact binomial): the largest late rate ``p`` with
    ``P(X <= late | n, p) >= 1 − confidence``, i.e. the ``confidence`` quantile of
    Beta(late + 1, n − late). With ``late = 0`` it is ``1 − (1 − confidence)^(1/n)`` (≈ 3/n at
    95%, the "rule of three"). Use: a unit reporting "0 late of 3,028" is compatible with a true
    late rate up to ``upper_bound_late_rate(3028)`` ≈ 0.099% at 95% confidence, so "100% on time"
    is not evidence of a late rate of exactly zero. Returns 1.0 when ``late == n`` (or ``n == 0``).
    Scalars or arrays.
    """
    n_arr, k_arr = np.asarray(n, dtype="float64"), np.asarray(late, dtype="float64")
    if np.any(n_arr < 0) or np.any(k_arr < 0) or np.any(k_arr > n_arr):
        raise ValueError("need 0 <= late <= n")
    if np.any(np.round(n_arr) != n_arr) or np.any(np.round(k_arr) != k_arr):
        raise ValueError("n and late are counts (whole numbers)")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be in (0, 1)")
    with np.errstate(divide="ignore", invalid="ignore"):
        ub = stats.beta.ppf(confidence, k_arr + 1, np.maximum(n_arr - k_arr, 1e-300))
    ub = np.where(k_arr >= n_arr, 1.0, ub)
    return float(ub) if np.ndim(ub) == 0 else ub
