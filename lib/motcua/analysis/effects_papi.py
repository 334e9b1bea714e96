"""The real PAPI province panel, 2011–2024: dimension trends and a before/after around a reform.

Data: PAPI sub-dimension scores of 63 provinces, ``data/real/papi-subdim-hnks/`` (MIT; see its
SOURCE.md for the caveats quoted here). A dimension score (1–10) is the **sum** of its
sub-dimensions (SOURCE.md, checked there against the official files). PAPI is UNDP, CECODES and
partners' annual survey of citizens (domain.md §6): each province's score is an average of what
a sample of its residents *reported*, so it is a province-level, self-reported index, not a
count of dossiers.

Dimensions studied here (codebook ``C05``, ``C06``): public administrative procedures (*Thủ tục
hành chính công*) and public service delivery (*Cung ứng dịch vụ công*).

Codebook changes, read off the data (:func:`subdimensions_by_year`) and SOURCE.md:

- 2018: PAPI moved from 6 dimensions and 22 sub-dimensions to 8 and 28 with new indicators
  (domain.md §6); levels before and after 2018 are not strictly comparable;
- 2021: the construction-permit sub-dimension (SC52) of dimension 5 ends, and its remaining three
  sub-dimensions are scored on 0.33–3.33 instead of 0.25–2.5, so the dimension keeps its 1–10
  range with a different content.

Regions: the six socio-economic regions of Nghị quyết 81/2023/QH15 (national master plan
2021–2030), as the GSO statistical yearbook groups provinces, by pre-2025 GSO province code
(:data:`REGIONS`).

This module reads its bundled data (one reader, :func:`read_papi`, like
``motcua.vn.localities`` reads its code tables); everything else is a pure function.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from motcua.config import CODE_LIST_LEGACY, REAL_DATA_DIR
from motcua.vn.localities import units_table

PAPI_DIR: Path = REAL_DATA_DIR / "papi-subdim-hnks"
#: Codebook dimension → (English name, sub-dimension column prefix).
DIMENSIONS = {"C05": ("Public administrative procedures", "SC5"),
              "C06": ("Public service delivery", "SC6")}
#: Region → pre-2025 GSO province codes (NQ 81/2023/QH15: 14, 11, 14, 5, 6, 13 provinces).
REGIONS: dict[str, tuple[str, ...]] = {
    "Northern Midlands and Mountains": ("02", "04", "06", "08", "10", "11", "12", "14", "15",
                                        "17", "19", "20", "24", "25"),
    "Red River Delta": ("01", "22", "26", "27", "30", "31", "33", "34", "35", "36", "37"),
    "North Central and Central Coast": ("38", "40", "42", "44", "45", "46", "48", "49", "51",
                                        "52", "54", "56", "58", "60"),
    "Central Highlands": ("62", "64", "66", "67", "68"),
    "South East": ("70", "72", "74", "75", "77", "79"),
    "Mekong River Delta": ("80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94",
                           "95", "96"),
}
#: PAPI codebook names that differ from the code list's (after removing diacritics).
_NAME_ALIASES = {"hanoi": "ha noi", "thua thien hue": "hue"}


def read_papi(folder: str | Path = PAPI_DIR) -> pd.DataFrame:
    """All sub-dimension scores as a long table: ``papi_id`` (P01…P63), ``year``,
    ``subdimension`` (SC11…), ``value`` (blank cells dropped)."""
    folder = Path(folder)
    parts = []
    for path in sorted((folder / "csv").glob("*.csv")):
        wide = pd.read_csv(path, dtype={"Province": str})
        long = wide.melt("Province", var_name="subdimension", value_name="value")
        parts.append(long.assign(year=int(path.stem)))
    if not parts:
        raise FileNotFoundError(f"no PAPI year files in {folder / 'csv'}")
    df = pd.concat(parts, ignore_index=True).rename(columns={"Province": "papi_id"})
    return df.dropna(subset=["value"])[["papi_id", "year", "subdimension", "value"]] \
        .reset_index(drop=True)


def _plain(name: str) -> str:
    s = unicodedata.normalize("NFD", name.casefold()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    for prefix in ("thanh pho ", "tinh "):
        s = s.removeprefix(prefix)
    return " ".join(s.replace("-", " ").replace(" city", "").split())


def provinces(folder: str | Path = PAPI_DIR) -> pd.DataFrame:
    """PAPI province ids with their GSO codes, Vietnamese names and regions.

    The codebook lists P01…P63 in GSO code order; the pairing is checked by name (diacritics
    removed), so a reordered codebook raises instead of mislabelling provinces."""
    book = pd.read_csv(Path(folder) / "codebook" / "codebook_provinces.csv", dtype=str)
    units = units_table(CODE_LIST_LEGACY)
    prov = units[units["level"] == "province"].sort_values("code").reset_index(drop=True)
    if len(prov) != len(book):
        raise ValueError(f"{len(book)} PAPI provinces but {len(prov)} in {CODE_LIST_LEGACY}")
    for papi_name, name in zip(book["Variable_Name"], prov["name"]):
        plain = _plain(papi_name)
        if _NAME_ALIASES.get(plain, plain) != _plain(name):
            raise ValueError(f"PAPI province {papi_name!r} does not pair with {name!r}")
    region = {code: r for r, codes in REGIONS.items() for code in codes}
    return pd.DataFrame({"papi_id": book["Variable_Code"], "papi_name": book["Variable_Name"],
                         "province_code": prov["code"], "province": prov["name"],
                         "region": prov["code"].map(region)})


def subdimensions_by_year(sub: pd.DataFrame) -> pd.DataFrame:
    """For each studied dimension and year, the sub-dimensions that have data: ``dimension``,
    ``year``, ``subdimensions`` (joined), ``n_subdimensions``. A change between years is a
    codebook change."""
    rows = []
    for dim, (_, prefix) in DIMENSIONS.items():
        s = sub[sub["subdimension"].str.startswith(prefix)]
        for year, g in s.groupby("year"):
            names = sorted(g["subdimension"].unique())
            rows.append({"dimension": dim, "year": int(year), "subdimensions": ", ".join(names),
                         "n_subdimensions": len(names)})
    return pd.DataFrame(rows)


def dimension_scores(sub: pd.DataFrame, province_table: pd.DataFrame) -> pd.DataFrame:
    """Dimension scores per province and year: ``papi_id``, ``province``, ``region``, ``year``,
    ``dimension``, ``score`` (the sum of that year's sub-dimensions; NaN when any of them is
    blank for the province). Every province-year is present, missing ones with NaN."""
    parts = []
    for dim, (_, prefix) in DIMENSIONS.items():
        s = sub[sub["subdimension"].str.startswith(prefix)]
        wide = s.pivot_table(index=["papi_id", "year"], columns="subdimension", values="value")
        per_year = s.groupby("year")["subdimension"].unique()
        grid = pd.MultiIndex.from_product([province_table["papi_id"], sorted(per_year.index)],
                                          names=["papi_id", "year"])
        wide = wide.reindex(grid)
        score = pd.Series(np.nan, index=grid)
        for year, cols in per_year.items():
            rows = wide.index.get_level_values("year") == year
            block = wide.loc[rows, sorted(cols)]
            score[rows] = block.sum(axis=1, min_count=len(cols)).to_numpy()
        parts.append(score.rename("score").reset_index().assign(dimension=dim))
    out = pd.concat(parts, ignore_index=True).merge(
        province_table[["papi_id", "province", "region"]], on="papi_id")
    return out[["papi_id", "province", "region", "year", "dimension", "score"]]


def missing_province_years(scores: pd.DataFrame) -> pd.DataFrame:
    """Province-years without a score: ``year``, ``dimension``, ``n_missing``, ``provinces``."""
    miss = scores[scores["score"].isna()]
    g = miss.groupby(["year", "dimension"])
    return pd.DataFrame({"n_missing": g.size(),
                         "provinces": g["province"].agg(lambda s: ", ".join(sorted(s)))}) \
        .reset_index()


def regional_trends(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean score by year, dimension and region, and nationally (``region`` "All provinces"):
    ``year``, ``dimension``, ``region``, ``mean_score``, ``n_provinces``. Unweighted means of
    provinces (PAPI reports each province as one unit)."""
    s = scores.dropna(subset=["score"])
    by_region = s.groupby(["year", "dimension", "region"])["score"].agg(["mean", "size"])
    national = s.groupby(["year", "dimension"])["score"].agg(["mean", "size"]) \
        .assign(region="All provinces").set_index("region", append=True)
    out = pd.concat([by_region, national]).reset_index()
    return out.rename(columns={"mean": "mean_score", "size": "n_provinces"}) \
        .sort_values(["dimension", "region", "year"]).reset_index(drop=True)


