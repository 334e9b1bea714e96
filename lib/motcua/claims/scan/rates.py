"""Denominator search: which counts of the article reproduce each stated rate.

A rate as printed stands for its rounding interval (``rounding_interval``); a pair of counts
reproduces it when some value of numerator / denominator (each within its own interval) falls
in that interval (statcheck's principle, docs/anchors.md C1). Every count of the rate's passage
is tried as the denominator, then every count of the article, so a rate over dossiers *due* is
not failed for not being over dossiers *received*. Outcomes:

- reproduced by the whole the wording implies (info), or only by another one (warning: "an
  on-time rate over dossiers received, including those not yet due");
- reproduced only if the rate was truncated, not rounded (warning, unless the same table
  truncates every share);
- reproduced by no pair while the implied pair is close (the inconsistency): ``fail`` when the
  article ties numerator and whole together itself (a "trong đó", or parts that add up to the
  whole exactly) and all of them are printed exactly; otherwise a warning saying what rests on a
  reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from motcua.claims.scan import roles as R
from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure, sum_of
from motcua.claims.scan.reading import Reading
from motcua.findings import Finding

#: A stated rate within this many percentage points of the implied pair's is a near miss worth
#: reporting; further off, the rate is most likely over something the article does not print.
CLOSE_POINTS = 2.0


@dataclass
class Pair:
    num: Figure
    den: Figure
    low: float
    high: float
    in_passage: bool

    @property
    def mid(self) -> float:
        return 100 * self.num.value / self.den.value


def ratio(num: Figure, den: Figure) -> tuple[float, float]:
    """The interval of 100 · num / den over both figures' intervals."""
    return 100 * num.low / den.high, 100 * num.high / max(den.low, 1e-9)


def reproduces(rate: Figure, lo: float, hi: float) -> bool:
    return lo <= rate.high + 1e-9 and hi >= rate.low - 1e-9


def truncates_to(rate: Figure, lo: float, hi: float) -> bool:
    """Some value in [lo, hi] cut (not rounded) to the rate's decimals gives the rate."""
    scale = 10 ** rate.decimals
    return math.floor(lo * scale + 1e-9) <= round(rate.value * scale) <= math.floor(
        hi * scale + 1e-9)


def numerators(rd: Reading, rate: Figure) -> tuple[list[Figure], bool]:
    """The count the rate is tied to, or the counts of its passage with its role; and whether
    the tie is the article's own wording."""
    if rate.id in rd.attached:
        count = rd.attached[rate.id]
        if not _conflict(rate.role, count.role):
            return [count], True
    if rate.role is None or rate.metric in _NOT_DOSSIERS:
        return [], False
    counts = rd.counts(rate.passage)
    same = [f for f in counts if f.role == rate.role
            or (rate.role == "on_time" and f.role == "on_time_only")]
    early = [f for f in counts if f.role == "early"]
    if rate.role == "on_time" and len(early) == 1 and len(same) == 1 and \
            same[0].role == "on_time_only":  # "trước hạn 7.200, đúng hạn 790 ... đạt 99,75%"
        return [sum_of([early[0], same[0]], "on_time")], True
    return same, len(same) == 1


#: Rates the extractor reads as shares of something else than dossiers ("98% nhiệm vụ",
#: "99% ý kiến chỉ đạo"): the dossier counts of their passage are not their numerators.
_NOT_DOSSIERS = ("tasks_on_time_rate", "directives_completed_rate", "e_document_share",
                 "digital_signature_share", "staff_standard_share", "agencies_computerised_share",
                 "e_office_share", "one_stop_share")


def _conflict(rate_role: str | None, count_role: str | None) -> bool:
    """"đã giải quyết 1.000 hồ sơ, đạt tỷ lệ đúng hạn 98%": the rate names another role than
    the count before it, so it is not that count's share."""
    if not rate_role or not count_role or rate_role == count_role:
        return False
    same = {"on_time": {"on_time_only", "early"}, "late": {"pending_late"},
            "online": {"online_l3", "online_l4"}}
    return count_role not in same.get(rate_role, set())


