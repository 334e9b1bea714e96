"""The extractor's Vietnamese vocabulary, as data: what comes before and after a number in
administrative news text, and the keywords that name what it counts.

Every rule elsewhere in the package refers to these tables by name; adding a word is a change
here only. The words come from the genre's fixed phrases (Nghị định 61/2018/NĐ-CP and Thông tư
01/2018/TT-VPCP use "tiếp nhận", "giải quyết", "trước hạn", "đúng hạn", "quá hạn", "một cửa",
"một cửa liên thông", "mức độ 3/4"), from the report forms of the provincial one-stop systems, and
from the five seed articles in data/articles/.
"""

from __future__ import annotations

import re

from motcua.claims.register import UNITS

FLAGS = re.IGNORECASE


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, FLAGS)


def unit_or(name: str, fallback: str) -> str:
    """A unit from the register's vocabulary, or a fallback when the vocabulary lacks it."""
    return name if name in UNITS else fallback


# ---------------------------------------------------------------------------------------------
# what stands before a number that is not a claim

DOC_WORDS = (r"nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|kế\s+hoạch|công\s+văn|"
             r"nghị\s+quyết|luật|giấy\s+phép|thông\s+báo|tờ\s+trình|hướng\s+dẫn|báo\s+cáo|"
             r"văn\s+bản|pháp\s+lệnh|quy\s+chế|quy\s+định|đề\s+án|chương\s+trình|"
             r"qđ|nđ|nq|tt|ct|kh|cv|tb")
DOC_BEFORE = rx(rf"(?:{DOC_WORDS})(?:\s+[^\W\d_]+){{0,3}}?\s+(?:số\s*)?$")
SO_BEFORE = rx(rf"(?:{DOC_WORDS})[^.;:\d]{{0,40}}\bsố\s*$")
DATE_BEFORE = rx(r"(?:ngày|hôm|sáng|chiều|tối|đêm|trưa|tháng|quý|lúc|thứ|tuần)\s*$")
YEAR_BEFORE = rx(r"(?:năm|giai\s+đoạn|niên\s+độ|niên\s+khóa|niên\s+khoá|khóa|khoá|nhiệm\s+kỳ|kỳ|"
                 r"mùa|tết|từ|đến|tới|trước|sau|trong|cuối|đầu|hết|giữa)\s*$")
RANK_BEFORE = rx(r"(?:xếp|đứng|xếp\s+hạng|hạng|vị\s+trí)(?:\s+thứ)?\s*$")
LABEL_WORDS = (r"(?:mức\s+độ|cấp\s+độ|giai\s+đoạn|tổ|thôn|xóm|khu\s+phố|ấp|khóa|khoá|"
               r"lần\s+thứ|điều|khoản|chương|phụ\s+lục|số\s+nhà|đường|tầng|iso|tcvn|"
               r"phiên\s+bản|đợt|mẫu|biểu|phường|quận|nhóm|khối|loại|bảng|hình|lớp|mục|version)")
LABEL_BEFORE = rx(LABEL_WORDS + r"\s*$")
#: "mức độ 3 và 4": the 4 is a label too, unless a unit follows it ("mức độ 4 và 71 TTHC")
LABEL_LIST_BEFORE = rx(
    LABEL_WORDS + r"\s*\d+\s*(?:(?:,|và|hoặc|-|–|đến|tới)\s*\d+\s*)*(?:,|và|hoặc|-|–|đến|tới)"
    r"\s*$")
#: "tổng số", "với số": a count, not a document number
COUNT_SO_BEFORE = rx(r"(?:tổng|với|con|chỉ|trong)\s+số\s*$")

# ---------------------------------------------------------------------------------------------
# units: the noun after a number (checked in this order, anchored right after the number)

