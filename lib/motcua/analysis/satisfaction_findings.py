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
            f"Không kiểm định được dấu hiệu tỷ lệ trần: có {len(table)} đơn vị, trong khi phân "
            f"phối tham chiếu cần ít nhất {MIN_REFERENCE_OFFICES} đơn vị khác chưa đạt 100%. Một "
            "đơn vị duy nhất đạt 100% chỉ có thể được xem xét dựa trên chính phiếu và hồ sơ của "
            "đơn vị đó.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.top} of {row.forms} forms very satisfied "
              f"({_pct(row.share, 'en')}); its peers' beta-binomial reference (mean "
              f"{_pct(row.reference_mean, 'en')}) makes at most {_pct(row.plausible_max, 'en')} "
              f"plausible with {row.forms} forms (tail probability {row.p_value:.1e}). A reason to "
              "read the paper forms; it does not show who filled them in.")
        vi = (f"{row.office_name}: {row.top} trên {row.forms} phiếu rất hài lòng "
              f"({_pct(row.share, 'vi')}); phân phối tham chiếu beta-nhị thức từ các đơn vị khác "
              f"(trung bình {_pct(row.reference_mean, 'vi')}) cho thấy với {row.forms} phiếu, tỷ "
              f"lệ hợp lý cao nhất là {_pct(row.plausible_max, 'vi')} (xác suất đuôi "
              f"{row.p_value:.1e}). Đây là lý do để đọc lại phiếu giấy; nó không cho biết ai đã "
              "điền phiếu.")
        out.append(_flag("satisfaction_ceiling", row, en, vi, synthetic, metric="sat_very_share",
                         recomputed=round(float(row.share), 4),
                         interval_high=round(float(row.plausible_max), 4)))
    tested = int(table["p_value"].notna().sum())
    return out + [_summary("satisfaction_ceiling", tested, len(out),
                           "Ceiling signal (very-satisfied share against peers)",
                           "Dấu hiệu tỷ lệ trần (tỷ lệ rất hài lòng so với các đơn vị khác)",
                           synthetic)]


def runs_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    if table["p_value"].notna().sum() == 0:
        return [_untestable(
            "answer_runs",
            f"Runs signal not testable: no office has {MIN_RUN_ANSWERS} or more answers with "
            "both very satisfied and other answers.",
            f"Không kiểm định được dấu hiệu chuỗi: không đơn vị nào có từ {MIN_RUN_ANSWERS} câu "
            "trả lời trở lên gồm cả rất hài lòng và các mức khác.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: its {row.answers} answers in time order fall into only "
              f"{row.runs} runs of very satisfied / other (longest run {row.longest_run}; "
              f"one-sided runs test p = {row.p_value:.1e}): answers come in clumps, as forms "
              "filled in batches would. A busy day with one kind of dossier can do the same.")
        vi = (f"{row.office_name}: {row.answers} câu trả lời xếp theo thời gian chỉ tạo thành "
              f"{row.runs} chuỗi rất hài lòng / mức khác (chuỗi dài nhất {row.longest_run}; kiểm "
              f"định chuỗi một phía p = {row.p_value:.1e}): câu trả lời dồn thành cụm, như khi "
              "phiếu được điền theo lô. Một ngày đông khách với cùng một loại hồ sơ cũng có thể "
              "tạo ra điều này.")
        out.append(_flag("answer_runs", row, en, vi, synthetic, recomputed=float(row.runs)))
    return out + [_summary("answer_runs", int(table["p_value"].notna().sum()), len(out),
                           "Runs signal (identical answers clumped in time)",
                           "Dấu hiệu chuỗi (câu trả lời giống nhau dồn cụm theo thời gian)",
                           synthetic)]


def burst_findings(table: pd.DataFrame, synthetic: bool, minutes: int) -> list[Finding]:
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.burst_forms} forms within {minutes} minutes on "
              f"{row.day} ({row.forms_that_day} that day; chance at most {row.p_value:.1e} if "
              "the day's forms were spread over the working day). A queue at the desk can bunch "
              "forms too.")
        vi = (f"{row.office_name}: {row.burst_forms} phiếu trong vòng {minutes} phút ngày "
              f"{row.day} (cả ngày có {row.forms_that_day} phiếu; xác suất nhiều nhất "
              f"{row.p_value:.1e} nếu các phiếu trong ngày rải đều trong giờ làm việc). Hàng chờ "
              "tại bộ phận một cửa cũng có thể làm phiếu dồn lại.")
        out.append(_flag("survey_bursts", row, en, vi, synthetic,
                         recomputed=float(row.burst_forms)))
    return out + [_summary("survey_bursts", len(table), len(out),
                           f"Burst signal (many forms within {minutes} minutes)",
                           f"Dấu hiệu dồn phiếu (nhiều phiếu trong vòng {minutes} phút)",
                           synthetic)]


