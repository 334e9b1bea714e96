"""Tables and text as a report shows them, with the same figures in plain text for the tests.

Every table or Markdown block a notebook shows goes through :func:`table` or :func:`markdown`.
The reader sees formatted HTML (thousands separators in the report's language, no index column,
no ``NaN``, verdicts as words); the ``text/plain`` twin carries the same cells as full,
untruncated text, which is what the golden notebooks compare (nbval compares ``text/plain`` and
skips HTML; anchors.md B7).
"""

from __future__ import annotations

import html
import math
from numbers import Number

import pandas as pd

from motcua.vn.numbers import fmt_en, fmt_vi

#: Rows above which a table is shown collapsed (a click opens it).
COLLAPSE_ROWS = 25

_BOOL = {"en": {True: "yes", False: "no"}, "vi": {True: "có", False: "không"}}

#: Column headings in Vietnamese reports (columns not listed keep their name).
COLUMN_LABELS_VI = {
    "claim_id": "mã số liệu", "locality_name": "địa bàn", "period_start": "từ ngày",
    "period_end": "đến ngày", "kind": "loại", "metric": "chỉ số", "value_text": "giá trị",
    "unit": "đơn vị", "comparator": "so sánh", "aggregation": "cách gộp",
    "check": "phép kiểm tra", "status": "kết quả", "finding": "nhận định", "total": "tổng",
    "claimed": "công bố", "convention": "cách tính", "numerator": "tử số",
    "denominator": "mẫu số", "recomputed": "tính lại", "ci_low": "khoảng tin cậy (dưới)",
    "ci_high": "khoảng tin cậy (trên)", "consistent": "khớp", "label": "nội dung",
    "low": "cận dưới", "high": "cận trên", "target": "chỉ tiêu", "office": "đơn vị",
    "unit_code": "mã đơn vị", "unit_name": "tên đơn vị", "n": "số lượng", "rate": "tỷ lệ",
    "share": "tỷ lệ", "verdict": "kết luận", "month": "tháng", "channel": "kênh",
    "field": "lĩnh vực", "level": "mức", "count": "số lượng", "dossiers": "hồ sơ",
    "on_time": "đúng hạn", "late": "trễ hạn", "province": "tỉnh", "year": "năm",
    "score": "điểm", "rank": "thứ hạng", "z": "z", "group": "nhóm",
    "holds": "khớp", "fails": "không khớp", "derived": "suy ra", "flagged": "có dấu hiệu",
    "needs_microdata": "cần dữ liệu hồ sơ", "not_testable": "không kiểm tra được",
    # reform effects (notebooks/05_reform_effects)
    "event_time": "tháng so với lúc áp dụng", "estimate": "ước lượng", "p_value": "giá trị p",
    "n_clusters": "số cụm", "n_cohorts": "số đợt áp dụng", "twfe_dynamic": "TWFE động",
    "true_effect": "tác động cài sẵn", "estimator": "phương pháp ước lượng",
    "cohort": "đợt áp dụng", "first_period": "tháng đầu áp dụng", "n_units": "số đơn vị",
    "new_code": "mã mới", "new_name": "tên mới", "n_old": "số đơn vị cũ",
    "old_units": "các đơn vị cũ", "any_split": "có chia tách", "dimension": "chỉ số nội dung",
    "from_year": "từ năm", "subdimensions": "chỉ số thành phần",
    "n_subdimensions": "số chỉ số thành phần", "n_missing": "số điểm thiếu",
    "provinces": "các tỉnh", "region": "vùng", "comparison": "phép so sánh",
    "mean_change": "thay đổi trung bình", "n_provinces": "số tỉnh", "before": "trước",
    "after": "sau", "change": "thay đổi", "n_before": "số năm trước", "n_after": "số năm sau",
    "new_province": "tỉnh mới", "old_provinces": "các tỉnh cũ",
    # satisfaction (notebooks/02_satisfaction)
    "item": "mục", "value": "giá trị", "office_name": "đơn vị", "very_satisfied": "rất hài lòng",
    "satisfied": "hài lòng", "neutral": "bình thường", "dissatisfied": "không hài lòng",
    "very_dissatisfied": "rất không hài lòng", "very_satisfied_%": "rất hài lòng (%)",
    "low_%": "cận dưới (%)", "high_%": "cận trên (%)", "criterion": "tiêu chí",
    "offices": "số đơn vị", "forms": "số phiếu", "pooled": "gộp chung",
    "office_average": "bình quân các đơn vị", "difference": "chênh lệch", "where": "nơi",
    "records_office_average": "bình quân các đơn vị (dữ liệu phiếu)",
    "records_pooled": "gộp chung (dữ liệu phiếu)", "pooled_low": "gộp chung (cận dưới)",
    "pooled_high": "gộp chung (cận trên)", "records_verdict": "kết luận từ dữ liệu phiếu",
    "audit_checks": "các phép kiểm tra", "top": "rất hài lòng (phiếu)",
    "reference_mean": "trung bình tham chiếu", "plausible_max": "mức hợp lý cao nhất",
    "answers": "số câu trả lời", "at_level": "ở mức này", "runs": "số chuỗi",
    "longest_run": "chuỗi dài nhất", "burst_forms": "phiếu dồn", "day": "ngày",
    "forms_that_day": "phiếu trong ngày", "returned_dossiers": "hồ sơ đã trả",
    "repeat_dossier_forms": "phiếu trùng hồ sơ", "unlinked_forms": "phiếu không gắn hồ sơ",
    "extra_answers": "câu trả lời thừa", "forms_per_returned": "phiếu mỗi hồ sơ đã trả",
    "identical": "phiếu đồng loạt", "term": "biến", "log_odds": "logarit tỷ số chênh",
    "std_error": "sai số chuẩn", "odds_ratio": "tỷ số chênh", "sat_denominator": "mẫu số hài lòng",
    "satisfied_minus_on_time": "hài lòng trừ đúng hạn", "same_denominator": "cùng mẫu số",
    "on_time_share": "tỷ lệ đúng hạn", "satisfied_share": "tỷ lệ hài lòng",
    "petitions": "phản ánh, kiến nghị", "points_54": "điểm 5.4", "rest": "phần còn lại",
    "fits": "khớp quy tắc", "statistic": "thống kê", "department_code": "mã đơn vị",
    "department_name": "tên đơn vị", "total_score": "tổng điểm",
    "share_of_max": "tỷ lệ so với tối đa",
    # on-time drivers (notebooks/03_ontime_drivers)
    "factor": "yếu tố", "reference": "mức tham chiếu", "ame_pp": "hiệu ứng biên (điểm %)",
    "se_pp": "sai số chuẩn (điểm %)", "boot_p": "giá trị p bootstrap",
    "interval": "khoảng tin cậy", "p_adjusted": "giá trị p hiệu chỉnh (Holm)",
    "signal": "dấu hiệu", "what": "nội dung", "tested": "số đơn vị kiểm định",
    "offices_flagged": "đơn vị có dấu hiệu", "on_time_recorded": "đúng hạn theo dữ liệu, %",
    "on_time_joined": "đúng hạn khi gộp cặp, %", "resolutions": "số kết quả",
    "non_working_day": "ngày nghỉ", "outside_hours": "ngoài giờ",
    "before_receipt": "trước khi tiếp nhận", "any": "bất kỳ", "withdrawn": "rút hồ sơ",
    "refused": "từ chối", "stopped": "dừng xử lý",
    # unit comparison (notebooks/04_commune_comparison)
    "indicator": "chỉ số", "units": "số đơn vị", "phi (trimmed)": "φ (đã cắt bớt)",
    "tau": "τ", "chi2": "χ²", "df": "bậc tự do", "p (too alike)": "p (quá giống nhau)",
    "p (too spread)": "p (quá phân tán)", "limits widened": "nới rộng giới hạn",
    "all at 100%": "tất cả đạt 100%", "unit_type": "loại đơn vị", "low_95": "cận dưới 95%",
    "high_95": "cận trên 95%", "low_998": "cận dưới 99,8%", "high_998": "cận trên 99,8%",
    "outside": "nằm ngoài", "prior": "phân phối tiên nghiệm", "alpha": "α", "beta": "β",
    "mean %": "trung bình (%)", "sd of true rates %": "độ lệch chuẩn của tỷ lệ thực (%)",
    "worth (dossiers)": "tương đương (số hồ sơ)",
    "no variation detectable": "không phát hiện được khác biệt", "mean": "trung bình",
    "sd of true scores": "độ lệch chuẩn của điểm thực", "noise sd": "độ lệch chuẩn của nhiễu",
    "raw": "giá trị thô", "shrunk": "ước lượng co rút", "raw_rank": "hạng thô",
    "shrunk_rank": "hạng sau co rút", "rank_low": "hạng (cận dưới)",
    "rank_high": "hạng (cận trên)", "p_top_quarter": "xác suất thuộc 1/4 cao nhất",
    "p_bottom_quarter": "xác suất thuộc 1/4 thấp nhất", "published_rank": "hạng công bố",
    "reason": "lý do",
}

