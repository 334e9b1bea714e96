"""SYNTHETIC commune-by-month panels with a reform adopted at staggered dates and a known effect.

The communes are real units of one province or district (``motcua.vn.localities``, code list
``gso-2025-01-04``), so their districts (the clusters of the wild bootstrap) and their 2025
successors (``crosswalk_2025``) are real; everything else is invented:

- dossiers per commune-month: Poisson(``mean_dossiers``) + 5;
- on-time probability = commune level (mean 0.80, sd 0.04) + month shock (sd 0.01) + district ×
  month shock (sd ``district_sd``, shared by the communes of a district, so inference must be
  clustered by district) + the reform effect; on-time dossiers are binomial draws;
- the reform effect after adoption grows with time since adoption: ``effect × (e + 1)`` in
  month ``e = 0, 1, …`` after the adoption month (0 before, and for communes that never adopt);
  it is the column ``true_effect`` (a change in the expected on-time rate, as a proportion);
- communes adopt in ``n_cohorts`` waves spread over the middle of the period, a share
  ``never_share`` never adopts (the controls);
- online share and satisfaction share have no reform effect at all (a true null, to check that
  the estimator finds none).

The on-time probability is clipped to [0.02, 0.99]; ``true_effect`` is the difference between
the clipped probabilities with and without the reform, so it stays exact, and the result counts
the cells where clipping made it smaller than planted (``attrs["clipped_cells"]``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.config import CODE_LIST_LEGACY
from motcua.vn.localities import lookup, units_within

SYNTHETIC_LABEL = ("SYNTHETIC panel: invented dossier counts and rates for real commune codes, "
                   "with a planted reform effect; not real records")
_COMMUNE_LEVELS = ("commune", "ward", "township")


def _communes(locality_code: str, n_units: int, rng: np.random.Generator) -> pd.DataFrame:
    units = units_within(locality_code, CODE_LIST_LEGACY, _COMMUNE_LEVELS)
    if len(units) < n_units:
        raise ValueError(f"{locality_code} has {len(units)} commune-level units, fewer than "
                         f"n_units={n_units}")
    pick = np.sort(rng.choice(len(units), size=n_units, replace=False))
    out = units.iloc[pick][["code", "name", "district_code"]].reset_index(drop=True)
    out["district_name"] = [lookup(c).name for c in out["district_code"]]
    return out.rename(columns={"code": "unit_code", "name": "unit_name"})


def adoption_months(n_periods: int, n_cohorts: int) -> list[int]:
    """Month indices (0-based) of the adoption waves: evenly spread between 25% and 70% of the
    period, so every wave has months before and after it."""
    lo, hi = round(0.25 * n_periods), round(0.70 * n_periods)
    return sorted({int(round(x)) for x in np.linspace(lo, hi, n_cohorts)})


def simulate_staggered_panel(
    locality_code: str = "20",
    *,
    n_units: int = 60,
    start: str = "2023-01-01",
    n_periods: int = 30,
    effect: float = 0.005,
    n_cohorts: int = 3,
    never_share: float = 0.3,
    mean_dossiers: float = 60.0,
    district_sd: float = 0.015,
    seed: int = 20260101,
) -> pd.DataFrame:
    """A SYNTHETIC commune × month panel (see the module docstring), one row per cell.

    Columns: ``unit_code``, ``unit_name``, ``district_code``, ``district_name``, ``period``
    (first day of the month), ``dossiers``, ``on_time``, ``on_time_rate``, ``online``,
    ``online_share``, ``surveys``, ``satisfied``, ``satisfaction_share``, ``adopted_on`` (first
    day of the adoption month, NaT if never), ``true_effect``, ``is_synthetic`` (True).
    ``df.attrs`` holds ``synthetic_label`` and ``clipped_cells``.
    """
    rng = np.random.default_rng(seed)
    units = _communes(locality_code, n_units, rng)
    periods = pd.date_range(pd.Timestamp(start).to_period("M").to_timestamp(), periods=n_periods,
                            freq="MS")
    waves = adoption_months(n_periods, n_cohorts)
    never = rng.random(n_units) < never_share
    first = np.where(never, -1, rng.choice(waves, size=n_units))
    district_ix = pd.factorize(units["district_code"])[0]
    n_districts = district_ix.max() + 1

    t = np.arange(n_periods)
    since = t[None, :] - first[:, None]
    planted = np.where((first[:, None] >= 0) & (since >= 0), effect * (since + 1), 0.0)
    level = rng.normal(0.80, 0.04, n_units)
    month = rng.normal(0.0, 0.01, n_periods)
    dist = rng.normal(0.0, district_sd, (n_districts, n_periods))[district_ix]
    p0 = np.clip(level[:, None] + month[None, :] + dist, 0.02, 0.99)  # without the reform
    p = np.clip(p0 + planted, 0.02, 0.99)
    truth = p - p0  # exact even where a cell is clipped
    dossiers = rng.poisson(mean_dossiers, (n_units, n_periods)) + 5
    on_time = rng.binomial(dossiers, p)
    online = rng.binomial(dossiers, np.clip(0.15 + 0.01 * t, 0, 0.9)[None, :])
    surveys = rng.binomial(dossiers, 0.3)
    satisfied = rng.binomial(surveys, 0.9)

    adopted = pd.DatetimeIndex([periods[f] if f >= 0 else pd.NaT for f in first])
    df = pd.DataFrame({
        "unit_code": np.repeat(units["unit_code"].to_numpy(), n_periods),
        "unit_name": np.repeat(units["unit_name"].to_numpy(), n_periods),
        "district_code": np.repeat(units["district_code"].to_numpy(), n_periods),
        "district_name": np.repeat(units["district_name"].to_numpy(), n_periods),
        "period": np.tile(periods.to_numpy(), n_units),
        "dossiers": dossiers.ravel(),
        "on_time": on_time.ravel(),
        "online": online.ravel(),
        "surveys": surveys.ravel(),
        "satisfied": satisfied.ravel(),
        "adopted_on": adopted.repeat(n_periods),
        "true_effect": truth.ravel(),
        "is_synthetic": True,
    })
    df["on_time_rate"] = df["on_time"] / df["dossiers"]
    df["online_share"] = df["online"] / df["dossiers"]
    df["satisfaction_share"] = (df["satisfied"] / df["surveys"]).where(df["surveys"] > 0)
    df.attrs["synthetic_label"] = SYNTHETIC_LABEL
    df.attrs["clipped_cells"] = int((np.abs(truth - planted) > 1e-12).sum())
    return df


def adoption_table(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per commune: ``unit_code``, ``adopted_on`` (NaT: never adopts)."""
    return (panel.drop_duplicates("unit_code")[["unit_code", "adopted_on"]]
            .reset_index(drop=True))
