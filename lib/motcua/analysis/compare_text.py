"""The unit comparison's words in Vietnamese (``notebooks/04_commune_comparison`` with
``language: vi``): indicator names of PAPI, unit types, comparison levels, the reasons a unit is
left out, the real sources, and the report's short texts (source note, headline, warnings).

English texts stay where they are built (:mod:`motcua.analysis.compare_data`,
:mod:`motcua.reports.charts_compare`); this module gives their Vietnamese twins. PAPI names are
the Vietnamese names of the PAPI reports (papi.org.vn: "Chỉ số Hiệu quả Quản trị và Hành chính
công cấp tỉnh"); the other terms follow docs/domain.md.
"""

from __future__ import annotations

import re

from motcua.analysis import compare_data as data

#: PAPI dimensions (D1…D8) and the sub-dimensions of dimensions 5 and 6, as PAPI names them in
#: Vietnamese; other sub-dimensions are shown by their code alone.
PAPI_NAMES_VI = {
    "D1": "Tham gia của người dân ở cấp cơ sở",
    "D2": "Công khai, minh bạch trong việc ra quyết định ở địa phương",
    "D3": "Trách nhiệm giải trình với người dân",
    "D4": "Kiểm soát tham nhũng trong khu vực công",
    "D5": "Thủ tục hành chính công",
    "D6": "Cung ứng dịch vụ công",
    "D7": "Quản trị môi trường",
    "D8": "Quản trị điện tử",
    "SC51": "Chứng thực, xác nhận",
    "SC52": "Thủ tục cấp phép xây dựng",
    "SC53": "Thủ tục cấp giấy chứng nhận quyền sử dụng đất",
    "SC54": "Thủ tục hành chính cấp xã, phường",
    "SC61": "Y tế công lập",
    "SC62": "Giáo dục tiểu học công lập",
    "SC63": "Cơ sở hạ tầng căn bản",
    "SC64": "An ninh, trật tự địa bàn khu dân cư",
}

UNIT_TYPES_VI = {"commune": "xã", "ward": "phường", "township": "thị trấn",
                 "district": "huyện", "province": "tỉnh", "department": "sở ngành",
                 "unknown code": "mã không rõ"}

LEVELS_VI = {
    "communes_in_district": "các xã trong huyện",
    "districts_in_province": "các huyện trong tỉnh",
    "departments_in_province": "các sở ngành trong tỉnh",
    "communes_in_province": "các xã trong tỉnh",
    "units_in_province": "các sở ngành và các xã trong tỉnh",
    "provinces_in_country": "các tỉnh trong cả nước",
}

#: Reasons of :mod:`motcua.analysis.compare_data` a unit is left out (whole reason → words).
REASONS_VI = {
    "one-stop centre of the locality": "trung tâm một cửa của địa phương",
    "no dossiers or forms": "không có hồ sơ hay phiếu nào",
    "no dossiers": "không có hồ sơ nào",
    "counts not in the extract": "bản trích xuất không có số đếm",
}

#: What each real source is, in Vietnamese (its path and licence: ``charts_compare.SOURCE_NOTES``).
SOURCE_WHAT_VI = {
    "dvc766_units": "các chỉ số theo QĐ 766 của các đơn vị tỉnh Gia Lai, từ đầu năm 2026 đến nay "
                    "(Cổng Dịch vụ công quốc gia, qua kho mã Crawler-766)",
    "dvc766_provinces": "điểm các nhóm chỉ số theo QĐ 766 của 34 tỉnh, 2022–2024 "
                        "(dichvucong.gov.vn, qua kho mã một bảng điều khiển của sinh viên)",
    "papi": "điểm các chỉ số nội dung thành phần PAPI, 63 tỉnh, 2011–2024 (papi.org.vn, qua kho "
            "mã ml-mcdm)",
}
LICENCE_VI = {"no licence stated: a fixture of public figures":
              "không nêu rõ (bộ số liệu công khai dùng làm dữ liệu kiểm thử)", "MIT": "MIT"}


