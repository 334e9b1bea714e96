"""Claims against records: recompute each published figure that the dossier and survey records
can speak to, under every on-time convention, and say where the claim holds.

Inspectors audit claims against the records the one-stop software holds, not against other
claims. A published on-time rate depends on the convention used to compute it
(docs/domain.md §1.5), so each rate is recomputed under every convention of
``motcua.analysis.ontime`` with its interval, and a claim that holds under some conventions only
is flagged with the names of those conventions.

Which records a claim speaks about follows from the register's locality tree:

* ``centre``: the dossiers received at the centre (``reception_unit == "centre"``);
* ``commune_group``: every other reception unit of the locality;
* a coded commune, ward or township: its own reception unit (or its ``locality_code``);
* a coded district or province: all of its records.

Other localities (a district's own competence, a group of districts) cannot be told apart in the
records, and their claims are listed as not recomputable rather than guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.claims.book import Book, compare_with_claim
from motcua.claims.register import Register
from motcua.claims.wording import claim_finding, decimals_of, metric_label, short_label
from motcua.findings import Finding, new_finding
from motcua.records.tables import Records
from motcua.vn.numbers import fmt_en, fmt_vi, rounding_interval

#: "gần 250.000" (nearly): a recomputed count within this fraction of the claim is consistent.
APPROX_TOLERANCE = 0.10

SHARE_LEVELS = {"sat_very_share": "very_satisfied", "sat_ok_share": "satisfied",
                "sat_no_share": "dissatisfied"}
RECOMPUTABLE = ("dossiers_received", "dossiers_resolved_on_time", "on_time_rate",
                "dossiers_interagency", *SHARE_LEVELS)

COLUMNS = ["claim_id", "metric", "locality_name", "claimed", "comparator", "claimed_low",
           "claimed_high", "convention", "numerator", "denominator", "recomputed", "ci_low",
           "ci_high", "consistent", "coverage"]


def scope_mask(book: Book, loc: str, table: pd.DataFrame) -> pd.Series | None:
    """Rows of ``table`` (dossiers or surveys) that a claim about ``loc`` speaks of; None when
    the records cannot isolate that locality (see module docstring)."""
    info = book.localities[loc]
    unit = table["reception_unit"].astype("str")
    code = info.code if isinstance(info.code, str) else None
    if info.level == "centre":
        return unit == "centre"
    if info.level == "commune_group":
        parent = book.localities.get(info.parent) if isinstance(info.parent, str) else None
        pcode = parent.code if parent is not None and isinstance(parent.code, str) else None
        mask = unit != "centre"
        if pcode is not None:
            mask &= table["locality_code"].astype("str") == pcode
        return mask
    if code is None:
        return None
    if info.level in ("commune", "ward", "township"):
        own = unit == code
        return own if own.any() else table["locality_code"].astype("str") == code
    if info.level in ("district", "province"):
        return table["locality_code"].astype("str") == code
    return None


def _window(row, records: Records) -> tuple[str, str, str]:
    """The claim's period cut to what the records cover, and a note when it had to be cut."""
    ps = row.period_start if isinstance(row.period_start, str) else records.period_start
    pe = row.period_end if isinstance(row.period_end, str) else records.period_end
    start, end = max(ps, records.period_start), min(pe, records.period_end)
    full = start == ps and end == pe
    return start, end, "full" if full else f"records cover {start} – {end} only"


def _claimed_bounds(row) -> tuple[float, float]:
    if row.comparator in ("gt", "ge"):
        return float(row.value), 100.0 if row.unit == "percent" else np.inf
    if row.comparator == "approx":
        return float(row.value) * (1 - APPROX_TOLERANCE), float(row.value) * (1 + APPROX_TOLERANCE)
    return rounding_interval(row.value, decimals_of(row))


def _rates(sub: pd.DataFrame, records: Records, start, end, alpha: float,
           memo: dict | None) -> pd.DataFrame:
    """``ontime.rates_by_convention`` for the dossiers ``sub``, computed once per (dossiers,
    period, alpha) within one audit: several claims about one unit share their timelines."""
    key = (len(sub), int(pd.util.hash_pandas_object(sub["dossier_id"], index=False).sum()),
           str(start), str(end), alpha)
    if memo is not None and key in memo:
        return memo[key].copy()
    ev = records.events[records.events["dossier_id"].isin(sub["dossier_id"])]
    rates = ontime.rates_by_convention(sub, ev, start, end, alpha=alpha)
    if memo is not None:
        memo[key] = rates.copy()
    return rates


