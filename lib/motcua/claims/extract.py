"""Draft claim records from Vietnamese article text (tracker issue 4).

``extract_claims(text)`` reads one article and returns a *draft* register dict in the format of
``data/claims/README.md``: every number that is a claim, with its value as written, unit, a
metric guessed from the words around it, the locality (resolved to a code where the name is
unambiguous), the period, the sentence it stands in and a ``confidence``. ``dump_yaml`` writes
that dict so that YAML cannot coerce ``"007"`` or ``"17.391"``. A person reviews the draft, then
``motcua check-claims`` audits it.

Everything is rule-based and general to Vietnamese administrative news text (no per-article
strings): numbers are found by pattern, classified (claim / date / document number / label /
time), given a unit from the noun that follows them, and a metric from keyword rules whose
windows follow Vietnamese word order ("đã tiếp nhận 1113 hồ sơ", "đạt 99,2%", "98% hồ sơ ...
được giải quyết đúng hạn"). The non-claims are counted in :class:`ExtractionStats` with the
reason they were left out.

Input may be NFC or NFD (or mixed): it is NFC-normalised first, so both give the same output.
The extractor never raises on text; a malformed hint or date raises ``ValueError``.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from motcua.vn import localities as L
from motcua.config import CODE_LIST_LEGACY
from motcua.vn.numbers import parse_vn_number
from motcua.claims.register import LEVELS, METRICS, UNITS

__all__ = ["ExtractionStats", "extract_claims", "extract_file", "dump_yaml", "slugify"]

_FLAGS = re.IGNORECASE


def _unit(name: str, fallback: str) -> str:
    """A unit from the register's vocabulary, or a fallback when the vocabulary lacks it."""
    return name if name in UNITS else fallback


def _metric(name: str) -> str:
    return name if name in METRICS else "other"


# --------------------------------------------------------------------------------------------
# statistics for the command line


@dataclass
class ExtractionStats:
    """What one extraction did and how long it took (the CLI prints ``summary()`` to stderr)."""

    source_id: str | None = None
    chars: int = 0
    sentences: int = 0
    numbers: int = 0  # number tokens seen
    claims: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason → count of numbers left out
    # (number as written, reason, context) of the first 200 numbers left out
    skipped_examples: list[tuple[str, str, str]] = field(default_factory=list)
    localities: int = 0
    unresolved_localities: list[str] = field(default_factory=list)
    seconds: float = 0.0        # extraction time, without the one-time code-table load
    setup_seconds: float = 0.0  # loading the code tables (first call of a process only)

    def summary(self) -> str:
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()) if v)
        unresolved = (f"; unresolved places: {', '.join(self.unresolved_localities)}"
                      if self.unresolved_localities else "")
        return (f"{self.source_id or '(text)'}: {self.chars} chars, {self.sentences} sentences, "
                f"{self.numbers} numbers → {self.claims} draft claims"
                f" (left out: {skipped or 'none'}); {self.localities} localities{unresolved}; "
                f"{self.seconds * 1000:.1f} ms"
                + (f" (+ {self.setup_seconds * 1000:.0f} ms loading code tables, once)"
                   if self.setup_seconds >= 0.0005 else ""))


# --------------------------------------------------------------------------------------------
# text preparation

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2028\u2029\ufeff]")


def _prepare(text: str) -> str:
    """NFC, valid Unicode only (lone surrogates → U+FFFD), one kind of newline and space."""
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    return unicodedata.normalize("NFC", text)


_FOOTER = re.compile(
    r"^\s*(?:điện\s*thoại|đt|tel|fax|e-?mail|địa\s*chỉ|giấy\s*phép|tổng\s*biên\s*tập|"
    r"phó\s*tổng\s*biên\s*tập|hotline|đường\s*dây\s*nóng|©|copyright|bản\s*quyền|"
    r"ghi\s*rõ\s*nguồn|cấm\s*sao\s*chép|truy\s*c[aâậ]p|thống\s*kê\s*truy|lượt\s*xem|"
    r"số\s*lượt\s*truy)\b|điện\s*thoại\s*:|fax\s*:|\(\s*0\d{2,3}\s*\)\s*\d",
    _FLAGS,
)

_ABBREV = {"tp", "tx", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "nxb", "tr", "st", "ng",
           "th", "mr", "ms", "dr", "ông", "bà", "vd", "v.v", "q", "p", "x", "h"}
