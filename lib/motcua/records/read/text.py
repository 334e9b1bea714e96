"""Text columns: NFC, trimmed, empty → null (dictionary columns are cleaned on their
dictionary only)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


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


