"""The units a comparison compares, from SYNTHETIC records or from the real public sources.

Every function returns a unit table: one row per unit with ``unit_code``, ``unit_name``,
``unit_type`` and either counts (``numerator``, ``denominator``: the funnel of proportions) or,
for published scores, a panel (``year``, ``value``: the funnel of scores). Units left out are
returned beside it with the reason, so a report can say who is missing.

Sources (``SOURCES``):

``records``
    clean records of one locality (``motcua.records.Records``; the bundled ones are SYNTHETIC).
    Indicators: ``on_time`` (under one convention of :mod:`motcua.analysis.ontime`),
    ``very_satisfied`` and ``satisfied`` (share of overall survey answers at that level, or at
    "satisfied" or better).
``dvc766_units``
    QĐ 766 unit indicators of Gia Lai, 2026 year to date: 14 departments and 7 communes
    (``data/real/dvc766-crawler766/``, public figures, licence not stated; see its SOURCE.md).
    Indicators: ``on_time`` (dossiers resolved on time / resolved) and ``satisfaction_766``
    (the portal's satisfied-dossier count, which tracks the on-time count: derived, not
    survey evidence).
``dvc766_provinces``
    QĐ 766 group scores of the 34 provinces whose names survived the 2025 merger, 2022–2024
    (``data/real/dvc766-34prov-pmnm/bang_3.csv``, public figures, licence not stated).
``papi``
    PAPI sub-dimension scores, 63 provinces, 2011–2024 (``data/real/papi-subdim-hnks/``, MIT).
    A dimension ``D1``…``D8`` is the sum of its sub-dimensions (SOURCE.md). The codebook
    changed in 2018 and some sub-dimensions come and go (SC52 is absent from 2021 on), so a
    panel may only span years in which the indicator is made of the same columns
    (:func:`papi_columns`); province-years with any of those columns blank are missing.

File reading is confined to the ``read_*`` functions of the bundled real sources and to
:func:`record_unit_count` (two columns of a ``dossiers.parquet``, for the parameter check).
"""

from __future__ import annotations

import pandas as pd

from motcua.config import CODE_LIST_LEGACY, REAL_DATA_DIR
from motcua.vn import localities

SOURCES = ("records", "dvc766_units", "dvc766_provinces", "papi")
#: Comparison levels: which units are compared with which.
COMPARISON_LEVELS = ("communes_in_district", "districts_in_province", "departments_in_province",
                     "communes_in_province", "units_in_province", "provinces_in_country")
#: Which levels each source has.
SOURCE_LEVELS = {
    "records": ("communes_in_district", "districts_in_province"),
    "dvc766_units": ("departments_in_province", "communes_in_province", "units_in_province"),
    "dvc766_provinces": ("provinces_in_country",),
    "papi": ("provinces_in_country",),
}
DVC766_UNITS_FILE = REAL_DATA_DIR / "dvc766-crawler766" / "gialai_766_units_2026_extract.csv"
DVC766_PROVINCES_FILE = REAL_DATA_DIR / "dvc766-34prov-pmnm" / "bang_3.csv"
PAPI_DIR = REAL_DATA_DIR / "papi-subdim-hnks"

#: Indicator → (English label, Vietnamese label); a label names what a higher value means.
RECORD_INDICATORS = {
    "on_time": ("on-time rate", "tỷ lệ đúng hạn"),
    "very_satisfied": ("share very satisfied", "tỷ lệ rất hài lòng"),
    "satisfied": ("share satisfied or better", "tỷ lệ hài lòng trở lên"),
}
DVC766_UNIT_INDICATORS = {
    "on_time": ("on-time rate (766, resolved dossiers)", "tỷ lệ đúng hạn (766, hồ sơ đã giải quyết)"),
    "satisfaction_766": ("766 satisfied-dossier share (derived from on-time)",
                         "tỷ lệ hồ sơ hài lòng 766 (suy ra từ đúng hạn)"),
}
#: bang_3.csv columns (766 groups; maximum points in brackets, SOURCE.md).
DVC766_PROVINCE_INDICATORS = {
    "total": ("TongDiem_DVC", "766 total score [100]", "tổng điểm 766 [100]"),
    "ckmb": ("CongKhaiMinhBach", "766 publicity and transparency [18]",
             "766 công khai, minh bạch [18]"),
    "tdgq": ("TienDoGiaiQuyet", "766 progress and results [20]", "766 tiến độ giải quyết [20]"),
    "dvtt": ("DichVuTrucTuyen", "766 online services [22]", "766 dịch vụ trực tuyến [22]"),
    "mdhl": ("MucDoHaiLong", "766 satisfaction [18]", "766 mức độ hài lòng [18]"),
    "sohoa": ("SoHoaHoSo", "766 digitisation [22]", "766 số hóa hồ sơ [22]"),
}
PAPI_FIRST_YEAR, PAPI_LAST_YEAR, PAPI_CODEBOOK_CHANGE = 2011, 2024, 2018


