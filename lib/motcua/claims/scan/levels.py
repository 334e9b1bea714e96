"""Levels and offices that make up a whole: "toàn tỉnh" = cấp tỉnh + cấp huyện + cấp xã.

When a passage is followed by passages that each give the same kinds of counts (received,
resolved, on time, ...), and for one kind the later passages add up exactly to the first, the
article itself shows they split it. Then every other kind must add up too: a difference is a
``fail`` when all the figures are printed exactly (they cannot all be true), a warning otherwise.
Runs where no kind adds up exactly are not taken as a split (nothing is reported).
"""

from __future__ import annotations

from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure
from motcua.claims.scan.reading import Reading
from motcua.findings import Finding

#: A split is taken as shown only by an exact sum of at least this many dossiers (a sum of
#: small counts can match by chance).
MIN_CONFIRMING = 100
_MAX_PARTS = 6


def _by_role(rd: Reading, passage: int) -> dict[str, Figure]:
    """Each role that appears once among the passage's dossier counts."""
    figs = [f for f in rd.counts(passage) if f.unit == "dossier" and f.role and f.source == "text"]
    roles = [f.role for f in figs]
    return {f.role: f for f in figs if roles.count(f.role) == 1}


def check_levels(rd: Reading) -> list[Finding]:
    tables = [_by_role(rd, p.index) for p in rd.passages]
    out, used = [], set()
    for i, whole in enumerate(tables):
        if len(whole) < 2 or i in used:
            continue
        best = None
        for k in range(_MAX_PARTS, 1, -1):
            run = list(range(i + 1, min(len(tables), i + 1 + k)))
            if len(run) < k or any(len(tables[j]) < 2 for j in run):
                continue
            found = _split(whole, [tables[j] for j in run])
            if found is not None:
                best = (run, found)
                break
        if best is None:
            continue
        run, (confirming, findings) = best
        used.update(run)
        out += findings
    return out


def _split(whole: dict, parts: list[dict]):
    """(confirming roles, findings) when the parts split the whole, else None."""
    roles = [r for r in whole if all(r in p for p in parts)]
    sums = {r: (sum(p[r].low for p in parts), sum(p[r].high for p in parts)) for r in roles}
    confirming = [r for r in roles if whole[r].exact and all(p[r].exact for p in parts)
                  and sums[r][0] == whole[r].value and whole[r].value >= MIN_CONFIRMING]
    if not confirming:
        return None
    findings = []
    for r in roles:
        lo, hi = sums[r]
        members = [p[r] for p in parts]
        if lo <= whole[r].high and hi >= whole[r].low:
            if r in confirming:
                findings.append(_holds(whole[r], members, lo))
            continue
        findings.append(_differs(whole[r], members, lo, hi, [whole[c] for c in confirming]))
    return confirming, findings


def _holds(whole: Figure, members: list[Figure], total: float) -> Finding:
    terms = " + ".join(W.q(m) for m in members)
    return W.finding("parts_whole", "info", "holds", [whole, *members],
                     en=f"{W.named_en(whole)} = {terms}: the levels add up to the whole.",
                     vi=f"{W.named_vi(whole)} = {terms}: tổng các cấp bằng toàn bộ.",
                     claimed=whole.value, recomputed=total,
                     arithmetic=f"{' + '.join(m.written for m in members)} = {W.num_en(total)}",
                     metric=whole.role or "")


def _differs(whole: Figure, members: list[Figure], lo: float, hi: float,
             shown_by: list[Figure]) -> Finding:
    sure = whole.exact and all(m.exact for m in members)
    terms = " + ".join(W.q(m) for m in members)
    shown = ", ".join(W.named_en(f) for f in shown_by)
    shown_vi = ", ".join(W.named_vi(f) for f in shown_by)
    rests_en, rests_vi = W.guesses([whole, *members])
    en = (f"The passages that follow split {shown} exactly, so they split "
          f"{W.named_en(whole)} too; but {terms} = {W.span_en(lo, hi)}, "
          f"{W.span_en(abs(lo - whole.value), abs(hi - whole.value))} "
          f"{'more' if lo > whole.high else 'less'}.{rests_en}")
    vi = (f"Các phần sau cộng đúng bằng {shown_vi}, nên cũng phải cộng bằng "
          f"{W.named_vi(whole)}; nhưng {terms} = {W.span_vi(lo, hi)}, "
          f"{'thừa' if lo > whole.high else 'thiếu'} "
          f"{W.span_vi(abs(lo - whole.value), abs(hi - whole.value))}.{rests_vi}")
    return W.finding("parts_whole", "fail" if sure else "warning", "fails",
                     [whole, *members, *shown_by], en=en, vi=vi, claimed=whole.value,
                     recomputed=round((lo + hi) / 2, 2), low=lo, high=hi,
                     arithmetic=f"{' + '.join(m.written for m in members)} = "
                     f"{W.span_en(lo, hi)} vs {whole.written}", metric=whole.role or "")
