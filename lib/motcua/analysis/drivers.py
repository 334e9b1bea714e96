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
when offices are few (``motcua.analysis.drivers_effects``).
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


#: Rows per chunk when counting patterns: the temporaries stay a few MB at any table size.
PATTERN_CHUNK = 1_000_000
#: Up to this many possible combinations, each gets a bin (``numpy.bincount``, one pass);
#: above it, the combinations present are found by sorting each chunk's keys.
DENSE_KEYS = 1 << 22


def covariate_patterns(frame: pd.DataFrame, factors: Sequence[str] = MODEL_FACTORS,
                       cluster: str = "office") -> pd.DataFrame:
    """One row per combination of factor levels and cluster present in ``frame``, sorted by
    level: ``on_time`` and ``dossiers``.

    The same result as ``frame.groupby(keys).on_time.agg(["sum", "size"])`` (tested), counted
    in chunks of ``PATTERN_CHUNK`` rows on one int64 key made from each column's codes (mixed
    radix), so that memory does not grow with the table beyond its own columns (pandas'
    groupby on seven keys holds an int64 code array per key: bench/drivers/README.md).
    When the possible combinations are few (``DENSE_KEYS``) each gets a counting bin."""
    keys = list(dict.fromkeys([*factors, cluster]))
    codes, uniques = zip(*(_codes(frame[k], k) for k in keys))
    sizes = [max(len(u), 1) for u in uniques]
    if np.prod(np.array(sizes, dtype=float)) >= 2.0 ** 62:
        raise ValueError("too many combinations of levels for one int64 key")
    strides = np.cumprod([1, *sizes[:0:-1]])[::-1].astype(np.int64)
    late = ~frame["on_time"].to_numpy(dtype=bool)
    dense = int(np.prod(sizes)) <= DENSE_KEYS
    kind = np.int32 if np.prod(np.array(sizes, dtype=float)) < 2.0 ** 31 else np.int64
    found, counts, hits = [], [], []
    for start in range(0, len(frame), PATTERN_CHUNK):
        part = slice(start, start + PATTERN_CHUNK)
        key = codes[0][part].astype(kind)
        for c, size in zip(codes[1:], sizes[1:]):  # Horner: key = key * size + code, in place
            key *= size
            key += c[part]
        if dense:  # every possible key has a bin: counting is one pass, no sort
            found.append(np.arange(int(np.prod(sizes)), dtype=np.int64))
            inverse = key
        else:
            present, inverse = np.unique(key, return_inverse=True)
            found.append(present)
        counts.append(np.bincount(inverse, minlength=len(found[-1])))
        misses = np.bincount(inverse[late[part]], minlength=len(found[-1]))  # the rarer rows
        hits.append(counts[-1] - misses)
    if dense and found:
        n, k = np.sum(counts, axis=0), np.sum(hits, axis=0)
        present = np.flatnonzero(n)
        n, k = n[present], k[present]
    else:
        present, inverse = np.unique(np.concatenate(found or [np.zeros(0, np.int64)]),
                                     return_inverse=True)
        n = np.bincount(inverse, weights=np.concatenate(counts or [[]]), minlength=len(present))
        k = np.bincount(inverse, weights=np.concatenate(hits or [[]]), minlength=len(present))
    out = {}
    for key_name, levels, stride, size in zip(keys, uniques, strides, sizes):
        out[key_name] = np.asarray(levels)[(present // stride) % size]
    out = pd.DataFrame(out)
    out["on_time"], out["dossiers"] = k.astype("int64"), n.astype("int64")
    return out


def _codes(col: pd.Series, name: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column and its levels, in level order (categories as they are)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, levels = col.cat.codes.to_numpy(), col.cat.categories
    else:
        codes, levels = pd.factorize(col, sort=True)
    if (codes < 0).any():
        raise ValueError(f"column {name!r} has missing values: label them before modelling")
    return codes, levels


@dataclass
class Design:
    """Model matrix of the patterns: ``X`` (intercept first), the reference level of each
    factor, and what was pooled or dropped, with the reason."""

    X: pd.DataFrame
    reference: dict
    columns: dict  # factor -> list of (level, column name)
    notes: list = field(default_factory=list)


#: Fewer events (the rarer outcome) per estimated coefficient than this and a logit's
#: estimates and intervals go wrong (Peduzzi et al. 1996, "A simulation study of the number of
#: events per variable in logistic regression analysis", J. Clinical Epidemiology 49(12)).
MIN_EVENTS_PER_PARAMETER = 10


def design_matrix(patterns: pd.DataFrame, factors: Sequence[str] = MODEL_FACTORS) -> Design:
    """Treatment-coded dummies; reference = each factor's most common level among the levels
    with both outcomes.

    A level whose dossiers are all on time (or all late) would send its coefficient to
    infinity (separation), so it is pooled with the reference, and said so; a factor left with
    one level is dropped. While there are fewer than ``MIN_EVENTS_PER_PARAMETER`` dossiers of
    the rarer outcome per coefficient, the factor with the most levels is dropped. A dummy that
    is a linear combination of the others (a level that only occurs with one level of another
    factor) is dropped too (QR rank check). Every drop and pool is noted."""
    notes, levels, ref = [], {}, {}
    for f in factors:
        lv = patterns.groupby(f, observed=True).agg(on_time=("on_time", "sum"),
                                                    dossiers=("dossiers", "sum"))
        mixed = (lv["on_time"] > 0) & (lv["on_time"] < lv["dossiers"])
        if not mixed.any():
            notes.append(f"{FACTOR_LABELS[f]}: dropped (no level has both outcomes)")
            continue
        reference = lv.loc[mixed, "dossiers"].idxmax()
        pooled = [x for x in lv.index[~mixed]]
        if pooled:
            notes.append(f"{FACTOR_LABELS[f]}: {', '.join(map(str, pooled))} pooled with "
                         f"{reference} (all on time or all late, so no effect can be "
                         "estimated)")
        rest = [x for x in lv.index[mixed] if x != reference]
        if not rest:
            notes.append(f"{FACTOR_LABELS[f]}: dropped (one level left)")
            continue
        levels[f], ref[f] = rest, reference
    events = int(min(patterns["on_time"].sum(),
                     (patterns["dossiers"] - patterns["on_time"]).sum()))
    while levels and events < MIN_EVENTS_PER_PARAMETER * (1 + sum(map(len, levels.values()))):
        f = max(levels, key=lambda k: len(levels[k]))
        notes.append(f"{FACTOR_LABELS[f]}: dropped (only {events} dossiers of the rarer "
                     f"outcome: fewer than {MIN_EVENTS_PER_PARAMETER} per coefficient)")
        del levels[f]
    cols, names = {"(intercept)": np.ones(len(patterns))}, {}
    for f, lvls in levels.items():
        names[f] = []
        for x in lvls:
            cols[f"{f}[{x}]"] = (patterns[f].to_numpy() == x).astype(float)
            names[f].append((x, f"{f}[{x}]"))
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
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    k, n = patterns["on_time"].to_numpy(), patterns["dossiers"].to_numpy()
    if k.sum() == 0 or k.sum() == n.sum():
        raise ValueError("every dossier has the same outcome: nothing to model")
    d = design_matrix(patterns, factors)
    groups = pd.factorize(patterns[cluster])[0]
    n_clusters = int(groups.max()) + 1
    endog = np.column_stack([k, n - k])
    model = GLM(endog, d.X, family=families.Binomial())
    res = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False})
    cov = np.asarray(res.cov_params()) * crv1_factor(n_clusters, int(n.sum()), d.X.shape[1])
    converged = bool(res.converged) and bool(np.all(np.abs(res.params) < 15))
    return DriversFit(res.params, pd.DataFrame(cov, index=d.X.columns, columns=d.X.columns),
                      d, patterns, groups, n_clusters, int(n.sum()), converged)


def crv1_factor(n_clusters: int, n_obs: int, n_params: int) -> float:
    """CRV1 small-sample factor G/(G−1) · (N−1)/(N−K) with N = dossiers (as statsmodels'
    ``cov_cluster`` applies it to a row-level fit)."""
    return n_clusters / (n_clusters - 1) * (n_obs - 1) / (n_obs - n_params)


def fit_or_reason(patterns: pd.DataFrame) -> tuple[DriversFit | None, str]:
    """The drivers model, or None and the reason it cannot be fitted (one outcome only, fewer
    than two offices to cluster on)."""
    if patterns.empty:
        return None, "no dossiers to model"
    late = int((patterns["dossiers"] - patterns["on_time"]).sum())
    if late == 0 or late == int(patterns["dossiers"].sum()):
        return None, ("every dossier has the same outcome under this convention, so nothing "
                      "can explain lateness")
    if patterns["office"].nunique() < 2:
        return None, "one office only: errors cannot be clustered by office"
    return fit_drivers(patterns), ""


#: What a locality without records would need for this report (the columns of
#: ``motcua.records.schema``'s dossier and event tables that it reads).
RECORDS_NEEDED = (
    "This report needs the locality's **dossier records**: one row per dossier with its "
    "reception unit, procedure and field, channel, inter-agency flag, receipt time, due date "
    "(or statutory limit and unit), and an applicant pseudonym; and the **status events** of "
    "each dossier (resolved, returned, withdrawn, refused, stopped, supplement requested and "
    "returned, apology slip issued) with their times. A one-stop office's software export "
    "(the national portal's `NgayTiepNhan`, `NgayHenTra`, `NgayKetThucXuLy`, `KenhThucHien` "
    "fields) holds all of them; `motcua ingest dossiers` reads such an export. With them, this "
    "report recomputes on-time rates by office, field, channel, mechanism, month, limit and "
    "workload under the reported and the national convention, models what goes with a late "
    "dossier, draws the time to resolution against the deadline, and runs six forensic "
    "signals per office.")


def records_note(records) -> str:
    """What the report is based on: the records (SYNTHETIC label where it applies), or what it
    would need."""
    if records is None:
        return (f"_No records were given for this locality (`records_dir` is empty)._ "
                f"{RECORDS_NEEDED} Without records, this report has no results.")
    head = ("**SYNTHETIC RECORDS.** The dossiers below were generated by `motcua simulate` to "
            "reproduce the published totals, with planted faults; they are not real records. "
            if records.synthetic else "")
    return (f"{head}{len(records.dossiers):,} dossiers and {len(records.events):,} status "
            f"events, received {records.period_start} to {records.period_end}.")
