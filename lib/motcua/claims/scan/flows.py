"""Stock and flow: what came in against where it went, and on-time rates beside late counts.

Every dossier received (plus those carried over from the last period) is, at the end of the
period, resolved, still pending, or withdrawn / returned (Nghị định 61/2018/NĐ-CP, Điều 16-19).
A difference between the two sides is dossiers the article does not account for: a warning,
since articles may leave carried-over dossiers out on purpose.

Zero late, rate below 100%: an on-time rate under 100% beside zero late dossiers needs dossiers
that are neither (still pending within their deadline); a "100%" beside overdue dossiers counts
only those already resolved.
"""

from __future__ import annotations

from motcua.claims.scan import wording as W
from motcua.claims.scan.figures import Figure
from motcua.claims.scan.reading import Reading
from motcua.findings import Finding


def _one(figs: list[Figure], role: str) -> Figure | None:
    found = [f for f in figs if f.role == role and f.depth == 0] or [
        f for f in figs if f.role == role]
    return found[0] if found else None


def check_flows(rd: Reading) -> list[Finding]:
    out = []
    for p in rd.passages:
        figs = [f for f in rd.counts(p.index) if f.unit == "dossier"]
        f = _flow(figs)
        if f is not None:
            out.append(f)
    return out


def _inflow(figs: list[Figure]) -> list[Figure]:
    handled = _one(figs, "handled")
    if handled is not None:
        return [handled]
    resolved = _one(figs, "resolved")
    if resolved is not None and resolved.base is not None:
        return [resolved.base]  # "4.561/5.650": resolved of handled
    received = _one(figs, "received") or _one(figs, "received_new")
    if received is None:
        return []
    carried = _one(figs, "carried")
    return [received] + ([carried] if carried is not None and received.role == "received_new"
                         else [])


def _flow(figs: list[Figure]) -> Finding | None:
    inflow = _inflow(figs)
    resolved, pending = _one(figs, "resolved"), _one(figs, "pending")
    if not inflow or resolved is None or pending is None:
        return None
    outflow = [resolved, pending] + [f for f in figs if f.role == "withdrawn"][:1]
    in_lo, in_hi = sum(f.low for f in inflow), sum(f.high for f in inflow)
    out_lo, out_hi = sum(f.low for f in outflow), sum(f.high for f in outflow)
    terms_in = " + ".join(W.named_en(f) for f in inflow)
    terms_out = " + ".join(W.named_en(f) for f in outflow)
    terms_in_vi = " + ".join(W.named_vi(f) for f in inflow)
    terms_out_vi = " + ".join(W.named_vi(f) for f in outflow)
    figs_used = inflow + outflow
    arithmetic = (f"{' + '.join(f.written for f in inflow)} vs "
                  f"{' + '.join(f.written for f in outflow)} = {W.span_en(out_lo, out_hi)}")
    if out_lo <= in_hi and out_hi >= in_lo:
        return W.finding("flow_identity", "info", "holds", figs_used,
                         en=f"{terms_in} = {terms_out}: every dossier is accounted for.",
                         vi=f"{terms_in_vi} = {terms_out_vi}: đủ mọi hồ sơ.",
                         claimed=in_lo, recomputed=out_lo, arithmetic=arithmetic)
    rests_en, rests_vi = W.guesses(figs_used)
    if in_lo > out_hi:
        gap = W.span_en(in_lo - out_hi, in_hi - out_lo)
        gap_vi = W.span_vi(in_lo - out_hi, in_hi - out_lo)
        en = (f"{terms_in} against {terms_out} = {W.span_en(out_lo, out_hi)}: {gap} dossiers "
              "are neither resolved nor pending, and the article does not say where they went "
              "(withdrawn, returned, merged?).")
        vi = (f"{terms_in_vi} so với {terms_out_vi} = {W.span_vi(out_lo, out_hi)}: {gap_vi} hồ "
              "sơ không đã giải quyết cũng không đang giải quyết, bài không nói rõ.")
    else:
        gap = W.span_en(out_lo - in_hi, out_hi - in_lo)
        gap_vi = W.span_vi(out_lo - in_hi, out_hi - in_lo)
        en = (f"{terms_out} = {W.span_en(out_lo, out_hi)} is {gap} more than {terms_in}: "
              "possible only with dossiers carried over from an earlier period, which the "
              "article does not state.")
        vi = (f"{terms_out_vi} = {W.span_vi(out_lo, out_hi)}, nhiều hơn {terms_in_vi} {gap_vi}: "
              "chỉ có thể nếu có hồ sơ kỳ trước chuyển sang mà bài không nêu.")
    return W.finding("flow_identity", "warning", "fails", figs_used, en=en + rests_en,
                     vi=vi + rests_vi, claimed=in_lo, recomputed=out_lo, arithmetic=arithmetic)


