"""Check ``grim``: is each share possible with whole counts, and with how few answers?"""

from __future__ import annotations

import math
from fractions import Fraction

from motcua.claims.book import SHARE_METRICS, Book, Value
from motcua.claims.grim import grim_consistent, grim_min_n, grim_n_limit
from motcua.claims.wording import claim_finding, decimals_of, pct, pct_vi, short_label
from motcua.findings import Finding
from motcua.vn.numbers import fmt_en, fmt_vi, rounding_interval


def check_granularity(book: Book) -> list[Finding]:
    """GRIM (Brown & Heathers 2017) on every share: with a stated N, is the share possible at
    all; without one, the smallest N that could produce it (inverse GRIM, docs/anchors.md C2).

    The test has power only when N < 10^(d+2) for a percentage with d decimals. A share of 0% or
    100% fits every N. For an *average* of unit shares ("bình quân") the pooled bound does not
    apply; what remains is that some unit had at least ⌈1 / (m · upper bound)⌉ respondents, m
    being the number of units averaged, because one answer in that unit already lifts the
    average by 1/(m · n).
    """
    out = []
    for row in book.reported().itertuples():
        if row.unit != "percent" or row.metric not in SHARE_METRICS or row.comparator != "eq":
            continue
        if not 0 <= row.value <= 100:
            continue  # no count gives it: check ``share_range``
        d = decimals_of(row)
        lo, hi = rounding_interval(row.value, d)
        base = book.base_of(row)
        if row.value in (0, 100):
            out.append(_any_n(book, row))
        elif base is not None and (base.exact or base.value >= grim_n_limit(d)):
            out.append(_with_n(book, row, base, d, lo, hi))
        else:
            out.append(_smallest_n(book, row, d, lo, hi))
    return out


def _subject(book: Book, row) -> str:
    return f"{book.name_of(row.locality)}: {short_label(row.metric)}"


def _any_n(book: Book, row) -> Finding:
    name = book.name_of(row.locality)
    return claim_finding(
        book, "grim", "info", "not_testable", [row], subject=_subject(book, row),
        claimed=row.value, recomputed=None,
        message_en=(f"{name}: {row.value_text} is possible with "
                    "any number of respondents or dossiers; it says nothing about N."),
        message_vi=(f"{name}: {row.value_text} có thể xảy ra với "
                    "bất kỳ số phiếu hay số hồ sơ nào; con số này không cho biết N."),
    )


def _with_n(book: Book, row, base: Value, d: int, lo: float, hi: float) -> Finding:
    n = int(base.value)
    limit = grim_n_limit(d)
    if n >= limit:
        return claim_finding(
            book, "grim", "info", "not_testable", [row], subject=_subject(book, row),
            claimed=row.value, recomputed=None, interval_low=lo, interval_high=hi,
            message_en=(f"{row.value_text} of {fmt_en(n)}: with N ≥ {limit:,} a "
                        f"percentage with {d} decimals can always be reached (no power)."),
            message_vi=(f"{row.value_text} của {fmt_vi(n)}: với N ≥ "
                        f"{fmt_vi(limit)}, tỷ lệ có {d} chữ số thập phân luôn "
                        "đạt được (kiểm định không có hiệu lực)."),
        )
    ok = grim_consistent(row.value_text, n)
    return claim_finding(
        book, "grim", "info" if ok else "fail", "holds" if ok else "fails", [row],
        subject=_subject(book, row),
        claimed=row.value, recomputed=float(n), interval_low=lo, interval_high=hi,
        message_en=(f"{row.value_text} of N = {fmt_en(n)}: "
                    + ("some whole count k gives k/N within the rounding interval."
                       if ok else "no whole count k gives k/N that rounds to it.")),
        message_vi=(f"{row.value_text} của N = {fmt_vi(n)}: "
                    + ("có số nguyên k để k/N nằm trong khoảng làm tròn."
                       if ok else "không có số nguyên k nào để k/N làm tròn thành số này.")),
    )


def _average_note(book: Book, row, hi: float) -> tuple[str, str]:
    """What an average over m units ("bình quân") still says about the units' sizes."""
    if row.aggregation != "unit_average":
        return "", ""
    m = book.unit_count(row.locality)
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
    return en_avg, vi_avg


def _smallest_n(book: Book, row, d: int, lo: float, hi: float) -> Finding:
    min_n = grim_min_n(row.value_text)
    en_avg, vi_avg = _average_note(book, row, hi)
    name = book.name_of(row.locality)
    return claim_finding(
        book, "grim", "info", "derived", [row], subject=_subject(book, row),
        claimed=row.value,
        recomputed=float(min_n) if min_n else None, interval_low=lo, interval_high=hi,
        arithmetic=(f"smallest N with k/N in [{pct(lo, d + 1)}, {pct(hi, d + 1)}]: "
                    f"{fmt_en(min_n)}" if min_n else ""),
        message_en=(f"{name}: a pooled share of {row.value_text} "
                    f"needs at least {fmt_en(min_n)} respondents (inverse GRIM: the rounding "
                    f"interval is {pct(lo, d + 1)}–{pct(hi, d + 1)}).{en_avg}"),
        message_vi=(f"{name}: nếu là tỷ lệ gộp thì {row.value_text} "
                    f"cần ít nhất {fmt_vi(min_n)} phiếu (GRIM ngược: khoảng làm tròn "
                    f"{pct_vi(lo, d + 1)}–{pct_vi(hi, d + 1)}).{vi_avg}"),
    )
