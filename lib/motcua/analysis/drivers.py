"""What goes with a late dossier: on-time rates by factor, and a binomial model of on-time.

Factors (``FACTORS``), one column each of :func:`dossier_factors`:

``office``      the reception unit (``reception_unit``);
``field``       the procedure's field (``field_code``);
``channel``     in person / online / postal (``channel``);
``mechanism``   one-stop or inter-agency "liên thông" (``is_interagency``; ND 61 Art. 3(1)–(2),
                docs/domain.md §1.2);
``month``       month of receipt;
``limit``       the statutory limit in working-day equivalents (:func:`limit_band`);
``workload``    how busy the office was in the week of receipt (:func:`workload_band`).

On-time flags come from ``motcua.analysis.ontime.classify`` under a named convention, so every
table here can be shown under the convention a locality reports and under the national one.

The model (:func:`fit_drivers`) is a binomial GLM with a logit link of on-time on every factor
but the office, fitted to **covariate-pattern counts** (one row per combination of factor levels
and office, with its on-time and total dossiers). The binomial likelihood of a pattern is the
product of its dossiers' Bernoulli likelihoods, so estimates equal the row-level fit's; the
office-clustered covariance (CRV1: Cameron & Miller 2015, "A Practitioner's Guide to
Cluster-Robust Inference", J. Human Resources 50(2)) equals it too once the small-sample factor
uses the number of dossiers, not of patterns (tests/test_drivers.py holds both to 1e-6). Offices
are the clusters, not covariates: an office dummy's clustered variance is degenerate. Effects are
average marginal effects (AME) in percentage points, with a wild cluster (score) bootstrap
when offices are few (:func:`score_bootstrap`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.stats import proportion_interval
from motcua.vn import calendar as wcal

FACTORS = ("office", "field", "channel", "mechanism", "month", "limit", "workload")
MODEL_FACTORS = ("field", "channel", "mechanism", "month", "limit", "workload")
FACTOR_LABELS = {
    "office": "office", "field": "procedure field", "channel": "channel",
    "mechanism": "mechanism", "month": "month of receipt", "limit": "statutory limit",
    "workload": "office workload that week",
}
#: Working-day equivalents of the other limit units: hours / 8 (the software's rule,
#: docs/domain.md §1.6), calendar days × 5/7, months × 22. Used only to band limits.
WORKING_DAYS_PER = {"working_day": 1.0, "hour": 1 / 8, "day": 5 / 7, "month": 22.0}
LIMIT_BANDS = ((0.0, "same day"), (3.0, "1–3 working days"), (10.0, "4–10 working days"),
               (np.inf, "over 10 working days"))
#: A week with fewer than 0.75× (more than 1.25×) the office's median weekly receipts is quiet
#: (busy). A design choice: a ±25% band around the office's own typical week.
WORKLOAD_BANDS = (0.75, 1.25)
WORKLOAD_LABELS = ("quiet week", "usual week", "busy week")
RATE_COLUMNS = ["factor", "level", "convention", "on_time", "dossiers", "rate", "ci_low",
                "ci_high"]


# ---------------------------------------------------------------------------------------------
# factors


def limit_band(statutory_limit: pd.Series, limit_unit: pd.Series) -> pd.Series:
    """The statutory limit as a band of working-day equivalents (``LIMIT_BANDS``)."""
    per = limit_unit.astype(object).map(WORKING_DAYS_PER).astype("float64")
    wd = statutory_limit.astype("float64") * per
    edges = [-np.inf] + [b for b, _ in LIMIT_BANDS]
    labels = [label for _, label in LIMIT_BANDS]
    return pd.cut(wd, edges, labels=labels, right=True).astype(object).fillna("unknown")


def workload_band(received_at: pd.Series, office: pd.Series) -> pd.Series:
    """Receipts of the office in the ISO week of each dossier against the office's median week
    (``WORKLOAD_BANDS``)."""
    week = pd.to_datetime(received_at).dt.to_period("W-SUN")
    per_week = pd.DataFrame({"office": office.to_numpy(), "week": week.to_numpy()})
    counts = per_week.groupby(["office", "week"]).size()
    median = counts.groupby(level="office").median()
    ratio = (counts / median.reindex(counts.index.get_level_values("office")).to_numpy())
    key = pd.MultiIndex.from_arrays([per_week["office"], per_week["week"]])
    r = ratio.reindex(key).to_numpy()
    lo, hi = WORKLOAD_BANDS
    out = np.where(r < lo, WORKLOAD_LABELS[0], np.where(r > hi, WORKLOAD_LABELS[2],
                                                           WORKLOAD_LABELS[1]))
    return pd.Series(out, index=received_at.index)


def dossier_factors(dossiers: pd.DataFrame) -> pd.DataFrame:
    """One row per dossier (index ``dossier_id``), one column per factor in ``FACTORS``."""
    d = dossiers.set_index("dossier_id")
    received = pd.to_datetime(d["received_at"])
    office = d["reception_unit"].astype(str)
    mech = d["is_interagency"].astype(bool) if "is_interagency" in d else pd.Series(False, d.index)
    return pd.DataFrame({
        "office": office,
        "field": d["field_code"].astype(str),
        "channel": d["channel"].astype(str),
        "mechanism": np.where(mech, "inter-agency (liên thông)", "one-stop"),
        "month": received.dt.strftime("%Y-%m"),
        "limit": limit_band(d["statutory_limit"], d["limit_unit"]),
        "workload": workload_band(received, office),
    }, index=d.index)


def on_time_frame(dossiers: pd.DataFrame, events: pd.DataFrame, period_start, period_end,
                  conventions: Sequence[str]) -> pd.DataFrame:
    """Long table: the factors of each dossier in a convention's denominator, with
    ``convention`` and ``on_time`` (bool). Dossiers whose on-time cannot be determined (no due
    date and no limit) are left out, as ``ontime.rates_by_convention`` leaves them out."""
    flags = ontime.classify(dossiers, events, period_start, period_end, list(conventions))
    flags = flags[flags["on_time"].notna()]
    factors = dossier_factors(dossiers)
    out = factors.reindex(flags["dossier_id"].to_numpy()).reset_index(names="dossier_id")
    out["convention"] = flags["convention"].astype(str).to_numpy()
    out["on_time"] = flags["on_time"].astype(bool).to_numpy()
    return out


# ---------------------------------------------------------------------------------------------
# rates


def rates_by_factor(frame: pd.DataFrame, factors: Sequence[str] = FACTORS,
                    alpha: float = 0.05) -> pd.DataFrame:
    """On-time rate per factor level and convention, with a Wilson ``1 − alpha`` interval
    (``motcua.stats.proportion_interval``). Columns ``RATE_COLUMNS``."""
    parts = []
    for f in factors:
        g = frame.groupby([f, "convention"], observed=True)["on_time"]
        t = pd.DataFrame({"on_time": g.sum().astype("int64"), "dossiers": g.size()})
        t = t.reset_index().rename(columns={f: "level"})
        t.insert(0, "factor", f)
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out["rate"] = out["on_time"] / out["dossiers"]
    lo, hi = proportion_interval(out["on_time"].to_numpy(), out["dossiers"].to_numpy(),
                                 alpha=alpha)
    out["ci_low"], out["ci_high"] = lo, hi
    out["level"] = out["level"].astype(str)
    return out[RATE_COLUMNS]


def rates_wide(rates: pd.DataFrame, conventions: Sequence[str]) -> pd.DataFrame:
    """One row per factor level, the rate and interval (percent) under each convention side by
    side: the table a report shows."""
    rows = rates.assign(pct=100 * rates["rate"], lo=100 * rates["ci_low"],
                        hi=100 * rates["ci_high"])
    out = None
    for c in conventions:
        sub = rows[rows["convention"] == c][["factor", "level", "dossiers", "pct", "lo", "hi"]]
        sub = sub.rename(columns={"dossiers": f"dossiers ({c})", "pct": f"on time % ({c})",
                                  "lo": f"low ({c})", "hi": f"high ({c})"})
        out = sub if out is None else out.merge(sub, on=["factor", "level"], how="outer")
    order = {f: i for i, f in enumerate(FACTORS)}
    out = out.sort_values(["factor", "level"], key=lambda s: s.map(order) if s.name == "factor"
                          else s, kind="stable")
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# covariate patterns and the model


def covariate_patterns(frame: pd.DataFrame, factors: Sequence[str] = MODEL_FACTORS,
                       cluster: str = "office") -> pd.DataFrame:
    """One row per combination of factor levels and cluster: ``on_time`` and ``dossiers``."""
    keys = list(dict.fromkeys([*factors, cluster]))
    g = frame.groupby(keys, observed=True, sort=True)["on_time"]
    out = pd.DataFrame({"on_time": g.sum().astype("int64"), "dossiers": g.size()}).reset_index()
    return out


@dataclass
class Design:
    """Model matrix of the patterns: ``X`` (intercept first), the reference level of each
    factor, and what was pooled or dropped, with the reason."""

    X: pd.DataFrame
    reference: dict
    columns: dict  # factor -> list of (level, column name)
    notes: list = field(default_factory=list)


def design_matrix(patterns: pd.DataFrame, factors: Sequence[str] = MODEL_FACTORS) -> Design:
    """Treatment-coded dummies; reference = each factor's most common level.

    A level whose dossiers are all on time (or all late) would send its coefficient to
    infinity (separation), so it is pooled with the reference, and said so; a factor left with
    one level is dropped; a dummy that is a linear combination of the others (a level that only
    occurs with one level of another factor) is dropped too (QR rank check)."""
    cols, ref, notes, names = {"(intercept)": np.ones(len(patterns))}, {}, [], {}
    for f in factors:
        lv = patterns.groupby(f, observed=True).agg(on_time=("on_time", "sum"),
                                                    dossiers=("dossiers", "sum"))
        reference = lv["dossiers"].idxmax()
        separated = lv.index[(lv["on_time"] == 0) | (lv["on_time"] == lv["dossiers"])]
        pooled = [x for x in separated if x != reference]
        if pooled:
            notes.append(f"{FACTOR_LABELS[f]}: {', '.join(map(str, pooled))} pooled with "
                         f"{reference} (all on time or all late, so no effect can be "
                         "estimated)")
        levels = [x for x in lv.index if x != reference and x not in pooled]
        if not levels:
            notes.append(f"{FACTOR_LABELS[f]}: dropped (one level left)")
            continue
        ref[f] = reference
        names[f] = []
        for x in levels:
            name = f"{f}[{x}]"
            cols[name] = (patterns[f].to_numpy() == x).astype(float)
            names[f].append((x, name))
    X = pd.DataFrame(cols, index=patterns.index)
    X, dropped = _drop_aliased(X)
    for name in dropped:
        notes.append(f"{name}: dropped (collinear with the other factors)")
    names = {f: [(x, c) for x, c in v if c not in dropped] for f, v in names.items()}
    names = {f: v for f, v in names.items() if v}
    return Design(X, {f: ref[f] for f in names}, names, notes)


def _drop_aliased(X: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop columns that are linear combinations of earlier ones (pivoted QR, scipy)."""
    from scipy.linalg import qr

    arr = X.to_numpy()
    _, r, piv = qr(arr, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > diag.max() * 1e-10).sum())
    keep = sorted(piv[:rank])
    dropped = [c for i, c in enumerate(X.columns) if i not in keep]
    return X.iloc[:, keep], dropped


