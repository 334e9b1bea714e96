"""File readers: encodings, CSV dialects, Excel sheets, Vietnamese numbers and dates, NFC.

Everything here is vectorised over pyarrow arrays (or works on the distinct values of a
dictionary column), because the ingest benchmark (issue 3 item 8) reads 10 M rows.

**Encoding** (:func:`detect_encoding`), detected, not guessed:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE: Excel's "Unicode text" export);
2. otherwise the first non-ASCII stretch of the file must decode as strict UTF-8;
3. if it does not, the file is Windows-1258 (the Vietnamese Windows code page, what older
   one-stop software and Excel "CSV" exports on Vietnamese Windows write).

No statistical guesser (chardet, charset-normalizer) is needed, because the two candidates are
almost never confusable: UTF-8 needs every byte ≥ 0x80 to sit in a lead byte (0xC2-0xF4)
followed by the right number of continuation bytes (0x80-0xBF). Vietnamese in cp1258 is a
Latin letter (ASCII or 0xC0-0xFF) followed by a *combining* tone mark (0xCC, 0xD2, 0xDE, 0xEC,
0xF2), so a cp1258 lead byte is followed by an ASCII letter or another lead-range byte, never by
a valid continuation sequence: e.g. "Hộ" = ``48 F4 F2`` in cp1258, and 0xF4 needs three
continuation bytes, 0xF2 is not one. A guesser would add a dependency and a probability where
a strict decode gives a yes/no answer. A file that decodes as neither (undefined cp1258 bytes)
stops with an :class:`~motcua.errors.InputError` naming the row.

**Text** is NFC-normalised at read (cp1258 decodes to decomposed letters; macOS and some web
forms produce NFD), trimmed, and the empty string becomes null.

**Numbers** follow ``motcua.numbers`` (comma = decimal mark, dot + three digits = thousands
separator: ``17.391`` = 17391, ``85,90`` = 85.9); :func:`parse_vn_numbers` is its vectorised
twin, tested to agree with :func:`motcua.numbers.parse_vn_number`.

**Dates** are day-first (``28/01/2022``, ``28/01/2022 15:30``, ``28-01-2022``), ISO
(``2022-01-28``, ``2022-01-28T15:30:00``) or Excel serial day numbers (``44589``,
``44589,65``; 1900 date system, day 0 = 1899-12-30). Each value is parsed on its own, so a
column may mix formats; a value that fits none comes back as "bad" for the caller to
quarantine. Vietnamese writes the day first, so ``01/02/2022`` is 1 February, never 2 January.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from motcua.errors import InputError

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (",", ";", "\t")
#: CSV block size of the streaming reader: 8 MiB ≈ 42 k dossier rows. Measured at 10 M rows
#: (bench/ingest/README.md): 4 MiB was ~8 % slower (per-call overhead) at ~0.9 GB peak RSS,
#: 16 MiB no faster at ~1.25 GB (pyarrow reads several blocks ahead); 8 MiB: ~1.0 GB.
BLOCK_SIZE = 8 << 20
_SCAN_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------------
# encoding

def detect_encoding(path: str | Path) -> str:
    """``"utf-8-sig"``, ``"utf-16"``, ``"utf-8"`` or ``"cp1258"`` (see the module docstring)."""
    p = Path(path)
    with p.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        offset = 0
        while True:
            chunk = f.read(_SCAN_CHUNK)
            if not chunk:
                return "utf-8"  # pure ASCII is valid UTF-8
            if not chunk.isascii():
                break
            offset += len(chunk)
        first = next(i for i, b in enumerate(chunk) if b >= 0x80)
        # back up to a line start so a sequence cut by the chunk border cannot mislead
        start = chunk.rfind(b"\n", 0, first) + 1
        sample = chunk[start:] + f.read(64 << 10)
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        dec.decode(sample, final=False)  # an incomplete sequence at the very end is fine
        return "utf-8"
    except UnicodeDecodeError as e:
        if not sample[:e.start].isascii():  # valid UTF-8 letters first, then invalid bytes
            at = offset + start + e.start
            raise InputError(p, f"mixed encodings: UTF-8 text, then byte 0x{sample[e.start]:02X}"
                                f" that is not UTF-8 (offset {at})",
                             row=_row_of_offset(p, at)) from None
    try:
        sample.decode("cp1258")
    except UnicodeDecodeError as e:
        raise InputError(p, f"text is neither UTF-8 nor Windows-1258 (byte 0x{sample[e.start]:02X}"
                            f" at offset {offset + start + e.start})",
                         row=_row_of_offset(p, offset + start + e.start)) from None
    return "cp1258"


def _row_of_offset(path: Path, offset: int) -> int:
    """1-based line number of a byte offset (slow path, only for error messages)."""
    n, pos = 1, 0
    with path.open("rb") as f:
        while pos < offset:
            chunk = f.read(min(_SCAN_CHUNK, offset - pos))
            if not chunk:
                break
            n += chunk.count(b"\n")
            pos += len(chunk)
    return n


def locate_bad_text(path: str | Path, encoding: str) -> tuple[int, str] | None:
    """First line that does not decode with ``encoding``: (1-based line, reason), or None.

    Slow (line by line); used only to turn a reader failure into a message with a row.
    """
    p = Path(path)
    with p.open("rb") as f:
        for i, line in enumerate(f, start=1):
            try:
                line.decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as e:
                return i, (f"invalid {encoding} byte 0x{line[e.start]:02X} (mixed encodings or a "
                           f"file cut in the middle of a character)")
    return None


# --------------------------------------------------------------------------------------------
# CSV / XLSX sources

@dataclass
class Source:
    """A readable table file after inspection.

    ``header`` holds the column labels (NFC, trimmed; flattened for two-row Excel headers);
    ``first_data_row`` is the 1-based row number of the first data row as a person counts rows
    in the file (CSV: 2); ``notes`` records anything the reader had to interpret.
    """

    path: Path
    format: str
    header: list[str]
    first_data_row: int
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    _xlsx_rows: list[list[str | None]] | None = None
    _xlsx_row_numbers: list[int] | None = None


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def sniff_delimiter(line: str) -> str:
    """The delimiter among comma, semicolon and tab that occurs most often outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def inspect(path: str | Path, is_header_label: Callable[[str], bool] | None = None) -> Source:
    """Open ``path`` far enough to know its format, encoding, delimiter and header.

    Fatal problems raise :class:`InputError`: missing or empty file, a header with no data
    rows, undecodable text, an unreadable workbook. ``is_header_label`` (a label → known?
    predicate) lets the Excel reader find a header below title rows.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(p, "file not found")
    if not p.is_file():
        raise InputError(p, "not a file")
    if p.stat().st_size == 0:
        raise InputError(p, "empty file (0 bytes)", row=1)
    suffix = p.suffix.lower()
    with p.open("rb") as f:
        magic = f.read(4)
    if suffix in XLSX_SUFFIXES or magic == b"PK\x03\x04":
        return _inspect_xlsx(p, is_header_label)
    if suffix == ".xls" or magic == b"\xd0\xcf\x11\xe0":
        raise InputError(p, "old binary Excel (.xls) is not supported: save the sheet as .xlsx "
                            "or CSV")
    enc = detect_encoding(p)
    with p.open("r", encoding=enc, errors="strict", newline="") as f:
        try:
            lines = []
            for line in f:
                if line.strip():
                    lines.append(line)
                    if len(lines) == 2:
                        break
        except UnicodeDecodeError as e:
            where = locate_bad_text(p, enc)
            raise InputError(p, where[1] if where else str(e),
                             row=where[0] if where else None) from None
    if not lines:
        raise InputError(p, "empty file (no header row)", row=1)
    delim = sniff_delimiter(lines[0])
    header = next(csv.reader(io.StringIO(lines[0]), delimiter=delim))
    header = [nfc(h.lstrip("\ufeff")) for h in header]
    if len(lines) < 2:
        raise InputError(p, "no data rows after the header", row=2)
    notes = [] if enc == "utf-8" else [f"encoding {enc}"]
    return Source(p, "csv", header, 2, enc, delim, notes)


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _cell_text(v) -> str | None:
    """An Excel cell as the text a CSV export would carry (Vietnamese decimal comma)."""
    import datetime as _dt

    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return np.format_float_positional(v, trim="-").replace(".", ",")
    return str(v)


def _inspect_xlsx(p: Path, is_header_label: Callable[[str], bool] | None) -> Source:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for broken archives
        raise InputError(p, f"cannot open as an Excel workbook ({type(e).__name__}: {e})") \
            from None
    try:
        ws = wb.worksheets[0]
        rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        sheet_path = getattr(ws, "_worksheet_path", None)
    except Exception as e:
        raise InputError(p, f"cannot read the first sheet ({type(e).__name__}: {e})") from None
    finally:
        wb.close()
    merges: list[tuple[int, int, int, int]] = []  # (row0, col0, row1, col1), 0-based inclusive
    if sheet_path:
        with zipfile.ZipFile(p) as z, z.open(sheet_path.lstrip("/")) as f:
            tail = b""
            for chunk in iter(lambda: f.read(1 << 20), b""):
                buf = tail + chunk
                for m in _MERGE.finditer(buf):
                    merges.append((int(m.group(2)) - 1, _col_index(m.group(1)),
                                   int(m.group(4)) - 1, _col_index(m.group(3))))
                tail = buf[-200:]
            merges = sorted(set(merges))
    nonempty = [i for i, r in enumerate(rows) if any(v is not None and str(v).strip() for v in r)]
    if not nonempty:
        raise InputError(p, "empty sheet", row=1)
    # header row: the first of the first 30 non-empty rows with ≥2 known labels, else the first
    hdr = nonempty[0]
    if is_header_label is not None:
        for i in nonempty[:30]:
            labels = [nfc(str(v)) for v in rows[i] if v is not None]
            if sum(bool(is_header_label(x)) for x in labels) >= 2:
                hdr = i
                break
    width = max(len(r) for r in rows)
    for r in rows:
        r.extend([None] * (width - len(r)))
    header = [nfc(v) if v is not None else "" for v in rows[hdr]]
    notes = []
    if hdr != nonempty[0]:
        notes.append(f"header found on row {hdr + 1}; rows above it are titles")
    hmerges = [m for m in merges if m[0] <= hdr <= m[2]]
    data_start = hdr + 1
    if hmerges:
        wide = [m for m in hmerges if m[3] > m[1]]
        # spread each merged label over its columns
        for r0, c0, r1, c1 in hmerges:
            top = rows[r0][c0]
            for c in range(c0, c1 + 1):
                if not header[c] and top is not None:
                    header[c] = nfc(top)
        if wide:  # a group label over sub-labels on the next row: "Ngày" + "tiếp nhận"
            sub = rows[hdr + 1] if hdr + 1 < len(rows) else [None] * width
            for c in range(width):
                covered = [m for m in hmerges if m[1] <= c <= m[3]]
                vertical = covered and covered[0][2] > hdr
                if sub[c] is not None and str(sub[c]).strip() and not vertical:
                    header[c] = nfc(f"{header[c]} {sub[c]}") if header[c] else nfc(sub[c])
            data_start = hdr + 2
            notes.append("merged header cells flattened: "
                         + ", ".join(f"{_a1(m)}" for m in wide))
        elif any(m[2] > hdr for m in hmerges):
            data_start = max(m[2] for m in hmerges) + 1
    data, numbers = [], []
    for i in range(data_start, len(rows)):
        r = rows[i]
        if any(v is not None and str(v).strip() for v in r):
            data.append(r)
            numbers.append(i + 1)
    if not data:
        raise InputError(p, "no data rows after the header", row=data_start + 1)
    src = Source(p, "xlsx", header, numbers[0], notes=notes)
    src._xlsx_rows, src._xlsx_row_numbers = data, numbers
    return src


def _a1(m: tuple[int, int, int, int]) -> str:
    def col(i: int) -> str:
        s = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        return s

    return f"{col(m[1])}{m[0] + 1}:{col(m[3])}{m[2] + 1}"


@dataclass
class Batch:
    """A block of rows: ``table`` has the requested columns (named by position ``c<i>``),
    ``rows`` the 1-based file row number of each table row."""

    table: pa.Table
    rows: np.ndarray


@dataclass
class MalformedRow:
    row: int
    reason: str
    text: str


def iter_batches(src: Source, types: dict[int, pa.DataType], malformed: dict[int, MalformedRow],
                 state: dict) -> Iterator[Batch]:
    """Stream the columns ``types`` (by position) as pyarrow batches with file row numbers.

    Dates are read as text and parsed by :func:`parse_vn_datetimes` (pyarrow's own timestamp
    parsers accept 31/02/2022 as 3 March, so they are not used).

    Rows with the wrong number of fields (a truncated last line, a stray delimiter, a line
    break inside an unquoted cell) are never dropped: they go into ``malformed`` (keyed by row
    number) for the caller to quarantine. pyarrow only numbers such rows when it parses
    serially, so the first one met in threaded mode switches to serial parsing with quoted
    line breaks allowed (``state["serial"] = True``), again continuing after the last
    delivered row. Row numbers count records, header = row 1 (= line numbers unless a quoted
    cell spans lines).
    """
    if src.format == "xlsx":
        state.update(serial=True)
        yield _xlsx_batch(src, types)
        return
    names = [f"c{i}" for i in range(len(src.header))]
    enc = "utf8" if src.encoding in (None, "utf-8", "utf-8-sig") else src.encoding
    serial = bool(state.get("serial"))
    done_good, skip = 0, 0
    while True:
        flag = {"unnumbered": False}

        def handler(row) -> str:
            if row.number is None:
                flag["unnumbered"] = True
                return "error"
            malformed.setdefault(row.number, MalformedRow(
                row.number, f"row has {row.actual_columns} fields, the header has "
                            f"{row.expected_columns}", row.text[:200]))
            return "skip"

        cur = {f"c{i}": t for i, t in types.items()}
        ro = pacsv.ReadOptions(encoding=enc, column_names=names, skip_rows=1,
                               skip_rows_after_names=skip, block_size=BLOCK_SIZE,
                               use_threads=not serial)
        po = pacsv.ParseOptions(delimiter=src.delimiter or ",", invalid_row_handler=handler,
                                newlines_in_values=serial)
        co = pacsv.ConvertOptions(column_types=cur, include_columns=sorted(cur, key=lambda c:
                                                                            int(c[1:])),
                                  null_values=[""], strings_can_be_null=True,
                                  quoted_strings_can_be_null=True)
        try:
            reader = pacsv.open_csv(src.path, read_options=ro, parse_options=po,
                                    convert_options=co)
            for rb in reader:
                n = rb.num_rows
                if not n:
                    continue
                rows = _rows_skipping(done_good, n, sorted(malformed))
                done_good += n
                skip = int(rows[-1]) - 1  # data records consumed (header excluded)
                yield Batch(pa.Table.from_batches([rb]), rows)
            state.update(serial=serial)
            return
        except pa.ArrowInvalid as e:
            msg = str(e)
            if flag["unnumbered"] and not serial:
                serial = True
                continue
            # a parse error may come from undecodable bytes (a file cut inside a character):
            # name the line that does not decode, if there is one
            where = locate_bad_text(src.path, src.encoding or "utf-8")
            if where is not None:
                raise InputError(src.path, where[1], row=where[0]) from None
            # pyarrow quotes the offending row: keep personal data out of the message
            from motcua.vn.privacy import redact_text

            raise InputError(src.path, f"unreadable CSV: {redact_text(msg.splitlines()[0])}") \
                from None
        except UnicodeDecodeError as e:
            _raise_bad_text(src, str(e))


def _raise_bad_text(src: Source, msg: str):
    where = locate_bad_text(src.path, src.encoding or "utf-8")
    raise InputError(src.path, where[1] if where else f"undecodable text ({msg})",
                     row=where[0] if where else None) from None


def _rows_skipping(done: int, n: int, bad: list[int]) -> np.ndarray:
    """File row numbers of ``n`` good rows after ``done`` good rows, given the malformed rows'
    numbers: the k-th good row (0-based) sits at row 2 + k + (#malformed rows before it)."""
    k = np.arange(done, done + n, dtype=np.int64)
    if not bad:
        return k + 2
    b = np.asarray(bad, dtype=np.int64)
    pos = k + 2
    for _ in range(len(b) + 1):
        new = k + 2 + np.searchsorted(b, pos, side="right")
        if np.array_equal(new, pos):
            break
        pos = new
    return pos


def _xlsx_batch(src: Source, types: dict[int, pa.DataType]) -> Batch:
    rows = src._xlsx_rows or []
    cols = {}
    for i in sorted(types):
        vals = [r[i] if i < len(r) else None for r in rows]
        arr = pa.array([None if v is None or str(v).strip() == "" else str(v) for v in vals],
                       pa.string())
        cols[f"c{i}"] = arr.dictionary_encode() if pa.types.is_dictionary(types[i]) else arr
    return Batch(pa.table(cols), np.asarray(src._xlsx_row_numbers, dtype=np.int64))


# --------------------------------------------------------------------------------------------
# text

def clean_text(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """NFC, trimmed, empty → null. Dictionary arrays are cleaned on their dictionary only."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        d = clean_text(arr.dictionary)
        return pa.DictionaryArray.from_arrays(arr.indices, d)
    if not pc.all(pc.string_is_ascii(arr)).as_py():
        arr = pc.utf8_normalize(arr, form="NFC")
    elif not _may_need_trim(arr):
        return arr  # ASCII, no value starts or ends with a space, none is empty
    trimmed = pc.utf8_trim_whitespace(arr)
    blank = pc.equal(trimmed, "")
    if not pc.any(blank).as_py():
        return trimmed
    return pc.if_else(blank, pa.scalar(None, arr.type), trimmed)


def _may_need_trim(arr: pa.Array) -> bool:
    """False when no value of an ASCII string array is empty or starts/ends with whitespace
    (checked on the first and last byte of each value, straight from the arrow buffers)."""
    if not pa.types.is_string(arr.type) or arr.buffers()[2] is None:
        return True
    n = len(arr)
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    lengths = np.diff(off)
    valid = lengths > 0
    if int(valid.sum()) != n - arr.null_count:
        return True  # an empty non-null value
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    first, last = data[off[:-1][valid]], data[off[1:][valid] - 1]
    return bool((first <= 32).any() or (last <= 32).any())


def as_plain_strings(arr: pa.Array) -> pa.Array:
    """A dictionary array decoded to plain strings (other arrays unchanged)."""
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr


# --------------------------------------------------------------------------------------------
# numbers

_GROUPED = r"^[+-]?\d{1,3}(\.\d{3})+$"
_PLAIN = r"^[+-]?\d+([.,]\d+)?$"


def parse_vn_numbers(arr: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Vectorised :func:`motcua.numbers.parse_vn_number` for a string column (no percent,
    no fractions: a cell holds one number). Returns (float64 array, bad mask); nulls and blank
    cells stay null and are not bad. A leading sign is allowed here (the caller decides if it
    is valid).
    """
    if pa.types.is_dictionary(arr.type):
        vals, bad = parse_vn_numbers(arr.dictionary)
        idx = arr.indices
        out = pc.take(vals, idx)
        bad_rows = np.zeros(len(arr), dtype=bool)
        if bad.any():
            bad_rows = pc.is_in(idx, value_set=pa.array(np.flatnonzero(bad), idx.type)) \
                .to_numpy(zero_copy_only=False)
        return out, bad_rows
    s = pc.utf8_trim_whitespace(arr)
    s = pc.replace_substring(s, "\u00a0", "")
    s = pc.replace_substring(s, " ", "")
    s = pc.if_else(pc.equal(s, ""), pa.scalar(None, pa.string()), s)  # blank = no value
    grouped = pc.fill_null(pc.match_substring_regex(s, _GROUPED), False)
    plain = pc.fill_null(pc.match_substring_regex(s, _PLAIN), False)
    text = pc.if_else(grouped, pc.replace_substring(s, ".", ""),
                      pc.replace_substring(s, ",", "."))
    ok = pc.or_(grouped, plain)
    vals = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    bad = pc.and_(pc.is_valid(s), pc.invert(ok)).to_numpy(zero_copy_only=False)
    return vals, np.asarray(bad, dtype=bool)


# --------------------------------------------------------------------------------------------
# dates

#: Formats a date cell may have (Python strptime syntax), day-first Vietnamese forms first.
DATE_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d-%m-%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%H:%M %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y", "%Y/%m/%d",
)
#: Zero-padded fixed-width layouts parsed in bulk with numpy (D day, M month, Y year, h m s
#: time; anything else is a literal). Values in any other layout go to the per-value path.
_TEMPLATES: tuple[str, ...] = (
    "DD/MM/YYYY hh:mm", "DD/MM/YYYY", "DD/MM/YYYY hh:mm:ss", "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DDThh:mm:ss", "YYYY-MM-DD hh:mm", "DD-MM-YYYY", "DD-MM-YYYY hh:mm", "DD.MM.YYYY",
)
#: Excel's 1900 date system: serial 1 = 1900-01-01 with the 1900 leap-year bug, so serials
#: from 61 on count from 1899-12-30 (ECMA-376 Part 1 §18.17.4.1).
EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_SERIAL = re.compile(r"^\d{5}([.,]\d+)?$")  # 10000-99999 = 1927-05-18 .. 2173-10-14
#: Plausible range for dates in one-stop records: anything outside is a typo, not a date.
DATE_MIN = np.datetime64("1990-01-01", "ns")
DATE_MAX = np.datetime64("2100-01-01", "ns")
_NAT = np.iinfo(np.int64).min


@dataclass
class ParsedDates:
    """Result of :func:`parse_vn_datetimes`: ``values`` (timestamp[ns], null where not parsed),
    ``bad`` (non-null input that is not a valid date) and ``out_of_range`` (a valid date outside
    1990-2099; also set in ``bad``)."""

    values: pa.Array
    bad: np.ndarray
    out_of_range: np.ndarray


def parse_vn_datetimes(arr: pa.Array) -> ParsedDates:
    """Parse a string column of dates (see the module docstring) to ``timestamp[ns]``.

    Two passes: zero-padded fixed-width layouts (:data:`_TEMPLATES`, what exports write) are
    recognised on the raw bytes and parsed in bulk (:func:`_fixed_width`); every other distinct
    value is
    parsed by Python's ``datetime.strptime`` over :data:`DATE_FORMATS`, ISO 8601 (fractions,
    ``Z``) and Excel serials. Both passes reject impossible calendar dates: ``31/02/2022`` is
    bad, whereas pyarrow's strptime (and its CSV ``timestamp_parsers``) silently turn it into
    3 March.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    n = len(arr)
    if pa.types.is_timestamp(arr.type):
        out = arr.cast(pa.timestamp("ns")).cast(pa.int64()).to_numpy(zero_copy_only=False)
        out = np.where(arr.is_valid().to_numpy(zero_copy_only=False), out, _NAT)
        bad = np.zeros(n, dtype=bool)
    else:
        if not pa.types.is_string(arr.type):
            arr = arr.cast(pa.string())
        fast = _one_layout(arr)
        if fast is not None:
            return fast
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        out = np.full(n, _NAT, dtype=np.int64)
        done = ~valid
        _fixed_width(arr, out, done)
        rest = np.flatnonzero(~done)
        bad = np.zeros(n, dtype=bool)
        if len(rest):
            sub = pc.take(arr, pa.array(rest)).dictionary_encode()
            parsed = np.array([_parse_one(v) for v in sub.dictionary.to_pylist()] + [_NAT],
                              dtype=np.int64)
            vals = parsed[sub.indices.to_numpy(zero_copy_only=False)]
            out[rest] = vals
            bad[rest] = vals == _NAT
    ok = out != _NAT
    oob = ok & ((out < DATE_MIN.astype(np.int64)) | (out >= DATE_MAX.astype(np.int64)))
    if oob.any():
        out[oob] = _NAT
        bad |= oob
    values = pa.array(out, pa.int64(), mask=out == _NAT).cast(pa.timestamp("ns"))
    return ParsedDates(values, bad, oob)


#: template → the strptime format that reads it (pyarrow's kernel is ~3× faster than numpy
#: field arithmetic; the calendar check it lacks is done on the day digits, see below)
_TEMPLATE_FORMAT = {
    "DD/MM/YYYY hh:mm": "%d/%m/%Y %H:%M", "DD/MM/YYYY": "%d/%m/%Y",
    "DD/MM/YYYY hh:mm:ss": "%d/%m/%Y %H:%M:%S", "YYYY-MM-DD": "%Y-%m-%d",
    "YYYY-MM-DD hh:mm:ss": "%Y-%m-%d %H:%M:%S", "YYYY-MM-DDThh:mm:ss": "%Y-%m-%dT%H:%M:%S",
    "YYYY-MM-DD hh:mm": "%Y-%m-%d %H:%M", "DD-MM-YYYY": "%d-%m-%Y",
    "DD-MM-YYYY hh:mm": "%d-%m-%Y %H:%M", "DD.MM.YYYY": "%d.%m.%Y",
}


def _one_layout(arr: pa.StringArray) -> ParsedDates | None:
    """The common case in one step: every non-null value has the same zero-padded layout.

    Returns None (use the general path) unless all of this holds: one template fits every
    value (checked on the raw bytes), pyarrow's strptime parses all of them, no value's
    written day of month 29-31 was rolled over into the next month, and all dates lie in
    1990-2099. Then the strptime result *is* the answer, with no per-row scatter.
    """
    n = len(arr)
    if n == 0 or arr.null_count == n or arr.buffers()[2] is None:
        return None
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    lengths = np.diff(off)
    nonempty = lengths > 0
    k = int(nonempty.sum())
    if k != n - arr.null_count or not k:
        return None  # an empty non-null string, or an odd buffer
    width = int(lengths[np.argmax(nonempty)])
    if int(off[-1] - off[0]) != k * width:
        return None  # values of several widths
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    m = data[off[0]:off[-1]].reshape(k, width)
    for tpl in (t for t in _TEMPLATES if len(t) == width):
        lit = [i for i, ch in enumerate(tpl) if ch not in "DMYhms"]
        want = np.array([ord(tpl[i]) for i in lit], np.uint8)
        if (m[:, lit] == want).all():
            break
    else:
        return None
    parsed = pc.strptime(arr, format=_TEMPLATE_FORMAT[tpl], unit="ns", error_is_null=True)
    if parsed.null_count != arr.null_count:
        return None
    d0 = tpl.index("D")
    dw = (m[:, d0] - np.uint8(48)).astype(np.int16) * 10 + (m[:, d0 + 1] - 48)
    late = np.flatnonzero(dw >= 29)
    if len(late):
        pos = np.flatnonzero(nonempty)[late]
        if not np.array_equal(pc.day(parsed.take(pa.array(pos))).to_numpy(), dw[late]):
            return None  # a rolled-over 29-31: the general path reports it
    lo, hi = pc.min_max(parsed.cast(pa.int64())).values()
    if lo.as_py() < int(DATE_MIN.astype(np.int64)) or hi.as_py() >= int(DATE_MAX.astype(np.int64)):
        return None
    none = np.zeros(n, dtype=bool)
    return ParsedDates(parsed, none, none.copy())


def _fixed_width(arr: pa.StringArray, out: np.ndarray, done: np.ndarray) -> None:
    """Parse values laid out exactly as one of :data:`_TEMPLATES` (sets ``out``/``done``).

    The layout (width, separators, digits) is checked on the raw bytes with numpy (a view of
    the arrow buffer when all values have one width); matching rows are parsed by pyarrow's
    strptime. That kernel *normalises* impossible dates (31/02 → 03/03), so a row only counts
    as parsed when the day it produced equals the day digits written in the text; the rest
    fall through to the per-value path, which rejects them.
    """
    n = len(arr)
    if n == 0 or arr.buffers()[2] is None:
        return
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    lengths = np.diff(off)
    nonempty = int((lengths > 0).sum())
    for tpl in _TEMPLATES:
        if done.all():
            break
        width = len(tpl)
        sel = np.flatnonzero((lengths == width) & ~done)
        if not len(sel):
            continue
        whole = len(sel) == nonempty and int(off[-1] - off[0]) == len(sel) * width
        m = (data[off[0]:off[-1]].reshape(len(sel), width) if whole
             else data[off[sel][:, None] + np.arange(width)])
        # cheap reject: look at the first row only before checking them all
        lit = [i for i, ch in enumerate(tpl) if ch not in "DMYhms"]
        want = np.array([ord(tpl[i]) for i in lit], np.uint8)
        if not (m[0, lit] == want).all() and not (m[:, lit] == want).all(axis=1).any():
            continue
        ok = (m[:, lit] == want).all(axis=1)
        if not ok.any():
            continue
        d0 = tpl.index("D")
        day_written = (m[:, d0] - np.uint8(48)).astype(np.int64) * 10 + (m[:, d0 + 1] - 48)
        rows = sel if ok.all() else sel[ok]
        dw = day_written if ok.all() else day_written[ok]
        # strptime over the whole column when most rows are this template (nulls cost
        # nothing), else over the template's rows only
        whole_col = 2 * len(rows) >= n
        sub = arr if whole_col else pc.take(arr, pa.array(rows))
        parsed = pc.strptime(sub, format=_TEMPLATE_FORMAT[tpl], unit="ns", error_is_null=True)
        vals = parsed.cast(pa.int64()).fill_null(-1).to_numpy()
        day_parsed = pc.day(parsed).fill_null(-1).to_numpy()
        if whole_col:
            vals, day_parsed = vals[rows], day_parsed[rows]
        good = (day_parsed == dw) & (vals != -1)
        out[rows[good]] = vals[good]
        done[rows[good]] = True


def _parse_one(value: str) -> int:
    """One date text → ns since the epoch, or the NaT sentinel. Python's strptime checks the
    calendar (no 31 February) and accepts unpadded fields ("5/2/2022 8:05")."""
    import datetime as _dt

    s = value.strip()
    for fmt in DATE_FORMATS:
        try:
            t = _dt.datetime.strptime(s, fmt)
        except ValueError:
            continue
        return int(np.datetime64(t, "ns").astype(np.int64))
    try:
        t = _dt.datetime.fromisoformat(s)
        if t.tzinfo is not None:  # an offset given: convert to Vietnam local time (UTC+7)
            t = (t.astimezone(_dt.timezone(_dt.timedelta(hours=7)))).replace(tzinfo=None)
        return int(np.datetime64(t, "ns").astype(np.int64))
    except ValueError:
        pass
    if _SERIAL.match(s):
        days = float(s.replace(",", "."))
        return int(EXCEL_EPOCH.astype(np.int64) + round(days * 86_400e9))
    return _NAT
