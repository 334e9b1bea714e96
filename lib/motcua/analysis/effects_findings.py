"""Findings and report sentences of the reform-effects notebook (``notebooks/05_reform_effects``).

Every sentence is built from the tables of :mod:`motcua.analysis.effects` and
:mod:`motcua.analysis.effects_papi`; nothing here computes a statistic.
"""

from __future__ import annotations

import pandas as pd

from motcua.findings import Finding, new_finding

LABELS = {"on_time_rate": "on-time rate", "online_share": "online share",
          "satisfaction_share": "satisfaction share",
          "C05": "public administrative procedures (PAPI dimension 5)",
          "C06": "public service delivery (PAPI dimension 6)"}


def _pts(x: float) -> str:
    return f"{100 * x:+.2f}"


def _interval(row) -> str:
    return (f"{_pts(row['estimate'])} points (95% interval {_pts(row['ci_low'])} to "
            f"{_pts(row['ci_high'])}; {int(row['n_clusters'])} clusters)")


def design_markdown(study, outcome: str, cluster: str, label: str) -> str:
    """Who is compared with whom, in a few lines. ``label``: "SYNTHETIC panel", "SYNTHETIC
    records" or "" for real data."""
    tag = f"**{label}** — " if label else ""
    cohorts = "; ".join(f"{r.n_units} units from {r.first_period}"
                        for r in study.cohorts.itertuples())
    dropped = (f" {len(study.dropped)} unit(s) adopted before the panel starts and are left "
               "out (no month before adoption to compare with)." if len(study.dropped) else "")
    return (f"{tag}{study.n_units} units × {study.n_periods} months; outcome: "
            f"{LABELS[outcome]}. Adoption cohorts: {cohorts}. Controls: {study.control}. "
            f"Intervals: wild cluster bootstrap by {cluster}, **{study.n_clusters} clusters**."
            f"{dropped}")


def overall_markdown(study) -> str:
    """The overall effect, the pre-period check and why the naive TWFE differs."""
    o = study.overall.set_index("estimator")
    iw, twfe = o.iloc[0], o.iloc[-1]
    lines = [f"- Sun–Abraham, average over all months after adoption: {_interval(iw)}."]
    pre = [name for name in o.index if "pre-adoption" in name]
    if pre:
        p = o.loc[pre[0]]
        verdict = ("excludes zero: treated and control units were already drifting apart "
                   "before adoption, so the effect estimates are suspect" if
                   p["ci_low"] > 0 or p["ci_high"] < 0 else
                   "includes zero: no sign of diverging trends before adoption (which does not "
                   "prove that trends would have stayed parallel)")
        lines.append(f"- Mean of the pre-adoption coefficients: {_interval(p)}; the interval "
                     f"{verdict}.")
    lines.append(f"- Naive TWFE: {_interval(twfe)}. It can differ from Sun–Abraham because, "
                 "with adoption at different dates, the single TWFE coefficient also compares "
                 "late adopters with early adopters that are already treated; when effects "
                 "grow with time since adoption, the early adopters' growth is subtracted as if "
                 "it were a trend, pulling the estimate towards zero or past it.")
    if iw["true_effect"] is not None and pd.notna(iw["true_effect"]):
        lines.append(f"- Planted (SYNTHETIC) average effect: {_pts(iw['true_effect'])} points; "
                     f"TWFE misses it by {_pts(twfe['estimate'] - twfe['true_effect'])} points.")
    return "\n".join(lines)


