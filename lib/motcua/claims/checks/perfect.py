"""Check ``perfect_score``: what a "100%" can and cannot show without the records."""

from __future__ import annotations

from motcua.claims.book import Book, Value
from motcua.claims.wording import claim_finding, metric_label, pct, pct_vi, short_label
from motcua.findings import Finding
from motcua.stats import upper_bound_late_rate
from motcua.vn.numbers import fmt_en, fmt_vi

#: Default reference late rate for "how likely is 100% on time": 0.8%, the late share implied by
#: Lạng Sơn's published 99.2% on-time rate for 2019 (data/claims/lang-son-2019.yaml), a real
#: figure from a province that itself reports near-perfect timeliness. A notebook parameter.
REFERENCE_LATE_RATE = 0.008

#: Metrics where 100% is a performance claim worth a plausibility check.
PERFECT_METRICS = ("on_time_rate", "sat_very_share", "satisfaction_rate")


def check_perfect(book: Book, confidence: float = 0.95,
                  reference_late_rate: float = REFERENCE_LATE_RATE) -> list[Finding]:
    """A perfect score ("100% on time", "100% very satisfied") can only be confirmed from the
    records. Given N, report the exact upper bound on the late rate that zero late dossiers
    allows, and how unlikely zero lates would be if the true late rate were a plausible
    reference (binomial (1 − r)^N); the bound is ``motcua.stats.upper_bound_late_rate``
    (Clopper–Pearson). Unanimity on a satisfaction scale is a known sign of few or
    steered forms (SGGP "Con số của bệnh hình thức"; docs/domain.md §3.3, §7).
    """
    out = []
    for row in book.reported().itertuples():
        if row.metric not in PERFECT_METRICS or row.value != 100 or row.comparator != "eq":
            continue
        base = book.base_of(row)
        if base is None:
            out.append(_without_n(book, row))
        else:
            out.append(_with_n(book, row, base, confidence, reference_late_rate))
    return out


def _without_n(book: Book, row) -> Finding:
    name = book.name_of(row.locality)
    return claim_finding(
        book, "perfect_score", "warning", "needs_microdata", [row],
        subject=f"{name}: {short_label(row.metric)}", claimed=100.0, recomputed=None,
        message_en=(f"{name}: {row.value_text} {metric_label(row.metric)}, with no "
                    "number of dossiers or forms. Unanimity cannot be assessed without "
                    "the survey sheets; on a 3-level scale it is a known sign of few or "
                    "steered forms."),
        message_vi=(f"{name}: {row.value_text} nhưng không nêu số hồ sơ hay số phiếu. "
                    "Không thể đánh giá sự nhất trí tuyệt đối nếu không có phiếu khảo "
                    "sát; trên thang 3 mức, đây là dấu hiệu thường gặp của việc lấy ít "
                    "phiếu hoặc phiếu bị định hướng."),
    )


def _with_n(book: Book, row, base: Value, confidence: float,
            reference_late_rate: float) -> Finding:
    rows = [row] + [book.by_id[i] for i in base.claim_ids]
    name = book.name_of(row.locality)
    n = int(base.value)
    ub = 100 * upper_bound_late_rate(n, 0, confidence)
    p_ref = (1 - reference_late_rate) ** n
    about = "" if base.exact else "about "
    what = "late dossiers" if row.metric == "on_time_rate" else "other answers"
    return claim_finding(
        book, "perfect_score", "warning", "needs_microdata", rows,
        subject=f"{name}: {short_label(row.metric)}", claimed=100.0,
        recomputed=round(ub, 4), interval_low=0.0, interval_high=round(ub, 4),
        arithmetic=(f"upper bound = 1 − {1 - confidence:g}^(1/{n}) = {pct(ub, 3)}; "
                    f"P(0 late | r = {pct(100 * reference_late_rate, 1)}) = "
                    f"{1 - reference_late_rate:g}^{n} = {p_ref:.1e}"),
        message_en=(f"{name}: {row.value_text} of {about}{fmt_en(n)} dossiers. Zero "
                    f"{what} among {fmt_en(n)} bounds the true late rate below {pct(ub, 3)} "
                    f"({confidence:.0%} one-sided exact bound). Had the late rate been "
                    f"{pct(100 * reference_late_rate, 1)}, zero lates would have probability "
                    f"{p_ref:.1e}. Only the dossier export can confirm this: ask for it."),
        message_vi=(f"{name}: {row.value_text} của {'khoảng ' if about else ''}{fmt_vi(n)} "
                    f"hồ sơ. Không có hồ sơ trễ hạn nào trong {fmt_vi(n)} hồ sơ nghĩa là tỷ "
                    f"lệ trễ hạn thực dưới {pct_vi(ub, 3)} (cận trên chính xác một phía "
                    f"{confidence:.0%}). Nếu tỷ lệ trễ hạn là "
                    f"{pct_vi(100 * reference_late_rate, 1)}, xác suất không có hồ sơ trễ "
                    f"nào là {p_ref:.1e}. Chỉ dữ liệu hồ sơ gốc mới xác nhận được: cần yêu "
                    "cầu cung cấp."),
    )
