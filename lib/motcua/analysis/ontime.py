"""On-time rates under the conventions Vietnamese reports actually use (docs/domain.md §1.5).

The same dossiers give different "on-time" rates depending on who is counted and when a dossier
counts as late. This module recomputes every convention from the **event table** (one row per
status event) and the **dossier table**, so that the gap between conventions can be reported as
an audit finding in its own right.

Conventions (``CONVENTIONS``), each a small function below:

``qd766``
    QĐ 766/QĐ-TTg operational rule (3rd-party spec "Mô tả công thức tính chỉ số 766"): all
    dossiers received or processed in the period; withdrawal, refusal and stop are end events;
    supplement time is subtracted from the end; more than one supplement request ⇒ late; an open
    supplement request ends the clock at the request; unfinished dossiers use the period end.
``to_handle``
    Gia Lai monthly report (motcua.gialai.gov.vn, thông báo 301): "cần xử lý" = received in the
    period + carried over; on-time rate = 100% − (late resolved + late in progress) / cần xử lý,
    so in-progress dossiers not yet due count as on time.
``due_in_period``
    Vĩnh Phúc 2021 (vinhphuc.gov.vn ItemID=3105, 3158): dossiers **due** in the period = on time
    + late-returned + overdue unresolved; withdrawn / refused / stopped are listed separately
    (excluded).
``resolved_only``
    Lâm Đồng Q1/2020 (baolamdong.vn): early + on time over dossiers **resolved** in the period;
    in-progress overdue dossiers are excluded.
``received_cohort``
    District and commune reports of the form "received X, resolved early or on time Y"
    (e.g. Quảng Điền 2020) and the commune access-to-law scoring sheet (docs/domain.md §5:
    "dossiers resolved with correct procedure and on time / dossiers received"): the dossiers
    received in the period, each followed to the end of the data; on time = resolved by its due
    date. Not in §1.5; added because the published seed figures are of this form (and
    ``motcua.synth`` reproduces them under it).

Shared definitions (``dossier_timeline``):

- *received*: ``received_at`` of the dossier table (the clock start).
- *due*: ``due_at`` of the dossier table; where missing, computed from ``statutory_limit`` and
  ``limit_unit`` with ``motcua.vn.deadlines.due_at`` (15:00 rule where ``field_code`` is
  ``"certification"``).
  This is the 766 rule "with no due date: on time if end − start − supplement ≤ statutory maximum".
- *resolved*: first ``resolved`` event (a ``returned`` event without one counts as resolution).
- *end*: first of resolved / withdrawn / refused / stopped.
- *supplement pause*: time between each ``supplement_requested`` and the following
  ``supplement_returned`` (k-th request paired with k-th return). ``due_adjusted`` = due + pause.
  Outside ``qd766`` a late dossier is one resolved after ``due_adjusted`` (the clock does not run
  while the citizen completes the dossier); only ``qd766`` applies the ">1 request ⇒ late" and
  "open request ends the clock" rules. So the gap between ``qd766`` and the others shows both the
  denominator choice and those two rules.

Events are taken as known at the end of the period (events after ``period_end`` have not happened
yet), except for ``received_cohort``, which follows each dossier to the end of the event table.
Periods are inclusive dates: ``period_start`` 00:00 to ``period_end`` 23:59:59.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from motcua.vn import calendar as wcal
from motcua.vn import deadlines

CONVENTIONS = ("qd766", "to_handle", "due_in_period", "resolved_only", "received_cohort")
CONVENTION_SOURCES = {
    "qd766": "QĐ 766/QĐ-TTg operational rule (3rd-party spec 'Mô tả công thức tính chỉ số 766')",
    "to_handle": "Gia Lai monthly report: 100% − late / (received + carried over) (thông báo 301)",
    "due_in_period": "Vĩnh Phúc 2021: on time / dossiers due in the period (vinhphuc.gov.vn)",
    "resolved_only": "Lâm Đồng Q1/2020: early + on time / dossiers resolved (baolamdong.vn)",
    "received_cohort": "received in period, resolved by due date / received (district reports)",
}
END_EVENTS = ("resolved", "withdrawn", "refused", "stopped")
NOT_RESOLVED_ENDS = ("withdrawn", "refused", "stopped")
RATE_COLUMNS = [
    "convention", "group", "numerator", "denominator", "rate", "ci_low", "ci_high",
    "n_undetermined",
]


# ---------------------------------------------------------------------------------------------
# timeline


def period_bounds(period_start, period_end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start 00:00, end 23:59:59)`` of an inclusive period given as dates."""
    start = pd.Timestamp(period_start).normalize()
    end = wcal.end_of_day(period_end)
    if end < start:
        raise ValueError(f"period_end {period_end} is before period_start {period_start}")
    return start, end


