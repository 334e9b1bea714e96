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

**Conventions** (each with its source): a blank channel counts as in person (national-portal
766 spec, domain.md §1.4); a blank inter-agency cell means "no" (exports mark the yes rows); the
locality code list of a row is the ``code_list`` argument, else the file's ``code_list``
column, else the row's date: before 1 July 2025 ``gso-2025-01-04``, from then on
``gso-2025-07-01`` (QĐ 19/2025/QĐ-TTg, domain.md §8; codes are reused across the merger, so a
code is never looked up without its list). Columns whose header announces personal data
(names, ID and phone numbers, addresses: :func:`motcua.privacy.personal_header_kind`) are never
read; an ID-number column becomes ``applicant_key``, a keyed HMAC (issue 3 item 4), so the same
applicant can be followed without being named. Unknown columns are ignored and listed in
``ingest.json``.

**Speed** (issue 3 item 8; numbers in ``bench/ingest/README.md``). Dossier files stream in
8 MiB blocks through pyarrow's CSV reader (a background thread reads ahead) with explicit column
types: label columns are read dictionary-encoded, so NFC, trimming, label mapping and locality
resolution run on the few distinct values of a block only; dates are read as text and parsed by
:func:`motcua.read.parse_vn_datetimes` (pyarrow's strptime plus a calendar check, because
pyarrow alone turns 31/02 into 3 March). :data:`CONVERT_THREADS` workers convert blocks (the
work is pyarrow/numpy and releases the GIL); accepted rows go to parquet from a writer thread
in row groups of :data:`ROW_GROUP_ROWS`. Duplicate ids are found after the last block from a
64-bit hash per row (8 bytes a row) and confirmed as strings, so memory stays bounded.

