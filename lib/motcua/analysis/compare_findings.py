"""Findings of a unit comparison (:class:`motcua.analysis.compare.Comparison`), for the report
and ``summary.json``.

- ``funnel_outlier`` — a unit outside the outer (99.8 %) limits in force: **warning**,
  status ``flagged``, naming the unit by ``unit_code`` and ``unit_name``, with its rate, count
  and z-score (Spiegelhalter 2005: such a unit is worth a look, not proof of anything).
- ``funnel_underdispersion`` — the units are more alike than chance allows (Pearson χ² in its
  lower 0.1 % tail): **warning**, ``flagged`` (docs/anchors.md C7, "forensic twist").
- ``funnel_all_full`` — every unit at 100 %: **warning**, ``flagged``, with the largest pooled
  shortfall rate the counts are compatible with (exact 95 % bound, ``motcua.stats``).
- ``funnel_dispersion`` — φ and τ²: **info**, ``derived``.
- ``rank_uncertainty`` — the raw first and last units (and the published first) with the
  probability that they truly belong in the top / bottom quarter: **info**, ``derived``.
- ``comparison_not_testable`` — too few units: **info**, ``not_testable``.
"""

from __future__ import annotations

from motcua.analysis.compare import MIN_UNITS, Comparison
from motcua.analysis.compare_funnel import level_tag
from motcua.findings import Finding, new_finding
from motcua.stats import upper_bound_late_rate
from motcua.vn.numbers import fmt_en, fmt_vi

SYNTHETIC_PREFIX = ("SYNTHETIC RECORDS: ", "DỮ LIỆU GIẢ LẬP: ")


def _pct(x: float, lang: str, d: int = 1) -> str:
    return (fmt_en if lang == "en" else fmt_vi)(100 * x, d) + "%"


def _num(x: float, lang: str, d: int = 0) -> str:
    return (fmt_en if lang == "en" else fmt_vi)(x, d)


