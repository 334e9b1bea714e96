"""Survey sheets: the scale of a sheet, and wide sheets (one row per form, one column per
criterion, e.g. the SIPAS forms of docs/domain.md §3.1) into the long table, one row per answer.

A candidate column is a criterion column when at least half of its filled cells are
satisfaction labels (vocab.py); its header becomes the criterion. A blank cell is no answer
(counted, not a row); a form with no answer at all is quarantined (``missing_value``). An
answer's quarantine key is (row, criterion), so the rows of one form are counted apart.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from motcua.errors import InputError
from motcua.records.plan import Plan
from motcua.records.read import Batch, Source, as_plain_strings, clean_text
from motcua.vn import vocab

#: Quarantine key of an answer: row × KEY_BASE + criterion number (1-based; 0 = the form).
KEY_BASE = 4096
_CRITERION, _LEVEL = 1 << 20, (1 << 20) + 1  # positions of the melted columns


def criterion_columns(src: Source, plan: Plan, t: pa.Table) -> list[int]:
    """The candidate columns whose cells are mostly satisfaction labels."""
    out = []
    for i in plan.wide:
        vals = as_plain_strings(clean_text(t.column(f"c{i}").combine_chunks()))
        filled = [v for v in vals.unique().to_pylist() if v is not None]
        counts = pc.value_counts(vals.drop_null()).to_pylist()
        known = sum(c["counts"] for c in counts
                    if vocab.to_code("satisfaction_level", c["values"]) is not None)
        total = sum(c["counts"] for c in counts)
        if filled and known * 2 >= total:
            out.append(i)
    if not out:
        raise InputError(src.label, "required columns 'criterion' and 'satisfaction_level' "
                                    "missing, and no column holds satisfaction levels (a wide "
                                    "sheet has one column per criterion)",
                         row=src.first_data_row - 1, column="criterion")
    return out


def melt(src: Source, plan: Plan, block: Batch, counters
         ) -> tuple[Batch, np.ndarray, Plan, np.ndarray, list[str]]:
    """(long block, its quarantine keys, the plan of the long block, rows of forms with no
    answer, the criteria)."""
    t = block.table
    crit = criterion_columns(src, plan, t)
    n = t.num_rows
    answered = np.zeros(n, dtype=bool)
    parts, rows, keys = [], [], []
    base = {f"c{i}": t.column(f"c{i}") for i in plan.columns.values()}
    for k, i in enumerate(crit, start=1):
        lvl = as_plain_strings(clean_text(t.column(f"c{i}").combine_chunks()))
        has = lvl.is_valid().to_numpy(zero_copy_only=False)
        counters["blank_answers"] += int((~has).sum())
        answered |= has
        sel = pa.array(np.flatnonzero(has))
        part = {name: col.take(sel) for name, col in base.items()}
        part[f"c{_CRITERION}"] = pa.array([src.header[i]] * len(sel), pa.string())
        part[f"c{_LEVEL}"] = lvl.take(sel)
        parts.append(pa.table(part))
        rows.append(block.rows[has])
        keys.append(block.rows[has] * KEY_BASE + k)
    counters["blank_answers"] -= int((~answered).sum()) * len(crit)  # forms, not answers
    long = pa.concat_tables(parts) if parts else t.slice(0, 0)
    cols = {**plan.columns, "criterion": _CRITERION, "satisfaction_level": _LEVEL}
    out = Batch(long, np.concatenate(rows), verified=True)
    return out, np.concatenate(keys), replace(plan, columns=cols, wide=[]), \
        block.rows[~answered], [src.header[i] for i in crit]


def infer_scale(t: pa.Table, plan: Plan) -> int:
    """3 or 5 when a survey sheet has no scale column: 5 if any 5-point-only level appears."""
    arr = clean_text(t.column(f"c{plan.columns['satisfaction_level']}").combine_chunks())
    vals = as_plain_strings(arr).unique().to_pylist()
    codes = {vocab.to_code("satisfaction_level", v) for v in vals if v is not None}
    return 5 if codes & vocab.FIVE_POINT_ONLY else 3


def scale_check(ctx, t: pa.Table, bad: np.ndarray) -> np.ndarray:
    """Rows whose scale is not 3 or 5, or whose level a 3-point form does not have."""
    sp = t.column("scale_points").to_numpy(zero_copy_only=False)
    codes = as_plain_strings(t.column("satisfaction_level").combine_chunks()).to_pylist()
    five = np.array([c in vocab.FIVE_POINT_ONLY for c in codes], dtype=bool)
    wrong_scale = ~np.isin(sp, [3, 5]) & ~bad
    mis = five & (sp == 3) & ~bad
    if wrong_scale.any():
        ctx.reject(wrong_scale, "scale_points", sp[wrong_scale].tolist(), "unknown_label",
                   "scale_points must be 3 or 5")
    if mis.any():
        ctx.reject(mis, "satisfaction_level", [codes[i] for i in np.flatnonzero(mis)],
                   "scale_mismatch", "a 3-point form has no neutral or very_dissatisfied level")
    return wrong_scale | mis
