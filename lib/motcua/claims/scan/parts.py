"""Parts and wholes: do the parts the article names add up to their whole?

Parts come from the wording ("trong đó", "gồm", a parenthesis, a list after a colon, a table) and
from the flow of dossiers (early + on time + late = resolved, :data:`roles.FAMILIES`). Every
figure stands for its interval (rounding, multiplier, hedge), so a sum is an interval too.

- Parts that exceed their whole: ``fail`` when every figure is printed exactly and the parts
  cannot overlap (distinct roles, or the rows of a table); otherwise a warning.
- Parts that fall short of a whole they split completely (early + on time + late against
  resolved; a list the text presents as the whole's): a warning, with the gap: some dossiers are
  in no category, or the hedge does not cover the gap.
- An overdue count inside an on-time count: a warning (a category that contradicts its whole).
"""

from __future__ import annotations

from motcua.claims.scan import roles as R
from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure
from motcua.claims.scan.reading import Reading
from motcua.claims.scan.structure import Group
from motcua.findings import Finding

#: Survey answers may be left blank: parts below a total of forms say nothing.
_BLANKS_ALLOWED = ("form",)


def exhaustive_parts(g: Group) -> list[Figure] | None:
    """The parts that split the whole completely, if the text or the flow says they do."""
    if g.cue in ("table", "list", "parenthesis"):
        return g.parts
    roles = {p.role for p in g.parts}
    for family in R.FAMILIES.get(g.whole.role or "", ()):
        if family <= roles:
            return [next(p for p in g.parts if p.role == r) for r in sorted(family)]
    return None


def _disjoint(g: Group, parts: list[Figure]) -> bool:
    """The parts cannot overlap: distinct roles of one exclusive set, or the answer levels of
    one table row group."""
    if g.cue == "table":
        return True
    return all(p.role for p in parts) and R.disjoint([p.role for p in parts])


def check_parts(rd: Reading) -> list[Finding]:
    out = []
    for g in rd.groups:
        f = _group_finding(g)
        if f is not None:
            out.append(f)
        out += _category_conflicts(g)
    return out


def _group_finding(g: Group) -> Finding | None:
    whole = g.whole
    full = exhaustive_parts(g)
    parts = full if full is not None else [p for p in g.parts if p.role != whole.role]
    if not parts or (len(parts) == 1 and full is None):
        return None
    lo, hi = sum(p.low for p in parts), sum(p.high for p in parts)
    if lo > whole.high + 1e-9 and (_disjoint(g, parts) or g.cue in ("list", "parenthesis")):
        return _exceeds(g, parts, lo, hi, sure=_disjoint(g, parts))
    if full is not None and hi < whole.low - 1e-9 and whole.unit not in _BLANKS_ALLOWED:
        return _short(g, parts, lo, hi)
    if full is not None and lo <= whole.high + 1e-9 and hi >= whole.low - 1e-9:
        return _adds_up(g, parts, lo, hi)
    return None


def _terms(parts: list[Figure]) -> str:
    return " + ".join(W.q(p) for p in parts)


def _exceeds(g: Group, parts: list[Figure], lo: float, hi: float, sure: bool) -> Finding:
    """Parts above their whole: a ``fail`` only if they cannot overlap and are all exact."""
    whole = g.whole
    nested = _nested_reading(whole, parts, lo)
    sure = sure and whole.exact and all(p.exact for p in parts) and not nested
    over_lo, over_hi = lo - whole.high, hi - whole.low
    rests_en, rests_vi = W.guesses([whole, *parts])
    if nested:
        rests_en += " Unless “đúng hạn” there includes the early dossiers, which would fit."
        rests_vi += " Trừ khi “đúng hạn” đã gồm cả hồ sơ trước hạn."
    en = (f"The parts {_terms(parts)} add up to {W.span_en(lo, hi)}, "
          f"{W.span_en(over_lo, over_hi)} more than their whole {W.named_en(whole)}: parts "
          f"cannot exceed the whole.{rests_en}")
    vi = (f"Các phần {_terms(parts)} cộng lại được {W.span_vi(lo, hi)}, nhiều hơn tổng "
          f"{W.named_vi(whole)} là {W.span_vi(over_lo, over_hi)}: các phần không thể lớn hơn "
          f"tổng.{rests_vi}")
    return W.finding("parts_whole", "fail" if sure else "warning", "fails", [whole, *parts],
                     en=en, vi=vi, claimed=whole.value, recomputed=round((lo + hi) / 2, 2),
                     low=lo, high=hi, arithmetic=f"{' + '.join(p.written for p in parts)} = "
                     f"{W.span_en(lo, hi)} > {whole.written}", metric=whole.role or "")