**Validation.** Every rule of the pandera schemas (:mod:`motcua.schema`) is also checked
vectorised on every row: that is what produces the quarantine lines, with reasons a person can
act on. pandera then validates, lazily, every accepted row of the first
:data:`PANDERA_FULL_ROWS` rows of a dossier load (and every survey and catalogue row). Past that
budget it validates a random :data:`PANDERA_SAMPLE_FRACTION` of each row group in one call at
the end, and a row it rejects is still removed from the parquet file and quarantined (reason
``schema``). The reason for the budget: pandera's pandas checks cost ~0.5 s per million
dossier rows, about as much as all the vectorised checks together. Uniqueness is enforced
globally (keep the first), not by pandera per block. ``ingest.json`` reports what ran
(``validation``), and tests switch vectorised checks off to show pandera still stops the rows.
"""

from __future__ import annotations

import json
import os
import queue
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors as pe
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from motcua.vn import privacy
from motcua.records import read
from motcua.records import schema
from motcua.vn import vocab
from motcua.config import CODE_LIST_2025_07, CODE_LIST_LEGACY
from motcua.errors import InputError

#: The tables a loader reads.
TABLE_KINDS = ("dossiers", "surveys", "procedures")
#: Code lists a loader resolves locality names in (the ones ``motcua.vn.localities`` ships).
RESOLVABLE_CODE_LISTS = (CODE_LIST_LEGACY, CODE_LIST_2025_07)
#: Day the new code list took effect (QĐ 19/2025/QĐ-TTg; domain.md §8).
MERGER_DATE = np.datetime64("2025-07-01", "ns")
#: Worker threads converting blocks (2 = the cores of the project machine).
CONVERT_THREADS = 2
PANDERA_FULL_ROWS = 1_000_000
PANDERA_SAMPLE_FRACTION = 0.01
PANDERA_SAMPLE_MIN = 1_000
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
        "status": vocab.DOSSIER_STATUSES, "statutory_limit": pa.float64(),
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


@lru_cache(maxsize=65536)
def resolve_locality(value: str, code_list: str) -> tuple[str | None, str | None, str]:
    """One locality cell → (code, None, "") or (None, reason, detail).

    A value of 2, 3 or 5 digits is a code (province, district, commune level) looked up in
    ``code_list``; anything else is a name resolved by :func:`motcua.localities.resolve_name`.
    A name may carry its parents after commas ("Xã Tân Sơn, Thị xã Kim Bảng, Tỉnh Hà Nam"),
    resolved outermost first. Codes are reused across the 2025 merger, so the code list is
    always explicit (domain.md §8; stack-notes.md "Locality code tables").
    """
    from motcua.vn import localities

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

    def merge(self, other: Quarantine) -> None:
        self._parts.extend(other._parts)
        for f, rows in other._keys.items():
            self._keys.setdefault(f, set()).update(rows)

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


def _one_chunk(col: pa.ChunkedArray) -> pa.Array:
    return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()


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
    raw = {canon: _one_chunk(t.column(f"c{i}")) for canon, i in plan.columns.items()}
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
            # no clean_text: blanks are already null (CSV reader), and a value with stray
            # spaces misses the fixed-width fast path and is stripped on the per-value path
            clean = arr
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
        lists = np.full(n, RESOLVABLE_CODE_LISTS.index(ctx.code_list), dtype=np.int8)
    elif "code_list" in out:
        cl = out["code_list"]
        vals = read.as_plain_strings(cl).to_pylist()
        lists = np.array([RESOLVABLE_CODE_LISTS.index(v) if v in RESOLVABLE_CODE_LISTS else -1
                          for v in vals], dtype=np.int8)
        unk = lists < 0
        if unk.any():
            ctx.q.add(ctx.file, rows[unk], "code_list", [vals[i] for i in np.flatnonzero(unk)],
                      "unknown_label", f"code list must be one of {list(RESOLVABLE_CODE_LISTS)}")
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
    codes = np.full(len(RESOLVABLE_CODE_LISTS) * (nd + 1), None, dtype=object)
    key = lists.astype(np.int64) * (nd + 1) + idx
    for k in np.flatnonzero(np.bincount(key)):
        li, vi = divmod(int(k), nd + 1)
        if vi == nd:
            continue
        code, reason, detail = resolve_locality(dict_vals[vi], RESOLVABLE_CODE_LISTS[li])
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
    cl_arr = pc.take(pa.array(RESOLVABLE_CODE_LISTS, pa.string()), pa.array(lists))
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


def _pandera(ctx: _Ctx, t: pa.Table, rows: np.ndarray, rng: np.random.Generator | None = None,
             files: np.ndarray | None = None, names: Sequence[str] = ()) -> np.ndarray:
    """Validate rows with pandera (lazy: every failure collected); quarantine the rows it
    rejects (reason ``schema``) and return their mask. ``files``/``names`` give each row's
    file when the rows come from several files (the deferred sample)."""
    s = _batch_schema(ctx.kind)
    n = t.num_rows
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return bad
    df = to_pandas(t)
    try:
        s.validate(df, lazy=True)
    except pe.SchemaErrors as e:
        fc = e.failure_cases.copy()
        fc["_i"] = pd.to_numeric(fc["index"], errors="coerce")
        # a dataframe-level check reports every column of a failing row: one line per row
        whole = fc["schema_context"].astype(str) == "DataFrameSchema"
        fc.loc[whole, "column"] = "*"
        fc.loc[whole, "failure_case"] = "(row)"
        fc = fc.drop_duplicates(["_i", "column", "check"])
        for (col, check), grp in fc.groupby(["column", "check"], dropna=False):
            pos = grp["_i"].dropna().astype(int).to_numpy()
            if not len(pos):
                raise InputError(ctx.file, f"output does not fit the {ctx.kind} schema: "
                                           f"{col} {check}") from None
            vals = grp["failure_case"].astype(str).tolist()[:len(pos)]
            if files is None:
                ctx.q.add(ctx.file, rows[pos], str(col), vals, "schema", f"pandera: {check}")
            else:
                for f in np.unique(files[pos]):
                    m = files[pos] == f
                    ctx.q.add(names[f], rows[pos][m], str(col),
                              np.asarray(vals, dtype=object)[m].tolist(), "schema",
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

    def read(self, schema_: pa.Schema) -> pa.Table:
        return self.result(schema_)

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
            self._q.put(pa.concat_tables(self._buf))
            self._buf, self._n = [], 0

    def close(self) -> None:
        self._flush()
        self._q.put(None)
        self._thread.join()
        if self._err is not None:
            raise self._err

    def read(self, schema_: pa.Schema) -> pa.Table:
        return pq.read_table(self.path, schema=schema_)

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
_DUP_KEY = {
    "dossiers": lambda t: t.column("dossier_id").combine_chunks(),
    "procedures": lambda t: t.column("procedure_id").combine_chunks(),
    "surveys": _survey_key,
}


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
         hash_key: str | bytes | None, scale_points: int | None
         ) -> tuple[object, dict, Quarantine]:
    if kind not in TABLE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; known: {TABLE_KINDS}")
    if code_list is not None and code_list not in RESOLVABLE_CODE_LISTS:
        raise ValueError(f"unknown code list {code_list!r}; known: {RESOLVABLE_CODE_LISTS}")
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
    kept_hash: list[np.ndarray] = []  # 64-bit hash of each kept row's id, in output order
    dup_key = _DUP_KEY.get(kind)
    kept_where: list[tuple[int, np.ndarray]] = []  # (file index, row numbers) per flush
    counters: Counter = Counter()
    pending: list[tuple[pa.Table, np.ndarray]] = []
    pending_n = 0

    written = 0  # rows sent to the sink so far (= output position of the next row)
    deferred: list[tuple[pa.Table, np.ndarray, np.ndarray, int]] = []  # sampled rows

    def flush(ctx: _Ctx, fi: int) -> None:
        """pandera on the buffered accepted rows of one file, then to the sink."""
        nonlocal pending_n, checked_full, sampled_blocks, written
        if not pending:
            return
        table = pa.concat_tables([p[0] for p in pending])
        rows = np.concatenate([p[1] for p in pending])
        pending.clear()
        pending_n = 0
        if checked_full + table.num_rows <= PANDERA_FULL_ROWS or kind != "dossiers":
            pbad = _pandera(ctx, table, rows, rng)
            checked_full += table.num_rows
            if pbad.any():
                table = table.filter(pa.array(~pbad))
                rows = rows[~pbad]
        else:
            # past the budget: a random sample, validated in one pandera call at the end
            k = min(table.num_rows, max(PANDERA_SAMPLE_MIN,
                                        int(table.num_rows * PANDERA_SAMPLE_FRACTION)))
            pick = np.sort(rng.choice(table.num_rows, k, replace=False))
            deferred.append((table.take(pa.array(pick)), rows[pick], written + pick, fi))
            sampled_blocks += 1
        sink.write(table)
        written += table.num_rows
        if dup_key is not None:
            kept_hash.append(hash64(dup_key(table)))
        kept_where.append((fi, rows.astype(np.int32)))

    pool = ThreadPoolExecutor(max_workers=CONVERT_THREADS, thread_name_prefix="motcua-convert")
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

            def accept(done: tuple) -> None:
                nonlocal pending_n
                table, rows, bad, bq, bcounters = done
                q.merge(bq)
                ctx.counters.update(bcounters)
                good = ~bad
                pending.append((table.filter(pa.array(good)) if bad.any() else table,
                                rows[good]))
                pending_n += int(good.sum())
                if pending_n >= ROW_GROUP_ROWS:
                    flush(ctx, fi)

            # blocks are converted by CONVERT_THREADS workers (the work is pyarrow/numpy,
            # which release the GIL) and accepted in file order
            inflight: deque = deque()
            for block in _blocks(src, plan, whole, malformed, state):
                rows_file += block.table.num_rows
                if kind == "surveys" and "scale_points" not in plan.columns:
                    ctx.scale_points = scale_points or _infer_scale(block.table, plan)
                    ctx.counters["scale_points_inferred"] = ctx.scale_points
                inflight.append(pool.submit(_convert_block, ctx, plan, block))
                if len(inflight) > CONVERT_THREADS:
                    accept(inflight.popleft().result())
            while inflight:
                accept(inflight.popleft().result())
            flush(ctx, fi)
            for m in malformed.values():
                q.add(fname, np.array([m.row]), "*", [_safe_row_text(m.text, src, plan, key)],
                      "malformed_row", m.reason)
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
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # the deferred pandera sample (large loads): one call; a failing row is taken out again
    dropped = np.zeros(0, dtype=np.int64)
    sampled_rows = sum(d[0].num_rows for d in deferred)
    if deferred:
        t_s = pa.concat_tables([d[0] for d in deferred])
        pbad = _pandera(_Ctx(kind, "", code_list, key, q), t_s,
                        np.concatenate([d[1] for d in deferred]), files=np.concatenate(
                            [np.full(len(d[1]), d[3]) for d in deferred]),
                        names=[str(x.path) for x in sources])
        dropped = np.concatenate([d[2] for d in deferred])[pbad]
        deferred.clear()
    # global duplicate ids: keep the first occurrence, quarantine the rest. Rows are matched
    # on a 64-bit hash first (8 bytes a row instead of a hash table of 10 M strings); only rows
    # whose hash repeats are compared as strings, so a hash collision never drops a row.
    dup_col = id_col or ("response_id" if kind == "surveys" else None)
    h = np.concatenate(kept_hash) if kept_hash else np.zeros(0, np.uint64)
    kept_hash.clear()
    n_ids = len(h)
    accepted = n_ids
    if n_ids:
        hs = np.sort(h)
        repeated = np.unique(hs[1:][hs[1:] == hs[:-1]])
        del hs
        if len(repeated):
            cand = np.flatnonzero(np.isin(h, repeated))
            keys = dup_key(sink.read(out_schema)).take(pa.array(cand)).to_pylist()
            first_of: dict[str, int] = {}
            dup_l, first_l = [], []
            gone = set(dropped.tolist())
            for pos, k in zip(cand.tolist(), keys):
                if pos in gone:
                    continue
                if k in first_of:
                    dup_l.append(pos)
                    first_l.append(first_of[k])
                else:
                    first_of[k] = pos
            if dup_l:
                dup, first_pos = np.array(dup_l), np.array(first_l)
                files = np.concatenate([np.full(len(w[1]), w[0], dtype=np.int32)
                                        for w in kept_where])
                rows = np.concatenate([w[1] for w in kept_where])
                key_at = dict(zip(cand.tolist(), keys))
                dvals = np.asarray([key_at[p].replace("\x1f", " / ") for p in dup_l],
                                   dtype=object)
                for fi in np.unique(files[dup]):
                    sel = files[dup] == fi
                    q.add(str(sources[fi].path), rows[dup][sel], dup_col, dvals[sel].tolist(),
                          "duplicate_id",
                          [f"first seen in {sources[files[p]].path.name} row {rows[p]}"
                           for p in first_pos[sel]])
                dropped = np.concatenate([dropped, dup])
    if len(dropped):
        sink.drop(np.unique(dropped), out_schema)
        accepted = n_ids - len(np.unique(dropped))
    report.update({
        "rows_read": total_read,
        "rows_accepted": accepted,
        "rows_quarantined": q.rows,
        "quarantine_by_reason": q.by_reason(),
        "validation": {"pandera_full_rows": checked_full,
                       "pandera_sampled_groups": sampled_blocks,
                       "sample_fraction": PANDERA_SAMPLE_FRACTION,
                       "pandera_sampled_rows": sampled_rows},
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
        yield from _prefetch(gen)
        return
    blocks = list(gen)
    if blocks:
        t = pa.concat_tables([b.table for b in blocks]).combine_chunks()
        yield read.Batch(t, np.concatenate([b.rows for b in blocks]))


def _prefetch(gen, depth: int = 2):
    """Run a block generator in a background thread, ``depth`` blocks ahead, so that parsing
    the next block overlaps converting this one (both release the GIL: pyarrow and numpy).
    An exception in the reader is re-raised here, in the caller's thread."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    end = object()

    def run() -> None:
        try:
            for item in gen:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(end)
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            q.put(e)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    try:
        while True:
            item = q.get()
            if item is end:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while th.is_alive():
            try:
                q.get_nowait()
            except queue.Empty:
                th.join(timeout=0.05)


def _safe_row_text(text: str, src: read.Source, plan: _Plan, key: bytes) -> str:
    """A malformed row's raw text as the quarantine may show it: the cells under personal-data
    headers blanked out, anything else that looks personal replaced by a keyed hash token."""
    import csv
    import io

    personal = {c["column"] for c in plan.personal}
    try:
        cells = next(csv.reader(io.StringIO(text), delimiter=src.delimiter or ","))
    except (StopIteration, csv.Error):
        cells = [text]
    cells = ["…" if i < len(src.header) and src.header[i] in personal else c
             for i, c in enumerate(cells)]
    return privacy.redact_text((src.delimiter or ",").join(cells), key)


def _convert_block(ctx: _Ctx, plan: _Plan, block: read.Batch) -> tuple:
    """Convert one block with a block-local quarantine and counters (merged by the caller in
    file order, so worker threads share no mutable state)."""
    local = _Ctx(ctx.kind, ctx.file, ctx.code_list, ctx.key, Quarantine(), Counter(),
                 ctx.scale_points)
    table, bad = _convert(local, plan, block.table, block.rows)
    if ctx.kind == "surveys":
        bad |= _scale_check(local, table, block.rows, bad)
    return table, block.rows, bad, local.q, local.counters


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
