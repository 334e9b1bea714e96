"""Findings of the satisfaction notebook: offices a form-quality signal flags (warnings that name
the office), signals that cannot be tested here, and what the real 766 figures show.

Messages state what a signal can and cannot show (``satisfaction_signals`` module docstring);
records that are SYNTHETIC say so in every message.
"""

from __future__ import annotations

import pandas as pd

from motcua.analysis.satisfaction_signals import MIN_REFERENCE_OFFICES, MIN_RUN_ANSWERS
from motcua.findings import Finding, new_finding
from motcua.vn.numbers import fmt_en, fmt_vi

_TAG = {"en": " [SYNTHETIC records]", "vi": " [dữ liệu GIẢ LẬP]"}


def _pct(x: float, lang: str) -> str:
    return (fmt_vi if lang == "vi" else fmt_en)(x, 1) + "%"


def _flag(check, row, en, vi, synthetic, **fields) -> Finding:
    tag_en, tag_vi = (_TAG["en"], _TAG["vi"]) if synthetic else ("", "")
    return new_finding(check, "warning", "flagged", message_en=en + tag_en, message_vi=vi + tag_vi,
                       unit_code=str(row.office), unit_name=str(row.office_name),
                       subject=f"{row.office_name}: {check.replace('_', ' ')}", **fields)


def _summary(check, tested, flagged, what_en, what_vi, synthetic) -> Finding:
    tag_en, tag_vi = (_TAG["en"], _TAG["vi"]) if synthetic else ("", "")
    return new_finding(
        check, "info", "derived", recomputed=float(flagged),
        message_en=f"{what_en}: {flagged} of {tested} offices flagged.{tag_en}",
        message_vi=f"{what_vi}: {flagged} trên {tested} đơn vị bị đánh dấu.{tag_vi}")


def _untestable(check, en, vi) -> Finding:
    return new_finding(check, "info", "not_testable", message_en=en, message_vi=vi)


def ceiling_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    """One warning per flagged office; a summary, or why the signal cannot be tested."""
    if table["p_value"].notna().sum() == 0:
        return [_untestable(
            "satisfaction_ceiling",
            f"Ceiling signal not testable: {len(table)} office(s), and a reference needs at least "
            f"{MIN_REFERENCE_OFFICES} other offices not at 100%. A single office at 100% can be "
            "judged only against its own forms and dossiers.",
            f"Không kiểm định được tỷ lệ trần: {len(table)} đơn vị, cần ít nhất "
            f"{MIN_REFERENCE_OFFICES} đơn vị khác (không đạt 100%) để so sánh.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.top} of {row.forms} forms very satisfied "
              f"({_pct(row.share, 'en')}); its peers' beta-binomial reference (mean "
              f"{_pct(row.reference_mean, 'en')}) makes at most {_pct(row.plausible_max, 'en')} "
              f"plausible with {row.forms} forms (tail probability {row.p_value:.1e}). A reason to "
              "read the paper forms; it does not show who filled them in.")
        vi = (f"{row.office_name}: {row.top}/{row.forms} phiếu rất hài lòng "
              f"({_pct(row.share, 'vi')}); so với các đơn vị khác (bình quân "
              f"{_pct(row.reference_mean, 'vi')}), với {row.forms} phiếu chỉ hợp lý đến "
              f"{_pct(row.plausible_max, 'vi')}. Cần xem lại phiếu gốc; chưa chứng minh ai điền.")
        out.append(_flag("satisfaction_ceiling", row, en, vi, synthetic, metric="sat_very_share",
                         recomputed=round(float(row.share), 4),
                         interval_high=round(float(row.plausible_max), 4)))
    tested = int(table["p_value"].notna().sum())
    return out + [_summary("satisfaction_ceiling", tested, len(out),
                           "Ceiling signal (very-satisfied share against peers)",
                           "Tỷ lệ rất hài lòng so với các đơn vị khác", synthetic)]


def runs_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    if table["p_value"].notna().sum() == 0:
        return [_untestable(
            "answer_runs",
            f"Runs signal not testable: no office has {MIN_RUN_ANSWERS} or more answers with "
            "both very satisfied and other answers.",
            f"Không kiểm định được chuỗi câu trả lời: không đơn vị nào có từ {MIN_RUN_ANSWERS} "
            "phiếu với cả rất hài lòng và mức khác.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: its {row.answers} answers in time order fall into only "
              f"{row.runs} runs of very satisfied / other (longest run {row.longest_run}; "
              f"one-sided runs test p = {row.p_value:.1e}): answers come in clumps, as forms "
              "filled in batches would. A busy day with one kind of dossier can do the same.")
        vi = (f"{row.office_name}: {row.answers} phiếu theo thời gian chỉ tạo {row.runs} chuỗi "
              f"(dài nhất {row.longest_run}): câu trả lời dồn cụm như phiếu điền theo lô.")
        out.append(_flag("answer_runs", row, en, vi, synthetic, recomputed=float(row.runs)))
    return out + [_summary("answer_runs", int(table["p_value"].notna().sum()), len(out),
                           "Runs signal (identical answers clumped in time)",
                           "Chuỗi câu trả lời giống nhau theo thời gian", synthetic)]


def burst_findings(table: pd.DataFrame, synthetic: bool, minutes: int) -> list[Finding]:
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.burst_forms} forms within {minutes} minutes on "
              f"{row.day} ({row.forms_that_day} that day; chance at most {row.p_value:.1e} if "
              "the day's forms were spread over the working day). A queue at the desk can bunch "
              "forms too.")
        vi = (f"{row.office_name}: {row.burst_forms} phiếu trong {minutes} phút ngày {row.day} "
              f"({row.forms_that_day} phiếu cả ngày).")
        out.append(_flag("survey_bursts", row, en, vi, synthetic,
                         recomputed=float(row.burst_forms)))
    return out + [_summary("survey_bursts", len(table), len(out),
                           f"Burst signal (many forms within {minutes} minutes)",
                           f"Nhiều phiếu trong {minutes} phút", synthetic)]