def denominators(rd: Reading, num: Figure) -> list[tuple[Figure, bool]]:
    """Every count that could be the base of a share of ``num``: its passage's first."""
    out = []
    for f in rd.counts():
        near = f.passage == num.passage
        if f is num or f.unit != num.unit or f.high < num.low or (f.hedged and not near):
            continue
        out.append((f, near))
    out.sort(key=lambda x: (not x[1], x[0].value, x[0].written))
    return out


def implied(rd: Reading, num: Figure, pairs: list[Pair]) -> Figure | None:
    """The whole the wording makes the rate's base: the whole of a group the numerator is a
    part of, else a count of the passage with the role the numerator's role implies."""
    if num.base is not None:
        return num.base
    for g in rd.groups_with_part(num):
        if g.whole.unit == num.unit:
            return g.whole
    roles = R.IMPLIED_WHOLE.get(num.role or "", ())
    for role in roles:
        cand = [f for f in rd.counts(num.passage) if f.role == role and f is not num]
        if cand:
            return cand[0]
    # elsewhere in the article: a whole the numerator and a disjoint count add up to exactly
    return next((f for role in roles for f in sorted(rd.counts(), key=lambda f: f.value)
                 if f.role == role and f.unit == num.unit and confirmed(rd, num, f)), None)


def confirmed(rd: Reading, num: Figure, den: Figure) -> bool:
    """The article itself makes ``den`` the whole of ``num``: a cue ("trong đó", a parenthesis,
    a list), or parts with distinct roles, ``num`` among them, that add up to ``den`` exactly."""
    for g in rd.groups:
        if g.whole is not den or not any(p is num for p in g.parts):
            continue
        if g.cue != "roles":
            return True
        total = sum(p.value for p in g.parts)
        if all(p.exact for p in g.parts) and den.exact and total == den.value:
            return True
    parts = [f for f in rd.counts() if f.role and f is not num and num.role
             and R.disjoint([num.role, f.role]) and f.unit == num.unit]
    return any(num.exact and p.exact and den.exact and num.value + p.value == den.value
               for p in parts)


def pairs_for(rd: Reading, rate: Figure, nums: list[Figure]) -> list[Pair]:
    out = []
    for n in nums:
        for d, near in denominators(rd, n):
            lo, hi = ratio(n, d)
            out.append(Pair(n, d, lo, hi, near))
    return out


# ---------------------------------------------------------------------------------------------
# the check

_INFLOW = ("received", "received_new", "handled")
#: Which base a share is most likely over, when several reproduce it: the report forms give
#: shares of dossiers resolved or due (Thông tư 01/2018/TT-VPCP), then of all handled.
_BASE_ORDER = {"resolved": 0, "due": 0, "handled": 1, "received": 2, "received_new": 3}
_TIMELINESS = ("on_time", "late", "early", "on_time_only", "pending_late")


def check_rates(rd: Reading) -> list[Finding]:
    out = []
    truncating = truncating_tables(rd)
    tied = {rd.figures_by_id[rid].written for rid in rd.attached}
    for rate in rd.figures:
        if rate.id not in rd.attached and rate.written in tied:
            continue  # a headline restating a rate the text ties to its count
        if rate.is_rate and not rate.change and rate.comparator != "lt":
            f = _rate_finding(rd, rate, truncating)
            if f is not None:
                out.append(f)
    return out


def truncating_tables(rd: Reading) -> set:
    """Tables whose shares are all consistent with truncation and some only with it: their
    convention is truncation (e.g. 47.04% for 47.046%)."""
    seen: dict[int, set] = {}
    for rid, c in rd.attached.items():
        rate = next(f for f in rd.figures if f.id == rid)
        if rate.source != "table":
            continue
        pairs = pairs_for(rd, rate, [c])
        r = any(reproduces(rate, p.low, p.high) for p in pairs)
        t = any(truncates_to(rate, p.low, p.high) for p in pairs)
        seen.setdefault(rate.passage, set()).add((r, t))
    return {k for k, v in seen.items() if (False, True) in v and (True, False) not in v}


