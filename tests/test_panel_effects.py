"""Panels for the reform-effects notebook: from records, the SYNTHETIC generator, the 2025
crosswalk helper, the real PAPI panel, and the notebook's parameter model."""

import numpy as np
import pandas as pd
import pytest

from motcua.analysis import effects_crosswalk as xwalk
from motcua.analysis import effects_papi as papi
from motcua.analysis.effects_panel import (adoption_table, panel_from_records,
                                           with_adoption)
from motcua.analysis.ontime import rates_by_convention
from motcua.config import PROJECT_ROOT
from motcua.errors import ParamsError
from motcua.records import read_records
from motcua.runs.params import load_params
from motcua.synth.panel import adoption_months, simulate_staggered_panel

RECORDS = "data/synthetic/kim-bang-2022"


@pytest.fixture(scope="module")
def records():
    return read_records(RECORDS)


@pytest.fixture(scope="module")
def kim_bang_panel(records):
    return panel_from_records(records, "received_cohort")


@pytest.mark.parametrize("month", ["2022-03", "2022-11"])
def test_record_panel_agrees_with_rates_by_convention(records, kim_bang_panel, month):
    start = pd.Timestamp(f"{month}-01")
    end = (start + pd.offsets.MonthEnd(0)).date()
    rates = rates_by_convention(records.dossiers, records.events, start.date(), end,
                                by="reception_unit", conventions=["received_cohort"])
    rates = rates[rates["group"].str.fullmatch(r"\d{5}")].set_index("group")
    cell = kim_bang_panel[kim_bang_panel["period"] == start].set_index("unit_code")
    assert (rates["numerator"].reindex(cell.index) == cell["on_time"]).all()
    assert (rates["denominator"].reindex(cell.index) == cell["dossiers"]).all()


def test_record_panel_other_convention_and_shape(records, kim_bang_panel):
    communes = records.dossiers["reception_unit"].str.fullmatch(r"\d{5}")
    assert kim_bang_panel["unit_code"].nunique() == records.dossiers.loc[
        communes, "reception_unit"].nunique()          # the district centre is left out
    assert len(kim_bang_panel) == kim_bang_panel["unit_code"].nunique() * 12
    assert (kim_bang_panel["district_code"] == "350").all()
    received = records.dossiers[communes]
    assert kim_bang_panel["online"].sum() == (received["channel"] == "online").sum()
    one = panel_from_records(records, "qd766")
    q = rates_by_convention(records.dossiers, records.events, "2022-06-01", "2022-06-30",
                            by="reception_unit", conventions=["qd766"]).set_index("group")
    june = one[one["period"] == "2022-06-01"].set_index("unit_code")
    assert (q["numerator"].reindex(june.index) == june["on_time"]).all()


def test_adoption_dates_are_checked(kim_bang_panel):
    dates = adoption_table({"13384": "2022-05-10"})
    p = with_adoption(kim_bang_panel, dates)
    assert p.loc[p["unit_code"] == "13384", "adopted_on"].eq(pd.Timestamp("2022-05-10")).all()
    assert p.loc[p["unit_code"] != "13384", "adopted_on"].isna().all()  # controls
    with pytest.raises(ValueError, match="not in the panel"):
        with_adoption(kim_bang_panel, adoption_table({"99999": "2022-05-10"}))
    with pytest.raises(ValueError, match="more than one"):
        adoption_table(pd.DataFrame({"unit_code": ["1", "1"],
                                     "adopted_on": ["2022-01-01", "2022-02-01"]}))


def test_synthetic_panel_plants_the_stated_effect():
    p = simulate_staggered_panel("20", n_units=30, n_periods=20, effect=0.004, seed=11)
    assert p["is_synthetic"].all() and "SYNTHETIC" in p.attrs["synthetic_label"]
    waves = adoption_months(20, 3)
    starts = sorted(p["period"].unique())
    assert set(p["adopted_on"].dropna().unique()) <= {starts[w] for w in waves}
    since = (p["period"].dt.year - p["adopted_on"].dt.year) * 12 + (
        p["period"].dt.month - p["adopted_on"].dt.month)
    planted = np.where(since >= 0, 0.004 * (since + 1), 0.0)
    assert p.attrs["clipped_cells"] == 0  # these settings stay inside [0.02, 0.99]
    np.testing.assert_allclose(p["true_effect"], planted, atol=1e-12)
    assert (p.loc[p["adopted_on"].isna(), "true_effect"] == 0).all()
    again = simulate_staggered_panel("20", n_units=30, n_periods=20, effect=0.004, seed=11)
    pd.testing.assert_frame_equal(p, again)


def test_crosswalk_sums_counts_and_pools_rates():
    p = simulate_staggered_panel("350", n_units=17, n_periods=4, seed=5)
    m = xwalk.merger_map(p["unit_code"].unique())
    post = xwalk.to_post_merger(p, m)
    mapped = p[p["unit_code"].isin(m.loc[m["new_code"] != "", "old_code"])]
    assert post["dossiers"].sum() == mapped["dossiers"].sum()
    assert post["on_time"].sum() == mapped["on_time"].sum()
    np.testing.assert_allclose(post["on_time_rate"], post["on_time"] / post["dossiers"])
    merged = xwalk.merged_units(m).set_index("new_code")
    # Kim Bảng (Hà Nam): Quế, Văn Xá and Ngọc Sơn became Phường Kim Bảng (crosswalk data)
    assert merged.loc["13384", "n_old"] == 3
    assert "Xã Văn Xá (13417)" in merged.loc["13384", "old_units"]


