"""SYNTHETIC simulator: published totals reproduced exactly for every slug, determinism, planted
faults recoverable from the ground truth, contract columns, written files labelled SYNTHETIC."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from motcua.vn import calendar as wcal
from motcua.vn.deadlines import due_at
from motcua.analysis import ontime
import motcua.synth as sim
from motcua.vn import vocab
from motcua.config import REAL_DATA_DIR, SYNTHETIC_DIR

LEGACY_UNITS = REAL_DATA_DIR / "vietnamadminunits-1.0.4" / "admin_units_legacy.csv"
SHARED_GSO_2023 = Path("/work/shared/data/real/gso-admin-units/pre-2025-07/Xa_2023-05-07.csv")


@lru_cache(maxsize=None)
def result(slug: str, seed: int = sim.DEFAULT_SEED, faults="default") -> sim.SimulationResult:
    return sim.simulate_locality(slug, seed, faults)


def cohort(res: sim.SimulationResult) -> pd.DataFrame:
    """received / on time per reception unit under the reproduction convention, recomputed."""
    prof = sim.PROFILES[res.slug]
    r = ontime.rates_by_convention(res.dossiers, res.events, *prof.period, by="reception_unit",
                                   conventions=("received_cohort",))
    return r.set_index("group")[["denominator", "numerator"]]


def pct(x: float, decimals: int = 2) -> str:
    q = Decimal(1).scaleb(-decimals)
    return str((Decimal(repr(float(x))) * 100).quantize(q, rounding=ROUND_HALF_UP))


# --- published totals ---------------------------------------------------------------------------


def test_quang_dien_2020_totals_exact():
    c = cohort(result("quang-dien-2020"))
    assert tuple(c.loc["centre"]) == (7519, 7198)
    communes = c.drop(index="centre")
    assert len(communes) == 11
    assert tuple(communes.sum()) == (17391, 17081)
    assert tuple(c.loc["19870"]) == (1113, 1100)  # Quảng Thái
    sizes = communes["denominator"]
    assert sizes.max() > 1.5 * sizes.min()  # skewed commune sizes


def test_dong_quang_2022_totals_exact():
    res = result("dong-quang-2022")
    c = cohort(res)
    assert tuple(c.loc["05458"]) == (3028, 3028)
    assert int(res.dossiers["is_interagency"].sum()) == 92
    assert len(res.dossiers) == 3028


def test_lang_son_2019_scaled_totals_exact_and_labelled():
    res = result("lang-son-2019")
    c = cohort(res)
    assert tuple(c.sum()) == (5000, 4960)
    assert pct(4960 / 5000, 1) == "99.2"
    assert res.metadata["scale"]["factor"] == 50
    assert "scaled-down" in res.metadata["locality"]
    assert "186" in c.index  # Hữu Lũng is a unit of the province sample, not a slug
    assert not any("huu-lung" in s for s in sim.SLUGS)


def test_kim_bang_2022_unweighted_commune_shares_round_to_published():
    res = result("kim-bang-2022")
    sv = res.surveys
    shares = sim.survey_shares(sv)
    communes = shares.drop(index="centre")
    assert len(communes) == 18
    mean = communes.mean()
    assert pct(mean["very_satisfied"]) == "63.35"
    assert pct(mean["satisfied"]) == "36.60"
    assert pct(mean["dissatisfied"]) == "0.05"
    assert shares.loc["centre", "very_satisfied"] == 1.0
    assert (sv["scale_points"] == 3).all()
    assert set(sv["satisfaction_level"].astype(str)) <= {"very_satisfied", "satisfied",
                                                          "dissatisfied"}


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_metadata_records_every_published_figure_as_matched(slug):
    meta = result(slug).metadata
    checks = meta["published_totals_reproduced"]
    assert checks and all(c["matches"] for c in checks)
    assert meta["synthetic"] is True and meta["on_time_convention"] == "received_cohort"
    assert sorted(meta) == sorted(json.loads(json.dumps(meta)))  # JSON-ready


def communes(slug: str) -> list[str]:
    return [u.code for u in sim.PROFILES[slug].units if u.level == "commune"]


def test_quang_dien_commune_codes_match_the_gso_list():
    legacy = pd.read_csv(LEGACY_UNITS, dtype=str)
    qd = legacy[legacy["district"] == "Huyện Quảng Điền"]
    assert sorted(qd["wardCode"]) == sorted(communes("quang-dien-2020"))
    names = dict(zip(qd["wardCode"], qd["ward"]))
    prof = sim.PROFILES["quang-dien-2020"]
    assert all(names[u.code] == u.name for u in prof.units if u.level == "commune")


def test_kim_bang_commune_codes_match_the_gso_2023_list():
    if not SHARED_GSO_2023.exists():
        pytest.skip("GSO 2023-05-07 list not available")
    gso = pd.read_csv(SHARED_GSO_2023, dtype=str)
    kb = gso[gso["Quận Huyện"] == "Huyện Kim Bảng"]
    assert sorted(kb["Mã PX"]) == sorted(communes("kim-bang-2022"))


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_identical_tables_different_seed_different():
    a = sim.simulate_locality("dong-quang-2022", 11)
    b = sim.simulate_locality("dong-quang-2022", 11)
    for name in ("dossiers", "events", "surveys", "ground_truth"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.metadata == b.metadata
    c = sim.simulate_locality("dong-quang-2022", 12)
    assert not a.dossiers["received_at"].equals(c.dossiers["received_at"])
    assert tuple(cohort(c).loc["05458"]) == (3028, 3028)  # totals hold for any seed


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_shipped_data_is_regenerable(slug):
    shipped = SYNTHETIC_DIR / slug / "dossiers.parquet"
    if not shipped.exists():
        pytest.fail(f"{shipped} missing: run motcua.synth.generate_default()")
    got = pd.read_parquet(shipped)
    pd.testing.assert_frame_equal(got, result(slug).dossiers, check_dtype=False,
                                  check_categorical=False)


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_default_output_is_byte_identical_to_the_shipped_files(slug, tmp_path):
    sim.write_simulation(result(slug), tmp_path)
    for name in ("dossiers", "events", "surveys", "ground_truth"):
        shipped = (SYNTHETIC_DIR / slug / f"{name}.parquet").read_bytes()
        assert (tmp_path / f"{name}.parquet").read_bytes() == shipped, name
        shipped_csv = (SYNTHETIC_DIR / slug / f"{name}_sample.csv").read_bytes()
        assert (tmp_path / f"{name}_sample.csv").read_bytes() == shipped_csv, name
    for name in ("metadata.json", "README.md"):
        assert (tmp_path / name).read_bytes() == (SYNTHETIC_DIR / slug / name).read_bytes(), name


def test_shipped_folder_is_small_and_labelled():
    files = [p for p in SYNTHETIC_DIR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 5_000_000
    assert "SYNTHETIC" in (SYNTHETIC_DIR / "README.md").read_text(encoding="utf-8")


# --- contract -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_contract_columns_and_labels(slug):
    res = result(slug)
    d, e, s, g = res.dossiers, res.events, res.surveys, res.ground_truth
    for t in (d, e, s, g):
        assert t["is_synthetic"].all()
    assert list(d["status"].cat.categories) == list(vocab.DOSSIER_STATUSES)
    assert list(e["event"].cat.categories) == list(vocab.EVENTS)
    assert list(d["channel"].cat.categories) == ["in_person", "online", "postal"]
    assert d["dossier_id"].is_unique and d["dossier_id"].dtype == "str"
    assert str(d["received_at"].dtype) == "datetime64[us]"
    prof = sim.PROFILES[slug]
    start, end = ontime.period_bounds(*prof.period)
    assert d["received_at"].between(start, end).all()
    assert (d["due_at"] >= d["received_at"]).all()
    assert set(e["dossier_id"]) == set(d["dossier_id"])
    assert (e["at"] <= wcal.end_of_day(prof.data_as_of)).all()
    assert d["procedure_id"].str.startswith("syn.").all()
    assert set(s["dossier_id"].dropna()) <= set(d["dossier_id"])
    # every status matches the events: a returned dossier has a returned event, etc.
    last = e[e["event"].isin(["withdrawn", "refused", "stopped", "returned"])]
    assert set(last["dossier_id"]) == set(d.loc[d["status"].isin(
        ["withdrawn", "refused", "stopped", "returned"]), "dossier_id"])


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_tables_pass_the_shared_pandera_schemas(slug):
    from motcua.records import schema

    res = result(slug)
    schema.DossierSchema.validate(res.dossiers, lazy=True)
    schema.EventSchema.validate(res.events, lazy=True)
    schema.SurveySchema.validate(res.surveys, lazy=True)
    assert res.dossiers["is_synthetic"].all()


def test_structure_tet_dip_and_due_dates_from_the_calendar():
    res = result("quang-dien-2020")
    d = res.dossiers
    in_person = d[d["channel"] == "in_person"]
    assert wcal.is_working_day(in_person["received_at"]).all()
    tet = in_person["received_at"].between("2020-01-23", "2020-01-29 23:59:59")
    assert tet.sum() == 0
    # due dates are recomputed exactly by the calendar
    cert = d["field_code"].eq("certification")
    due = due_at(d["received_at"], d["statutory_limit"], d["limit_unit"], certification=cert)
    assert due.equals(d["due_at"])
    assert d["limit_unit"].nunique() == 4 and d["field_code"].nunique() == 8
    assert d["channel"].nunique() == 3


# --- planted faults -----------------------------------------------------------------------------


def _truth(res, fault):
    g = res.ground_truth
    return g[g["fault"] == fault]


@pytest.mark.parametrize("slug", ["quang-dien-2020", "lang-son-2019", "kim-bang-2022"])
def test_withdraw_resubmit_pairs(slug):
    res = result(slug)
    pairs = _truth(res, "withdraw_resubmit")
    assert len(pairs) > 0
    d = res.dossiers.set_index("dossier_id")
    o, r = d.loc[pairs["dossier_id"]], d.loc[pairs["linked_dossier_id"]]
    assert (o["status"] == "withdrawn").all()
    assert (o["applicant_key"].to_numpy() == r["applicant_key"].to_numpy()).all()
    assert (o["procedure_id"].to_numpy() == r["procedure_id"].to_numpy()).all()
    w_at = o["processing_end_at"].to_numpy()
    assert (w_at <= o["due_at"].to_numpy()).all()
    # withdrawn on the due day or the working day before it
    gap = wcal.working_days_between(pd.Series(w_at), pd.Series(o["due_at"].to_numpy()))
    assert gap.between(0, 1).all()
    assert (r["received_at"].to_numpy() >= w_at).all()
    back = wcal.working_days_between(pd.Series(w_at), pd.Series(r["received_at"].to_numpy()))
    assert back.between(0, 2).all()
    flags = ontime.classify(res.dossiers, res.events, *sim.PROFILES[slug].period,
                            conventions=("received_cohort",)).set_index("dossier_id")["on_time"]
    assert flags.loc[pairs["linked_dossier_id"]].all()  # the fresh clock makes it on time


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_backdated_resolutions_are_late_in_truth_and_on_time_in_the_record(slug):
    res = result(slug)
    bd = _truth(res, "backdated_resolution")
    assert len(bd) > 0
    tl = ontime.dossier_timeline(res.dossiers, res.events)
    t = tl.loc[bd["dossier_id"]]
    assert (t["resolved_at"] <= t["due_adjusted"]).all()  # recorded: on time
    true_at = bd.set_index("dossier_id")["true_resolved_at"].loc[t.index]
    assert (true_at > t["due_adjusted"]).all()  # truth: late
    d = res.dossiers.set_index("dossier_id").loc[t.index]
    returned = d["returned_at"].dropna()
    assert (returned >= true_at.loc[returned.index]).all()  # the return date gives it away
    plain = t["n_supplement_requests"] == 0
    same_day = d["processing_end_at"].dt.normalize() == d["due_at"].dt.normalize()
    assert same_day[plain].all()  # moved onto the due date
    assert d["apology_issued_at"].isna().all()


@pytest.mark.parametrize("slug", ["quang-dien-2020", "lang-son-2019", "kim-bang-2022"])
def test_missing_apology_is_exactly_the_late_dossiers_without_a_slip(slug):
    res = result(slug)
    prof = sim.PROFILES[slug]
    tl = ontime.dossier_timeline(res.dossiers, res.events)
    as_of = wcal.end_of_day(prof.data_as_of)
    late = (tl["resolved_at"] > tl["due_adjusted"]) | (
        tl["end_at"].isna() & (tl["due_adjusted"] < as_of)
    )
    d = res.dossiers.set_index("dossier_id")
    no_slip = set(tl.index[late & d["apology_issued_at"].reindex(tl.index).isna()])
    truth = set(_truth(res, "missing_apology")["dossier_id"])
    assert truth and no_slip == truth
    assert late.sum() > len(truth)  # other late dossiers did get their slip


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_uniform_satisfaction_unit_is_the_only_all_very_satisfied_commune(slug):
    res = result(slug)
    unit = _truth(res, "uniform_satisfaction")["reception_unit"]
    assert len(unit) == 1
    unit = unit.iloc[0]
    shares = sim.survey_shares(res.surveys)
    assert shares.loc[unit, "very_satisfied"] == 1.0
    n_forms = (res.surveys["reception_unit"] == unit).sum()
    assert n_forms >= 20
    others = shares.drop(index=[unit] + (["centre"] if slug == "kim-bang-2022" else []))
    assert (others["very_satisfied"] < 1.0).all()


def test_no_faults_means_empty_truth_and_same_totals():
    res = sim.simulate_locality("lang-son-2019", 5, faults=None)
    assert res.ground_truth.empty
    assert tuple(cohort(res).sum()) == (5000, 4960)
    assert res.dossiers["apology_issued_at"].notna().sum() > 0


def test_fault_that_would_break_a_published_figure_is_refused():
    with pytest.raises(ValueError, match="withdraw_resubmit"):
        sim.simulate_locality("dong-quang-2022", 1, faults=("withdraw_resubmit",))
    with pytest.raises(ValueError, match="unknown faults"):
        sim.simulate_locality("dong-quang-2022", 1, faults=("made_up",))
    with pytest.raises(ValueError, match="unknown locality"):
        sim.simulate_locality("huu-lung-2023", 1)


def test_conventions_disagree_on_simulated_data():
    res = result("quang-dien-2020")
    rates = ontime.rates_by_convention(res.dossiers, res.events, "2020-01-01", "2020-12-31")
    gap = ontime.convention_gap(rates).iloc[0]
    assert gap["gap"] > 0.005 and gap["min_convention"] == "received_cohort"


# --- writing ------------------------------------------------------------------------------------


def test_write_simulation_labels_every_file(tmp_path):
    res = result("dong-quang-2022")
    written = sim.write_simulation(res, tmp_path / "out")
    names = {p.name for p in written}
    assert {"dossiers.parquet", "events.parquet", "surveys.parquet", "ground_truth.parquet",
            "metadata.json", "README.md", "dossiers_sample.csv"} <= names
    meta = json.loads((tmp_path / "out" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["slug"] == "dong-quang-2022"
    assert meta["seed"] == sim.DEFAULT_SEED
    assert "SYNTHETIC" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    kv = pq.read_schema(tmp_path / "out" / "events.parquet").metadata
    assert kv[b"motcua.synthetic"] == b"true"
    sample = pd.read_csv(tmp_path / "out" / "dossiers_sample.csv", dtype=str)
    assert (sample["is_synthetic"] == "True").all() and len(sample) == 200
    back = pd.read_parquet(tmp_path / "out" / "surveys.parquet")
    assert len(back) == len(res.surveys)
    # byte-identical on a rewrite
    first = (tmp_path / "out" / "dossiers.parquet").read_bytes()
    sim.write_simulation(res, tmp_path / "again")
    assert (tmp_path / "again" / "dossiers.parquet").read_bytes() == first


def test_slugs_and_api():
    assert sim.SLUGS == ("quang-dien-2020", "dong-quang-2022", "kim-bang-2022", "lang-son-2019")
    assert set(sim.PROFILES) == set(sim.SLUGS)
    assert sim.DEFAULT_FAULTS == ("withdraw_resubmit", "backdated_resolution",
                                  "missing_apology", "uniform_satisfaction")
    assert sim.FAULTS == sim.DEFAULT_FAULTS + ("slow_office",)
    for slug in sim.SLUGS:  # slow_office is planted only through plant=
        assert "slow_office" not in result(slug).metadata["faults"]
        assert list(result(slug).ground_truth["fault"].cat.categories) == list(
            sim.DEFAULT_FAULTS)
