"""Findings and report sentences of the reform-effects notebook (``notebooks/05_reform_effects``),
in English (``language="en"``) or Vietnamese (``"vi"``).

Every sentence is built from the tables of :mod:`motcua.analysis.effects` and
:mod:`motcua.analysis.effects_papi`; nothing here computes a statistic. Numbers are written as
the report's tables write them (:mod:`motcua.vn.numbers`: ``0.25`` in English, ``0,25`` in
Vietnamese). Labels the analysis modules write in English (regions, estimators, comparisons,
the control group) are put into Vietnamese by :func:`translate`.
"""

from __future__ import annotations

import re

import pandas as pd

from motcua.findings import Finding, new_finding
from motcua.vn.numbers import fmt_vi

LABELS = {"on_time_rate": "on-time rate", "online_share": "online share",
          "satisfaction_share": "satisfaction share",
          "C05": "public administrative procedures (PAPI dimension 5)",
          "C06": "public service delivery (PAPI dimension 6)"}
LABELS_VI = {"on_time_rate": "tỷ lệ giải quyết đúng hạn",
             "online_share": "tỷ lệ hồ sơ nộp trực tuyến",
             "satisfaction_share": "tỷ lệ người dân hài lòng",
             "C05": "thủ tục hành chính công (chỉ số nội dung 5 của PAPI)",
             "C06": "cung ứng dịch vụ công (chỉ số nội dung 6 của PAPI)"}
#: Short Vietnamese names of the PAPI dimensions (the English ones are in
#: ``effects_papi.DIMENSIONS``), as PAPI's Vietnamese reports name them.
DIMENSION_NAMES_VI = {"C05": "Thủ tục hành chính công", "C06": "Cung ứng dịch vụ công"}

#: English labels of the analysis modules → Vietnamese (each pattern must match a whole label).
#: Regions: the names Nghị quyết 81/2023/QH15 gives the six socio-economic regions.
_TERMS_VI: tuple[tuple[str, str], ...] = (
    (r"All provinces", "Tất cả các tỉnh"),
    (r"Northern Midlands and Mountains", "Trung du và miền núi phía Bắc"),
    (r"Red River Delta", "Đồng bằng sông Hồng"),
    (r"North Central and Central Coast", "Bắc Trung Bộ và duyên hải miền Trung"),
    (r"Central Highlands", "Tây Nguyên"),
    (r"South East", "Đông Nam Bộ"),
    (r"Mekong River Delta", "Đồng bằng sông Cửu Long"),
    (r"reform: (.+) vs (.+)", r"cải cách: \1 so với \2"),
    (r"placebo: (.+) vs (.+)", r"placebo (không có cải cách): \1 so với \2"),
    (r"Sun–Abraham, all post-adoption periods", "Sun–Abraham, mọi kỳ sau khi áp dụng"),
    (r"Sun–Abraham, pre-adoption mean \((.+)\)", r"Sun–Abraham, trung bình trước khi áp dụng (\1)"),
    (r"naive TWFE \(one adopted dummy\)", "TWFE thông thường (một biến giả “đã áp dụng”)"),
    (r"never-treated units \((\d+)\)",
     r"các đơn vị không áp dụng trong suốt kỳ quan sát (\1)"),
    (r"the last cohort to adopt \(period (\d+)\), before it adopts",
     r"đợt áp dụng cuối cùng (kỳ \1), trong thời gian trước khi đợt này áp dụng"),
)
#: The data labels of the notebook ("SYNTHETIC panel", "SYNTHETIC records", "" for real data).
_DATA_LABELS_VI = {"SYNTHETIC panel": "Bảng dữ liệu GIẢ LẬP (SYNTHETIC)",
                   "SYNTHETIC records": "Hồ sơ GIẢ LẬP (SYNTHETIC)", "": ""}
_CLUSTERS_VI = {"district": "huyện", "commune": "xã"}
_NOT_IN_RUN = {
    "no_panel": ("Not part of this run: the PAPI source has no commune panel.",
                 "Không thuộc lần chạy này: nguồn PAPI không có bảng dữ liệu cấp xã."),
    "papi_below": ("Not part of this run: PAPI provinces are below.",
                   "Không thuộc lần chạy này: các tỉnh của PAPI ở phần dưới."),
    "no_papi": ("Not part of this run: the commune panel has no PAPI scores.",
                "Không thuộc lần chạy này: bảng dữ liệu cấp xã không có điểm PAPI."),
    "other": ("Not part of this run.", "Không thuộc lần chạy này."),
}


