"""Check ``shares_sum``: the shares of one distribution add up to 100% within rounding."""

from __future__ import annotations

from decimal import Decimal

from motcua.claims.book import Book
from motcua.claims.wording import claim_finding, decimals_of, metric_label, pct, pct_vi
from motcua.findings import Finding
from motcua.vn.numbers import rounding_half_width

#: Shares of one satisfaction distribution (3-level scale: TT 01/2018 forms as used in practice).
SHARE_FAMILIES: dict[str, tuple[str, ...]] = {
    "satisfaction": ("sat_very_share", "sat_ok_share", "sat_no_share"),
}


def check_shares(book: Book) -> list[Finding]:
    """Shares of one distribution add up to 100% within rounding (docs/anchors.md C10).

    k shares each rounded to d decimals may sum to anything in 100 ± k·½·10^-d. This also holds
    for an *average* of unit shares ("bình quân"), since averaging is linear. A single 100% share
    implies every other category is 0.
    """
    out = []
    c = book.reported()
    for family, metrics in SHARE_FAMILIES.items():
        sub = c[c["metric"].isin(metrics) & (c["comparator"] == "eq")]
        for (loc, _ps, _pe), grp in sub.groupby(
                ["locality", sub["period_start"].fillna(""), "period_end"], sort=True):
            out.append(_family_sum(book, family, loc, list(grp.itertuples()),
                                   set(grp["metric"]) == set(metrics)))
    return out


def _family_sum(book: Book, family: str, loc: str, rows: list, all_present: bool) -> Finding:
    total = sum(Decimal(str(r.value)) for r in rows)
    tol = sum(rounding_half_width(decimals_of(r)) for r in rows)
    lo, hi = float(Decimal(100) - tol), float(Decimal(100) + tol)
    ok = lo <= float(total) <= hi if all_present else float(total) <= hi
    terms = " + ".join(pct(r.value, decimals_of(r)) for r in rows)
    name = book.name_of(loc)
    if len(rows) == 1 and rows[0].value == 100:
        msg_en = (f"{name}: {terms} {metric_label(rows[0].metric)} "
                  "leaves 0% for every other level of the scale.")
        msg_vi = f"{name}: {pct_vi(100, 0)} ở một mức nghĩa là mọi mức còn lại bằng 0%."
    else:
        msg_en = (f"{name}: the {family} shares {terms} sum to "
                  f"{pct(float(total))}; rounding allows {pct(lo, 3)} to {pct(hi, 3)}"
                  f"{'' if all_present else ' (not every level is given)'}.")
        msg_vi = (f"{name}: tổng các tỷ lệ {terms.replace('.', ',')} là "
                  f"{pct_vi(float(total))}; sai số làm tròn cho phép từ "
                  f"{pct_vi(lo, 3)} đến {pct_vi(hi, 3)}.")
    return claim_finding(
        book, "shares_sum", "info" if ok else "fail", "holds" if ok else "fails", rows,
        subject=f"{name}: {family} shares",
        claimed=100.0, recomputed=float(total), arithmetic=f"{terms} = {pct(float(total))}",
        interval_low=lo, interval_high=hi, message_en=msg_en, message_vi=msg_vi)
