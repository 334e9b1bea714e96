"""Shares that should add up to 100%: the shares of parts that split a whole (the levels of one
survey question, early / on time / late), and the levels of one satisfaction scale in a passage.

k shares rounded to d decimals may sum to anything within 100 ± Σ ½·10^-d (docs/anchors.md
C10); truncated shares to anything between 100 − Σ 10^-d and 100. Averages of units' shares
("bình quân") add up the same way, since averaging is linear. Mutually exclusive shares of
one whole above that: ``fail``. Below it: the parts leave something out; when their counts fall
short of the whole by as much, the shares are right and the counts tell why (info), otherwise a
warning.
"""

from __future__ import annotations

from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure
from motcua.claims.scan.parts import exhaustive_parts
from motcua.claims.scan.reading import Reading
from motcua.findings import Finding
from motcua.vn.numbers import rounding_half_width

_SATISFACTION = ("sat_very_share", "sat_ok_share", "sat_no_share")


def check_shares(rd: Reading) -> list[Finding]:
    out = []
    share_of = {c.id: rd.figures_by_id[rid] for rid, c in rd.attached.items()}
    for g in rd.groups:
        parts = exhaustive_parts(g)
        if not parts or not all(p.id in share_of for p in parts):
            continue
        out.append(_sum(rd, [share_of[p.id] for p in parts], parts, g.whole))
    clauses: dict[tuple, list[Figure]] = {}
    for f in rd.figures:
        if f.metric in _SATISFACTION and f.comparator == "eq" and f.id not in rd.attached:
            s = rd.article.layout.sentences[f.sentence][0]
            clauses.setdefault((f.sentence, rd.text.count(";", s, f.start)), []).append(f)
    for levels in clauses.values():
        if len({f.metric for f in levels}) == len(levels) == 3:
            out.append(_sum(rd, levels, [], None))
    return out


def _sum(rd: Reading, shares: list[Figure], counts: list[Figure], whole: Figure | None
         ) -> Finding:
    total = sum(f.value for f in shares)
    up = sum(float(rounding_half_width(f.decimals)) for f in shares)
    down = sum(10 ** -f.decimals for f in shares)
    terms = " + ".join(W.q(f) for f in shares)
    figs = shares + counts + ([whole] if whole is not None else [])
    arith = f"{' + '.join(f.written for f in shares)} = {W.pct_en(total)}"
    if total > 100 + up + 1e-9:
        en = (f"{terms} = {W.pct_en(total)}: shares of one whole that exclude each other cannot "
              f"add up to more than 100% (rounding allows up to {W.pct_en(100 + up, 3)}).")
        vi = (f"{terms} = {W.pct_vi(total)}: các tỷ lệ loại trừ nhau của cùng một tổng không thể "
              f"cộng lại quá 100% (làm tròn cho phép đến {W.pct_vi(100 + up, 3)}).")
        return W.finding("shares_sum", "fail", "fails", figs, en=en, vi=vi, claimed=100.0,
                         recomputed=round(total, 4), low=100 - down, high=100 + up,
                         arithmetic=arith)
    if total >= 100 - down - 1e-9:
        how = "" if total >= 100 - up - 1e-9 else " (if the shares are truncated)"
        how_vi = "" if total >= 100 - up - 1e-9 else " (nếu tỷ lệ bị cắt bớt chữ số)"
        return W.finding("shares_sum", "info", "holds", figs,
                         en=f"{terms} = {W.pct_en(total)}: 100% within rounding{how}.",
                         vi=f"{terms} = {W.pct_vi(total)}: bằng 100% trong sai số làm tròn"
                            f"{how_vi}.", claimed=100.0, recomputed=round(total, 4),
                         low=100 - down, high=100 + up, arithmetic=arith)
    covered = (sum(c.high for c in counts) / whole.low * 100) if counts and whole else None
    explained = covered is not None and covered < 100 - up and abs(covered - total) <= down + 0.1
    en = (f"{terms} = {W.pct_en(total)}, short of 100%: "
          + (f"the counts cover {W.pct_en(covered)} of {W.q(whole)} too, so the shares are "
             "right and some of the whole is in no part." if explained else
             "some of the whole is in no part, or a share is wrong."))
    vi = (f"{terms} = {W.pct_vi(total)}, chưa đủ 100%: "
          + (f"số lượng cũng chỉ bằng {W.pct_vi(covered)} của {W.q(whole)}, nên tỷ lệ đúng và "
             "một phần tổng không thuộc nhóm nào." if explained else
             "một phần tổng không thuộc nhóm nào, hoặc có tỷ lệ sai."))
    return W.finding("shares_sum", "info" if explained else "warning",
                     "holds" if explained else "fails", figs, en=en, vi=vi, claimed=100.0,
                     recomputed=round(total, 4), low=100 - down, high=100 + up, arithmetic=arith)
