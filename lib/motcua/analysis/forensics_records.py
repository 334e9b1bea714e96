"""Forensic signals read off single records: late dossiers with no apology slip, and
resolutions stamped at impossible or odd times (shared parts in ``motcua.analysis.forensics``;
every function takes the timeline of ``forensics.timeline``).

*Late* is resolved after the due date extended by supplement pauses (``due_adjusted`` of
``ontime.dossier_timeline``), or still unresolved past it when the data end. A late dossier
needs the apology slip with a new return date (TT 01/2018 Mẫu 04; docs/domain.md §1.3): an
``apology_issued`` event or an ``apology_issued_at`` date. Every late dossier without one breaks
that rule, so the signal flags an office with any (:func:`missing_apology`).

*Odd stamps*: a resolution on a day that is not a working day (``motcua.vn.calendar``), outside
office hours (more than ``OFFICE_HOURS_SLACK`` before the first opening or after the last
closing of ``deadlines.WORKING_PERIODS``; the lunch break is not counted as outside, and the
slack allows for clocks and staff that start a little early or stay a little late: a design
choice), or before the dossier was received (impossible).
"""

from __future__ import annotations

import pandas as pd

from motcua.analysis import forensics, forensics_stats
from motcua.vn import calendar as wcal
from motcua.vn.deadlines import WORKING_PERIODS

STAMP_KINDS = ("non_working_day", "outside_hours", "before_receipt")
OFFICE_HOURS_SLACK = 30  # minutes


def late_dossiers(tl: pd.DataFrame) -> pd.DataFrame:
    """The late rows of a timeline (module docstring)."""
    late = (tl["resolved_at"] > tl["due_adjusted"]) | (
        tl["end_at"].isna() & (tl["due_adjusted"] < tl["data_end"]))
    return tl[late.to_numpy()]


def missing_apology(tl: pd.DataFrame, names: dict, alpha: float = 0.05) -> pd.DataFrame:
    """Per office: late dossiers (``n``) and those with no slip (``count``). Every office of the
    timeline is listed.

    The rule allows no late dossier without a slip, so the reference is the rule, not the
    peers: an office with one or more is flagged, however few (``forensics.rule_table``). When
    there are late dossiers but the records carry no slip at all, slips are not recorded in this
    export and nothing can be read: every office is "not recorded". The peers' share and the
    binomial comparison with it (``forensics_stats.rare_event_test``) stay in the table for
    context: they tell an office that stands out from one that is like the rest."""
    late = late_dossiers(tl)
    t = pd.DataFrame({"office": forensics.office_list(tl)})
    g = late.groupby("office")["apology"]
    t["n"] = t["office"].map(g.size()).fillna(0).astype(int)
    t["count"] = t["office"].map(g.apply(lambda s: int((~s).sum()))).fillna(0).astype(int)
    recorded = late.empty or bool(tl["apology"].any())  # no late dossier: nothing to read
    return forensics.rule_table(t, names, alpha, recorded=recorded)


def resolution_stamps(tl: pd.DataFrame) -> pd.DataFrame:
    """Resolved rows with the three odd-stamp flags of ``STAMP_KINDS``."""
    r = tl[tl["resolved_at"].notna()]
    at = r["resolved_at"]
    minutes = at.dt.hour * 60 + at.dt.minute
    first, last = WORKING_PERIODS[0][0], WORKING_PERIODS[-1][1]
    return pd.DataFrame({
        "office": r["office"],
        "non_working_day": ~wcal.is_working_day(at).to_numpy(),
        "outside_hours": ((minutes < first.hour * 60 + first.minute - OFFICE_HOURS_SLACK)
                          | (minutes > last.hour * 60 + last.minute + OFFICE_HOURS_SLACK))
        .to_numpy(),
        "before_receipt": (at < r["received_at"]).to_numpy(),
    }, index=r.index)


def odd_timestamps(tl: pd.DataFrame, names: dict,
                   alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The signal table (a resolution with any odd stamp counts once) and, per office, the
    count of each kind."""
    s = resolution_stamps(tl)
    s["any"] = s[list(STAMP_KINDS)].any(axis=1)
    g = s.groupby("office")
    per = pd.DataFrame({"office": forensics.office_list(tl)})
    per["resolutions"] = per["office"].map(g.size()).fillna(0).astype(int)
    for k in [*STAMP_KINDS, "any"]:
        per[k] = per["office"].map(g[k].sum()).fillna(0).astype(int)
    t = per[["office"]].assign(n=per["resolutions"], count=per["any"])
    return forensics.rate_table(t, names, alpha), per