def _p_vi(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` significant digits and a decimal comma (1,2e-05), as the English
    message writes it with ``:.2g`` / ``:.3g``."""
    return f"{x:.{digits}g}".replace(".", ",")


def _value(cmp: Comparison, x: float, lang: str) -> str:
    return _pct(x, lang) if cmp.kind == "counts" else _num(x, lang, 2)


def comparison_findings(cmp: Comparison, *, synthetic: bool = False) -> list[Finding]:
    """Every finding of one comparison, in the order listed in the module docstring."""
    pre_en, pre_vi = SYNTHETIC_PREFIX if synthetic else ("", "")
    if not cmp.compared:
        n = len(cmp.funnel)
        return [new_finding(
            "comparison_not_testable", "info", "not_testable", metric=cmp.indicator,
            message_en=f"{pre_en}{cmp.label}: fewer than {MIN_UNITS} units to compare ({n}).",
            message_vi=f"{pre_vi}{cmp.label_vi}: ít hơn {MIN_UNITS} đơn vị để so sánh ({n}).")]
    out = outlier_findings(cmp, pre_en, pre_vi)
    out += dispersion_findings(cmp, pre_en, pre_vi)
    out += rank_findings(cmp, pre_en, pre_vi)
    return out


def outlier_findings(cmp: Comparison, pre_en: str = "", pre_vi: str = "") -> list[Finding]:
    """One warning per unit outside the outer limits in force."""
    conf = max(cmp.confidence_levels)
    t = level_tag(conf)
    col_value = "rate" if cmp.kind == "counts" else "value"
    found = []
    for r in cmp.funnel[cmp.funnel[f"outside_{t}"] != ""].itertuples(index=False):
        side_en = "below" if getattr(r, f"outside_{t}") == "low" else "above"
        side_vi = "dưới" if side_en == "below" else "trên"
        v = getattr(r, col_value)
        lo, hi = getattr(r, f"low_{t}"), getattr(r, f"high_{t}")
        count_en = (f" ({_num(r.numerator, 'en')} of {_num(r.denominator, 'en')})"
                    if cmp.kind == "counts" else "")
        count_vi = (f" ({_num(r.numerator, 'vi')}/{_num(r.denominator, 'vi')})"
                    if cmp.kind == "counts" else "")
        found.append(new_finding(
            "funnel_outlier", "warning", "flagged", recomputed=float(v),
            interval_low=float(lo), interval_high=float(hi), unit_code=str(r.unit_code),
            unit_name=str(r.unit_name), metric=cmp.indicator, subject=f"{r.unit_name}: {cmp.label}",
            arithmetic=f"z = {r.z:.2f}; {conf:.1%} limits {lo:.4f}–{hi:.4f}",
            message_en=(f"{pre_en}{r.unit_name} ({r.unit_code}): {cmp.label} "
                        f"{_value(cmp, v, 'en')}{count_en} lies {side_en} the {conf:.1%} limits "
                        f"({_value(cmp, lo, 'en')}–{_value(cmp, hi, 'en')}; z = {r.z:.2f}): "
                        "further from its peers than chance allows; worth a look, not proof."),
            message_vi=(f"{pre_vi}{r.unit_name} ({r.unit_code}): {cmp.label_vi} "
                        f"{_value(cmp, v, 'vi')}{count_vi} nằm {side_vi} giới hạn kiểm soát "
                        f"{_pct(conf, 'vi')} ({_value(cmp, lo, 'vi')}–{_value(cmp, hi, 'vi')}; "
                        f"z = {_num(r.z, 'vi', 2)}): cách xa các đơn vị cùng cấp hơn mức ngẫu "
                        "nhiên cho phép; đáng xem xét, chưa phải bằng chứng.")))
    return found


def dispersion_findings(cmp: Comparison, pre_en: str = "", pre_vi: str = "") -> list[Finding]:
    """Underdispersion and all-at-100 % warnings, and the φ/τ² context."""
    d = cmp.dispersion.iloc[0]
    k = int(d["units"])
    found = []
    if bool(d["all_full"]):
        n = int(cmp.funnel["denominator"].sum())
        ub = upper_bound_late_rate(n, 0, 0.95)
        found.append(new_finding(
            "funnel_all_full", "warning", "flagged", metric=cmp.indicator, recomputed=1.0,
            interval_low=1 - ub, interval_high=1.0,
            message_en=(f"{pre_en}All {k} units are at 100% ({_num(n, 'en')} in all): the "
                        "units cannot be told apart, and with these counts the true shortfall "
                        f"could still be up to {_pct(ub, 'en', 3)} (exact 95% bound)."),
            message_vi=(f"{pre_vi}Cả {k} đơn vị đều đạt 100% (tổng {_num(n, 'vi')}): không thể "
                        "phân biệt các đơn vị; với số liệu này tỷ lệ không đạt thực tế vẫn có "
                        f"thể tới {_pct(ub, 'vi', 3)} (cận trên chính xác 95%).")))
    elif bool(d["underdispersed"]):
        found.append(new_finding(
            "funnel_underdispersion", "warning", "flagged", metric=cmp.indicator,
            recomputed=float(d["chi2"]),
            arithmetic=f"chi2 = {d['chi2']:.2f} on {int(d['df'])} df; P(lower) = {d['p_under']:.2g}",
            message_en=(f"{pre_en}{cmp.label}: the {k} units are more alike than chance allows "
                        f"(χ² = {d['chi2']:.1f} on {int(d['df'])} df, lower-tail p = "
                        f"{d['p_under']:.2g}); smoothed or invented figures vary this little."),
            message_vi=(f"{pre_vi}{cmp.label_vi}: {k} đơn vị giống nhau hơn mức ngẫu nhiên cho "
                        f"phép (χ² = {_num(d['chi2'], 'vi', 1)}, {int(d['df'])} bậc tự do, p "
                        f"đuôi dưới = {_p_vi(d['p_under'])}); số liệu bị làm đều hoặc bịa đặt "
                        "thường ít biến động như vậy.")))
    over = "widened by it" if d["overdispersed"] else "not widened"
    over_vi = "đã được nới rộng theo đó" if d["overdispersed"] else "không được nới rộng"
    found.append(new_finding(
        "funnel_dispersion", "info", "derived", metric=cmp.indicator, recomputed=float(d["phi"]),
        arithmetic=f"phi = {d['phi']:.3f} (trim {d['trim']:g}); tau2 = {d['tau2']:.3g}",
        message_en=(f"{pre_en}{cmp.label}: overdispersion φ = {d['phi']:.2f} over {k} units, "
                    f"between-unit τ = {d['tau']:.3g}; limits {over}."),
        message_vi=(f"{pre_vi}{cmp.label_vi}: phân tán quá mức φ = {_num(d['phi'], 'vi', 2)} trên "
                    f"{k} đơn vị, độ phân tán giữa các đơn vị τ = {_p_vi(d['tau'], 3)}; "
                    f"giới hạn kiểm soát {over_vi}.")))
    return found


def rank_findings(cmp: Comparison, pre_en: str = "", pre_vi: str = "") -> list[Finding]:
    """How sure the first and last places are."""
    r = cmp.ranks
    k = len(r)
    first, last = r.loc[r["raw_rank"].idxmin()], r.loc[r["raw_rank"].idxmax()]
    raw_en, raw_vi = f"on raw {cmp.label}", f"theo {cmp.label_vi} thô"
    picks = [(first, f"ranks first of {k} {raw_en}", f"đứng đầu trong {k} đơn vị {raw_vi}",
              "p_top_quarter", "top", "nhóm 1/4 cao nhất")]
    if "published_rank" in r and r["published_rank"].notna().any():
        top = r.loc[r["published_rank"].astype("Float64").idxmin()]
        if top["unit_code"] != first["unit_code"]:
            picks.append((top, "is first in the published ranking",
                           "đứng đầu bảng xếp hạng công bố", "p_top_quarter", "top",
                           "nhóm 1/4 cao nhất"))
    picks.append((last, f"ranks last of {k} {raw_en}", f"đứng cuối trong {k} đơn vị {raw_vi}",
                  "p_bottom_quarter", "bottom", "nhóm 1/4 thấp nhất"))
    found = []
    for row, what, what_vi, col, q_en, q_vi in picks:
        found.append(new_finding(
            "rank_uncertainty", "info", "derived", metric=cmp.indicator,
            recomputed=float(row[col]), unit_code=str(row["unit_code"]),
            unit_name=str(row["unit_name"]),
            interval_low=float(row["rank_low"]), interval_high=float(row["rank_high"]),
            message_en=(f"{pre_en}{row['unit_name']} {what}; 95% rank interval "
                        f"{int(row['rank_low'])}–{int(row['rank_high'])}, probability it truly "
                        f"belongs in the {q_en} quarter {_pct(row[col], 'en', 0)}."),
            message_vi=(f"{pre_vi}{row['unit_name']} {what_vi}; khoảng tin cậy 95% của thứ hạng "
                        f"{int(row['rank_low'])}–{int(row['rank_high'])}, xác suất thực sự "
                        f"thuộc {q_vi} {_pct(row[col], 'vi', 0)}.")))
    return found