def test_post_merger_adoption_takes_the_earliest_part():
    m = pd.DataFrame({"old_code": ["a", "b", "c"], "new_code": ["X", "X", "Y"]})
    a = adoption_table(pd.DataFrame({"unit_code": ["a", "b"],
                                     "adopted_on": ["2024-05-01", "2024-02-01"]}))
    out = xwalk.post_merger_adoption(a, m).set_index("new_code")
    assert out.loc["X", "adopted_on"] == pd.Timestamp("2024-02-01")
    assert bool(out.loc["X", "mixed"]) and not bool(out.loc["Y", "mixed"])
    assert pd.isna(out.loc["Y", "adopted_on"])


def test_province_mergers_from_the_crosswalk():
    pm = xwalk.province_merger_map(["35", "36", "37", "01"])
    assert set(pm.loc[pm["old_province_code"].isin(["35", "36", "37"]),
                      "new_province_code"]) == {"37"}  # Hà Nam, Nam Định → Ninh Bình
    assert (pm["share_of_communes"] == 1.0).all()


@pytest.fixture(scope="module")
def papi_tables():
    sub = papi.read_papi()
    prov = papi.provinces()
    return sub, prov, papi.dimension_scores(sub, prov)


def test_papi_provinces_and_regions(papi_tables):
    _, prov, _ = papi_tables
    assert len(prov) == 63 and prov["region"].notna().all()
    assert prov["region"].value_counts().sort_values().tolist() == [5, 6, 11, 13, 14, 14]
    assert prov.set_index("papi_id").loc["P13", "province"] == "Tỉnh Lạng Sơn"


def test_papi_scores_are_sums_of_the_raw_file(papi_tables):
    _, _, scores = papi_tables
    raw = pd.read_csv(PROJECT_ROOT / "data/real/papi-subdim-hnks/csv/2019.csv")
    row = raw[raw["Province"] == "P13"].iloc[0]
    want = row[["SC51", "SC52", "SC53", "SC54"]].sum()
    got = scores.query("papi_id == 'P13' and year == 2019 and dimension == 'C05'")["score"]
    assert got.iloc[0] == pytest.approx(want, abs=1e-9)


def test_papi_gaps_and_codebook_change_match_source_note(papi_tables):
    sub, _, scores = papi_tables
    missing = papi.missing_province_years(scores)
    c06 = missing[missing["dimension"] == "C06"].set_index("year")["n_missing"].to_dict()
    assert c06 == {2014: 2, 2021: 3, 2023: 2, 2024: 2}  # SOURCE.md caveat 2
    changes = papi.codebook_changes(papi.subdimensions_by_year(sub))
    assert changes.query("dimension == 'C05'")["from_year"].tolist() == [2011, 2021]


def test_papi_before_after_by_hand(papi_tables):
    _, _, scores = papi_tables
    ch = papi.before_after(scores, "C05", 2018, 2).set_index("province")
    s = scores.query("dimension == 'C05' and province == 'Tỉnh Lạng Sơn'").set_index("year")
    want = s.loc[[2019, 2020], "score"].mean() - s.loc[[2016, 2017], "score"].mean()
    assert ch.loc["Tỉnh Lạng Sơn", "change"] == pytest.approx(want)
    summ = papi.change_summary(ch.reset_index()).set_index("region").loc["All provinces"]
    from scipy import stats
    x = ch["change"].dropna()
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (summ["ci_low"], summ["ci_high"]) == pytest.approx((lo, hi))
    assert papi.placebo_year(2018, 2, 2011) == 2013 and papi.placebo_year(2013, 2, 2011) is None


@pytest.mark.parametrize("name", ["kim-bang-2022", "huu-lung", "lang-son-2019",
                                  "quang-dien-2020", "dong-quang-2022"])
def test_seed_localities_are_not_applicable_with_a_reason(name):
    reason = load_params(PROJECT_ROOT / "params" / f"{name}.yaml",
                         "05_reform_effects").not_applicable()
    assert reason and ("adoption" in reason or "records_dir" in reason)


def test_effects_params_reject_mismatched_outcome(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text('slug: "x"\ntitle: "x"\nreform_effects:\n  source: "papi"\n'
                 '  outcome: "on_time_rate"\n', encoding="utf-8")
    with pytest.raises(ParamsError, match="outcome"):
        load_params(f, "05_reform_effects")
    f.write_text('slug: "x"\ntitle: "x"\nreform_effects:\n  source: "records"\n'
                 '  adoption: {"123": "2022-01-01"}\n', encoding="utf-8")
    with pytest.raises(ParamsError, match="5 digits"):
        load_params(f, "05_reform_effects")


def test_event_study_runs_on_a_record_panel(kim_bang_panel):
    """Records of one district: clusters are communes; adoption dates from the parameters."""
    from motcua.analysis.effects import event_study

    dates = adoption_table({"13384": "2022-05-01", "13387": "2022-05-01",
                            "13393": "2022-08-01", "13396": "2022-08-01"})
    p = with_adoption(kim_bang_panel, dates)
    study = event_study(p, "on_time_rate", cluster="unit_code", window=(-3, 3), reps=99, seed=1)
    assert study.n_clusters == p["unit_code"].nunique()
    assert study.cohorts["n_units"].tolist() == [2, 2]
    assert study.overall["true_effect"].isna().all()  # records carry no planted truth
    with pytest.raises(ValueError, match="cluster"):  # one district: one cluster
        event_study(p, "on_time_rate", cluster="district_code", reps=99)


def test_province_trends_one_row_per_province(papi_tables):
    _, _, scores = papi_tables
    wide = papi.province_trends(scores, "C06")
    assert len(wide) == 63 and list(wide.columns[2:]) == [str(y) for y in range(2011, 2025)]
    row = wide[wide["province"] == "Tỉnh Bắc Giang"].iloc[0]
    assert pd.isna(row["2021"]) and pd.notna(row["2020"])  # a gap of SOURCE.md caveat 2
