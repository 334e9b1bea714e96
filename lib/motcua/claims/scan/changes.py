"""Changes and averages.

A change printed with both levels ("đạt 88.51%, cao hơn 1.58% so với năm 2023 (87.72%)") must be
their difference in points, or their relative change, within the rounding of the three figures;
neither is a ``fail`` (the three printed numbers cannot all be true).

A rate followed by the rates it sums up ("94,1% ... (Sở A 95,1%, Sở B 88,9%, Sở C 98,3%)"): an
average of them lies between the smallest and the largest; it is reported whether it is their
plain mean (a pooled rate needs their counts).
"""

from __future__ import annotations

import re

from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure
from motcua.claims.scan.reading import Reading
from motcua.findings import Finding
from motcua.vn.numbers import rounding_half_width

FLAGS = re.IGNORECASE
_PREVIOUS = re.compile(r"^\s*(?:điểm|%|bậc)?\s*so\s+với[^()\d;]{0,40}?(?:\d{4})?[^()\d;]{0,10}"
                       r"\(\s*$", FLAGS)


def _half(f: Figure) -> float:
    return float(rounding_half_width(f.decimals))


def check_changes(rd: Reading) -> list[Finding]:
    out = []
    figs = rd.figures
    for i, c in enumerate(figs):
        if not c.change or c.unit not in ("percent", "point"):
            continue
        prev = next((f for f in figs[i + 1:i + 2] if f.unit == c.unit and f.sentence == c.sentence
                     and _PREVIOUS.match(rd.text[c.end:f.start])), None)
        level = next((f for f in reversed(figs[:i]) if f.sentence == c.sentence
                      and f.unit == c.unit and not f.change), None)
        if prev is None or level is None or ";" in rd.text[level.end:c.start]:
            continue
        out.append(_change(c, level, prev))
    return out


def _change(c: Figure, level: Figure, prev: Figure) -> Finding:
    sign = c.change
    points = level.value - prev.value
    tol = _half(level) + _half(prev) + _half(c)
    rel = 100 * (level.value / prev.value - 1) if prev.value else None
    rel_lo = 100 * ((level.value - _half(level)) / (prev.value + _half(prev)) - 1)
    rel_hi = 100 * ((level.value + _half(level)) / max(prev.value - _half(prev), 1e-9) - 1)
    as_points = abs(points - sign * c.value) <= tol + 1e-9
    as_rel = rel is not None and rel_lo - _half(c) <= sign * c.value <= rel_hi + _half(c)
    figs = [level, c, prev]
    arith = f"{level.written} − {prev.written} = {W.num_en(points, 2)}"
    if as_points or as_rel:
        how = "percentage points" if as_points else "a relative change"
        return W.finding("change", "info", "holds", figs,
                         en=f"{W.q(c)} = {arith.split(' = ')[0]} ({how}).",
                         vi=f"{W.q(c)} = {arith.split(' = ')[0].replace('−', '-')} "
                            f"({'điểm phần trăm' if as_points else 'tăng tương đối'}).",
                         claimed=c.value, recomputed=round(points, 4), arithmetic=arith)
    sure = all(f.comparator == "eq" for f in figs)
    en = (f"{W.q(c)} is not the change from {W.q(prev)} to {W.q(level)}: the difference is "
          f"{W.num_en(points, 2)} points" + (f" ({W.num_en(rel, 2)}% relative)" if rel else "")
          + "; no reading of the three printed numbers gives " + f"{c.written}.")
    vi = (f"{W.q(c)} không phải mức thay đổi từ {W.q(prev)} đến {W.q(level)}: chênh lệch là "
          f"{W.num_vi(points, 2)} điểm" + (f" ({W.num_vi(rel, 2)}% tương đối)" if rel else "")
          + f"; không cách đọc nào cho ra {c.written}.")
    return W.finding("change", "fail" if sure else "warning", "fails", figs, en=en, vi=vi,
                     claimed=c.value, recomputed=round(points, 4), arithmetic=arith)


