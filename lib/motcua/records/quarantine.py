"""The quarantine: one line per problem (file, sheet, row, column, value, reason, detail).

Rows are counted once however many problems they have: a row is a distinct (file, sheet, key),
where the key is the row number, or (row, criterion) for an answer of a wide survey sheet.
Values and details are masked on the way out (``frame``): a rejected cell that holds an ID
number, a phone number or a name is written as ``[kind:keyed hash]``, never as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from motcua.records.columns import QUARANTINE_COLUMNS
from motcua.vn import privacy


class Quarantine:
    """Accumulates quarantine lines; ``rows`` counts distinct (file, sheet, key)."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key
        self._parts: list[pd.DataFrame] = []
        self._keys: dict[tuple[str, str], set[int]] = {}

    def add(self, where: tuple[str, str], rows: np.ndarray, column: str, values: Sequence,
            reason: str, detail: str | Sequence[str], keys: np.ndarray | None = None) -> None:
        """Lines for ``rows`` of source ``where`` = (file, sheet); ``keys`` default to rows."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        vals = [None if v is None else str(v) for v in values]
        self._parts.append(pd.DataFrame({
            "file": where[0], "sheet": where[1], "row": rows, "column": column, "value": vals,
            "reason": reason, "detail": detail if isinstance(detail, str) else list(detail),
        }))
        k = rows if keys is None else np.asarray(keys, dtype=np.int64)
        self._keys.setdefault(where, set()).update(k.tolist())

    def merge(self, other: Quarantine) -> None:
        self._parts.extend(other._parts)
        for w, keys in other._keys.items():
            self._keys.setdefault(w, set()).update(keys)

    @property
    def rows(self) -> int:
        return sum(len(s) for s in self._keys.values())

    def frame(self) -> pd.DataFrame:
        """The lines sorted by file, sheet, row and column, values and details masked."""
        if not self._parts:
            df = pd.DataFrame({c: pd.Series(dtype="str") for c in QUARANTINE_COLUMNS})
            df["row"] = df["row"].astype("int64")
            return df
        df = pd.concat(self._parts, ignore_index=True)
        df = df.sort_values(["file", "sheet", "row", "column"], kind="stable",
                            ignore_index=True)
        for c in ("value", "detail"):
            df[c] = _masked(df[c], self.key)
        for c in ("file", "sheet", "column", "value", "reason", "detail"):
            df[c] = df[c].astype("str")
        return df[QUARANTINE_COLUMNS]

    def by_reason(self) -> dict[str, int]:
        c: Counter[str] = Counter()
        for part in self._parts:
            c.update(part["reason"].value_counts().to_dict())
        return dict(sorted(c.items()))


@lru_cache(maxsize=65536)
def mask_value(value: str, key: bytes | None) -> str:
    """A quarantined value or detail as it may be written: every personal-data detector."""
    return privacy.mask_free_text(value, key, kinds=privacy.PERSONAL_DATA_KINDS)


def _masked(col: pd.Series, key: bytes | None) -> pd.Series:
    distinct = col.dropna().unique()
    table = {v: mask_value(str(v), key) for v in distinct}
    return col.map(table).where(col.notna(), None)