def _rate_finding(rd: Reading, rate: Figure, truncating: set) -> Finding | None:
    nums, tied = numerators(rd, rate)
    if not nums:
        return single_count(rd, rate)
    pairs = pairs_for(rd, rate, nums)
    good = [p for p in pairs if reproduces(rate, p.low, p.high)]
    if good:
        return _reproduced(rd, rate, good, pairs)
    if rate.average or not tied:
        return None
    num = nums[0]
    whole = implied(rd, num, pairs)
    trunc = [p for p in pairs if truncates_to(rate, p.low, p.high)
             and (whole is None or p.den is whole)]
    if trunc:
        return _truncated(rd, rate, trunc[0], rate.passage in truncating)
    if whole is None:
        return None
    lo, hi = ratio(num, whole)
    gap = min(abs(rate.value - lo), abs(rate.value - hi))
    if gap > CLOSE_POINTS:
        return None
    return _not_reproduced(rd, rate, num, whole, lo, hi)


def _best(rd: Reading, rate: Figure, good: list[Pair]) -> Pair:
    whole = implied(rd, good[0].num, good)
    return min(good, key=lambda p: (not p.in_passage, p.den is not whole,
                                    _BASE_ORDER.get(p.den.role or "", 9), not p.den.exact,
                                    abs(p.mid - rate.value), p.den.value, p.num.value))


def _reproduced(rd: Reading, rate: Figure, good: list[Pair], pairs: list[Pair]) -> Finding:
    p = _best(rd, rate, good)
    whole = implied(rd, p.num, pairs)
    other = whole if whole is not None and whole is not p.den else None
    if other is None and (p.num.role in _TIMELINESS or rate.role in _TIMELINESS) and \
            p.den.role in _INFLOW:
        other = next((f for f in rd.counts(rate.passage) if f.role in ("resolved", "due")
                      and f.unit == p.num.unit), None)
    warn = other is not None and other.role in ("resolved", "due") and \
        p.den.role in _INFLOW and (p.num.role in _TIMELINESS or rate.role in _TIMELINESS)
    warn = warn or (not p.in_passage and other is not None and other.passage == rate.passage)
    got_en, got_vi = W.span_en(p.low, p.high, 3) + "%", W.span_vi(p.low, p.high, 3) + "%"
    rests_en, rests_vi = W.guesses([p.num, p.den])
    en = (f"{W.q(rate)} = {W.q(p.num)} / {W.named_en(p.den)} = {got_en}, within what "
          f"{W.q(rate)} can stand for ({W.span_en(rate.low, rate.high, 3)}).{rests_en}")
    vi = (f"{W.q(rate)} = {W.q(p.num)} / {W.named_vi(p.den)} = {got_vi}, khớp với "
          f"{W.q(rate)} ({W.span_vi(rate.low, rate.high, 3)}).{rests_vi}")
    if other is not None:
        alt = 100 * p.num.value / other.value
        en += f" Over {W.named_en(other)} it would be {W.pct_en(alt)}."
        vi += f" Nếu chia cho {W.named_vi(other)} thì là {W.pct_vi(alt)}."
    if warn:
        en += (f" The base that reproduces it, {W.named_en(p.den)}, is not the one the wording "
               "implies: an on-time rate is a share of dossiers resolved or due; over dossiers "
               "received, those still pending count as not on time.")
        vi += (f" Mẫu số khớp, {W.named_vi(p.den)}, không phải mẫu số mà cách diễn đạt ngụ ý: "
               "tỷ lệ đúng hạn tính trên hồ sơ đã giải quyết hoặc đến hạn; tính trên hồ sơ tiếp "
               "nhận thì hồ sơ đang giải quyết bị coi là chưa đúng hạn.")
    figs = [rate, p.num, p.den] + ([other] if other is not None else [])
    return W.finding("rate_denominator", "warning" if warn else "info",
                     "fails" if warn else "holds", figs, en=en, vi=vi, claimed=rate.value,
                     recomputed=round(p.mid, 4), low=rate.low, high=rate.high,
                     arithmetic=f"{p.num.written} / {p.den.written} = {W.pct_en(p.mid, 3)}",
                     metric=rate.role or "")