def check_averages(rd: Reading) -> list[Finding]:
    """A rate followed by a parenthesis of the rates it sums up."""
    out = []
    figs = rd.figures
    for i, r in enumerate(figs):
        if not r.is_rate or r.change or r.depth:
            continue
        m = re.match(r"[^()\d;]{0,120}\(", rd.text[r.end:r.end + 130])
        if not m:
            continue
        open_at = r.end + m.end()
        close = rd.text.find(")", open_at)
        inside = [f for f in figs[i + 1:] if open_at <= f.start < close]
        subs = [f for f in inside if f.is_rate]
        labelled = all(re.search(r"[^\W\d_]{2,}", rd.text[a.end if a else open_at:f.start])
                       for a, f in zip([None, *subs], subs))
        if len(subs) >= 2 and len(subs) == len(inside) and labelled and close > 0 \
                and not re.search(r"\d", rd.text[r.end:open_at]):
            out.append(_average(r, subs))
    return out


def _average(r: Figure, subs: list[Figure]) -> Finding:
    mean = sum(f.value for f in subs) / len(subs)
    tol = _half(r) + sum(_half(f) for f in subs) / len(subs)
    lo, hi = min(f.low for f in subs), max(f.high for f in subs)
    inside = lo <= r.value <= hi
    is_mean = abs(mean - r.value) <= tol + 1e-9
    terms = ", ".join(W.q(f) for f in subs)
    if not inside:
        en = (f"{W.q(r)} lies outside the rates it sums up ({terms}: "
              f"{W.span_en(lo, hi, 2)}%): no average of them, pooled or plain, can give it, "
              "unless the list leaves units out.")
        vi = (f"{W.q(r)} nằm ngoài các tỷ lệ thành phần ({terms}: {W.span_vi(lo, hi, 2)}%): "
              "không cách lấy bình quân nào cho ra số này, trừ khi danh sách thiếu đơn vị.")
        return W.finding("average", "warning", "fails", [r, *subs], en=en, vi=vi,
                         claimed=r.value, recomputed=round(mean, 4))
    how_en = ("their plain (unweighted) mean" if is_mean else
              f"between them but not their plain mean ({W.pct_en(mean)}): a pooled rate")
    how_vi = ("bình quân cộng (không trọng số)" if is_mean else
              f"nằm giữa nhưng không phải bình quân cộng ({W.pct_vi(mean)}): tỷ lệ gộp")
    return W.finding("average", "info", "holds", [r, *subs],
                     en=f"{W.q(r)} of {terms} is {how_en}.",
                     vi=f"{W.q(r)} của {terms} là {how_vi}.",
                     claimed=r.value, recomputed=round(mean, 4),
                     arithmetic=f"mean({', '.join(f.written for f in subs)}) = "
                                f"{W.pct_en(mean, 3)}")


def check_table_means(rd: Reading) -> list[Finding]:
    """"trung bình tỷ lệ rất hài lòng và hài lòng các chỉ số đạt 97,95%" after a survey table:
    the stated average against the table, read three ways (mean over the groups that have the
    named levels, mean over every group of its first levels, pooled from the counts). The
    article does not say which, so a miss is a warning."""
    groups = rd.table_notes.get("vertical_groups") or []
    out = []
    for r in rd.figures:
        if not (r.is_rate and r.average and r.source == "text" and groups):
            continue
        clause = _clause_of(rd, r)
        labels = _named_levels(clause, {p.label for g in groups for p in g})
        if labels:
            f = _table_mean(rd, r, groups, labels)
            if f is not None:
                out.append(f)
    return out


def _clause_of(rd: Reading, f: Figure) -> str:
    s, e, _p = rd.article.layout.sentences[f.sentence]
    a = rd.text.rfind(";", s, f.start) + 1 or s
    b = rd.text.find(";", f.end, e)
    return rd.text[max(a, s):b if b >= 0 else e]


