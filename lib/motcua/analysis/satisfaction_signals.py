"""Form-quality signals in satisfaction surveys: which offices' forms look unlike real answers.

Each signal is a table with one row per office (``flagged`` says whether it fired) and states
what it can show and what it cannot. A signal is a reason to look at the paper forms, never proof
that they were filled in by staff: a small, well-run office can be truly excellent.

``ceiling``
    The top-level share against what the office's number of forms and its peers make plausible:
    a beta-binomial reference fitted by maximum likelihood (``scipy.stats.betabinom``) to the
    *other* offices (leave-one-out, and without offices whose every answer is at the top, so one
    uniform office does not widen the reference for another). The tail probability of the
    office's count is compared with ``alpha / offices`` (Bonferroni). 100% of 400 forms where
    peers give 60% stands out; 100% of 4 does not. (The overdispersed reference follows the
    funnel plots of Spiegelhalter, "Funnel plots for comparing institutional performance",
    Statistics in Medicine 2005.) It cannot tell a manipulated office from a truly better one.
``straight_lining``
    Forms with two or more criteria whose every criterion got the same answer, against the
    same beta-binomial reference. Needs multi-criterion forms (domain.md §3.1: the TT-Huế form
    has 12 criteria); identical answers are also what a truly delighted citizen gives.
``runs``
    The headline answers of an office in time order: are top and other answers clumped into
    fewer runs than a random order gives (Wald–Wolfowitz runs test, statsmodels
    ``runstest_1samp``; one-sided)? Clumps are what batches of forms filled at once leave; an
    office whose answers are all alike has no runs to test (that is the ceiling signal's case).
``bursts``
    Many forms within minutes on one day. Given a day's N forms spread over the 8 working hours
    (motcua.vn.deadlines.HOURS_PER_WORKING_DAY), the chance that some ``BURST_MINUTES`` window
    holds m or more is bounded by covering every sliding window with half-overlapping windows of
    1.5 × ``BURST_MINUTES`` (a union bound; it overstates the chance, so it errs towards silence);
    compared with ``alpha / office-days``. A queue at the return desk can also bunch forms.
``forms_per_dossier``
    More forms than the office returned dossiers, forms rating the same dossier twice, and
    answers that add up to more than the forms (one form answering one criterion twice: the Huế
    Q1/2019 table whose shares summed to 103.09%, domain.md §3.3). Counts, not statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, expit
from scipy.stats import betabinom, binom, norm
from statsmodels.sandbox.stats.runs import runstest_1samp

from motcua.analysis.satisfaction import TOP_LEVEL, main_answers, per_form
from motcua.vn.deadlines import HOURS_PER_WORKING_DAY

#: Fewest reference offices a beta-binomial reference is fitted to.
MIN_REFERENCE_OFFICES = 3
#: Fewest answers in time order the runs test is run on (its normal approximation).
MIN_RUN_ANSWERS = 20
#: Window of a burst, minutes, and the fewest forms in it worth testing.
BURST_MINUTES = 10
BURST_MIN_FORMS = 5
#: Concentration bounds of the beta-binomial fit (a + b): from very dispersed to binomial.
_CONCENTRATION = (0.5, 1e4)


def fit_beta_binomial(k, n) -> tuple[float, float]:
    """Maximum-likelihood ``(a, b)`` of a beta-binomial for counts ``k`` of ``n`` (arrays),
    parametrised by mean and concentration (bounded, so a reference of identical shares gives
    a near-binomial fit instead of running off to infinity)."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    mean0 = np.clip(k.sum() / n.sum(), 0.01, 0.99)

    def nll(theta):
        # betabinom.logpmf without its binomial coefficient (a constant here), written out
        # because scipy's per-call overhead dominates these small fits; tests compare the two.
        mu, conc = expit(theta[0]), np.exp(theta[1])
        a, b = mu * conc, (1 - mu) * conc
        return -(betaln(k + a, n - k + b) - betaln(a, b)).sum()

    res = minimize(nll, x0=[np.log(mean0 / (1 - mean0)), np.log(20.0)], method="Powell",
                   bounds=[(-9.0, 9.0), tuple(np.log(_CONCENTRATION))])  # derivative-free
    mu, conc = expit(res.x[0]), np.exp(res.x[1])
    return float(mu * conc), float((1 - mu) * conc)


