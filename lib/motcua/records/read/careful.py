"""The careful CSV reader: line by line over the stretch of a file where quotation marks do
not pair up, so that a stray quote costs its own row and nothing else.

Rules (docs/records.md, "Stray quotes"): a record is one line, unless a quoted cell runs over
several lines *and* the joined lines parse as strict CSV (RFC 4180: a closing quote is followed
by a delimiter or the end of the line) with exactly the header's number of fields *and* no line
inside the span is a complete record on its own. Otherwise the line that opened the quote is
quarantined (``stray_quote``) and reading goes on with the next line. After
:data:`RESUME_AFTER` plain lines in a row the fast reader takes over again.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from motcua.errors import InputError
from motcua.records.read.source import Batch, MalformedRow, Source

#: Plain one-line records in a row after which pyarrow reads again.
RESUME_AFTER = 2_000
#: Most lines one quoted cell may span (a note typed with Alt+Enter in Excel).
MAX_SPAN = 50
#: Rows per block this reader yields.
ROWS_PER_BATCH = 50_000

STRAY = "a quotation mark opens a cell and never closes; the row is set aside, reading goes on"


def _codec(src: Source) -> str:
    from motcua.records.read.delimited import byte_encoding

    enc = byte_encoding(src)
    return "utf-8" if enc == "utf8" else enc


def parse_line(text: str, delimiter: str) -> tuple[list[str], str]:
    """Fields of one line and its state: ``ok``; ``open`` (ends inside a quoted cell);
    ``bad_quote`` (a quote that neither opens nor closes a cell properly, read leniently the
    way pyarrow reads it)."""
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True)), "ok"
    except StopIteration:
        return [], "ok"
    except csv.Error as e:
        if "unexpected end of data" in str(e):
            return [], "open"
    return next(csv.reader([text], delimiter=delimiter, strict=False), []), "bad_quote"


def classify(text: str, delimiter: str, actual: int, expected: int) -> tuple[str, str]:
    """(quarantine code, reason) of a row with the wrong number of fields."""
    _, state = parse_line(text.rstrip("\r\n"), delimiter)
    if state == "open":
        return "stray_quote", STRAY
    if state == "bad_quote":
        return "stray_quote", (f"a quotation mark inside a cell breaks the row into {actual} "
                               f"fields, the header has {expected}")
    return "malformed_row", f"row has {actual} fields, the header has {expected}"


_EOL = re.compile(rb"\r\n|\n|\r")


def iter_lines(f) -> Iterator[bytes]:
    """The lines of a binary file from its position, each with its end (CR LF, LF or a lone
    CR, as pyarrow reads them)."""
    buf = b""
    for chunk in iter(lambda: f.read(1 << 16), b""):
        buf += chunk
        pos = 0
        for m in _EOL.finditer(buf):
            if m.end() == len(buf) and buf.endswith(b"\r"):
                break  # a CR at the end may be the first half of a CR LF
            yield buf[pos:m.end()]
            pos = m.end()
        buf = buf[pos:]
    if buf:
        yield buf


class _Lines:
    """The lines of a binary file from an offset, with look-ahead and byte offsets."""

    def __init__(self, f, offset: int) -> None:
        f.seek(offset)
        self.source, self.pos = iter_lines(f), offset
        self.ahead: deque[bytes] = deque()

    def peek(self, i: int) -> bytes | None:
        while len(self.ahead) <= i:
            line = next(self.source, None)
            if line is None:
                return None
            self.ahead.append(line)
        return self.ahead[i]

    def take(self) -> bytes | None:
        line = self.peek(0)
        if line is not None:
            self.ahead.popleft()
            self.pos += len(line)
        return line


def offset_of_record(src: Source, offset: int, record: int, target: int) -> int:
    """Byte offset of data record ``target`` (0-based), counting one-line records from a known
    position: ``offset`` is where record ``record`` starts."""
    with Path(src.data_path or src.path).open("rb") as f:
        f.seek(offset)
        pos, n = offset, record
        for line in iter_lines(f):
            if n >= target:
                break
            pos += len(line)
            if line.strip(b"\r\n"):
                n += 1
    return pos


def _decode(raw: bytes, codec: str, src: Source, row: int) -> str:
    try:
        return raw.decode(codec).rstrip("\r\n")
    except UnicodeDecodeError as e:
        raise InputError(src.path, f"invalid {src.encoding or codec} byte 0x{raw[e.start]:02X} "
                                   f"(mixed encodings or a file cut in the middle of a "
                                   f"character)", row=row) from None


def _join(lines: _Lines, first: str, codec: str, src: Source, n: int) -> tuple[list, int] | None:
    """Fields of a record whose quoted cell runs over the next lines, and how many lines it
    takes after the first; None when the rules of the module docstring say it is no record."""
    text, delim = first, src.delimiter or ","
    for j in range(MAX_SPAN - 1):
        raw = lines.peek(j)
        if raw is None:
            return None
        try:
            line = raw.decode(codec).rstrip("\r\n")
        except UnicodeDecodeError:
            return None  # the main loop names the line
        fields, state = parse_line(line, delim)
        if state == "ok" and len(fields) == n:
            return None  # a complete record of its own: the quote did not span lines
        text = f"{text}\n{line}"
        try:
            fields = next(csv.reader([text], delimiter=delim, strict=True))
        except csv.Error as e:
            if "unexpected end of data" in str(e):
                continue
            return None
        return (fields, j + 1) if len(fields) == n else None
    return None


def _batch(buf: list[list[str]], rows: list[int], cols: list[int],
           types: dict[int, pa.DataType]) -> Batch:
    out = {}
    for k, i in enumerate(cols):
        arr = pa.array([r[k] or None for r in buf], pa.string())
        out[f"c{i}"] = arr.dictionary_encode() if pa.types.is_dictionary(types[i]) else arr
    return Batch(pa.table(out), np.asarray(rows, dtype=np.int64), verified=True)


def read(src: Source, types: dict[int, pa.DataType], malformed: dict[int, MalformedRow],
         offset: int, record: int):
    """Yield blocks from ``offset`` (data record ``record``, 0-based). Returns None at the end
    of the file, or (offset, record) where the fast reader can take over again."""
    codec, delim, n = _codec(src), src.delimiter or ",", len(src.header)
    cols = sorted(types)
    buf: list[list[str]] = []
    rows: list[int] = []
    streak = 0
    with Path(src.data_path or src.path).open("rb") as f:
        lines = _Lines(f, offset)
        while (raw := lines.take()) is not None:
            if not raw.strip(b"\r\n"):
                continue
            row = record + src.first_data_row
            record += 1
            text = _decode(raw, codec, src, row)
            fields, state = parse_line(text, delim)
            if state == "open":
                joined = _join(lines, text, codec, src, n)
                if joined is None:
                    malformed.setdefault(row, MalformedRow(row, STRAY, text[:200], "stray_quote"))
                    streak = 0
                    continue
                fields, extra = joined
                for _ in range(extra):
                    lines.take()
            if len(fields) != n:
                code, reason = classify(text, delim, len(fields), n)
                malformed.setdefault(row, MalformedRow(row, reason, text[:200], code))
                streak = 0
                continue
            buf.append([fields[i] for i in cols])
            rows.append(row)
            streak = streak + 1 if state == "ok" else 0
            if len(buf) >= ROWS_PER_BATCH:
                yield _batch(buf, rows, cols, types)
                buf, rows = [], []
            if streak >= RESUME_AFTER:
                break
        else:
            if buf:
                yield _batch(buf, rows, cols, types)
            return None
    if buf:
        yield _batch(buf, rows, cols, types)
    return lines.pos, record
