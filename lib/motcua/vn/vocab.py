"""Vietnamese (and English) input labels → the canonical English codes of the clean tables.

One place for every controlled vocabulary the loaders map (docs/architecture.md: "Vietnamese
strings live in vocab.py"): dossier status, channel, procedure field, time-limit unit,
satisfaction level, competence level, online-service level, yes/no, and the header labels of each
table kind.

Matching is on a *folded* key (:func:`fold`): NFC, lower case, Vietnamese diacritics removed,
``đ`` → ``d``, everything that is not a letter or digit dropped. So ``"Ngày tiếp nhận"``,
``"NGAY_TIEP_NHAN"``, ``"NgayTiepNhan"`` and the decomposed (NFD) spelling all fold to
``"ngaytiepnhan"``. Folding loses the tone marks, which could in principle merge two different
labels; :func:`_check_unambiguous` runs at import time and fails if any two labels of one
vocabulary fold to the same key with different codes.

A label that is not listed maps to ``None``; the loaders quarantine such rows with the label in
the reason (never a silent default), except where a source rule says what a blank means (a blank
channel counts as in person: national-portal 766 spec, docs/domain.md §1.4).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from motcua.vn.calendar import LIMIT_UNITS  # the one definition; motcua.vn.deadlines counts them

# --------------------------------------------------------------------------------------------
# canonical codes (the shared contract; order matters where it mirrors a source's numbering)

#: Dossier status codes, in the order of the portal's ``TrangThaiHoSoId`` 1-10
#: (docs/domain.md §1.4).
DOSSIER_STATUSES: tuple[str, ...] = (
    "submitted", "accepted", "refused", "in_progress", "supplement_requested",
    "awaiting_payment", "withdrawn", "stopped", "resolved", "returned",
)
#: Channel (``KenhThucHien``: 1 in person, 2 online, 3 public postal service; docs/domain.md §1.4).
CHANNELS: tuple[str, ...] = ("in_person", "online", "postal")
#: Procedure fields (lĩnh vực; docs/domain.md §9 glossary, plus the contract's coarse groups).
FIELDS: tuple[str, ...] = (
    "civil_status", "certification", "land", "justice", "construction", "business",
    "labour_social", "other",
)
#: Satisfaction levels, best first; the 3-level forms use very_satisfied / satisfied /
#: dissatisfied (docs/domain.md §3.1, Huế Q1/2019), the 5-level forms all five (MIC portal).
SATISFACTION_LEVELS: tuple[str, ...] = (
    "very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied",
)
#: Levels only a 5-point form has (used to infer the scale when the file does not say it).
FIVE_POINT_ONLY: frozenset[str] = frozenset({"neutral", "very_dissatisfied"})
COMPETENCE_LEVELS: tuple[str, ...] = ("province", "district", "commune")
#: Online-service level on the ND 42/2022 Art. 11(1) scale (docs/domain.md §2).
ONLINE_LEVELS: tuple[str, ...] = ("full", "partial", "none")
#: Events of the long event table (TT 01/2018 forms = event records, docs/domain.md §1.3).
EVENTS: tuple[str, ...] = (
    "received", "supplement_requested", "supplement_returned", "withdrawn", "refused",
    "stopped", "resolved", "returned", "apology_issued",
)


def fold(text: str) -> str:
    """Fold a label for matching: NFC, casefold, no diacritics, ``đ``→``d``, only [a-z0-9]."""
    s = unicodedata.normalize("NFD", str(text)).casefold()
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("đ", "d").replace("\u0111", "d")
    return re.sub(r"[^a-z0-9]+", "", s)


def _table(spec: Mapping[str, Iterable[str]], name: str) -> dict[str, str]:
    """Invert ``{code: [labels]}`` into ``{folded label: code}``; the code itself is a label."""
    out: dict[str, str] = {}
    for code, labels in spec.items():
        for label in (code, *labels):
            key = fold(label)
            if key in out and out[key] != code:
                raise AssertionError(f"{name}: label {label!r} folds to {key!r}, "
                                     f"claimed by {out[key]!r} and {code!r}")
            out[key] = code
    return out


# --------------------------------------------------------------------------------------------
# value vocabularies

_STATUS_SPEC = {
    # 1-10 = TrangThaiHoSoId of a provincial DVC system (docs/domain.md §1.4, [3rd-party])
    "submitted": ["1", "Mới đăng ký", "Mới đăng ký trực tuyến", "Chờ tiếp nhận", "new"],
    "accepted": ["2", "Được tiếp nhận", "Đã tiếp nhận", "Tiếp nhận", "received"],
    "refused": ["3", "Không được tiếp nhận", "Từ chối", "Từ chối tiếp nhận", "Trả lại",
                "Trả lại hồ sơ", "rejected"],
    "in_progress": ["4", "Đang xử lý", "Đang giải quyết", "processing", "in progress"],
    "supplement_requested": ["5", "Yêu cầu bổ sung giấy tờ", "Yêu cầu bổ sung",
                             "Bổ sung hồ sơ", "Chờ bổ sung", "supplement"],
    "awaiting_payment": ["6", "Yêu cầu thực hiện nghĩa vụ tài chính",
                         "Chờ thực hiện nghĩa vụ tài chính", "Chờ thanh toán"],
    "withdrawn": ["7", "Công dân yêu cầu rút hồ sơ", "Rút hồ sơ", "Đã rút hồ sơ"],
    "stopped": ["8", "Dừng xử lý", "Dừng giải quyết", "Tạm dừng xử lý"],
    "resolved": ["9", "Đã xử lý xong", "Đã giải quyết", "Có kết quả", "Đã có kết quả"],
    "returned": ["10", "Đã trả kết quả", "Trả kết quả", "Đã trả"],
}
_CHANNEL_SPEC = {
    # KenhThucHien: 1 = trực tiếp, 2 = trực tuyến, 3 = bưu chính công ích (docs/domain.md §1.4)
    "in_person": ["1", "Trực tiếp", "Nộp trực tiếp", "Tại bộ phận một cửa", "in person",
                  "direct", "offline"],
    "online": ["2", "Trực tuyến", "Nộp trực tuyến", "Dịch vụ công trực tuyến", "Qua mạng"],
    "postal": ["3", "Bưu chính công ích", "Bưu chính", "Qua bưu chính công ích",
               "Qua bưu điện", "Bưu điện", "post", "mail"],
}
_FIELD_SPEC = {
    "civil_status": ["Hộ tịch", "Hộ tịch - Quốc tịch", "Đăng ký hộ tịch", "civil status"],
    "certification": ["Chứng thực", "Chứng thực bản sao", "certification"],
    "land": ["Đất đai", "Đăng ký đất đai", "Địa chính", "land"],
    "justice": ["Tư pháp", "Tư pháp - Hộ tịch khác", "Lý lịch tư pháp", "Hòa giải",
                "Hòa giải cơ sở", "Nuôi con nuôi", "justice"],
    "construction": ["Xây dựng", "Quy hoạch - Xây dựng", "Nhà ở", "construction"],
    "business": ["Kinh doanh", "Đăng ký kinh doanh", "Hộ kinh doanh", "Doanh nghiệp",
                 "Thành lập và hoạt động doanh nghiệp", "Thành lập và hoạt động của hộ kinh doanh",
                 "Công thương", "business"],
    "labour_social": ["Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội",
                      "Lao động thương binh xã hội", "LĐTBXH", "Bảo trợ xã hội", "Người có công",
                      "Lao động", "Việc làm", "Giảm nghèo", "Trẻ em", "labour", "social"],
    "other": ["Khác", "Lĩnh vực khác", "Nông nghiệp", "Nông nghiệp và Phát triển nông thôn",
              "Tài nguyên và Môi trường", "Môi trường", "Giao thông vận tải", "Giao thông",
              "Y tế", "Giáo dục", "Giáo dục và Đào tạo", "Văn hóa", "Thông tin và Truyền thông",
              "Tài chính", "Nội vụ", "Thi đua - Khen thưởng", "Tôn giáo", "Dân tộc",
              "Khoa học và Công nghệ", "Thủy lợi", "Phòng chống thiên tai", "Other"],
}
_LIMIT_UNIT_SPEC = {
    # DonViTinh of ThoiGianGiaiQuyet (docs/domain.md §1.4); "ngày" alone = calendar day (§1.6)
    "working_day": ["Ngày làm việc", "Ngày làm việc kể từ ngày nhận đủ hồ sơ", "NLV",
                    "working day", "working days", "business day"],
    "day": ["Ngày", "Ngày lịch", "Ngày kể từ ngày nhận đủ hồ sơ", "day", "days",
            "calendar day"],
    "hour": ["Giờ", "Giờ làm việc", "hour", "hours"],
    "month": ["Tháng", "month", "months"],
}
_SATISFACTION_SPEC = {
    # docs/domain.md §3.1: Rất hài lòng / Hài lòng / (Bình thường) / Không hài lòng / Rất không ...
    "very_satisfied": ["Rất hài lòng", "very satisfied"],
    "satisfied": ["Hài lòng", "satisfied"],
    "neutral": ["Bình thường", "Chấp nhận được", "Trung bình", "neutral"],
    "dissatisfied": ["Không hài lòng", "Chưa hài lòng", "dissatisfied", "not satisfied"],
    "very_dissatisfied": ["Rất không hài lòng", "very dissatisfied"],
}
_COMPETENCE_SPEC = {
    # thẩm quyền cấp tỉnh / huyện / xã (docs/domain.md §9)
    "province": ["Cấp tỉnh", "Tỉnh", "Thẩm quyền cấp tỉnh", "UBND cấp tỉnh", "provincial"],
    "district": ["Cấp huyện", "Huyện", "Thẩm quyền cấp huyện", "UBND cấp huyện"],
    "commune": ["Cấp xã", "Xã", "Thẩm quyền cấp xã", "UBND cấp xã"],
}
_ONLINE_SPEC = {
    # ND 42/2022 Art. 11(1): toàn trình / một phần (docs/domain.md §2)
    "full": ["Toàn trình", "DVC trực tuyến toàn trình", "Dịch vụ công trực tuyến toàn trình",
             "full process", "full-process"],
    "partial": ["Một phần", "DVC trực tuyến một phần", "Dịch vụ công trực tuyến một phần"],
    "none": ["Không", "Chưa", "Không cung cấp", "Trực tiếp", "no", "offline"],
}
_BOOL_SPEC = {
    "true": ["1", "x", "Có", "C", "Yes", "Y", "Đúng", "Liên thông", "true", "t"],
    "false": ["0", "Không", "K", "No", "N", "Sai", "false", "f"],
}

STATUS_LABELS = _table(_STATUS_SPEC, "status")
CHANNEL_LABELS = _table(_CHANNEL_SPEC, "channel")
FIELD_LABELS = _table(_FIELD_SPEC, "field_code")
LIMIT_UNIT_LABELS = _table(_LIMIT_UNIT_SPEC, "limit_unit")
SATISFACTION_LABELS = _table(_SATISFACTION_SPEC, "satisfaction_level")
COMPETENCE_LABELS = _table(_COMPETENCE_SPEC, "competence_level")
ONLINE_LABELS = _table(_ONLINE_SPEC, "online_level")
BOOL_LABELS = _table(_BOOL_SPEC, "bool")

#: column → (its label table, the allowed codes in category order)
VOCABULARIES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "status": (STATUS_LABELS, DOSSIER_STATUSES),
    "channel": (CHANNEL_LABELS, CHANNELS),
    "field_code": (FIELD_LABELS, FIELDS),
    "limit_unit": (LIMIT_UNIT_LABELS, LIMIT_UNITS),
    "satisfaction_level": (SATISFACTION_LABELS, SATISFACTION_LEVELS),
    "competence_level": (COMPETENCE_LABELS, COMPETENCE_LEVELS),
    "online_level": (ONLINE_LABELS, ONLINE_LEVELS),
}


def to_code(column: str, label: str | None) -> str | None:
    """The canonical code of ``label`` in ``column``'s vocabulary, or None when unknown."""
    if label is None:
        return None
    table, _ = VOCABULARIES[column]
    return table.get(fold(label))


