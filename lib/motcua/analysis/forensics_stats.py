"""The office tests of the forensic signals (``motcua.analysis.forensics``): how an office's
count or share is judged against its peers or a rule.

Office tests, each run over all offices of a locality with a correction for the number of
offices (Holm's step-down, Holm 1979, "A simple sequentially rejective multiple test
procedure", Scand. J. Statistics 6, :func:`holm`, for counts; the generalized ESD order for
the funnel), so ``alpha`` is the family-wise false-alarm rate of one signal in one locality:

``rare_event_test``
    For events that should be rare (a clock-reset pair, an odd stamp): the office's count
    against a binomial with the rate of its peers. Peers are the other offices **not already
    flagged** (iterated until no new office is flagged), so a few bad offices do not raise the
    reference for the rest; the reference rate is (events + ½) / (dossiers + 1), so
    peers with no event still leave room for chance.
``forensics.rule_table`` (not a test)
    For events a rule forbids outright (a late dossier with no apology slip): the rule is the
    reference, so one event flags the office; the peers' share and the binomial test against it
    are shown beside it.
``funnel_test``
    For shares every office has (withdrawals, due-day bunching): a funnel plot with additive
    over-dispersion (Spiegelhalter 2005, "Handling over-dispersion of performance indicators",
    Quality and Safety in Health Care 14: DerSimonian–Laird τ²), one-sided (only excess is
    suspicious), because offices differ for ordinary reasons and a plain binomial test would
    flag every large office. Each office is left out of its own reference (the cross-validatory
    p-values of Ohlssen, Sharples & Spiegelhalter 2007, "A hierarchical modelling framework for
    identifying unusual performance in health care providers", JRSS A 170(4)): with a dozen
    offices, an office inside its own reference widens τ² and hides itself, and Spiegelhalter's
    winsorised τ² instead flagged ordinary spread (a simulation with 12–19 offices and
    log-normal spread gave 16–38% false alarms per locality against 4–8% this way). Two bad
    offices inside each other's reference hide each other the same way, so offices are taken
    out one at a time, most extreme first, in the order of Rosner's generalized ESD procedure
    (tests/test_forensics.py holds the false-alarm rate at 12 and 19 offices and checks that two
    bad offices are both found).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

def holm(p: np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values; NaN stays NaN. Hand-written (the step-down formula, a few lines)
    because statsmodels' ``multipletests`` runs a full garbage collection on every call, which
    costs a fifth of a second in a notebook's process; tests/test_forensics.py checks it
    against ``multipletests(method="holm")``."""
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok):
        order = ok[np.argsort(p[ok], kind="stable")]
        m = len(order)
        steps = np.minimum(1.0, (m - np.arange(m)) * p[order])
        out[order] = np.maximum.accumulate(steps)
    return out


def rare_event_test(count: np.ndarray, n: np.ndarray, alpha: float) -> pd.DataFrame:
    """Office counts against their unflagged peers (module docstring): columns ``reference``
    (peer rate), ``p_value``, ``p_adjusted`` and ``flagged``."""
    count, n = np.asarray(count, float), np.asarray(n, float)
    flagged = np.zeros(len(n), dtype=bool)
    testable = n >= 1  # an exact test: small offices simply have little power
    for _ in range(len(n) + 1):
        ref_k = np.array([count[(~flagged) & testable].sum() - (count[i] if not flagged[i]
                          and testable[i] else 0) for i in range(len(n))])
        ref_n = np.array([n[(~flagged) & testable].sum() - (n[i] if not flagged[i]
                          and testable[i] else 0) for i in range(len(n))])
        rate = (ref_k + 0.5) / (ref_n + 1)
        p = np.where(testable & (ref_n > 0), stats.binom.sf(count - 1, n, rate), np.nan)
        adj = holm(p)
        new = flagged | (np.nan_to_num(adj, nan=1.0) < alpha)
        if (new == flagged).all():
            break
        flagged = new
    return pd.DataFrame({"reference": rate, "p_value": p, "p_adjusted": adj,
                         "flagged": flagged})


def reference_test(count: np.ndarray, n: np.ndarray, rate: float, alpha: float) -> pd.DataFrame:
    """Office counts against one reference rate (binomial, one-sided), Holm across offices."""
    count, n = np.asarray(count, float), np.asarray(n, float)
    p = np.where(n >= 1, stats.binom.sf(count - 1, n, rate), np.nan)
    adj = holm(p)
    return pd.DataFrame({"reference": rate, "p_value": p, "p_adjusted": adj,
                         "flagged": np.nan_to_num(adj, nan=1.0) < alpha})