def reference_tail(k: pd.Series, n: pd.Series, alpha: float = 0.05) -> pd.DataFrame:
    """For each row (an office), the beta-binomial reference fitted to the other rows
    (without rows at k = n) and the upper tail ``P(K ≥ k)`` under it; ``flagged`` when that is
    below ``alpha / rows``. Rows get NaN when fewer than ``MIN_REFERENCE_OFFICES`` remain."""
    k, n = k.astype(float).to_numpy(), n.astype(float).to_numpy()
    m = len(k)
    rows = []
    for i in range(m):
        ref = np.array([j != i and k[j] < n[j] for j in range(m)])
        if ref.sum() < MIN_REFERENCE_OFFICES:
            rows.append(dict(reference_mean=np.nan, p_value=np.nan, plausible_max=np.nan))
            continue
        a, b = fit_beta_binomial(k[ref], n[ref])
        p = float(betabinom.sf(k[i] - 1, n[i], a, b))
        top = float(betabinom.isf(alpha / m, n[i], a, b))
        rows.append(dict(reference_mean=100 * a / (a + b), p_value=p,
                         plausible_max=100 * min(top + 1, n[i]) / n[i]))
    out = pd.DataFrame(rows)
    out["flagged"] = out["p_value"] < alpha / m
    return out


def ceiling(answers: pd.DataFrame, alpha: float = 0.05, level: str = TOP_LEVEL
            ) -> pd.DataFrame:
    """One row per office: forms, forms at ``level``, its share, the reference mean of the
    other offices, the largest share they make plausible at this size, ``p_value``,
    ``flagged``. Uses each form's headline answer (``main_answers``)."""
    main = main_answers(answers)
    g = main.groupby(["office", "office_name"], sort=True)
    t = pd.DataFrame({"forms": g.size(), "top": g["level"].apply(lambda s: (s == level).sum())}
                     ).reset_index()
    t["share"] = 100 * t["top"] / t["forms"]
    return pd.concat([t, reference_tail(t["top"], t["forms"], alpha)], axis=1)


def funnel_limits(table: pd.DataFrame, alpha: float = 0.05, sizes=None) -> pd.DataFrame:
    """The upper plausible share by number of forms under the reference fitted to every office
    not at the ceiling (the line a funnel plot draws); empty when too few offices."""
    ref = table[table["top"] < table["forms"]]
    if len(ref) < MIN_REFERENCE_OFFICES:
        return pd.DataFrame(columns=["forms", "upper"])
    a, b = fit_beta_binomial(ref["top"], ref["forms"])
    sizes = sizes if sizes is not None else np.unique(np.geomspace(
        max(2, int(table["forms"].min() / 3)), max(10, int(table["forms"].max() * 1.5)),
        60).astype(int))
    top = betabinom.isf(alpha / len(table), sizes, a, b)
    return pd.DataFrame({"forms": sizes, "upper": 100 * np.minimum(top + 1, sizes) / sizes})