def survey_windows(reform_year: int, window: int) -> tuple[list[int], list[int]]:
    """Survey years before and after a reform taking effect in ``reform_year``: the ``window``
    years before it and the ``window`` years after it. The reform year itself is left out: a
    survey in the field while the reform starts measures neither state."""
    return (list(range(reform_year - window, reform_year)),
            list(range(reform_year + 1, reform_year + window + 1)))


def before_after(scores: pd.DataFrame, dimension: str, reform_year: int, window: int
                 ) -> pd.DataFrame:
    """Per province: mean score in the survey years before and after the reform
    (:func:`survey_windows`) and the change. Columns: ``province``, ``region``, ``before``,
    ``after``, ``change``, ``n_before``, ``n_after`` (years with a score; a province needs at
    least one on each side, otherwise its change is NaN)."""
    before, after = survey_windows(reform_year, window)
    s = scores[scores["dimension"] == dimension]
    g = s.groupby(["province", "region"])

    def side(years):
        sub = s[s["year"].isin(years)].groupby(["province", "region"])["score"]
        return sub.mean(), sub.count()

    (b, nb), (a, na) = side(before), side(after)
    out = pd.DataFrame({"before": b, "after": a, "n_before": nb, "n_after": na}) \
        .reindex(g.size().index)
    out["change"] = out["after"] - out["before"]
    out[["n_before", "n_after"]] = out[["n_before", "n_after"]].fillna(0).astype("int64")
    return out.reset_index()[["province", "region", "before", "after", "change", "n_before",
                              "n_after"]]


