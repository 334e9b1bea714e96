"""Every forensic signal of ``motcua.analysis.forensics`` for one locality's records, in one
call: the tables a report shows, an overview, and the findings for flagged offices."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from motcua.analysis import forensics, forensics_bunching, forensics_records, \
    forensics_withdrawals
from motcua.findings import Finding


@dataclass
class SignalResults:
    """``tables``: one signal table per name of ``forensics.SIGNALS`` (columns
    ``forensics.TABLE_COLUMNS``); ``details``: the tables behind them (pairs, stamp kinds, exit
    kinds, the bunching histogram, on-time with pairs joined)."""

    tables: dict
    details: dict
    names: dict


def run_signals(dossiers: pd.DataFrame, events: pd.DataFrame, period_start, period_end, *,
                alpha: float = 0.05, reps: int = 999, seed: int = 0) -> SignalResults:
    """All signals over the dossiers received in the period, each followed to the end of the
    data. ``alpha``: family-wise false-alarm rate of each signal; ``reps``/``seed``: the
    bunching bootstrap."""
    tl = forensics.in_period(forensics.timeline(dossiers, events), period_start, period_end)
    names = forensics.office_names(dossiers)
    pairs = forensics_withdrawals.withdraw_resubmit_pairs(tl)
    stamps, stamp_kinds = forensics_records.odd_timestamps(tl, names, alpha)
    exits, exit_kinds = forensics_withdrawals.exits(tl, names, alpha)
    bunching, hist = forensics_bunching.bunching(tl, names, alpha, reps=reps, seed=seed)
    tables = {
        "bunching": bunching,
        "late_handover": forensics_bunching.late_handover(tl, names, alpha),
        "withdraw_resubmit": forensics_withdrawals.withdraw_resubmit(tl, pairs, names, alpha),
        "missing_apology": forensics_records.missing_apology(tl, names, alpha),
        "timestamps": stamps,
        "exits": exits,
    }
    details = {"pairs": pairs, "stamp_kinds": stamp_kinds, "exit_kinds": exit_kinds,
               "bunching_histogram": hist,
               "joined": forensics_withdrawals.joined_on_time(tl, pairs)}
    return SignalResults(tables, details, names)


def overview(results: SignalResults) -> pd.DataFrame:
    """One row per signal: offices tested, offices flagged (names), what it can and cannot
    show."""
    rows = []
    for sig, t in results.tables.items():
        info = forensics.SIGNALS[sig]
        flagged = t[t["verdict"] == "flagged"]
        rows.append(dict(signal=sig, what=info["title"],
                         tested=int(t["verdict"].isin(["flagged", "quiet"]).sum()),
                         flagged=len(flagged),
                         offices_flagged=", ".join(flagged["office_name"]) or "none"))
    return pd.DataFrame(rows)


def findings(results: SignalResults, *, synthetic: bool) -> list[Finding]:
    """The flagged offices of every signal as ``warning`` findings (status ``flagged``)."""
    out = []
    for sig, t in results.tables.items():
        out += forensics.signal_findings(sig, t, synthetic=synthetic)
    return out
