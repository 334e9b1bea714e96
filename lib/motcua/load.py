"""Loaders: read → normalise → validate, for dossier exports, survey sheets and procedure lists.

Issue 3 items 1, 4 and 7. Each loader reads CSV (comma, semicolon or tab; UTF-8, UTF-8 with
BOM, UTF-16 with BOM, Windows-1258) or XLSX (:mod:`motcua.read`), maps header labels and value
labels to canonical codes (:mod:`motcua.vocab`), resolves localities to codes with their
vintage (:mod:`motcua.localities`), keeps personal data out (:mod:`motcua.privacy`) and
validates with pandera (:mod:`motcua.schema`). It returns the clean table *and* a quarantine
table with one line per problem: ``file``, ``row`` (1-based as a spreadsheet counts, header =
row 1), ``column``, ``value``, ``reason`` (a stable code, counted in ``ingest.json``) and
``detail`` (a sentence). Invariant, checked at the end of every load and tested:

    rows read = rows accepted + rows quarantined   (quarantined = distinct (file, row))

Fatal problems (file missing, empty, undecodable, a required column missing) raise
:class:`~motcua.errors.InputError` with the file, row and column; nothing is ever dropped in
silence. Quarantine reasons:

==========================  =====================================================================
``missing_value``           a required cell is empty
``unknown_label``           a status / channel / field / unit / level label not in vocab.py
``unparseable_date``        fits none of read.DATE_FORMATS, or outside 1990-2099
``unparseable_number``      not a number as Vietnamese writes it (numbers.py rule)
``negative_value``          a negative time limit
``unknown_locality``        no unit with that code or name in the row's code list
``ambiguous_locality``      a name that fits several units (give the code, or "xã X, huyện Y")
``resolved_before_received``  ``processing_end_at`` < ``received_at`` (clock runs backwards)
``returned_before_received``  ``returned_at`` < ``received_at``
``due_before_received``     ``due_at`` < ``received_at``
``duplicate_id``            a dossier id / procedure id / (response, criterion) seen before:
                            the first is kept (ND 61/2018: one unique ID per dossier, §1.2)
``scale_mismatch``          a 5-point-only level on a sheet declared 3-point
``malformed_row``           wrong number of fields (e.g. a truncated last line)
``schema``                  pandera found a failure the vectorised checks did not (a bug guard)
==========================  =====================================================================

**Speed.** Dossier files stream in 16 MiB blocks through pyarrow's CSV reader with explicit
column types: label columns are read dictionary-encoded, so NFC, trimming and label mapping run
on the few distinct values only; dates are parsed by the reader itself with the Vietnamese
formats as ``timestamp_parsers``. If any date fits none of them the file is read again with
dates as text and parsed value by value (:func:`motcua.read.parse_vn_datetimes`), so a
clean file takes the fast path and a messy one the exact path. Clean blocks are written to
parquet by a background thread while the next block is parsed.

**Validation.** Every rule of the pandera schemas is also checked vectorised on every row (that
is what produces the quarantine lines, with reasons a person can act on). pandera then
validates every accepted row of the first :data:`PANDERA_FULL_ROWS` rows of a load in full
(lazy, all failures collected); past that budget it validates each block's schema (columns,
dtypes) and all data checks on a random :data:`PANDERA_SAMPLE_FRACTION` of each row group,
because pandera's pandas checks cost ~0.4 s per million dossier rows, more than the whole
vectorised pass (bench/ingest/README.md). Uniqueness of ids is enforced globally after the
last block (keep the first occurrence). ``ingest.json`` says which mode ran.
"""

from __future__ import annotations

import json
import os
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors as pe
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pandera.config import ValidationDepth, config_context

from motcua import privacy, read, schema, vocab
from motcua.config import CODE_LIST_2025_07, CODE_LIST_LEGACY
from motcua.errors import InputError

KINDS = ("dossiers", "surveys", "procedures")
CODE_LISTS = (CODE_LIST_LEGACY, CODE_LIST_2025_07)
#: Day the new code list took effect (QĐ 19/2025/QĐ-TTg; domain.md §8).
MERGER_DATE = np.datetime64("2025-07-01", "ns")
PANDERA_FULL_ROWS = 1_000_000
PANDERA_SAMPLE_FRACTION = 0.01
PANDERA_SAMPLE_MIN = 10_000
#: Rows per parquet row group (blocks are buffered up to this size before writing).
ROW_GROUP_ROWS = 500_000
QUARANTINE_COLUMNS = ["file", "row", "column", "value", "reason", "detail"]

_TS = pa.timestamp("ns")


def _cat_type() -> pa.DataType:
    return pa.dictionary(pa.int8(), pa.string())


