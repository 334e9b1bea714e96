"""Event studies of a reform adopted at staggered dates, with few-cluster inference.

Estimator: the interaction-weighted (IW) event study of Sun & Abraham (2021, *Journal of
Econometrics* 225:175). One regression of the outcome on unit and period fixed effects and a
dummy for every (adoption cohort g, event time e) cell except e = −1, with the never-treated
units as controls; the coefficient of a cell is that cohort's effect e periods after adoption
(CATT). The effect at event time e is the average of the cohorts' CATT weighted by how many
treated observations each cohort has at e; the overall effect averages every post-adoption
cell the same way. Pre-adoption coefficients (e < −1) are the test of parallel trends: they are
zero, up to noise, when treated and control units moved alike before adoption.

Point estimates come from ``diff_diff.SunAbraham`` (diff-diff 3.13.0); the same regression is
rebuilt here (:func:`saturated_design`) only to bootstrap linear combinations of its
coefficients, and :func:`event_study` checks that the two agree.

Inference: the wild cluster restricted bootstrap (Cameron, Gelbach & Miller 2008, *Review of
Economics and Statistics* 90:414) of ``diff_diff.wild_bootstrap_se``, which imposes the null,
uses Webb's six-point weights (MacKinnon & Webb 2018, *Econometrics Journal* 21:114, for few
clusters) and inverts the test for the interval. A weighted sum of coefficients r'δ is
bootstrapped as one coefficient of a reparametrised regression (:func:`_reparametrised`). With
10–20 clusters (the communes of a district, or the districts of a province) cluster-robust
standard errors with normal critical values cover too rarely; the wild bootstrap is the usual
remedy, and every interval is reported with its number of clusters.

Naive two-way fixed effects (TWFE): the outcome on unit and period fixed effects and one
"adopted" dummy. Under staggered adoption with effects that change over time it compares late
adopters with early adopters that are already treated, whose growing effect is subtracted
(Goodman-Bacon 2021, *Journal of Econometrics* 225:254); it can be far from any average effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Wild bootstrap weights: Webb's six-point distribution (MacKinnon & Webb 2018).
BOOT_WEIGHTS = "webb"
#: Fewer clusters than this and even the wild bootstrap cannot be trusted (diff-diff warns
#: below 5; MacKinnon & Webb 2018 study as few as 5–10).
MIN_CLUSTERS = 5
EVENT_COLUMNS = ["event_time", "estimate", "ci_low", "ci_high", "p_value", "n_clusters",
                 "n_cohorts", "twfe_dynamic", "true_effect"]
OVERALL_COLUMNS = ["estimator", "estimate", "ci_low", "ci_high", "p_value", "n_clusters",
                   "true_effect"]


@dataclass(frozen=True)
class EventStudy:
    """Result of :func:`event_study` (tables ready to show)."""

    events: pd.DataFrame     # EVENT_COLUMNS, one row per event time in the window
    overall: pd.DataFrame    # OVERALL_COLUMNS: IW overall, IW pre-period mean, naive TWFE
    cohorts: pd.DataFrame    # cohort (first treated period), adopted_on, n_units
    n_clusters: int
    n_units: int
    n_periods: int
    control: str             # who the controls are, in words
    dropped: pd.DataFrame    # units left out (adopted before the panel starts)


def event_time_panel(panel: pd.DataFrame, outcome: str, *, unit: str = "unit_code",
                     period: str = "period", adopted: str = "adopted_on",
                     cluster: str = "district_code") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel as the estimators take it, and the units that must be left out.

    Columns out: ``unit``, ``cluster``, ``time`` (1, 2, … over the sorted periods), ``cohort``
    (the ``time`` of the period containing the adoption date; 0 = never adopts within the
    panel, which includes units adopting after its last period), ``y``, and ``true_effect``
    when the panel has it. Units adopting on or before the first period have no pre-period and
    are returned in the second table instead (always-treated units cannot be compared).
    """
    need = {unit, period, adopted, outcome, cluster}
    missing = need - set(panel.columns)
    if missing:
        raise ValueError(f"panel lacks columns {sorted(missing)}")
    periods = pd.DatetimeIndex(sorted(panel[period].unique()))
    time = pd.Series(np.arange(1, len(periods) + 1), index=periods)
    step = periods[-1] - periods[-2] if len(periods) > 1 else pd.Timedelta(days=1)
    adopt = pd.DatetimeIndex(pd.to_datetime(panel[adopted]))
    # the period containing the adoption date: the number of periods starting on or before it
    pos = periods.searchsorted(adopt.fillna(periods[0]), side="right")
    within = adopt.notna() & (adopt < periods[-1] + step)
    out = pd.DataFrame({
        "unit": panel[unit].astype(str).to_numpy(),
        "cluster": panel[cluster].astype(str).to_numpy(),
        "time": time.reindex(pd.DatetimeIndex(panel[period])).to_numpy(),
        "cohort": np.where(within, pos, 0).astype(int),
        "y": panel[outcome].astype(float).to_numpy(),
    })
    if "true_effect" in panel.columns:
        out["true_effect"] = panel["true_effect"].astype(float).to_numpy()
    always = np.asarray(adopt.notna() & (pos <= 1))
    dropped = (panel.loc[always, [unit, adopted]].drop_duplicates(unit)
               .reset_index(drop=True))
    out = out[~always].dropna(subset=["y"])
    return out.reset_index(drop=True), dropped