def dossier_timeline(
    dossiers: pd.DataFrame,
    events: pd.DataFrame,
    as_of=None,
    *,
    calendar: wcal.WorkCalendar | None = None,
) -> pd.DataFrame:
    """One row per dossier (index ``dossier_id``) with the clock facts every convention uses.

    Columns: ``received_at``, ``due_at`` (given, else computed), ``resolved_at``, ``end_at``,
    ``end_event``, ``n_supplement_requests``, ``supplement_pause`` (timedelta),
    ``open_supplement_at`` (a request with no return yet), ``due_adjusted`` (due + pause).
    Only events at or before ``as_of`` count (``None``: all events).
    """
    need = {"dossier_id", "received_at"}
    missing = need - set(dossiers.columns)
    if missing:
        raise ValueError(f"dossier table lacks columns {sorted(missing)}")
    if {"dossier_id", "event", "at"} - set(events.columns):
        raise ValueError("event table needs columns dossier_id, event, at")
    d = dossiers.set_index("dossier_id")
    if not d.index.is_unique:
        dup = d.index[d.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"dossier_id is not unique in the dossier table, e.g. {dup}")
    tl = pd.DataFrame(index=d.index)
    tl["received_at"] = pd.to_datetime(d["received_at"])
    tl["due_at"] = _due(d, calendar)

    known = tl.index.get_indexer(events["dossier_id"]) >= 0  # hash lookup; isin on str is slow
    ev = events.loc[known, ["dossier_id", "event", "at"]]
    ev = ev.assign(event=ev["event"].astype(str), at=pd.to_datetime(ev["at"]))
    if as_of is not None:
        ev = ev[ev["at"] <= pd.Timestamp(as_of)]

    _add_end(tl, ev)
    _add_supplements(tl, ev)
    tl["due_adjusted"] = tl["due_at"] + tl["supplement_pause"]
    return tl


def _add_end(tl: pd.DataFrame, ev: pd.DataFrame) -> None:
    """``resolved_at``, ``end_at`` and ``end_event`` of each dossier (module docstring)."""
    first = ev.groupby(["dossier_id", "event"], observed=True)["at"].min().unstack("event")
    first = first.reindex(index=tl.index)

    def col(name):
        if name in first.columns:
            return first[name]
        return pd.Series(pd.NaT, index=tl.index, dtype="datetime64[us]")

    tl["resolved_at"] = col("resolved").fillna(col("returned"))
    ends = pd.DataFrame(
        {
            "resolved": tl["resolved_at"],
            "withdrawn": col("withdrawn"),
            "refused": col("refused"),
            "stopped": col("stopped"),
        }
    )
    tl["end_at"] = ends.min(axis=1)
    long = ends.reset_index(names="dossier_id").melt("dossier_id", var_name="end_event")
    long = long.dropna(subset=["value"]).sort_values(["dossier_id", "value"], kind="stable")
    first_end = long.drop_duplicates("dossier_id").set_index("dossier_id")["end_event"]
    tl["end_event"] = first_end.reindex(tl.index).astype("str")


def _add_supplements(tl: pd.DataFrame, ev: pd.DataFrame) -> None:
    """``n_supplement_requests``, ``supplement_pause`` (the k-th request paired with the k-th
    return) and ``open_supplement_at`` of each dossier (module docstring)."""
    req = ev[ev["event"] == "supplement_requested"].sort_values(["dossier_id", "at"])
    ret = ev[ev["event"] == "supplement_returned"].sort_values(["dossier_id", "at"])
    req = req.assign(k=req.groupby("dossier_id").cumcount())
    ret = ret.assign(k=ret.groupby("dossier_id").cumcount())
    pairs = req.merge(ret, on=["dossier_id", "k"], how="left", suffixes=("_req", "_ret"))
    pairs["pause"] = pairs["at_ret"] - pairs["at_req"]
    tl["n_supplement_requests"] = (
        req.groupby("dossier_id").size().reindex(tl.index, fill_value=0).astype("int64")
    )
    tl["supplement_pause"] = (
        pairs.groupby("dossier_id")["pause"].sum().reindex(tl.index).fillna(pd.Timedelta(0))
    )
    open_req = pairs[pairs["at_ret"].isna()].groupby("dossier_id")["at_req"].min()
    tl["open_supplement_at"] = open_req.reindex(tl.index).astype("datetime64[us]")