UNIT_AFTER_TABLE: list[tuple[str, str]] = [
    (r"(?:tỷ|tỉ)\s+(?:đồng|vnđ|vnd)\b|(?:tỷ|tỉ)\b", unit_or("billion_vnd", "vnd")),
    (r"triệu\s+(?:đồng|vnđ|vnd)\b", unit_or("million_vnd", "vnd")),
    (r"(?:nghìn|ngàn)\s+(?:đồng|vnđ|vnd)\b", unit_or("thousand_vnd", "vnd")),
    (r"đồng\b|vnđ\b|vnd\b", "vnd"),
    (r"điểm\s+phần\s+trăm", "percentage_point"),
    (r"điểm\s+cầu\b", "unit"),
    (r"điểm\b", "point"),
    (r"(?:bộ\s+)?hồ\s+sơ\b|hs\b", "dossier"),  # "4,52 ngàn HS": the genre's abbreviation
    (r"tthc\b|thủ\s+tục\b|dịch\s+vụ\s+công\b|dvc\b", "procedure"),
    (r"lượt\b", "attendance"),
    (r"văn\s+bản\b|tài\s+liệu\b", "document"),
    (r"phản\s+ánh\b|kiến\s+nghị\b|đơn\s+thư\b|pakn\b", "feedback"),
    (r"nhiệm\s+vụ\b|công\s+việc\b", unit_or("task", "")),
    (r"người\b|cán\s+bộ\b|công\s+chức\b|viên\s+chức\b|nhân\s+viên\b|lao\s+động\b|"
     r"công\s+dân\b|đảng\s+viên\b", "person"),
    (r"ubnd\b|ủy\s+ban\b|uỷ\s+ban\b|xã\b|phường\b|thị\s+trấn\b|huyện\b|quận\b|thị\s+xã\b|"
     r"thành\s+phố\b|tỉnh\b|cơ\s+quan\b|đơn\s+vị\b|sở\b|ban\b|ngành\b|phòng\b|"
     r"địa\s+phương\b|bộ\s+phận\b|trung\s+tâm\b|trường\b", "unit"),
    (r"năm\b(?!\s*\d)", "year"),
    (r"phút\b", "minute"),
    (r"phiếu\b", "form"),          # survey forms
    (r"bậc\b", "rank_change"),     # "tăng 7 bậc": places moved up or down a ranking
]

#: "59.010 bộ" (sets of papers) counts dossiers when the sentence speaks of dossiers before it;
#: "17 bộ, cơ quan ngang bộ" (ministries) does not.
SETS_AFTER = rx(r"^\s*bộ\b(?!\s+(?:phận|ngành|trưởng|máy|nội\s+vụ|tư\s+pháp|tài\s+chính|y\s+tế))")
DOSSIER_BEFORE = rx(r"hồ\s+sơ")

#: Units the scan reads that the register has no unit for, and what a draft claim uses instead
#: (with metric "other" and a note saying what the figure is).
REGISTER_UNIT = {"form": "person", "rank_change": "rank"}

#: Multiplier words between a number and its noun: "4,52 ngàn hồ sơ" is 4 520 dossiers.
MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000,
               "tỉ": 1_000_000_000}
MULTIPLIER_AFTER = rx(r"^\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?![^\W\d_])")
UNIT_AFTER: list[tuple[re.Pattern, str]] = [
    (rx(r"^\s*(?:" + p + ")"), u) for p, u in UNIT_AFTER_TABLE]
RANGE_AFTER = rx(r"^\s*(?:đến|tới|-|–)\s*(\d+(?:[.,]\d+)*)")
UNIT_BEFORE = rx(r"(hồ\s+sơ|tthc|thủ\s+tục)[^;:()\d]{0,60}?\s(?:là|đạt|gồm|tổng\s+cộng)\s*:?\s*$")
UNIT_BEFORE_MAP = {"hồ sơ": "dossier", "tthc": "procedure", "thủ tục": "procedure"}

# ---------------------------------------------------------------------------------------------
# hedges: the comparator a word before the number gives it (first match wins)

#: "cao hơn 1,85% so với năm 2023": a comparison of two figures, not a hedge (checked first).
COMPARATIVE_BEFORE = rx(r"(?:cao|thấp|nhiều|ít|lớn|nhỏ)\s+hơn\s*$")
HEDGES: list[tuple[re.Pattern, str]] = [
    (rx(r"(?:trên\s+dưới|gần|khoảng|xấp\s+xỉ|chừng|ước\s+(?:tính\s+)?(?:đạt\s+)?)\s*$"), "approx"),
    (rx(r"(?:hơn|trên|vượt|vượt\s+quá)\s*$"), "gt"),
    (rx(r"(?:ít\s+nhất|tối\s+thiểu|không\s+dưới|từ)\s*$"), "ge"),
    (rx(r"(?:dưới|chưa\s+(?:đến|tới)|không\s+quá|tối\s+đa)\s*$"), "lt"),
]
#: "từ 90 điểm trở lên": at least; "99% trở xuống": at most.
HEDGES_AFTER: list[tuple[re.Pattern, str]] = [
    (rx(r"^\s*trở\s+lên"), "ge"),
    (rx(r"^\s*trở\s+xuống"), "lt"),
]

# ---------------------------------------------------------------------------------------------
# indices and their scales: the name nearest before a score says which index it is