_SENT_BREAK = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (absolute offsets)."""
    out, s = [], start
    for m in _SENT_BREAK.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        ch = text[nxt]
        if not (ch.isupper() or ch.isdigit() or ch in "“\"'(‘«["):
            continue
        punct = m.group(0).rstrip()
        word = re.search(r"([^\W\d_]+)\W*$", text[s:m.start() + 1])
        if punct.rstrip("\"”’»)]") == "." and word:
            w = word.group(1)
            if len(w) == 1 or w.casefold() in _ABBREV:
                continue
        out.append((s, m.start() + len(punct)))
        s = nxt
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


# --------------------------------------------------------------------------------------------
# number recognition

_NUM = re.compile(r"\d+(?:[.,:/]\d+)*")
_YEAR = range(1900, 2101)

_DOC_WORDS = (r"nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|kế\s+hoạch|công\s+văn|"
              r"nghị\s+quyết|luật|giấy\s+phép|thông\s+báo|tờ\s+trình|hướng\s+dẫn|báo\s+cáo|"
              r"văn\s+bản|pháp\s+lệnh|quy\s+chế|quy\s+định|đề\s+án|chương\s+trình|"
              r"qđ|nđ|nq|tt|ct|kh|cv|tb")
_DOC_BEFORE = re.compile(rf"(?:{_DOC_WORDS})(?:\s+[^\W\d_]+){{0,3}}?\s+(?:số\s*)?$", _FLAGS)
_SO_BEFORE = re.compile(rf"(?:{_DOC_WORDS})[^.;:\d]{{0,40}}\bsố\s*$", _FLAGS)
_DATE_BEFORE = re.compile(r"(?:ngày|hôm|sáng|chiều|tối|đêm|trưa|tháng|quý|lúc|thứ|tuần)\s*$",
                          _FLAGS)
_YEAR_BEFORE = re.compile(
    r"(?:năm|giai\s+đoạn|niên\s+độ|niên\s+khóa|niên\s+khoá|khóa|khoá|nhiệm\s+kỳ|kỳ|mùa|tết|"
    r"từ|đến|tới|trước|sau|trong|cuối|đầu|hết|giữa)\s*$", _FLAGS)
_RANK_BEFORE = re.compile(r"(?:xếp|đứng|xếp\s+hạng|hạng|vị\s+trí)(?:\s+thứ)?\s*$", _FLAGS)
_LABEL_WORDS = (r"(?:mức\s+độ|cấp\s+độ|giai\s+đoạn|tổ|thôn|xóm|khu\s+phố|ấp|khóa|khoá|"
                r"lần\s+thứ|điều|khoản|chương|phụ\s+lục|số\s+nhà|đường|tầng|iso|tcvn|"
                r"phiên\s+bản|đợt|mẫu|biểu|phường|quận|nhóm|khối|loại|bảng|hình|lớp|mục|version)")
_LABEL_BEFORE = re.compile(_LABEL_WORDS + r"\s*$", _FLAGS)
# "mức độ 3 và 4": the 4 is a label too, unless a unit follows it ("mức độ 4 và 71 TTHC")
_LABEL_LIST_BEFORE = re.compile(
    _LABEL_WORDS + r"\s*\d+\s*(?:(?:,|và|hoặc|-|–|đến|tới)\s*\d+\s*)*(?:,|và|hoặc|-|–|đến|tới)"
    r"\s*$", _FLAGS)

# Unit nouns that follow a number (checked in this order; anchored at the text after it).
_UNIT_AFTER_SOURCE: list[tuple[str, str]] = [
    (r"(?:tỷ|tỉ)\s+(?:đồng|vnđ|vnd)\b|(?:tỷ|tỉ)\b", _unit("billion_vnd", "vnd")),
    (r"triệu\s+(?:đồng|vnđ|vnd)\b", _unit("million_vnd", "vnd")),
    (r"(?:nghìn|ngàn)\s+(?:đồng|vnđ|vnd)\b", _unit("thousand_vnd", "vnd")),
    (r"đồng\b|vnđ\b|vnd\b", "vnd"),
    (r"điểm\s+phần\s+trăm", "percentage_point"),
    (r"điểm\s+cầu\b", "unit"),
    (r"điểm\b", "point"),
    (r"(?:bộ\s+)?hồ\s+sơ\b", "dossier"),
    (r"tthc\b|thủ\s+tục\b|dịch\s+vụ\s+công\b|dvc\b", "procedure"),
    (r"lượt\b", "attendance"),
    (r"văn\s+bản\b|tài\s+liệu\b", "document"),
    (r"phản\s+ánh\b|kiến\s+nghị\b|đơn\s+thư\b|pakn\b", "feedback"),
    (r"nhiệm\s+vụ\b|công\s+việc\b", _unit("task", "")),
    (r"người\b|cán\s+bộ\b|công\s+chức\b|viên\s+chức\b|nhân\s+viên\b|lao\s+động\b|"
     r"công\s+dân\b|đảng\s+viên\b", "person"),
    (r"ubnd\b|ủy\s+ban\b|uỷ\s+ban\b|xã\b|phường\b|thị\s+trấn\b|huyện\b|quận\b|thị\s+xã\b|"
     r"thành\s+phố\b|tỉnh\b|cơ\s+quan\b|đơn\s+vị\b|sở\b|ban\b|ngành\b|phòng\b|"
     r"địa\s+phương\b|bộ\s+phận\b|trung\s+tâm\b|trường\b", "unit"),
    (r"năm\b(?!\s*\d)", "year"),
    (r"phút\b", "minute"),
]
_UNIT_AFTER: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^\s*(?:" + p + ")", _FLAGS), u) for p, u in _UNIT_AFTER_SOURCE]
_RANGE_AFTER = re.compile(r"^\s*(?:đến|tới|-|–)\s*(\d+(?:[.,]\d+)*)", _FLAGS)
_UNIT_BEFORE = re.compile(
    r"(hồ\s+sơ|tthc|thủ\s+tục)[^;:()\d]{0,60}?\s(?:là|đạt|gồm|tổng\s+cộng)\s*:?\s*$", _FLAGS)
_UNIT_BEFORE_MAP = {"hồ sơ": "dossier", "tthc": "procedure", "thủ tục": "procedure"}


@dataclass
class _Num:
    start: int          # value_text start (absolute)
    end: int            # value_text end (absolute)
    value_text: str
    unit: str | None = None
    unit_end: int = 0   # end of the unit noun (absolute)
    skip: str | None = None
    range_role: str | None = None  # "low" / "high" of "từ 15 đến 20 phút"
    unit_source: str = "noun"


def _scan_numbers(text: str, s0: int, s1: int) -> list[_Num]:
    """Every number token of one sentence, classified."""
    sent = text[s0:s1]
    nums: list[_Num] = []
    for m in _NUM.finditer(sent):
        run = m.group(0)
        a, b = m.start(), m.end()
        before = sent[max(0, a - 80):a]
        after = sent[b:b + 80]
        n = _Num(s0 + a, s0 + b, run)
        nums.append(n)
        prev_ch = sent[a - 1] if a else ""
        prev2 = sent[a - 2] if a > 1 else ""
        if prev_ch.isalpha() or (prev_ch in "/-_" and prev2.isalpha()) or (
                prev_ch == "." and prev2.isalnum()):  # "Q1", "COVID-19", "KH/2019", "v1.2"
            n.skip = "identifier"
            continue
        if re.match(r"^\s*/\s*[^\W\d_]", after) or re.match(r"^[-_][^\W\d_]", after):
            n.skip = "document number"
            continue
        if ":" in run:
            n.skip = "time or standard"
            continue
        if _RANK_BEFORE.search(before):  # "xếp thứ 2/9", "đứng thứ 3"
            n.unit, n.unit_end, n.unit_source = "rank", n.end, "rank"
            continue
        parts = run.split("/")
        if len(parts) > 2:
            n.skip = "date"
            continue
        if len(parts) == 2:
            x, y = parts
            if _DOC_BEFORE.search(before) or _SO_BEFORE.search(before):
                n.skip = "document number"
                continue
            try:
                px, py = parse_vn_number(x), parse_vn_number(y)
            except ValueError:
                n.skip = "not a number"
                continue
            year_den = y.isdigit() and len(y) == 4 and int(y) in _YEAR
            if year_den:
                n.skip = "date" if (x.isdigit() and 1 <= int(x) <= 12) else "document number"
                continue
            if _DATE_BEFORE.search(before) and x.isdigit() and y.isdigit() and (
                    int(x) <= 31 and 1 <= int(y) <= 12):
                n.skip = "date"
                continue
            if px.value > py.value or py.value == 0:
                n.skip = "date or reference"
                continue
        if (_SO_BEFORE.search(before) or re.search(r"\bsố\s*$", before, _FLAGS)) and \
                not re.search(r"(?:tổng|với|con|chỉ)\s+số\s*$", before, _FLAGS):
            n.skip = "document number"
            continue
        plain = run.isdigit()
        if plain and len(run) == 4 and int(run) in _YEAR and (
                _YEAR_BEFORE.search(before) or re.match(r"^\s*[-–]\s*\d{4}\b", after)
                or re.search(r"\d{4}\s*[-–]\s*$", before)):
            n.skip = "date"
            continue
        if plain and _DATE_BEFORE.search(before):
            n.skip = "date"
            continue
        if _LABEL_BEFORE.search(before):
            n.skip = "label (level, stage, address)"
            continue
        maybe_label = bool(_LABEL_LIST_BEFORE.search(before))
        # unit
        pm = re.match(r"^\s?%", after)
        if pm:
            n.value_text = run + after[:pm.end()]
            n.end = s0 + b + pm.end()
            n.unit, n.unit_end = "percent", n.end
            continue
        for pat, unit in _UNIT_AFTER:
            um = pat.match(after)
            if um and unit:
                n.unit, n.unit_end = unit, n.end + um.end()
                break
        if n.unit is None:
            rm = _RANGE_AFTER.match(after)
            if rm:
                rest = after[rm.end():]
                if rest.lstrip().startswith("%"):
                    n.skip = "range low end (percent)"  # "15-20%": keep only the written "20%"
                    continue
                for pat, unit in _UNIT_AFTER:
                    if unit and pat.match(rest):
                        n.unit, n.unit_end, n.range_role = unit, n.end, "low"
                        break
        if n.unit is None and maybe_label:
            n.skip = "label (level, stage, address)"
            continue
        if n.unit is None:
            bm = _UNIT_BEFORE.search(before)
            if bm:
                key = re.sub(r"\s+", " ", bm.group(1).casefold())
                n.unit, n.unit_end, n.unit_source = _UNIT_BEFORE_MAP[key], n.end, "before"
        if n.unit is None:
            n.skip = "no unit"
    for i, n in enumerate(nums):  # the high end of a range
        if n.unit and n.range_role is None and i and nums[i - 1].range_role == "low":
            n.range_role = "high"
    return nums


# --------------------------------------------------------------------------------------------
# metric rules

def _rx(p: str) -> re.Pattern:
    return re.compile(p, _FLAGS)


_OFFICE = _rx(r"bộ\s+phận\s+(?:tiếp\s+nhận\s+và\s+(?:trả|trẻ)\s+kết\s+quả|"
              r"[“\"']?\s*một\s+cửa\s*[”\"']?)"
              r"|trung\s+tâm\s+(?:phục\s+vụ\s+)?hành\s+chính\s+công|trung\s+tâm\s+pvhcc")
_ON_TIME = _rx(r"(?:trước|đúng|sớm)\s+(?:h[ạẹ]n|thời\s+hạn)|đúng\s+và\s+(?:sớm|trước)|"
               r"trước\s+và\s+đúng|sớm\s+và\s+đúng")
_LATE = _rx(r"tr[ễể]\s+h[ạẹ]n|quá\s+h[ạẹ]n|chậm\s+(?:trả|giải\s+quyết|h[ạẹ]n)")
_INTERAGENCY = _rx(r"liên\s+thông")
_ONE_STOP = _rx(r"(?:cơ\s+chế|theo)\s*[“\"'‘]?\s*một\s+cửa")
_RECEIVED = _rx(r"tiếp\s+nhận|nhận\s+được|đã\s+nhận")
_RESOLVED = _rx(r"giải\s+quyết|xử\s+lý|trả\s+kết\s+quả")
_PREDICATE = _rx(r"^\s*(?:[^\W\d_]+\s+){0,4}?(?:được|đã|đều|bị|còn|chưa|thực\s+hiện|"
                 r"tr[ễể]\s+h|quá\s+h|đúng\s+h|trước\s+h|mức\s+(?:độ\s+)?\d)")
_RATE_SLOT = _rx(r"(?:đạt|là|chiếm|bằng|:|=)\s*(?:tỷ\s+lệ|tỉ\s+lệ|mức)?\s*"
                 r"(?:hơn|trên|gần|khoảng|xấp\s+xỉ|ít\s+nhất|tối\s+thiểu|dưới)?\s*$")
_CHANGE = _rx(r"(?:tăng|giảm)\s*(?:thêm)?\s*(?:hơn|gần|khoảng)?\s*$")
_TARGET = _rx(r"mục\s+tiêu|phấn\s+đấu|chỉ\s+tiêu|kế\s+hoạch\s+đề\s+ra|đặt\s+ra\s+(?:mục|chỉ)|"
              r"hướng\s+tới\s+(?:đạt|mục)")
_PAST = _rx(r"\bđã\b|\bđạt\s+được\b|\bvừa\s+qua\b")
_AVERAGE = _rx(r"bình\s+quân|trung\s+bình")
_SAT_VERY = _rx(r"rất\s+hài\s+lòng")
_SAT_NO = _rx(r"không\s+hài\s+lòng|chưa\s+hài\s+lòng")
_SAT = _rx(r"hài\s+lòng")
_SAT_LEVEL = _rx(r"mức\s*[“\"']?\s*hài\s+lòng|[“\"']\s*hài\s+lòng")

_PERCENT_NOUN: list[tuple[re.Pattern, str]] = [
    (_rx(r"^\s*(?:số\s+)?nhiệm\s+vụ"), "tasks_on_time_rate"),
    (_rx(r"^\s*(?:số\s+)?(?:ý\s+kiến\s+chỉ\s+đạo|chỉ\s+đạo|văn\s+bản\s+chỉ\s+đạo)"),
     "directives_completed_rate"),
    (_rx(r"^\s*(?:số\s+)?(?:văn\s+bản\s+(?:được\s+)?)?(?:ký\s+số|chữ\s+ký\s+số)"),
     "digital_signature_share"),
    (_rx(r"^\s*(?:số\s+)?văn\s+bản[^;.]{0,90}?điện\s+tử"), "e_document_share"),
    (_rx(r"^\s*(?:số\s+)?(?:cán\s+bộ|công\s+chức|viên\s+chức)[^;.]{0,60}?chuẩn"),
     "staff_standard_share"),
]
_AGENCY_NOUN = _rx(r"^\s*(?:các\s+)?(?:phòng|ban|cơ\s+quan|đơn\s+vị|sở)\b")
_E_OFFICE = _rx(r"văn\s+phòng\s+điện\s+tử|e-?office|quản\s+lý\s+văn\s+bản\s+và\s+điều\s+hành")
_COMPUTERS = _rx(r"máy\s+tính|kết\s+nối\s+mạng|internet|mạng\s+lan|mạng\s+nội\s+bộ")
_PLAN_NOUN = _rx(r"^\s*(?:so\s+với\s+)?kế\s+hoạch")
_ONLINE = _rx(r"trực\s+tuyến|mức\s+độ\s+[34]|dịch\s+vụ\s+công|mức\s+[34]\b")
_E_DOC = _rx(r"văn\s+bản[^;.]{0,90}?điện\s+tử")
_E_SIGN = _rx(r"chữ\s+ký\s+số|ký\s+số")
_STANDARD = _rx(r"(?:cán\s+bộ|công\s+chức)[^;.]{0,60}?chuẩn")
_TASKS = _rx(r"nhiệm\s+vụ")
_DIRECTIVES = _rx(r"ý\s+kiến\s+chỉ\s+đạo")
_PAR = _rx(r"chỉ\s+số|cải\s+cách\s+hành\s+chính|cchc|par\s+index|xếp\s+loại|thi\s+đua|"
           r"chấm\s+điểm|thẩm\s+định")
_BUDGET = _rx(r"kinh\s+phí|ngân\s+sách|đầu\s+tư|phân\s+bổ|bố\s+trí|hỗ\s+trợ|chi\b|vốn")
_TRAINING = _rx(r"đào\s+tạo|bồi\s+dưỡng|tập\s+huấn")
_LEGAL_DOC = _rx(r"^\s*(?:văn\s+bản|tài\s+liệu)\s+quy\s+phạm")
_LEVEL4 = _rx(r"mức\s+(?:độ\s+)?4\b")
_LEVEL3 = _rx(r"mức\s+(?:độ\s+)?3\b")
_ONLINE_PROC = _rx(r"trực\s+tuyến|dịch\s+vụ\s+công")
_PUBLISHED = _rx(r"niêm\s+yết|công\s+khai|công\s+bố")
_REVIEWED = _rx(r"rà\s+soát")
_COMPETENCE = _rx(r"thẩm\s+quyền|thuộc\s+lĩnh\s+vực")


def _neutral(s: str) -> str:
    """Office names carry verbs ("tiếp nhận và trả kết quả") that are not the claim's."""
    return _OFFICE.sub(" BPMC ", s)


