"""Funnel comparison of published *scores* (QĐ 766 points, PAPI dimensions) that come without
counts.

A score such as a province's 766 total or its PAPI dimension 5 has no denominator, so binomial
limits cannot be drawn. What the public panels do give is the same units over several years.
The noise against which one year's differences are judged is then the year-to-year wobble of a
unit around its own level, beyond the shift all units share:

    score(unit, year) = level(unit) + shift(year) + e,   e ~ N(0, σ²)

fitted by least squares on the panel (:func:`panel_noise`, statsmodels OLS with unit and year
effects; missing unit-years are simply absent rows). σ then plays the part of the binomial
standard error: every unit's score in the chosen year is compared with the mean of the units,
with z = (score − mean) / σ, the same φ and τ² as for proportions
(:mod:`motcua.analysis.compare_funnel`, Spiegelhalter 2005, *QSHC* 14:347) and limits
``mean ± z √(σ² + τ²)``.

What this does not know: σ mixes sampling error with genuine year-to-year change (a province
improving faster than the rest adds to σ), and a panel of 3–4 years gives a rough σ. Every unit
has the same σ, so the "funnel" is a band of constant width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis.compare_funnel import (
    CONFIDENCE_LEVELS,
    TRIM,
    dispersion_table,
    inner_units,
    level_tag,
    z_for,
)

PANEL_COLUMNS = ["unit_code", "unit_name", "year", "value"]


def panel_noise(panel: pd.DataFrame) -> pd.DataFrame:
    """One row: ``sigma`` (residual standard deviation of score ~ unit + year), ``df``
    (residual degrees of freedom), ``units``, ``years``, ``observations``. Needs at least two
    years and more observations than parameters."""
    import statsmodels.formula.api as smf

    missing = set(PANEL_COLUMNS) - set(panel.columns)
    if missing:
        raise ValueError(f"panel lacks columns {sorted(missing)}")
    data = panel.dropna(subset=["value"]).assign(
        unit=lambda d: d["unit_code"].astype(str), yr=lambda d: d["year"].astype(str))
    k, t = data["unit"].nunique(), data["yr"].nunique()
    if t < 2 or len(data) <= k + t - 1:
        raise ValueError("the noise of a score needs at least two years of the same units")
    fit = smf.ols("value ~ C(unit) + C(yr)", data=data).fit()
    return pd.DataFrame([{"sigma": float(np.sqrt(fit.scale)), "df": int(fit.df_resid),
                          "units": int(k), "years": int(t), "observations": int(len(data))}])


def score_units(panel: pd.DataFrame, year: int, sigma: float) -> pd.DataFrame:
    """The units with a score in ``year``: ``unit_code``, ``unit_name``, ``unit_type``,
    ``value`` and ``se`` = ``sigma``."""
    one = panel[(panel["year"] == year) & panel["value"].notna()]
    out = one[["unit_code", "unit_name"]].copy()
    out["unit_type"] = one["unit_type"] if "unit_type" in one else "province"
    out["value"] = one["value"].astype("float64")
    out["se"] = float(sigma)
    return out.reset_index(drop=True)


def score_funnel_table(units: pd.DataFrame, *, confidence_levels=CONFIDENCE_LEVELS,
                       trim: float = TRIM) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(table, dispersion)`` as :func:`motcua.analysis.compare_funnel.funnel_table`, for
    scores: the target is the precision-weighted mean of the units inside the Winsorising
    quantiles (as ``robust_target`` for counts), z = (value − target) / se, limits
    ``target ± z_c √(se² + τ²)`` (the unwidened ones when τ² = 0)."""
    if units.empty:
        raise ValueError("no units to compare")
    v = units["value"].to_numpy(dtype="float64")
    se = units["se"].to_numpy(dtype="float64")
    w = 1 / se ** 2
    mean = float(np.sum(w * v) / np.sum(w))
    keep = inner_units((v - mean) / se, trim)
    target = float(np.sum(w[keep] * v[keep]) / np.sum(w[keep]))
    z = (v - target) / se
    disp = dispersion_table(z, se, trim=trim, target=target, all_full=False)
    disp.insert(2, "pooled", mean)
    tau2 = float(disp["tau2"].iloc[0])
    table = units[["unit_code", "unit_name", "unit_type", "value", "se"]].copy()
    table["z"] = z
    for c in confidence_levels:
        t = level_tag(c)
        half = z_for(c) * np.sqrt(se ** 2 + tau2)
        table[f"low_{t}"], table[f"high_{t}"] = target - half, target + half
        table[f"outside_{t}"] = np.where(v < target - half, "low",
                                         np.where(v > target + half, "high", ""))
    return table.reset_index(drop=True), disp


def score_curve(table: pd.DataFrame, confidence_levels=CONFIDENCE_LEVELS) -> pd.DataFrame:
    """The limits of :func:`score_funnel_table` against the units' rank (a band: every unit
    has the same standard error)."""
    order = table.sort_values("value", ascending=False).reset_index(drop=True)
    out = pd.DataFrame({"position": np.arange(1, len(order) + 1)})
    for c in confidence_levels:
        t = level_tag(c)
        out[f"low_{t}"] = order[f"low_{t}"].to_numpy()
        out[f"high_{t}"] = order[f"high_{t}"].to_numpy()
    return out
