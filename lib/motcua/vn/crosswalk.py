"""The 2025 old→new crosswalk: which units of the 1 July 2025 list absorbed each unit of the list
before the merger.

The crosswalk ships with the code lists in ``data/real/vietnamadminunits-1.0.4/`` (MIT, see its
SOURCE.md) as ``crosswalk_old_to_new_2025.csv``: one row per (old unit, new unit), old codes
of ``gso-2025-01-04`` and new codes of ``gso-2025-07-01`` (``motcua.vn.localities``). A commune
divided among several new units has one row per part, one of them marked as the default
successor. Island districts without communes carry only their key in the file; their codes and
names are filled in from the old list.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from motcua.config import CODE_LIST_LEGACY
from motcua.vn.localities import CODE_LISTS, read_data_file

#: The crosswalk file in ``motcua.vn.localities.DATA_DIR``.
CROSSWALK_FILE = "crosswalk_old_to_new_2025.csv"


@lru_cache(maxsize=None)
def _crosswalk() -> pd.DataFrame:
    """The whole crosswalk, one row per (old unit, new unit), columns as :func:`crosswalk_2025`."""
    cw = read_data_file(CROSSWALK_FILE)
    legacy = read_data_file(CODE_LISTS[CODE_LIST_LEGACY])
    # Island districts without communes: the crosswalk has their key but no old codes.
    dists = legacy.drop_duplicates("districtCode")
    key = dists["provinceKey"] + "_" + dists["districtKey"] + "_"
    by_key = dict(zip(key, dists.index))
    missing = cw["old_district_code"].isna()
    for i in cw.index[missing]:
        j = by_key.get(cw.at[i, "old_key"])
        if j is None:
            continue
        for dst, src in (("old_province_code", "provinceCode"), ("old_province", "province"),
                         ("old_district_code", "districtCode"), ("old_district", "district")):
            cw.loc[i, dst] = dists.at[j, src]
    has_ward = cw["old_ward_code"].notna()
    split = cw["split_type"] == "divided"
    default = cw["is_default_new_ward"].fillna("1") == "1"
    out = pd.DataFrame({
        "old_code": cw["old_ward_code"].where(has_ward, cw["old_district_code"]),
        "old_name": cw["old_ward"].where(has_ward, cw["old_district"]),
        "old_district_code": cw["old_district_code"],
        "old_district": cw["old_district"],
        "old_province_code": cw["old_province_code"],
        "old_province": cw["old_province"],
        "new_code": cw["new_ward_code"],
        "new_name": cw["new_ward"],
        "new_province_code": cw["new_province_code"],
        "new_province": cw["new_province"],
        "split": split.astype(bool),
        "is_default": default.astype(bool),
        "new_area_km2": pd.to_numeric(cw["new_ward_area_km2"]),
    })
    for col in out.columns:
        if col not in ("split", "is_default", "new_area_km2"):
            out[col] = out[col].astype("str")
    return out


def crosswalk_2025(old_code: str) -> pd.DataFrame:
    """New (``gso-2025-07-01``) units for an old (``gso-2025-01-04``) code.

    ``old_code`` is a commune-level code (5 digits), a district (3) or a province (2); for a
    district or province all its communes are listed. One row per (old unit, new unit):
    ``split`` is True when the old unit was divided among several new units (then
    ``is_default`` marks the one the package treats as its main successor; it is True for
    whole units). Raises ``KeyError`` for a code with no row.
    """
    if not isinstance(old_code, str):
        raise TypeError(f"codes are strings with their leading zeros, got {old_code!r}")
    cw = _crosswalk()
    code = old_code.strip()
    col = {2: "old_province_code", 3: "old_district_code"}.get(len(code), "old_code")
    rows = cw[cw[col] == code]
    if rows.empty:
        raise KeyError(f"{CODE_LIST_LEGACY}: no crosswalk row for code {old_code!r}")
    return rows.reset_index(drop=True).copy()