def _one_stop_kind(ctx: str) -> str | None:
    """"một cửa" alone → one_stop; "một cửa liên thông" → interagency; both → any."""
    if not (_ONE_STOP.search(ctx) or _INTERAGENCY.search(ctx)):
        return None
    plain = bool(_ONE_STOP.search(ctx)) and any(
        not _MOT_CUA_LT.match(ctx, m.end()) for m in _MOT_CUA.finditer(ctx))
    inter = bool(_INTERAGENCY.search(ctx))
    if plain and inter:
        return "any"
    return "interagency" if inter else "one_stop"


_MOT_CUA = _rx(r"một\s+cửa")
_MOT_CUA_LT = _rx(r"\s*[”\"'’]?\s*liên\s+thông")


def _procedure_metric(ctx: str, weak: bool = True) -> str | None:
    if _LEVEL4.search(ctx):
        return "procedures_online_level_4"
    if _LEVEL3.search(ctx):
        return "procedures_online_level_3"
    kind = _one_stop_kind(ctx)
    if kind:
        return {"any": "procedures_one_stop_any", "interagency": "procedures_interagency",
                "one_stop": "procedures_one_stop"}[kind]
    if _ONLINE_PROC.search(ctx):
        return "procedures_online"
    if _PUBLISHED.search(ctx):
        return "procedures_published"
    if _REVIEWED.search(ctx):
        return "procedures_reviewed"
    if weak and _COMPETENCE.search(ctx):
        return "procedures_total"
    return None


def _dossier_metric(ctx: str) -> str | None:
    for pat, metric in ((_LATE, "dossiers_late"), (_ON_TIME, "dossiers_resolved_on_time"),
                        (_INTERAGENCY, "dossiers_interagency"), (_RECEIVED, "dossiers_received"),
                        (_RESOLVED, "dossiers_resolved")):
        if pat.search(ctx):
            return metric
    return None


def _percent_metric(ctx: str) -> str | None:
    if _SAT_VERY.search(ctx):
        return "sat_very_share"
    if _SAT_NO.search(ctx):
        return "sat_no_share"
    if _SAT.search(ctx):
        return "sat_ok_share" if _SAT_LEVEL.search(ctx) else "satisfaction_rate"
    if _TASKS.search(ctx) and _ON_TIME.search(ctx):
        return "tasks_on_time_rate"
    if _DIRECTIVES.search(ctx):
        return "directives_completed_rate"
    if _LATE.search(ctx):
        return None  # a late rate: not in the vocabulary, stays "other"
    if _ON_TIME.search(ctx):
        return "on_time_rate"
    if _ONE_STOP.search(ctx) and re.search(r"tthc|thủ\s+tục", ctx, _FLAGS):
        return "one_stop_share"
    if _E_DOC.search(ctx):
        return "e_document_share"
    if _E_SIGN.search(ctx):
        return "digital_signature_share"
    if _STANDARD.search(ctx):
        return "staff_standard_share"
    if _E_OFFICE.search(ctx):
        return "e_office_share"
    if _COMPUTERS.search(ctx):
        return "agencies_computerised_share"
    return None


# --------------------------------------------------------------------------------------------
# periods