#: Output arrow types per kind (pandas reads dictionary columns back as categoricals whose
#: categories are the vocab codes in contract order).
OUTPUT: dict[str, dict[str, pa.DataType | tuple[str, ...]]] = {
    "dossiers": {
        "dossier_id": pa.string(), "locality_code": pa.string(), "code_list": pa.string(),
        "reception_unit": pa.string(), "procedure_id": pa.string(),
        "field_code": vocab.FIELDS, "channel": vocab.CHANNELS, "received_at": _TS,
        "due_at": _TS, "processing_end_at": _TS, "returned_at": _TS,
        "status": vocab.STATUSES, "statutory_limit": pa.float64(),
        "limit_unit": vocab.LIMIT_UNITS, "is_interagency": pa.bool_(),
        "apology_issued_at": _TS,
    },
    "surveys": {
        "response_id": pa.string(), "locality_code": pa.string(), "code_list": pa.string(),
        "reception_unit": pa.string(), "dossier_id": pa.string(), "answered_at": _TS,
        "criterion": pa.string(), "satisfaction_level": vocab.SATISFACTION_LEVELS,
        "scale_points": pa.int64(),
    },
    "procedures": {
        "procedure_id": pa.string(), "name": pa.string(), "field_code": vocab.FIELDS,
        "competence_level": vocab.COMPETENCE_LEVELS, "statutory_limit": pa.float64(),
        "limit_unit": vocab.LIMIT_UNITS, "online_level": vocab.ONLINE_LEVELS,
        "online_level_legacy": pa.int8(), "is_interagency": pa.bool_(),
    },
}
#: How each input column is read and converted.
_ROLE = {
    "dossier_id": "id", "response_id": "id", "procedure_id": "text", "name": "text",
    "locality_code": "text", "locality_name": "text", "code_list": "text",
    "reception_unit": "text", "criterion": "text",
    "field_code": "code", "channel": "code", "status": "code", "limit_unit": "code",
    "satisfaction_level": "code", "competence_level": "code", "online_level": "code",
    "received_at": "date", "due_at": "date", "processing_end_at": "date", "returned_at": "date",
    "apology_issued_at": "date", "answered_at": "date",
    "statutory_limit": "number", "scale_points": "number", "online_level_legacy": "legacy",
    "is_interagency": "bool",
}
_ID_COLUMN = {"dossiers": "dossier_id", "procedures": "procedure_id"}
_DATE_COLUMN = {"dossiers": "received_at", "surveys": "answered_at"}
_ORDER_CHECKS = (("processing_end_at", "resolved_before_received"),
                 ("returned_at", "returned_before_received"),
                 ("due_at", "due_before_received"))


# --------------------------------------------------------------------------------------------
# localities


def resolve_locality(value: str, code_list: str) -> tuple[str | None, str | None, str]:
    """One locality cell → (code, None, "") or (None, reason, detail).

    A value of 2, 3 or 5 digits is a code (province, district, commune level) looked up in
    ``code_list``; anything else is a name resolved by :func:`motcua.localities.resolve_name`.
    A name may carry its parents after commas ("Xã Tân Sơn, Thị xã Kim Bảng, Tỉnh Hà Nam"),
    resolved outermost first. Codes are reused across the 2025 merger, so the code list is
    always explicit (domain.md §8; stack-notes.md "Locality code tables").
    """
    from motcua import localities

    v = value.strip()
    if re.fullmatch(r"\d{2}|\d{3}|\d{5}", v):
        unit = localities.lookup(v, code_list)
        if unit is None:
            return None, "unknown_locality", f"no unit with code {v!r} in {code_list}"
        return unit.code, None, ""
    parts = [p.strip() for p in v.split(",") if p.strip()]
    within = None
    unit = None
    for part in reversed(parts):
        found = localities.resolve_name(part, within=within, code_list=code_list)
        if not found:
            return None, "unknown_locality", f"no unit named {part!r} in {code_list}"
        if len(found) > 1:
            exact = [u for u in found if u.unit_type.casefold() == (localities.name_prefix(part)
                                                                     or "")]
            if len(exact) != 1:
                codes = ", ".join(u.code for u in found[:5])
                return None, "ambiguous_locality", (f"{part!r} fits {len(found)} units in "
                                                    f"{code_list} ({codes}…)")
            found = exact
        unit = found[0]
        within = unit.code
    return unit.code, None, ""


# --------------------------------------------------------------------------------------------
# quarantine


