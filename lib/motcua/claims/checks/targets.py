"""Check ``target``: each target against what was achieved."""

from __future__ import annotations

import pandas as pd

from motcua.claims.book import Book, compare_with_claim
from motcua.claims.wording import (COMPARATOR_EN, COMPARATOR_VI, claim_finding, decimals_of,
                                   pct, pct_vi, period_label, short_label)
from motcua.findings import Finding
from motcua.vn.numbers import fmt_en, rounding_interval


def check_targets(book: Book) -> list[Finding]:
    """Targets against what was achieved (statcheck's "decision error" idea, docs/anchors.md C1).

    A target for period P is compared with the latest achieved figure for the same locality and
    metric that ends no later than P (e.g. the 2021 target against 2020). Where the locality has
    a partition, the achieved rate is pooled over its parts and each part is shown too. A target
    whose period had ended before publication, with no result reported, is flagged.
    """
    out = []
    targets = book.claims[book.claims["kind"] == "target"]
    keys = ["locality", "metric", "period_start", "period_end", "value", "comparator"]
    for _key, grp in targets.groupby(keys, sort=False, dropna=False):
        same = list(grp.itertuples())  # a target restated in the same article: one finding
        achieved = _achieved(book, same[0])
        if achieved is None:
            out.append(_no_result(book, same))
        else:
            out.append(_against_result(book, same, *achieved))
    return out


def _subject(book: Book, row) -> str:
    return (f"{book.name_of(row.locality)}, {period_label((row.period_start, row.period_end))}: "
            f"{short_label(row.metric)} target")


def _achieved(book: Book, row) -> tuple | None:
    """(period, value, claims, how) of the latest result ending no later than the target."""
    dated = isinstance(row.period_end, str)
    for period in book.periods() if row.metric != "other" and dated else ():
        if period[1] > row.period_end:
            continue
        stated = [s for s in book.stated(row.locality, row.metric, period)
                  if s.comparator == "eq" and s.unit == row.unit]
        if stated:
            return period, stated[0].value, [stated[0]], stated[0].value_text
        if row.metric == "on_time_rate":
            pair = book.rate(row.locality, period)
            if pair is not None:
                num, den = pair
                r = 100 * num.value / den.value
                ids = (*num.claim_ids, *den.claim_ids)
                return (period, r, [book.by_id[i] for i in ids],
                        f"{fmt_en(num.value)} of {fmt_en(den.value)}")
    return None


def _no_result(book: Book, same: list) -> Finding:
    row = same[0]
    name = book.name_of(row.locality)
    published = book.published()
    dated = isinstance(row.period_end, str)
    passed = published is not None and dated and pd.Timestamp(row.period_end) < published
    target_period = period_label((row.period_start, row.period_end))
    return claim_finding(
        book, "target", "warning" if passed else "info",
        "not_testable", same, subject=_subject(book, row), claimed=row.value, recomputed=None,
        message_en=(f"{name}: target {COMPARATOR_EN[row.comparator]}{row.value_text} "
                    f"for {target_period}; no result "
                    "is reported to compare it with"
                    + (f", although that period had ended when the article was "
                       f"published ({published.date()})." if passed else ".")),
        message_vi=(f"{name}: chỉ tiêu {COMPARATOR_VI[row.comparator]}{row.value_text} "
                    f"cho {target_period}; bài viết "
                    "không nêu kết quả để so sánh"
                    + (f", dù thời hạn đã qua khi bài được đăng ({published.date()})."
                       if passed else ".")),
    )


def _against_result(book: Book, same: list, period, value, rows, how) -> Finding:
    row = same[0]
    name = book.name_of(row.locality)
    lo, hi = rounding_interval(row.value, decimals_of(row))
    met = compare_with_claim(row.value, lo, hi,
                             "ge" if row.comparator == "eq" else row.comparator, value)
    parts = []
    for part in getattr(book.localities[row.locality], "partition", ()) or ():
        pair = book.rate(part, period) if row.metric == "on_time_rate" else None
        if pair is not None:
            parts.append((book.name_of(part), 100 * pair[0].value / pair[1].value))
    parts_en = "".join(f"; {p}: {pct(r, 1)}" for p, r in parts)
    parts_vi = "".join(f"; {p}: {pct_vi(r, 1)}" for p, r in parts)
    target_period = period_label((row.period_start, row.period_end))
    shown_en = f"{how} = {pct(value)}" if " of " in how else how
    shown_vi = (f"{how.replace(',', '.').replace(' of ', '/')} = {pct_vi(value)}"
                if " of " in how else how)
    return claim_finding(
        book, "target", "info" if met else "warning", "holds" if met else "fails",
        [*same, *rows], subject=_subject(book, row), claimed=row.value,
        recomputed=round(value, 4), arithmetic=shown_en,
        message_en=(f"{name}: target {row.value_text} for {target_period}; achieved in "
                    f"{period_label(period)}: {shown_en}"
                    f" ({'at or above' if met else 'below'} the target{parts_en})."),
        message_vi=(f"{name}: chỉ tiêu {row.value_text} cho {target_period}; kết quả "
                    f"{period_label(period)}: {shown_vi}"
                    f" ({'đạt' if met else 'chưa đạt'} chỉ tiêu{parts_vi})."),
    )