def recompute(register: Register, records: Records, alpha: float = 0.05,
              memo: dict | None = None) -> pd.DataFrame:
    """One row per (claim, convention) that the records can recompute; see ``COLUMNS``.

    Counts are compared exactly (within 10% for "gần"), rates and shares within the rounding
    interval of the value as written (or above it for "hơn"). ``ci_low``/``ci_high`` are the
    ``1 − alpha`` Wilson intervals of ``motcua.analysis.ontime.rates_by_convention``; for a
    survey share the Wilson interval of the pooled share, and none for an average over units.
    """
    rows = []
    for name in register.sources["register"]:
        book = Book(register, name)
        for row in book.reported().itertuples():
            if row.metric not in RECOMPUTABLE:
                continue
            table = records.surveys if row.metric in SHARE_LEVELS else records.dossiers
            mask = scope_mask(book, row.locality, table)
            if mask is None or not mask.any():
                continue
            start, end, coverage = _window(row, records)
            if start > end:
                continue
            lo, hi = _claimed_bounds(row)
            base = dict(claim_id=row.claim_id, metric=row.metric,
                        locality_name=book.name_of(row.locality), claimed=row.value_text,
                        comparator=row.comparator, claimed_low=lo, claimed_high=hi,
                        coverage=coverage)
            for got in _recompute_one(row, table[mask], records, start, end, alpha, memo):
                value = got["recomputed"]
                ok = compare_with_claim(row.value, lo, hi, row.comparator, value) \
                    if row.comparator != "approx" else lo <= value <= hi
                rows.append({**base, **got, "consistent": bool(ok)})
    return pd.DataFrame(rows, columns=COLUMNS)


def _recompute_one(row, sub: pd.DataFrame, records: Records, start, end, alpha, memo=None):
    if row.metric in SHARE_LEVELS:
        # A form belongs to the period of the dossier it rates (forms for late-December
        # dossiers are answered in January); a form with no dossier, to the day it was answered.
        when = sub["answered_at"]
        if "dossier_id" in sub and not records.dossiers.empty:
            received = records.dossiers.set_index("dossier_id")["received_at"]
            when = sub["dossier_id"].map(received).fillna(sub["answered_at"])
        s = sub[(when >= pd.Timestamp(start)) & (when < pd.Timestamp(end) + pd.Timedelta(days=1))]
        if s.empty:
            return []
        from statsmodels.stats.proportion import proportion_confint

        hit = (s["satisfaction_level"].astype("str") == SHARE_LEVELS[row.metric])
        k, n = int(hit.sum()), len(s)
        lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
        pooled = dict(convention="pooled", numerator=k, denominator=n, recomputed=100 * k / n,
                      ci_low=100 * lo, ci_high=100 * hi)
        if row.aggregation != "unit_average":
            return [pooled]
        # "bình quân": the article's own aggregation first, then the pooled share for contrast
        per_unit = hit.groupby(s["reception_unit"].astype("str")).mean()
        return [dict(convention="unit average", numerator=np.nan, denominator=len(per_unit),
                     recomputed=100 * float(per_unit.mean()), ci_low=np.nan, ci_high=np.nan),
                pooled]
    d = sub[(sub["received_at"] >= pd.Timestamp(start))
            & (sub["received_at"] < pd.Timestamp(end) + pd.Timedelta(days=1))]
    if d.empty:
        return []
    if row.metric == "dossiers_received":
        return [dict(convention="count", numerator=len(d), denominator=np.nan,
                     recomputed=len(d) * records.scale, ci_low=np.nan, ci_high=np.nan)]
    if row.metric == "dossiers_interagency":
        k = int(d["is_interagency"].sum())
        return [dict(convention="count", numerator=k, denominator=np.nan,
                     recomputed=k * records.scale, ci_low=np.nan, ci_high=np.nan)]
    rates = _rates(sub, records, start, end, alpha, memo)
    out = []
    for r in rates.itertuples():
        if not r.denominator:
            continue
        if row.metric == "on_time_rate":
            value, lo, hi = 100 * r.rate, 100 * r.ci_low, 100 * r.ci_high
        else:  # dossiers_resolved_on_time: the numerator, at the records' scale
            value, lo, hi = r.numerator * records.scale, np.nan, np.nan
        out.append(dict(convention=r.convention, numerator=int(r.numerator),
                        denominator=int(r.denominator), recomputed=value, ci_low=lo, ci_high=hi))
    return out


