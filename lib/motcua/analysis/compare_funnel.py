"""Funnel plots for comparing units' rates against their volume, with overdispersion.

The method is Spiegelhalter's (D. J. Spiegelhalter, "Funnel plots for comparing institutional
performance", *Statistics in Medicine* 24:1185–1202, 2005; "Handling over-dispersion of
performance indicators", *Quality and Safety in Health Care* 14:347–351, 2005) as the NHS-R
package FunnelPlotR 0.6.0 implements it for proportions (``data_type = "PR"``; its internal
functions ``transformed_zscore``, ``winsorisation``, ``phi_func``, ``tau_func``,
``calculate_limits``; docs/anchors.md C7). Each step below is one small function returning a
table or a number:

1. :func:`pooled_target` — the pooled proportion Σy / Σn; :func:`robust_target` — the pooled
   proportion of the units whose first-pass z-scores lie inside the Winsorising quantiles (the
   target in force; see below).
2. :func:`exact_limits` — exact binomial control limits at each confidence level
   (Spiegelhalter 2005, Appendix A.1.1, with his interpolation between counts).
3. :func:`transformed_zscores` — z-scores on the variance-stabilising scale
   ``Y = asin(sqrt(p))``, ``s = 1 / (2 sqrt(n))``.
4. :func:`winsorise` — z-scores pulled in to their 10th and 90th percentiles (``trim``).
5. :func:`dispersion_ratio` — φ = mean of the squared Winsorised z-scores.
6. :func:`dl_tau2` — the additive between-unit variance τ² (DerSimonian–Laird form), zero
   unless K·φ > K − 1.
7. :func:`widened_limits` — limits on the transformed scale with τ² added:
   ``sin²(asin √θ ± z √(s² + τ²))``.
8. :func:`funnel_table` — every unit with its rate, z-score and the limits in force;
   :func:`outliers` lists the units outside them; :func:`dispersion_table` gives φ, τ² and the
   tests for over- and underdispersion.

**Robust target (a departure from FunnelPlotR).** FunnelPlotR takes the plain pooled
proportion as the target. One large slow office drags it: a commune with 13 % of a district's
dossiers and 7 % late instead of 1.8 % moves the pooled late share by about 0.7 points, which
shifts every other commune's z-score by about +2, inflates φ and τ² and widens the limits until
the slow office hides inside them (measured on SYNTHETIC Quảng Điền records with a planted
``slow_office``: flagged in 17 of 25 seeds with the plain pooled target, 22 of 25 with the
robust one, clean communes outside 2 and 3 of 275). Winsorising already treats the outer
``trim`` of z-scores as suspect, so the target is pooled over the units it leaves untouched
(Jones & Spiegelhalter 2011, "The identification of 'unusual' health-care providers from a
hierarchical model", *The American Statistician* 65:154, on estimating the null distribution
robustly so that outliers do not mask themselves). ``robust=False`` (or ``trim = 0``) gives
FunnelPlotR's target.

Limits (docs/anchors.md C7): the target is estimated from the same units; roughly 10–20 units
are needed before φ means much; an outlier is a unit to look at, not proof of anything.

**Underdispersion** (rates more alike than binomial sampling allows) is a finding in its own
right: figures smoothed or invented to look good vary too little. It is tested with the
untrimmed Pearson statistic Σz² against χ² with K − 1 degrees of freedom (the Winsorised φ is
biased low: for normal z-scores, 10 % Winsorising in each tail gives E[φ] ≈ 0.68, so it cannot
judge "below 1").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

#: Confidence levels of the control limits (Spiegelhalter 2005: 95 % "warning" and 99.8 %
#: "alarm" limits, about 2 and 3 standard deviations).
CONFIDENCE_LEVELS = (0.95, 0.998)
#: Share Winsorised in each tail before φ is computed (FunnelPlotR default ``trim_by = 0.1``).
TRIM = 0.1
#: p-value below which the dispersion of the units is reported as too small or too large.
DISPERSION_ALPHA = 0.001

UNIT_COLUMNS = ["unit_code", "unit_name", "unit_type", "numerator", "denominator"]


def check_units(units: pd.DataFrame) -> pd.DataFrame:
    """The unit table every function here takes: one row per unit with ``unit_code``,
    ``unit_name``, ``unit_type``, ``numerator`` and ``denominator`` (counts, 0 ≤ y ≤ n, n > 0)."""
    missing = set(UNIT_COLUMNS) - set(units.columns)
    if missing:
        raise ValueError(f"unit table lacks columns {sorted(missing)}")
    y = units["numerator"].to_numpy(dtype="float64")
    n = units["denominator"].to_numpy(dtype="float64")
    if np.any(n <= 0) or np.any(y < 0) or np.any(y > n) or np.any(np.round(y) != y) \
            or np.any(np.round(n) != n):
        raise ValueError("numerators and denominators must be counts with 0 <= y <= n, n > 0")
    if not units["unit_code"].is_unique:
        raise ValueError("unit_code must be unique in the unit table")
    return units.reset_index(drop=True)


def pooled_target(units: pd.DataFrame) -> float:
    """The target proportion: Σ numerators / Σ denominators (FunnelPlotR, proportions)."""
    return float(units["numerator"].sum() / units["denominator"].sum())


def inner_units(z, trim: float = TRIM) -> np.ndarray:
    """Mask of the units whose z-score lies within its ``trim`` and ``1 − trim`` quantiles
    (the ones Winsorising leaves untouched); all units when ``trim`` is 0 or fewer than 3
    remain."""
    z = np.asarray(z, dtype="float64")
    if trim <= 0:
        return np.ones(len(z), dtype=bool)
    lo, hi = np.quantile(z, [trim, 1 - trim])
    keep = (z >= lo) & (z <= hi)
    return keep if keep.sum() >= 3 else np.ones(len(z), dtype=bool)


def robust_target(units: pd.DataFrame, trim: float = TRIM) -> float:
    """The pooled proportion of the units inside the Winsorising quantiles of their z-scores
    against the plain pooled proportion (see the module docstring)."""
    z = transformed_zscores(units, pooled_target(units))["z"]
    keep = inner_units(z, trim)
    return pooled_target(units[keep])


def z_for(confidence: float) -> float:
    """Two-sided normal quantile of a confidence level (1.959964 at 95 %, 3.090232 at 99.8 %)."""
    return float(stats.norm.ppf(0.5 + confidence / 2))


def lower_exact_limit(n, target: float, tail: float):
    """Spiegelhalter's (2005, Appendix A.1.1) interpolated binomial quantile at probability
    ``tail``, as a proportion: ``r`` = the smallest count with P(Y ≤ r) ≥ tail,
    ``α = (P(Y ≤ r) − tail) / (P(Y = r))``, limit = ``(r − α) / n``.

    The interpolation is hand-written because no Python library draws funnel limits; scipy
    gives the binomial quantile and CDF. A count ``y`` is below this limit exactly when
    P(Y ≤ y) < tail. Scalars or arrays of ``n``.
    """
    n = np.asarray(n, dtype="float64")
    r = stats.binom.ppf(tail, n, target)
    f_r = stats.binom.cdf(r, n, target)
    f_below = stats.binom.cdf(r - 1, n, target)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(f_r > f_below, (f_r - tail) / (f_r - f_below), 0.0)
    return (r - alpha) / n


def exact_limits(n, target: float, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial control limits ``(low, high)`` for proportions with denominators ``n``
    around ``target`` at a two-sided ``confidence`` (Spiegelhalter 2005, Appendix A.1.1).

    The lower limit is :func:`lower_exact_limit` at ``(1 − confidence) / 2``. The upper limit is
    the same rule applied to the complementary count ``n − y`` (``1 −`` its lower limit), so
    that a unit is above it exactly when P(Y ≥ y) < (1 − confidence) / 2. Taking the plain upper
    quantile instead would put a unit with every dossier on time above the 99.8 % limit even
    where that outcome is common (at target 98 % and n = 100, P(all on time) = 13 %). Limits
    are clipped to [0, 1].
    """
    tail = (1 - confidence) / 2
    low = lower_exact_limit(n, target, tail)
    high = 1 - lower_exact_limit(n, 1 - target, tail)
    # a limit past 0 or 1 (no count is that extreme) is drawn at the edge; no rate crosses it
    return np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)