def indicator_label(source: str, indicator: str, language: str = "en") -> str:
    """The indicator's name (:func:`motcua.analysis.compare_data.indicator_label`), with PAPI's
    Vietnamese names in Vietnamese."""
    if language == "vi" and source == "papi":
        name = PAPI_NAMES_VI.get(indicator)
        return f"PAPI {indicator}: {name}" if name else f"PAPI {indicator}"
    return data.indicator_label(source, indicator, language)


def unit_type(value: str, language: str = "en") -> str:
    return UNIT_TYPES_VI.get(value, value) if language == "vi" else value


def reason(text: str, language: str = "en") -> str:
    """Why a unit was left out, in the report's language."""
    if language != "vi":
        return text
    if text in REASONS_VI:
        return REASONS_VI[text]
    m = re.fullmatch(r"not a unit of this level \((.+)\)", text)
    if m:
        return f"không phải đơn vị ở cấp này ({unit_type(m.group(1), 'vi')})"
    m = re.fullmatch(r"no value in (\d+) \(blank in the source\)", text)
    if m:
        return f"không có giá trị năm {m.group(1)} (để trống trong nguồn)"
    return text


def source_markdown_vi(source: str, records, level: str, note: str = "",
                       licence: str = "") -> str:
    """Vietnamese twin of :func:`motcua.reports.charts_compare.source_markdown` (``note`` and
    ``licence``: the real source's SOURCE note path and licence, as that module lists them)."""
    where = LEVELS_VI.get(level, level)
    if source == "records":
        if records is None:
            return "_Không có dữ liệu hồ sơ: không có gì để so sánh._"
        label = ("**DỮ LIỆU HỒ SƠ GIẢ LẬP** (được tạo ra, hiệu chỉnh theo các tổng số đã công "
                 "bố; không phải hồ sơ hay phiếu khảo sát thật)" if records.synthetic
                 else "Dữ liệu hồ sơ")
        return (f"{label}, từ {records.period_start} đến {records.period_end}; các đơn vị được "
                f"so sánh: {where}.")
    return (f"**Số liệu công khai thật**: {SOURCE_WHAT_VI[source]}. Ghi chú nguồn: `{note}`; "
            f"giấy phép: {LICENCE_VI.get(licence, licence)}. Các đơn vị được so sánh: {where}.")


def headline_markdown_vi(findings) -> str:
    """Vietnamese twin of :func:`motcua.reports.charts_compare.headline_markdown`."""
    w = sum(f.severity == "warning" for f in findings)
    i = sum(f.severity == "info" for f in findings)
    return (f"**{len(findings)} kết quả**: {w} cần xem (một đơn vị, hoặc một nhóm đơn vị, đáng "
            f"để thanh tra viên xem xét), {i} thông tin (độ phân tán giữa các đơn vị và mức độ "
            "chắc chắn của thứ hạng).")


def warnings_markdown_vi(findings) -> str:
    """Vietnamese twin of :func:`motcua.reports.charts_compare.warnings_markdown`."""
    lines = [f"- **{f.check}** {f.message_vi}" for f in findings if f.severity == "warning"]
    return "\n".join(lines) if lines else ("_Không đơn vị nào nằm ngoài giới hạn ngoài, và các "
                                           "đơn vị không giống nhau hơn mức ngẫu nhiên cho "
                                           "phép._")


#: Chart texts (:mod:`motcua.reports.charts_compare`): English → Vietnamese.
CHART_VI = {
    "Too few units to compare": "Quá ít đơn vị để so sánh",
    "dossiers or forms (log scale)": "số hồ sơ hoặc số phiếu (thang logarit)",
    "rank in the chosen year (1 = highest)": "thứ hạng trong năm được chọn (1 = cao nhất)",
    "limits": "giới hạn", "target": "mức chuẩn", "95% interval": "khoảng tin cậy 95%",
    "shrunken": "ước lượng co rút", "raw": "giá trị thô",
}

#: Cell values of the comparison tables: English → Vietnamese.
VALUES_VI = {
    "beta-binomial (ML)": "beta-nhị thức (hợp lý cực đại)",
    "normal (DerSimonian–Laird τ²)": "chuẩn (τ² DerSimonian–Laird)",
    "low": "dưới", "high": "trên",
}