def _short(g: Group, parts: list[Figure], lo: float, hi: float) -> Finding:
    whole = g.whole
    gap_lo, gap_hi = whole.low - hi, whole.high - lo
    what_en = ("the categories the flow of dossiers splits it into" if g.cue not in
               ("list", "table", "parenthesis") else "the items the text lists as its parts")
    rests_en, rests_vi = W.guesses([whole, *parts])
    en = (f"{W.named_en(whole)} against {what_en}: {_terms(parts)} = {W.span_en(lo, hi)}, "
          f"{W.span_en(gap_lo, gap_hi)} short; that many are in none of the parts"
          + (", more than the hedge allows" if whole.hedged else "") + f".{rests_en}")
    vi = (f"{W.named_vi(whole)} so với các phần: {_terms(parts)} = {W.span_vi(lo, hi)}, thiếu "
          f"{W.span_vi(gap_lo, gap_hi)}; số này không thuộc phần nào"
          + (", nhiều hơn mức ước lượng cho phép" if whole.hedged else "") + f".{rests_vi}")
    return W.finding("parts_whole", "warning", "fails", [whole, *parts], en=en, vi=vi,
                     claimed=whole.value, recomputed=round((lo + hi) / 2, 2), low=lo, high=hi,
                     arithmetic=f"{' + '.join(p.written for p in parts)} = {W.span_en(lo, hi)}"
                     f" < {whole.written}", metric=whole.role or "")


def _nested_reading(whole: Figure, parts: list[Figure], lo: float) -> bool:
    """"trong đó đúng hạn 990, trước hạn 600": "đúng hạn" may include the early ones; if that
    reading brings the parts within the whole, they need not contradict it."""
    early = [p for p in parts if p.role == "early"]
    on_time = [p for p in parts if p.role == "on_time_only"]
    return bool(early and on_time and early[0].high <= on_time[0].low
                and lo - early[0].low <= whole.high)


def _adds_up(g: Group, parts: list[Figure], lo: float, hi: float) -> Finding:
    whole = g.whole
    en = f"{W.named_en(whole)} = {_terms(parts)} = {W.span_en(lo, hi)}: the parts add up."
    vi = f"{W.named_vi(whole)} = {_terms(parts)} = {W.span_vi(lo, hi)}: các phần cộng đủ."
    return W.finding("parts_whole", "info", "holds", [whole, *parts], en=en, vi=vi,
                     claimed=whole.value, recomputed=round((lo + hi) / 2, 2), low=lo, high=hi,
                     arithmetic=f"{' + '.join(p.written for p in parts)} = {W.span_en(lo, hi)}",
                     metric=whole.role or "")


def _category_conflicts(g: Group) -> list[Finding]:
    """"15.539 hồ sơ trước hạn, đúng hạn (trong đó ... 9 hồ sơ đang giải quyết quá hạn)": an
    overdue part of an on-time whole."""
    if g.whole.role != "on_time" or g.cue == "roles":
        return []
    late = [p for p in g.parts if p.role in ("late", "pending_late")]
    if not late:
        return []
    en = (f"{W.named_en(g.whole)} counts dossiers resolved early or on time, yet the text puts "
          + ", ".join(W.named_en(p) for p in late) + " among them: an overdue dossier cannot be "
          "on time. Either the parenthesis belongs to another figure, or the on-time count "
          "includes overdue dossiers.")
    vi = (f"{W.named_vi(g.whole)} là hồ sơ giải quyết trước và đúng hạn, nhưng bài viết tính cả "
          + ", ".join(W.named_vi(p) for p in late) + " trong đó: hồ sơ quá hạn không thể là "
          "đúng hạn. Hoặc phần trong ngoặc thuộc số liệu khác, hoặc số đúng hạn gồm cả hồ sơ "
          "quá hạn.")
    return [W.finding("category", "warning", "fails", [g.whole, *late], en=en, vi=vi,
                      claimed=g.whole.value, recomputed=None, metric="on_time")]
