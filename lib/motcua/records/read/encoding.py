"""Encoding of a text export, detected (not guessed): BOM, else strict UTF-8, else Windows-1258.

Why a strict decode suffices (no statistical guesser): docs/records.md, "Encodings".
"""

from __future__ import annotations

import codecs
from pathlib import Path

from motcua.errors import InputError

_SCAN_CHUNK = 1 << 20


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