_VI_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
               "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_COUNT = r"(\d{1,2}|mười\s+một|mười\s+hai|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _count(s: str) -> int:
    s = re.sub(r"\s+", " ", s.casefold())
    return int(s) if s.isdigit() else _VI_NUMBERS[s]


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


@dataclass
class _Period:
    start: int
    end: int
    p_start: str | None
    p_end: str | None
    year_like: bool = False  # a whole calendar year: carries to later paragraphs
    to_date: bool = False    # "đến nay": start from the context year


def _find_periods(text: str, published: str | None) -> list[_Period]:
    pub_year = int(published[:4]) if published else None
    out: list[_Period] = []
    taken: list[tuple[int, int]] = []

    def add(m, a, b, year_like=False, to_date=False):
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        out.append(_Period(m.start(), m.end(), a, b, year_like, to_date))

    rules: list[tuple[str, callable]] = [
        (rf"năm\s+(\d{{4}})\s+và\s+{_COUNT}\s+tháng\s+đầu\s+năm\s+(\d{{4}})",
         lambda m: (f"{m[1]}-01-01", _month_end(int(m[3]), _count(m[2])), False, False)),
        (r"(?:từ\s+)?(?:đầu\s+)?năm\s+(\d{4})\s+(?:đến|tới)\s+"
         r"(?:nay|hiện\s+nay|thời\s+điểm\s+này)",
         lambda m: (f"{m[1]}-01-01", published, False, False)),
        (rf"{_COUNT}\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+(\d{{4}})",
         lambda m: (f"{m[2]}-01-01", _month_end(int(m[2]), _count(m[1])), False, False)),
        (r"quý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm\s+)(\d{4})",
         lambda m: (f"{m[2]}-{3 * _ROMAN[m[1].casefold()] - 2:02d}-01",
                    _month_end(int(m[2]), 3 * _ROMAN[m[1].casefold()]), False, False)),
        (r"(từ\s+)?tháng\s+(\d{1,2})\s*(?:/|năm\s+)(\d{4})(\s+(?:đến|tới)\s+(?:nay|hiện\s+nay))?",
         lambda m: (f"{m[3]}-{int(m[2]):02d}-01",
                    published if (m[1] and m[4]) or m[4] else _month_end(int(m[3]), int(m[2])),
                    False, False)),
        (r"giai\s+đoạn\s+(\d{4})\s*[-–]\s*(\d{4})",
         lambda m: (f"{m[1]}-01-01", f"{m[2]}-12-31", False, False)),
        (r"(từ\s+nay\s+)?(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4})",
         lambda m: (published if m[1] else None, f"{m[2]}-12-31", False, False)),
        (r"năm\s+(\d{4})\s+(?:trở\s+)?về\s+trước",
         lambda m: (None, f"{m[1]}-12-31", False, False)),
        (r"(từ\s+)?năm\s+(\d{4})",
         lambda m: ((f"{m[2]}-01-01", published, False, False) if m[1]
                    else (f"{m[2]}-01-01", f"{m[2]}-12-31", True, False))),
        (r"(?<!những\s)(?<!các\s)(?<!nhiều\s)(?<!\d\s)năm\s+(?:nay|này)\b",
         lambda m: ((f"{pub_year}-01-01", f"{pub_year}-12-31", False, False) if pub_year
                    else (None, None, False, False))),
        (r"(?<!những\s)(?<!các\s)(?<!nhiều\s)(?<!mấy\s)(?<!\d\s)"
         r"năm\s+(?:vừa\s+qua|qua|trước)\b",
         lambda m: ((f"{pub_year - 1}-01-01", f"{pub_year - 1}-12-31", False, False)
                    if pub_year else (None, None, False, False))),
        (r"đến\s+nay|hiện\s+nay|đến\s+thời\s+điểm\s+hiện\s+tại|hiện\s+tại|thời\s+gian\s+qua",
         lambda m: (None, published, False, True)),
    ]
    for pattern, make in rules:
        for m in re.finditer(pattern, text, _FLAGS):
            try:
                a, b, year_like, to_date = make(m)
                if a and not _valid_date(a) or b and not _valid_date(b):
                    continue
            except (KeyError, ValueError):
                continue
            add(m, a, b, year_like, to_date)
    out.sort(key=lambda p: p.start)
    return out


def _valid_date(s: str) -> bool:
    try:
        y, m, d = (int(x) for x in s.split("-"))
        date(y, m, d)
        return 1900 <= y <= 2100
    except ValueError:
        return False


_PUBLISHED_LINE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def _infer_published(text: str, paragraphs) -> tuple[str | None, str | None]:
    """A date on one of the first short lines (page date, byline, 'Ngày cập nhật')."""
    for a, b in paragraphs[:6]:
        line = text[a:b]
        if len(line) > 90:
            continue
        m = _PUBLISHED_LINE.search(line)
        if m:
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            s = f"{y:04d}-{mo:02d}-{d:02d}"
            if _valid_date(s):
                return s, f"Inferred by the extractor from the line {line.strip()!r}; check."
    return None, None


# --------------------------------------------------------------------------------------------
# places

_PLACE_PREFIX = re.compile(
    r"(?<![^\W\d_])(tỉnh|thành\s+phố|tp\.|tp|huyện|quận|thị\s+xã|tx\.|xã|phường|thị\s+trấn|"
    r"đặc\s+khu)(?![^\W\d_])(?!\s+(?:hội|viên)\b)", _FLAGS)
_NAME_WORD = re.compile(r" +([^\W\d_][^\W_]*|\d{1,2}\b)")
_NAME_STOP = {"ubnd", "ủy", "uỷ", "hđnd", "trung", "bộ", "sở", "phòng"}
_COMMUNE_GROUP = _rx(r"(?:các|những|\d+)\s+(?:xã|phường)(?:\s*,\s*|\s+(?:và\s+)?)"
                     r"(?:thị\s+trấn|phường|xã)|các\s+(?:xã|phường)\b|cấp\s+(?:xã|cơ\s+sở)\b|"
                     r"(?:xã|phường)\s*,\s*thị\s+trấn")
_DISTRICT_GROUP = _rx(r"(?:các|\d+)\s+huyện\b|(?<!khối\s)cấp\s+huyện\b")
_CENTRE = _rx(r"trung\s+tâm\s+(?:phục\s+vụ\s+hành\s+chính\s+công|pvhcc|hành\s+chính\s+công|"
              r"hcc)(?:\s+(?:cấp\s+)?(tỉnh|huyện|thành\s+phố|thị\s+xã|quận))?")
_LIST_AFTER_GROUP = _rx(r"(?:các|những)\s+(xã|phường|huyện)(?:\s+[^\W\d_]+){0,3}?\s+"
                        r"(?:như|là|gồm|gồm\s+có)\s+")
_BARE_AFTER = _rx(r"(?<![^\W\d_])(?:ở|tại)\s+")
_PREFIX_LEVEL = {"tỉnh": "province", "huyện": "district", "quận": "district",
                 "thị xã": "district", "xã": "commune", "phường": "ward",
                 "thị trấn": "township", "đặc khu": "commune"}


def _capitalized_words(text: str, pos: int, limit: int = 4) -> tuple[str, int]:
    """Capitalized words from pos ("Quảng Thái đã" → "Quảng Thái"); splits glued words."""
    words, end = [], pos
    while len(words) < limit:
        m = _NAME_WORD.match(text, end) if text[end:end + 1] == " " else None
        if m is None and not words:
            m = re.compile(r"([^\W\d_][^\W_]*|\d{1,2}\b)").match(text, end)
        if m is None:
            break
        w = m.group(1)
        if not (w[0].isupper() or (w.isdigit() and not words)):
            break
        if w.casefold() in _NAME_STOP:
            break
        glued = next((i for i in range(1, len(w)) if w[i].isupper() and w[i - 1].islower()), None)
        if glued is not None:  # "LũngTừ": a caption glued to the next sentence
            words.append(w[:glued])
            end = m.start(1) + glued
            break
        words.append(w)
        end = m.end()
        if w.isdigit():
            break
    return " ".join(words), end


@dataclass
class _Mention:
    start: int
    end: int
    kind: str            # named | bare | generic | group | centre
    written: str         # as written (with prefix for named)
    prefix: str | None = None   # normalised prefix word
    base: str = ""
    candidates: list = field(default_factory=list)
    unit: L.Unit | None = None
    key: str | None = None
    tier: str | None = None  # for generic/group/centre: province | district | commune
    qualifier: bool = False  # "(Kim Bảng)" after "xã Tân Sơn": context, not the subject


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


slugify = _slug


def _find_mentions(text: str, content: list[tuple[int, int]]) -> list[_Mention]:
    out: list[_Mention] = []
    for a, b in content:
        seg = text[a:b]
        for m in _PLACE_PREFIX.finditer(seg):
            prefix = L.name_prefix(m.group(1)) or m.group(1).casefold()
            name, end = _capitalized_words(seg, m.end())
            if name and not name.isdigit() or (name.isdigit() and prefix in ("phường", "quận")):
                written = seg[m.start():end]
                out.append(_Mention(a + m.start(), a + end, "named", written, prefix,
                                    L.normalize_name(name)))
            else:
                out.append(_Mention(a + m.start(), a + m.end(), "generic", m.group(0), prefix,
                                    tier={"tỉnh": "province", "xã": "commune",
                                          "phường": "commune", "thị trấn": "commune",
                                          "đặc khu": "commune"}.get(prefix, "district")))
        for m in _LIST_AFTER_GROUP.finditer(seg):  # "các xã như Quảng Thọ, Quảng An"
            prefix = m.group(1).casefold()
            pos = m.end()
            while True:
                name, end = _capitalized_words(seg, pos)
                if not name:
                    break
                out.append(_Mention(a + pos, a + end, "named", f"{prefix} {name}", prefix,
                                    L.normalize_name(name)))
                sep = re.match(r"\s*(?:,|và|,\s*và)\s*", seg[end:])
                if not sep:
                    break
                pos = end + sep.end()
        for m in _COMMUNE_GROUP.finditer(seg):
            out.append(_Mention(a + m.start(), a + m.end(), "group", m.group(0), tier="commune"))
        for m in _DISTRICT_GROUP.finditer(seg):
            out.append(_Mention(a + m.start(), a + m.end(), "group", m.group(0), tier="district"))
        for m in _CENTRE.finditer(seg):
            word = (m.group(1) or "").casefold()
            tier = "province" if word in ("tỉnh",) else ("district" if word else None)
            out.append(_Mention(a + m.start(), a + m.end(), "centre", m.group(0), tier=tier))
        for m in _BARE_AFTER.finditer(seg):
            name, end = _capitalized_words(seg, m.end())
            if name and not name.isdigit():
                out.append(_Mention(a + m.end(), a + end, "bare", name, None,
                                    L.normalize_name(name)))
    # remove generic mentions covered by a group ("các xã, thị trấn") or named mention
    spans = [(x.start, x.end) for x in out if x.kind in ("group", "named", "centre")]
    keep = []
    for x in out:
        if x.kind in ("generic", "bare") and any(
                s <= x.start < e and (s, e) != (x.start, x.end) for s, e in spans):
            continue
        keep.append(x)
    # bare repeats of names written with a prefix elsewhere ("Kim Bảng", "(Kim Bảng)")
    literal = {}
    for x in keep:
        if x.kind == "named":
            nm = _strip_prefix_text(x.written)
            if len(nm.split()) >= 2:
                literal.setdefault(nm, x)
    taken = [(x.start, x.end) for x in keep]
    for nm in literal:
        for a, b in content:
            for m in re.finditer(rf"(?<![^\W\d_]){re.escape(nm)}(?![^\W\d_])", text[a:b]):
                s, e = a + m.start(), a + m.end()
                if any(ts <= s < te or s <= ts < e for ts, te in taken):
                    continue
                keep.append(_Mention(s, e, "bare", nm, None, L.normalize_name(nm)))
                taken.append((s, e))
    keep.sort(key=lambda x: (x.start, -x.end))
    # "cấp huyện, cấp xã", "UBND huyện và UBND các xã, thị trấn": the whole district
    merged: list[_Mention] = []
    for x in keep:
        if merged and x.kind == "group" and x.tier == "commune":
            p = merged[-1]
            if p.kind in ("generic", "group") and p.tier == "district" and re.fullmatch(
                    r"\s*(?:,|và|,\s*và)\s*(?:(?:ubnd|ủy\s+ban|cấp)\s+)?", text[p.end:x.start],
                    _FLAGS):
                merged[-1] = _Mention(p.start, x.end, "whole", text[p.start:x.end],
                                      tier="district")
                continue
        merged.append(x)
    return merged


def _strip_prefix_text(written: str) -> str:
    prefix = _PLACE_PREFIX.match(written)
    return written[prefix.end():].strip() if prefix else written


def _resolve_mentions(mentions: list[_Mention], text: str, hint_unit: L.Unit | None,
                      title_span: tuple[int, int] | None, lead_end: int) -> L.Unit | None:
    """Give named/bare mentions candidates and a unit where unambiguous; return the main unit."""
    for x in mentions:
        if x.kind == "named":
            x.candidates = L.resolve_name(x.written)
            if not x.candidates and x.prefix:
                x.candidates = L.resolve_name(_strip_prefix_text(x.written))
                tiers = {"province", "district"} if x.prefix == "thành phố" else None
                if tiers:
                    x.candidates = [u for u in x.candidates if u.level in tiers]
        elif x.kind == "bare":
            cands = L.resolve_name(x.base)
            x.candidates = [u for u in cands if u.level in ("province", "district")] or cands
    # qualifiers: "phường Đồng Quang (TP. Thái Nguyên)", "xã Hòa Cư, huyện Cao Lộc"
    places = [x for x in mentions if x.kind in ("named", "bare")]
    for i, x in enumerate(places[:-1]):
        q = places[i + 1]
        gap = text[x.end:q.start]
        if not (re.fullmatch(r"\s*[,(]\s*", gap) and q.candidates and x.candidates):
            continue
        if min(_LEVEL_RANK[u.level] for u in q.candidates) >= max(
                _LEVEL_RANK[u.level] for u in x.candidates):
            continue
        q.qualifier = True
        within = {u.code for u in q.candidates}
        narrowed = [u for u in x.candidates if within & set(u.parents)]
        if narrowed:
            x.candidates = narrowed
    for x in places:
        _pick(x)
    for i, x in enumerate(places[:-1]):  # again, now that qualifiers may have a unit
        q = places[i + 1]
        if x.unit is None and q.qualifier and q.unit is not None:
            narrowed = [u for u in x.candidates if q.unit.code in u.parents]
            if narrowed:
                x.candidates = narrowed
                _pick(x)
    # bare mentions with several candidates: the highest level when it is unique there
    for x in places:
        if x.unit is None and x.kind == "bare" and x.candidates:
            top = min(_LEVEL_RANK[u.level] for u in x.candidates)
            tops = [u for u in x.candidates if _LEVEL_RANK[u.level] == top]
            if len(tops) == 1:
                x.unit = tops[0]
    main = hint_unit
    if main is None:
        early = [x for x in places if x.unit is not None and not x.qualifier and (
            (title_span and title_span[0] <= x.start < title_span[1]) or x.start < lead_end)]
        in_title = [x for x in early if title_span and title_span[0] <= x.start < title_span[1]]
        pick = (in_title or early)
        if pick:
            main = pick[0].unit
        else:
            counts = Counter(x.unit for x in places if x.unit is not None
                             and x.unit.level in ("province", "district"))
            main = counts.most_common(1)[0][0] if counts else None
    if main is not None:
        scope = {main.code, *main.parents}
        if main.level not in ("province", "district"):
            scope = set(main.parents)
        for x in places:
            if x.unit is None and len(x.candidates) > 1:
                narrowed = [u for u in x.candidates if scope & ({u.code} | set(u.parents))]
                inner = [u for u in narrowed if u.code != main.province_code] or narrowed
                if len(inner) == 1:
                    x.unit = inner[0]
                elif narrowed:
                    x.candidates = narrowed
    return main


_LEVEL_RANK = {"province": 0, "district": 1, "commune": 2, "ward": 2, "township": 2}


def _pick(x: _Mention) -> None:
    if len(x.candidates) == 1:
        x.unit = x.candidates[0]
    elif x.candidates and x.prefix and _LEVEL_RANK[x.candidates[0].level] < 2:
        exact = [u for u in x.candidates if u.unit_type.casefold() == x.prefix]
        if len(exact) == 1:
            x.unit = exact[0]


# --------------------------------------------------------------------------------------------
# the extraction


@dataclass
class _Claim:
    num: _Num
    sent: tuple[int, int]
    par: int
    metric: str = "other"
    metric_source: str = "none"
    comparator: str = "eq"
    kind: str = "reported"
    period: tuple[str | None, str | None] = (None, None)
    locality: str | None = None
    locality_resolved: bool = False
    aggregation: str = "not_applicable"
    denominator: float | None = None
    denominator_ref: int | None = None
    note: list[str] = field(default_factory=list)


def _resolve_hint(hint: str | None) -> L.Unit | None:
    if hint is None or not hint.strip():
        return None
    h = unicodedata.normalize("NFC", hint).strip()
    if h.isdigit():
        unit = L.lookup(h, CODE_LIST_LEGACY)
        if unit is None:
            raise ValueError(f"locality hint {hint!r}: no unit with this code in "
                             f"{CODE_LIST_LEGACY}")
        return unit
    cands = L.resolve_name(h)
    if not cands:
        raise ValueError(f"locality hint {hint!r}: no unit of {CODE_LIST_LEGACY} has this name")
    top = [u for u in cands if _LEVEL_RANK[u.level] == min(_LEVEL_RANK[c.level] for c in cands)]
    if len(top) > 1:
        raise ValueError(
            f"locality hint {hint!r} is ambiguous: "
            + ", ".join(f"{u.name} ({u.code})" for u in top[:6])
            + "; give the code, or the name with its type and province")
    return top[0]


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    s = str(published).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s) or None
    if m:
        s = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
        if m:
            s = f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}"
    if not _valid_date(s):
        raise ValueError(f"published date {published!r}: expected YYYY-MM-DD or DD/MM/YYYY")
    return s