def straight_line_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    if table.empty:
        return [_untestable(
            "straight_lining",
            "Straight-lining not testable: every form answers a single criterion.",
            "Không kiểm định được dấu hiệu trả lời đồng loạt: mỗi phiếu chỉ chấm một tiêu chí.")]
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.identical} of {row.forms} multi-criterion forms give "
              f"every criterion the same answer ({_pct(row.share, 'en')}, peers' mean "
              f"{_pct(row.reference_mean, 'en')}). Identical answers are also what a delighted "
              "citizen gives.")
        vi = (f"{row.office_name}: {row.identical} trên {row.forms} phiếu nhiều tiêu chí chấm "
              f"mọi tiêu chí cùng một mức ({_pct(row.share, 'vi')}, trung bình của các đơn vị "
              f"khác {_pct(row.reference_mean, 'vi')}). Người dân thật sự hài lòng cũng có thể "
              "chấm mọi tiêu chí như nhau.")
        out.append(_flag("straight_lining", row, en, vi, synthetic,
                         recomputed=round(float(row.share), 4)))
    return out + [_summary("straight_lining", int(table["p_value"].notna().sum()), len(out),
                           "Straight-lining (same answer to every criterion)",
                           "Trả lời đồng loạt (cùng một mức cho mọi tiêu chí)", synthetic)]


def forms_findings(table: pd.DataFrame, synthetic: bool) -> list[Finding]:
    out = []
    for row in table[table["flagged"]].itertuples():
        en = (f"{row.office_name}: {row.forms} forms against {row.returned_dossiers} dossiers "
              f"returned, {row.extra_answers} answer(s) beyond one per form and criterion: the "
              "forms add up to more than there can be.")
        vi = (f"{row.office_name}: {row.forms} phiếu so với {row.returned_dossiers} hồ sơ đã trả "
              f"kết quả, {row.extra_answers} câu trả lời vượt quá một câu cho mỗi phiếu và tiêu "
              "chí: số phiếu nhiều hơn mức có thể có.")
        out.append(_flag("forms_per_dossier", row, en, vi, synthetic,
                         recomputed=float(row.forms)))
    return out + [_summary("forms_per_dossier", len(table), len(out),
                           "Forms per dossier (more forms or answers than possible)",
                           "Số phiếu so với hồ sơ (nhiều phiếu hoặc câu trả lời hơn mức có thể)",
                           synthetic)]


def model_findings(skipped: str | None, skipped_vi: str | None = None) -> list[Finding]:
    if not skipped:
        return []
    return [_untestable("ordinal_model", f"Ordinal model not fitted: {skipped}.",
                        f"Không ước lượng mô hình logit thứ bậc: {skipped_vi}." if skipped_vi
                        else "Không ước lượng mô hình logit thứ bậc: câu trả lời chỉ ở một "
                        "hoặc hai mức, hoặc quá ít phiếu.")]
