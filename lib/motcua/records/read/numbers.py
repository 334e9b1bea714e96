"""Vietnamese numbers in a string column, vectorised: the twin of
:func:`motcua.vn.numbers.parse_vn_number` (tested to agree with it)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


_GROUPED = r"^[+-]?\d{1,3}(\.\d{3})+$"
_PLAIN = r"^[+-]?\d+([.,]\d+)?$"


def parse_vn_numbers(arr: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Vectorised :func:`motcua.vn.numbers.parse_vn_number` for a string column (no percent,
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