def extract_claims(
    text: str,
    *,
    source_id: str | None = None,
    locality_hint: str | None = None,
    published: str | None = None,
    register: str | None = None,
    stats: ExtractionStats | None = None,
) -> dict:
    """Draft register (data/claims/README.md format) of the numeric claims in one article.

    ``source_id``: the article's id (file stem); ``locality_hint``: a unit name ("huyện Kim
    Bảng") or code ("350", list gso-2025-01-04) for the article's main locality; ``published``:
    "YYYY-MM-DD" (or "DD/MM/YYYY"; when None, a date on one of the first short lines is used and
    said so in ``published_note``); ``register``: the register name (default: the main
    locality's slug and the claims' most common year). Pass an :class:`ExtractionStats` as
    ``stats`` to get counts and timing. Claims carry a ``confidence`` in [0, 1].
    """
    st = stats if stats is not None else ExtractionStats()
    t0 = time.perf_counter()
    L.known_base_names(CODE_LIST_LEGACY)  # cached after the first call
    st.setup_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    hint_unit = _resolve_hint(locality_hint)
    published = _check_published(published)
    text = _prepare(text)
    st.chars = len(text)
    if source_id is None:
        source_id = "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    st.source_id = source_id

    pars = _paragraphs(text)
    published_note = None
    if published is None:
        published, published_note = _infer_published(text, pars)
    content = [(a, b) for a, b in pars if not _FOOTER.search(text[a:b])]
    title_span = next(((a, b) for a, b in pars
                       if not _PUBLISHED_LINE.search(text[a:b]) and len(text[a:b].split()) >= 5),
                      pars[0] if pars else None)
    title = text[title_span[0]:title_span[1]].strip() if title_span else ""

    # sentences, deduplicated (captions and lead paragraphs are often printed twice)
    sentences: list[tuple[int, int, int]] = []  # (start, end, paragraph index)
    seen: set[str] = set()
    all_sents = [(s, e, pi) for pi, (a, b) in enumerate(content)
                 for s, e in _sentences(text, a, b)]
    norm = [re.sub(r"\s+", " ", text[s:e]).strip() for s, e, _ in all_sents]
    for i, (s, e, pi) in enumerate(all_sents):
        key = norm[i]
        if key in seen:
            st.skipped["repeated sentence"] += len(_NUM.findall(key))
            continue
        if key.endswith(("...", "…")):
            stem = key.rstrip(".… ")
            if len(stem) > 20 and any(o != key and o.startswith(stem) for o in norm):
                st.skipped["truncated teaser"] += len(_NUM.findall(key))
                continue
        seen.add(key)
        sentences.append((s, e, pi))
    st.sentences = len(sentences)

    periods = _find_periods(text, published)
    mentions = _find_mentions(text, content)
    # the lead: the title and the first two paragraphs of running text after it
    body = [(a, b) for a, b in content
            if (title_span is None or a > title_span[0]) and len(text[a:b].split()) >= 8]
    lead_end = body[min(1, len(body) - 1)][1] if body else (title_span[1] if title_span else 0)
    main = _resolve_mentions(mentions, text, hint_unit, title_span, lead_end)

    # ---- numbers → claims
    claims: list[_Claim] = []
    for s, e, pi in sentences:
        nums = _scan_numbers(text, s, e)
        st.numbers += len(nums)
        prev_end = s
        sentence_claims: list[_Claim] = []
        for n in nums:
            if n.skip:
                st.skipped[n.skip] += 1
                if len(st.skipped_examples) < 200:
                    st.skipped_examples.append((n.value_text, n.skip,
                                                text[max(s, n.start - 30):n.end + 30]))
                continue
            try:
                parsed = parse_vn_number(n.value_text)
            except ValueError:
                st.skipped["not a number"] += 1
                continue
            c = _Claim(n, (s, e), pi)
            if parsed.denominator is not None:
                c.denominator = float(parsed.denominator)
            _guess(c, text, s, e, prev_end, sentence_claims)
            sentence_claims.append(c)
            claims.append(c)
            prev_end = max(n.unit_end, n.end)

    # ---- kind, period, locality, aggregation
    par_target = {pi: bool(_TARGET.match(text[a:b].lstrip(" -–•*"))) or bool(
        re.match(r"^\s*(?:với\s+)?mục\s+tiêu", text[a:b], _FLAGS))
        for pi, (a, b) in enumerate(content)}
    for c in claims:
        s, e = c.sent
        head = text[s:c.num.start]
        if _TARGET.search(head) or (par_target.get(c.par) and not _PAST.search(text[s:e])):
            c.kind = "target"
        c.period = _period_for(c, periods, content, published,
                               lambda c_: text[c_.sent[0]:c_.sent[1]])
    places = _localities(mentions, main)
    for c in claims:
        c.locality, c.locality_resolved = _locality_for(c, places, text, content)
        if _AVERAGE.search(re.split(r"[;:]", text[c.sent[0]:c.num.start])[-1]):
            c.aggregation = "unit_average"
        elif c.metric in ("on_time_rate", "sat_very_share", "sat_ok_share", "sat_no_share",
                          "satisfaction_rate"):
            c.aggregation = "pooled"
    localities = places.finalize()
    _denominator_refs(claims)

    # ---- register dict
    reported = [c for c in claims if c.kind == "reported"]
    years = Counter(c.period[0][:4] for c in reported if c.period[0])
    if register is None:
        base = _slug(main.base_name) if main is not None else _slug(source_id)
        year = ""
        if years:  # the year most reported claims start in, if it is most of them
            year, count = years.most_common(1)[0]
            year = year if count * 2 >= len(reported) else ""
        register = f"{base}-{year}" if year else base
        register = register or "draft"
    register = _slug(register) or "draft"
    out_claims = []
    for i, c in enumerate(claims, start=1):
        value = float(parse_vn_number(c.num.value_text).value)
        out_claims.append({
            "id": f"{register}-{i:02d}",
            "locality": c.locality,
            "period_start": c.period[0],
            "period_end": c.period[1],
            "kind": c.kind,
            "metric": _metric(c.metric),
            "value_text": c.num.value_text,
            "value": value,
            "unit": c.num.unit,
            "comparator": c.comparator,
            "denominator": c.denominator,
            "denominator_ref": (f"{register}-{c.denominator_ref:02d}"
                                if c.denominator_ref else None),
            "aggregation": c.aggregation,
            "quote": re.sub(r"\s+", " ", text[c.sent[0]:c.sent[1]]).strip(),
            "note": "; ".join(c.note) if c.note else None,
            "confidence": _confidence(c),
        })
    st.claims = len(out_claims)
    st.localities = len(localities)
    st.unresolved_localities = sorted({x.written for x in mentions
                                       if x.kind == "named" and x.unit is None})
    source = {"id": source_id, "title": title or None, "publisher": None, "published": published}
    if published_note:
        source["published_note"] = published_note
    st.seconds = time.perf_counter() - t0
    return {"register": register, "synthetic": False, "source": source,
            "localities": localities, "claims": out_claims}


