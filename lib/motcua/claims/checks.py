"""Consistency checks on published claims: does each figure follow from the others?

Every check treats a published number as the interval its rounding allows (statcheck,
``R/error_test.R``: "a t-value of 2.0 could have been rounded from anywhere between 1.95-2.05";
anchors.md §C) and flags only what no value in that interval can explain. Each check is a small
function ``check_x(book) -> list[Finding]``; ``audit`` runs them all in a fixed order.

Severity: ``fail`` = arithmetic that cannot be right; ``warning`` = needs an inspector's attention
(a target missed, stale figures, a perfect score that only microdata can confirm); ``info`` =
holds, or context. Status: ``holds``, ``fails``, ``derived`` (a figure the article does not state
but its numbers imply), ``needs_microdata`` and ``not_testable`` (the test has no power).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from motcua.vn.numbers import fmt_en, fmt_vi, parse_vn_number, rounding_interval
from motcua.findings import SEVERITIES, STATUSES, Finding, new_finding  # noqa: F401
from motcua.stats import upper_bound_late_rate
from motcua.claims.register import METRICS, Register


#: Default reference late rate for "how likely is 100% on time": 0.8%, the late share implied by
#: Lạng Sơn's published 99.2% on-time rate for 2019 (data/claims/lang-son-2019.yaml), a real
#: figure from a province that itself reports near-perfect timeliness. A notebook parameter.
REFERENCE_LATE_RATE = 0.008

#: Within-locality identities: the whole equals the sum of its parts (same locality and period).
#: Online services: ND 43/2011 counts levels 3 and 4 as online submission; levels 1-2 are
#: information and forms only, so "online" procedures = level 3 + level 4.
SUM_RULES: dict[str, tuple[str, ...]] = {
    "procedures_one_stop_any": ("procedures_one_stop", "procedures_interagency"),
    "procedures_online": ("procedures_online_level_3", "procedures_online_level_4"),
}

#: Counts that add up over a locality's ``partition`` (disjoint parts).
ADDITIVE_UNITS = ("dossier", "procedure", "unit")

#: Shares of one satisfaction distribution (3-level scale: TT 01/2018 forms as used in practice).
SHARE_FAMILIES: dict[str, tuple[str, ...]] = {
    "satisfaction": ("sat_very_share", "sat_ok_share", "sat_no_share"),
}

#: Metrics where 100% is a performance claim worth a plausibility check.
PERFECT_METRICS = ("on_time_rate", "sat_very_share", "satisfaction_rate")


# --------------------------------------------------------------------------------------------
# The book: lookups over one register's claims, with derivation through partitions and rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    value: float
    claim_ids: tuple[str, ...]
    expr: str  # how it was obtained, in numbers: "7,519 + 17,391"
    exact: bool = True  # False when any input was "gần" (approximately)


class Book:
    """Claims of one register indexed by (locality, metric, period), plus the locality tree."""

    def __init__(self, register: Register, name: str):
        self.name = name
        self.claims = register.claims[register.claims["register"] == name].reset_index(drop=True)
        self.localities = {
            r.locality: r
            for r in register.localities[register.localities["register"] == name].itertuples()
        }
        self.source = register.sources[register.sources["register"] == name].iloc[0]
        self.by_id = {r.claim_id: r for r in self.claims.itertuples()}

    def reported(self) -> pd.DataFrame:
        return self.claims[self.claims["kind"] == "reported"]

    def stated(self, loc: str, metric: str, period: tuple) -> list:
        c = self.reported()
        m = (c["locality"] == loc) & (c["metric"] == metric)
        m &= (c["period_start"].fillna("") == (period[0] or "")) & (c["period_end"] == period[1])
        return [self.by_id[i] for i in c.loc[m, "claim_id"]]

    def value(self, loc, metric, period, exclude=frozenset(), depth=0) -> Value | None:
        """A count at (loc, metric, period): stated, or summed from parts; None if unknown."""
        if depth > 6:
            return None
        for row in self.stated(loc, metric, period):
            if row.claim_id not in exclude and row.comparator in ("eq", "approx"):
                return Value(row.value, (row.claim_id,), fmt_en(row.value, _dec(row)),
                             row.comparator == "eq")
        return self.derive(loc, metric, period, exclude, depth)

    def derive(self, loc, metric, period, exclude=frozenset(), depth=0) -> Value | None:
        """Sum over the locality's partition, else over the metric's parts (SUM_RULES)."""
        routes = []
        parts_loc = tuple(getattr(self.localities.get(loc), "partition", ()) or ())
        if parts_loc:
            routes.append([(p, metric) for p in parts_loc])
        if metric in SUM_RULES:
            routes.append([(loc, m) for m in SUM_RULES[metric]])
        for route in routes:
            vals = [self.value(l, m, period, exclude, depth + 1) for l, m in route]
            if all(v is not None for v in vals):
                return Value(
                    sum(v.value for v in vals),
                    tuple(i for v in vals for i in v.claim_ids),
                    " + ".join(v.expr if len(v.claim_ids) == 1 else f"({v.expr})" for v in vals),
                    all(v.exact for v in vals),
                )
        return None

    def periods(self) -> list[tuple]:
        c = self.reported()
        pairs = {(ps if isinstance(ps, str) else None, pe)
                 for ps, pe in zip(c["period_start"], c["period_end"]) if isinstance(pe, str)}
        return sorted(pairs, key=lambda p: (p[1], p[0] or ""), reverse=True)

    def name_of(self, loc: str) -> str:
        return self.localities[loc].name

    def published(self) -> pd.Timestamp | None:
        p = self.source["published"]
        return pd.Timestamp(p) if isinstance(p, str) else None

    def rate(self, loc, period, exclude=frozenset()) -> tuple[Value, Value] | None:
        """On-time numerator and denominator (received) at loc, stated or derived."""
        num = self.value(loc, "dossiers_resolved_on_time", period, exclude)
        den = self.value(loc, "dossiers_received", period, exclude)
        if num is None or den is None or den.value <= 0:
            return None
        return num, den


def _label(metric: str) -> str:
    return METRICS[metric].split(",")[0].split(" (")[0]


def _dec(row) -> int:
    try:
        return parse_vn_number(row.value_text).decimals
    except ValueError:
        return 0


def _pct(x: float, d: int = 2) -> str:
    return fmt_en(x, d) + "%"


def _pct_vi(x: float, d: int = 2) -> str:
    return fmt_vi(x, d) + "%"


def _period_label(period) -> str:
    ps, pe = (x if isinstance(x, str) else None for x in period)
    if pe is None:
        return "an unstated period"
    if ps and ps[5:] == "01-01" and pe[5:] == "12-31":
        return ps[:4] if ps[:4] == pe[:4] else f"{ps[:4]}–{pe[:4]}"
    return f"{ps or '…'} – {pe}"


def _finding(book: Book, check: str, severity: str, status: str, rows, **kw) -> Finding:
    ids = [r.claim_id for r in rows]
    return new_finding(check, severity, status, claim_ids=ids, register=book.name,
                       quotes=[r.quote for r in rows], metric=rows[0].metric if rows else "",
                       **kw)


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def check_sums(book: Book) -> list[Finding]:
    """Parts add up to the whole (anchors.md C10; ANCHOR in scrutiny's related tools).

    For every stated count, recompute it from the other claims: over the locality's partition
    (district = district level + communes) and over the metric's parts (``SUM_RULES``, e.g.
    one-stop + inter-agency procedures). Counts are exact, so any difference fails. A fraction's
    base ("336/336") is compared the same way with the procedures published for that locality.
    """
    out = []
    for row in book.reported().itertuples():
        if row.unit not in ADDITIVE_UNITS or row.comparator != "eq":
            continue
        period = (row.period_start if isinstance(row.period_start, str) else None, row.period_end)
        derived = book.derive(row.locality, row.metric, period, exclude=frozenset({row.claim_id}))
        if derived is not None and derived.exact:
            ok = derived.value == row.value
            rows = [row] + [book.by_id[i] for i in derived.claim_ids]
            out.append(_finding(
                book, "sum", "info" if ok else "fail", "holds" if ok else "fails", rows,
                claimed=row.value, recomputed=derived.value,
                arithmetic=f"{derived.expr} = {fmt_en(derived.value)}",
                message_en=(f"{book.name_of(row.locality)}: {_label(row.metric)}: "
                            f"{fmt_en(row.value)} {'equals' if ok else 'does not equal'} the sum "
                            f"of its parts, {derived.expr} = {fmt_en(derived.value)}."),
                message_vi=(f"{book.name_of(row.locality)}: {fmt_vi(row.value)} "
                            f"{'bằng' if ok else 'không bằng'} tổng các phần, "
                            f"{derived.expr.replace(',', '.')} = {fmt_vi(derived.value)}."),
            ))
        if row.unit == "procedure" and not pd.isna(row.denominator):
            base = None
            for metric in ("procedures_total", "procedures_published"):
                base = book.value(row.locality, metric, period)
                if base is not None:
                    break
            if base is not None and base.exact:
                ok = base.value == row.denominator
                rows = [row] + [book.by_id[i] for i in base.claim_ids]
                out.append(_finding(
                    book, "sum", "info" if ok else "fail", "holds" if ok else "fails", rows,
                    claimed=row.denominator, recomputed=base.value,
                    arithmetic=f"{base.expr} = {fmt_en(base.value)}",
                    message_en=(f"{book.name_of(row.locality)}: the base of "
                                f"'{row.value_text}' ({_label(row.metric)}: {fmt_en(row.denominator)}) "
                                f"{'equals' if ok else 'differs from'} the procedures the article "
                                f"lists, {base.expr} = {fmt_en(base.value)}."),
                    message_vi=(f"{book.name_of(row.locality)}: mẫu số của "
                                f"'{row.value_text}' ({fmt_vi(row.denominator)} TTHC) "
                                f"{'khớp với' if ok else 'khác'} số TTHC bài viết nêu, "
                                f"{base.expr.replace(',', '.')} = {fmt_vi(base.value)}."),
                ))
    return out


def check_shares(book: Book) -> list[Finding]:
    """Shares of one distribution add up to 100% within rounding (anchors.md C10).

    k shares each rounded to d decimals may sum to anything in 100 ± k·½·10^-d. This also holds
    for an *average* of unit shares ("bình quân"), since averaging is linear. A single 100% share
    implies every other category is 0.
    """
    out = []
    c = book.reported()
    for family, metrics in SHARE_FAMILIES.items():
        sub = c[c["metric"].isin(metrics) & (c["comparator"] == "eq")]
        for (loc, ps, pe), grp in sub.groupby(
                ["locality", sub["period_start"].fillna(""), "period_end"], sort=True):
            rows = list(grp.itertuples())
            total = sum(Decimal(str(r.value)) for r in rows)
            tol = sum(Decimal(5) / Decimal(10) ** (_dec(r) + 1) for r in rows)
            all_present = set(grp["metric"]) == set(metrics)
            lo, hi = float(Decimal(100) - tol), float(Decimal(100) + tol)
            if all_present:
                ok = lo <= float(total) <= hi
            else:
                ok = float(total) <= hi
            terms = " + ".join(_pct(r.value, _dec(r)) for r in rows)
            if len(rows) == 1 and rows[0].value == 100:
                msg_en = (f"{book.name_of(loc)}: {terms} {_label(rows[0].metric)} "
                          "leaves 0% for every other level of the scale.")
                msg_vi = (f"{book.name_of(loc)}: {_pct_vi(100, 0)} ở một mức nghĩa là mọi mức "
                          "còn lại bằng 0%.")
            else:
                msg_en = (f"{book.name_of(loc)}: the {family} shares {terms} sum to "
                          f"{_pct(float(total))}; rounding allows {_pct(lo, 3)} to {_pct(hi, 3)}"
                          f"{'' if all_present else ' (not every level is given)'}.")
                msg_vi = (f"{book.name_of(loc)}: tổng các tỷ lệ {terms.replace('.', ',')} là "
                          f"{_pct_vi(float(total))}; sai số làm tròn cho phép từ "
                          f"{_pct_vi(lo, 3)} đến {_pct_vi(hi, 3)}.")
            out.append(_finding(
                book, "shares_sum", "info" if ok else "fail", "holds" if ok else "fails", rows,
                claimed=100.0, recomputed=float(total), arithmetic=f"{terms} = {_pct(float(total))}",
                interval_low=lo, interval_high=hi, message_en=msg_en, message_vi=msg_vi))
    return out


def _compare(value: float, lo: float, hi: float, comparator: str, recomputed: float) -> bool:
    if comparator == "gt":
        return recomputed > value
    if comparator == "ge":
        return recomputed >= lo
    if comparator == "lt":
        return recomputed < value
    return lo <= recomputed <= hi  # eq and approx: inside the rounding interval


_COMPARATOR_EN = {"eq": "", "gt": "more than ", "ge": "at least ", "lt": "less than ",
                  "approx": "about "}
_COMPARATOR_VI = {"eq": "", "gt": "hơn ", "ge": "ít nhất ", "lt": "dưới ", "approx": "khoảng "}


def check_rates(book: Book) -> list[Finding]:
    """A stated rate equals numerator / denominator within the rounding interval of the rate as
    written (statcheck's principle; anchors.md C1, C10). "hơn 98%" holds if the recomputed rate
    is above 98%. Where the article gives counts but no rate, the rate is derived and reported
    (status ``derived``); where it gives a rate and only its base, the implied count is shown.

    Convention: articles give dossiers received and dossiers resolved early or on time, so the
    recomputed rate is on-time / received; dossiers still in progress count as not on time, which
    makes it a lower bound under the conventions of domain.md §1.5.
    """
    out = []
    covered = set()
    for row in book.reported().itertuples():
        if row.metric != "on_time_rate" or row.value >= 100:
            continue
        period = (row.period_start if isinstance(row.period_start, str) else None, row.period_end)
        lo, hi = rounding_interval(row.value, _dec(row))
        if row.comparator in ("gt", "ge"):  # "hơn 98%": anything from 98% up
            lo, hi = row.value, 100.0
        pair = book.rate(row.locality, period)
        if pair is not None:
            num, den = pair
            covered.add((row.locality, period))
            r = 100 * num.value / den.value
            ok = _compare(row.value, lo, hi, row.comparator, r)
            rows = [row] + [book.by_id[i] for i in (*num.claim_ids, *den.claim_ids)]
            out.append(_finding(
                book, "rate", "info" if ok else "fail", "holds" if ok else "fails", rows,
                claimed=row.value, recomputed=round(r, 4), interval_low=lo, interval_high=hi,
                arithmetic=f"{num.expr} / {den.expr} = {_pct(r)}",
                message_en=(f"{book.name_of(row.locality)}, {_period_label(period)}: claimed "
                            f"{_COMPARATOR_EN[row.comparator]}{row.value_text}; "
                            f"{fmt_en(num.value)} of {fmt_en(den.value)} dossiers = {_pct(r)}, "
                            f"which {'agrees' if ok else 'does not agree'} with the claim."),
                message_vi=(f"{book.name_of(row.locality)}, {_period_label(period)}: công bố "
                            f"{_COMPARATOR_VI[row.comparator]}{row.value_text}; "
                            f"{fmt_vi(num.value)}/{fmt_vi(den.value)} hồ sơ = {_pct_vi(r)}, "
                            f"{'khớp' if ok else 'không khớp'} với số công bố."),
            ))
            continue
        base = _base_of(book, row)
        if base is not None:
            late_lo, late_hi = base.value * (100 - hi) / 100, base.value * (100 - lo) / 100
            on_time = base.value * row.value / 100
            rows = [row] + [book.by_id[i] for i in base.claim_ids]
            about = "about " if not base.exact else ""
            out.append(_finding(
                book, "rate", "info", "derived", rows, claimed=row.value,
                recomputed=round(on_time), interval_low=late_lo, interval_high=late_hi,
                arithmetic=f"{row.value_text} × {about}{fmt_en(base.value)} ≈ {fmt_en(on_time)}",
                message_en=(f"{book.name_of(row.locality)}: {row.value_text} of "
                            f"{about}{fmt_en(base.value)} dossiers means about "
                            f"{fmt_en(on_time)} on time and {fmt_en(late_lo)}–{fmt_en(late_hi)} "
                            "late; the article gives no count to check it against."),
                message_vi=(f"{book.name_of(row.locality)}: {row.value_text} của "
                            f"{'khoảng ' if about else ''}{fmt_vi(base.value)} hồ sơ tương ứng "
                            f"khoảng {fmt_vi(on_time)} hồ sơ đúng hạn và {fmt_vi(late_lo)}–"
                            f"{fmt_vi(late_hi)} hồ sơ trễ hạn; bài viết không nêu số để đối chiếu."),
            ))
    # rates the article implies but does not state
    for loc in book.localities:
        for period in book.periods():
            if (loc, period) in covered or book.stated(loc, "on_time_rate", period):
                continue
            pair = book.rate(loc, period)
            if pair is None:
                continue
            num, den = pair
            r = 100 * num.value / den.value
            rows = [book.by_id[i] for i in (*num.claim_ids, *den.claim_ids)]
            out.append(_finding(
                book, "rate", "info", "derived", rows, claimed=None, recomputed=round(r, 4),
                arithmetic=f"({num.expr}) / ({den.expr}) = {_pct(r)}",
                message_en=(f"{book.name_of(loc)}, {_period_label(period)}: not stated as a "
                            f"rate; {fmt_en(num.value)} of {fmt_en(den.value)} dossiers "
                            f"resolved early or on time = {_pct(r)}."),
                message_vi=(f"{book.name_of(loc)}, {_period_label(period)}: bài viết không nêu "
                            f"tỷ lệ; {fmt_vi(num.value)}/{fmt_vi(den.value)} hồ sơ giải quyết "
                            f"trước hạn và đúng hạn = {_pct_vi(r)}."),
            ))
    return out


def _base_of(book: Book, row) -> Value | None:
    if isinstance(row.denominator_ref, str):
        ref = book.by_id[row.denominator_ref]
        return Value(ref.value, (ref.claim_id,), fmt_en(ref.value), ref.comparator == "eq")
    if not pd.isna(row.denominator):
        return Value(row.denominator, (), fmt_en(row.denominator), True)
    return None


def grim_min_n(value_text: str, max_n: int = 1_000_000) -> int | None:
    """Inverse GRIM: the smallest N for which some k/N, as a percentage, rounds to the value.

    Brown & Heathers 2017 (SPPS 8:363); the interval is closed because the rounding rule is
    unknown (scrutiny's ``up_or_down``). anchors.md C2 verified: "0.05%" → 1,819; "99.9%" → 667;
    "87.3%" → 55. Returns None for 0% or 100% (any N) or when no N ≤ max_n fits.
    """
    p = parse_vn_number(value_text)
    half = Fraction(5, 10 ** (p.decimals + 1))
    v = Fraction(p.value)
    lo, hi = (v - half) / 100, (v + half) / 100
    if v <= 0 or v >= 100:
        return None
    for n in range(1, max_n + 1):
        k = math.ceil(lo * n)
        if Fraction(k, n) <= hi and k <= n:
            return n
    return None


def grim_consistent(value_text: str, n: int) -> bool:
    """GRIM: can some k/n, in percent, round to ``value_text``? (Brown & Heathers 2017)."""
    p = parse_vn_number(value_text)
    half = Fraction(5, 10 ** (p.decimals + 1))
    lo, hi = (Fraction(p.value) - half) / 100, (Fraction(p.value) + half) / 100
    k = math.ceil(lo * n)
    return Fraction(k, n) <= hi and 0 <= k <= n


def check_granularity(book: Book) -> list[Finding]:
    """GRIM (Brown & Heathers 2017) on every share: with a stated N, is the share possible at
    all; without one, the smallest N that could produce it (inverse GRIM, anchors.md C2).

    The test has power only when N < 10^(d+2) for a percentage with d decimals. A share of 0% or
    100% fits every N. For an *average* of unit shares ("bình quân") the pooled bound does not
    apply; what remains is that some unit had at least ⌈1 / (m · upper bound)⌉ respondents, m
    being the number of units averaged, because one answer in that unit already lifts the
    average by 1/(m · n).
    """
    out = []
    for row in book.reported().itertuples():
        if row.unit != "percent" or row.metric not in METRIC_SHARES or row.comparator != "eq":
            continue
        d = _dec(row)
        lo, hi = rounding_interval(row.value, d)
        base = _base_of(book, row)
        if row.value in (0, 100):
            out.append(_finding(
                book, "grim", "info", "not_testable", [row], claimed=row.value, recomputed=None,
                message_en=(f"{book.name_of(row.locality)}: {row.value_text} is possible with "
                            "any number of respondents or dossiers; it says nothing about N."),
                message_vi=(f"{book.name_of(row.locality)}: {row.value_text} có thể xảy ra với "
                            "bất kỳ số phiếu hay số hồ sơ nào; con số này không cho biết N."),
            ))
            continue
        if base is not None and (base.exact or base.value >= 10 ** (d + 2)):
            n = int(base.value)
            if n >= 10 ** (d + 2):
                out.append(_finding(
                    book, "grim", "info", "not_testable", [row], claimed=row.value,
                    recomputed=None, interval_low=lo, interval_high=hi,
                    message_en=(f"{row.value_text} of {fmt_en(n)}: with N ≥ {10 ** (d + 2):,} a "
                                f"percentage with {d} decimals can always be reached (no power)."),
                    message_vi=(f"{row.value_text} của {fmt_vi(n)}: với N ≥ "
                                f"{fmt_vi(10 ** (d + 2))}, tỷ lệ có {d} chữ số thập phân luôn "
                                "đạt được (kiểm định không có hiệu lực)."),
                ))
                continue
            ok = grim_consistent(row.value_text, n)
            out.append(_finding(
                book, "grim", "info" if ok else "fail", "holds" if ok else "fails", [row],
                claimed=row.value, recomputed=float(n), interval_low=lo, interval_high=hi,
                message_en=(f"{row.value_text} of N = {fmt_en(n)}: "
                            + ("some whole count k gives k/N within the rounding interval."
                               if ok else "no whole count k gives k/N that rounds to it.")),
                message_vi=(f"{row.value_text} của N = {fmt_vi(n)}: "
                            + ("có số nguyên k để k/N nằm trong khoảng làm tròn."
                               if ok else "không có số nguyên k nào để k/N làm tròn thành số này.")),
            ))
            continue
        min_n = grim_min_n(row.value_text)
        if row.aggregation == "unit_average":
            m = _unit_count(book, row.locality)
            # One answer in a unit of n lifts the average by 100/(m·n) points, so a unit with an
            # answer in this category has n >= 100/(m·hi). Only informative when that exceeds 1.
            per_unit = math.ceil(Fraction(100) / (m * Fraction(str(hi)))) if m else None
            en_avg = " As an average over units ('bình quân'), that bound does not apply"
            vi_avg = " Vì đây là số bình quân của các đơn vị nên giới hạn đó không áp dụng"
            if per_unit and per_unit > 1:
                en_avg += (f"; averaged over {m} units it implies only that some unit had at "
                           f"least {fmt_en(per_unit)} respondents.")
                vi_avg += (f"; bình quân của {m} đơn vị chỉ cho biết có ít nhất một đơn vị với "
                           f"từ {fmt_vi(per_unit)} phiếu trở lên.")
            else:
                en_avg += "."
                vi_avg += "."
        else:
            per_unit, en_avg, vi_avg = None, "", ""
        out.append(_finding(
            book, "grim", "info", "derived", [row], claimed=row.value,
            recomputed=float(min_n) if min_n else None, interval_low=lo, interval_high=hi,
            arithmetic=(f"smallest N with k/N in [{_pct(lo, d + 1)}, {_pct(hi, d + 1)}]: "
                        f"{fmt_en(min_n)}" if min_n else ""),
            message_en=(f"{book.name_of(row.locality)}: a pooled share of {row.value_text} "
                        f"needs at least {fmt_en(min_n)} respondents (inverse GRIM: the rounding "
                        f"interval is {_pct(lo, d + 1)}–{_pct(hi, d + 1)}).{en_avg}"),
            message_vi=(f"{book.name_of(row.locality)}: nếu là tỷ lệ gộp thì {row.value_text} "
                        f"cần ít nhất {fmt_vi(min_n)} phiếu (GRIM ngược: khoảng làm tròn "
                        f"{_pct_vi(lo, d + 1)}–{_pct_vi(hi, d + 1)}).{vi_avg}"),
        ))
    return out


METRIC_SHARES = ("sat_very_share", "sat_ok_share", "sat_no_share", "satisfaction_rate",
                 "on_time_rate")


def _unit_count(book: Book, loc: str) -> int | None:
    n = book.localities[loc].unit_count
    if n is not None and not pd.isna(n):
        return int(n)
    c = book.reported()
    frac = c[(c["locality"] == loc) & (c["metric"] == "units_completed")]
    if not frac.empty and not pd.isna(frac["denominator"].iloc[0]):
        return int(frac["denominator"].iloc[0])
    return None


def check_perfect(book: Book, confidence: float = 0.95,
                  reference_late_rate: float = REFERENCE_LATE_RATE) -> list[Finding]:
    """A perfect score ("100% on time", "100% very satisfied") can only be confirmed from the
    records. Given N, report the exact upper bound on the late rate that zero late dossiers
    allows, and how unlikely zero lates would be if the true late rate were a plausible
    reference (binomial (1 − r)^N); the bound is ``motcua.stats.upper_bound_late_rate``
    (Clopper–Pearson). Unanimity on a satisfaction scale is a known sign of few or
    steered forms (SGGP "Con số của bệnh hình thức"; domain.md §3.3, §7).
    """
    out = []
    for row in book.reported().itertuples():
        if row.metric not in PERFECT_METRICS or row.value != 100 or row.comparator != "eq":
            continue
        base = _base_of(book, row)
        rows = [row] + ([book.by_id[i] for i in base.claim_ids] if base else [])
        name = book.name_of(row.locality)
        if base is None:
            out.append(_finding(
                book, "perfect_score", "warning", "needs_microdata", rows, claimed=100.0,
                recomputed=None,
                message_en=(f"{name}: {row.value_text} {_label(row.metric)}, with no "
                            "number of dossiers or forms. Unanimity cannot be assessed without "
                            "the survey sheets; on a 3-level scale it is a known sign of few or "
                            "steered forms."),
                message_vi=(f"{name}: {row.value_text} nhưng không nêu số hồ sơ hay số phiếu. "
                            "Không thể đánh giá sự nhất trí tuyệt đối nếu không có phiếu khảo "
                            "sát; trên thang 3 mức, đây là dấu hiệu thường gặp của việc lấy ít "
                            "phiếu hoặc phiếu bị định hướng."),
            ))
            continue
        n = int(base.value)
        ub = 100 * upper_bound_late_rate(n, 0, confidence)
        p_ref = (1 - reference_late_rate) ** n
        about = "" if base.exact else "about "
        what = "late dossiers" if row.metric == "on_time_rate" else "other answers"
        out.append(_finding(
            book, "perfect_score", "warning", "needs_microdata", rows, claimed=100.0,
            recomputed=round(ub, 4), interval_low=0.0, interval_high=round(ub, 4),
            arithmetic=(f"upper bound = 1 − {1 - confidence:g}^(1/{n}) = {_pct(ub, 3)}; "
                        f"P(0 late | r = {_pct(100 * reference_late_rate, 1)}) = "
                        f"{1 - reference_late_rate:g}^{n} = {p_ref:.1e}"),
            message_en=(f"{name}: {row.value_text} of {about}{fmt_en(n)} dossiers. Zero "
                        f"{what} among {fmt_en(n)} bounds the true late rate below {_pct(ub, 3)} "
                        f"({confidence:.0%} one-sided exact bound). Had the late rate been "
                        f"{_pct(100 * reference_late_rate, 1)}, zero lates would have probability "
                        f"{p_ref:.1e}. Only the dossier export can confirm this: ask for it."),
            message_vi=(f"{name}: {row.value_text} của {'khoảng ' if about else ''}{fmt_vi(n)} "
                        f"hồ sơ. Không có hồ sơ trễ hạn nào trong {fmt_vi(n)} hồ sơ nghĩa là tỷ "
                        f"lệ trễ hạn thực dưới {_pct_vi(ub, 3)} (cận trên chính xác một phía "
                        f"{confidence:.0%}). Nếu tỷ lệ trễ hạn là "
                        f"{_pct_vi(100 * reference_late_rate, 1)}, xác suất không có hồ sơ trễ "
                        f"nào là {p_ref:.1e}. Chỉ dữ liệu hồ sơ gốc mới xác nhận được: cần yêu "
                        "cầu cung cấp."),
        ))
    return out


def check_targets(book: Book) -> list[Finding]:
    """Targets against what was achieved (statcheck's "decision error" idea, anchors.md C1).

    A target for period P is compared with the latest achieved figure for the same locality and
    metric that ends no later than P (e.g. the 2021 target against 2020). Where the locality has
    a partition, the achieved rate is pooled over its parts and each part is shown too. A target
    whose period had ended before publication, with no result reported, is flagged.
    """
    out = []
    published = book.published()
    targets = book.claims[book.claims["kind"] == "target"]
    keys = ["locality", "metric", "period_start", "period_end", "value", "comparator"]
    for _key, grp in targets.groupby(keys, sort=False, dropna=False):
        same = list(grp.itertuples())  # a target restated in the same article: one finding
        row = same[0]
        name = book.name_of(row.locality)
        lo, hi = rounding_interval(row.value, _dec(row))
        achieved = None
        dated = isinstance(row.period_end, str)
        for period in book.periods() if row.metric != "other" and dated else ():
            if period[1] > row.period_end:
                continue
            stated = [s for s in book.stated(row.locality, row.metric, period)
                      if s.comparator == "eq" and s.unit == row.unit]
            if stated:
                achieved = (period, stated[0].value, [stated[0]], stated[0].value_text)
                break
            if row.metric == "on_time_rate":
                pair = book.rate(row.locality, period)
                if pair is not None:
                    num, den = pair
                    r = 100 * num.value / den.value
                    ids = (*num.claim_ids, *den.claim_ids)
                    achieved = (period, r, [book.by_id[i] for i in ids],
                                f"{fmt_en(num.value)} of {fmt_en(den.value)}")
                    break
        if achieved is None:
            passed = published is not None and dated and pd.Timestamp(row.period_end) < published
            out.append(_finding(
                book, "target", "warning" if passed else "info",
                "not_testable", same, claimed=row.value, recomputed=None,
                message_en=(f"{name}: target {_COMPARATOR_EN[row.comparator]}{row.value_text} "
                            f"for {_period_label((row.period_start, row.period_end))}; no result "
                            "is reported to compare it with"
                            + (f", although that period had ended when the article was "
                               f"published ({published.date()})." if passed else ".")),
                message_vi=(f"{name}: chỉ tiêu {_COMPARATOR_VI[row.comparator]}{row.value_text} "
                            f"cho {_period_label((row.period_start, row.period_end))}; bài viết "
                            "không nêu kết quả để so sánh"
                            + (f", dù thời hạn đã qua khi bài được đăng ({published.date()})."
                               if passed else ".")),
            ))
            continue
        period, value, rows, how = achieved
        met = _compare(row.value, lo, hi, "ge" if row.comparator == "eq" else row.comparator,
                       value)
        parts = []
        for part in getattr(book.localities[row.locality], "partition", ()) or ():
            pair = book.rate(part, period) if row.metric == "on_time_rate" else None
            if pair is not None:
                parts.append((book.name_of(part), 100 * pair[0].value / pair[1].value))
        parts_en = "".join(f"; {p}: {_pct(r, 1)}" for p, r in parts)
        parts_vi = "".join(f"; {p}: {_pct_vi(r, 1)}" for p, r in parts)
        out.append(_finding(
            book, "target", "info" if met else "warning", "holds" if met else "fails",
            [*same, *rows], claimed=row.value, recomputed=round(value, 4),
            arithmetic=f"{how} = {_pct(value)}" if " of " in how else how,
            message_en=(f"{name}: target {row.value_text} for "
                        f"{_period_label((row.period_start, row.period_end))}; achieved in "
                        f"{_period_label(period)}: "
                        + (f"{how} = {_pct(value)}" if " of " in how else how)
                        + f" ({'at or above' if met else 'below'} the target{parts_en})."),
            message_vi=(f"{name}: chỉ tiêu {row.value_text} cho "
                        f"{_period_label((row.period_start, row.period_end))}; kết quả "
                        f"{_period_label(period)}: "
                        + (f"{how.replace(',', '.').replace(' of ', '/')} = {_pct_vi(value)}"
                           if " of " in how else how)
                        + f" ({'đạt' if met else 'chưa đạt'} chỉ tiêu{parts_vi})."),
        ))
    return out


def check_period(book: Book, stale_years: float = 2.0) -> list[Finding]:
    """The period of the figures against the publication date.

    Figures cannot postdate their publication (fail). Figures more than ``stale_years`` older
    than the article are presented as current news (warning), and so is a target whose horizon
    had passed when the article appeared. Periods that run "đến nay" (to date) end on the
    publication date and cannot be compared with calendar-year figures (info).
    """
    out = []
    published = book.published()
    reported = list(book.reported().itertuples())
    if published is None:
        note = book.source["published_note"]
        return [_finding(
            book, "period", "info", "not_testable", reported[:1], claimed=None, recomputed=None,
            message_en=("The article gives no publication date, so its figures cannot be dated "
                        "against it." + (f" Note: {note}" if isinstance(note, str) else "")),
            message_vi="Bài viết không ghi ngày đăng nên không đối chiếu được thời kỳ số liệu.",
        )]
    ends = [(pd.Timestamp(r.period_end), r) for r in reported if isinstance(r.period_end, str)]
    late = [r for end, r in ends if end > published]
    if late:
        out.append(_finding(
            book, "period", "fail", "fails", late, claimed=str(published.date()),
            recomputed=None,
            message_en=f"{len(late)} figure(s) cover a period ending after the publication date.",
            message_vi=f"{len(late)} số liệu thuộc thời kỳ kết thúc sau ngày đăng bài.",
        ))
    if ends:
        # The article's main period: the period end most of its figures share (ties: latest).
        counts = pd.Series([e for e, _ in ends]).value_counts()
        last_end = max(counts[counts == counts.max()].index)
        lag = (published - last_end).days / 365.25
        first_start = min((pd.Timestamp(r.period_start) for e, r in ends
                           if e == last_end and isinstance(r.period_start, str)), default=None)
        span = (f"{first_start.year}–{last_end.year}"
                if first_start is not None and first_start.year != last_end.year
                else str(last_end.year))
        stale = lag > stale_years
        out.append(_finding(
            book, "period", "warning" if stale else "info", "fails" if stale else "holds",
            [r for _, r in ends if pd.Timestamp(r.period_end) == last_end][:3],
            claimed=str(published.date()), recomputed=round(lag, 2),
            arithmetic=f"{published.date()} − {last_end.date()} = {lag:.1f} years",
            message_en=(f"Published {published.date()}; the figures cover {span} and end "
                        f"{lag:.1f} years before publication"
                        + (": old results presented as current news." if stale else ".")),
            message_vi=(f"Bài đăng ngày {published.strftime('%d/%m/%Y')}; số liệu thuộc giai "
                        f"đoạn {span}, kết thúc {fmt_vi(lag, 1)} năm trước ngày đăng"
                        + (": kết quả cũ được đưa tin như mới." if stale else ".")),
        ))
        to_date = [r for end, r in ends if end == published]
        if to_date:
            out.append(_finding(
                book, "period", "info", "holds", to_date[:3], claimed=str(published.date()),
                recomputed=None,
                message_en=("Some figures run 'to date' (đến nay), i.e. to the publication day: "
                            "they mix calendar years and cannot be compared with annual "
                            "figures."),
                message_vi=("Một số số liệu tính 'đến nay' (đến ngày đăng bài): gộp nhiều năm, "
                            "không so sánh được với số liệu cả năm."),
            ))
    passed = [r for r in book.claims[book.claims["kind"] == "target"].itertuples()
              if isinstance(r.period_end, str) and pd.Timestamp(r.period_end) < published]
    if passed:
        horizon = max(pd.Timestamp(r.period_end) for r in passed)
        out.append(_finding(
            book, "period", "warning", "fails", passed, claimed=str(published.date()),
            recomputed=None,
            message_en=(f"{len(passed)} target(s) run to {horizon.year}, which had passed when "
                        f"the article was published ({published.date()}); they are presented "
                        "as still ahead."),
            message_vi=(f"{len(passed)} chỉ tiêu có thời hạn đến {horizon.year}, đã qua khi bài "
                        f"được đăng ({published.strftime('%d/%m/%Y')}) nhưng vẫn được nêu như "
                        "mục tiêu sắp tới."),
        ))
    return out


def check_aggregation(book: Book) -> list[Finding]:
    """Pooled against averaged rates (Simpson-type gaps; domain.md §3.1).

    An average of unit rates ("bình quân") weighs a commune with 10 forms as much as one with
    1,000, so it is not the share of all respondents. Where a locality's parts each give counts,
    the pooled rate (Σ on time / Σ received) and the unweighted mean of the parts' rates are both
    shown. A rate whose aggregation the article leaves open is noted.
    """
    out = []
    c = book.reported()
    avg = c[c["aggregation"] == "unit_average"]
    for (loc, _ps, _pe), grp in avg.groupby(["locality", avg["period_start"].fillna(""),
                                             "period_end"], sort=True):
        rows = list(grp.itertuples())
        m = _unit_count(book, loc)
        shares = ", ".join(r.value_text for r in rows)
        units_en = f"{m} units" if m else "the units"
        units_vi = f"{m} đơn vị" if m else "các đơn vị"
        out.append(_finding(
            book, "aggregation", "warning", "needs_microdata", rows, claimed=shares,
            recomputed=None,
            message_en=(f"{book.name_of(loc)}: {shares} are an average over {units_en} "
                        "('bình quân'), not shares of all respondents: each unit counts equally "
                        "whatever its number of forms. The pooled shares need the per-unit "
                        "counts."),
            message_vi=(f"{book.name_of(loc)}: {shares} là số bình quân của {units_vi}, không "
                        "phải tỷ lệ trên tổng số phiếu: mỗi đơn vị có trọng số như nhau bất kể "
                        "số phiếu. Cần số phiếu của từng đơn vị để tính tỷ lệ gộp."),
        ))
    for loc, info in book.localities.items():
        parts = tuple(getattr(info, "partition", ()) or ())
        if len(parts) < 2:
            continue
        for period in book.periods():
            rates = [book.rate(p, period) for p in parts]
            whole = book.rate(loc, period)
            if whole is None or any(r is None for r in rates):
                continue
            pooled = 100 * whole[0].value / whole[1].value
            mean = sum(100 * n.value / d.value for n, d in rates) / len(rates)
            ids = [i for n, d in rates for i in (*n.claim_ids, *d.claim_ids)]
            out.append(_finding(
                book, "aggregation", "info", "derived", [book.by_id[i] for i in ids],
                claimed=None, recomputed=round(pooled, 4),
                arithmetic=f"pooled {_pct(pooled)}; unweighted mean of parts {_pct(mean)}",
                message_en=(f"{book.name_of(loc)}, {_period_label(period)}: pooled over its "
                            f"parts the on-time rate is {_pct(pooled)}; the unweighted mean of "
                            f"the parts' rates would be {_pct(mean)} (gap "
                            f"{abs(pooled - mean):.2f} points)."),
                message_vi=(f"{book.name_of(loc)}, {_period_label(period)}: tỷ lệ gộp là "
                            f"{_pct_vi(pooled)}; bình quân không trọng số của các bộ phận là "
                            f"{_pct_vi(mean)} (chênh {fmt_vi(abs(pooled - mean), 2)} điểm)."),
            ))
    unknown = c[(c["aggregation"] == "unknown") & c["metric"].isin(METRIC_SHARES)]
    for row in unknown.itertuples():
        out.append(_finding(
            book, "aggregation", "info", "not_testable", [row], claimed=row.value,
            recomputed=None,
            message_en=(f"{book.name_of(row.locality)}: the article does not say whether "
                        f"{row.value_text} is pooled over all dossiers or averaged over units."),
            message_vi=(f"{book.name_of(row.locality)}: bài viết không nói {row.value_text} là "
                        "tỷ lệ gộp trên tổng số hồ sơ hay bình quân của các đơn vị."),
        ))
    return out


def check_fractions(book: Book) -> list[Finding]:
    """"189/226 communes": the part cannot exceed the whole; report the share and the rest."""
    out = []
    c = book.reported()
    for row in c[c["metric"] == "units_completed"].itertuples():
        if pd.isna(row.denominator):
            continue
        ok = row.value <= row.denominator
        share = 100 * row.value / row.denominator
        rest = row.denominator - row.value
        out.append(_finding(
            book, "fraction", "info" if ok else "fail", "holds" if ok else "fails", [row],
            claimed=row.value_text, recomputed=round(share, 4),
            arithmetic=f"{fmt_en(row.value)} / {fmt_en(row.denominator)} = {_pct(share, 1)}",
            message_en=(f"{book.name_of(row.locality)}: {row.value_text} = {_pct(share, 1)}"
                        + (f"; {fmt_en(rest)} not yet done." if rest > 0 else ".")
                        if ok else f"{row.value_text}: more done than exist."),
            message_vi=(f"{book.name_of(row.locality)}: {row.value_text} = {_pct_vi(share, 1)}"
                        + (f"; còn {fmt_vi(rest)} đơn vị chưa hoàn thành." if rest > 0 else ".")
                        if ok else f"{row.value_text}: số hoàn thành lớn hơn tổng số."),
        ))
    return out


def check_unit_counts(book: Book) -> list[Finding]:
    """Unit counts ("11 xã, thị trấn", "189/226 xã") against the official code list.

    The shipped list is GSO's of 2025-01-04 (via vietnamadminunits 1.0.4), after the 2019–2020
    and 2024–2025 commune mergers, so a count from an earlier year that differs is not a
    contradiction by itself (status ``not_testable``); one that matches ``holds``.
    """
    from motcua.vn import localities as L

    out = []
    c = book.reported()
    for loc, info in book.localities.items():
        if info.level not in ("commune_group", "district_group"):
            continue
        stated = _unit_count(book, loc)
        if stated is None:
            continue
        parent = info.parent if isinstance(info.parent, str) else None
        anchor = book.localities.get(parent) if parent else None
        if anchor is None or not isinstance(anchor.code, str):
            continue
        want = ("district",) if info.level == "district_group" else (
            "commune", "ward", "township")
        try:
            listed = len(L.units_within(anchor.code, anchor.code_list, want))
        except KeyError:
            continue
        rows = list(c[(c["locality"] == loc) & c["metric"].isin(
            ["units_completed", "units_count"])].itertuples())
        if not rows:
            continue
        ok = listed == stated
        out.append(_finding(
            book, "unit_count", "info", "holds" if ok else "not_testable", rows[:2],
            claimed=float(stated), recomputed=float(listed),
            message_en=(f"{book.name_of(loc)} of {anchor.name}: the article counts {stated}; "
                        f"the code list {anchor.code_list} lists {listed}"
                        + ("." if ok else " (units were merged between the article's year and "
                           "the list's date, so this is not a contradiction by itself).")),
            message_vi=(f"{book.name_of(loc)} của {anchor.name}: bài viết nêu {stated}; danh mục "
                        f"{anchor.code_list} có {listed}"
                        + ("." if ok else " (đã có sáp nhập đơn vị giữa năm của bài viết và "
                           "ngày của danh mục nên chưa thể coi là mâu thuẫn).")),
        ))
    return out


CHECKS = {
    "sum": check_sums,
    "shares_sum": check_shares,
    "rate": check_rates,
    "grim": check_granularity,
    "perfect_score": check_perfect,
    "target": check_targets,
    "period": check_period,
    "aggregation": check_aggregation,
    "fraction": check_fractions,
    "unit_count": check_unit_counts,
}


def audit(register: Register, *, confidence: float = 0.95,
          reference_late_rate: float = REFERENCE_LATE_RATE) -> list[Finding]:
    """Run every check on every register in ``register``; findings get stable ids.

    Order: by register, then by ``CHECKS`` order, then as each check emits them. The id is
    ``<register>/<check>/<n>``, so the same register always gives the same ids.
    """
    findings: list[Finding] = []
    for name in register.sources["register"]:
        book = Book(register, name)
        for check, fn in CHECKS.items():
            if fn is check_perfect:
                got = fn(book, confidence=confidence, reference_late_rate=reference_late_rate)
            else:
                got = fn(book)
            for n, f in enumerate(got, start=1):
                f.id = f"{name}/{check}/{n}"
            findings.extend(got)
    return findings


def grim_mean_consistent(mean_text: str, n: int, items: int = 1) -> bool:
    """GRIM for a mean of integer answers (Brown & Heathers 2017): can some total k over
    n·items answers give a mean that rounds to ``mean_text``? Closed rounding interval."""
    p = parse_vn_number(mean_text)
    half = Fraction(5, 10 ** (p.decimals + 1))
    lo, hi = Fraction(p.value) - half, Fraction(p.value) + half
    m = n * items
    k = math.ceil(lo * m)
    return Fraction(k, m) <= hi