@dataclass
class DriversFit:
    """A fitted drivers model: estimates, the CRV1 covariance, and what it was fitted on."""

    params: pd.Series
    cov: pd.DataFrame
    design: Design
    patterns: pd.DataFrame
    groups: np.ndarray
    n_clusters: int
    n_dossiers: int
    converged: bool

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)


def fit_drivers(patterns: pd.DataFrame, factors: Sequence[str] = MODEL_FACTORS,
                cluster: str = "office") -> DriversFit:
    """Binomial GLM (logit) of on-time on the factors, fitted to pattern counts, with the
    office-clustered CRV1 covariance (module docstring). Raises ``ValueError`` when there is
    nothing to model (no late dossier, or no on-time one)."""
    import statsmodels.api as sm

    k, n = patterns["on_time"].to_numpy(), patterns["dossiers"].to_numpy()
    if k.sum() == 0 or k.sum() == n.sum():
        raise ValueError("every dossier has the same outcome: nothing to model")
    d = design_matrix(patterns, factors)
    groups = pd.factorize(patterns[cluster])[0]
    n_clusters = int(groups.max()) + 1
    endog = np.column_stack([k, n - k])
    model = sm.GLM(endog, d.X, family=sm.families.Binomial())
    res = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    cov = np.asarray(res.cov_params()) * crv1_factor(n_clusters, int(n.sum()), d.X.shape[1])
    converged = bool(res.converged) and bool(np.all(np.abs(res.params) < 15))
    return DriversFit(res.params, pd.DataFrame(cov, index=d.X.columns, columns=d.X.columns),
                      d, patterns, groups, n_clusters, int(n.sum()), converged)