def translate(text: str, language: str = "en") -> str:
    """An English label of the analysis modules in the report's language (unchanged in
    English, and unchanged when no pattern of ``_TERMS_VI`` matches it whole)."""
    if language != "vi" or not isinstance(text, str):
        return text
    for pattern, repl in _TERMS_VI:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, repl, text)
    return text


def localized(df: pd.DataFrame, language: str = "en",
              columns=("region", "comparison", "estimator")) -> pd.DataFrame:
    """A table to show, its label ``columns`` in the report's language (:func:`translate`)."""
    if language != "vi":
        return df
    return df.assign(**{c: df[c].map(lambda v: translate(v, language))
                        for c in columns if c in df.columns})


def outcome_label(outcome: str, language: str = "en") -> str:
    """What the outcome measures, in the report's language."""
    return (LABELS_VI if language == "vi" else LABELS)[outcome]


def not_in_run(reason: str, language: str = "en") -> str:
    """The line a checked cell prints when its part does not apply to this run's source."""
    return _NOT_IN_RUN[reason][language == "vi"]


def reform_label(reform_name: str, reform_date: str, language: str = "en") -> str:
    """The reform as the report names it: its name, or else its date."""
    if reform_name:
        return reform_name
    return f"cải cách ngày {reform_date}" if language == "vi" else f"the reform of {reform_date}"


def _num(x: float, decimals: int, language: str) -> str:
    s = f"{x:+.{decimals}f}"
    return s.replace(".", ",") if language == "vi" else s


def _pts(x: float, language: str = "en") -> str:
    return _num(100 * x, 2, language)


def _level(confidence: float) -> str:
    return f"{100 * confidence:g}%"


def _interval(row, language: str = "en", confidence: float = 0.95) -> str:
    p, lo, hi, n = (_pts(row["estimate"], language), _pts(row["ci_low"], language),
                    _pts(row["ci_high"], language), int(row["n_clusters"]))
    if language == "vi":
        return (f"{p} điểm phần trăm (khoảng tin cậy {_level(confidence)} từ {lo} đến {hi}; "
                f"{n} cụm)")
    return f"{p} points ({_level(confidence)} interval {lo} to {hi}; {n} clusters)"


def data_note(source: str, *, language: str = "en", synthetic: bool = False,
              synthetic_label: str = "", seed: int = 0, effect: float = 0.0,
              records_dir: str = "", period: tuple = ("", ""), convention: str = "",
              reform: str = "", reform_date: str = "") -> str:
    """The first lines of the report: what data it rests on (SYNTHETIC where it is)."""
    vi = language == "vi"
    if source == "synthetic_panel":
        if vi:
            return ("**Bảng dữ liệu GIẢ LẬP (SYNTHETIC): số hồ sơ và tỷ lệ được tạo ra cho các "
                    "mã xã có thật, kèm một tác động cải cách cài sẵn; không phải hồ sơ "
                    f"thật.** Hạt giống ngẫu nhiên (seed) {seed}; tác động cài sẵn "
                    f"{fmt_vi(100 * effect, 2)} điểm phần trăm mỗi tháng kể từ khi "
                    "áp dụng.")
        return (f"**{synthetic_label}.** Seed {seed}; planted effect {100 * effect:.2f} points "
                "per month since adoption.")
    if source == "records":
        if vi:
            return (f"{'**HỒ SƠ GIẢ LẬP (SYNTHETIC).** ' if synthetic else ''}Hồ sơ: "
                    f"`{records_dir}` (từ {period[0]} đến {period[1]}); cách tính tỷ lệ đúng "
                    f"hạn `{convention}`.")
        return (f"{'**SYNTHETIC RECORDS.** ' if synthetic else ''}Records: `{records_dir}` "
                f"({period[0]} to {period[1]}); on-time convention `{convention}`.")
    if vi:
        return ("Dữ liệu thật: điểm các chỉ số nội dung thành phần PAPI của 63 tỉnh, thành phố, "
                "2011–2024 (data/real/papi-subdim-hnks/SOURCE.md, giấy phép MIT; số liệu do "
                f"UNDP, CECODES và các đối tác công bố). Cải cách: {reform}, có hiệu lực từ "
                f"{reform_date}.")
    return ("Real data: PAPI sub-dimension scores of 63 provinces, 2011–2024 "
            "(data/real/papi-subdim-hnks/SOURCE.md, MIT; numbers published by UNDP, CECODES and "
            f"partners). Reform: {reform}, in force {reform_date}.")