def _due(d: pd.DataFrame, calendar) -> pd.Series:
    due = pd.to_datetime(d["due_at"]) if "due_at" in d.columns else None
    if due is None:
        due = pd.Series(pd.NaT, index=d.index, dtype="datetime64[us]")
    todo = due.isna()
    if todo.any() and {"statutory_limit", "limit_unit"} <= set(d.columns):
        sub = d[todo]
        cert = (
            sub["field_code"].astype(str).eq("certification")
            if "field_code" in sub.columns
            else False
        )
        computed = deadlines.due_at(
            pd.to_datetime(sub["received_at"]),
            sub["statutory_limit"].astype("float64"),
            sub["limit_unit"].astype(object),
            certification=cert,
            calendar=calendar,
        )
        due = due.astype("datetime64[us]")
        due.loc[todo] = computed.to_numpy()
    return due.astype("datetime64[us]")


# ---------------------------------------------------------------------------------------------
# conventions: each returns a boolean Series ``on_time`` indexed by dossier_id over the dossiers in
# its denominator (NaN where on-time cannot be determined: no due date and no statutory limit)


def qd766(tl: pd.DataFrame, period_start, period_end) -> pd.Series:
    """QĐ 766 operational rule (see module docstring). ``tl``: timeline as of ``period_end``.

    Denominator: received by the period end and not ended before the period start (received in
    the period + carried over). End time: withdrawal/refusal/stop/resolution, minus supplement
    pause; unfinished dossiers end at the period end (minus pause as well); an open supplement
    request ends the clock at the request. On time: end ≤ due. More than one supplement request:
    late.
    """
    ps, pe = period_bounds(period_start, period_end)
    scope = (tl["received_at"] <= pe) & ~(tl["end_at"] < ps)
    t = tl[scope]
    end = t["end_at"].fillna(pe) - t["supplement_pause"]
    end = end.where(t["open_supplement_at"].isna(), t["open_supplement_at"])
    on_time = (end <= t["due_at"]) & (t["n_supplement_requests"] <= 1)
    return _undetermined(on_time, t["due_at"])


def to_handle(tl: pd.DataFrame, period_start, period_end) -> pd.Series:
    """Gia Lai "100% minus late over all to handle" (thông báo 301).

    Denominator: received by the period end and not ended before the period start. Late: resolved
    in the period after ``due_adjusted``, or still unfinished at the period end (and not paused
    for a supplement) with ``due_adjusted`` already past. Everything else, including withdrawn
    and not-yet-due dossiers, counts as on time.
    """
    ps, pe = period_bounds(period_start, period_end)
    scope = (tl["received_at"] <= pe) & ~(tl["end_at"] < ps)
    t = tl[scope]
    late_resolved = t["resolved_at"].between(ps, pe) & (t["resolved_at"] > t["due_adjusted"])
    late_open = t["end_at"].isna() & t["open_supplement_at"].isna() & (t["due_adjusted"] < pe)
    return _undetermined(~(late_resolved | late_open), t["due_adjusted"])


def due_in_period(tl: pd.DataFrame, period_start, period_end) -> pd.Series:
    """Vĩnh Phúc: on time over dossiers due in the period.

    Denominator: ``due_adjusted`` within the period, excluding dossiers withdrawn, refused or
    stopped by the period end and dossiers paused by an open supplement request. On time:
    resolved by the period end and no later than ``due_adjusted``; the rest are late-returned or
    overdue-unresolved.
    """
    ps, pe = period_bounds(period_start, period_end)
    ended_other = tl["end_event"].isin(NOT_RESOLVED_ENDS)
    scope = tl["due_adjusted"].between(ps, pe) & ~ended_other & tl["open_supplement_at"].isna()
    t = tl[scope]
    return t["resolved_at"].notna() & (t["resolved_at"] <= t["due_adjusted"])


