"""Unit tables for comparisons (motcua.analysis.compare_data) and the comparison's findings."""

import pandas as pd
import pytest

from motcua.analysis import compare_data as cd
from motcua.analysis.compare import compare_counts, load_comparisons
from motcua.analysis.compare_findings import comparison_findings
from motcua.config import PARAMS_DIR
from motcua.records import read_records
from motcua.runs.params import load_params


@pytest.fixture(scope="module")
def quang_dien():
    return read_records("data/synthetic/quang-dien-2020")


def test_record_communes_add_up_to_the_published_totals(quang_dien):
    """The 11 communes of Quảng Điền: 17,391 received, 17,081 on time (article 001, as the
    SYNTHETIC records reproduce it under the received-cohort convention); centre left out."""
    units, left = cd.record_units(quang_dien, "on_time", "communes_in_district")
    assert len(units) == 11 and left["unit_code"].tolist() == ["centre"]
    assert units["denominator"].sum() == 17391 and units["numerator"].sum() == 17081
    thai = units.set_index("unit_code").loc["19870"]
    assert (thai["numerator"], thai["denominator"], thai["unit_name"]) == (1100, 1113,
                                                                          "Xã Quảng Thái")


def test_record_satisfaction_counts_overall_forms(quang_dien):
    units, _ = cd.record_units(quang_dien, "very_satisfied", "communes_in_district")
    s = quang_dien.surveys
    s = s[(s["criterion"] == "overall") & (s["reception_unit"] != "centre")]
    assert units["denominator"].sum() == len(s)
    assert units["numerator"].sum() == (s["satisfaction_level"] == "very_satisfied").sum()


def test_uniform_satisfaction_fault_is_flagged_by_the_funnel(quang_dien):
    """The SYNTHETIC records plant one commune whose forms are all very satisfied
    (ground_truth.parquet): the funnel flags exactly that commune, above the limits."""
    truth = pd.read_parquet("data/synthetic/quang-dien-2020/ground_truth.parquet")
    planted = set(truth.loc[truth["fault"] == "uniform_satisfaction", "reception_unit"])
    [cmp] = load_comparisons(source="records", level="communes_in_district",
                             indicators=["very_satisfied"], records=quang_dien)
    flagged = [f for f in comparison_findings(cmp, synthetic=True) if f.check == "funnel_outlier"]
    assert {f.unit_code for f in flagged} == planted
    assert all(f.severity == "warning" and f.status == "flagged" and f.unit_name
               and f.message_en.startswith("SYNTHETIC") for f in flagged)


def test_gia_lai_units_and_the_published_ranking_in_the_params_file():
    raw = cd.read_dvc766_units()
    units, left = cd.dvc766_units(raw, "on_time", "units_in_province")
    assert len(units) == 20 and left["unit_code"].tolist() == ["H21.20"]  # Thanh tra: 0 dossiers
    agri = units.set_index("unit_code").loc["H21.24"]
    assert (agri["numerator"], agri["denominator"]) == (90071, 130716)
    # the parameter file's published ranking is the extract's rank column, best first
    params = load_params(PARAMS_DIR / "gia-lai-766.yaml", "04_commune_comparison")
    ranked = raw.dropna(subset=["rank"]).sort_values("rank")["department_code"].tolist()
    assert params.published_ranking == ranked


def test_province_scores_resolve_to_gso_codes():
    panel = cd.dvc766_province_panel(cd.read_dvc766_provinces(), "tdgq")
    assert panel.groupby("year").size().to_dict() == {2022: 34, 2023: 34, 2024: 34}
    assert panel["unit_code"].str.fullmatch(r"\d\d").all()
    assert panel.loc[panel["unit_code"] == "79", "unit_name"].iloc[0] == "Thành phố Hồ Chí Minh"


def test_papi_dimension_is_the_sum_of_its_subdimensions():
    """SOURCE.md's independent checks: Hà Nội 2011 D1 = 5.76248, Hà Nội 2024 D8 = 4.04554."""
    names = cd.read_papi_provinces()
    d1 = cd.papi_panel(cd.read_papi([2011]), "D1", names)
    d8 = cd.papi_panel(cd.read_papi([2024]), "D8", names)
    assert d1.set_index("unit_code").loc["P01", "value"] == pytest.approx(5.76248, abs=1e-5)
    assert d8.set_index("unit_code").loc["P01", "value"] == pytest.approx(4.04554, abs=1e-5)


def test_papi_panel_keeps_one_definition_and_reports_missing_provinces():
    # D5 lost SC52 in 2021; a sub-dimension's scale changes with its siblings
    for ind in ("D5", "SC54"):
        assert cd.papi_default_years(ind, 2024) == [2021, 2022, 2023, 2024]
        with pytest.raises(ValueError, match="different columns"):
            cd.papi_panel(cd.read_papi([2020, 2021]), ind, cd.read_papi_provinces())
    with pytest.raises(ValueError, match="codebook"):
        cd.papi_panel(cd.read_papi([2017, 2018]), "D5", cd.read_papi_provinces())
    panel = cd.papi_panel(cd.read_papi([2021, 2022, 2023, 2024]), "D5",
                          cd.read_papi_provinces())
    # SOURCE.md: 2024 lacks Vĩnh Phúc and Tiền Giang; 2022 Bắc Giang and Bắc Ninh partly
    missing = cd.missing_in_year(panel, 2024).merge(panel.drop_duplicates("unit_code"))
    assert sorted(missing["unit_name"]) == ["Tien Giang", "Vinh Phuc"]
    assert panel.loc[(panel["year"] == 2022) & panel["value"].isna(), "unit_name"].tolist() \
        == ["Bac Giang"]


def test_too_few_units_is_not_testable():
    units = pd.DataFrame({"unit_code": ["a", "b"], "unit_name": ["a", "b"], "unit_type": "x",
                          "numerator": [5, 6], "denominator": [10, 10]})
    cmp = compare_counts(units, indicator="on_time", label="on-time rate", label_vi="đúng hạn")
    [f] = comparison_findings(cmp)
    assert (f.check, f.status) == ("comparison_not_testable", "not_testable")


def test_comparison_params_not_applicable_without_units():
    huu_lung = load_params(PARAMS_DIR / "huu-lung.yaml", "04_commune_comparison")
    dong_quang = load_params(PARAMS_DIR / "dong-quang-2022.yaml", "04_commune_comparison")
    assert "no records" in huu_lung.not_applicable()
    assert "fewer than 3" in dong_quang.not_applicable()
    for slug in ("quang-dien-2020", "kim-bang-2022", "lang-son-2019", "gia-lai-766",
                 "vn-provinces-766", "vn-provinces-papi"):
        assert load_params(PARAMS_DIR / f"{slug}.yaml", "04_commune_comparison"
                           ).not_applicable() is None