#: Fails/holds/… as words in Vietnamese tables.
VALUE_LABELS_VI = {
    "holds": "khớp", "fails": "không khớp", "derived": "suy ra", "not_testable":
    "không kiểm tra được", "needs_microdata": "cần dữ liệu hồ sơ", "flagged": "có dấu hiệu",
    "fail": "sai", "warning": "cần xem", "info": "thông tin",
}


class Shown:
    """A display object: Markdown or HTML for the reader, plain text for the regression tests."""

    def __init__(self, text: str, *, html_text: str | None = None, md: str | None = None):
        self.text, self.html_text, self.md = text, html_text, md

    def _repr_html_(self):
        return self.html_text

    def _repr_markdown_(self):
        return self.md

    def __repr__(self) -> str:
        return self.text


def cell_text(value, language: str = "en", decimals: int | None = None) -> str:
    """One cell as the report writes it: '' for missing, words for booleans, grouped numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return _BOOL[language][value]
    if isinstance(value, Number):
        fmt = fmt_vi if language == "vi" else fmt_en
        if isinstance(value, int) or float(value).is_integer() and decimals is None:
            return fmt(float(value), 0)
        return fmt(float(value), 2 if decimals is None else decimals)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def formatted(df: pd.DataFrame, language: str = "en", decimals: dict | None = None
              ) -> pd.DataFrame:
    """Every cell as report text (see :func:`cell_text`); ``decimals`` per column."""
    decimals = decimals or {}
    out = pd.DataFrame({c: [cell_text(v, language, decimals.get(c)) for v in df[c].tolist()]
                        for c in df.columns}, index=range(len(df)))
    return out


def table(df: pd.DataFrame, *, language: str = "en", caption: str = "",
          decimals: dict | None = None, collapse_rows: int = COLLAPSE_ROWS) -> Shown:
    """A table for the report: formatted HTML (collapsed when long), full text for the tests."""
    if df.empty:
        empty = "(no rows)" if language == "en" else "(không có dòng nào)"
        return Shown(f"{caption}\n{empty}".strip(), html_text=f"<p><em>{empty}</em></p>")
    f = formatted(df, language, decimals)
    if language == "vi":
        f = f.rename(columns=COLUMN_LABELS_VI).replace(VALUE_LABELS_VI)
    text = f.to_string(index=False)
    body = f.to_html(index=False, escape=True, border=0, classes="motcua-table")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = body.replace('<table border="0" class="dataframe motcua-table">',
                        f'<table class="motcua-table">{cap}', 1)
    if len(df) > collapse_rows:
        label = (f"{len(df):,} rows — click to open" if language == "en"
                 else f"{len(df):,} dòng — bấm để mở".replace(",", "."))
        body = f"<details><summary>{html.escape(label)}</summary>{body}</details>"
    return Shown((caption + "\n" if caption else "") + text, html_text=body)


def markdown(md: str) -> Shown:
    """Markdown for the reader; the same Markdown source is the text the tests compare."""
    return Shown(md, md=md)