def change_summary(changes: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Mean province change by region and over all provinces, with a t interval over provinces
    (statsmodels ``DescrStatsW``): ``region``, ``mean_change``, ``ci_low``, ``ci_high``,
    ``n_provinces``. The interval treats provinces as independent draws; a national shock
    common to all of them is *in* the mean, not in the interval."""
    from statsmodels.stats.weightstats import DescrStatsW

    rows = []
    c = changes.dropna(subset=["change"])
    for region, g in [*c.groupby("region", sort=True), ("All provinces", c)]:
        d = DescrStatsW(g["change"].to_numpy())
        lo, hi = d.tconfint_mean(alpha) if len(g) > 1 else (np.nan, np.nan)
        rows.append({"region": region, "mean_change": float(d.mean), "ci_low": float(lo),
                     "ci_high": float(hi), "n_provinces": int(len(g))})
    return pd.DataFrame(rows)


def codebook_changes(by_year: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`subdimensions_by_year` where a dimension's sub-dimensions differ from
    the year before (plus each dimension's first year): ``dimension``, ``from_year``,
    ``subdimensions``, ``n_subdimensions``."""
    rows = by_year.sort_values(["dimension", "year"])
    changed = rows["subdimensions"] != rows.groupby("dimension")["subdimensions"].shift()
    return rows[changed].rename(columns={"year": "from_year"}).reset_index(drop=True)


def placebo_year(reform_year: int, window: int, first_year: int) -> int | None:
    """A comparison year with no reform, early enough that its windows end before the reform's
    first 'before' year: the typical drift of the index over the same span (None if the
    panel starts too late)."""
    year = reform_year - 2 * window - 1
    return year if year - window >= first_year else None


@dataclass(frozen=True)
class PapiStudy:
    """Result of :func:`papi_study`."""

    provinces: pd.DataFrame     # provinces: PAPI ids, GSO codes, names, regions
    scores: pd.DataFrame        # dimension_scores
    trends: pd.DataFrame        # regional_trends
    codebook: pd.DataFrame      # codebook_changes
    missing: pd.DataFrame       # missing_province_years
    changes: pd.DataFrame       # before_after of the studied dimension, reform year
    summary: pd.DataFrame       # change_summary of every dimension, reform and placebo
    reform_year: int
    placebo_year: int | None
    window: int


def papi_study(dimension: str, reform_date: str, window: int, alpha: float = 0.05,
               folder: str | Path = PAPI_DIR) -> PapiStudy:
    """Trends, codebook changes, missing province-years and the before/after comparison of
    both dimensions around ``reform_date`` and around a placebo year."""
    sub = read_papi(folder)
    table = provinces(folder)
    scores = dimension_scores(sub, table)
    reform_year = pd.Timestamp(reform_date).year
    placebo = placebo_year(reform_year, window, int(scores["year"].min()))
    parts = []
    for label, year in (("reform", reform_year), ("placebo", placebo)):
        if year is None:
            continue
        b, a = survey_windows(year, window)
        name = f"{label}: {b[0]}–{b[-1]} vs {a[0]}–{a[-1]}"
        for dim in DIMENSIONS:
            s = change_summary(before_after(scores, dim, year, window), alpha)
            parts.append(s.assign(comparison=name, dimension=dim))
    return PapiStudy(table, scores, regional_trends(scores), codebook_changes(
        subdimensions_by_year(sub)), missing_province_years(scores),
        before_after(scores, dimension, reform_year, window), pd.concat(parts,
        ignore_index=True), reform_year, placebo, window)


def province_trends(scores: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per province (by region, then name): its score in each survey year, years as
    text columns ("2011" …), blank where the province-year is missing."""
    s = scores[scores["dimension"] == dimension]
    wide = s.pivot(index=["region", "province"], columns="year", values="score").sort_index()
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()