def panel_findings(study, outcome: str, label: str) -> list[Finding]:
    """Findings of an event study: the effect, the pre-trend check, the TWFE gap, and where
    the panel carries a planted effect (SYNTHETIC) whether it was recovered. ``label`` as in
    :func:`design_markdown`."""
    o = study.overall.set_index("estimator")
    iw, twfe = o.iloc[0], o.iloc[-1]
    tag = f"{label}: " if label else ""
    tag_vi = "Dữ liệu GIẢ LẬP (SYNTHETIC): " if label else ""
    common = dict(metric=outcome, interval_low=float(iw["ci_low"]),
                  interval_high=float(iw["ci_high"]))
    out = [new_finding(
        "event_study", "info", "derived", recomputed=float(iw["estimate"]),
        message_en=f"{tag}reform effect on the {LABELS[outcome]}: {_interval(iw)}",
        message_vi=f"{tag_vi}tác động của cải cách: {_pts(iw['estimate'])} điểm phần trăm "
                   f"(khoảng tin cậy 95% {_pts(iw['ci_low'])} đến {_pts(iw['ci_high'])}; "
                   f"{int(iw['n_clusters'])} cụm)", **common)]
    pre = [name for name in o.index if "pre-adoption" in name]
    if pre:
        p = o.loc[pre[0]]
        bad = p["ci_low"] > 0 or p["ci_high"] < 0
        out.append(new_finding(
            "parallel_trends", "warning" if bad else "info", "fails" if bad else "holds",
            recomputed=float(p["estimate"]), interval_low=float(p["ci_low"]),
            interval_high=float(p["ci_high"]), metric=outcome,
            message_en=f"{tag}mean pre-adoption coefficient {_interval(p)}: "
                       + ("trends diverged before adoption" if bad else "no divergence seen"),
            message_vi=f"{tag_vi}hệ số trung bình trước cải cách {_pts(p['estimate'])} điểm: "
                       + ("xu hướng đã khác nhau trước cải cách" if bad
                          else "không thấy khác biệt xu hướng")))
    outside = not iw["ci_low"] <= twfe["estimate"] <= iw["ci_high"]
    out.append(new_finding(
        "twfe_gap", "info", "derived", recomputed=float(twfe["estimate"]),
        interval_low=float(twfe["ci_low"]), interval_high=float(twfe["ci_high"]), metric=outcome,
        message_en=f"{tag}naive TWFE gives {_pts(twfe['estimate'])} points, "
                   + ("outside" if outside else "inside")
                   + " the Sun–Abraham interval",
        message_vi=f"{tag_vi}TWFE thông thường cho {_pts(twfe['estimate'])} điểm, "
                   + ("ngoài" if outside else "trong") + " khoảng của Sun–Abraham"))
    if iw["true_effect"] is not None and pd.notna(iw["true_effect"]):
        hit = iw["ci_low"] <= iw["true_effect"] <= iw["ci_high"]
        out.append(new_finding(
            "planted_effect", "info" if hit else "warning", "holds" if hit else "fails",
            claimed=float(iw["true_effect"]), recomputed=float(iw["estimate"]), **common,
            message_en=f"SYNTHETIC panel: planted effect {_pts(iw['true_effect'])} points "
                       + ("recovered within" if hit else "outside") + " the 95% interval",
            message_vi=f"Bảng GIẢ LẬP: tác động cài sẵn {_pts(iw['true_effect'])} điểm "
                       + ("nằm trong" if hit else "nằm ngoài") + " khoảng tin cậy 95%"))
    return out


def papi_findings(summary: pd.DataFrame, missing: pd.DataFrame, reform: str) -> list[Finding]:
    """Findings of the PAPI before/after: the national change per dimension and comparison,
    the codebook caveat, the missing province-years."""
    out = []
    national = summary[summary["region"] == "All provinces"]
    for r in national.itertuples():
        out.append(new_finding(
            "before_after", "info", "derived", recomputed=float(r.mean_change),
            interval_low=float(r.ci_low), interval_high=float(r.ci_high), metric=r.dimension,
            message_en=f"PAPI {LABELS[r.dimension]}, {r.comparison}: mean province change "
                       f"{r.mean_change:+.3f} (95% {r.ci_low:+.3f} to {r.ci_high:+.3f}; "
                       f"{r.n_provinces} provinces)",
            message_vi=f"PAPI {r.dimension}, {r.comparison}: thay đổi trung bình các tỉnh "
                       f"{r.mean_change:+.3f} ({r.n_provinces} tỉnh)"))
    out.append(new_finding(
        "codebook_change", "warning", "not_testable",
        message_en=f"PAPI changed its questionnaire and dimensions in 2018, the year of {reform}: "
                   "the before/after change cannot be told apart from the codebook change",
        message_vi="PAPI đổi bộ chỉ số năm 2018, cùng năm cải cách: không tách được tác động "
                   "cải cách khỏi thay đổi bộ chỉ số"))
    out.append(new_finding(
        "missing_years", "info", "derived", recomputed=float(missing["n_missing"].sum()),
        message_en=f"{int(missing['n_missing'].sum())} province-year-dimension scores are "
                   "missing in the PAPI files and are left out of the means",
        message_vi=f"Thiếu {int(missing['n_missing'].sum())} điểm tỉnh-năm-lĩnh vực trong "
                   "dữ liệu PAPI"))
    return out
