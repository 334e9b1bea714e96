"""Duplicate ids across blocks and files: keep the first, quarantine the rest (ND 61/2018: one
unique ID per dossier, docs/domain.md §1.2).

Rows are matched on a 64-bit hash first (8 bytes a row instead of a hash table of 10 M
strings); only rows whose hash repeats are compared as strings, so a collision never drops a
row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_M1, _M2, _GOLD = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB), \
    np.uint64(0x9E3779B97F4A7C15)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (Steele, Lea & Flood 2014), vectorised; uint64 wraps by design."""
    z = z + _GOLD
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def hash64(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A 64-bit hash of every string (length and bytes, 8 at a time through splitmix64),
    computed with numpy on the arrow buffers. Not keyed and not for privacy: only to find
    candidate duplicates cheaply (candidates are then compared as strings)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.string())
    n = len(arr)
    if n == 0:
        return np.zeros(0, np.uint64)
    if arr.null_count:
        arr = pc.fill_null(arr, "\x00null")
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    data = (np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] is not None
            else np.zeros(0, np.uint8))[off[0]:off[-1]]
    lengths = np.diff(off)
    width = max(8, (int(lengths.max()) + 7) // 8 * 8)
    if (lengths == width).all():
        mat = data.reshape(n, width)
    elif (lengths == lengths[0]).all():  # one length, not a multiple of 8: pad the rows
        mat = np.zeros((n, width), dtype=np.uint8)
        mat[:, :lengths[0]] = data.reshape(n, lengths[0])
    else:
        mat = np.zeros((n, width), dtype=np.uint8)
        mat[np.arange(width) < lengths[:, None]] = data  # row-major = the bytes in order
    words = np.ascontiguousarray(mat).view(np.uint64)
    h = _mix(lengths.astype(np.uint64))
    for j in range(words.shape[1]):
        h = _mix(h ^ words[:, j])
    return h


def _survey_key(t: pa.Table) -> pa.Array:
    return pc.binary_join_element_wise(t.column("response_id"), t.column("criterion"),
                                       "\x1f").combine_chunks()


#: what makes a row unique, per kind (dossier id; procedure id; response + criterion)
DUP_KEY = {
    "dossiers": lambda t: t.column("dossier_id").combine_chunks(),
    "procedures": lambda t: t.column("procedure_id").combine_chunks(),
    "surveys": _survey_key,
}
#: the column a duplicate is reported in
DUP_COLUMN = {"dossiers": "dossier_id", "procedures": "procedure_id", "surveys": "response_id"}


def candidates(h: np.ndarray) -> np.ndarray:
    """Output positions whose hash occurs more than once."""
    hs = np.sort(h)
    repeated = np.unique(hs[1:][hs[1:] == hs[:-1]])
    return np.flatnonzero(np.isin(h, repeated)) if len(repeated) else np.zeros(0, np.int64)


def later_occurrences(cand: np.ndarray, keys: list[str], gone: set[int]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Among candidate positions (in output order) with their key strings: the positions of
    repeats and the position of each one's first occurrence. Rows in ``gone`` (already
    removed) are neither."""
    first_of: dict[str, int] = {}
    dup, first = [], []
    for pos, k in zip(cand.tolist(), keys):
        if pos in gone:
            continue
        if k in first_of:
            dup.append(pos)
            first.append(first_of[k])
        else:
            first_of[k] = pos
    return np.asarray(dup, dtype=np.int64), np.asarray(first, dtype=np.int64)
