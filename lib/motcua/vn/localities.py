"""Vietnamese administrative-unit code lists: units by code, by name, and the units inside one.

Two code lists ship in ``data/real/vietnamadminunits-1.0.4/`` (MIT, see its SOURCE.md):

``gso-2025-01-04``
    the 3-tier list just before the July 2025 merger (63 provinces, 696 districts, 10,035
    communes/wards/townships; ``admin_units_legacy.csv``).
``gso-2025-07-01``
    the 2-tier list from 1 July 2025 (34 provinces, 3,321 communes/wards/special zones;
    ``admin_units.csv``).

Codes are strings (``"05983"``, never ``5983``) and are only meaningful together with their
code list: codes are reused across the merger (``05983`` is Phường Chi Lăng in the old list and
Phường Lương Văn Tri in the new one), so every lookup is keyed on ``(code_list, code)``.
Province codes have 2 digits, district codes 3, commune-level codes 5, so a code identifies its
level inside one list.

Names are matched on their normalized base name, the written prefix restricting only the tier
(``motcua.vn.place_names``, which explains why); :func:`resolve_name` applies that to a code
list. The 2025 old→new crosswalk is ``motcua.vn.crosswalk``.

Levels: ``province``; ``district`` (huyện, quận, thị xã, thành phố thuộc tỉnh); ``commune`` (xã,
and the 13 đặc khu of the new list, which are commune-level units); ``ward`` (phường);
``township`` (thị trấn). ``Unit.unit_type`` keeps the type as the list writes it.

All loaders are cached; public functions return fresh objects (frozen dataclasses, or copies of
DataFrames), so callers cannot corrupt the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from motcua.config import CODE_LIST_2025_07, CODE_LIST_LEGACY, REAL_DATA_DIR
from motcua.vn.place_names import (
    PROVINCE_ALIASES,
    name_prefix,
    normalize_name,
    prefix_tiers,
    unit_type_of,
)

DATA_DIR: Path = REAL_DATA_DIR / "vietnamadminunits-1.0.4"

#: code list → file in DATA_DIR.
CODE_LISTS: dict[str, str] = {
    CODE_LIST_LEGACY: "admin_units_legacy.csv",
    CODE_LIST_2025_07: "admin_units.csv",
}

#: Unit levels this module returns (a subset of ``motcua.claims.register.LOCALITY_LEVELS``).
UNIT_LEVELS = ("province", "district", "commune", "ward", "township")

_WARD_LEVEL = {"xã": "commune", "phường": "ward", "thị trấn": "township", "đặc khu": "commune"}
_TIER = {"province": "province", "district": "district", "commune": "commune",
         "ward": "commune", "township": "commune"}
_LEVEL_ORDER = {lvl: i for i, lvl in enumerate(UNIT_LEVELS)}


# --------------------------------------------------------------------------------------------
# units


@dataclass(frozen=True)
class Unit:
    """One administrative unit of one code list."""

    code: str
    name: str  # as the list writes it, with its type: "Thị xã Kim Bảng"
    level: str  # province | district | commune | ward | township
    parents: tuple[str, ...]  # enclosing units' codes, outermost first: (province, district)
    code_list: str
    unit_type: str = ""  # "Tỉnh", "Thành phố", "Huyện", "Thị xã", "Xã", "Phường", "Đặc khu"…

    @property
    def parent(self) -> str | None:
        return self.parents[-1] if self.parents else None

    @property
    def province_code(self) -> str:
        return self.parents[0] if self.parents else self.code

    @property
    def district_code(self) -> str | None:
        if self.level == "district":
            return self.code
        return self.parents[1] if len(self.parents) > 1 else None

    @property
    def base_name(self) -> str:
        return normalize_name(self.name)


def _check_code_list(code_list: str) -> None:
    if code_list not in CODE_LISTS:
        raise ValueError(f"unknown code list {code_list!r}; known: {sorted(CODE_LISTS)}")


@lru_cache(maxsize=None)
def _raw(file: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / file, dtype=str, keep_default_na=False, na_values=[""])


def read_data_file(file: str) -> pd.DataFrame:
    """A CSV of ``DATA_DIR`` as shipped (every column a string, empty cells missing); a fresh
    copy."""
    return _raw(file).copy()


@lru_cache(maxsize=None)
def _units(code_list: str) -> pd.DataFrame:
    """One row per unit: code, name, level, unit_type, province/district code, parent, base."""
    _check_code_list(code_list)
    raw = _raw(CODE_LISTS[code_list])
    frames = []
    prov = raw[["provinceCode", "province"]].drop_duplicates("provinceCode")
    frames.append(pd.DataFrame({
        "code": prov["provinceCode"], "name": prov["province"], "level": "province",
        "unit_type": prov["province"].map(unit_type_of),
        "province_code": prov["provinceCode"], "district_code": pd.NA, "parent": pd.NA,
    }))
    if "districtCode" in raw.columns:
        dist = raw[["provinceCode", "districtCode", "district", "districtType"]]
        dist = dist.drop_duplicates("districtCode")
        frames.append(pd.DataFrame({
            "code": dist["districtCode"], "name": dist["district"], "level": "district",
            "unit_type": dist["districtType"],
            "province_code": dist["provinceCode"], "district_code": dist["districtCode"],
            "parent": dist["provinceCode"],
        }))
        wards = raw[raw["wardCode"].notna()]
        ward_parent = wards["districtCode"]
        ward_district = wards["districtCode"]
    else:
        wards = raw
        ward_parent = wards["provinceCode"]
        ward_district = pd.Series(pd.NA, index=wards.index, dtype="str")
    frames.append(pd.DataFrame({
        "code": wards["wardCode"], "name": wards["ward"],
        "level": wards["wardType"].str.casefold().map(_WARD_LEVEL),
        "unit_type": wards["wardType"],
        "province_code": wards["provinceCode"], "district_code": ward_district,
        "parent": ward_parent,
    }))
    out = pd.concat(frames, ignore_index=True)
    for col in ("code", "name", "level", "unit_type", "province_code", "district_code", "parent"):
        out[col] = out[col].astype("str")
    if out["level"].isna().any():  # a new ward type in a future list: fail loudly
        bad = out.loc[out["level"].isna(), "unit_type"].unique().tolist()
        raise ValueError(f"{code_list}: unknown unit types {bad}")
    if out["code"].duplicated().any():
        raise ValueError(f"{code_list}: duplicated codes {out['code'][out['code'].duplicated()]}")
    out["base"] = out["name"].map(normalize_name).astype("str")
    out["code_list"] = code_list
    return out


@lru_cache(maxsize=None)
def _by_code(code_list: str) -> dict[str, Unit]:
    df = _units(code_list)
    units = {}
    for row in df.itertuples(index=False):
        parents = tuple(
            c for c in (row.province_code, row.district_code)
            if isinstance(c, str) and c != row.code
        )
        units[row.code] = Unit(row.code, row.name, row.level, parents, code_list, row.unit_type)
    return units


@lru_cache(maxsize=None)
def _by_base(code_list: str) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, base in zip(_units(code_list)["code"], _units(code_list)["base"]):
        index.setdefault(base, []).append(code)
    return {k: tuple(v) for k, v in index.items()}


def lookup(code: str, code_list: str = CODE_LIST_LEGACY) -> Unit | None:
    """The unit with this code in this code list, or None.

    >>> lookup("05983", "gso-2025-01-04").name, lookup("05983", "gso-2025-07-01").name
    ('Phường Chi Lăng', 'Phường Lương Văn Tri')
    """
    if not isinstance(code, str):
        raise TypeError(f"codes are strings with their leading zeros, got {code!r}")
    _check_code_list(code_list)
    return _by_code(code_list).get(code.strip())


def known_base_names(code_list: str = CODE_LIST_LEGACY) -> frozenset[str]:
    """Every normalized base name in a code list (for spotting place names in text)."""
    return frozenset(_by_base(code_list))


def resolve_name(
    name: str,
    level: str | None = None,
    within: str | None = None,
    code_list: str = CODE_LIST_LEGACY,
) -> list[Unit]:
    """Candidate units for a name as an article writes it; ``[]`` when none.

    The match is on the normalized base name (:func:`normalize_name`), so "huyện Kim Bảng"
    finds "Thị xã Kim Bảng" and "xã Tân Sơn" finds "Phường Tân Sơn". What restricts the match:

    - the written prefix, by *tier* only: "tỉnh" → province; "huyện", "quận", "thị xã" →
      district; "thành phố"/"TP." → province or district; "xã", "phường", "thị trấn" → any
      commune-level unit (a xã of 2022 may be a phường in the list);
    - ``level`` (one of :data:`UNIT_LEVELS`), also by tier: ``"commune"`` admits wards and
      townships;
    - ``within``: a province or district code of the same list the unit must lie in.

    Renamed provinces go through :data:`PROVINCE_ALIASES` ("Thừa Thiên Huế" → Huế). Candidates
    whose type equals the written prefix come first, then higher levels, then by code.
    """
    _check_code_list(code_list)
    if level is not None and level not in UNIT_LEVELS:
        raise ValueError(f"unknown level {level!r}; known: {UNIT_LEVELS}")
    base = normalize_name(name)
    if not base:
        return []
    tiers = prefix_tiers(name)
    if level is not None:
        tiers = frozenset({_TIER[level]}) if tiers is None else tiers & {_TIER[level]}
    index = _by_base(code_list)
    codes = list(index.get(base, ()))
    alias = PROVINCE_ALIASES.get(base)
    if alias and (tiers is None or "province" in tiers):
        codes += [c for c in index.get(alias, ()) if len(c) == 2 and c not in codes]
    units = _by_code(code_list)
    out = [units[c] for c in codes]
    if tiers is not None:
        out = [u for u in out if _TIER[u.level] in tiers]
    if within is not None:
        within = within.strip()
        out = [u for u in out if within in u.parents]
    written = name_prefix(name)
    out.sort(key=lambda u: (
        0 if written and u.unit_type.casefold() == written else 1,
        _LEVEL_ORDER[u.level] if u.level != "ward" else _LEVEL_ORDER["commune"],
        u.code,
    ))
    return out


_UNIT_COLUMNS = ["code", "name", "level", "unit_type", "province_code", "district_code",
                 "code_list"]


def units_table(code_list: str = CODE_LIST_LEGACY) -> pd.DataFrame:
    """Every unit of a code list, one row each (columns as :func:`units_within`)."""
    return _units(code_list)[_UNIT_COLUMNS].copy()


def units_within(
    code: str,
    code_list: str = CODE_LIST_LEGACY,
    level: str | tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """All units strictly inside a province or district (descendants, not only children).

    ``level`` filters (a level or a tuple of levels). The number of commune-level units of a
    district is ``len(units_within(code, code_list))``; of a province,
    ``len(units_within(code, code_list, ("commune", "ward", "township")))``.
    Raises ``KeyError`` for a code not in the list.
    """
    unit = lookup(code, code_list)
    if unit is None:
        raise KeyError(f"{code_list}: no unit with code {code!r}")
    df = _units(code_list)
    if unit.level == "province":
        mask = (df["province_code"] == unit.code) & (df["code"] != unit.code)
    elif unit.level == "district":
        mask = (df["district_code"] == unit.code) & (df["code"] != unit.code)
    else:
        mask = pd.Series(False, index=df.index)
    if level is not None:
        levels = (level,) if isinstance(level, str) else tuple(level)
        unknown = set(levels) - set(UNIT_LEVELS)
        if unknown:
            raise ValueError(f"unknown level(s) {sorted(unknown)}; known: {UNIT_LEVELS}")
        mask &= df["level"].isin(levels)
    return df.loc[mask, _UNIT_COLUMNS].reset_index(drop=True)