def _guess(c: _Claim, text: str, s: int, e: int, prev_end: int,
           sentence_claims: list[_Claim]) -> None:
    """Metric and comparator of one number from the words around it."""
    n = c.num
    sent = text[s:e]
    # window before: from the previous number (or the last strong boundary) to this one
    head = text[prev_end:n.start]
    cut = max(head.rfind(ch) for ch in ";(:.!?")
    before = head[cut + 1:] if cut >= 0 else head
    before_n = _neutral(before)
    # window after: to the next number or strong boundary
    tail = text[n.unit_end:e]
    stop = re.search(r"[;().!?]|(?<!độ )(?<!mức )\d", tail)
    after = tail[:stop.start()] if stop else tail
    after_n = _neutral(after)
    noun = re.split(r",|\bvà\b|[“\"(]", after, maxsplit=1, flags=_FLAGS)[0]
    sentence_before = _neutral(text[s:n.start])

    # comparator
    tailb = before[-25:]
    if re.search(r"(?:trên\s+dưới|gần|khoảng|xấp\s+xỉ|chừng|ước\s+(?:tính\s+)?(?:đạt\s+)?)\s*$",
                 tailb, _FLAGS):
        c.comparator = "approx"
    elif re.search(r"(?:hơn|trên|vượt|vượt\s+quá)\s*$", tailb, _FLAGS):
        c.comparator = "gt"
    elif re.search(r"(?:ít\s+nhất|tối\s+thiểu|không\s+dưới|từ)\s*$", tailb, _FLAGS):
        c.comparator = "ge"
    elif re.search(r"(?:dưới|chưa\s+(?:đến|tới)|không\s+quá|tối\s+đa)\s*$", tailb, _FLAGS):
        c.comparator = "lt"
    if n.range_role == "low" and c.comparator == "eq":
        c.comparator = "ge"
    elif n.range_role == "high":
        c.comparator = "lt"
        c.note.append("upper end of a range")

    unit = n.unit
    metric, source = None, "none"
    if unit == "percent":
        if _CHANGE.search(before) or re.match(r"^\s*so\s+với", after, _FLAGS):
            on_time_ctx = _ON_TIME.search(_neutral(sent))
            metric = "on_time_rate_change" if on_time_ctx else None
            source = "change"
        if metric is None and source != "change":
            for pat, m_ in _PERCENT_NOUN:
                if pat.search(after_n):
                    metric, source = m_, "noun"
                    break
        if metric is None and source != "change" and _PLAN_NOUN.search(after):
            metric = "online_receipt_vs_plan" if _ONLINE.search(sent) else None
            source = "plan"
        if metric is None and source == "none" and _AGENCY_NOUN.search(after):
            for ctx in (after_n, before_n, sentence_before):
                if _COMPUTERS.search(ctx):
                    metric, source = "agencies_computerised_share", "agency"
                elif _E_OFFICE.search(ctx):
                    metric, source = "e_office_share", "agency"
                if metric:
                    break
        if metric is None and source == "none":
            slot = _RATE_SLOT.search(before)
            first, second = ((before_n + " " + _neutral(noun), after_n) if slot
                             else (after_n, before_n))
            metric = _percent_metric(first) or _percent_metric(second)
            source = "context" if metric else "none"
        if metric is None and source == "none" and sentence_claims:
            prev = sentence_claims[-1]
            if prev.metric == "dossiers_resolved_on_time":
                metric, source = "on_time_rate", "inherit"
    elif unit == "dossier":
        pred = _PREDICATE.match(after)
        if pred:
            metric = _dossier_metric(after_n)
        metric = metric or _dossier_metric(before_n)
        source = "context" if metric else "none"
    elif unit == "procedure":
        pred = _PREDICATE.match(after)
        if pred:
            metric = _procedure_metric(after_n, weak=False)
        metric = metric or _procedure_metric(before_n, weak=False)
        source = "context" if metric else "none"
    elif unit == "unit":
        metric = "units_completed" if c.denominator is not None else "units_count"
        source = "unit"
    elif unit == "person":
        metric = "staff_trained" if _TRAINING.search(sent) else "staff_count"
        source = "unit"
    elif unit == "attendance":
        metric, source = "staff_trained", "unit"  # "780 lượt cán bộ": attendances
    elif unit == "point":
        metric, source = ("par_index_score", "unit") if _PAR.search(sent) else (None, "none")
    elif unit == "year":
        metric, source = "years_elapsed", "unit"
    elif unit == "minute":
        metric, source = "wait_minutes", "unit"
    elif unit in ("vnd", "billion_vnd", "million_vnd", "thousand_vnd"):
        metric, source = ("budget_amount", "unit") if _BUDGET.search(sent) else (None, "none")
        if unit == "vnd" and re.match(r"^\s*(?:triệu|nghìn|ngàn)", text[n.end:n.end + 10],
                                      _FLAGS):
            c.note.append("value in triệu/nghìn đồng: UNITS has no unit for it; fix value or unit")
    elif unit == "document":
        if _LEGAL_DOC.search(text[n.end:n.unit_end + 40]):
            metric, source = "legal_documents_reviewed", "unit"
    elif unit == "feedback":
        metric, source = "feedback_received", "unit"
    elif unit == "rank":
        metric, source = "rank", "unit"
    elif unit == "task":
        metric, source = None, "unit"

    if metric is None and unit == "procedure":
        # "213 thủ tục (200 thủ tục một cửa; 13 thủ tục liên thông)": the parts name the whole
        par = re.match(r"^\s*\(([^()]*)\)", text[n.unit_end:e])
        if par:
            inner = _neutral(par.group(1))
            if _one_stop_kind(inner) == "any":
                metric, source = "procedures_one_stop_any", "context"
            elif _LEVEL3.search(inner) and _LEVEL4.search(inner):
                metric, source = "procedures_online", "context"
    if metric is None and unit in ("dossier", "procedure") and sentence_claims:
        # "213 TTHC ... và 123 TTHC ...": a coordinated number shares its neighbour's metric
        prev = next((p for p in reversed(sentence_claims) if p.num.unit == unit), None)
        gap_has_kw = (_dossier_metric(before_n) if unit == "dossier"
                      else _procedure_metric(before_n, weak=False))
        if prev is not None and not gap_has_kw and prev.metric != "other":
            metric, source = prev.metric, "inherit"
    if metric is None and unit == "procedure":
        metric = _procedure_metric(before_n + " " + after_n)
        source = "context" if metric else "none"
    if metric is None and unit in ("dossier", "procedure"):
        fn = _dossier_metric if unit == "dossier" else _procedure_metric
        metric = fn(sentence_before)
        source = "sentence" if metric else "none"
    c.metric = _metric(metric) if metric else "other"
    c.metric_source = source if metric else "none"
    if c.metric == "other":
        c.note.append("metric not recognised from the words around the number: say what it is")
    if n.unit_source == "before":
        c.note.append("unit taken from the noun before the number")


