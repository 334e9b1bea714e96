"""One block of raw columns → the clean table's columns, with a quarantine line for every cell
that cannot be used (vectorised: labels and names are handled on their distinct values)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from motcua.records import places
from motcua.records.columns import IDENTIFIERS, OUTPUT, ROLE
from motcua.records.plan import Plan
from motcua.records.quarantine import Quarantine
from motcua.records.read import (as_plain_strings, clean_text, has_line_break,
                                 parse_vn_datetimes, parse_vn_numbers)
from motcua.vn import privacy, vocab

#: Date order rules: (later column, reason); a clock that runs backwards is a data error
#: (ND 61/2018 Art. 3: receipt starts the handling).
ORDER_CHECKS = (("processing_end_at", "resolved_before_received"),
                ("returned_at", "returned_before_received"),
                ("due_at", "due_before_received"))


@dataclass
class Ctx:
    """What converting a block needs: the kind, the source (file, sheet), the code list
    argument, the hashing key, the quarantine and counters, and per block the row numbers and
    quarantine keys of the rows (``keys``: row, or row × 4096 + criterion for wide sheets)."""

    kind: str
    where: tuple[str, str]
    code_list: str | None
    key: bytes
    q: Quarantine
    counters: Counter = field(default_factory=Counter)
    scale_points: int | None = None
    offices: object | None = None
    rows: np.ndarray | None = None
    keys: np.ndarray | None = None
    proven: set = field(default_factory=set)  # date columns whose layout excludes line breaks
    notes: np.ndarray | None = None  # per row, appended to details (a wide sheet's criterion)

    def reject(self, mask: np.ndarray, column: str, values, reason: str, detail) -> None:
        if self.notes is not None:
            n = int(np.count_nonzero(mask))
            base = [detail] * n if isinstance(detail, str) else list(detail)
            detail = [f"{d} ({note})" for d, note in zip(base, self.notes[mask])]
        self.q.add(self.where, self.rows[mask], column, values, reason, detail,
                   keys=None if self.keys is None else self.keys[mask])

    def local(self) -> Ctx:
        """A copy with its own quarantine and counters (worker threads share nothing)."""
        return Ctx(self.kind, self.where, self.code_list, self.key, Quarantine(self.key),
                   Counter(), self.scale_points, self.offices)


def one_chunk(col: pa.ChunkedArray) -> pa.Array:
    return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()


def _values(arr: pa.Array, mask: np.ndarray) -> list:
    return pc.filter(as_plain_strings(arr), pa.array(mask)).to_pylist()


@lru_cache(maxsize=65536)
def _mask_cell(value: str, key: bytes) -> str:
    return privacy.mask_free_text(value, key)


def free_text(ctx: Ctx, arr: pa.Array) -> pa.Array:
    """NFC, trimmed, empty → null, and personal data in the text masked (counted)."""
    arr = clean_text(arr)
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    vals = arr.dictionary.to_pylist()
    masked = [v if v is None else _mask_cell(v, ctx.key) for v in vals]
    changed = [i for i, (a, b) in enumerate(zip(vals, masked)) if a != b]
    if not changed:
        return arr
    ctx.counters["personal_data_masked"] += int(pc.sum(pc.is_in(
        arr.indices, value_set=pa.array(changed, arr.indices.type))).as_py() or 0)
    return pa.DictionaryArray.from_arrays(arr.indices, pa.array(masked, pa.string()))


def map_codes(ctx: Ctx, column: str, arr: pa.Array, bad: np.ndarray, required: bool
              ) -> pa.Array:
    """Labels → fixed-dictionary codes (vocab.py); unknown labels quarantined."""
    table, codes = vocab.VOCABULARIES[column]
    arr = clean_text(arr)
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    dict_vals = arr.dictionary.to_pylist()
    lut = np.array([codes.index(table[vocab.fold(v)]) if v is not None
                    and vocab.fold(v) in table else -1 for v in dict_vals] + [-2], dtype=np.int8)
    new = lut[places.indices(arr, len(dict_vals))]
    unknown = new == -1
    if unknown.any():
        vals = _values(arr, unknown)
        ctx.reject(unknown, column, vals, "unknown_label",
                   [f"{v!r} is not a known {column} label (vocab.py)" for v in vals])
        bad |= unknown
    missing = new == -2
    if missing.any():
        if column == "channel":
            # national-portal 766 spec: a blank KenhThucHien counts as in person (§1.4)
            new[missing] = 0
            ctx.counters["channel_blank_as_in_person"] += int(missing.sum())
        elif required:
            ctx.reject(missing, column, [None] * int(missing.sum()), "missing_value",
                       f"{column} is required")
            bad |= missing
    mask = new < 0
    return pa.DictionaryArray.from_arrays(pa.array(np.where(mask, 0, new), pa.int8(),
                                                   mask=mask), pa.array(codes, pa.string()))


def _date(ctx: Ctx, canon: str, arr: pa.Array, bad: np.ndarray, required: bool) -> pa.Array:
    # no clean_text: blanks are already null, and a value with stray spaces misses the
    # fixed-width fast path and is stripped on the per-value path
    parsed = parse_vn_datetimes(arr)
    if parsed.one_layout:
        ctx.proven.add(canon)
    if parsed.bad.any():
        vals = pc.filter(arr, pa.array(parsed.bad)).to_pylist()
        oob = parsed.out_of_range[parsed.bad]
        ctx.reject(parsed.bad, canon, vals, "unparseable_date",
                   [f"{v!r} is outside 1990-2099" if o else
                    f"{v!r} is not a date (day-first, ISO or Excel serial; no 31/02)"
                    for v, o in zip(vals, oob)])
        bad |= parsed.bad
    if required:
        nulls = parsed.values.is_null().to_numpy(zero_copy_only=False) & ~bad
        if nulls.any():
            ctx.reject(nulls, canon, [None] * int(nulls.sum()), "missing_value",
                       f"{canon} is required")
            bad |= nulls
    return parsed.values


def _number(ctx: Ctx, canon: str, arr: pa.Array, bad: np.ndarray) -> pa.Array:
    clean = clean_text(arr)
    vals, nbad = parse_vn_numbers(clean)
    if nbad.any():
        v = _values(clean, nbad)
        ctx.reject(nbad, canon, v, "unparseable_number",
                   [f"{x!r} is not a number as Vietnamese writes it (17.391, 85,90)" for x in v])
        bad |= nbad
    neg = pc.fill_null(pc.less(vals, 0), False).to_numpy(zero_copy_only=False)
    if neg.any():
        ctx.reject(neg, canon, _values(clean, neg), "negative_value",
                   f"{canon} cannot be negative")
        bad |= neg
    return vals


def _legacy(ctx: Ctx, canon: str, arr: pa.Array, bad: np.ndarray) -> pa.Array:
    texts = as_plain_strings(clean_text(arr)).to_pylist()
    vals = [vocab.legacy_online_level(v) for v in texts]
    lbad = np.array([v is None and s is not None for v, s in zip(vals, texts)], dtype=bool)
    if lbad.any():
        ctx.reject(lbad, canon, [texts[i] for i in np.flatnonzero(lbad)], "unknown_label",
                   "online level (ND 43/2011) must be 1-4")
        bad |= lbad
    return pa.array(vals, pa.int8())


def _bool(ctx: Ctx, canon: str, arr: pa.Array, bad: np.ndarray) -> pa.Array:
    clean = clean_text(arr)
    if not pa.types.is_dictionary(clean.type):
        clean = clean.dictionary_encode()
    lut = np.array([{"true": 1, "false": 0}.get(vocab.BOOL_LABELS.get(vocab.fold(v)), -1)
                    for v in clean.dictionary.to_pylist()] + [0], dtype=np.int8)
    # a blank "Liên thông" cell = not inter-agency: exports mark only the yes rows
    b = lut[places.indices(clean, len(lut) - 1)]
    ubad = b < 0
    if ubad.any():
        ctx.reject(ubad, canon, _values(clean, ubad), "unknown_label",
                   "not a yes/no value (1/0, Có/Không, x)")
        bad |= ubad
    return pa.array(b == 1)


def _column(ctx: Ctx, canon: str, arr: pa.Array, bad: np.ndarray) -> pa.Array:
    role = ROLE[canon]
    required = canon in vocab.REQUIRED[ctx.kind]
    if role in ("id", "text"):
        arr = clean_text(arr) if canon in IDENTIFIERS else free_text(ctx, arr)
        if required or canon == "name":
            m = arr.is_null().to_numpy(zero_copy_only=False)
            if m.any():
                ctx.reject(m, canon, [None] * int(m.sum()), "missing_value",
                           f"{canon} is required")
                bad |= m
        return arr
    if role == "code":
        return map_codes(ctx, canon, arr, bad, required)
    if role == "date":
        return _date(ctx, canon, arr, bad, required)
    if role == "number":
        return _number(ctx, canon, arr, bad)
    if role == "legacy":
        return _legacy(ctx, canon, arr, bad)
    return _bool(ctx, canon, arr, bad)


def _date_order(ctx: Ctx, out: dict[str, pa.Array], bad: np.ndarray) -> None:
    rec = out["received_at"]
    for col, reason in ORDER_CHECKS:
        if col not in out:
            continue
        before = pc.fill_null(pc.less(out[col], rec), False).to_numpy(zero_copy_only=False)
        if before.any():
            vals = pc.filter(out[col], pa.array(before)).to_pylist()
            recv = pc.filter(rec, pa.array(before)).to_pylist()
            ctx.reject(before, col, [str(v) for v in vals], reason,
                       [f"{col} {a} is before received_at {b}" for a, b in zip(vals, recv)])
            bad |= before


def _fill(ctx: Ctx, out: dict[str, pa.Array], n: int) -> None:
    """Optional columns the file did not have."""
    for col, typ in OUTPUT[ctx.kind].items():
        if col in out:
            continue
        if col == "is_interagency":
            out[col] = pa.array(np.zeros(n, dtype=bool))
        elif col == "scale_points":
            out[col] = pa.array(np.full(n, ctx.scale_points or 0, dtype=np.int64))
        elif isinstance(typ, tuple):
            out[col] = pa.DictionaryArray.from_arrays(pa.nulls(n, pa.int8()),
                                                      pa.array(typ, pa.string()))
        else:
            out[col] = pa.nulls(n, typ)


def _assemble(kind: str, out: dict[str, pa.Array]) -> pa.Table:
    arrays, names = [], []
    for col, typ in OUTPUT[kind].items():
        a = out[col]
        if not isinstance(typ, tuple):
            if pa.types.is_dictionary(a.type):
                a = a.dictionary_decode()
            if a.type != typ:
                a = a.cast(typ)
        arrays.append(a)
        names.append(col)
    if "applicant_key" in out:
        arrays.append(out["applicant_key"])
        names.append("applicant_key")
    return pa.Table.from_arrays(arrays, names=names)


def convert(ctx: Ctx, plan: Plan, t: pa.Table) -> tuple[pa.Table, np.ndarray]:
    """One block of raw columns (``c<i>``) → (output table of all rows, bad-row mask)."""
    n = t.num_rows
    bad = np.zeros(n, dtype=bool)
    out = {canon: _column(ctx, canon, one_chunk(t.column(f"c{i}")), bad)
           for canon, i in plan.columns.items()}
    if ctx.kind in ("dossiers", "surveys"):
        out["locality_code"], out["code_list"] = places.localities(ctx, out, n, bad)
        out.pop("locality_name", None)
    if ctx.kind == "dossiers":
        _date_order(ctx, out, bad)
        if plan.applicant_id is not None:
            enc = t.column(f"c{plan.applicant_id}").combine_chunks().dictionary_encode()
            hashed = pa.array(privacy.hash_values(enc.dictionary.to_pylist(), ctx.key),
                              pa.string())
            out["applicant_key"] = pc.take(hashed, enc.indices)
    _fill(ctx, out, n)
    return _assemble(ctx.kind, out), bad


def line_break_in(t: pa.Table, plan: Plan, proven: set) -> bool:
    """A cell of the block holds a line break (a quotation mark joined lines). Date columns
    whose values all had one fixed layout are proven free of them and skipped."""
    skip = {f"c{plan.columns[c]}" for c in proven}
    return any(has_line_break(one_chunk(t.column(name))) for name in t.column_names
               if name not in skip)