def indicator_label(source: str, indicator: str, language: str = "en") -> str:
    """What the indicator measures, in the report's language."""
    i = 0 if language == "en" else 1
    if source == "records":
        return RECORD_INDICATORS[indicator][i]
    if source == "dvc766_units":
        return DVC766_UNIT_INDICATORS[indicator][i]
    if source == "dvc766_provinces":
        return DVC766_PROVINCE_INDICATORS[indicator][1 + i]
    names = papi_names()
    label = names.get(indicator, indicator)
    return f"PAPI {indicator}: {label}" if language == "en" else f"PAPI {indicator}: {label}"


def check_indicator(source: str, indicator: str) -> None:
    """Raise ``ValueError`` for an indicator the source does not have."""
    known = {"records": RECORD_INDICATORS, "dvc766_units": DVC766_UNIT_INDICATORS,
             "dvc766_provinces": DVC766_PROVINCE_INDICATORS}.get(source)
    if known is not None and indicator not in known:
        raise ValueError(f"source {source!r} has no indicator {indicator!r}; "
                         f"expected one of {sorted(known)}")
    if source == "papi" and indicator not in papi_names():
        raise ValueError(f"PAPI has no indicator {indicator!r}; expected D1…D8 or SC11…SC83")


# ---------------------------------------------------------------------------------------------
# records


#: Level of a code not in the bundled lists, by its length (docs in motcua.vn.localities: 2
#: digits province, 3 district, 5 commune level).
_LEVEL_BY_LENGTH = {2: "province", 3: "district", 5: "commune"}


def _unit_of(code: str, code_list: str) -> tuple[str, str] | None:
    """``(name, level)`` of a reception unit's code. Names come from the 2025-01-04 list when
    the records' own list is not bundled (Kim Bảng's gso-2023-05-07), so a xã of 2022 may be
    named as the phường it became; a code in neither list keeps its code as its name."""
    try:
        unit = localities.lookup(code, code_list)
    except ValueError:  # a code list the bundled tables do not have (e.g. gso-2023-05-07)
        unit = localities.lookup(code, CODE_LIST_LEGACY)
    if unit is not None:
        return unit.name, unit.level
    level = _LEVEL_BY_LENGTH.get(len(code)) if code.isdigit() else None
    return (f"unit {code} (not in the 2025-01 code list)", level) if level else None