def legacy_online_level(label: str | None) -> int | None:
    """``"Mức độ 3"``, ``"mức 4"``, ``"3"`` → 3 / 4 (ND 43/2011 Art. 3(4) levels 1-4), or None."""
    if label is None:
        return None
    m = re.fullmatch(r"(?:mucdo|muc|level)?([1-4])", fold(label))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------------------------
# header labels per table kind. Portal field names from the 766 spec (docs/domain.md §1.4), the
# glossary's Vietnamese terms and snake_case names (§9), and common export captions.

_DOSSIER_HEADERS = {
    "dossier_id": ["MaHoSo", "Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ", "SoHoSo", "dossier_code",
                   "Dossier ID", "HoSoId"],
    "locality_code": ["MaDonViHanhChinh", "Mã đơn vị hành chính", "Mã ĐVHC", "MaDVHC",
                      "Mã địa bàn", "MaDiaBan", "Mã xã", "MaXa", "locality", "commune_code"],
    "locality_name": ["Đơn vị hành chính", "Tên đơn vị hành chính", "Địa bàn", "Tên xã",
                      "Xã/phường", "Xã, phường", "locality name", "commune"],
    "code_list": ["Bảng mã", "BangMa", "code list", "vintage"],
    "reception_unit": ["DonViTiepNhan", "Đơn vị tiếp nhận", "Bộ phận tiếp nhận",
                       "Cơ quan tiếp nhận", "Nơi tiếp nhận", "reception_unit_id",
                       "Reception unit", "TenDonVi", "Đơn vị", "Cơ quan thực hiện"],
    "procedure_id": ["MaTTHC", "Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "MaThuTuc",
                     "procedure", "procedure_code"],
    "field_code": ["LinhVuc", "Lĩnh vực", "Tên lĩnh vực", "TenLinhVuc", "field", "sector"],
    "channel": ["KenhThucHien", "Kênh thực hiện", "Kênh", "Kênh nộp", "Hình thức nộp",
                "Hình thức tiếp nhận"],
    "received_at": ["NgayTiepNhan", "Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận",
                    "received", "received_date"],
    "due_at": ["NgayHenTra", "Ngày hẹn trả", "Ngày hẹn trả kết quả", "Hẹn trả", "due",
               "due_date"],
    "processing_end_at": ["NgayKetThucXuLy", "Ngày kết thúc xử lý", "Ngày xử lý xong",
                          "Ngày có kết quả", "Ngày hoàn thành", "processing_end",
                          "resolved_at"],
    "returned_at": ["NgayTraKetQua", "Ngày trả kết quả", "Ngày trả", "returned",
                    "return_date"],
    "status": ["TrangThaiHoSo", "TrangThaiHoSoId", "Trạng thái", "Trạng thái hồ sơ",
               "TrangThai", "state"],
    "statutory_limit": ["ThoiGianGiaiQuyet", "Thời gian giải quyết", "Thời hạn giải quyết",
                        "Thời hạn", "limit"],
    "limit_unit": ["DonViTinh", "Đơn vị tính", "Đơn vị thời gian", "unit"],
    "is_interagency": ["LienThong", "Liên thông", "Một cửa liên thông", "Hồ sơ liên thông",
                       "interagency"],
    "apology_issued_at": ["NgayXinLoi", "Ngày xin lỗi", "Ngày gửi phiếu xin lỗi",
                          "Phiếu xin lỗi", "apology_at", "apology_date"],
}
_SURVEY_HEADERS = {
    "response_id": ["MaPhieu", "Mã phiếu", "Số phiếu", "Mã đánh giá", "MaDanhGia",
                    "response", "id"],
    "locality_code": _DOSSIER_HEADERS["locality_code"],
    "locality_name": _DOSSIER_HEADERS["locality_name"],
    "code_list": _DOSSIER_HEADERS["code_list"],
    "reception_unit": _DOSSIER_HEADERS["reception_unit"],
    "dossier_id": _DOSSIER_HEADERS["dossier_id"],
    "answered_at": ["NgayDanhGia", "Ngày đánh giá", "Thời gian đánh giá", "Ngày khảo sát",
                    "answered", "date"],
    "criterion": ["TieuChi", "Tiêu chí", "Tiêu chí đánh giá", "Nội dung đánh giá",
                  "Câu hỏi", "question"],
    "satisfaction_level": ["MucDoHaiLong", "Mức độ hài lòng", "Kết quả đánh giá",
                           "Đánh giá", "Mức độ đánh giá", "satisfaction", "rating"],
    "scale_points": ["ThangDiem", "Thang điểm", "Số mức", "Thang đánh giá", "scale"],
}
_PROCEDURE_HEADERS = {
    "procedure_id": _DOSSIER_HEADERS["procedure_id"],
    "name": ["TenTTHC", "Tên TTHC", "Tên thủ tục", "Tên thủ tục hành chính", "TenThuTuc",
             "procedure_name"],
    "field_code": _DOSSIER_HEADERS["field_code"],
    "competence_level": ["CapThucHien", "Cấp thực hiện", "Thẩm quyền", "Cấp thẩm quyền",
                         "Cấp giải quyết", "level", "competence"],
    "statutory_limit": _DOSSIER_HEADERS["statutory_limit"],
    "limit_unit": _DOSSIER_HEADERS["limit_unit"],
    "online_level": ["MucDoDVC", "Mức độ DVC", "Mức độ dịch vụ công", "Mức độ DVCTT",
                     "DVC trực tuyến", "Dịch vụ công trực tuyến", "online", "online_service"],
    "online_level_legacy": ["MucDo", "Mức độ", "Mức độ cũ", "Mức độ (ND 43)", "legacy_level"],
    "is_interagency": _DOSSIER_HEADERS["is_interagency"],
}
HEADERS: dict[str, dict[str, str]] = {
    "dossiers": _table(_DOSSIER_HEADERS, "dossier headers"),
    "surveys": _table(_SURVEY_HEADERS, "survey headers"),
    "procedures": _table(_PROCEDURE_HEADERS, "procedure headers"),
}

#: Columns a file of each kind must have (a missing one is a fatal InputError naming it).
#: ``locality`` means: ``locality_code`` or ``locality_name``.
REQUIRED: dict[str, tuple[str, ...]] = {
    "dossiers": ("dossier_id", "locality", "reception_unit", "procedure_id", "field_code",
                 "channel", "received_at", "status"),
    "surveys": ("response_id", "locality", "reception_unit", "answered_at", "criterion",
                "satisfaction_level"),
    "procedures": ("procedure_id", "name", "field_code", "competence_level",
                   "statutory_limit", "limit_unit"),
}


def match_header(label: str, kind: str) -> str | None:
    """The canonical column a header label means in a table of ``kind``, or None."""
    return HEADERS[kind].get(fold(label))
