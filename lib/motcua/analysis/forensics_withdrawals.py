"""Forensic signals about dossiers that end without a result: withdraw-and-resubmit pairs, and the
share withdrawn, refused or stopped (shared parts in ``motcua.analysis.forensics``; every
function takes the timeline of ``forensics.timeline``).

Under the QĐ 766 rule a withdrawal before the due date ends the dossier "on time"
(docs/domain.md §1.5 and §7), so a dossier about to be late can be withdrawn and the same
application filed again, with a fresh clock. A **pair** is: a dossier withdrawn on its due day
or up to ``WITHDRAW_BEFORE_DUE`` working days before it, and a dossier of the **same applicant**
(``applicant_key``) for the **same procedure** received at or after the withdrawal and within
``RESUBMIT_WITHIN`` working days of it. Both windows are design choices: "at the deadline" and
"soon after", wide enough for a citizen's trip back to the office.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import forensics, forensics_stats
from motcua.stats import proportion_interval
from motcua.vn import calendar as wcal

WITHDRAW_BEFORE_DUE = 1  # working days
RESUBMIT_WITHIN = 5  # working days
EXIT_EVENTS = ("withdrawn", "refused", "stopped")


def withdraw_resubmit_pairs(tl: pd.DataFrame) -> pd.DataFrame:
    """Every pair (module docstring): ``dossier_id`` (withdrawn), ``resubmitted_id``,
    ``office`` (of the withdrawn dossier), ``procedure_id``, ``days_before_due`` and
    ``days_to_resubmit`` (working days). Empty when the records have no applicant key."""
    cols = ["dossier_id", "resubmitted_id", "office", "procedure_id", "days_before_due",
            "days_to_resubmit"]
    if tl["applicant_key"].isna().all():
        return pd.DataFrame(columns=cols)
    w = tl[(tl["end_event"] == "withdrawn") & tl["due_at"].notna()]
    before = wcal.working_days_between(w["end_at"], w["due_at"])
    w = w.assign(days_before_due=before.to_numpy())
    w = w[w["days_before_due"].between(0, WITHDRAW_BEFORE_DUE)]
    if w.empty:
        return pd.DataFrame(columns=cols)
    cand = tl[tl["applicant_key"].notna()][["applicant_key", "procedure_id", "received_at"]]
    m = w.reset_index(names="dossier_id")[["dossier_id", "applicant_key", "procedure_id",
                                           "office", "end_at", "days_before_due"]].merge(
        cand.reset_index(names="resubmitted_id"), on=["applicant_key", "procedure_id"])
    m = m[(m["resubmitted_id"] != m["dossier_id"]) & (m["received_at"] >= m["end_at"])]
    m["days_to_resubmit"] = wcal.working_days_between(m["end_at"], m["received_at"]).to_numpy()
    m = m[m["days_to_resubmit"] <= RESUBMIT_WITHIN]
    m = m.sort_values(["dossier_id", "received_at"]).drop_duplicates("dossier_id")
    return m[cols].reset_index(drop=True)


def withdraw_resubmit(tl: pd.DataFrame, pairs: pd.DataFrame, names: dict,
                      alpha: float = 0.05) -> pd.DataFrame:
    """Per office: dossiers received (``n``) and pairs (``count``), judged by
    ``forensics_stats.rare_event_test``; "not recorded" when the records have no applicant
    key."""
    t = pd.DataFrame({"office": forensics.office_list(tl)})
    t["n"] = t["office"].map(tl.groupby("office").size()).fillna(0).astype(int)
    t["count"] = t["office"].map(pairs.groupby("office").size()).fillna(0).astype(int)
    t = forensics.rate_table(t, names, alpha)
    return t if tl["applicant_key"].notna().any() else forensics.not_recorded(t)


def joined_on_time(tl: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Per office, the on-time rate of resolved-or-ended dossiers as recorded and with each
    pair joined into one dossier (the original's receipt and due date, the resubmission's
    resolution): how much the resets add. ``on_time`` = resolved by ``due_adjusted``."""
    rec_ok = tl["resolved_at"].notna() & (tl["resolved_at"] <= tl["due_adjusted"])
    joined_ok = rec_ok.copy()
    resub = pairs.set_index("dossier_id")["resubmitted_id"]
    joined_ok.loc[resub.index] = False  # the original, finished by its resubmission: late
    keep = ~tl.index.isin(resub.to_numpy())  # the resubmission is the same application
    res_at = tl["resolved_at"].reindex(resub.to_numpy()).to_numpy()
    joined_ok.loc[resub.index] = res_at <= tl.loc[resub.index, "due_adjusted"].to_numpy()
    g = pd.DataFrame({"office": tl["office"], "recorded": rec_ok, "joined": joined_ok,
                      "keep": keep})
    rec = g.groupby("office")["recorded"].mean()
    joi = g[g["keep"]].groupby("office")["joined"].mean()
    return pd.DataFrame({"office": rec.index, "on_time_recorded": 100 * rec.to_numpy(),
                         "on_time_joined": 100 * joi.reindex(rec.index).to_numpy()})


def exits(tl: pd.DataFrame, names: dict, alpha: float = 0.05) -> tuple[pd.DataFrame,
                                                                          pd.DataFrame]:
    """Per office: the share of dossiers withdrawn, refused or stopped, judged by
    ``forensics_stats.funnel_by_peers`` on the arcsine-square-root scale against the other
    offices (the reference shown is theirs, back on the share scale); and the count of each
    kind."""
    kinds = pd.crosstab(tl["office"], tl["end_event"].astype(str))
    kinds = kinds.reindex(columns=list(EXIT_EVENTS), fill_value=0)
    kinds = kinds.reindex(forensics.office_list(tl), fill_value=0)
    n = tl.groupby("office").size().reindex(kinds.index).fillna(0).to_numpy(float)
    k = kinds.sum(axis=1).to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        # arcsine square root: variance 1/(4n) whatever the share (Anscombe 1948, "The
        # transformation of Poisson, binomial and negative-binomial data", Biometrika 35), so
        # that small shares of small offices are not read on a skewed normal approximation
        value = np.arcsin(np.sqrt(k / n))
        se = np.where(n >= forensics.MIN_DOSSIERS, 0.5 / np.sqrt(n), np.nan)
    test = forensics_stats.funnel_by_peers(value, se, list(kinds.index), alpha)
    lo, hi = proportion_interval(k, np.maximum(n, 1), alpha=alpha)
    t = pd.DataFrame({"office": kinds.index, "n": n.astype(int), "count": k.astype(int),
                      "size": 100 * k / np.maximum(n, 1), "low": 100 * lo, "high": 100 * hi,
                      "reference": 100 * np.sin(test["reference"].to_numpy()) ** 2})
    per = kinds.reset_index(names="office").assign(dossiers=n.astype(int))
    return forensics.finish_table(t, test, names), per