#: name → (pattern, the score's full scale). PAPI is scored on 80 points (8 dimensions of 10,
#: as tests/data/articles/116 prints it: "40,62/80 điểm"); PAR INDEX on 100 points (the Bộ Nội vụ
#: method as tests/data/articles/118 quotes it: "Tổng điểm đánh giá là 100 điểm"); PCI on 100;
#: SIPAS and DTI are published as percentages or scores out of 100.
INDICES: dict[str, tuple[re.Pattern, float]] = {
    "PAPI": (rx(r"\bpapi\b|hiệu\s+quả\s+quản\s+trị\s+và\s+hành\s+chính\s+công"), 80.0),
    "PCI": (rx(r"\bpci\b|năng\s+lực\s+cạnh\s+tranh"), 100.0),
    "SIPAS": (rx(r"\bsipas\b|chỉ\s+số\s+hài\s+lòng"), 100.0),
    "DTI": (rx(r"\bdti\b|chuyển\s+đổi\s+số"), 100.0),
    "PAR INDEX": (rx(r"par\s*index|chỉ\s+số\s+(?:xếp\s+hạng\s+)?(?:cải\s+cách\s+hành\s+chính|cchc)"),
                  100.0),
}

# ---------------------------------------------------------------------------------------------
# what a number counts: keywords

OFFICE = rx(r"bộ\s+phận\s+(?:tiếp\s+nhận\s+và\s+(?:trả|trẻ)\s+kết\s+quả|"
            r"[“\"']?\s*một\s+cửa\s*[”\"']?)"
            r"|trung\s+tâm\s+(?:phục\s+vụ\s+)?hành\s+chính\s+công|trung\s+tâm\s+pvhcc")
ON_TIME = rx(r"(?:trước|đúng|sớm)\s+(?:h[ạẹ]n|thời\s+hạn)|đúng\s+và\s+(?:sớm|trước)|"
             r"trước\s+và\s+đúng|sớm\s+và\s+đúng")
LATE = rx(r"tr[ễể]\s+h[ạẹ]n|quá\s+h[ạẹ]n|chậm\s+(?:trả|giải\s+quyết|h[ạẹ]n)")
INTERAGENCY = rx(r"liên\s+thông")
ONE_STOP = rx(r"(?:cơ\s+chế|theo)\s*[“\"'‘]?\s*một\s+cửa")
MOT_CUA = rx(r"một\s+cửa")
MOT_CUA_LT = rx(r"\s*[”\"'’]?\s*liên\s+thông")
RECEIVED = rx(r"tiếp\s+nhận|nhận\s+được|đã\s+nhận")
RESOLVED = rx(r"giải\s+quyết|xử\s+lý|trả\s+kết\s+quả")
PREDICATE = rx(r"^\s*(?:[^\W\d_]+\s+){0,4}?(?:được|đã|đều|bị|còn|chưa|thực\s+hiện|"
               r"tr[ễể]\s+h|quá\s+h|đúng\s+h|trước\s+h|mức\s+(?:độ\s+)?\d)")
RATE_SLOT = rx(r"(?:đạt|là|chiếm|bằng|:|=)\s*(?:tỷ\s+lệ|tỉ\s+lệ|mức)?\s*"
               r"(?:hơn|trên|gần|khoảng|xấp\s+xỉ|ít\s+nhất|tối\s+thiểu|dưới)?\s*$")
CHANGE = rx(r"(?:tăng|giảm)\s*(?:thêm)?\s*(?:hơn|gần|khoảng)?\s*$")
#: A figure that is a change against an earlier one: "tăng 6,03 điểm", "giảm 7 bậc",
#: "cao hơn 1,85% so với năm 2023", "giảm từ 10,85% xuống còn 1,31%" is not one (two levels).
CHANGE_BEFORE = rx(r"(?:tăng|giảm|cao\s+hơn|thấp\s+hơn|nhiều\s+hơn|ít\s+hơn)\s*(?:thêm|được|tới|"
                   r"đến)?\s*(?:hơn|gần|khoảng|trên)?\s*$")
DOWN_BEFORE = rx(r"(?:giảm|thấp\s+hơn|ít\s+hơn)\s*(?:thêm|được|tới|đến)?\s*(?:hơn|gần|khoảng|trên)?"
                 r"\s*$")
SO_VOI = rx(r"^\s*so\s+với")
TARGET = rx(r"mục\s+tiêu|phấn\s+đấu|chỉ\s+tiêu|kế\s+hoạch\s+đề\s+ra|đặt\s+ra\s+(?:mục|chỉ)|"
            r"hướng\s+tới\s+(?:đạt|mục)")