def straight_line_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    if table.empty:
        return [_untestable(
            "straight_lining",
            "Straight-lining not testable: every form answers a single criterion.",
            "Không kiểm định được trả lời đồng loạt: mỗi phiếu chỉ có một tiêu chí.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.identical} of {row.forms} multi-criterion forms give "
              f"every criterion the same answer ({_pct(row.share, 'en')}, peers' mean "
              f"{_pct(row.reference_mean, 'en')}). Identical answers are also what a delighted "
              "citizen gives.")
        vi = (f"{row.office_name}: {row.identical}/{row.forms} phiếu chấm mọi tiêu chí như nhau "
              f"({_pct(row.share, 'vi')}).")
        out.append(_flag("straight_lining", row, en, vi, synthetic,
                         recomputed=round(float(row.share), 4)))
    return out + [_summary("straight_lining", int(table["p_value"].notna().sum()), len(out),
                           "Straight-lining (same answer to every criterion)",
                           "Trả lời đồng loạt mọi tiêu chí", synthetic)]


def forms_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.forms} forms against {row.returned_dossiers} dossiers "
              f"returned, {row.extra_answers} answer(s) beyond one per form and criterion: the "
              "forms add up to more than there can be.")
        vi = (f"{row.office_name}: {row.forms} phiếu so với {row.returned_dossiers} hồ sơ đã trả; "
              f"{row.extra_answers} câu trả lời thừa.")
        out.append(_flag("forms_per_dossier", row, en, vi, synthetic,
                         recomputed=float(row.forms)))
    return out + [_summary("forms_per_dossier", len(table), len(out),
                           "Forms per dossier (more forms or answers than possible)",
                           "Số phiếu so với hồ sơ", synthetic)]


def model_findings(skipped: str | None) -> list[Finding]:
    if not skipped:
        return []
    return [_untestable("ordinal_model", f"Ordinal model not fitted: {skipped}.",
                        "Không ước lượng mô hình thứ bậc: câu trả lời chỉ ở một hoặc hai mức, "
                        "hoặc quá ít phiếu.")]
