"""Check ``sum``: parts add up to the whole."""

from __future__ import annotations

import pandas as pd

from motcua.claims.book import Book, Value, claim_period
from motcua.claims.wording import claim_finding, metric_label
from motcua.findings import Finding
from motcua.vn.numbers import fmt_en, fmt_vi

#: Counts that add up over a locality's ``partition`` (disjoint parts).
ADDITIVE_UNITS = ("dossier", "procedure", "unit")


def check_sums(book: Book) -> list[Finding]:
    """Parts add up to the whole (docs/anchors.md C10; ANCHOR in scrutiny's related tools).

    For every stated count, recompute it from the other claims: over the locality's partition
    (district = district level + communes) and over the metric's parts (``SUM_RULES``, e.g.
    one-stop + inter-agency procedures). Counts are exact, so any difference fails. A fraction's
    base ("336/336") is compared the same way with the procedures published for that locality.
    """
    out = []
    for row in book.reported().itertuples():
        if row.unit not in ADDITIVE_UNITS or row.comparator != "eq":
            continue
        period = claim_period(row)
        whole = _whole_against_parts(book, row, period)
        if whole is not None:
            out.append(whole)
        if row.unit == "procedure" and not pd.isna(row.denominator):
            base = _base_against_list(book, row, period)
            if base is not None:
                out.append(base)
    return out


def _whole_against_parts(book: Book, row, period) -> Finding | None:
    derived = book.derive(row.locality, row.metric, period, exclude=frozenset({row.claim_id}))
    if derived is None or not derived.exact:
        return None
    ok = derived.value == row.value
    name = book.name_of(row.locality)
    return _sum_finding(
        book, row, derived, row.value, ok,
        message_en=(f"{name}: {metric_label(row.metric)}: "
                    f"{fmt_en(row.value)} {'equals' if ok else 'does not equal'} the sum "
                    f"of its parts, {derived.expr} = {fmt_en(derived.value)}."),
        message_vi=(f"{name}: {fmt_vi(row.value)} "
                    f"{'bằng' if ok else 'không bằng'} tổng các phần, "
                    f"{derived.expr.replace(',', '.')} = {fmt_vi(derived.value)}."),
    )


def _base_against_list(book: Book, row, period) -> Finding | None:
    base = None
    for metric in ("procedures_total", "procedures_published"):
        base = book.value(row.locality, metric, period)
        if base is not None:
            break
    if base is None or not base.exact:
        return None
    ok = base.value == row.denominator
    name = book.name_of(row.locality)
    return _sum_finding(
        book, row, base, row.denominator, ok,
        message_en=(f"{name}: the base of "
                    f"'{row.value_text}' ({metric_label(row.metric)}: {fmt_en(row.denominator)}) "
                    f"{'equals' if ok else 'differs from'} the procedures the article "
                    f"lists, {base.expr} = {fmt_en(base.value)}."),
        message_vi=(f"{name}: mẫu số của "
                    f"'{row.value_text}' ({fmt_vi(row.denominator)} TTHC) "
                    f"{'khớp với' if ok else 'khác'} số TTHC bài viết nêu, "
                    f"{base.expr.replace(',', '.')} = {fmt_vi(base.value)}."),
    )


def _sum_finding(book: Book, row, total: Value, claimed, ok: bool, **messages) -> Finding:
    """A stated figure against the sum ``total`` of other claims."""
    rows = [row] + [book.by_id[i] for i in total.claim_ids]
    return claim_finding(
        book, "sum", "info" if ok else "fail", "holds" if ok else "fails", rows,
        subject=f"{book.name_of(row.locality)}: {metric_label(row.metric)}",
        claimed=claimed, recomputed=total.value,
        arithmetic=f"{total.expr} = {fmt_en(total.value)}", **messages)