class Quarantine:
    """Accumulates quarantine lines; ``rows`` counts distinct (file, row) pairs."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []
        self._keys: dict[str, set[int]] = {}

    def add(self, file: str, rows: np.ndarray, column: str, values: Sequence,
            reason: str, detail: str | Sequence[str]) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        vals = [None if v is None else str(v) for v in values]
        self._parts.append(pd.DataFrame({
            "file": file, "row": rows, "column": column, "value": vals, "reason": reason,
            "detail": detail if isinstance(detail, str) else list(detail),
        }))
        self._keys.setdefault(file, set()).update(rows.tolist())

    @property
    def rows(self) -> int:
        return sum(len(s) for s in self._keys.values())

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            df = pd.DataFrame({c: pd.Series(dtype="str") for c in QUARANTINE_COLUMNS})
            df["row"] = df["row"].astype("int64")
            return df
        df = pd.concat(self._parts, ignore_index=True)
        df = df.sort_values(["file", "row", "column"], kind="stable", ignore_index=True)
        for c in ("file", "column", "value", "reason", "detail"):
            df[c] = df[c].astype("str")
        return df

    def by_reason(self) -> dict[str, int]:
        c: Counter[str] = Counter()
        for part in self._parts:
            c.update(part["reason"].value_counts().to_dict())
        return dict(sorted(c.items()))


# --------------------------------------------------------------------------------------------
# column plan


@dataclass
class _Plan:
    """Which file columns feed which canonical columns."""

    columns: dict[str, int]  # canonical → position
    applicant_id: int | None
    ignored: list[str]
    personal: list[dict]


def _plan(kind: str, src: read.Source) -> _Plan:
    cols: dict[str, int] = {}
    ignored, personal = [], []
    applicant_id = None
    for i, label in enumerate(src.header):
        canon = vocab.match_header(label, kind) if label else None
        if canon is not None:
            if canon in cols:
                raise InputError(src.path, f"columns {src.header[cols[canon]]!r} and {label!r} "
                                           f"both mean {canon!r}", row=src.first_data_row - 1,
                                 column=label)
            cols[canon] = i
            continue
        pkind = privacy.personal_header_kind(label) if label else None
        if pkind is not None:
            personal.append({"column": label, "kind": pkind})
            if pkind == "id_number" and applicant_id is None:
                applicant_id = i
        elif label:
            ignored.append(label)
    for req in vocab.REQUIRED[kind]:
        if req == "locality":
            if "locality_code" not in cols and "locality_name" not in cols:
                raise InputError(src.path, "required column missing: a locality code "
                                           "(e.g. 'MaDonViHanhChinh') or name ('Đơn vị hành "
                                           "chính')", row=src.first_data_row - 1,
                                 column="locality_code")
        elif req not in cols:
            examples = [k for k, v in vocab.HEADERS[kind].items() if v == req][:3]
            raise InputError(src.path, f"required column {req!r} missing (known labels include "
                                       f"{', '.join(examples)}); header: {src.header}",
                             row=src.first_data_row - 1, column=req)
    return _Plan(cols, applicant_id, ignored, personal)


def _read_types(plan: _Plan) -> dict[int, pa.DataType]:
    d = pa.dictionary(pa.int32(), pa.string())
    types: dict[int, pa.DataType] = {}
    for canon, i in plan.columns.items():
        role = _ROLE[canon]
        if role in ("id", "date"):
            types[i] = pa.string()
        else:
            types[i] = d
    if plan.applicant_id is not None:
        types[plan.applicant_id] = pa.string()
    return types


# --------------------------------------------------------------------------------------------
# per-block conversion


@dataclass
class _Ctx:
    kind: str
    file: str
    code_list: str | None
    key: bytes
    q: Quarantine
    counters: Counter = field(default_factory=Counter)
    scale_points: int | None = None


def _indices(arr: pa.DictionaryArray, null_index: int) -> np.ndarray:
    """Dictionary indices as int64 numpy, with ``null_index`` where the value is null."""
    ind = arr.indices
    if ind.null_count or arr.null_count:
        ind = pc.if_else(arr.is_null(), pa.scalar(null_index, ind.type), ind)
    return ind.cast(pa.int64()).to_numpy(zero_copy_only=False)


def _dict_values(arr: pa.Array, rows_mask: np.ndarray) -> list:
    return pc.filter(read.as_plain_strings(arr), pa.array(rows_mask)).to_pylist()


def _map_codes(ctx: _Ctx, column: str, arr: pa.Array, rows: np.ndarray, bad: np.ndarray,
               required: bool) -> pa.Array:
    """Dictionary-encoded labels → fixed-dictionary codes; unknown labels quarantined."""
    table, codes = vocab.VOCABULARIES[column]
    arr = read.clean_text(arr)
    if not pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_encode()
    dict_vals = arr.dictionary.to_pylist()
    lut = np.array([codes.index(table[vocab.fold(v)]) if v is not None
                    and vocab.fold(v) in table else -1 for v in dict_vals] + [-2], dtype=np.int8)
    new = lut[_indices(arr, len(dict_vals))]
    unknown = new == -1
    if unknown.any():
        vals = _dict_values(arr, unknown)
        ctx.q.add(ctx.file, rows[unknown], column, vals, "unknown_label",
                  [f"{v!r} is not a known {column} label (vocab.py)" for v in vals])
        bad |= unknown
    missing = new == -2
    if missing.any():
        if column == "channel":
            # national-portal 766 spec: a blank KenhThucHien counts as in person (§1.4)
            new[missing] = 0
            ctx.counters["channel_blank_as_in_person"] += int(missing.sum())
        elif required:
            ctx.q.add(ctx.file, rows[missing], column, [None] * int(missing.sum()),
                      "missing_value", f"{column} is required")
            bad |= missing
    mask = new < 0
    return pa.DictionaryArray.from_arrays(pa.array(np.where(mask, 0, new), pa.int8(),
                                                   mask=mask), pa.array(codes, pa.string()))


def _convert(ctx: _Ctx, plan: _Plan, t: pa.Table, rows: np.ndarray
             ) -> tuple[pa.Table, np.ndarray]:
    """One block of raw columns → (output table of all rows, bad-row mask)."""
    kind = ctx.kind
    n = t.num_rows
    bad = np.zeros(n, dtype=bool)
    out: dict[str, pa.Array] = {}
    raw = {canon: t.column(f"c{i}").combine_chunks() for canon, i in plan.columns.items()}
    required = set(vocab.REQUIRED[kind])
    q = ctx.q

    def missing(col: str, arr: pa.Array) -> None:
        m = arr.is_null().to_numpy(zero_copy_only=False)
        if m.any():
            q.add(ctx.file, rows[m], col, [None] * int(m.sum()), "missing_value",
                  f"{col} is required")
            bad[:] |= m

    for canon, arr in raw.items():
        role = _ROLE[canon]
        if role in ("id", "text"):
            arr = read.clean_text(arr)
            if canon in required or canon == "name":
                missing(canon, arr)
            out[canon] = arr
        elif role == "code":
            out[canon] = _map_codes(ctx, canon, arr, rows, bad, canon in required)
        elif role == "date":
            clean = read.clean_text(arr)
            parsed = read.parse_vn_datetimes(clean)
            ts = parsed.values
            if parsed.bad.any():
                vals = pc.filter(clean, pa.array(parsed.bad)).to_pylist()
                oob = parsed.out_of_range[parsed.bad]
                q.add(ctx.file, rows[parsed.bad], canon, vals, "unparseable_date",
                      [f"{v!r} is outside 1990-2099" if o else
                       f"{v!r} is not a date (day-first, ISO or Excel serial; no 31/02)"
                       for v, o in zip(vals, oob)])
                bad |= parsed.bad
            if canon in required:
                nulls = ts.is_null().to_numpy(zero_copy_only=False) & ~bad
                if nulls.any():
                    q.add(ctx.file, rows[nulls], canon, [None] * int(nulls.sum()),
                          "missing_value", f"{canon} is required")
                    bad |= nulls
            out[canon] = ts
        elif role == "number":
            clean = read.clean_text(arr)
            vals, nbad = read.parse_vn_numbers(clean)
            if nbad.any():
                v = _dict_values(clean, nbad)
                q.add(ctx.file, rows[nbad], canon, v, "unparseable_number",
                      [f"{x!r} is not a number as Vietnamese writes it (17.391, 85,90)"
                       for x in v])
                bad |= nbad
            neg = pc.fill_null(pc.less(vals, 0), False).to_numpy(zero_copy_only=False)
            if neg.any():
                q.add(ctx.file, rows[neg], canon, _dict_values(clean, neg), "negative_value",
                      f"{canon} cannot be negative")
                bad |= neg
            out[canon] = vals
        elif role == "legacy":
            clean = read.clean_text(arr)
            vals = [vocab.legacy_online_level(v) for v in read.as_plain_strings(clean).to_pylist()]
            lbad = np.array([v is None and s is not None for v, s in
                             zip(vals, read.as_plain_strings(clean).to_pylist())], dtype=bool)
            if lbad.any():
                q.add(ctx.file, rows[lbad], canon, _dict_values(clean, lbad), "unknown_label",
                      "online level (ND 43/2011) must be 1-4")
                bad |= lbad
            out[canon] = pa.array(vals, pa.int8())
        elif role == "bool":
            clean = read.clean_text(arr)
            if not pa.types.is_dictionary(clean.type):
                clean = clean.dictionary_encode()
            lut = np.array([{"true": 1, "false": 0}.get(vocab.BOOL_LABELS.get(vocab.fold(v)), -1)
                            for v in clean.dictionary.to_pylist()] + [0], dtype=np.int8)
            # a blank "Liên thông" cell = not inter-agency: exports mark only the yes rows
            b = lut[_indices(clean, len(lut) - 1)]
            ubad = b < 0
            if ubad.any():
                q.add(ctx.file, rows[ubad], canon, _dict_values(clean, ubad), "unknown_label",
                      "not a yes/no value (1/0, Có/Không, x)")
                bad |= ubad
            out[canon] = pa.array(b == 1)

    # localities, with the code list of each row
    if kind in ("dossiers", "surveys"):
        out["locality_code"], out["code_list"] = _localities(ctx, out, rows, bad)
        out.pop("locality_name", None)

    # order of dates (a clock that runs backwards)
    if kind == "dossiers":
        rec = out["received_at"]
        for col, reason in _ORDER_CHECKS:
            if col in out:
                before = pc.fill_null(pc.less(out[col], rec), False).to_numpy(
                    zero_copy_only=False)
                if before.any():
                    vals = pc.filter(out[col], pa.array(before)).to_pylist()
                    recv = pc.filter(rec, pa.array(before)).to_pylist()
                    q.add(ctx.file, rows[before], col, [str(v) for v in vals], reason,
                          [f"{col} {a} is before received_at {b}" for a, b in zip(vals, recv)])
                    bad |= before

    if plan.applicant_id is not None and kind == "dossiers":
        ids = t.column(f"c{plan.applicant_id}").combine_chunks()
        enc = ids.dictionary_encode()
        hashed = pa.array(privacy.hash_values(enc.dictionary.to_pylist(), ctx.key), pa.string())
        out["applicant_key"] = pc.take(hashed, enc.indices)

    # fill optional columns the file did not have
    for col, typ in OUTPUT[kind].items():
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
    return _assemble(kind, out, n), bad


def _assemble(kind: str, out: dict[str, pa.Array], n: int) -> pa.Table:
    arrays, names = [], []
    for col, typ in OUTPUT[kind].items():
        a = out[col]
        if isinstance(typ, tuple):
            pass
        elif pa.types.is_dictionary(a.type):
            a = a.dictionary_decode()
        if not isinstance(typ, tuple) and a.type != typ:
            a = a.cast(typ)
        arrays.append(a)
        names.append(col)
    if "applicant_key" in out:
        arrays.append(out["applicant_key"])
        names.append("applicant_key")
    return pa.Table.from_arrays(arrays, names=names)


def _localities(ctx: _Ctx, out: dict[str, pa.Array], rows: np.ndarray, bad: np.ndarray
                ) -> tuple[pa.Array, pa.Array]:
    n = len(rows)
    col = "locality_code" if "locality_code" in out else "locality_name"
    loc = out[col]
    if not pa.types.is_dictionary(loc.type):
        loc = loc.dictionary_encode()
    # the code list of each row: argument > column > date of the row (before/after 1 July 2025)
    if ctx.code_list is not None:
        lists = np.full(n, CODE_LISTS.index(ctx.code_list), dtype=np.int8)
    elif "code_list" in out:
        cl = out["code_list"]
        vals = read.as_plain_strings(cl).to_pylist()
        lists = np.array([CODE_LISTS.index(v) if v in CODE_LISTS else -1 for v in vals],
                         dtype=np.int8)
        unk = lists < 0
        if unk.any():
            ctx.q.add(ctx.file, rows[unk], "code_list", [vals[i] for i in np.flatnonzero(unk)],
                      "unknown_label", f"code list must be one of {list(CODE_LISTS)}")
            bad |= unk
            lists[unk] = 0
    else:
        when = out[_DATE_COLUMN[ctx.kind]].cast(pa.int64()).to_numpy(zero_copy_only=False)
        valid = out[_DATE_COLUMN[ctx.kind]].is_valid().to_numpy(zero_copy_only=False)
        lists = (valid & (when >= MERGER_DATE.astype(np.int64))).astype(np.int8)
    dict_vals = loc.dictionary.to_pylist()
    nd = len(dict_vals)
    idx = _indices(loc, nd)
    nulls = idx == nd
    # resolve each distinct (value, code list) pair once; rows pick their code by index
    codes = np.full(len(CODE_LISTS) * (nd + 1), None, dtype=object)
    key = lists.astype(np.int64) * (nd + 1) + idx
    for k in np.unique(key):
        li, vi = divmod(int(k), nd + 1)
        if vi == nd:
            continue
        code, reason, detail = resolve_locality(dict_vals[vi], CODE_LISTS[li])
        if code is None:
            m = key == k
            ctx.q.add(ctx.file, rows[m], col, [dict_vals[vi]] * int(m.sum()), reason, detail)
            bad |= m
        codes[k] = code
    if nulls.any():
        ctx.q.add(ctx.file, rows[nulls], col, [None] * int(nulls.sum()), "missing_value",
                  "locality is required")
        bad |= nulls
    out_codes = pc.take(pa.array(codes.tolist(), pa.string()), pa.array(key))
    cl_arr = pc.take(pa.array(CODE_LISTS, pa.string()), pa.array(lists))
    return out_codes, cl_arr


# --------------------------------------------------------------------------------------------
# pandera


def _batch_schema(kind: str):
    s = schema.SCHEMAS[kind].to_schema()
    if kind in _ID_COLUMN:  # global uniqueness is enforced after the last block (keep first)
        s = s.update_column(_ID_COLUMN[kind], unique=False)
    if kind == "surveys":
        s = s.remove_columns([])
        s.checks = [c for c in s.checks if "one answer" not in str(c.error)]
    return s


def _pandera(ctx: _Ctx, t: pa.Table, rows: np.ndarray, full: bool,
             rng: np.random.Generator) -> np.ndarray:
    """Validate accepted rows with pandera; return a mask of the rows pandera rejects.

    ``full``: every row, all checks (lazy). Otherwise the schema level (columns, dtypes: the
    same for every row, since the arrow types are fixed) on the first rows, and every data
    check on a random sample of :data:`PANDERA_SAMPLE_FRACTION` of the rows.
    """
    s = _batch_schema(ctx.kind)
    n = t.num_rows
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return bad
    if full or n <= PANDERA_SAMPLE_MIN:
        pick = np.arange(n)
        df = to_pandas(t)
    else:
        with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
            s.validate(to_pandas(t.slice(0, 1000)), lazy=False)
        k = max(PANDERA_SAMPLE_MIN, int(n * PANDERA_SAMPLE_FRACTION))
        pick = np.sort(rng.choice(n, k, replace=False))
        df = to_pandas(t.take(pa.array(pick)))
    try:
        s.validate(df, lazy=True)
    except pe.SchemaErrors as e:
        fc = e.failure_cases
        idx = pd.to_numeric(fc["index"], errors="coerce")
        for (col, check), grp in fc.assign(_i=idx).groupby(["column", "check"], dropna=False):
            pos = grp["_i"].dropna().astype(int).to_numpy()
            if not len(pos):
                raise InputError(ctx.file, f"output does not fit the {ctx.kind} schema: "
                                           f"{col} {check}") from None
            pos = pick[pos]
            ctx.q.add(ctx.file, rows[pos], str(col),
                      grp["failure_case"].astype(str).tolist()[:len(pos)], "schema",
                      f"pandera: {check}")
            bad[pos] = True
    return bad


# --------------------------------------------------------------------------------------------
# sinks


class _MemorySink:
    def __init__(self) -> None:
        self.tables: list[pa.Table] = []

    def write(self, t: pa.Table) -> None:
        self.tables.append(t)

    def close(self) -> None:
        pass

    def result(self, schema_: pa.Schema) -> pa.Table:
        return pa.concat_tables(self.tables) if self.tables else schema_.empty_table()

    def drop(self, positions: np.ndarray, schema_: pa.Schema) -> None:
        t = self.result(schema_)
        keep = np.ones(t.num_rows, dtype=bool)
        keep[positions] = False
        self.tables = [t.filter(pa.array(keep))]


class _ParquetSink:
    """Buffered parquet writer on a background thread (writing overlaps parsing)."""

    def __init__(self, path: Path, schema_: pa.Schema) -> None:
        self.path, self.schema = path, schema_
        self._buf: list[pa.Table] = []
        self._n = 0
        self._q: queue.Queue = queue.Queue(maxsize=1)
        self._err: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _writer(self, path: Path):
        cats = [f.name for f in self.schema if pa.types.is_dictionary(f.type)]
        return pq.ParquetWriter(path, self.schema, compression="snappy",
                                use_dictionary=cats + ["locality_code", "code_list",
                                                       "reception_unit", "procedure_id"],
                                write_statistics=["dossier_id", "received_at", "response_id",
                                                  "answered_at", "procedure_id"])

    def _run(self) -> None:
        try:
            w = self._writer(self.path)
            while (t := self._q.get()) is not None:
                w.write_table(t, row_group_size=ROW_GROUP_ROWS)
            w.close()
        except BaseException as e:  # surfaced in close()
            self._err = e
            while self._q.get() is not None:
                pass

    def write(self, t: pa.Table) -> None:
        self._buf.append(t)
        self._n += t.num_rows
        if self._n >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            self._q.put(pa.concat_tables(self._buf).combine_chunks())
            self._buf, self._n = [], 0

    def close(self) -> None:
        self._flush()
        self._q.put(None)
        self._thread.join()
        if self._err is not None:
            raise self._err

    def drop(self, positions: np.ndarray, schema_: pa.Schema) -> None:
        t = pq.read_table(self.path, schema=schema_)
        keep = np.ones(t.num_rows, dtype=bool)
        keep[positions] = False
        tmp = self.path.with_suffix(".tmp")
        w = self._writer(tmp)
        w.write_table(t.filter(pa.array(keep)), row_group_size=ROW_GROUP_ROWS)
        w.close()
        os.replace(tmp, self.path)


# --------------------------------------------------------------------------------------------
# the engine


@dataclass
class LoadResult:
    """What a loader returns: the clean table, the quarantine table, the ingest report."""

    table: pd.DataFrame
    quarantine: pd.DataFrame
    report: dict


def to_pandas(t: pa.Table) -> pd.DataFrame:
    """Arrow → pandas with the contract's dtypes (a nullable int8 stays ``Int8``)."""
    return t.to_pandas(types_mapper={pa.int8(): pd.Int8Dtype()}.get)


