"""Check ``rate``: a stated on-time rate against the counts it is computed from."""

from __future__ import annotations

from motcua.claims.book import Book, Value, claim_period, compare_with_claim
from motcua.claims.wording import (COMPARATOR_EN, COMPARATOR_VI, claim_finding, decimals_of,
                                   pct, pct_vi, period_label)
from motcua.findings import Finding
from motcua.vn.numbers import fmt_en, fmt_vi, rounding_interval


def check_rates(book: Book) -> list[Finding]:
    """A stated rate equals numerator / denominator within the rounding interval of the rate as
    written (statcheck's principle; docs/anchors.md C1, C10). "hơn 98%" holds if the recomputed
    rate is above 98%. Where the article gives counts but no rate, the rate is derived and
    reported (status ``derived``); where it gives a rate and only its base, the implied count is
    shown. More dossiers on time than received is a failure whatever the claim.

    Convention: articles give dossiers received and dossiers resolved early or on time, so the
    recomputed rate is on-time / received; dossiers still in progress count as not on time, which
    makes it a lower bound under the conventions of docs/domain.md §1.5.
    """
    out = []
    covered = set()
    for row in book.reported().itertuples():
        if row.metric != "on_time_rate" or row.value >= 100:
            continue  # 100%: check ``perfect_score``; above it: check ``share_range``
        period = claim_period(row)
        lo, hi = rounding_interval(row.value, decimals_of(row))
        if row.comparator in ("gt", "ge"):  # "hơn 98%": anything from 98% up
            lo, hi = row.value, 100.0
        pair = book.rate(row.locality, period)
        if pair is not None:
            covered.add((row.locality, period))
            out.append(_stated_rate(book, row, period, pair, lo, hi))
            continue
        base = book.base_of(row)
        if base is not None:
            out.append(_implied_count(book, row, period, base, lo, hi))
    out += _derived_rates(book, covered)
    return out


def _too_many(num: Value, den: Value) -> tuple[str, str]:
    """The sentence added when the on-time count exceeds the dossiers received."""
    if num.value <= den.value:
        return "", ""
    return (" More dossiers resolved on time than received: no share can be above 100%.",
            " Số hồ sơ đúng hạn lớn hơn số hồ sơ tiếp nhận: tỷ lệ không thể vượt 100%.")


def _stated_rate(book: Book, row, period, pair: tuple[Value, Value], lo, hi) -> Finding:
    num, den = pair
    r = 100 * num.value / den.value
    extra_en, extra_vi = _too_many(num, den)
    ok = compare_with_claim(row.value, lo, hi, row.comparator, r) and not extra_en
    rows = [row] + [book.by_id[i] for i in (*num.claim_ids, *den.claim_ids)]
    place = f"{book.name_of(row.locality)}, {period_label(period)}"
    return claim_finding(
        book, "rate", "info" if ok else "fail", "holds" if ok else "fails", rows,
        subject=f"{place}: on-time rate",
        claimed=row.value, recomputed=round(r, 4), interval_low=lo, interval_high=hi,
        arithmetic=f"{num.expr} / {den.expr} = {pct(r)}",
        message_en=(f"{place}: claimed "
                    f"{COMPARATOR_EN[row.comparator]}{row.value_text}; "
                    f"{fmt_en(num.value)} of {fmt_en(den.value)} dossiers = {pct(r)}, "
                    f"which {'agrees' if ok else 'does not agree'} with the claim.{extra_en}"),
        message_vi=(f"{place}: công bố "
                    f"{COMPARATOR_VI[row.comparator]}{row.value_text}; "
                    f"{fmt_vi(num.value)}/{fmt_vi(den.value)} hồ sơ = {pct_vi(r)}, "
                    f"{'khớp' if ok else 'không khớp'} với số công bố.{extra_vi}"),
    )


def _implied_count(book: Book, row, period, base: Value, lo, hi) -> Finding:
    late_lo, late_hi = base.value * (100 - hi) / 100, base.value * (100 - lo) / 100
    on_time = base.value * row.value / 100
    rows = [row] + [book.by_id[i] for i in base.claim_ids]
    about = "about " if not base.exact else ""
    name = book.name_of(row.locality)
    return claim_finding(
        book, "rate", "info", "derived", rows,
        subject=f"{name}, {period_label(period)}: on-time rate",
        claimed=row.value, recomputed=round(on_time), interval_low=late_lo, interval_high=late_hi,
        arithmetic=f"{row.value_text} × {about}{fmt_en(base.value)} ≈ {fmt_en(on_time)}",
        message_en=(f"{name}: {row.value_text} of "
                    f"{about}{fmt_en(base.value)} dossiers means about "
                    f"{fmt_en(on_time)} on time and {fmt_en(late_lo)}–{fmt_en(late_hi)} "
                    "late; the article gives no count to check it against."),
        message_vi=(f"{name}: {row.value_text} của "
                    f"{'khoảng ' if about else ''}{fmt_vi(base.value)} hồ sơ tương ứng "
                    f"khoảng {fmt_vi(on_time)} hồ sơ đúng hạn và {fmt_vi(late_lo)}–"
                    f"{fmt_vi(late_hi)} hồ sơ trễ hạn; bài viết không nêu số để đối chiếu."),
    )


def _derived_rates(book: Book, covered: set) -> list[Finding]:
    """Rates the article implies (it gives both counts) but does not state."""
    out = []
    for loc in book.localities:
        for period in book.periods():
            if (loc, period) in covered or book.stated(loc, "on_time_rate", period):
                continue
            pair = book.rate(loc, period)
            if pair is not None:
                out.append(_derived_rate(book, loc, period, *pair))
    return out


def _derived_rate(book: Book, loc, period, num: Value, den: Value) -> Finding:
    r = 100 * num.value / den.value
    extra_en, extra_vi = _too_many(num, den)
    rows = [book.by_id[i] for i in (*num.claim_ids, *den.claim_ids)]
    place = f"{book.name_of(loc)}, {period_label(period)}"
    return claim_finding(
        book, "rate", "fail" if extra_en else "info", "fails" if extra_en else "derived", rows,
        subject=f"{place}: on-time rate",
        claimed=None, recomputed=round(r, 4),
        arithmetic=f"({num.expr}) / ({den.expr}) = {pct(r)}",
        message_en=(f"{place}: not stated as a "
                    f"rate; {fmt_en(num.value)} of {fmt_en(den.value)} dossiers "
                    f"resolved early or on time = {pct(r)}.{extra_en}"),
        message_vi=(f"{place}: bài viết không nêu "
                    f"tỷ lệ; {fmt_vi(num.value)}/{fmt_vi(den.value)} hồ sơ giải quyết "
                    f"trước hạn và đúng hạn = {pct_vi(r)}.{extra_vi}"),
    )