def crv1_factor(n_clusters: int, n_obs: int, n_params: int) -> float:
    """CRV1 small-sample factor G/(G−1) · (N−1)/(N−K) with N = dossiers (as statsmodels'
    ``cov_cluster`` applies it to a row-level fit)."""
    return n_clusters / (n_clusters - 1) * (n_obs - 1) / (n_obs - n_params)


# ---------------------------------------------------------------------------------------------
# average marginal effects


def _probabilities(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    return _probabilities_eta(X @ beta)


def _probabilities_eta(eta: np.ndarray) -> np.ndarray:
    from scipy.special import expit

    return expit(eta)


def ame_contrasts(fit: DriversFit) -> list[tuple[str, list, np.ndarray]]:
    """Per factor: (factor, [(level, column index)], X with the factor's dummies set to 0, i.e.
    every dossier moved to the reference level)."""
    X = fit.design.X
    out = []
    for f, levels in fit.design.columns.items():
        idx = [X.columns.get_loc(c) for _, c in levels]
        base = np.ascontiguousarray(X.to_numpy(copy=True))
        base[:, idx] = 0.0
        out.append((f, [(level, i) for (level, _), i in zip(levels, idx)], base))
    return out


def average_marginal_effects(fit: DriversFit, betas: np.ndarray | None = None,
                             contrasts=None):
    """AME of each level against its factor's reference, in percentage points: the mean over
    dossiers of P(on time | level) − P(on time | reference), other factors as observed. Standard
    errors by the delta method on the CRV1 covariance.

    ``betas`` (draws × K, e.g. the bootstrap's): the AMEs at each draw instead, as an array
    draws × levels."""
    w = fit.patterns["dossiers"].to_numpy() / fit.n_dossiers
    contrasts = contrasts or ame_contrasts(fit)
    if betas is not None:
        cols = []
        for _, levels, base in contrasts:
            eta = base @ betas.T  # patterns × draws, every dossier at the reference level
            p0 = w @ _probabilities_eta(eta)
            cols += [w @ _probabilities_eta(eta + betas[:, i]) - p0 for _, i in levels]
        return 100 * np.column_stack(cols)
    b = fit.params.to_numpy()
    cov = fit.cov.to_numpy()
    rows = []
    for f, levels, x0 in contrasts:
        p0 = _probabilities(x0, b)
        for level, i in levels:
            x1 = x0.copy()
            x1[:, i] = 1.0
            p1 = _probabilities(x1, b)
            grad = (w * p1 * (1 - p1)) @ x1 - (w * p0 * (1 - p0)) @ x0
            rows.append(dict(factor=f, level=str(level), reference=str(fit.design.reference[f]),
                             ame_pp=100 * float(w @ (p1 - p0)),
                             se_pp=100 * float(np.sqrt(grad @ cov @ grad))))
    return pd.DataFrame(rows, columns=["factor", "level", "reference", "ame_pp", "se_pp"])


# ---------------------------------------------------------------------------------------------
# wild cluster bootstrap

#: Below this many clusters, CRV1 intervals are too narrow (Cameron & Miller 2015, section
#: VI: "few" is under 20–50); the bootstrap interval is the one reported.
FEW_CLUSTERS = 50
#: Webb's six-point weights (Webb 2023, "Reworking wild bootstrap-based inference for clustered
#: errors", Canadian J. Economics 56(3)): mean 0, variance 1; with ten or so clusters they give
#: far more distinct draws than Rademacher's 2^G.
WEBB_WEIGHTS = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


def cluster_scores(fit: DriversFit, beta: np.ndarray | None = None) -> np.ndarray:
    """Score of the log-likelihood summed over each cluster's dossiers: G × K."""
    b = fit.params.to_numpy() if beta is None else beta
    X = fit.design.X.to_numpy()
    k, n = fit.patterns["on_time"].to_numpy(), fit.patterns["dossiers"].to_numpy()
    s = X * (k - n * _probabilities(X, b))[:, None]
    out = np.zeros((fit.n_clusters, X.shape[1]))
    np.add.at(out, fit.groups, s)
    return out


def score_bootstrap(fit: DriversFit, reps: int, seed: int, weights: str = "webb") -> np.ndarray:
    """Coefficient draws of the wild score bootstrap (Kline & Santos 2012, "A score based
    approach to wild bootstrap inference", J. Econometric Methods 1(1)): β* = β̂ + H⁻¹ Σ_g w_g
    S_g, each cluster's score S_g multiplied by one weight, H the Fisher information.

    Hand-written: the ``wildboottest`` package bootstraps linear models only (OLS), and a
    logit needs the score form (re-fitting the GLM on wild-perturbed 0/1 outcomes is not
    defined). The draws are scaled by √(G/(G−1)), CRV1's cluster factor, so that their
    covariance matches the CRV1 covariance on average; with Rademacher weights enumerated over
    all 2^G sign patterns it equals the uncorrected sandwich exactly (tested against
    statsmodels' ``cov_cluster``). ``weights``: "webb" or "rademacher". Returns reps × K."""
    rng = np.random.default_rng(seed)
    X = fit.design.X.to_numpy()
    n = fit.patterns["dossiers"].to_numpy()
    p = _probabilities(X, fit.params.to_numpy())
    info = X.T @ (X * (n * p * (1 - p))[:, None])
    S = cluster_scores(fit)
    g = fit.n_clusters
    if weights == "webb":
        w = rng.choice(WEBB_WEIGHTS, size=(reps, g))
    elif weights == "rademacher":
        w = rng.choice([-1.0, 1.0], size=(reps, g))
    else:
        raise ValueError(f"unknown weights {weights!r}")
    step = np.linalg.solve(info, (w @ S).T).T * np.sqrt(g / (g - 1))
    return fit.params.to_numpy() + step


def drivers_table(fit: DriversFit, reps: int, seed: int, alpha: float = 0.05) -> pd.DataFrame:
    """AMEs (percentage points) with the CRV1 interval, the wild bootstrap interval (basic
    bootstrap: AME − quantiles of AME* − AME) and a bootstrap p-value (share of draws at least
    as far from the estimate as the estimate is from 0). ``interval`` says which interval the
    report uses: the bootstrap one when there are fewer than ``FEW_CLUSTERS`` offices."""
    from scipy import stats

    contrasts = ame_contrasts(fit)
    base = average_marginal_effects(fit, contrasts=contrasts)
    star = average_marginal_effects(fit, score_bootstrap(fit, reps, seed), contrasts)
    dev = star - base["ame_pp"].to_numpy()
    z = stats.norm.ppf(1 - alpha / 2)
    out = base.copy()
    out["crv1_low"] = base["ame_pp"] - z * base["se_pp"]
    out["crv1_high"] = base["ame_pp"] + z * base["se_pp"]
    out["boot_low"] = base["ame_pp"] - np.quantile(dev, 1 - alpha / 2, axis=0)
    out["boot_high"] = base["ame_pp"] - np.quantile(dev, alpha / 2, axis=0)
    out["boot_p"] = (np.abs(dev) >= np.abs(base["ame_pp"].to_numpy())).mean(axis=0)
    few = fit.n_clusters < FEW_CLUSTERS
    out["low"] = out["boot_low"] if few else out["crv1_low"]
    out["high"] = out["boot_high"] if few else out["crv1_high"]
    out["interval"] = "wild bootstrap" if few else "CRV1"
    return out


def drivers_sentences(table: pd.DataFrame, confidence: float, limit: int = 8) -> list[str]:
    """Plain sentences for the largest effects whose interval excludes zero, and one sentence
    when none does."""
    sig = table[(table["low"] > 0) | (table["high"] < 0)]
    sig = sig.reindex(sig["ame_pp"].abs().sort_values(ascending=False).index).head(limit)
    pct = f"{100 * confidence:g}%"
    if sig.empty:
        biggest = table.reindex(table["ame_pp"].abs().sort_values(ascending=False).index)
        top = biggest.iloc[0] if len(biggest) else None
        tail = (f" The largest estimate, {FACTOR_LABELS[top.factor]} = {top.level}, is "
                f"{top.ame_pp:+.2f} points ({pct} interval {top.low:+.2f} to {top.high:+.2f})."
                if top is not None else "")
        return [f"No factor moves the on-time rate by an amount its {pct} interval can tell "
                f"from zero.{tail}"]
    out = []
    for r in sig.itertuples():
        word = "higher" if r.ame_pp > 0 else "lower"
        out.append(f"Other factors as observed, dossiers with {FACTOR_LABELS[r.factor]} "
                   f"**{r.level}** are on time {abs(r.ame_pp):.2f} percentage points {word} "
                   f"than with {r.reference} ({pct} interval {r.low:+.2f} to {r.high:+.2f}, "
                   f"{r.interval}).")
    return out