def _schema_of(kind: str, applicant: bool) -> pa.Schema:
    """Output arrow schema, with pandas metadata so ``pd.read_parquet`` restores the
    contract's dtypes (categories in vocab order, nullable ``Int8``)."""
    fields = []
    for col, typ in OUTPUT[kind].items():
        fields.append(pa.field(col, _cat_type() if isinstance(typ, tuple) else typ))
    if applicant:
        fields.append(pa.field("applicant_key", pa.string()))
    sch = pa.schema(fields)
    empty = to_pandas(sch.empty_table())
    for col, typ in OUTPUT[kind].items():
        if isinstance(typ, tuple):
            empty[col] = pd.Categorical([], categories=list(typ))
    meta = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return sch.with_metadata(meta)


def _run(kind: str, paths: Sequence[Path], sink_factory, code_list: str | None,
         hash_key: str | bytes | None, scale_points: int | None) -> tuple[object, dict, Quarantine]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; known: {KINDS}")
    if code_list is not None and code_list not in CODE_LISTS:
        raise ValueError(f"unknown code list {code_list!r}; known: {CODE_LISTS}")
    if not paths:
        raise ValueError("no input files")
    t0 = time.perf_counter()
    key, key_source = privacy.resolve_key(hash_key)
    q = Quarantine()
    report: dict = {"kind": kind, "files": [], "hash_key_source": key_source}
    total_read = 0
    checked_full = 0
    sampled_blocks = 0
    rng = np.random.default_rng(0)
    is_label = lambda s: vocab.match_header(s, kind) is not None  # noqa: E731
    sources = [read.inspect(p, is_label) for p in paths]
    plans = [_plan(kind, s) for s in sources]
    applicant = any(p.applicant_id is not None for p in plans) and kind == "dossiers"
    out_schema = _schema_of(kind, applicant)
    sink = sink_factory(out_schema)
    id_col = _ID_COLUMN.get(kind)
    kept_ids: list[pa.Array] = []
    kept_where: list[tuple[int, np.ndarray]] = []  # (file index, row numbers) per flush
    counters: Counter = Counter()
    pending: list[tuple[pa.Table, np.ndarray]] = []
    pending_n = 0

    def flush(ctx: _Ctx, fi: int) -> None:
        """pandera on the buffered accepted rows of one file, then to the sink."""
        nonlocal pending_n, checked_full, sampled_blocks
        if not pending:
            return
        table = pa.concat_tables([p[0] for p in pending]).combine_chunks()
        rows = np.concatenate([p[1] for p in pending])
        pending.clear()
        pending_n = 0
        full = checked_full + table.num_rows <= PANDERA_FULL_ROWS
        pbad = _pandera(ctx, table, rows, full, rng)
        if full:
            checked_full += table.num_rows
        else:
            sampled_blocks += 1
        if pbad.any():
            table = table.filter(pa.array(~pbad))
            rows = rows[~pbad]
        sink.write(table)
        if id_col is not None:
            kept_ids.append(table.column(id_col).combine_chunks())
        elif kind == "surveys":
            kept_ids.append(pc.binary_join_element_wise(
                table.column("response_id"), table.column("criterion"), "\x1f")
                .combine_chunks())
        kept_where.append((fi, rows.astype(np.int32)))

    try:
        for fi, (src, plan) in enumerate(zip(sources, plans)):
            fname = str(src.path)
            whole = kind != "dossiers"  # surveys and catalogues are small: one block per file
            malformed: dict[int, read.MalformedRow] = {}
            state: dict = {}
            ctx = _Ctx(kind, fname, code_list, key, q)
            if kind == "surveys":
                ctx.scale_points = scale_points
            rows_file = 0
            for block in _blocks(src, plan, whole, malformed, state):
                n = block.table.num_rows
                rows_file += n
                if kind == "surveys" and "scale_points" not in plan.columns:
                    ctx.scale_points = scale_points or _infer_scale(block.table, plan)
                    ctx.counters["scale_points_inferred"] = ctx.scale_points
                table, bad = _convert(ctx, plan, block.table, block.rows)
                if kind == "surveys":
                    bad |= _scale_check(ctx, table, block.rows, bad)
                good = ~bad
                pending.append((table.filter(pa.array(good)) if bad.any() else table,
                                block.rows[good]))
                pending_n += int(good.sum())
                if pending_n >= ROW_GROUP_ROWS:
                    flush(ctx, fi)
            flush(ctx, fi)
            for m in malformed.values():
                q.add(fname, np.array([m.row]), "*", [m.text], "malformed_row", m.reason)
            rows_file += len(malformed)
            counters.update({k: v for k, v in ctx.counters.items() if isinstance(v, int)})
            total_read += rows_file
            report["files"].append({
                "path": fname, "format": src.format, "encoding": src.encoding,
                "delimiter": src.delimiter, "rows_read": rows_file,
                "serial_parse": bool(state.get("serial")),
                "columns": {src.header[i]: c for c, i in plan.columns.items()},
                "columns_ignored": plan.ignored,
                "personal_columns_dropped": plan.personal, "notes": src.notes,
            })
        sink.close()
    except BaseException:
        try:
            sink.close()
        except Exception:  # noqa: BLE001 - the first error is the one to report
            pass
        raise
    # global duplicate ids: keep the first occurrence, quarantine the rest
    dup_col = id_col or ("response_id" if kind == "surveys" else None)
    if kept_ids:
        ids = pa.chunked_array(kept_ids, pa.string())
        n_ids = len(ids)
        if n_ids and pc.count_distinct(ids).as_py() != n_ids:
            enc = pc.dictionary_encode(ids.combine_chunks())
            idx = enc.indices.to_numpy(zero_copy_only=False)
            seen_max = np.maximum.accumulate(idx)
            first = np.empty(n_ids, dtype=bool)
            first[0] = True
            first[1:] = idx[1:] > seen_max[:-1]
            dup = np.flatnonzero(~first)
            first_pos = np.flatnonzero(first)[idx[dup]]
            files = np.concatenate([np.full(len(w[1]), w[0], dtype=np.int32) for w in kept_where])
            rows = np.concatenate([w[1] for w in kept_where])
            dvals = pc.take(ids, pa.array(dup)).to_pylist()
            for fi in np.unique(files[dup]):
                sel = files[dup] == fi
                q.add(str(sources[fi].path), rows[dup][sel], dup_col,
                      [v.replace("\x1f", " / ") for v in np.asarray(dvals, dtype=object)[sel]],
                      "duplicate_id",
                      [f"first seen in {sources[files[p]].path.name} row {rows[p]}"
                       for p in first_pos[sel]])
            sink.drop(dup, out_schema)
            accepted = n_ids - len(dup)
        else:
            accepted = n_ids
    else:
        accepted = 0
    report.update({
        "rows_read": total_read,
        "rows_accepted": accepted,
        "rows_quarantined": q.rows,
        "quarantine_by_reason": q.by_reason(),
        "validation": {"pandera_full_rows": checked_full,
                       "pandera_sampled_groups": sampled_blocks,
                       "sample_fraction": PANDERA_SAMPLE_FRACTION},
        "counters": dict(counters),
        "seconds": round(time.perf_counter() - t0, 3),
    })
    if total_read != accepted + q.rows:
        raise AssertionError(f"row accounting broken: read {total_read} != accepted {accepted} "
                             f"+ quarantined {q.rows}")
    return sink, report, q