def _period_for(c: _Claim, periods: list[_Period], content, published, text_of) -> tuple:
    s, e = c.sent
    pos = c.num.start
    in_sent = [p for p in periods if s <= p.start < e]
    before = [p for p in in_sent if p.start < pos]
    clause_end = e
    semi = text_of(c).find(";", pos - s)
    if semi >= 0:
        clause_end = s + semi
    after = [p for p in in_sent if pos <= p.start < clause_end]
    chosen = before[-1] if before else (after[0] if after else None)
    if chosen is None:
        pa, pb = content[c.par]
        in_par = [p for p in periods if pa <= p.start < s]
        chosen = in_par[-1] if in_par else None
    if chosen is None:
        prior = [p for p in periods if p.end <= s and p.year_like]
        chosen = prior[-1] if prior else None
    if chosen is None:
        if published and re.search(r"\bđang\b", _neutral(text_of(c)), _FLAGS):
            return (None, published)  # "đang niêm yết": the state at publication
        return (None, None)
    start, end = chosen.p_start, chosen.p_end
    if chosen.to_date:
        prior = [p for p in periods if p.end <= chosen.start and p.year_like]
        if prior and (not published or prior[-1].p_start <= published):
            start = prior[-1].p_start
            if not published:
                end = prior[-1].p_end  # no publication date: the year the text speaks of
    if start and end and start > end:
        start = None
    return (start, end)


def _localities(mentions: list[_Mention], main: L.Unit | None) -> "_Places":
    """Localities block: the main unit first, then every place named in the text."""
    places = _Places({}, {}, main, mentions)
    if main is not None:
        places.unit(main)
    named_first = sorted((x for x in mentions if x.kind in ("named", "bare")),
                         key=lambda x: (x.kind != "named", x.start))
    for x in named_first:
        if x.unit is not None:
            fresh = f"u:{x.unit.code}" not in places.keys
            x.key = places.unit(x.unit)
            entry = places.locs[x.key]
            if fresh or entry["name"] == x.unit.name:
                entry["name"] = x.written
                level = _PREFIX_LEVEL.get(x.prefix or "")
                if x.kind == "named" and level and x.prefix != "thành phố":
                    entry["level"] = level  # as the article writes it (xã in 2022)
        elif x.kind == "named":
            level = _PREFIX_LEVEL.get(x.prefix or "") or (
                "province" if x.prefix == "thành phố" else "district")
            x.key = places._add(f"n:{x.prefix}:{x.base}", _slug(x.base),
                                {"name": x.written, "level": level, "parent": None})
    return places


