"""Time to resolution against the working-day deadline: Kaplan–Meier curves.

Each dossier's clock is read in **working days relative to its due date** (the due date
extended by supplement pauses, ``ontime.dossier_timeline``'s ``due_adjusted``): 0 is the last
working day on or before the due date, −3 three working days earlier, +2 two working days late
(``motcua.vn.calendar.working_days_between``). A dossier is an *event* when it is resolved; one
withdrawn, refused or stopped, or still open when the data end, is *censored* at that day.
statsmodels' ``SurvfuncRight`` (Kaplan–Meier) estimates the share still unresolved at each
offset; the curves show where resolutions pile up (a step at 0 is the deadline).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.vn import calendar as wcal

#: Offsets (working days from the due date) at which the curves are tabulated.
TABLE_OFFSETS = (-5, -1, 0, 1, 5)


def resolution_times(dossiers: pd.DataFrame, events: pd.DataFrame, period_start,
                     period_end) -> pd.DataFrame:
    """One row per dossier received in the period (index ``dossier_id``): ``offset`` (working
    days from the due date to resolution, or to censoring) and ``resolved`` (the event flag).
    Dossiers with no due date are left out."""
    ps, pe = ontime.period_bounds(period_start, period_end)
    tl = ontime.dossier_timeline(dossiers, events)
    tl = tl[tl["received_at"].between(ps, pe) & tl["due_adjusted"].notna()]
    last = pd.to_datetime(events["at"]).max()
    end = tl["resolved_at"].fillna(tl["end_at"]).fillna(last)
    offset = wcal.working_days_between(tl["due_adjusted"], end)
    return pd.DataFrame({"offset": offset.to_numpy(), "resolved": tl["resolved_at"].notna()
                         .to_numpy()}, index=tl.index)


def km_curves(times: pd.DataFrame, groups: pd.Series | None = None,
              alpha: float = 0.05) -> pd.DataFrame:
    """Kaplan–Meier curves (statsmodels ``SurvfuncRight``), one per group: columns ``group``,
    ``offset``, ``unresolved`` (S), ``resolved_share`` (1 − S) and the pointwise ``1 − alpha``
    interval of the resolved share (``ci_low``, ``ci_high``), one row per offset with an event.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    labels = (pd.Series("all", index=times.index) if groups is None
              else groups.reindex(times.index).astype(str))
    parts = []
    for g, idx in labels.groupby(labels).groups.items():
        t = times.loc[idx]
        if not t["resolved"].any():
            continue
        sf = SurvfuncRight(t["offset"].to_numpy(float), t["resolved"].to_numpy(int))
        lo, hi = _pointwise(sf, alpha)
        parts.append(pd.DataFrame({
            "group": g, "dossiers": len(t), "offset": sf.surv_times.astype(int),
            "unresolved": sf.surv_prob, "resolved_share": 1 - sf.surv_prob,
            "ci_low": 1 - hi, "ci_high": 1 - lo}))
    cols = ["group", "dossiers", "offset", "unresolved", "resolved_share", "ci_low", "ci_high"]
    return pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)


def _pointwise(sf, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise interval of S from statsmodels' Greenwood standard error, on the log(−log)
    scale (statsmodels ``SurvfuncRight.quantile_ci`` uses the same transform)."""
    from scipy import stats

    z = stats.norm.ppf(1 - alpha / 2)
    s = np.clip(sf.surv_prob, 1e-12, 1 - 1e-12)
    se = sf.surv_prob_se / (s * np.abs(np.log(s)))
    lo = np.exp(-np.exp(np.log(-np.log(s)) + z * np.nan_to_num(se)))
    hi = np.exp(-np.exp(np.log(-np.log(s)) - z * np.nan_to_num(se)))
    return lo, hi


def km_table(curves: pd.DataFrame, offsets: Sequence[int] = TABLE_OFFSETS) -> pd.DataFrame:
    """The resolved share (percent) of each group at ``offsets``: the step function read at
    each offset (last event at or before it; 0 before the first event)."""
    rows = []
    for g, c in curves.groupby("group", sort=True):
        c = c.sort_values("offset")
        row = {"group": g, "dossiers": int(c["dossiers"].iloc[0])}
        for o in offsets:
            upto = c[c["offset"] <= o]
            share = float(upto["resolved_share"].iloc[-1]) if len(upto) else 0.0
            row[_offset_label(o)] = 100 * share
        rows.append(row)
    return pd.DataFrame(rows)


def _offset_label(o: int) -> str:
    if o == 0:
        return "by the due day %"
    return f"by due {o:+d} wd %"