def _blocks(src: read.Source, plan: _Plan, whole: bool, malformed: dict, state: dict):
    """The blocks of one file (one concatenated block for surveys and catalogues, which are
    small and need whole-file inference such as the survey scale)."""
    gen = read.iter_batches(src, _read_types(plan), malformed, state)
    if not whole:
        yield from gen
        return
    blocks = list(gen)
    if blocks:
        t = pa.concat_tables([b.table for b in blocks]).combine_chunks()
        yield read.Batch(t, np.concatenate([b.rows for b in blocks]))


def _infer_scale(t: pa.Table, plan: _Plan) -> int:
    """3 or 5 when a survey sheet has no scale column: 5 if any 5-point-only level appears."""
    arr = read.clean_text(t.column(f"c{plan.columns['satisfaction_level']}").combine_chunks())
    vals = read.as_plain_strings(arr).unique().to_pylist()
    codes = {vocab.to_code("satisfaction_level", v) for v in vals if v is not None}
    return 5 if codes & vocab.FIVE_POINT_ONLY else 3


def _scale_check(ctx: _Ctx, t: pa.Table, rows: np.ndarray, bad: np.ndarray) -> np.ndarray:
    sp = t.column("scale_points").to_numpy(zero_copy_only=False)
    lvl = t.column("satisfaction_level").combine_chunks()
    codes = read.as_plain_strings(lvl).to_pylist()
    five = np.array([c in vocab.FIVE_POINT_ONLY for c in codes], dtype=bool)
    wrong_scale = ~np.isin(sp, [3, 5]) & ~bad
    mis = five & (sp == 3) & ~bad
    out = np.zeros(len(sp), dtype=bool)
    if wrong_scale.any():
        ctx.q.add(ctx.file, rows[wrong_scale], "scale_points", sp[wrong_scale].tolist(),
                  "unknown_label", "scale_points must be 3 or 5")
        out |= wrong_scale
    if mis.any():
        ctx.q.add(ctx.file, rows[mis], "satisfaction_level",
                  [codes[i] for i in np.flatnonzero(mis)], "scale_mismatch",
                  "a 3-point form has no neutral or very_dissatisfied level")
        out |= mis
    return out