def design_markdown(study, outcome: str, cluster: str, label: str,
                    language: str = "en") -> str:
    """Who is compared with whom, in a few lines. ``label``: "SYNTHETIC panel", "SYNTHETIC
    records" or "" for real data."""
    cohorts, n_dropped = study.cohorts.itertuples(), len(study.dropped)
    if language == "vi":
        tag = f"**{_DATA_LABELS_VI[label]}** — " if label else ""
        parts = "; ".join(f"{r.n_units} đơn vị từ {r.first_period}" for r in cohorts)
        dropped = (f" {n_dropped} đơn vị đã áp dụng trước khi bảng dữ liệu bắt đầu nên bị loại "
                   "ra (không có tháng nào trước khi áp dụng để so sánh)." if n_dropped else "")
        return (f"{tag}{study.n_units} đơn vị × {study.n_periods} tháng; chỉ số kết quả: "
                f"{LABELS_VI[outcome]}. Các đợt áp dụng: {parts}. Nhóm đối chứng: "
                f"{translate(study.control, language)}. Khoảng tin cậy: bootstrap cụm kiểu wild "
                f"(wild cluster bootstrap) theo {_CLUSTERS_VI[cluster]}, "
                f"**{study.n_clusters} cụm**.{dropped}")
    tag = f"**{label}** — " if label else ""
    parts = "; ".join(f"{r.n_units} units from {r.first_period}" for r in cohorts)
    dropped = (f" {n_dropped} unit(s) adopted before the panel starts and are left "
               "out (no month before adoption to compare with)." if n_dropped else "")
    return (f"{tag}{study.n_units} units × {study.n_periods} months; outcome: "
            f"{LABELS[outcome]}. Adoption cohorts: {parts}. Controls: {study.control}. "
            f"Intervals: wild cluster bootstrap by {cluster}, **{study.n_clusters} clusters**."
            f"{dropped}")


_OVERALL_TEXT = {
    "en": {
        "iw": "- Sun–Abraham, average over all months after adoption: {i}.",
        "pre": "- Mean of the pre-adoption coefficients: {i}; the interval {verdict}.",
        "bad": "excludes zero: treated and control units were already drifting apart before "
               "adoption, so the effect estimates are suspect",
        "good": "includes zero: no sign of diverging trends before adoption (which does not "
                "prove that trends would have stayed parallel)",
        "twfe": "- Naive TWFE: {i}. It can differ from Sun–Abraham because, with adoption at "
                "different dates, the single TWFE coefficient also compares late adopters with "
                "early adopters that are already treated; when effects grow with time since "
                "adoption, the early adopters' growth is subtracted as if it were a trend, "
                "pulling the estimate towards zero or past it.",
        "truth": "- Planted (SYNTHETIC) average effect: {t} points; TWFE misses it by {m} "
                 "points.",
    },
    "vi": {
        "iw": "- Sun–Abraham, trung bình mọi tháng sau khi áp dụng: {i}.",
        "pre": "- Trung bình các hệ số trước khi áp dụng: {i}; khoảng tin cậy {verdict}.",
        "bad": "không chứa 0: các đơn vị áp dụng và các đơn vị đối chứng đã tách xa nhau từ "
               "trước khi áp dụng, nên các ước lượng tác động đáng ngờ",
        "good": "chứa 0: không thấy dấu hiệu xu hướng tách nhau trước khi áp dụng (điều này "
                "không chứng minh rằng xu hướng hẳn sẽ tiếp tục song song)",
        "twfe": "- TWFE thông thường: {i}. Kết quả này có thể khác Sun–Abraham vì khi các đơn "
                "vị áp dụng vào những thời điểm khác nhau, hệ số TWFE duy nhất còn so sánh đơn "
                "vị áp dụng muộn với đơn vị áp dụng sớm đã chịu tác động; khi tác động tăng dần "
                "theo thời gian kể từ khi áp dụng, phần tăng của đơn vị áp dụng sớm bị trừ đi "
                "như thể đó là xu hướng chung, kéo ước lượng về phía 0 hoặc vượt qua 0.",
        "truth": "- Tác động trung bình cài sẵn (GIẢ LẬP): {t} điểm phần trăm; TWFE lệch khỏi "
                 "giá trị này {m} điểm phần trăm.",
    },
}


