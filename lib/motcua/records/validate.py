"""The pandera gate: every rule of the schemas (:mod:`motcua.records.schema`) is checked
vectorised in :mod:`convert` (that is what names the reason), and pandera validates the
accepted rows again, lazily, as the contract. A row pandera rejects is quarantined with reason
``schema``. Budget and sampling: docs/records.md, "Validation"."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.errors as pe
import pyarrow as pa

from motcua.errors import InputError
from motcua.records import schema
from motcua.records.columns import ID_COLUMN, to_pandas
from motcua.records.quarantine import Quarantine

#: Dossier rows validated in full by pandera; past that a sample of each row group.
PANDERA_FULL_ROWS = 1_000_000
PANDERA_SAMPLE_FRACTION = 0.01
PANDERA_SAMPLE_MIN = 1_000


def batch_schema(kind: str):
    """The kind's schema without the rules enforced across blocks (unique ids: the first is
    kept, after the last block)."""
    s = schema.SCHEMAS[kind].to_schema()
    if kind in ID_COLUMN:
        s = s.update_column(ID_COLUMN[kind], unique=False)
    if kind == "surveys":
        s = s.remove_columns([])
        s.checks = [c for c in s.checks if "one answer" not in str(c.error)]
    return s


def pandera_rejects(kind: str, t: pa.Table, rows: np.ndarray, q: Quarantine,
                    wheres: Sequence[tuple[str, str]], source: np.ndarray,
                    keys: np.ndarray | None = None) -> np.ndarray:
    """Validate ``t`` lazily (every failure collected); quarantine the rows pandera rejects
    (reason ``schema``) and return their mask. ``source[i]`` indexes ``wheres`` for row i."""
    bad = np.zeros(t.num_rows, dtype=bool)
    if t.num_rows == 0:
        return bad
    try:
        batch_schema(kind).validate(to_pandas(t), lazy=True)
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
                raise InputError(wheres[0][0], f"output does not fit the {kind} schema: "
                                               f"{col} {check}") from None
            vals = np.asarray(grp["failure_case"].astype(str).tolist()[:len(pos)], dtype=object)
            for f in np.unique(source[pos]):
                m = source[pos] == f
                q.add(wheres[f], rows[pos][m], str(col), vals[m].tolist(), "schema",
                      f"pandera: {check}", keys=None if keys is None else keys[pos][m])
            bad[pos] = True
    return bad