# --------------------------------------------------------------------------------------------
# public API


def _paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def load(kind: str, paths: str | Path | Iterable[str | Path], *, code_list: str | None = None,
         hash_key: str | bytes | None = None, scale_points: int | None = None) -> LoadResult:
    """Load files of one ``kind`` (``dossiers``, ``surveys``, ``procedures``) into memory.

    ``code_list`` forces the locality code list (default: the file's ``code_list`` column, else
    the row's date: before 1 July 2025 → ``gso-2025-01-04``, from then on ``gso-2025-07-01``).
    ``hash_key``: see :mod:`motcua.privacy`. ``scale_points`` (surveys): 3 or 5 when the sheet
    has no scale column (otherwise inferred: 5 if a 5-point-only level appears, else 3).
    """
    sink, report, q = _run(kind, _paths(paths), lambda s: _MemorySink(), code_list, hash_key,
                           scale_points)
    applicant = bool(sink.tables and "applicant_key" in sink.tables[0].column_names)
    table = to_pandas(sink.result(_schema_of(kind, applicant)))
    return LoadResult(table, q.frame(), report)


def load_dossiers(paths, **kw) -> LoadResult:
    """Dossier exports → :class:`~motcua.schema.DossierSchema` table + quarantine + report."""
    return load("dossiers", paths, **kw)