def resolved_only(tl: pd.DataFrame, period_start, period_end) -> pd.Series:
    """Lâm Đồng: early + on time over dossiers resolved in the period (open overdue excluded)."""
    ps, pe = period_bounds(period_start, period_end)
    t = tl[tl["resolved_at"].between(ps, pe)]
    return _undetermined(t["resolved_at"] <= t["due_adjusted"], t["due_adjusted"])


def received_cohort(tl: pd.DataFrame, period_start, period_end) -> pd.Series:
    """Received in the period; on time = resolved (at any time in the data) by ``due_adjusted``.

    ``tl`` should be the timeline over all events (``as_of=None``): each dossier received in the
    period is followed to the end of the data, as a report written after the period does.
    Withdrawn, refused, stopped and unfinished dossiers are in the denominator and not on time.
    """
    ps, pe = period_bounds(period_start, period_end)
    t = tl[tl["received_at"].between(ps, pe)]
    on_time = t["resolved_at"].notna() & (t["resolved_at"] <= t["due_adjusted"])
    # an unresolved dossier is not on time whatever its due date; a resolved one needs a due date
    known_due = t["due_adjusted"].where(t["resolved_at"].notna(), pd.Timestamp(0))
    return _undetermined(on_time, known_due)


def _undetermined(on_time: pd.Series, due: pd.Series) -> pd.Series:
    """Object Series: True/False, or NaN where the due date is unknown."""
    out = on_time.astype(object)
    out[due.isna()] = np.nan
    return out


_FUNCS = {
    "qd766": qd766,
    "to_handle": to_handle,
    "due_in_period": due_in_period,
    "resolved_only": resolved_only,
    "received_cohort": received_cohort,
}