def saturated_design(ev: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The Sun–Abraham regressors: one 0/1 column per (cohort, event time) cell of treated
    units except event time −1, and the cells as a table (``cohort``, ``event_time``, ``n``:
    observations in the cell)."""
    treated = ev["cohort"] > 0
    e = np.where(treated, ev["time"] - ev["cohort"], 0)
    keys = pd.DataFrame({"cohort": ev["cohort"][treated], "event_time": e[treated]})
    cells = (keys[keys["event_time"] != -1].value_counts().rename("n").reset_index()
             .sort_values(["cohort", "event_time"]).reset_index(drop=True))
    index = {(g, k): j for j, (g, k) in enumerate(zip(cells["cohort"], cells["event_time"]))}
    X = np.zeros((len(ev), len(cells)))
    rows = np.flatnonzero(treated & (e != -1))
    cols = [index[(g, k)] for g, k in zip(ev["cohort"].to_numpy()[rows], e[rows])]
    X[rows, cols] = 1.0
    return cells, X


def two_way_demean(M: np.ndarray, unit, time, tol: float = 1e-12, max_iter: int = 1000
                   ) -> np.ndarray:
    """Columns of ``M`` net of unit and period fixed effects (alternating projections; one pass
    is exact on a balanced panel). Frisch–Waugh–Lovell: regressing demeaned y on demeaned X
    gives the fixed-effects coefficients."""
    M = pd.DataFrame(np.asarray(M, dtype=float))
    u, t = pd.Series(unit).to_numpy(), pd.Series(time).to_numpy()
    for _ in range(max_iter):
        before = M.to_numpy().copy()
        M = M - M.groupby(u).transform("mean").to_numpy()
        M = M - M.groupby(t).transform("mean").to_numpy()
        if np.abs(M.to_numpy() - before).max() < tol:
            break
    return M.to_numpy()


def _reparametrised(X: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, int]:
    """``X A⁻¹`` where A is the identity with row k replaced by ``weights`` (k: first non-zero
    weight): the k-th coefficient of the new regression is ``weights · β`` and the fit is
    unchanged, so a one-coefficient bootstrap can test a weighted sum of coefficients."""
    k = int(np.flatnonzero(weights)[0])
    A = np.eye(len(weights))
    A[k] = weights
    return X @ np.linalg.inv(A), k


def wild_interval(X: np.ndarray, y: np.ndarray, clusters, weights: np.ndarray, *,
                  reps: int, seed: int, alpha: float = 0.05) -> dict:
    """Estimate, wild cluster bootstrap interval and p-value of ``weights · β`` in the
    regression of ``y`` on ``X`` (both already net of fixed effects)."""
    from diff_diff import wild_bootstrap_se

    Xr, k = _reparametrised(X, np.asarray(weights, dtype=float))
    beta = np.linalg.lstsq(Xr, y, rcond=None)[0]
    res = wild_bootstrap_se(Xr, y, None, np.asarray(clusters), k, n_bootstrap=reps,
                            weight_type=BOOT_WEIGHTS, alpha=alpha, seed=seed)
    return {"estimate": float(beta[k]), "ci_low": float(res.ci_lower),
            "ci_high": float(res.ci_upper), "p_value": float(res.p_value),
            "n_clusters": int(res.n_clusters)}


def cell_weights(cells: pd.DataFrame, event_times) -> np.ndarray:
    """IW weights over the cells for the average effect over ``event_times``: each cell by its
    number of observations (Sun & Abraham's cohort shares), summing to 1."""
    w = np.where(cells["event_time"].isin(list(event_times)), cells["n"], 0).astype(float)
    if w.sum() == 0:
        raise ValueError(f"no cohort is observed at event times {list(event_times)}")
    return w / w.sum()


def naive_twfe(ev: pd.DataFrame, *, reps: int, seed: int, alpha: float = 0.05) -> dict:
    """Static TWFE: y on unit and period fixed effects and 1[adopted]; wild bootstrap interval."""
    d = ((ev["cohort"] > 0) & (ev["time"] >= ev["cohort"])).astype(float).to_numpy()
    Xd = two_way_demean(d[:, None], ev["unit"], ev["time"])
    yd = two_way_demean(ev[["y"]].to_numpy(), ev["unit"], ev["time"])[:, 0]
    return wild_interval(Xd, yd, ev["cluster"], np.array([1.0]), reps=reps, seed=seed,
                         alpha=alpha)


def twfe_dynamic(ev: pd.DataFrame) -> pd.Series:
    """Naive dynamic TWFE point estimates: one dummy per event time pooled over cohorts
    (reference e = −1), by event time. Biased under heterogeneous effects (Sun & Abraham
    2021, Prop. 1), shown for comparison."""
    e = np.where(ev["cohort"] > 0, ev["time"] - ev["cohort"], np.nan)
    times = sorted(set(e[~np.isnan(e)]) - {-1})
    X = np.column_stack([(e == k).astype(float) for k in times])
    Xd = two_way_demean(X, ev["unit"], ev["time"])
    yd = two_way_demean(ev[["y"]].to_numpy(), ev["unit"], ev["time"])[:, 0]
    beta = np.linalg.lstsq(Xd, yd, rcond=None)[0]
    return pd.Series(beta, index=pd.Index([int(k) for k in times], name="event_time"))


def _true_effects(ev: pd.DataFrame, cells: pd.DataFrame, targets: dict) -> dict:
    """The planted effect averaged with the estimator's own weights (None without truth)."""
    if "true_effect" not in ev.columns:
        return {name: None for name in targets}
    treated = ev["cohort"] > 0
    e = ev["time"] - ev["cohort"]
    cell_truth = (ev[treated].assign(event_time=e[treated])
                  .groupby(["cohort", "event_time"])["true_effect"].mean())
    truth = cell_truth.reindex(pd.MultiIndex.from_frame(cells[["cohort", "event_time"]]))
    return {name: float(np.nansum(w * truth.to_numpy())) for name, w in targets.items()}


def _check_against_library(ev: pd.DataFrame, cells: pd.DataFrame, beta: np.ndarray) -> None:
    """The rebuilt regression must give diff-diff's Sun–Abraham estimates (see module doc)."""
    import warnings

    from diff_diff import SunAbraham

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sa = SunAbraham(control_group="never_treated", cluster="cluster",
                        rank_deficient_action="silent").fit(
            ev, outcome="y", unit="unit", time="time", first_treat="cohort")
    for e, row in sa.event_study_effects.items():
        w = np.where(cells["event_time"] == e, cells["n"], 0.0)
        if w.sum() and abs(w @ beta / w.sum() - row["effect"]) > 1e-8:
            raise RuntimeError(f"event time {e}: rebuilt Sun–Abraham regression gives "
                               f"{w @ beta / w.sum()}, diff-diff {row['effect']}")


def event_study(panel: pd.DataFrame, outcome: str, *, cluster: str = "district_code",
                window: tuple[int, int] | None = (-6, 12), reps: int = 999, seed: int = 0,
                alpha: float = 0.05, unit: str = "unit_code", period: str = "period",
                adopted: str = "adopted_on") -> EventStudy:
    """Sun–Abraham event study of ``outcome`` with wild cluster bootstrap intervals, and the
    naive TWFE estimate beside it (module docstring). ``window``: event times shown (the
    regression uses all). Controls: never-treated units; if there are none, the last cohort
    to adopt serves as control and the periods from its adoption on are dropped (Sun &
    Abraham 2021, §3)."""
    ev, dropped = event_time_panel(panel, outcome, unit=unit, period=period, adopted=adopted,
                                   cluster=cluster)
    control = f"never-treated units ({ev.loc[ev['cohort'] == 0, 'unit'].nunique()})"
    if not (ev["cohort"] == 0).any():
        last = ev["cohort"].max()
        ev = ev[ev["time"] < last].assign(cohort=lambda d: d["cohort"].where(
            d["cohort"] != last, 0))
        control = f"the last cohort to adopt (period {last}), before it adopts"
    if ev["cohort"].max() == 0:
        raise ValueError("no unit adopts within the panel: nothing to estimate")
    if ev["cluster"].nunique() < MIN_CLUSTERS:
        raise ValueError(f"{ev['cluster'].nunique()} cluster(s) in column {cluster!r}: the wild "
                         f"bootstrap needs at least {MIN_CLUSTERS} (cluster by commune instead)")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # small dense solves: BLAS threads only spin on a busy machine
        return _event_study(ev, dropped, control, panel[period], window, reps, seed, alpha)


def _event_study(ev, dropped, control, periods, window, reps, seed, alpha) -> EventStudy:
    cells, X = saturated_design(ev)
    Xd = two_way_demean(X, ev["unit"], ev["time"])
    yd = two_way_demean(ev[["y"]].to_numpy(), ev["unit"], ev["time"])[:, 0]
    beta = np.linalg.lstsq(Xd, yd, rcond=None)[0]
    _check_against_library(ev, cells, beta)

    lo, hi = window or (0, -1)
    shown = [e for e in range(lo, hi + 1) if e != -1 and (cells["event_time"] == e).any()]
    targets = {e: cell_weights(cells, [e]) for e in shown}
    post = sorted(e for e in cells["event_time"].unique() if e >= 0)
    pre = [e for e in shown if e < -1]
    targets["overall"] = cell_weights(cells, post)
    if pre:
        targets["pre"] = cell_weights(cells, pre)
    truth = _true_effects(ev, cells, targets)
    boot = {name: wild_interval(Xd, yd, ev["cluster"], w, reps=reps, seed=seed, alpha=alpha)
            for name, w in targets.items()}
    dyn = twfe_dynamic(ev)
    events = pd.DataFrame([{
        "event_time": e, **boot[e],
        "n_cohorts": int(((cells["event_time"] == e) & (cells["n"] > 0)).sum()),
        "twfe_dynamic": float(dyn.get(e, np.nan)), "true_effect": truth[e],
    } for e in shown], columns=EVENT_COLUMNS)
    twfe = naive_twfe(ev, reps=reps, seed=seed, alpha=alpha)
    twfe_truth = (float(ev.loc[(ev["cohort"] > 0) & (ev["time"] >= ev["cohort"]),
                               "true_effect"].mean()) if "true_effect" in ev else None)
    rows = [{"estimator": "Sun–Abraham, all post-adoption periods", **boot["overall"],
             "true_effect": truth["overall"]}]
    if pre:
        first_pre = str(min(pre)).replace("-", "−")
        rows.append({"estimator": f"Sun–Abraham, pre-adoption mean ({first_pre}…−2)",
                     **boot["pre"], "true_effect": truth["pre"]})
    rows.append({"estimator": "naive TWFE (one adopted dummy)", **twfe,
                 "true_effect": twfe_truth})
    first = ev.groupby("unit")["cohort"].first()
    cohorts = (first[first > 0].value_counts().rename("n_units").rename_axis("cohort")
               .sort_index().reset_index())
    periods = pd.DatetimeIndex(sorted(periods.unique()))
    cohorts.insert(1, "first_period", [periods[c - 1].date().isoformat()
                                       for c in cohorts["cohort"]])
    return EventStudy(events, pd.DataFrame(rows, columns=OVERALL_COLUMNS), cohorts,
                      int(ev["cluster"].nunique()), int(ev["unit"].nunique()),
                      int(ev["time"].nunique()), control, dropped)
