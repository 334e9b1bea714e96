"""Check ``share_range``: a share of a whole lies between 0% and 100%."""

from __future__ import annotations

from motcua.claims.book import Book
from motcua.claims.wording import (COMPARATOR_EN, COMPARATOR_VI, claim_finding, decimals_of,
                                   metric_label, short_label)
from motcua.findings import Finding
from motcua.vn.numbers import rounding_interval

#: Metrics that are a share of a whole, in percent. Not: ``online_receipt_vs_plan`` (a ratio to a
#: plan, which may exceed 100%), ``on_time_rate_change`` (a difference), ``other``.
BOUNDED_SHARES = (
    "on_time_rate", "sat_very_share", "sat_ok_share", "sat_no_share", "satisfaction_rate",
    "staff_standard_share", "e_document_share", "digital_signature_share",
    "tasks_on_time_rate", "directives_completed_rate", "agencies_computerised_share",
    "e_office_share", "one_stop_share",
)


def check_share_range(book: Book) -> list[Finding]:
    """A share of a whole lies between 0% and 100%: a reported figure or a target that no value in
    that range can satisfy ("150%", "hơn 100%") fails. A figure written as "99,96%" stands for
    its rounding interval, so only a value whose whole interval lies outside the range fails.
    """
    out = []
    for row in book.claims.itertuples():
        if row.unit != "percent" or row.metric not in BOUNDED_SHARES or _possible(row):
            continue
        name = book.name_of(row.locality)
        said_en = f"{COMPARATOR_EN[row.comparator]}{row.value_text}"
        said_vi = f"{COMPARATOR_VI[row.comparator]}{row.value_text}"
        out.append(claim_finding(
            book, "share_range", "fail", "fails", [row],
            subject=f"{name}: {short_label(row.metric)}", claimed=row.value, recomputed=None,
            interval_low=0.0, interval_high=100.0,
            message_en=(f"{name}: {metric_label(row.metric)} {said_en}: a share of a whole "
                        "lies between 0% and 100%, so this figure cannot be right."),
            message_vi=(f"{name}: tỷ lệ {said_vi}: tỷ lệ phần trăm của một tổng chỉ nằm "
                        "trong khoảng 0% đến 100%, nên số này không thể đúng."),
        ))
    return out


def _possible(row) -> bool:
    """Can some share in [0, 100] satisfy the claim (value, comparator, rounding)?"""
    lo, hi = rounding_interval(row.value, decimals_of(row))
    return {
        "gt": row.value < 100,
        "ge": row.value <= 100,
        "lt": row.value > 0,
    }.get(row.comparator, lo <= 100 and hi >= 0)