def _named_levels(clause: str, labels: set[str]) -> list[str]:
    """Table level labels the clause names, a label inside a longer named one not counted."""
    low = clause.casefold()
    spans = {}
    for lab in sorted(labels, key=len, reverse=True):
        for m in re.finditer(re.escape(lab.casefold()), low):
            if not any(a <= m.start() < b for a, b in spans.values()):
                spans[lab] = (m.start(), m.end())
                break
    return sorted(spans, key=lambda lab: spans[lab][0])


def _table_mean(rd: Reading, r: Figure, groups, labels) -> Finding | None:
    k = len(labels)
    having = [g for g in groups if all(any(p.label.casefold() == lab.casefold() for p in g)
                                       for lab in labels)]
    readings = {}
    if having:
        readings["the groups that have these levels"] = sum(
            sum(p.value for p in g if p.label.casefold() in {x.casefold() for x in labels})
            for g in having) / len(having)
    if all(len(g) >= k for g in groups):
        readings[f"every group, its first {k} levels"] = sum(
            sum(p.value for p in g[:k]) for g in groups) / len(groups)
    if not readings:
        return None
    d = max(p.decimals for g in groups for p in g)
    slack = k * 10 ** -d + _half(r)  # shares truncated (a whole unit of their last digit)
    hits = {name: v for name, v in readings.items() if abs(v - r.value) <= slack + 1e-9}
    shares = [p for g in (having or groups) for p in g]
    lines_en = "; ".join(f"over {name} {W.pct_en(v)}" for name, v in readings.items())
    lines_vi = "; ".join(f"{W.pct_vi(v)}" for v in readings.values())
    if hits:
        name, v = next(iter(hits.items()))
        return W.finding("average", "info", "holds", [r, *shares],
                         en=f"{W.q(r)} is the mean over {name}: {W.pct_en(v)}.",
                         vi=f"{W.q(r)} là bình quân của bảng: {W.pct_vi(v)}.",
                         claimed=r.value, recomputed=round(v, 4))
    en = (f"{W.q(r)} is not the average of the table's shares under any reading: {lines_en}. "
          "The article does not say how it averaged.")
    vi = (f"{W.q(r)} không khớp với bình quân các tỷ lệ trong bảng theo cách đọc nào: "
          f"{lines_vi}. Bài không nói cách tính bình quân.")
    return W.finding("average", "warning", "fails", [r, *shares], en=en, vi=vi,
                     claimed=r.value, recomputed=round(next(iter(readings.values())), 4))


def check_scores(rd: Reading) -> list[Finding]:
    """"chỉ số PAPI là 40,62/80 điểm, đạt tỷ lệ 50,77%": a score on its scale and its share."""
    out = []
    figs = rd.figures
    for a, b in zip(figs, figs[1:]):
        if a.unit != "point" or not a.denominator or not b.is_rate or a.sentence != b.sentence:
            continue
        if not re.fullmatch(r"[^\d;]{0,30}(?:đạt|bằng|tương\s+đương|tỷ\s+lệ)[^\d;]{0,12}",
                            rd.text[a.end:b.start], FLAGS):
            continue
        lo = 100 * (a.value - _half(a)) / a.denominator
        hi = 100 * (a.value + _half(a)) / a.denominator
        ok = lo <= b.high + 1e-9 and hi >= b.low - 1e-9
        mid = 100 * a.value / a.denominator
        arith = f"{a.written} = {W.pct_en(mid, 3)}"
        if ok:
            out.append(W.finding("rate_denominator", "info", "holds", [b, a],
                                 en=f"{W.q(b)} = {arith}, the score on its scale.",
                                 vi=f"{W.q(b)} = {a.written} = {W.pct_vi(mid, 3)}.",
                                 claimed=b.value, recomputed=round(mid, 4), arithmetic=arith))
        else:
            sure = a.comparator == b.comparator == "eq"
            out.append(W.finding("rate_denominator", "fail" if sure else "warning", "fails",
                                 [b, a], en=f"{W.q(b)} is not {arith}.",
                                 vi=f"{W.q(b)} không bằng {a.written} = {W.pct_vi(mid, 3)}.",
                                 claimed=b.value, recomputed=round(mid, 4), arithmetic=arith))
    return out
