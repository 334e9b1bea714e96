"""How scan findings name figures and numbers: a figure as printed in quotes ("19.255"), a
computed number in the reader's notation (19,255 in English, 19.255 in Vietnamese), an interval
as "4,527–4,537"."""

from __future__ import annotations

from motcua.claims.scan.figures import Figure
from motcua.claims.scan.roles import ROLE_EN, ROLE_VI
from motcua.findings import Finding, new_finding
from motcua.vn.numbers import fmt_en, fmt_vi


def q(f: Figure) -> str:
    """A figure as printed: “19.255”."""
    return f"“{f.written}”"


def num_en(x: float, d: int = 0) -> str:
    return fmt_en(x, d)


def num_vi(x: float, d: int = 0) -> str:
    return fmt_vi(x, d)


def span_en(lo: float, hi: float, d: int = 0) -> str:
    return fmt_en(lo, d) if round(lo, d) == round(hi, d) else f"{fmt_en(lo, d)}–{fmt_en(hi, d)}"


def span_vi(lo: float, hi: float, d: int = 0) -> str:
    return fmt_vi(lo, d) if round(lo, d) == round(hi, d) else f"{fmt_vi(lo, d)}–{fmt_vi(hi, d)}"


def pct_en(x: float, d: int = 2) -> str:
    return fmt_en(x, d) + "%"


def pct_vi(x: float, d: int = 2) -> str:
    return fmt_vi(x, d) + "%"


def role_en(f: Figure) -> str:
    return ROLE_EN.get(f.role or "", f.label or "")


def role_vi(f: Figure) -> str:
    return ROLE_VI.get(f.role or "", f.label or "")


def named_en(f: Figure) -> str:
    """“19.944” (due)."""
    r = role_en(f)
    return f"{q(f)} ({r})" if r else q(f)


def named_vi(f: Figure) -> str:
    r = role_vi(f)
    return f"{q(f)} ({r})" if r else q(f)


def guesses(figs: list[Figure]) -> tuple[str, str]:
    """What a finding rests on that the text does not state (hedges; figures of different
    periods taken as one), and the ranges figures were read as ("4,52 ngàn" is 4,515–4,525)."""
    en, vi, ranges_en, ranges_vi = [], [], [], []
    hedged = [f for f in figs if f.hedged]
    if hedged:
        en.append("hedged figures (" + ", ".join(q(f) for f in hedged) + ") taken within 2%")
        vi.append("số liệu ước (" + ", ".join(q(f) for f in hedged) + ") lấy sai lệch 2%")
    periods = sorted({f.period_phrase for f in figs if f.period_phrase})
    if len(periods) > 1 and any(f.period_guessed for f in figs):
        en.append("figures of " + " and ".join(periods) + " taken as one period")
        vi.append("số liệu của " + " và ".join(periods) + " coi là cùng một kỳ")
    for f in figs:
        if f.low != f.high and not f.hedged and f.is_count:
            ranges_en.append(f"{q(f)} is anything from {span_en(f.low, f.high)}")
            ranges_vi.append(f"{q(f)} là từ {span_vi(f.low, f.high)}")
    out_en = (" Read as: " + "; ".join(ranges_en) + "." if ranges_en else "") + (
        " Rests on: " + "; ".join(en) + "." if en else "")
    out_vi = (" Cách đọc: " + "; ".join(ranges_vi) + "." if ranges_vi else "") + (
        " Giả định: " + "; ".join(vi) + "." if vi else "")
    return out_en, out_vi


def finding(check: str, severity: str, status: str, figs: list[Figure], *, en: str, vi: str,
            claimed=None, recomputed=None, arithmetic: str = "", low=None, high=None,
            metric: str = "", quotes=()) -> Finding:
    """A scan finding: the figures' ids ("19.255@412") are its claim ids."""
    seen, ids = set(), []
    for f in figs:
        for g in (f.members or [f]):
            if g.id not in seen:
                seen.add(g.id)
                ids.append(g.id)
    return new_finding(check, severity, status, message_en=en, message_vi=vi, claim_ids=ids,
                       claimed=claimed, recomputed=recomputed, arithmetic=arithmetic,
                       interval_low=low, interval_high=high, metric=metric,
                       quotes=list(quotes), subject=", ".join(f.written for f in figs[:4]))
