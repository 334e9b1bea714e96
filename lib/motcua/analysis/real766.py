"""The satisfaction group (MDHL) of the QĐ 766 index, from real published figures.

The national service portal scores every unit on "Mức độ hài lòng" (satisfaction, 18 of 100
points; domain.md §4). Three indicators make it up, as implemented **[3rd-party spec, domain.md
§4]**: 5.2 feedback handled on time (6), 5.3 satisfaction with feedback handling (6) and 5.4
satisfaction with TTHC handling (6) = (dossiers − dossiers dissatisfied, complained about or
overdue) / dossiers, full points at ≥ 90%.

The tables come from data/real/dvc766-crawler766/ (SOURCE.md: public figures transcribed from a
crawler of the portal, 2026 year to date; licence not stated). The unit table gives, for Gia
Lai's 14 departments and 7 communes, the indicator's numerator and denominator
(``satisfaction_num``, ``satisfaction_den``) beside the on-time counts of the progress group
(``tdgq_total_on_time``, ``tdgq_total_received``). This module shows how they relate, unit by
unit, and how the MDHL score follows from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.findings import Finding, new_finding
from motcua.vn.numbers import fmt_vi

#: Points of indicator 5.4 and the share at which it gives them all (domain.md §4, 3rd-party).
POINTS_54 = 6.0
FULL_AT = 0.90
#: Points of indicators 5.2 + 5.3 (feedback handling) and of the whole group.
FEEDBACK_POINTS = 12.0
MDHL_MAX = 18.0
#: Scores are published to two decimals: a recomputed score may differ by half a unit of the last.
SCORE_TOLERANCE = 0.005 + 1e-9  # half a unit of the second decimal


def unit_table(units: pd.DataFrame) -> pd.DataFrame:
    """One row per unit with both satisfaction figures: the counts side by side, the numerator
    minus the on-time count, whether the denominator equals the dossiers counted for progress,
    both shares (percent) and MDHL."""
    u = units[units["satisfaction_den"].notna()].copy()
    out = pd.DataFrame({
        "unit": u["department_name"].str.replace(r" - tỉnh Gia Lai$", "", regex=True),
        "group": u["child_group"].str.lower(),
        "dossiers": u["tdgq_total_received"].astype("int64"),
        "on_time": u["tdgq_total_on_time"].astype("int64"),
        "satisfied": u["satisfaction_num"].astype("int64"),
        "sat_denominator": u["satisfaction_den"].astype("int64"),
    })
    out["satisfied_minus_on_time"] = out["satisfied"] - out["on_time"]
    out["same_denominator"] = out["sat_denominator"] == out["dossiers"]
    den = out["dossiers"].where(out["dossiers"] > 0)
    out["on_time_share"] = 100 * out["on_time"] / den
    out["satisfied_share"] = 100 * out["satisfied"] / out["sat_denominator"].where(
        out["sat_denominator"] > 0)
    out["MDHL"] = u["MDHL"].to_numpy()
    out["petitions"] = u["petitions_total"].astype("int64").to_numpy()
    return out.reset_index(drop=True)


def relation(table: pd.DataFrame) -> dict:
    """How the satisfaction figures follow the on-time figures across the units: how many
    share the denominator, the range of numerator − on-time count, the largest gap between
    the two shares (points) and their rank correlation."""
    has = table[table["dossiers"] > 0]
    return {
        "units": int(len(table)),
        "units_with_dossiers": int(len(has)),
        "same_denominator": int(table["same_denominator"].sum()),
        "gap_min": int(table["satisfied_minus_on_time"].min()),
        "gap_max": int(table["satisfied_minus_on_time"].max()),
        "largest_share_gap": float((has["on_time_share"] - has["satisfied_share"]).abs().max()),
        "spearman": float(has["on_time_share"].corr(has["satisfied_share"], method="spearman")),
    }


def mdhl_decomposition(table: pd.DataFrame) -> pd.DataFrame:
    """MDHL against the 5.4 rule: ``points_54`` = 6 × min(1, share / 90%) (0 without dossiers),
    ``rest`` = MDHL − points_54, and ``fits`` when the rest is 0 or 12 (feedback points all
    lost or all kept) within the published rounding."""
    share = (table["satisfied_share"] / 100).fillna(0.0)
    points = POINTS_54 * np.minimum(1.0, share / FULL_AT)
    rest = table["MDHL"] - points
    fits = (rest.abs() <= SCORE_TOLERANCE) | ((rest - FEEDBACK_POINTS).abs() <= SCORE_TOLERANCE)
    return pd.DataFrame({"unit": table["unit"], "satisfied_share": table["satisfied_share"],
                         "points_54": points, "MDHL": table["MDHL"], "rest": rest,
                         "petitions": table["petitions"], "fits": fits})


def province_distribution(provinces: pd.DataFrame, highlight: str = "H21") -> pd.DataFrame:
    """The MDHL sub-score of the provinces as a small summary table (count, min, quartiles,
    median, max, mean, and the highlighted province's score and rank, 1 = highest)."""
    s = provinces["MDHL"].astype(float)
    row = provinces[provinces["department_code"] == highlight]
    rank = int((s > float(row["MDHL"].iloc[0])).sum() + 1) if len(row) else None
    stats = {"provinces": len(s), "min": s.min(), "lower quartile": s.quantile(0.25),
             "median": s.median(), "upper quartile": s.quantile(0.75), "max": s.max(),
             "mean": s.mean(), "maximum possible": MDHL_MAX}
    out = pd.DataFrame({"statistic": list(stats), "MDHL": [float(v) for v in stats.values()]})
    if len(row):
        name = str(row["department_name"].iloc[0])
        extra = pd.DataFrame({"statistic": [f"{name}", f"{name}: rank of {len(s)}"],
                              "MDHL": [float(row["MDHL"].iloc[0]), float(rank)]})
        out = pd.concat([out, extra], ignore_index=True)
    return out


def province_table(provinces: pd.DataFrame) -> pd.DataFrame:
    """The provinces ordered by MDHL (highest first), with their share of the 18 points."""
    p = provinces[["department_code", "department_name", "MDHL", "total_score"]].copy()
    p["share_of_max"] = 100 * p["MDHL"] / MDHL_MAX
    return p.sort_values(["MDHL", "department_code"], ascending=[False, True]).reset_index(
        drop=True)


def findings(table: pd.DataFrame, decomposition: pd.DataFrame, provinces: pd.DataFrame,
             highlight: str = "H21") -> list[Finding]:
    """What the figures say about the indicator (a warning: it counts dossiers, not answers),
    how MDHL follows from it, and where the highlighted province's MDHL sits."""
    r = relation(table)
    out = [new_finding(
        "indicator_source", "warning", "derived",
        recomputed=float(r["same_denominator"]), interval_low=float(r["gap_min"]),
        interval_high=float(r["gap_max"]), metric="satisfaction_indicator",
        arithmetic=(f"satisfaction_den = tdgq_total_received in {r['same_denominator']} of "
                    f"{r['units']}; satisfaction_num − tdgq_total_on_time from {r['gap_min']} to "
                    f"{r['gap_max']}"),
        message_en=(f"In {r['same_denominator']} of {r['units']} Gia Lai units with both figures, "
                    "the 766 satisfaction indicator's denominator is the number of dossiers the "
                    "progress group counts, and its numerator is the on-time count minus "
                    f"{-r['gap_max']} to {-r['gap_min']}: its shares stay within "
                    f"{r['largest_share_gap']:.2f} points of the on-time shares (rank correlation "
                    f"{r['spearman']:.3f}). It counts dossiers neither overdue nor complained "
                    "about, not survey answers, so it cannot stand as evidence of satisfaction."),
        message_vi=(f"Ở {r['same_denominator']} trên {r['units']} đơn vị của Gia Lai có đủ hai "
                    "số liệu, mẫu số của chỉ số hài lòng 766 là số hồ sơ mà nhóm chỉ số tiến độ "
                    "đếm, còn tử số bằng số hồ sơ đúng hạn trừ đi từ "
                    f"{-r['gap_max']} đến {-r['gap_min']}: tỷ lệ của chỉ số chênh với tỷ lệ đúng "
                    f"hạn không quá {fmt_vi(r['largest_share_gap'], 2)} điểm phần trăm (hệ số "
                    f"tương quan hạng {fmt_vi(r['spearman'], 3)}). Chỉ số đếm các hồ sơ không "
                    "quá hạn và không bị phản ánh, kiến nghị, chứ không đếm câu trả lời khảo sát, "
                    "nên không thể dùng làm bằng chứng về mức độ hài lòng của người dân."))]
    fit = int(decomposition["fits"].sum())
    out.append(new_finding(
        "mdhl_rule", "info", "derived", recomputed=float(fit), metric="MDHL",
        message_en=(f"MDHL = 6 × min(1, satisfied share ÷ 90%) + 0 or 12 feedback points in "
                    f"{fit} of {len(decomposition)} units (to the published two decimals): the "
                    "satisfaction score follows from dossier counts and feedback handling."),
        message_vi=(f"MDHL = 6 × min(1, tỷ lệ hài lòng ÷ 90%) + 0 hoặc 12 điểm xử lý phản ánh, "
                    f"kiến nghị ở {fit} trên {len(decomposition)} đơn vị (đến hai chữ số thập "
                    "phân như số liệu công bố): điểm hài lòng suy ra từ số hồ sơ và việc xử lý "
                    "phản ánh, kiến nghị.")))
    dist = province_distribution(provinces, highlight).set_index("statistic")["MDHL"]
    name = provinces.loc[provinces["department_code"] == highlight, "department_name"]
    rank = (int(dist[name.iloc[0] + ': rank of ' + str(len(provinces))]) if len(name) else 0)
    where = (f"; {name.iloc[0]} scores {dist[name.iloc[0]]:.2f} (rank {rank})"
             if len(name) else "")
    where_vi = (f"; {name.iloc[0]} đạt {fmt_vi(dist[name.iloc[0]], 2)} điểm (xếp thứ {rank})"
                if len(name) else "")
    out.append(new_finding(
        "mdhl_provinces", "info", "derived", recomputed=float(dist["median"]),
        interval_low=float(dist["min"]), interval_high=float(dist["max"]), metric="MDHL",
        message_en=(f"MDHL across the {len(provinces)} provinces: median {dist['median']:.2f} of "
                    f"18, from {dist['min']:.2f} to {dist['max']:.2f}{where}."),
        message_vi=(f"MDHL của {len(provinces)} tỉnh, thành phố: trung vị "
                    f"{fmt_vi(dist['median'], 2)} trên 18, từ {fmt_vi(dist['min'], 2)} đến "
                    f"{fmt_vi(dist['max'], 2)}{where_vi}.")))
    return out
