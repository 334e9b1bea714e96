"""CSV / TSV exports: dialect, header, and the streaming reader.

Rows stream through pyarrow's CSV reader in :data:`BLOCK_SIZE` blocks (the fast path). A
quotation mark that opens a cell and never closes makes pyarrow join the following lines into
one field (or fail the file: "CSV parser got out of sync with chunker"), so the fast path runs
in *segments*: when a segment meets a cell with a line break, a row with one, or that error,
the rows from the first undelivered record on are read by :mod:`careful` (line by line), which
quarantines the stray quote's row and hands back to pyarrow. docs/records.md has the details.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from motcua.errors import InputError
from motcua.records.read.encoding import detect_encoding, locate_bad_text
from motcua.records.read.source import Batch, MalformedRow, Source
from motcua.records.read.text import nfc

DELIMITERS = (",", ";", "\t")
#: CSV block size of the streaming reader: 8 MiB ≈ 42 k dossier rows. Measured at 10 M rows
#: (bench/ingest/README.md): 4 MiB was ~8 % slower (per-call overhead) at ~0.9 GB peak RSS,
#: 16 MiB no faster at ~1.25 GB (pyarrow reads several blocks ahead); 8 MiB: ~1.0 GB.
BLOCK_SIZE = 8 << 20


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


def _utf8_copy(p: Path) -> Path:
    """A UTF-8 copy of a UTF-16 export (deleted with its Source), so that every reader below
    works on bytes where a line break is the byte 0x0A."""
    fd, name = tempfile.mkstemp(prefix="motcua-utf16-", suffix=".csv")
    try:
        with p.open("r", encoding="utf-16", newline="") as src, \
                os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            for chunk in iter(lambda: src.read(1 << 20), ""):
                dst.write(chunk)
    except UnicodeDecodeError as e:
        os.unlink(name)
        raise InputError(p, f"invalid UTF-16 text ({e.reason})") from None
    return Path(name)


def _first_lines(p: Path, enc: str, n: int = 32) -> list[tuple[int, str, int]]:
    """The first ``n`` non-empty lines: (1-based line number, text, byte offset after it)."""
    from motcua.records.read.careful import iter_lines

    out: list[tuple[int, str, int]] = []
    codec = "utf-8" if enc in ("utf-8", "utf-8-sig") else enc
    with p.open("rb") as f:
        pos = 0
        for number, raw in enumerate(iter_lines(f), start=1):
            pos += len(raw)
            try:
                text = raw.decode(codec).rstrip("\r\n").lstrip("\ufeff")
            except UnicodeDecodeError:
                where = locate_bad_text(p, enc)
                raise InputError(p, where[1] if where else f"invalid {enc} text",
                                 row=where[0] if where else number) from None
            if text.strip():
                out.append((number, text, pos))
                if len(out) == n:
                    break
    return out


def _header_line(lines: list[tuple[int, str, int]], is_label) -> int:
    """Index of the header among the first lines: the first with two or more known labels
    (title rows above the header are common in exports saved from reports), else the first."""
    if is_label is not None:
        for k, (_, text, _) in enumerate(lines):
            cells = next(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)), [])
            if sum(bool(is_label(nfc(c))) for c in cells) >= 2:
                return k
    return 0


def _open_quote(text: str, delim: str) -> bool:
    from motcua.records.read.careful import parse_line

    return parse_line(text, delim)[1] == "open"


def inspect_csv(p: Path, is_label=None) -> Source:
    """Encoding, delimiter and header of a text export (fatal problems raise InputError)."""
    enc = detect_encoding(p)
    data = _utf8_copy(p) if enc == "utf-16" else p
    lines = _first_lines(data, "utf-8" if enc == "utf-16" else enc)
    if not lines:
        raise InputError(p, "empty file (no header row)", row=1)
    k = k0 = _header_line(lines, is_label)
    number, text, end = lines[k]
    delim = sniff_delimiter(text)
    while _open_quote(text, delim) and k + 1 < len(lines):  # "Ngày<Alt+Enter>tiếp nhận"
        k += 1
        text = f"{text}\n{lines[k][1]}"
        number, end = lines[k][0], lines[k][2]
    header = [nfc(" ".join(h.split()))
              for h in next(csv.reader(io.StringIO(text), delimiter=delim))]
    if len(lines) < k + 2:
        raise InputError(p, "no data rows after the header", row=number + 1)
    notes = [] if enc == "utf-8" else [f"encoding {enc}"]
    if k0:
        notes.append(f"header found on row {lines[k0][0]}; rows above it are titles")
    if k > k0:
        notes.append(f"header cells run over rows {lines[k0][0]}-{number}")
    src = Source(p, "csv", header, number + 1, enc, delim, notes=notes, data_path=data,
                 header_end=end)
    if data != p:
        weakref.finalize(src, os.unlink, str(data))
    return src


def byte_encoding(src: Source) -> str:
    """The encoding of ``src.data_path`` as pyarrow and the careful reader decode it."""
    return "utf8" if src.encoding in (None, "utf-8", "utf-8-sig", "utf-16") else src.encoding


def iter_csv(src: Source, types: dict[int, pa.DataType], malformed: dict[int, MalformedRow],
             state: dict, start_record: int | None = None) -> Iterator[Batch]:
    """Fast segments (pyarrow) and careful segments (line by line) in turn. ``start_record``
    (0-based data record) restarts a read carefully at a record given out before;
    ``state["segments"]`` keeps (byte offset, first record) of each fast segment for that."""
    from motcua.records.read import careful

    segments = state.setdefault("segments", [(src.header_end, 0)])
    fast = start_record is None
    offset, record = _segment_for(src, segments, start_record or 0)
    while True:
        if fast:
            nxt = yield from _fast(src, types, malformed, state, offset, record)
            if nxt is None:
                return
            offset, record = careful.offset_of_record(src, offset, record, nxt), nxt
        else:
            resume = yield from careful.read(src, types, malformed, offset, record)
            if resume is None:
                return
            offset, record = resume
            segments.append((offset, record))
        fast = not fast


def _segment_for(src: Source, segments: list, start_record: int) -> tuple[int, int]:
    """Where to start reading record ``start_record``: its byte offset, found from the last
    fast segment that starts at or before it."""
    from motcua.records.read import careful

    off, rec = max((s for s in segments if s[1] <= start_record), key=lambda s: s[1])
    return careful.offset_of_record(src, off, rec, start_record), start_record


def _fast(src: Source, types: dict[int, pa.DataType], malformed: dict[int, MalformedRow],
          state: dict, offset: int, first: int):
    """One pyarrow segment from byte ``offset``, where data record ``first`` starts. Yields
    batches; returns None at the end of the file, or the first data record (0-based) not yet
    delivered when the segment meets a line break inside a row or a block pyarrow cannot
    parse (the careful reader takes over there and names any undecodable line)."""
    serial = bool(state.get("serial"))
    base = first + src.first_data_row - 1  # pyarrow's row number + base = file row
    done_good, delivered = 0, 0  # good rows yielded; records consumed in this segment
    while True:
        flag = {"unnumbered": False, "line_break": False}
        try:
            for rb in _open(src, types, offset, delivered, serial, flag, malformed, base):
                if not rb.num_rows:
                    continue
                local = sorted(r - base for r in malformed if r - base > 0)
                rows = _rows_skipping(done_good, rb.num_rows, local) + base
                done_good += rb.num_rows
                delivered = int(rows[-1]) - base
                yield Batch(pa.Table.from_batches([rb]), rows)
            if flag["line_break"]:
                return first + delivered
            state.update(serial=serial)
            return None
        except (pa.ArrowInvalid, UnicodeDecodeError):
            if flag["unnumbered"] and not serial:
                serial = True  # only a serial parse numbers malformed rows: parse again
                continue
            return first + delivered


def _open(src: Source, types, offset, delivered, serial, flag, malformed, base):
    from motcua.records.read import careful

    names = [f"c{i}" for i in range(len(src.header))]

    def handler(row) -> str:
        if row.number is None:
            flag["unnumbered"] = True
            return "error"
        if "\n" in row.text or "\r" in row.text:  # a quote joined several lines
            flag["line_break"] = True
            return "error"
        code, reason = careful.classify(row.text, src.delimiter or ",", row.actual_columns,
                                        row.expected_columns)
        malformed.setdefault(row.number + base, MalformedRow(row.number + base, reason,
                                                             row.text[:200], code))
        return "skip"

    cur = {f"c{i}": types.get(i, pa.string()) for i in range(len(src.header))}
    ro = pacsv.ReadOptions(encoding=byte_encoding(src), column_names=names,
                           skip_rows_after_names=delivered, block_size=BLOCK_SIZE,
                           use_threads=not serial)
    po = pacsv.ParseOptions(delimiter=src.delimiter or ",", invalid_row_handler=handler,
                            newlines_in_values=serial)
    co = pacsv.ConvertOptions(column_types=cur, include_columns=names, null_values=[""],
                              strings_can_be_null=True, quoted_strings_can_be_null=True)
    f = pa.OSFile(str(src.data_path or src.path))
    f.seek(offset)
    return pacsv.open_csv(f, read_options=ro, parse_options=po, convert_options=co)


def _rows_skipping(done: int, n: int, bad: list[int]) -> np.ndarray:
    """Row numbers (1-based, counting from the segment's first line) of ``n`` good rows after
    ``done`` good rows, given the malformed rows' numbers: the k-th good row (0-based) sits at
    1 + k + (#malformed rows before it)."""
    k = np.arange(done, done + n, dtype=np.int64)
    if not bad:
        return k + 1
    b = np.asarray(bad, dtype=np.int64)
    pos = k + 1
    for _ in range(len(b) + 1):
        new = k + 1 + np.searchsorted(b, pos, side="right")
        if np.array_equal(new, pos):
            break
        pos = new
    return pos


def has_line_break(arr: pa.Array | pa.ChunkedArray) -> bool:
    """True when a value of a string column holds a line break (CR or LF): the sign that a
    quotation mark joined several lines into one cell. Plain strings are checked on the raw
    arrow buffer (any byte below 0x0E first, then the exact test); dictionaries on their
    distinct values."""
    if isinstance(arr, pa.ChunkedArray):
        return any(has_line_break(c) for c in arr.chunks)
    if pa.types.is_dictionary(arr.type):
        return has_line_break(arr.dictionary)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return False
    data = arr.buffers()[2]
    if data is None or len(arr) == 0:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    if not (raw < 14).any():
        return False
    return bool(((raw == 10) | (raw == 13)).any())