def record_units(records, indicator: str, level: str, convention: str = "received_cohort"
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(units, left_out)`` of one locality's records: the reception units at ``level``
    (communes, wards and townships of a district; districts of a province) with their counts.
    The one-stop centre (``centre``) and units of another level are left out."""
    check_indicator("records", indicator)
    if indicator == "on_time":
        from motcua.analysis.ontime import rates_by_convention

        d = records.dossiers
        rates = rates_by_convention(d, records.events, records.period_start,
                                    records.period_end, by="reception_unit",
                                    conventions=[convention])
        counts = rates.rename(columns={"group": "unit_code"})[
            ["unit_code", "numerator", "denominator"]]
        code_list = str(d["code_list"].iloc[0]) if "code_list" in d and len(d) else ""
    else:
        s = records.surveys
        if "criterion" in s.columns:
            s = s[s["criterion"].astype(str) == "overall"]
        good = ("very_satisfied",) if indicator == "very_satisfied" else (
            "very_satisfied", "satisfied")
        hit = s["satisfaction_level"].astype(str).isin(good)
        g = hit.groupby(s["reception_unit"].astype(str))
        counts = pd.DataFrame({"numerator": g.sum().astype("int64"),
                               "denominator": g.size().astype("int64")}
                              ).rename_axis("unit_code").reset_index()
        code_list = str(s["code_list"].iloc[0]) if "code_list" in s and len(s) else ""
    return _at_level(counts, level, code_list or CODE_LIST_LEGACY)


_WANT = {"communes_in_district": ("commune", "ward", "township"),
         "districts_in_province": ("district",)}


def _at_level(counts: pd.DataFrame, level: str, code_list: str):
    if level not in _WANT:
        raise ValueError(f"records have no level {level!r}; expected one of {sorted(_WANT)}")
    rows, left = [], []
    for rec in counts.itertuples(index=False):
        code = str(rec.unit_code)
        unit = None if code == "centre" else _unit_of(code, code_list)
        if unit is None or unit[1] not in _WANT[level]:
            why = ("one-stop centre of the locality" if code == "centre"
                   else f"not a unit of this level ({unit[1] if unit else 'unknown code'})")
            left.append({"unit_code": code, "reason": why})
            continue
        if rec.denominator <= 0:
            left.append({"unit_code": code, "reason": "no dossiers or forms"})
            continue
        rows.append({"unit_code": code, "unit_name": unit[0], "unit_type": unit[1],
                     "numerator": int(rec.numerator), "denominator": int(rec.denominator)})
    return _frame(rows), pd.DataFrame(left, columns=["unit_code", "reason"])


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = ["unit_code", "unit_name", "unit_type", "numerator", "denominator"]
    return pd.DataFrame(rows, columns=cols).sort_values("unit_code").reset_index(drop=True)


def record_unit_count(dossiers_path, level: str) -> int:
    """How many reception units of ``level`` a ``dossiers.parquet`` has (reads two columns
    only; for deciding whether a comparison applies)."""
    import pyarrow.parquet as pq

    t = pq.read_table(dossiers_path, columns=["reception_unit", "code_list"]).to_pandas()
    codes = t["reception_unit"].astype(str).unique()
    code_list = str(t["code_list"].iloc[0]) if len(t) else CODE_LIST_LEGACY
    counts = pd.DataFrame({"unit_code": codes, "numerator": 0, "denominator": 1})
    return len(_at_level(counts, level, code_list)[0])


# ---------------------------------------------------------------------------------------------
# QĐ 766 units of Gia Lai


def read_dvc766_units(path=DVC766_UNITS_FILE) -> pd.DataFrame:
    """The Gia Lai unit extract as published (codes as text)."""
    return pd.read_csv(path, dtype={"department_code": str})


def dvc766_units(raw: pd.DataFrame, indicator: str, level: str
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(units, left_out)``: departments (``AGENCY``), communes (``COMMUNE``) or both, with
    the counts of ``indicator``. Units without dossiers or without the counts are left out."""
    check_indicator("dvc766_units", indicator)
    groups = {"departments_in_province": ("AGENCY",), "communes_in_province": ("COMMUNE",),
              "units_in_province": ("AGENCY", "COMMUNE")}
    if level not in groups:
        raise ValueError(f"the 766 unit extract has no level {level!r}")
    num, den = (("tdgq_total_on_time", "tdgq_total_received") if indicator == "on_time"
                else ("satisfaction_num", "satisfaction_den"))
    rows, left = [], []
    for r in raw[raw["child_group"].isin(groups[level])].itertuples(index=False):
        y, n = getattr(r, num), getattr(r, den)
        if pd.isna(y) or pd.isna(n) or n <= 0:
            left.append({"unit_code": r.department_code,
                         "reason": "no dossiers" if n == 0 else "counts not in the extract"})
            continue
        rows.append({"unit_code": r.department_code, "unit_name": r.department_name,
                     "unit_type": "department" if r.child_group == "AGENCY" else "commune",
                     "numerator": int(y), "denominator": int(n)})
    return _frame(rows), pd.DataFrame(left, columns=["unit_code", "reason"])


# ---------------------------------------------------------------------------------------------
# published scores: QĐ 766 provinces, PAPI


def read_dvc766_provinces(path=DVC766_PROVINCES_FILE) -> pd.DataFrame:
    """bang_3.csv as published (it starts with a UTF-8 BOM)."""
    return pd.read_csv(path, encoding="utf-8-sig")


def province_code(name: str) -> str:
    """GSO code (2025-01 list) of a province written as the portal writes it ("UBND tỉnh
    Khánh Hòa"); the name itself when it does not resolve to exactly one province."""
    found = localities.resolve_name(name.removeprefix("UBND ").strip(), level="province")
    return found[0].code if len(found) == 1 else name


def dvc766_province_panel(raw: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Long panel (``unit_code``, ``unit_name``, ``unit_type``, ``year``, ``value``) of one
    766 group score."""
    check_indicator("dvc766_provinces", indicator)
    col = DVC766_PROVINCE_INDICATORS[indicator][0]
    return pd.DataFrame({
        "unit_code": [province_code(n) for n in raw["TinhThanh"]],
        "unit_name": raw["TinhThanh"].str.removeprefix("UBND ").str.strip(),
        "unit_type": "province", "year": raw["Nam"].astype(int),
        "value": raw[col].astype("float64"),
    })


def read_papi(years, folder=PAPI_DIR) -> dict[int, pd.DataFrame]:
    """PAPI tables by year (``csv/<year>.csv``), codes P01…P63 as text."""
    bad = [y for y in years if not PAPI_FIRST_YEAR <= y <= PAPI_LAST_YEAR]
    if bad:
        raise ValueError(f"PAPI covers {PAPI_FIRST_YEAR}–{PAPI_LAST_YEAR}, not {bad}")
    return {y: pd.read_csv(folder / "csv" / f"{y}.csv", dtype={"Province": str}) for y in years}


def read_papi_provinces(folder=PAPI_DIR) -> pd.DataFrame:
    """The repository's province codes P01…P63 and names (without diacritics)."""
    return pd.read_csv(folder / "codebook" / "codebook_provinces.csv", dtype=str)


def papi_names(folder=PAPI_DIR) -> dict[str, str]:
    """Indicator code → English name: D1…D8 (dimensions) and SC11…SC83 (sub-dimensions), as
    the 2018+ codebook names them."""
    crit = pd.read_csv(folder / "codebook" / "codebook_criteria.csv", dtype=str)
    sub = pd.read_csv(folder / "codebook" / "codebook_subcriteria.csv", dtype=str)
    names = {"D" + c.removeprefix("C0"): n for c, n in zip(crit["Variable_Code"],
                                                           crit["Variable_Name"])}
    names.update(dict(zip(sub["Variable_Code"], sub["Variable_Name"])))
    return names


def papi_columns(table: pd.DataFrame, indicator: str) -> tuple[str, ...]:
    """The sub-dimension columns an indicator sums in one year's table: the sub-dimension
    itself, or every ``SC<d>x`` column of dimension ``D<d>`` that is not blank for every
    province that year."""
    if indicator.startswith("SC"):
        return (indicator,) if table[indicator].notna().any() else ()
    d = indicator.removeprefix("D")
    return tuple(c for c in table.columns
                 if c.startswith(f"SC{d}") and table[c].notna().any())


def papi_dimension(indicator: str) -> str:
    """The dimension an indicator belongs to: "D5" for "D5" and for "SC54"."""
    return "D" + indicator[2] if indicator.startswith("SC") else indicator


def papi_panel(tables: dict[int, pd.DataFrame], indicator: str, names: pd.DataFrame
               ) -> pd.DataFrame:
    """Long panel of one PAPI indicator over the given years. Raises ``ValueError`` when the
    years straddle the 2018 codebook change or the indicator's *dimension* is made of
    different columns in them: D5 has SC51–SC54 up to 2020 and no SC52 from 2021, and a
    sub-dimension's scale follows the number of its siblings (0.25–2.5 with four, 0.33–3.33
    with three; SOURCE.md), so SC54 of 2020 and of 2021 are not on one scale. A province-year
    with any of the columns blank has no value (missing, not a partial sum)."""
    check_indicator("papi", indicator)
    years = sorted(tables)
    if years[0] < PAPI_CODEBOOK_CHANGE <= years[-1]:
        raise ValueError(f"PAPI years {years[0]}–{years[-1]} straddle the {PAPI_CODEBOOK_CHANGE}"
                         " codebook change; compare years on one side of it")
    dim = {y: papi_columns(tables[y], papi_dimension(indicator)) for y in years}
    cols = {y: papi_columns(tables[y], indicator) for y in years}
    if len(set(dim.values())) != 1 or len(set(cols.values())) != 1 or not cols[years[0]]:
        raise ValueError(f"PAPI {papi_dimension(indicator)} is made of different columns in "
                         "these years: " + "; ".join(f"{y}: {'+'.join(c) or 'none'}"
                                                     for y, c in dim.items()))
    name = dict(zip(names["Variable_Code"], names["Variable_Name"]))
    parts = []
    for y in years:
        t = tables[y]
        value = t[list(cols[y])].sum(axis=1, min_count=len(cols[y]))
        value = value.where(t[list(cols[y])].notna().all(axis=1))
        parts.append(pd.DataFrame({"unit_code": t["Province"], "year": y, "value": value}))
    panel = pd.concat(parts, ignore_index=True)
    panel["unit_name"] = panel["unit_code"].map(name).fillna(panel["unit_code"])
    panel["unit_type"] = "province"
    return panel[["unit_code", "unit_name", "unit_type", "year", "value"]]


def missing_in_year(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units of the panel with no value in ``year``, with the reason."""
    have = set(panel.loc[(panel["year"] == year) & panel["value"].notna(), "unit_code"])
    units = panel.drop_duplicates("unit_code")
    gone = units[~units["unit_code"].isin(have)]
    return pd.DataFrame({"unit_code": gone["unit_code"].to_numpy(),
                         "reason": f"no value in {year} (blank in the source)"})


def papi_default_years(indicator: str, year: int) -> list[int]:
    """The years up to ``year`` in which the indicator's dimension keeps the columns it has in
    ``year``, without crossing the 2018 codebook change (D5 or SC54 in 2024: 2021–2024)."""
    first = PAPI_CODEBOOK_CHANGE if year >= PAPI_CODEBOOK_CHANGE else PAPI_FIRST_YEAR
    tables = read_papi(range(first, year + 1))
    dim = papi_dimension(indicator)
    want = papi_columns(tables[year], dim)
    years = [year]
    for y in range(year - 1, first - 1, -1):
        if papi_columns(tables[y], dim) != want:
            break
        years.insert(0, y)
    return years