def transformed_zscores(units: pd.DataFrame, target: float) -> pd.DataFrame:
    """Per unit: ``rate``, ``y_t = asin(√rate)``, ``s = 1 / (2√n)`` and the z-score
    ``(y_t − asin(√target)) / s`` (FunnelPlotR ``transformed_zscore``, ``data_type = "PR"``)."""
    n = units["denominator"].to_numpy(dtype="float64")
    rate = units["numerator"].to_numpy(dtype="float64") / n
    y_t = np.arcsin(np.sqrt(rate))
    s = 1 / (2 * np.sqrt(n))
    z = (y_t - np.arcsin(np.sqrt(target))) / s
    return pd.DataFrame({"unit_code": units["unit_code"].to_numpy(), "rate": rate, "y_t": y_t,
                         "s": s, "z": z})


def winsorise(z, trim: float = TRIM) -> np.ndarray:
    """z-scores clipped to their ``trim`` and ``1 − trim`` quantiles (R's default quantile, as
    FunnelPlotR ``winsorisation``; numpy's "linear" method is the same rule)."""
    z = np.asarray(z, dtype="float64")
    if trim <= 0 or len(z) == 0:
        return z.copy()
    lo, hi = np.quantile(z, [trim, 1 - trim])
    return np.clip(z, lo, hi)


