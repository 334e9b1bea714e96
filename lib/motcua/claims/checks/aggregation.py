"""Check ``aggregation``: pooled against averaged rates."""

from __future__ import annotations

import pandas as pd

from motcua.claims.book import SHARE_METRICS, Book
from motcua.claims.wording import claim_finding, pct, pct_vi, period_label, short_label
from motcua.findings import Finding
from motcua.vn.numbers import fmt_vi


def check_aggregation(book: Book) -> list[Finding]:
    """Pooled against averaged rates (Simpson-type gaps; docs/domain.md §3.1).

    An average of unit rates ("bình quân") weighs a commune with 10 forms as much as one with
    1,000, so it is not the share of all respondents. Where a locality's parts each give counts,
    the pooled rate (Σ on time / Σ received) and the unweighted mean of the parts' rates are both
    shown. A rate whose aggregation the article leaves open is noted.
    """
    c = book.reported()
    out = _averages(book, c[c["aggregation"] == "unit_average"])
    out += _pooled_against_mean(book)
    unknown = c[(c["aggregation"] == "unknown") & c["metric"].isin(SHARE_METRICS)]
    for row in unknown.itertuples():
        name = book.name_of(row.locality)
        out.append(claim_finding(
            book, "aggregation", "info", "not_testable", [row],
            subject=f"{name}: {short_label(row.metric)}", claimed=row.value, recomputed=None,
            message_en=(f"{name}: the article does not say whether "
                        f"{row.value_text} is pooled over all dossiers or averaged over units."),
            message_vi=(f"{name}: bài viết không nói {row.value_text} là "
                        "tỷ lệ gộp trên tổng số hồ sơ hay bình quân của các đơn vị."),
        ))
    return out


def _averages(book: Book, avg: pd.DataFrame) -> list[Finding]:
    """Shares the article gives as an average over units ("bình quân")."""
    out = []
    for (loc, _ps, _pe), grp in avg.groupby(["locality", avg["period_start"].fillna(""),
                                             "period_end"], sort=True):
        rows = list(grp.itertuples())
        m = book.unit_count(loc)
        shares = ", ".join(r.value_text for r in rows)
        units_en = f"{m} units" if m else "the units"
        units_vi = f"{m} đơn vị" if m else "các đơn vị"
        name = book.name_of(loc)
        out.append(claim_finding(
            book, "aggregation", "warning", "needs_microdata", rows,
            subject=f"{name}: shares averaged over units", claimed=shares, recomputed=None,
            message_en=(f"{name}: {shares} are an average over {units_en} "
                        "('bình quân'), not shares of all respondents: each unit counts equally "
                        "whatever its number of forms. The pooled shares need the per-unit "
                        "counts."),
            message_vi=(f"{name}: {shares} là số bình quân của {units_vi}, không "
                        "phải tỷ lệ trên tổng số phiếu: mỗi đơn vị có trọng số như nhau bất kể "
                        "số phiếu. Cần số phiếu của từng đơn vị để tính tỷ lệ gộp."),
        ))
    return out


def _pooled_against_mean(book: Book) -> list[Finding]:
    """For a locality whose parts all give counts: the pooled rate and the mean of the parts'."""
    out = []
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
            place = f"{book.name_of(loc)}, {period_label(period)}"
            out.append(claim_finding(
                book, "aggregation", "info", "derived", [book.by_id[i] for i in ids],
                subject=f"{place}: on-time rate", claimed=None, recomputed=round(pooled, 4),
                arithmetic=f"pooled {pct(pooled)}; unweighted mean of parts {pct(mean)}",
                message_en=(f"{place}: pooled over its "
                            f"parts the on-time rate is {pct(pooled)}; the unweighted mean of "
                            f"the parts' rates would be {pct(mean)} (gap "
                            f"{abs(pooled - mean):.2f} points)."),
                message_vi=(f"{place}: tỷ lệ gộp là "
                            f"{pct_vi(pooled)}; bình quân không trọng số của các bộ phận là "
                            f"{pct_vi(mean)} (chênh {fmt_vi(abs(pooled - mean), 2)} điểm)."),
            ))
    return out