def funnel_test(value: np.ndarray, se: np.ndarray, alpha: float) -> pd.DataFrame:
    """One-sided over-dispersed funnel test of office values with standard errors ``se``
    (module docstring). Each office is judged against **other** offices only: their
    DerSimonian–Laird between-office variance τ² and their precision-weighted mean; the office's
    z = (value − mean) / √(se² + τ² + Var(mean)) is read on a t distribution with one degree of
    freedom fewer than those offices (τ² is estimated from them).

    Two bad offices would hide each other by widening τ² (masking), so the offices are tested
    in the order of the generalized extreme Studentized deviate procedure (Rosner 1983,
    "Percentage points for a generalized ESD many-outlier procedure", Technometrics 25(2)): at
    step k the office with the smallest p-value against the offices still in is taken out, so
    its peers are the offices not yet taken out; the step's p-value p_k is Bonferroni-adjusted
    over the r offices still in, and each office's adjusted p-value is the smallest of
    min(1, r_j p_j) over its own and later steps (flag the first k offices for the largest k
    whose adjusted value is below ``alpha``). The last three offices are judged against each
    other's full peer set. Columns ``reference`` (the peers' mean), ``tau``, ``p_value``,
    ``p_adjusted`` and ``flagged``."""
    value, se = np.asarray(value, float), np.asarray(se, float)
    ok = ~np.isnan(value) & ~np.isnan(se) & (se > 0)
    out = pd.DataFrame({"reference": np.nan, "tau": np.nan, "p_value": np.nan,
                        "p_adjusted": np.nan, "flagged": False}, index=range(len(value)))
    if ok.sum() < 4:
        return out
    inside = ok.copy()
    order, bonf = [], []
    while inside.sum() >= 4:
        ref = _peer_references(value, se, inside)
        i = int(np.nanargmin(np.where(inside, ref[:, 2], np.nan)))
        out.loc[i, ["reference", "tau", "p_value"]] = ref[i]
        order.append(i)
        bonf.append(min(1.0, inside.sum() * ref[i, 2]))
        inside[i] = False
    ref = _peer_references(value, se, ok)
    for i in np.flatnonzero(inside)[np.argsort(ref[inside, 2], kind="stable")]:
        out.loc[i, ["reference", "tau", "p_value"]] = ref[i]
        order.append(int(i))
        bonf.append(min(1.0, inside.sum() * ref[i, 2]))
        inside[i] = False
    adjusted = np.minimum.accumulate(np.array(bonf)[::-1])[::-1]
    out.loc[order, "p_adjusted"] = adjusted
    out["flagged"] = np.nan_to_num(out["p_adjusted"].to_numpy(float), nan=1.0) < alpha
    return out


def _peer_references(value: np.ndarray, se: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Per office of ``inside``: the reference mean, τ and one-sided p-value against the other
    offices of ``inside``."""
    out = np.full((len(value), 3), np.nan)
    idx = np.flatnonzero(inside)
    for i in idx:
        others = idx[idx != i]
        v, s2 = value[others], se[others] ** 2
        w = 1 / s2
        q = float(np.sum(w * (v - np.sum(w * v) / w.sum()) ** 2))
        tau2 = max(0.0, (q - (len(v) - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
        ws = 1 / (s2 + tau2)
        ref = float(np.sum(ws * v) / ws.sum())
        z = (value[i] - ref) / np.sqrt(se[i] ** 2 + tau2 + 1 / ws.sum())
        out[i] = ref, np.sqrt(tau2), stats.t.sf(z, len(v) - 1)
    return out


def peer_groups(offices: list[str]) -> list[list[int]]:
    """Positions of the offices compared with each other in the funnel tests: the centre
    (district or province one-stop centre, ``reception_unit`` "centre") handles other
    procedures, with longer time limits and other outcomes, than the communes, so it is not
    their peer and forms a group of one; every other office is a commune."""
    centre = [i for i, o in enumerate(offices) if o == "centre"]
    return [g for g in (centre, [i for i in range(len(offices)) if i not in centre]) if g]


def funnel_by_peers(value: np.ndarray, se: np.ndarray, offices: list[str],
                    alpha: float) -> pd.DataFrame:
    """:func:`funnel_test` within each of :func:`peer_groups`; an office alone in its group
    is not tested (``no_peers``). Only the communes form a group of more than one, so
    ``alpha`` stays the family-wise rate."""
    value, se = np.asarray(value, float), np.asarray(se, float)
    out = pd.DataFrame({"reference": np.nan, "tau": np.nan, "p_value": np.nan,
                        "p_adjusted": np.nan, "flagged": False, "no_peers": False},
                       index=range(len(value)))
    for g in peer_groups(offices):
        if len(g) == 1:
            out.loc[g, "no_peers"] = True
            continue
        test = funnel_test(value[g], se[g], alpha)
        for c in ("reference", "tau", "p_value", "p_adjusted", "flagged"):
            out.loc[g, c] = test[c].to_numpy()
    out["flagged"] = out["flagged"].astype(bool)
    return out