def load_surveys(paths, **kw) -> LoadResult:
    """Satisfaction survey sheets (long: one answer per row) → SurveySchema table + quarantine."""
    return load("surveys", paths, **kw)


def load_procedures(paths, **kw) -> LoadResult:
    """Procedure catalogues (TTHC lists) → ProcedureSchema table + quarantine + report."""
    return load("procedures", paths, **kw)


def ingest(kind: str, paths: Sequence[str | Path], out_dir: str | Path, *,
           code_list: str | None = None, hash_key: str | bytes | None = None,
           scale_points: int | None = None) -> dict:
    """Load ``paths`` and write ``<kind>.parquet``, ``quarantine.csv`` and ``ingest.json`` to
    ``out_dir``; return the ``ingest.json`` dict (issue 3 item 7).

    ``ingest.json`` has ``rows_read``, ``rows_accepted``, ``rows_quarantined``,
    ``quarantine_by_reason`` (lines per reason), per-file details (encoding, delimiter,
    header mapping, personal columns dropped) and the validation mode. Dossier files stream
    (memory stays bounded for 10 M rows); a fatal problem raises
    :class:`~motcua.errors.InputError` and leaves no partial ``<kind>.parquet`` behind.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{kind}.parquet"
    partial = out / f".{kind}.parquet.partial"
    try:
        sink, report, q = _run(kind, _paths(paths), lambda s: _ParquetSink(partial, s),
                               code_list, hash_key, scale_points)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    q.frame().to_csv(out / "quarantine.csv", index=False, encoding="utf-8")
    report["outputs"] = {"table": target.name, "quarantine": "quarantine.csv",
                         "report": "ingest.json"}
    (out / "ingest.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    return report


#: dossier status → the event its ``processing_end_at`` records (domain.md §1.5: withdrawal,
#: refusal and stop are end events in the 766 rule).
_END_EVENT = {"resolved": "resolved", "returned": "resolved", "withdrawn": "withdrawn",
              "refused": "refused", "stopped": "stopped"}


def dossier_events(dossiers: pd.DataFrame) -> pd.DataFrame:
    """The long event table (:class:`~motcua.schema.EventSchema`) implied by a dossier table:
    ``received`` (``received_at``), the end event of ``processing_end_at`` (by status, see
    ``_END_EVENT``; ``resolved`` for other statuses), ``returned`` and ``apology_issued``.
    Supplement events are not in the one-row-per-dossier export and are not invented.
    """
    parts = [pd.DataFrame({"dossier_id": dossiers["dossier_id"], "event": "received",
                           "at": dossiers["received_at"]})]
    end = dossiers["status"].astype("str").map(_END_EVENT).fillna("resolved")
    parts.append(pd.DataFrame({"dossier_id": dossiers["dossier_id"], "event": end,
                               "at": dossiers["processing_end_at"]}))
    parts.append(pd.DataFrame({"dossier_id": dossiers["dossier_id"], "event": "returned",
                               "at": dossiers["returned_at"]}))
    parts.append(pd.DataFrame({"dossier_id": dossiers["dossier_id"], "event": "apology_issued",
                               "at": dossiers["apology_issued_at"]}))
    ev = pd.concat(parts, ignore_index=True)
    ev = ev[ev["at"].notna()].sort_values(["dossier_id", "at"], kind="stable", ignore_index=True)
    ev["dossier_id"] = ev["dossier_id"].astype("str")
    ev["event"] = pd.Categorical(ev["event"], categories=list(vocab.EVENTS))
    ev["at"] = ev["at"].astype("datetime64[ns]")
    return ev
