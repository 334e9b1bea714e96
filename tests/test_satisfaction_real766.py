"""The real QĐ 766 figures (data/real/dvc766-crawler766): the satisfaction indicator against the
on-time counts, the MDHL rule, and the provinces' MDHL."""

import pandas as pd
import pytest

from motcua.analysis import real766
from motcua.analysis.satisfaction_report import analyse_766
from motcua.config import REAL_DATA_DIR

FOLDER = REAL_DATA_DIR / "dvc766-crawler766"


@pytest.fixture(scope="module")
def units():
    return pd.read_csv(FOLDER / "gialai_766_units_2026_extract.csv",
                       dtype={"department_code": str})


@pytest.fixture(scope="module")
def provinces():
    return pd.read_csv(FOLDER / "provinces_766_2026_ytd.csv", dtype={"department_code": str})


def test_source_note_travels_with_the_data():
    note = (FOLDER / "SOURCE.md").read_text(encoding="utf-8")
    assert "none stated" in note and "duynghiaqn/Crawler-766" in note


def test_unit_table_keeps_units_with_both_figures(units):
    table = real766.unit_table(units)
    assert len(table) == units["satisfaction_den"].notna().sum()
    both = units.dropna(subset=["satisfaction_den"])
    assert (table["satisfied_minus_on_time"].to_numpy()
            == (both["satisfaction_num"] - both["tdgq_total_on_time"]).to_numpy()).all()
    assert not table["unit"].str.contains("tỉnh Gia Lai").any()


def test_relation_reads_the_counts_unit_by_unit(units):
    table = real766.unit_table(units)
    r = real766.relation(table)
    both = units.dropna(subset=["satisfaction_den"])
    assert r["same_denominator"] == int(
        (both["satisfaction_den"] == both["tdgq_total_received"]).sum())
    gap = both["satisfaction_num"] - both["tdgq_total_on_time"]
    assert (r["gap_min"], r["gap_max"]) == (int(gap.min()), int(gap.max()))
    assert r["gap_max"] <= 0  # the numerator never exceeds the on-time count in this extract


def test_relation_notices_a_denominator_that_is_not_the_dossier_count(units):
    changed = units.copy()
    changed.loc[0, "satisfaction_den"] = changed.loc[0, "tdgq_total_received"] - 5
    r = real766.relation(real766.unit_table(changed))
    assert r["same_denominator"] == r["units"] - 1


def test_mdhl_rule_fits_every_unit_and_fails_a_perturbed_score(units):
    table = real766.unit_table(units)
    dec = real766.mdhl_decomposition(table)
    assert dec["fits"].all()
    assert set(dec["rest"].round(0)) <= {0.0, 12.0}
    broken = table.copy()
    broken.loc[2, "MDHL"] += 0.5
    assert not real766.mdhl_decomposition(broken)["fits"].iloc[2]


def test_province_distribution_and_rank(provinces):
    dist = real766.province_distribution(provinces, "H21").set_index("statistic")["MDHL"]
    assert dist["provinces"] == len(provinces)
    assert dist["median"] == pytest.approx(provinces["MDHL"].median())
    assert dist["min"] == provinces["MDHL"].min() and dist["max"] == provinces["MDHL"].max()
    gia_lai = provinces.loc[provinces["department_code"] == "H21", "MDHL"].iloc[0]
    assert dist["UBND tỉnh Gia Lai: rank of 34"] == 1 + (provinces["MDHL"] > gia_lai).sum()
    table = real766.province_table(provinces)
    assert table["MDHL"].is_monotonic_decreasing


def test_findings_warn_that_the_indicator_counts_dossiers(units, provinces):
    result = analyse_766(units, provinces)
    checks = {f.check: f for f in result.findings}
    assert checks["indicator_source"].severity == "warning"
    assert "not survey answers" in checks["indicator_source"].message_en
    assert checks["mdhl_rule"].recomputed == len(result.decomposition)
    assert checks["mdhl_provinces"].interval_low == provinces["MDHL"].min()
