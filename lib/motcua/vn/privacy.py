"""Personal data in one-stop exports: detect it, keep it out of the clean tables, hash what links.

Citizen names, 12-digit ID numbers, phone numbers and addresses in exports are dropped, masked
or replaced by a keyed hash at load time (motcua.records), so no report can show them; a test
scans every generated report for such patterns (that test calls :func:`scan_report`).

What counts as personal data here (Vietnamese formats):

* **CCCD** (căn cước công dân / căn cước, 12 digits: 3-digit province code, 1 gender-century
  digit, 2 birth-year digits, 6 serial digits; Circular 07/2016/TT-BCA Art. 7 as amended by
  Circular 40/2019/TT-BCA) and the 12-digit personal identification number
  (số định danh cá nhân, Decree 137/2015/NĐ-CP Art. 13) — the same 12 digits.
* **CMND** (old identity card, 9 digits; Decree 05/1999/NĐ-CP, superseded but still in
  older records).
* **Phone numbers**: ``0`` + 9 digits for mobiles (prefixes 03/05/07/08/09 since the 2018
  renumbering, MIC Circular 22/2014/TT-BTTTT as amended) and ``02x`` + 8 digits for landlines,
  or ``+84`` / ``0084`` instead of the leading ``0``; groups may be separated by a space,
  a dot or a hyphen.
* **e-mail addresses**.
* **Names and addresses**: no pattern finds a name or an address in free text reliably. In
  tables they are found by *header* (:func:`is_personal_header`: "Họ tên", "Người nộp",
  "Địa chỉ", "Số CCCD", "Số điện thoại"…) and those columns are never read. In report text
  the scanner looks for a name or an address after a label ("Họ và tên: …", "Địa chỉ: …"),
  street addresses with a house number ("số 12 ngõ 34 …", "số 5 đường …"), and the
  common Vietnamese name shape *surname + Văn/Thị + given name* ("Nguyễn Văn An"), which also
  matches public officials quoted in articles: narrow ``kinds`` where that is expected.

**Keyed hash.** :func:`keyed_hash` = HMAC-SHA256 (RFC 2104) of the normalised value, hex,
first 20 characters (80 bits: with 10 million distinct values the chance of any collision is
about 4e-11). The key comes from, in order: the ``key`` argument; the environment variable
``MOTCUA_HASH_KEY`` (any string; keep it outside the repository); otherwise a random 32-byte key
made once per process (**the default**). The default is deliberately not a fixed string: with
a published key anyone could hash all 10^9 phone numbers or 10^12 ID numbers and reverse the
tokens. The price is that tokens from two processes differ, so set ``MOTCUA_HASH_KEY`` when
hashed identifiers must link across runs (e.g. the same applicant in two ingests).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from motcua.vn.vocab import fold

#: Environment variable holding the hashing key.
KEY_ENV = "MOTCUA_HASH_KEY"
#: Length of a hash token in hex characters (80 bits).
TOKEN_HEX = 20

_PROCESS_KEY = secrets.token_bytes(32)


def resolve_key(key: str | bytes | None = None) -> tuple[bytes, str]:
    """The hashing key and where it came from: ``"argument"``, ``"env"`` or ``"ephemeral"``."""
    if key is not None:
        return (key.encode() if isinstance(key, str) else bytes(key)), "argument"
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode(), "env"
    return _PROCESS_KEY, "ephemeral"


def normalize_identifier(value: str) -> str:
    """Canonical form before hashing: NFC, casefold, spaces collapsed; for a value that is an ID
    or phone number (digits with separators), the digits only, with ``+84``/``0084`` → ``0``."""
    s = unicodedata.normalize("NFC", str(value)).strip().casefold()
    s = re.sub(r"\s+", " ", s)
    if re.fullmatch(r"[+\d][\d .\-()]*", s):
        digits = re.sub(r"\D", "", s)
        if s.startswith("+84"):
            digits = "0" + digits[2:]
        elif digits.startswith("0084"):
            digits = "0" + digits[4:]
        return digits
    return s


def keyed_hash(value: str, key: str | bytes | None = None) -> str:
    """HMAC-SHA256 token of ``value`` (normalised by :func:`normalize_identifier`), 20 hex."""
    k, _ = resolve_key(key)
    digest = hmac.new(k, normalize_identifier(value).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:TOKEN_HEX]


def hash_values(values: Iterable[str | None], key: str | bytes | None = None) -> list[str | None]:
    """:func:`keyed_hash` of each value, hashing every distinct value once; None stays None."""
    k, _ = resolve_key(key)
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v) or str(v).strip() == "":
            out.append(None)
            continue
        h = cache.get(v)
        if h is None:
            h = cache[v] = keyed_hash(v, k)
        out.append(h)
    return out


# --------------------------------------------------------------------------------------------
# columns that hold personal data, by header (folded, see vocab.fold)

_PERSONAL_HEADER_WORDS = {
    # role: folded header fragments; a header containing one of them is personal
    "name": ["hoten", "hovaten", "tennguoinop", "nguoinop", "nguoidung", "tencongdan",
             "congdan", "chuhoso", "nguoidenghi", "nguoiyeucau", "tenchuhoso", "tennguoi",
             "hotennguoi", "nguoidaidien", "applicantname", "applicant", "citizenname",
             "fullname", "tenca nhan".replace(" ", ""), "nguoidanhgia"],
    "id_number": ["cccd", "cmnd", "socancuoc", "cancuoc", "chungminhnhandan", "sodinhdanh",
                  "madinhdanh", "sogiayto", "giaytotuythan", "hochieu", "idnumber",
                  "nationalid", "passport"],
    "phone": ["sodienthoai", "dienthoai", "sdt", "didong", "phone", "mobile", "tel"],
    "email": ["email", "thudientu", "mail"],
    "address": ["diachi", "noithuongtru", "thuongtru", "noiotamtru", "tamtru", "chooo",
                "chohientai", "quequan", "noisinh", "address"],
    "birth": ["ngaysinh", "namsinh", "dateofbirth", "birth", "dob"],
}


def personal_header_kind(label: str) -> str | None:
    """Which kind of personal data a column header announces (``name``, ``id_number``,
    ``phone``, ``email``, ``address``, ``birth``), or None."""
    key = fold(label)
    if not key:
        return None
    for kind, words in _PERSONAL_HEADER_WORDS.items():
        for w in words:
            if w == key or (len(w) >= 4 and w in key):
                return kind
    return None


def is_personal_header(label: str) -> bool:
    """True when the header announces personal data (see :func:`personal_header_kind`)."""
    return personal_header_kind(label) is not None


# --------------------------------------------------------------------------------------------
# text scanning

_UPPER = "A-ZÀ-ỸĐ"
_LOWER = "a-zà-ỹđ"
_WORD = rf"[{_UPPER}][{_LOWER}]+"
_SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|"
             "Đào|Trương|Lâm|Mai|Trịnh|Cao|Lưu|Tạ|Hà|Phùng|Tô|Châu|Lương|Đoàn")

_PATTERNS: dict[str, re.Pattern[str]] = {
    # 12 digits, not part of a longer run of letters/digits (so hash tokens, timestamps,
    # grouped numbers like 17.391.000 do not match)
    "cccd": re.compile(r"(?<![0-9A-Za-z.,])\d{12}(?![0-9A-Za-z]|[.,]\d)"),
    "cmnd": re.compile(r"(?<![0-9A-Za-z.,])\d{9}(?![0-9A-Za-z]|[.,]\d)"),
    "phone": re.compile(
        # a separator may follow +84, never the leading 0: "0.9973 0.0090" is two decimals
        r"(?<![0-9A-Za-z+.,])(?:(?:\+84|0084)[ .\-]?|0)"
        r"(?:[35789]\d(?:[ .\-]?\d){7}|2\d(?:[ .\-]?\d){8})(?![0-9A-Za-z]|[.,]\d)"),
    "email": re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"),
    "labelled_name": re.compile(
        r"(?i:họ\s+(?:và\s+)?tên|người\s+nộp(?:\s+hồ\s+sơ)?|tên\s+công\s+dân|chủ\s+hồ\s+sơ|"
        r"applicant(?:\s+name)?|full\s+name)\s*[:：]\s*" + rf"{_WORD}(?:\s+{_WORD}){{1,4}}"),
    "vn_name": re.compile(rf"\b(?:{_SURNAMES})\s+(?:Văn|Thị)\s+{_WORD}(?:\s+{_WORD})?\b"),
    # a person named after a form of address ("Anh Hoàng Xuân Mạnh", "bà Lê Hoa")
    "addressed_name": re.compile(
        rf"\b(?:[Aa]nh|[Cc]hị|[Ôô]ng|[Bb]à|[Cc]ô|[Cc]hú|[Bb]ác|[Ee]m)\s+(?:{_SURNAMES})"
        rf"(?:\s+{_WORD}){{1,3}}\b"),
    "labelled_address": re.compile(
        r"(?i:địa\s+chỉ|nơi\s+thường\s+trú|nơi\s+tạm\s+trú|chỗ\s+ở\s+hiện\s+(?:tại|nay)|"
        r"address)\s*[:：]\s*\S[^\n<]{3,}"),
    "street_address": re.compile(
        r"(?i:\bsố\s+(?:nhà\s+)?\d+[A-Za-z]?(?:/\d+)*\s*,?\s*"
        r"(?:ngõ|ngách|hẻm|kiệt|đường|phố)\s+\S+|\b(?:ngõ|ngách|hẻm|kiệt)\s+\d+(?:/\d+)*\s*,?\s*"
        r"(?:đường|phố)?\s*\S+)"),
}
#: Words after which a "person-shaped" name is a place named after a person.
_PLACE_BEFORE = re.compile(r"(?i:phường|xã|thị\s+trấn|quận|huyện|tỉnh|thành\s+phố|đường|phố|"
                           r"ngõ|hẻm|trường|cầu|chợ|ward|street|district)\s+$")
#: Every detector; :func:`scan_text` uses all of them unless ``kinds`` narrows the set.
PERSONAL_DATA_KINDS: tuple[str, ...] = tuple(_PATTERNS)


@dataclass(frozen=True)
class Hit:
    """One match. ``masked`` shows only the first and last two characters, so that a failing
    test message does not itself print the personal data."""

    kind: str
    start: int
    end: int
    masked: str
    line: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind} {self.masked}"


def _mask(s: str) -> str:
    return s if len(s) <= 4 else f"{s[:2]}{'*' * (len(s) - 4)}{s[-2:]}"


def scan_text(text: str, kinds: Iterable[str] | None = None) -> list[Hit]:
    """Find personal data in ``text`` (NFC-normalised first).
    ``kinds`` ⊆ :data:`PERSONAL_DATA_KINDS`."""
    chosen = PERSONAL_DATA_KINDS if kinds is None else tuple(kinds)
    unknown = set(chosen) - set(PERSONAL_DATA_KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; known: {list(PERSONAL_DATA_KINDS)}")
    s = unicodedata.normalize("NFC", text)
    hits: list[Hit] = []
    for kind in chosen:
        for m in _PATTERNS[kind].finditer(s):
            if kind == "vn_name" and _PLACE_BEFORE.search(s[max(0, m.start() - 16):m.start()]):
                continue  # "phường Lương Văn Tri", "đường Lê Văn Lương": a place, not a person
            hits.append(Hit(kind, m.start(), m.end(), _mask(m.group(0)),
                            s.count("\n", 0, m.start()) + 1))
    hits.sort(key=lambda h: (h.start, h.kind))
    return hits


_BLOB = re.compile(r"data:[\w/+.\-]+;base64,[A-Za-z0-9+/=\s]+|[A-Za-z0-9+/=]{200,}")
_UESC = re.compile(r"\\u([0-9a-fA-F]{4})")
_TEXT_SUFFIXES = {".html", ".htm", ".md", ".txt", ".json", ".csv", ".ipynb", ".tex", ".xml",
                  ".yaml", ".yml", ".svg", ".log"}


def scan_report(path: str | Path, kinds: Iterable[str] | None = None) -> list[Hit]:
    """Scan one generated report file (HTML, notebook, Markdown, JSON, CSV…) for personal data.

    Embedded base64 blobs (plots in HTML and ``.ipynb`` outputs) are blanked first so that their
    random characters cannot look like digits of an ID; the blanking keeps line numbers.
    ``\\uXXXX`` escapes in JSON and notebooks are decoded before scanning.
    A directory is scanned recursively (text files by suffix). Binary files are skipped.
    """
    p = Path(path)
    if p.is_dir():
        hits: list[Hit] = []
        for f in sorted(p.rglob("*")):
            if f.is_file() and f.suffix.lower() in _TEXT_SUFFIXES:
                hits.extend(scan_report(f, kinds))
        return hits
    text = p.read_text(encoding="utf-8", errors="replace")
    text = _BLOB.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if p.suffix.lower() in (".json", ".ipynb"):
        # papermill and json.dumps write Vietnamese as \uXXXX escapes (stack-notes.md)
        text = _UESC.sub(lambda m: chr(int(m.group(1), 16)), text)
    return scan_text(text, kinds)


#: Detectors of numbers that identify a person; a name next to one of them is masked too.
NUMBER_KINDS: tuple[str, ...] = ("cccd", "cmnd", "phone", "email")
#: What :func:`mask_free_text` masks: numbers and names (addresses in an office's name are the
#: office's, not a person's; quarantined values are masked with every detector instead).
FREE_TEXT_KINDS: tuple[str, ...] = NUMBER_KINDS + ("labelled_name", "vn_name")
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cô", "chú", "em", "cán bộ", "công dân"})
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def _is_name_word(w: str) -> bool:
    return w[:1].isupper() and w[1:].islower() and w.isalpha()


def _name_spans(s: str, hits: list[Hit]) -> list[tuple[int, int]]:
    """Names next to a number: the capitalised words after an honorific anywhere in the text
    ("chị Lan"), and the run of capitalised words (at most four) right before the number
    ("Lan 0912…"), unless a place word ("xã", "phường", "đường"…) comes first."""
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(s)]
    spans = []
    for i, (_, _, w) in enumerate(words):
        two = f"{w} {words[i + 1][2]}".casefold() if i + 1 < len(words) else ""
        j = i + 2 if two in _HONORIFICS else i + 1 if w.casefold() in _HONORIFICS else None
        k = j
        while k is not None and k < len(words) and k - j < 4 and _is_name_word(words[k][2]):
            k += 1
        if j is not None and k > j:
            spans.append((words[j][0], words[k - 1][1]))
    for h in hits:
        before = [w for w in words if w[1] <= h.start and h.start - w[1] < 40]
        run = []
        for a, b, w in reversed(before):
            if not _is_name_word(w) or len(run) == 4 or (run and run[0][0] - b > 3):
                break
            run.insert(0, (a, b))
        if run and not _PLACE_BEFORE.search(s[max(0, run[0][0] - 16):run[0][0]]) \
                and s[run[-1][1]:h.start].strip(" ,:;-–(") == "":
            spans.append((run[0][0], run[-1][1]))
    return spans


def mask_free_text(text: str, key: str | bytes | None = None,
                   kinds: Iterable[str] = FREE_TEXT_KINDS) -> str:
    """``text`` with personal data replaced by ``[<kind>:<keyed hash>]``: every hit of
    ``kinds``, and, when an ID or phone number is present, the name next to it
    (:func:`_name_spans`). Text with nothing personal comes back unchanged."""
    s = unicodedata.normalize("NFC", text)
    hits = scan_text(s, kinds)
    if not hits:
        return text
    spans = [(h.start, h.end, h.kind) for h in hits]
    numbers = [h for h in hits if h.kind in NUMBER_KINDS]
    if numbers:
        spans += [(a, b, "name") for a, b in _name_spans(s, numbers)]
    out, pos = [], 0
    for a, b, kind in sorted(spans):
        if a < pos:  # overlapping spans: the first (leftmost) one wins
            continue
        out.append(s[pos:a])
        out.append(f"[{kind}:{keyed_hash(s[a:b], key)}]")
        pos = b
    out.append(s[pos:])
    return "".join(out)


def redact_text(text: str, key: str | bytes | None = None,
                kinds: Iterable[str] | None = None, label_only: bool = False) -> str:
    """Replace every hit of :func:`scan_text` by ``[<kind>:<keyed hash>]``, or by
    ``[<kind> removed]`` with ``label_only`` (text shown in a report: deterministic, and
    nothing to link across reports)."""
    s = unicodedata.normalize("NFC", text)
    hits = scan_text(s, kinds)
    out, pos = [], 0
    for h in hits:
        if h.start < pos:  # overlapping detectors: the first (leftmost) one wins
            continue
        out.append(s[pos:h.start])
        out.append(f"[{h.kind} removed]" if label_only
                   else f"[{h.kind}:{keyed_hash(s[h.start:h.end], key)}]")
        pos = h.end
    out.append(s[pos:])
    return "".join(out)