def check_zero_late(rd: Reading) -> list[Finding]:
    out = []
    for p in rd.passages:
        counts = rd.counts(p.index)
        rates = [f for f in rd.figures if f.passage == p.index and f.is_rate
                 and f.role == "on_time" and not f.change and f.comparator == "eq"]
        zero = [f for f in counts if f.role == "late" and f.value == 0 and f.exact]
        late = [f for f in counts if f.role in ("late", "pending_late") and f.low > 0]
        waiting = [f for f in counts if f.role == "pending_in_time"]
        for r in rates:
            if r.value < 100 and zero:
                out.append(_below_100_zero_late(r, zero[0], waiting))
            elif r.value == 100 and (late or waiting):
                out.append(_hundred(r, late, waiting))
    return out


def _below_100_zero_late(r: Figure, zero: Figure, waiting: list[Figure]) -> Finding:
    if waiting:
        en = (f"{W.q(r)} on time beside {W.q(zero)} late: the rest are "
              f"{W.named_en(waiting[0])}, counted as not (yet) on time.")
        vi = (f"{W.q(r)} đúng hạn và {W.q(zero)} trễ hạn: phần còn lại là "
              f"{W.named_vi(waiting[0])}, chưa được tính là đúng hạn.")
        return W.finding("zero_late_rate", "info", "holds", [r, zero, waiting[0]], en=en, vi=vi,
                         claimed=r.value, recomputed=None, metric="on_time")
    en = (f"{W.q(r)} on time beside {W.q(zero)} late dossiers: the article does not say what "
          "the other dossiers are (pending, withdrawn?).")
    vi = (f"{W.q(r)} đúng hạn nhưng {W.q(zero)} hồ sơ trễ hạn: bài không nói phần còn lại là "
          "hồ sơ gì (đang giải quyết, rút?).")
    return W.finding("zero_late_rate", "warning", "fails", [r, zero], en=en, vi=vi,
                     claimed=r.value, recomputed=None, metric="on_time")


def _hundred(r: Figure, late: list[Figure], waiting: list[Figure]) -> Finding:
    if late:
        en = (f"{W.q(r)} on time beside " + ", ".join(W.named_en(f) for f in late)
              + ": the 100% counts only some dossiers (e.g. those resolved).")
        vi = (f"{W.q(r)} đúng hạn trong khi có " + ", ".join(W.named_vi(f) for f in late)
              + ": 100% chỉ tính một phần hồ sơ (ví dụ hồ sơ đã giải quyết).")
        return W.finding("zero_late_rate", "warning", "fails", [r, *late], en=en, vi=vi,
                         claimed=r.value, recomputed=None, metric="on_time")
    en = (f"{W.q(r)} on time while {W.named_en(waiting[0])}: dossiers not yet due are counted "
          "as on time.")
    vi = (f"{W.q(r)} đúng hạn trong khi còn {W.named_vi(waiting[0])}: hồ sơ chưa đến hạn được "
          "tính là đúng hạn.")
    return W.finding("zero_late_rate", "info", "holds", [r, waiting[0]], en=en, vi=vi,
                     claimed=r.value, recomputed=None, metric="on_time")
