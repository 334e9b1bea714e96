"""Locality codes of the rows of a block: a code or a name resolved in the code list of each
row (the argument, else the row's ``code_list`` cell, else its date: before 1 July 2025
``gso-2025-01-04``, from then on ``gso-2025-07-01``; QĐ 19/2025/QĐ-TTg, docs/domain.md §8).
Codes are reused across the merger, so a code is never looked up without its list."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from motcua.records.columns import RESOLVABLE_CODE_LISTS, DATE_COLUMN, MERGER_DATE
from motcua.records.read import as_plain_strings


@lru_cache(maxsize=65536)
def resolve_locality(value: str, code_list: str) -> tuple[str | None, str | None, str]:
    """One locality cell → (code, None, "") or (None, reason, detail).

    A value of 2, 3 or 5 digits is a code (province, district, commune level) looked up in
    ``code_list``; anything else is a name resolved by :func:`motcua.vn.localities.resolve_name`.
    A name may carry its parents after commas ("Xã Tân Sơn, Thị xã Kim Bảng, Tỉnh Hà Nam"),
    resolved outermost first (docs/stack-notes.md "Locality code tables").
    """
    from motcua.vn import localities
    from motcua.vn.place_names import name_prefix

    v = value.strip()
    if re.fullmatch(r"\d{2}|\d{3}|\d{5}", v):
        unit = localities.lookup(v, code_list)
        if unit is None:
            return None, "unknown_locality", f"no unit with code {v!r} in {code_list}"
        return unit.code, None, ""
    within = None
    unit = None
    for part in reversed([p.strip() for p in v.split(",") if p.strip()]):
        found = localities.resolve_name(part, within=within, code_list=code_list)
        if not found:
            return None, "unknown_locality", f"no unit named {part!r} in {code_list}"
        if len(found) > 1:
            written = name_prefix(part) or ""
            exact = [u for u in found if u.unit_type.casefold() == written]
            if len(exact) != 1:
                codes = ", ".join(u.code for u in found[:5])
                return None, "ambiguous_locality", (f"{part!r} fits {len(found)} units in "
                                                    f"{code_list} ({codes}…)")
            found = exact
        unit = found[0]
        within = unit.code
    return unit.code, None, ""


def indices(arr: pa.DictionaryArray, null_index: int) -> np.ndarray:
    """Dictionary indices as int64 numpy, with ``null_index`` where the value is null."""
    ind = arr.indices
    if ind.null_count or arr.null_count:
        ind = pc.if_else(arr.is_null(), pa.scalar(null_index, ind.type), ind)
    return ind.cast(pa.int64()).to_numpy(zero_copy_only=False)


def row_code_lists(ctx, out: dict[str, pa.Array], n: int, bad: np.ndarray) -> np.ndarray:
    """Index into RESOLVABLE_CODE_LISTS of each row's code list (see the module docstring)."""
    if ctx.code_list is not None:
        return np.full(n, RESOLVABLE_CODE_LISTS.index(ctx.code_list), dtype=np.int8)
    if "code_list" in out:
        vals = as_plain_strings(out["code_list"]).to_pylist()
        lists = np.array([RESOLVABLE_CODE_LISTS.index(v) if v in RESOLVABLE_CODE_LISTS else -1 for v in vals],
                         dtype=np.int8)
        unk = lists < 0
        if unk.any():
            ctx.reject(unk, "code_list", [vals[i] for i in np.flatnonzero(unk)],
                       "unknown_label", f"code list must be one of {list(RESOLVABLE_CODE_LISTS)}")
            bad |= unk
            lists[unk] = 0
        return lists
    when = out[DATE_COLUMN[ctx.kind]]
    ns = when.cast(pa.int64()).to_numpy(zero_copy_only=False)
    valid = when.is_valid().to_numpy(zero_copy_only=False)
    return (valid & (ns >= MERGER_DATE.astype(np.int64))).astype(np.int8)


def localities(ctx, out: dict[str, pa.Array], n: int, bad: np.ndarray
               ) -> tuple[pa.Array, pa.Array]:
    """(locality_code, code_list) of every row; unknown, ambiguous or missing localities are
    quarantined. Each distinct (value, code list) pair is resolved once."""
    col = ("locality_code" if "locality_code" in out else
           "locality_name" if "locality_name" in out else "reception_unit")
    loc = out[col]
    if not pa.types.is_dictionary(loc.type):
        loc = loc.dictionary_encode()
    lists = row_code_lists(ctx, out, n, bad)
    dict_vals = loc.dictionary.to_pylist()
    nd = len(dict_vals)
    idx = indices(loc, nd)
    codes = np.full(len(RESOLVABLE_CODE_LISTS) * (nd + 1), None, dtype=object)
    key = lists.astype(np.int64) * (nd + 1) + idx
    for k in np.flatnonzero(np.bincount(key)):
        li, vi = divmod(int(k), nd + 1)
        if vi == nd:
            continue
        code, reason, detail = _resolve(ctx, col, dict_vals[vi], RESOLVABLE_CODE_LISTS[li])
        if code is None:
            m = key == k
            ctx.reject(m, col, [dict_vals[vi]] * int(m.sum()), reason, detail)
            bad |= m
        codes[k] = code
    nulls = idx == nd
    if nulls.any():
        ctx.reject(nulls, col, [None] * int(nulls.sum()), "missing_value",
                   "locality is required")
        bad |= nulls
    out_codes = pc.take(pa.array(codes.tolist(), pa.string()), pa.array(key))
    return out_codes, pc.take(pa.array(RESOLVABLE_CODE_LISTS, pa.string()), pa.array(lists))


def _resolve(ctx, col: str, value: str, code_list: str) -> tuple[str | None, str, str]:
    if col != "reception_unit":
        return resolve_locality(value, code_list)
    return ctx.offices.lookup(value, code_list)