def _truncated(rd: Reading, rate: Figure, p: Pair, convention: bool) -> Finding:
    en = (f"{W.q(rate)}: {W.q(p.num)} / {W.named_en(p.den)} = {W.pct_en(p.mid, 4)}, which "
          f"rounds to {W.pct_en(p.mid, rate.decimals)}; {W.q(rate)} follows only if the rate "
          "was cut (truncated), not rounded"
          + (", as every share of this table is." if convention else
             ". The article does not say so; other figures may be rounded."))
    vi = (f"{W.q(rate)}: {W.q(p.num)} / {W.named_vi(p.den)} = {W.pct_vi(p.mid, 4)}, làm tròn "
          f"là {W.pct_vi(p.mid, rate.decimals)}; chỉ khớp nếu tỷ lệ bị cắt bớt chữ số thay vì "
          "làm tròn" + (", như mọi tỷ lệ trong bảng này." if convention else "."))
    return W.finding("rate_denominator", "info" if convention else "warning",
                     "holds" if convention else "fails", [rate, p.num, p.den], en=en, vi=vi,
                     claimed=rate.value, recomputed=round(p.mid, 4), low=rate.low,
                     high=rate.high, arithmetic=f"{p.num.written} / {p.den.written} = "
                     f"{W.pct_en(p.mid, 4)}", metric=rate.role or "")


def _not_reproduced(rd: Reading, rate: Figure, num: Figure, whole: Figure, lo: float,
                    hi: float) -> Finding:
    sure = (rate.comparator == "eq" and not rate.average and not num.hedged and whole.exact
            and confirmed(rd, num, whole))
    mid = 100 * num.value / whole.value
    rests_en, rests_vi = W.guesses([rate, num, whole])
    en = (f"{W.q(rate)} does not follow from {W.q(num)} / {W.named_en(whole)} = "
          f"{W.span_en(lo, hi, 3)}%, and no other count printed in the article gives it."
          + ("" if sure else " The base is taken from the wording, not stated with the rate.")
          + rests_en)
    vi = (f"{W.q(rate)} không khớp với {W.q(num)} / {W.named_vi(whole)} = "
          f"{W.span_vi(lo, hi, 3)}%, và không số liệu nào khác trong bài cho ra tỷ lệ này."
          + ("" if sure else " Mẫu số suy ra từ cách diễn đạt, bài không nêu kèm tỷ lệ.")
          + rests_vi)
    return W.finding("rate_denominator", "fail" if sure else "warning", "fails",
                     [rate, num, whole], en=en, vi=vi, claimed=rate.value,
                     recomputed=round(mid, 4), low=rate.low, high=rate.high,
                     arithmetic=f"{num.written} / {whole.written} = {W.pct_en(mid, 3)}",
                     metric=rate.role or "")


def single_count(rd: Reading, rate: Figure) -> Finding | None:
    """"94,41% (363 phiếu)": can a share of 363, or 363 as a share of anything, round to it?
    (GRIM, Brown & Heathers 2017, read both ways.)"""
    c = rd.count_after.get(rate.id)
    if c is None or not c.exact or rate.average or rate.comparator != "eq" or c.value < 1:
        return None
    n = int(c.value)
    as_total = math.floor(rate.high * n / 100 + 1e-9) >= math.ceil(rate.low * n / 100 - 1e-9)
    as_part = math.floor(100 * n / rate.low + 1e-9) >= math.ceil(100 * n / rate.high - 1e-9)
    if as_total or as_part:
        return None
    en = (f"{W.q(rate)} with {W.q(c)}: no whole number out of {n} gives "
          f"{rate.written}, and {n} is not {rate.written} of any whole number either. The rate "
          "may be an average over units or criteria; the article does not say.")
    vi = (f"{W.q(rate)} kèm {W.q(c)}: không có số nguyên nào trên {n} cho ra {rate.written}, và "
          f"{n} cũng không bằng {rate.written} của số nguyên nào. Có thể là số bình quân; bài "
          "không nói rõ.")
    return W.finding("rate_denominator", "warning", "fails", [rate, c], en=en, vi=vi,
                     claimed=rate.value, recomputed=None, low=rate.low, high=rate.high,
                     metric=rate.role or "")