def _pre_row(o: pd.DataFrame):
    pre = [name for name in o.index if "pre-adoption" in name]
    return o.loc[pre[0]] if pre else None


def overall_markdown(study, language: str = "en", confidence: float = 0.95) -> str:
    """The overall effect, the pre-period check and why the naive TWFE differs."""
    words = _OVERALL_TEXT[language]
    o = study.overall.set_index("estimator")
    iw, twfe, p = o.iloc[0], o.iloc[-1], _pre_row(o)
    lines = [words["iw"].format(i=_interval(iw, language, confidence))]
    if p is not None:
        bad = p["ci_low"] > 0 or p["ci_high"] < 0
        lines.append(words["pre"].format(i=_interval(p, language, confidence),
                                         verdict=words["bad" if bad else "good"]))
    lines.append(words["twfe"].format(i=_interval(twfe, language, confidence)))
    if iw["true_effect"] is not None and pd.notna(iw["true_effect"]):
        lines.append(words["truth"].format(
            t=_pts(iw["true_effect"], language),
            m=_pts(twfe["estimate"] - twfe["true_effect"], language)))
    return "\n".join(lines)


def _tags(label: str) -> tuple[str, str]:
    return ((f"{label}: ", f"{_DATA_LABELS_VI[label]}: ") if label else ("", ""))


def panel_findings(study, outcome: str, label: str, confidence: float = 0.95
                   ) -> list[Finding]:
    """Findings of an event study: the effect, the pre-trend check, the TWFE gap, and where
    the panel carries a planted effect (SYNTHETIC) whether it was recovered. ``label`` as in
    :func:`design_markdown`."""
    o = study.overall.set_index("estimator")
    iw, twfe, p = o.iloc[0], o.iloc[-1], _pre_row(o)
    tag, tag_vi = _tags(label)
    common = dict(metric=outcome, interval_low=float(iw["ci_low"]),
                  interval_high=float(iw["ci_high"]))
    out = [new_finding(
        "event_study", "info", "derived", recomputed=float(iw["estimate"]),
        message_en=f"{tag}reform effect on the {LABELS[outcome]}: "
                   f"{_interval(iw, 'en', confidence)}",
        message_vi=f"{tag_vi}tác động của cải cách lên {LABELS_VI[outcome]}: "
                   f"{_interval(iw, 'vi', confidence)}", **common)]
    if p is not None:
        bad = p["ci_low"] > 0 or p["ci_high"] < 0
        out.append(new_finding(
            "parallel_trends", "warning" if bad else "info", "fails" if bad else "holds",
            recomputed=float(p["estimate"]), interval_low=float(p["ci_low"]),
            interval_high=float(p["ci_high"]), metric=outcome,
            message_en=f"{tag}mean pre-adoption coefficient {_interval(p, 'en', confidence)}: "
                       + ("trends diverged before adoption" if bad else "no divergence seen"),
            message_vi=f"{tag_vi}hệ số trung bình trước khi áp dụng "
                       f"{_interval(p, 'vi', confidence)}: "
                       + ("xu hướng đã tách nhau trước khi áp dụng" if bad
                          else "không thấy xu hướng tách nhau")))
    outside = not iw["ci_low"] <= twfe["estimate"] <= iw["ci_high"]
    out.append(new_finding(
        "twfe_gap", "info", "derived", recomputed=float(twfe["estimate"]),
        interval_low=float(twfe["ci_low"]), interval_high=float(twfe["ci_high"]), metric=outcome,
        message_en=f"{tag}naive TWFE gives {_pts(twfe['estimate'])} points, "
                   + ("outside" if outside else "inside")
                   + " the Sun–Abraham interval",
        message_vi=f"{tag_vi}TWFE thông thường cho {_pts(twfe['estimate'], 'vi')} điểm phần "
                   "trăm, " + ("nằm ngoài" if outside else "nằm trong")
                   + " khoảng tin cậy của Sun–Abraham"))
    if iw["true_effect"] is not None and pd.notna(iw["true_effect"]):
        hit = iw["ci_low"] <= iw["true_effect"] <= iw["ci_high"]
        level = _level(confidence)
        out.append(new_finding(
            "planted_effect", "info" if hit else "warning", "holds" if hit else "fails",
            claimed=float(iw["true_effect"]), recomputed=float(iw["estimate"]), **common,
            message_en=f"SYNTHETIC panel: planted effect {_pts(iw['true_effect'])} points "
                       + ("recovered within" if hit else "outside") + f" the {level} interval",
            message_vi=f"{_DATA_LABELS_VI['SYNTHETIC panel']}: tác động cài sẵn "
                       f"{_pts(iw['true_effect'], 'vi')} điểm phần trăm "
                       + ("nằm trong" if hit else "nằm ngoài") + f" khoảng tin cậy {level}"))
    return out


