"""Check ``fraction``: "189/226 communes": the part cannot exceed the whole."""

from __future__ import annotations

from motcua.claims.book import Book
from motcua.claims.wording import claim_finding, metric_label, pct, pct_vi, short_label
from motcua.findings import Finding
from motcua.vn.numbers import fmt_en, fmt_vi


def check_fractions(book: Book) -> list[Finding]:
    """"189/226 communes": the part cannot exceed the whole; report the share and the rest.
    Any other count written as a part of a whole ("400/336 procedures") fails when the part is
    larger."""
    out = []
    c = book.reported()
    for row in c[c["denominator"].notna()].itertuples():
        if row.metric == "units_completed":
            out.append(_units_completed(book, row))
        elif row.value > row.denominator:
            out.append(_part_above_whole(book, row))
    return out


def _units_completed(book: Book, row) -> Finding:
    ok = row.value <= row.denominator
    share = 100 * row.value / row.denominator
    rest = row.denominator - row.value
    name = book.name_of(row.locality)
    return claim_finding(
        book, "fraction", "info" if ok else "fail", "holds" if ok else "fails", [row],
        subject=f"{name}: {short_label(row.metric)}",
        claimed=row.value_text, recomputed=round(share, 4),
        arithmetic=f"{fmt_en(row.value)} / {fmt_en(row.denominator)} = {pct(share, 1)}",
        message_en=(f"{name}: {row.value_text} = {pct(share, 1)}"
                    + (f"; {fmt_en(rest)} not yet done." if rest > 0 else ".")
                    if ok else f"{row.value_text}: more done than exist."),
        message_vi=(f"{name}: {row.value_text} = {pct_vi(share, 1)}"
                    + (f"; còn {fmt_vi(rest)} đơn vị chưa hoàn thành." if rest > 0 else ".")
                    if ok else f"{row.value_text}: số hoàn thành lớn hơn tổng số."),
    )


def _part_above_whole(book: Book, row) -> Finding:
    share = 100 * row.value / row.denominator
    name = book.name_of(row.locality)
    return claim_finding(
        book, "fraction", "fail", "fails", [row], subject=f"{name}: {short_label(row.metric)}",
        claimed=row.value_text, recomputed=round(share, 4),
        arithmetic=f"{fmt_en(row.value)} / {fmt_en(row.denominator)} = {pct(share, 1)}",
        message_en=(f"{name}: {row.value_text} ({metric_label(row.metric)}): the part is "
                    "larger than the whole."),
        message_vi=f"{name}: {row.value_text}: phần lớn hơn tổng số.",
    )