def findings(register: Register, records: Records, table: pd.DataFrame) -> list[Finding]:
    """One finding per recomputed claim: holds under every convention (info), under some only
    (warning, naming them), or under none (fail). Records that are SYNTHETIC say so."""
    out: list[Finding] = []
    tag_en = " [SYNTHETIC records]" if records.synthetic else ""
    tag_vi = " [dữ liệu GIẢ LẬP]" if records.synthetic else ""
    for name in register.sources["register"]:
        book = Book(register, name)
        sub = table[table["claim_id"].isin(book.claims["claim_id"])]
        n = 0
        for cid, grp in sub.groupby("claim_id", sort=False):
            row = book.by_id[cid]
            ok = grp[grp["consistent"]]
            pct = row.unit == "percent"
            values = "; ".join(f"{c}: {fmt_en(v, 2) + '%' if pct else fmt_en(v)}"
                               for c, v in zip(grp["convention"], grp["recomputed"]))
            if len(ok) == len(grp):
                sev, status, verdict_en, verdict_vi = "info", "holds", "holds", "khớp"
            elif ok.empty:
                sev, status = "fail", "fails"
                verdict_en, verdict_vi = "does not hold", "không khớp"
            else:
                sev, status = "warning", "holds"
                names = ", ".join(ok["convention"])
                verdict_en = f"holds only under {names}"
                verdict_vi = f"chỉ khớp theo cách tính {names}"
            cover = grp["coverage"].iloc[0]
            cover_en = "" if cover == "full" else f" ({cover})"
            n += 1
            f = claim_finding(
                book, "records", sev, status, [row],
                subject=f"{book.name_of(row.locality)}: {short_label(row.metric)}",
                claimed=row.value,
                recomputed=float(grp["recomputed"].iloc[-1]),
                interval_low=float(grp["claimed_low"].iloc[0]),
                interval_high=float(grp["claimed_high"].iloc[0]),
                arithmetic=values,
                message_en=(f"{book.name_of(row.locality)}: {metric_label(row.metric)} claimed "
                            f"{row.value_text}; from the records{cover_en}: {values}. The claim "
                            f"{verdict_en}.{tag_en}"),
                message_vi=(f"{book.name_of(row.locality)}: công bố {row.value_text}; tính lại "
                            f"từ hồ sơ: {values.replace(',', '.')}. Số công bố {verdict_vi}."
                            f"{tag_vi}"),
            )
            f.id = f"{name}/records/{n}"
            out.append(f)
    return out


def convention_gaps(records: Records, register: Register, memo: dict | None = None
                    ) -> pd.DataFrame:
    """``ontime.convention_gap`` for each locality that a rate claim speaks about."""
    frames = []
    for name in register.sources["register"]:
        book = Book(register, name)
        rate_claims = book.reported()[book.reported()["metric"].isin(
            ["on_time_rate", "dossiers_resolved_on_time"])]
        for loc in dict.fromkeys(rate_claims["locality"]):
            mask = scope_mask(book, loc, records.dossiers)
            if mask is None or not mask.any():
                continue
            rates = _rates(records.dossiers[mask], records, records.period_start,
                           records.period_end, 0.05, memo)
            rates["group"] = book.name_of(loc)
            frames.append(ontime.convention_gap(rates))
    cols = ["group", "min_convention", "min_rate", "max_convention", "max_rate", "gap", "finding"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def audit_records(register: Register, records: Records | None, alpha: float = 0.05):
    """Everything the notebook's records section shows: the recomputation table, its findings
    and the convention gaps. With no records, three empty results (the notebook does not
    branch)."""
    if records is None:
        return pd.DataFrame(columns=COLUMNS), [], pd.DataFrame(
            columns=["group", "min_convention", "min_rate", "max_convention", "max_rate", "gap",
                     "finding"])
    memo: dict = {}
    table = recompute(register, records, alpha=alpha, memo=memo)
    gaps = convention_gaps(records, register, memo=memo)
    return table, findings(register, records, table) + gap_findings(register, records, gaps), gaps


#: A convention gap above this many percentage points is a warning: enough to turn a missed
#: target into a met one (Quảng Điền's 97.5% against 98%).
GAP_WARNING_POINTS = 0.5


def gap_findings(register: Register, records: Records, gaps: pd.DataFrame) -> list[Finding]:
    """The spread between on-time conventions, from the same records, as findings."""
    out = []
    name = register.sources["register"].iloc[0]
    tag = " [SYNTHETIC records]" if records.synthetic else ""
    tag_vi = " [dữ liệu GIẢ LẬP]" if records.synthetic else ""
    for n, g in enumerate(gaps.itertuples(), start=1):
        points = 100 * g.gap
        low, high = 100 * g.min_rate, 100 * g.max_rate
        out.append(new_finding(
            "convention_gap", "warning" if points > GAP_WARNING_POINTS else "info", "derived",
            claim_ids=[], claimed=None, recomputed=round(points, 4),
            interval_low=round(low, 4), interval_high=round(high, 4),
            arithmetic=f"{g.max_convention} {high:.2f}% − {g.min_convention} "
                       f"{low:.2f}% = {points:.2f} points",
            message_en=(f"{g.group}: from the same records the on-time rate is "
                        f"{low:.2f}% ({g.min_convention}) to {high:.2f}% "
                        f"({g.max_convention}), a {points:.2f}-point spread from the choice of "
                        f"convention alone.{tag}"),
            message_vi=(f"{g.group}: cùng một bộ hồ sơ, tỷ lệ đúng hạn từ "
                        f"{fmt_vi(low, 2)}% ({g.min_convention}) đến {fmt_vi(high, 2)}% "
                        f"({g.max_convention}), chênh {fmt_vi(points, 2)} điểm chỉ "
                        f"do cách tính.{tag_vi}"),
            register=name, id=f"{name}/convention_gap/{n}", metric="on_time_rate",
            subject=f"{g.group}: on-time rate"))
    return out