def straight_lining(answers: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per office: forms with two or more criteria, how many answered every criterion
    alike, share, reference and ``flagged`` (as :func:`ceiling`). Empty with single-criterion
    forms."""
    forms = per_form(answers)
    multi = forms[forms["n_criteria"] > 1]
    if multi.empty:
        return pd.DataFrame(columns=["office", "office_name", "forms", "identical", "share",
                                     "reference_mean", "p_value", "plausible_max", "flagged"])
    g = multi.groupby(["office", "office_name"], sort=True)
    t = pd.DataFrame({"forms": g.size(), "identical": g["identical"].sum()}).reset_index()
    t["share"] = 100 * t["identical"] / t["forms"]
    return pd.concat([t, reference_tail(t["identical"], t["forms"], alpha)], axis=1)


def runs(answers: pd.DataFrame, alpha: float = 0.05, level: str = TOP_LEVEL) -> pd.DataFrame:
    """One row per office: headline answers in time order, number of runs of "at ``level``" vs
    "not", the longest run of one answer, the one-sided runs-test ``p_value`` (too few runs),
    ``flagged`` at ``alpha / offices``. NaN where every answer is alike or there are too few."""
    main = main_answers(answers).sort_values(["answered_at", "response_id"], kind="stable")
    rows = []
    for (code, name), s in main.groupby(["office", "office_name"], sort=True):
        top = (s["level"] == level).to_numpy().astype(int)
        changes = np.flatnonzero(np.diff(s["score"].to_numpy()) != 0)
        longest = int(np.diff(np.r_[-1, changes, len(s) - 1]).max())
        n_runs = int((np.diff(top) != 0).sum() + 1)
        p = np.nan
        if len(top) >= MIN_RUN_ANSWERS and 0 < top.sum() < len(top):
            z, _ = runstest_1samp(top, cutoff=0.5, correction=True)
            p = float(norm.cdf(z))
        rows.append(dict(office=code, office_name=name, answers=len(s), at_level=int(top.sum()),
                         runs=n_runs, longest_run=longest, p_value=p))
    out = pd.DataFrame(rows)
    out["flagged"] = out["p_value"] < alpha / max(1, out["p_value"].notna().sum())
    return out


def bursts(answers: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per office: its least likely ``BURST_MINUTES`` window (forms in it, day, forms
    that day), the bound on the chance of such a window (module docstring), ``flagged`` when
    below ``alpha / office-days``. Windows of fewer than ``BURST_MIN_FORMS`` are not tested."""
    forms = answers.drop_duplicates("response_id").sort_values(["office", "answered_at"])
    day_minutes = 60 * HOURS_PER_WORKING_DAY
    day = forms["answered_at"].dt.normalize()
    key = forms["office"].astype("str") + "|" + day.dt.strftime("%Y-%m-%d")
    group = pd.factorize(key, sort=False)[0]  # office-days, in the sort order above
    seconds = (forms["answered_at"] - forms["answered_at"].min()).dt.total_seconds()
    # one increasing number per form (office-day, then time) so one searchsorted finds, for
    # each form, the end of the window [t, t + BURST_MINUTES) within its own office-day
    span = float(seconds.max()) + 2 * 60 * BURST_MINUTES
    pos = group * span + seconds.to_numpy()
    ends = np.searchsorted(pos, pos + 60 * BURST_MINUTES, side="left")
    sizes = np.bincount(group)
    day_forms = sizes[group]
    in_window = ends - np.arange(len(pos))
    p = np.minimum(1.0, 2 * day_minutes / BURST_MINUTES * binom.sf(
        in_window - 1, day_forms, min(1.0, 1.5 * BURST_MINUTES / day_minutes)))
    p = np.where(in_window >= BURST_MIN_FORMS, p, np.nan)
    w = forms.assign(burst_forms=in_window, day=day.dt.strftime("%Y-%m-%d"),
                     forms_that_day=day_forms, p_value=p)
    rows = []
    for (code, name), s in w.groupby(["office", "office_name"], sort=True):
        best = s.loc[s["p_value"].idxmin()] if s["p_value"].notna().any() else None
        rows.append(dict(office=code, office_name=name, forms=len(s),
                         burst_forms=0 if best is None else int(best["burst_forms"]),
                         day="" if best is None else best["day"],
                         forms_that_day=0 if best is None else int(best["forms_that_day"]),
                         p_value=np.nan if best is None else float(best["p_value"])))
    out = pd.DataFrame(rows)
    out["flagged"] = out["p_value"] < alpha / max(1, len(sizes))
    return out


def forms_per_dossier(answers: pd.DataFrame, dossiers: pd.DataFrame) -> pd.DataFrame:
    """One row per office: forms, dossiers it returned (``returned_at`` set), forms rating a
    dossier another form already rated, forms whose dossier is not in the records, answers
    beyond one per form and criterion; ``flagged`` when forms exceed returned dossiers or any
    answer is duplicated."""
    returned = dossiers[dossiers["returned_at"].notna()].groupby(
        dossiers["reception_unit"].astype("str")).size()
    known = pd.Index(dossiers["dossier_id"].astype("str"))
    rows = []
    for (code, name), s in answers.groupby(["office", "office_name"], sort=True):
        forms = s.drop_duplicates("response_id")
        linked = forms[known.get_indexer(forms["dossier_id"]) >= 0]  # isin on str is slow
        rows.append(dict(
            office=code, office_name=name, forms=len(forms),
            returned_dossiers=int(returned.get(code, 0)),
            repeat_dossier_forms=int(linked["dossier_id"].duplicated().sum()),
            unlinked_forms=int(len(forms) - len(linked)),
            extra_answers=int(s.duplicated(["response_id", "criterion"]).sum())))
    out = pd.DataFrame(rows)
    out["forms_per_returned"] = out["forms"] / out["returned_dossiers"].where(
        out["returned_dossiers"] > 0)
    out["flagged"] = (out["forms"] > out["returned_dossiers"]) | (out["extra_answers"] > 0)
    return out