def dispersion_ratio(z_w) -> float:
    """φ = (1/K) Σ z² of the (Winsorised) z-scores (FunnelPlotR ``phi_func``)."""
    z_w = np.asarray(z_w, dtype="float64")
    return float(np.mean(z_w ** 2)) if len(z_w) else float("nan")


def dl_tau2(phi: float, s) -> float:
    """Additive between-unit variance (FunnelPlotR ``tau_func``; DerSimonian–Laird form with
    K·φ in place of Cochran's Q): 0 when K·φ < K − 1, else
    ``(K·φ − (K − 1)) / (Σw − Σw² / Σw)`` with ``w = 1 / s²``."""
    s = np.asarray(s, dtype="float64")
    k = len(s)
    if k < 2 or not np.isfinite(phi) or k * phi < k - 1:
        return 0.0
    w = 1 / s ** 2
    return float(max(0.0, (k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum())))


def widened_limits(n, target: float, tau2: float, confidence: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Limits with the between-unit variance added on the transformed scale:
    ``sin²(asin √θ ± z √(1/(4n) + τ²))`` (FunnelPlotR ``calculate_limits``, ``"PR"``). The
    angle is kept within [0, π/2] (FunnelPlotR does not; past π/2, sin² would turn back)."""
    n = np.asarray(n, dtype="float64")
    half = z_for(confidence) * np.sqrt(1 / (4 * n) + tau2)
    centre = np.arcsin(np.sqrt(target))
    low = np.sin(np.clip(centre - half, 0, np.pi / 2)) ** 2
    high = np.sin(np.clip(centre + half, 0, np.pi / 2)) ** 2
    return low, high


def level_tag(confidence: float) -> str:
    """Column suffix of a confidence level: 0.95 → "95", 0.998 → "998"."""
    return f"{confidence * 100:g}".replace(".", "")


def limits_table(n, target: float, tau2: float, confidence_levels=CONFIDENCE_LEVELS
                 ) -> pd.DataFrame:
    """For each denominator: exact limits (``low_95``, ``high_95``…), widened limits
    (``od_low_95``…) and the limits in force (``use_low_95``…): the exact ones when τ² = 0,
    otherwise the wider of exact and widened (widening never narrows a limit)."""
    n = np.asarray(n, dtype="float64")
    out = pd.DataFrame({"denominator": n})
    for c in confidence_levels:
        t = level_tag(c)
        lo, hi = exact_limits(n, target, c)
        olo, ohi = widened_limits(n, target, tau2, c)
        out[f"low_{t}"], out[f"high_{t}"] = lo, hi
        out[f"od_low_{t}"], out[f"od_high_{t}"] = olo, ohi
        widen = tau2 > 0
        out[f"use_low_{t}"] = np.minimum(lo, olo) if widen else lo
        out[f"use_high_{t}"] = np.maximum(hi, ohi) if widen else hi
    return out


def funnel_table(units: pd.DataFrame, *, confidence_levels=CONFIDENCE_LEVELS,
                 trim: float = TRIM, robust: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(table, dispersion)``: one row per unit (code, name, type, counts, ``rate``, ``z``,
    the limits in force at its denominator and ``outside_<level>``: "low", "high" or ""), and
    the one-row :func:`dispersion_table` (with ``pooled``, the plain pooled proportion).
    ``robust``: the target is :func:`robust_target` (else the pooled proportion)."""
    units = check_units(units)
    target = robust_target(units, trim) if robust else pooled_target(units)
    zs = transformed_zscores(units, target)
    disp = dispersion_table(zs["z"], zs["s"], trim=trim, target=target,
                            all_full=bool((units["numerator"] == units["denominator"]).all()))
    disp.insert(2, "pooled", pooled_target(units))
    tau2 = float(disp["tau2"].iloc[0])
    lim = limits_table(units["denominator"], target, tau2, confidence_levels)
    table = units[UNIT_COLUMNS].copy()
    table["rate"] = zs["rate"]
    table["z"] = zs["z"]
    for c in confidence_levels:
        t = level_tag(c)
        lo, hi = lim[f"use_low_{t}"].to_numpy(), lim[f"use_high_{t}"].to_numpy()
        table[f"low_{t}"], table[f"high_{t}"] = lo, hi
        table[f"outside_{t}"] = np.where(table["rate"] < lo, "low",
                                         np.where(table["rate"] > hi, "high", ""))
    return table, disp


def dispersion_table(z, s, *, trim: float = TRIM, target: float = float("nan"),
                     all_full: bool = False) -> pd.DataFrame:
    """One row: ``units``, ``target``, ``phi`` (Winsorised), ``tau2``, ``tau`` (on the scale of
    ``s``), ``overdispersed`` (τ² > 0), the untrimmed Pearson statistic ``chi2`` with ``df``
    = K − 1, ``p_under`` = P(χ² ≤ chi2) and ``p_over`` = P(χ² ≥ chi2), ``underdispersed``
    (``p_under`` < DISPERSION_ALPHA) and ``all_full`` (every unit at 100 %)."""
    z = np.asarray(z, dtype="float64")
    s = np.asarray(s, dtype="float64")
    k = len(z)
    phi = dispersion_ratio(winsorise(z, trim))
    tau2 = dl_tau2(phi, s)
    chi2 = float(np.sum(z ** 2))
    df = k - 1
    p_under = float(stats.chi2.cdf(chi2, df)) if df > 0 else float("nan")
    p_over = float(stats.chi2.sf(chi2, df)) if df > 0 else float("nan")
    return pd.DataFrame([{
        "units": k, "target": target, "phi": phi, "trim": trim, "tau2": tau2,
        "tau": float(np.sqrt(tau2)), "overdispersed": tau2 > 0, "chi2": chi2, "df": df,
        "p_under": p_under, "p_over": p_over,
        "underdispersed": bool(df > 0 and p_under < DISPERSION_ALPHA), "all_full": all_full,
    }])


def outliers(table: pd.DataFrame, confidence: float = 0.998) -> pd.DataFrame:
    """The units outside the limits in force at ``confidence``, most extreme first."""
    col = f"outside_{level_tag(confidence)}"
    out = table[table[col] != ""]
    return out.reindex(out["z"].abs().sort_values(ascending=False).index).reset_index(drop=True)


def funnel_curve(table: pd.DataFrame, dispersion: pd.DataFrame,
                 confidence_levels=CONFIDENCE_LEVELS, points: int = 120) -> pd.DataFrame:
    """The limits in force over a grid of denominators from the smallest to the largest unit
    (for drawing the funnel; log-spaced whole numbers)."""
    n_min = max(1.0, float(table["denominator"].min()) * 0.8)
    n_max = float(table["denominator"].max()) * 1.2
    grid = np.unique(np.round(np.geomspace(n_min, n_max, points)))
    d = dispersion.iloc[0]
    lim = limits_table(grid, float(d["target"]), float(d["tau2"]), confidence_levels)
    keep = ["denominator"] + [c for c in lim.columns if c.startswith("use_")]
    return lim[keep].rename(columns=lambda c: c.removeprefix("use_"))