def papi_findings(summary: pd.DataFrame, missing: pd.DataFrame, reform_name: str,
                  reform_date: str, confidence: float = 0.95) -> list[Finding]:
    """Findings of the PAPI before/after: the national change per dimension and comparison,
    the codebook caveat, the missing province-years."""
    out, level = [], _level(confidence)
    national = summary[summary["region"] == "All provinces"]
    for r in national.itertuples():
        en, vi = ([_num(x, 3, lang) for x in (r.mean_change, r.ci_low, r.ci_high)]
                  for lang in ("en", "vi"))
        out.append(new_finding(
            "before_after", "info", "derived", recomputed=float(r.mean_change),
            interval_low=float(r.ci_low), interval_high=float(r.ci_high), metric=r.dimension,
            message_en=f"PAPI {LABELS[r.dimension]}, {r.comparison}: mean province change "
                       f"{en[0]} ({level} {en[1]} to {en[2]}; "
                       f"{r.n_provinces} provinces)",
            message_vi=f"PAPI {LABELS_VI[r.dimension]}, {translate(r.comparison, 'vi')}: thay "
                       f"đổi trung bình của các tỉnh {vi[0]} (khoảng tin cậy {level} từ "
                       f"{vi[1]} đến {vi[2]}; {r.n_provinces} tỉnh)"))
    out.append(new_finding(
        "codebook_change", "warning", "not_testable",
        message_en="PAPI changed its questionnaire and dimensions in 2018, the year of "
                   f"{reform_label(reform_name, reform_date)}: the before/after change cannot "
                   "be told apart from the codebook change",
        message_vi="PAPI đã thay đổi bảng hỏi và các chỉ số nội dung vào năm 2018, cùng năm với "
                   f"{reform_label(reform_name, reform_date, 'vi')}: không thể tách thay đổi "
                   "trước/sau cải cách khỏi thay đổi của bộ chỉ số"))
    n = int(missing["n_missing"].sum())
    out.append(new_finding(
        "missing_years", "info", "derived", recomputed=float(n),
        message_en=f"{n} province-year-dimension scores are missing in the PAPI files and are "
                   "left out of the means",
        message_vi=f"{n} điểm số (tỉnh × năm × chỉ số nội dung) bị thiếu trong dữ liệu PAPI và "
                   "không được tính vào các giá trị trung bình"))
    return out


def merger_markdown(mapping: pd.DataFrame, post: pd.DataFrame, merged: pd.DataFrame,
                    post_adoption: pd.DataFrame, language: str = "en") -> str:
    """How the panel's communes carry across the 2025 restructuring, in one sentence (tables
    of :mod:`motcua.analysis.effects_crosswalk`)."""
    n = dict(mapped=int(mapping["new_code"].ne("").sum()), total=len(mapping),
             new=post["new_code"].nunique(), merged=len(merged),
             split=int(mapping["split"].sum()), unmapped=int(mapping["new_code"].eq("").sum()),
             mixed=int(post_adoption["mixed"].sum()))
    if language == "vi":
        return ("{mapped} trên {total} xã ứng với {new} xã sau sáp nhập; {merged} xã trong số "
                "này được hình thành từ hai xã trở lên của bảng dữ liệu; {split} xã bị chia "
                "tách (cả chuỗi số liệu chuyển sang xã kế thừa chính); {unmapped} xã không có "
                "dòng nào trong bảng chuyển đổi; {mixed} xã sau sáp nhập gồm các phần có ngày "
                "áp dụng khác nhau.").format(**n)
    return ("{mapped} of {total} communes map onto {new} post-merger communes; {merged} of "
            "these absorbed two or more of the panel's communes; {split} commune(s) were "
            "divided (sent whole to the main successor); {unmapped} have no crosswalk row; "
            "{mixed} merged communes mix adoption dates.").format(**n)