class _Places:
    """Keys of the localities block, created as claims refer to them."""

    def __init__(self, locs: dict, keys: dict, main: L.Unit | None, mentions: list[_Mention]):
        self.locs, self.keys, self.main, self.mentions = locs, keys, main, mentions
        self.main_district = self.main_province = None
        if main is not None:
            self.main_province = L.lookup(main.province_code, main.code_list)
            if main.level == "district":
                self.main_district = main
            elif main.district_code:
                self.main_district = L.lookup(main.district_code, main.code_list)

    def _add(self, ident: str, key: str, entry: dict) -> str:
        if ident in self.keys:
            return self.keys[ident]
        key = key or "place"
        k, i = key, 2
        if k in self.locs and entry.get("level"):
            k = f"{key}-{entry['level']}"  # "lang-son" the province, "lang-son-district"
        while k in self.locs:
            k, i = f"{key}-{i}", i + 1
        self.locs[k] = entry
        self.keys[ident] = k
        return k

    def unit(self, u: L.Unit | None) -> str | None:
        if u is None:
            return None
        ident = f"u:{u.code}"
        if ident not in self.keys:
            parent = next((self.keys[f"u:{p}"] for p in reversed(u.parents)
                           if f"u:{p}" in self.keys), None)
            self._add(ident, _slug(u.base_name), {"name": u.name, "level": u.level,
                                                  "code": u.code, "code_list": u.code_list,
                                                  "parent": parent})
        return self.keys[ident]

    def group(self, owner: L.Unit | None, tier: str, written: str) -> str | None:
        if owner is None:
            return None
        owner_key = self.unit(owner)
        level = "commune_group" if tier == "commune" else (
            "district_group" if "district_group" in LEVELS else "commune_group")
        suffix = "communes" if tier == "commune" else "districts"
        return self._add(f"g:{owner.code}:{tier}", f"{owner_key}-{suffix}",
                         {"name": written.strip(), "level": level, "parent": owner_key})

    def district_level(self, district: L.Unit, written: str) -> str:
        """"UBND huyện", "cấp huyện": the district's own level, beside its communes."""
        owner_key = self.unit(district)
        return self._add(f"d:{district.code}", f"{owner_key}-district-level",
                         {"name": written.strip(), "level": "district", "parent": owner_key})

    def centre(self, owner: L.Unit | None, written: str) -> str | None:
        if owner is None:
            return None
        owner_key = self.unit(owner)
        return self._add(f"c:{owner.code}", f"{owner_key}-centre",
                         {"name": written.strip(), "level": "centre", "parent": owner_key})

    def finalize(self) -> dict:
        """Parents from codes: the nearest enclosing unit that is in the block."""
        by_code = {v["code"]: k for k, v in self.locs.items() if v.get("code")}
        for v in self.locs.values():
            if v.get("code"):
                u = L.lookup(v["code"], v["code_list"])
                v["parent"] = next((by_code[p] for p in reversed(u.parents) if p in by_code),
                                   None)
        return self.locs

    def fallback(self) -> str:
        return self._add("unknown", "unknown", {
            "name": "(no place found in the text: set the locality)", "level": "province",
            "parent": None})

    def key_of(self, x: _Mention) -> tuple[str | None, bool]:
        """Locality key a mention stands for, and whether it has a code."""
        main, district, province = self.main, self.main_district, self.main_province
        if x.kind in ("named", "bare"):
            return x.key, x.unit is not None
        if x.kind == "whole":
            return self.unit(district or main), True
        if x.kind == "generic":
            if x.tier == "province":
                return self.unit(province), province is not None
            if x.tier == "district":
                if district is not None and main is district:
                    return self.district_level(district, x.written), False
                if district is not None:
                    return self.unit(district), True
                return None, False
            last = next((m for m in reversed(self.mentions)
                         if m.start < x.start and m.kind in ("named", "bare") and m.unit
                         is not None and m.unit.level in ("commune", "ward", "township")
                         and not m.qualifier), None)
            if last is not None:
                return last.key, True
            if main is not None and main.level in ("commune", "ward", "township"):
                return self.unit(main), True
            return self.group(district or province, "commune", x.written), False
        if x.kind == "group":
            if x.tier == "commune":
                owner = main if main is not None and main.level in ("province", "district") \
                    else district
                return self.group(owner, "commune", x.written), False
            if main is not None and main.level == "province":
                return self.group(main, "district", x.written), False
            if district is not None and main is district:
                return self.district_level(district, x.written), False
            return self.unit(district), district is not None
        if x.kind == "centre":
            owner = province if x.tier == "province" else (
                district if x.tier == "district" else (district or main))
            return self.centre(owner, x.written), False
        return None, False


_OWNER_BEFORE = _rx(r"(?:của|do|theo|với)\s+(?:ubnd\s+|ủy\s+ban\s+(?:nhân\s+dân\s+)?|"
                    r"chủ\s+tịch\s+(?:ubnd\s+)?)?$")


def _locality_for(c: _Claim, places: _Places, text: str, content) -> tuple[str, bool]:
    n = c.num
    s, e = c.sent
    ms = places.mentions
    # 1. a place in the noun phrase right after the number ("18/18 UBND các xã, thị trấn")
    tail = text[n.unit_end:e]
    stop = re.search(r"[;().!?:]|\d", tail)
    limit = n.unit_end + min(32, stop.start() if stop else len(tail))
    for x in ms:
        if x.end > n.end and x.start < limit and x.start >= n.start and not x.qualifier \
                and x.kind != "generic":
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 2. the nearest place before it in the sentence (not "của UBND tỉnh": an owner)
    for x in reversed(ms):
        if s <= x.start and x.end <= n.start and not x.qualifier:
            if x.kind in ("generic", "group") and _OWNER_BEFORE.search(text[s:x.start]):
                continue
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 3. the nearest named place or centre earlier in the paragraph
    pa, _pb = content[c.par]
    for x in reversed(ms):
        if pa <= x.start and x.end <= s and x.kind in ("named", "bare", "centre") \
                and not x.qualifier:
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 4. the article's main locality
    if places.main is not None:
        return places.unit(places.main), True
    return places.fallback(), False


def _denominator_refs(claims: list[_Claim]) -> None:
    for i, c in enumerate(claims):
        if c.metric not in ("dossiers_resolved_on_time", "on_time_rate", "dossiers_late",
                            "dossiers_resolved"):
            continue
        for j in range(i - 1, -1, -1):
            p = claims[j]
            if p.par != c.par:
                break
            if p.metric == "dossiers_received" and p.locality == c.locality:
                c.denominator_ref = j + 1
                break


def _confidence(c: _Claim) -> float:
    score = 0.45
    if c.metric != "other":
        score += {"noun": 0.3, "unit": 0.3, "context": 0.25, "agency": 0.2, "plan": 0.2,
                  "change": 0.2, "inherit": 0.15, "sentence": 0.1}.get(c.metric_source, 0.1)
    if c.num.unit_source == "before":
        score -= 0.15
    if c.locality_resolved:
        score += 0.1
    if c.period != (None, None):
        score += 0.1
    return round(max(0.05, min(0.99, score)), 2)


# --------------------------------------------------------------------------------------------
# files and YAML


def extract_file(path: str | Path, *, locality_hint: str | None = None,
                 published: str | None = None,
                 register: str | None = None) -> tuple[dict, ExtractionStats]:
    """Read a UTF-8 text file and extract; ``source.id`` is the file stem."""
    p = Path(path)
    text = p.read_bytes().decode("utf-8", "replace")
    stats = ExtractionStats()
    reg = extract_claims(text, source_id=p.stem, locality_hint=locality_hint,
                         published=published, register=register, stats=stats)
    return reg, stats


class _Quoted(str):
    """A string YAML must write in double quotes."""


class _Dumper(yaml.SafeDumper):
    pass


def _repr_quoted(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(_Quoted, _repr_quoted)

_QUOTED_FIELDS = {"id", "value_text", "code", "period_start", "period_end", "published",
                  "title", "quote", "name", "note", "published_note", "publisher",
                  "denominator_ref", "locality", "parent"}


def _quote(obj, key=None):
    if isinstance(obj, dict):
        return {k: _quote(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_quote(v, key) for v in obj]
    if isinstance(obj, str) and key in _QUOTED_FIELDS:
        return _Quoted(obj)
    return obj


def dump_yaml(register: dict) -> str:
    """The register as YAML: codes, dates, ids and every ``value_text`` in double quotes,
    Vietnamese unescaped, keys and claims in their order (claims are in text order)."""
    header = ("# DRAFT written by `motcua claims extract`: every claim needs a person's review\n"
              "# (metric, locality, period, kind); `confidence` is the extractor's own guess.\n")
    body = yaml.dump(_quote(register), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000, default_flow_style=False)
    return header + body