def classify(
    dossiers: pd.DataFrame,
    events: pd.DataFrame,
    period_start,
    period_end,
    conventions: Sequence[str] = CONVENTIONS,
    *,
    calendar: wcal.WorkCalendar | None = None,
) -> pd.DataFrame:
    """Long table (``dossier_id``, ``convention``, ``on_time``): one row per dossier in each
    convention's denominator; ``on_time`` is a nullable boolean (NA: no due date, no limit)."""
    unknown = set(conventions) - set(CONVENTIONS)
    if unknown:
        raise ValueError(f"unknown conventions {sorted(unknown)}; expected some of {CONVENTIONS}")
    _, pe = period_bounds(period_start, period_end)
    tl_period = dossier_timeline(dossiers, events, as_of=pe, calendar=calendar)
    tl_all = None
    parts = []
    for name in conventions:
        if name == "received_cohort":
            if tl_all is None:
                tl_all = dossier_timeline(dossiers, events, as_of=None, calendar=calendar)
            flags = received_cohort(tl_all, period_start, period_end)
        else:
            flags = _FUNCS[name](tl_period, period_start, period_end)
        parts.append(
            pd.DataFrame(
                {
                    "dossier_id": flags.index.astype("str"),
                    "convention": name,
                    "on_time": pd.array(flags.to_numpy(), dtype="boolean"),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["convention"] = pd.Categorical(out["convention"], categories=list(conventions))
    return out


# ---------------------------------------------------------------------------------------------
# rates


def rates_by_convention(
    dossiers: pd.DataFrame,
    events: pd.DataFrame,
    period_start,
    period_end,
    by: str | Sequence[str] | None = None,
    *,
    conventions: Sequence[str] = CONVENTIONS,
    method: str = "wilson",
    alpha: float = 0.05,
    calendar: wcal.WorkCalendar | None = None,
) -> pd.DataFrame:
    """Tidy table of on-time rates: one row per convention × group.

    Columns: ``convention``, ``group`` (``"all"`` when ``by`` is None; the value of ``by``, or the
    values joined by ``" | "`` for several columns), ``numerator``, ``denominator``, ``rate``,
    ``ci_low``, ``ci_high`` (two-sided ``1 − alpha`` interval from statsmodels
    ``proportion_confint``: ``method="wilson"`` or ``"beta"`` = Clopper–Pearson) and
    ``n_undetermined`` (dossiers left out because neither a due date nor a limit is known).
    Groups with an empty denominator have NaN rate and interval.
    """
    flags = classify(dossiers, events, period_start, period_end, conventions, calendar=calendar)
    keys = [by] if isinstance(by, str) else list(by or [])
    d = dossiers.set_index("dossier_id")
    if keys:
        miss = set(keys) - set(d.columns)
        if miss:
            raise ValueError(f"`by` columns {sorted(miss)} are not in the dossier table")
        labels = d[keys[0]].astype("str")
        for k in keys[1:]:
            labels = labels + " | " + d[k].astype("str")
    else:
        labels = pd.Series("all", index=d.index)
    flags["group"] = labels.reindex(flags["dossier_id"]).to_numpy()
    groups = sorted(labels.unique())
    known = flags[flags["on_time"].notna()]
    g = known.groupby(["convention", "group"], observed=False)["on_time"]
    num = g.sum().astype("int64")
    den = g.size().astype("int64")
    und = (
        flags[flags["on_time"].isna()]
        .groupby(["convention", "group"], observed=False)
        .size()
    )
    idx = pd.MultiIndex.from_product([list(conventions), groups], names=["convention", "group"])
    out = pd.DataFrame(
        {
            "numerator": num.reindex(idx, fill_value=0),
            "denominator": den.reindex(idx, fill_value=0),
            "n_undetermined": und.reindex(idx, fill_value=0).astype("int64"),
        }
    ).reset_index()
    out["convention"] = pd.Categorical(out["convention"], categories=list(conventions))
    out["group"] = out["group"].astype("str")
    ok = out["denominator"] > 0
    out["rate"] = np.where(ok, out["numerator"] / out["denominator"].where(ok, 1), np.nan)
    lo = np.full(len(out), np.nan)
    hi = np.full(len(out), np.nan)
    if ok.any():
        lo_ok, hi_ok = proportion_confint(
            out.loc[ok, "numerator"].to_numpy(),
            out.loc[ok, "denominator"].to_numpy(),
            alpha=alpha,
            method=method,
        )
        lo[ok.to_numpy()] = lo_ok
        hi[ok.to_numpy()] = hi_ok
    out["ci_low"], out["ci_high"] = lo, hi
    return out[RATE_COLUMNS]


def convention_gap(rates: pd.DataFrame) -> pd.DataFrame:
    """Per group, how far apart the conventions put the on-time rate: an audit finding.

    Input: ``rates_by_convention`` output. Output columns: ``group``, ``max_convention``,
    ``max_rate``, ``min_convention``, ``min_rate``, ``gap`` (max − min, as a proportion),
    ``n_conventions`` (with a non-empty denominator) and ``finding`` (one sentence).
    Ties go to the convention listed first.
    """
    rows = []
    for group, sub in rates.groupby("group", sort=True, observed=True):
        sub = sub[sub["rate"].notna()].sort_values("convention")
        if sub.empty:
            rows.append(dict(group=group, max_convention=None, max_rate=np.nan,
                             min_convention=None, min_rate=np.nan, gap=np.nan, n_conventions=0,
                             finding=f"{group}: no convention has a non-empty denominator"))
            continue
        hi = sub.loc[sub["rate"].idxmax()]
        lo = sub.loc[sub["rate"].idxmin()]
        gap = float(hi["rate"] - lo["rate"])
        finding = (
            f"{group}: the on-time rate is {lo['rate']:.2%} under {lo['convention']} "
            f"({int(lo['numerator'])}/{int(lo['denominator'])}) and {hi['rate']:.2%} under "
            f"{hi['convention']} ({int(hi['numerator'])}/{int(hi['denominator'])}): "
            f"a {gap * 100:.2f}-point gap from the choice of convention alone"
        )
        rows.append(dict(group=group, max_convention=str(hi["convention"]),
                         max_rate=float(hi["rate"]), min_convention=str(lo["convention"]),
                         min_rate=float(lo["rate"]), gap=gap, n_conventions=len(sub),
                         finding=finding))
    out = pd.DataFrame(rows, columns=["group", "max_convention", "max_rate", "min_convention",
                                      "min_rate", "gap", "n_conventions", "finding"])
    return out.astype({"group": "str", "finding": "str"})