TARGET_PARAGRAPH = rx(r"^\s*(?:với\s+)?mục\s+tiêu")
PAST = rx(r"\bđã\b|\bđạt\s+được\b|\bvừa\s+qua\b")
AVERAGE = rx(r"bình\s+quân|trung\s+bình")
NOW = rx(r"\bđang\b")
NOW_WORD = rx(r"\bnay\b|hiện\s+tại")
MONTH_OR_QUARTER = rx(r"tháng|quý")
SAT_VERY = rx(r"rất\s+hài\s+lòng")
SAT_NO = rx(r"không\s+hài\s+lòng|chưa\s+hài\s+lòng")
SAT = rx(r"hài\s+lòng")
SAT_LEVEL = rx(r"mức\s*[“\"']?\s*hài\s+lòng|[“\"']\s*hài\s+lòng")
PROCEDURE_WORD = rx(r"tthc|thủ\s+tục")

#: Percent followed by the noun it is a share of.
PERCENT_NOUN: list[tuple[re.Pattern, str]] = [
    (rx(r"^\s*(?:số\s+)?nhiệm\s+vụ"), "tasks_on_time_rate"),
    (rx(r"^\s*(?:số\s+)?(?:ý\s+kiến\s+chỉ\s+đạo|chỉ\s+đạo|văn\s+bản\s+chỉ\s+đạo)"),
     "directives_completed_rate"),
    (rx(r"^\s*(?:số\s+)?(?:văn\s+bản\s+(?:được\s+)?)?(?:ký\s+số|chữ\s+ký\s+số)"),
     "digital_signature_share"),
    (rx(r"^\s*(?:số\s+)?văn\s+bản[^;.]{0,90}?điện\s+tử"), "e_document_share"),
    (rx(r"^\s*(?:số\s+)?(?:cán\s+bộ|công\s+chức|viên\s+chức)[^;.]{0,60}?chuẩn"),
     "staff_standard_share"),
]
AGENCY_NOUN = rx(r"^\s*(?:các\s+)?(?:phòng|ban|cơ\s+quan|đơn\s+vị|sở)\b")
E_OFFICE = rx(r"văn\s+phòng\s+điện\s+tử|e-?office|quản\s+lý\s+văn\s+bản\s+và\s+điều\s+hành")
COMPUTERS = rx(r"máy\s+tính|kết\s+nối\s+mạng|internet|mạng\s+lan|mạng\s+nội\s+bộ")
PLAN_NOUN = rx(r"^\s*(?:so\s+với\s+)?kế\s+hoạch")
ONLINE = rx(r"trực\s+tuyến|mức\s+độ\s+[34]|dịch\s+vụ\s+công|mức\s+[34]\b")
E_DOC = rx(r"văn\s+bản[^;.]{0,90}?điện\s+tử")
E_SIGN = rx(r"chữ\s+ký\s+số|ký\s+số")
STANDARD = rx(r"(?:cán\s+bộ|công\s+chức)[^;.]{0,60}?chuẩn")
TASKS = rx(r"nhiệm\s+vụ")
DIRECTIVES = rx(r"ý\s+kiến\s+chỉ\s+đạo")
PAR = rx(r"chỉ\s+số|cải\s+cách\s+hành\s+chính|cchc|par\s+index|xếp\s+loại|thi\s+đua|"
         r"chấm\s+điểm|thẩm\s+định")
BUDGET = rx(r"kinh\s+phí|ngân\s+sách|đầu\s+tư|phân\s+bổ|bố\s+trí|hỗ\s+trợ|chi\b|vốn")
TRAINING = rx(r"đào\s+tạo|bồi\s+dưỡng|tập\s+huấn")
LEGAL_DOC = rx(r"^\s*(?:văn\s+bản|tài\s+liệu)\s+quy\s+phạm")
LEVEL4 = rx(r"mức\s+(?:độ\s+)?4\b")
LEVEL3 = rx(r"mức\s+(?:độ\s+)?3\b")
ONLINE_PROC = rx(r"trực\s+tuyến|dịch\s+vụ\s+công")
PUBLISHED = rx(r"niêm\s+yết|công\s+khai|công\s+bố")
REVIEWED = rx(r"rà\s+soát")
COMPETENCE = rx(r"thẩm\s+quyền|thuộc\s+lĩnh\s+vực")
THOUSAND_MILLION_AFTER = rx(r"^\s*(?:triệu|nghìn|ngàn)")
