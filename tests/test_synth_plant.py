"""Planting named faults in named offices (``simulate_locality(plant=...)``, ``motcua simulate
--plant``): the truth lists exactly the named units, the effect shows in the data, other offices
are untouched, unknown names fail with the valid ones listed, and the output is deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache

import pandas as pd
import pytest

from motcua.analysis import ontime
from motcua.config import PROJECT_ROOT
from motcua.errors import MotcuaError
from motcua.synth import FAULTS, PROFILES, simulate_locality, write_simulation
from motcua.vn import calendar as wcal

SLUG = "quang-dien-2020"
SEED = 4
NAMED = ("centre", "19870")  # the centre and Quảng Thái: both have their own published figures
AS_OF = "2021-03-15"


@lru_cache(maxsize=None)
def planted(fault: str | None, units: tuple[str, ...] = NAMED, slug: str = SLUG,
            seed: int = SEED):
    plant = {} if fault is None else {fault: list(units)}
    return simulate_locality(slug, seed=seed, plant=plant)


def truth_units(res, fault: str) -> set[str]:
    g = res.ground_truth
    return set(g.loc[g["fault"] == fault, "reception_unit"])


def late_flags(res, as_of: str = AS_OF) -> pd.DataFrame:
    """Per dossier: its unit, whether it is late (resolved after the adjusted due date, or still
    open past it) and whether it has an apology slip."""
    tl = ontime.dossier_timeline(res.dossiers, res.events)
    late = (tl["resolved_at"] > tl["due_adjusted"]) | (
        tl["end_at"].isna() & (tl["due_adjusted"] < wcal.end_of_day(as_of)))
    d = res.dossiers.set_index("dossier_id").reindex(tl.index)
    return pd.DataFrame({"unit": d["reception_unit"], "late": late,
                         "slip": d["apology_issued_at"].notna()})


@pytest.mark.parametrize("fault", FAULTS)
def test_truth_lists_exactly_the_named_units(fault):
    res = planted(fault)
    assert set(res.ground_truth["fault"].astype(str)) == {fault}
    assert truth_units(res, fault) == set(NAMED)
    assert res.metadata["plant"] == {fault: list(NAMED)}
    assert res.metadata["faults"] == [fault]


def test_baseline_plant_has_no_truth_and_every_published_figure():
    res = planted(None)
    assert res.ground_truth.empty
    assert all(c["matches"] for c in res.metadata["published_totals_reproduced"])


def test_slow_office_late_share_is_several_times_its_peers():
    flags = late_flags(planted("slow_office"))
    share = flags.groupby("unit")["late"].mean()
    peers = share.drop(index=list(NAMED)).median()
    assert peers > 0
    for unit in NAMED:
        assert share[unit] >= 4 * peers, (unit, share[unit], peers)
    base = late_flags(planted(None)).groupby("unit")["late"].mean()
    for unit in NAMED:  # the same units without the fault are not slow
        assert base[unit] < 4 * base.drop(index=list(NAMED)).median()
    # late dossiers of the slow offices still get their apology slips
    slow_late = flags[flags["unit"].isin(NAMED) & flags["late"]]
    assert slow_late["slip"].all()


def test_slow_office_changes_only_on_time_figures_that_cover_it():
    checks = {c["id"]: c for c in planted("slow_office").metadata[
        "published_totals_reproduced"]}
    changed = {k for k, c in checks.items() if not c["matches"]}
    assert changed == {"centre-on-time", "communes-on-time", "quang-thai-on-time"}
    assert all(checks[k]["changed_by"] == "slow_office" for k in changed)
    assert checks["centre-received"]["matches"] and checks["quang-thai-received"]["matches"]


def test_uniform_satisfaction_only_in_the_named_units():
    sv = planted("uniform_satisfaction").surveys
    very = sv["satisfaction_level"].astype(str).eq("very_satisfied").groupby(
        sv["reception_unit"]).mean()
    for unit in NAMED:
        assert very[unit] == 1.0 and (sv["reception_unit"] == unit).sum() >= 20
    assert (very.drop(index=list(NAMED)) < 1.0).all()


def test_missing_apology_only_in_the_named_units():
    res = planted("missing_apology")
    flags = late_flags(res)
    no_slip = flags[flags["late"] & ~flags["slip"]]
    assert set(no_slip["unit"]) == set(NAMED)
    assert set(no_slip.index) == set(res.ground_truth["dossier_id"])
    others = flags[~flags["unit"].isin(NAMED) & flags["late"]]
    assert len(others) > 0 and others["slip"].all()


def test_withdraw_resubmit_pairs_only_in_the_named_units():
    res = planted("withdraw_resubmit")
    g = res.ground_truth
    d = res.dossiers.set_index("dossier_id")
    o, r = d.loc[g["dossier_id"]], d.loc[g["linked_dossier_id"]]
    assert set(o["reception_unit"]) == set(r["reception_unit"]) == set(NAMED)
    assert (o["status"] == "withdrawn").all()
    assert (o["applicant_key"].to_numpy() == r["applicant_key"].to_numpy()).all()
    # an applicant key is never shared across units (per-unit streams number applicants apart)
    per_key = res.dossiers.groupby("applicant_key")["reception_unit"].nunique()
    assert (per_key == 1).all()


def test_backdated_resolution_only_in_the_named_units():
    res = planted("backdated_resolution")
    g = res.ground_truth
    tl = ontime.dossier_timeline(res.dossiers, res.events).loc[g["dossier_id"]]
    assert (tl["resolved_at"] <= tl["due_adjusted"]).all()  # recorded on time
    assert (g["true_resolved_at"].to_numpy() > tl["due_adjusted"].to_numpy()).all()  # truly late
    assert set(res.dossiers.set_index("dossier_id").loc[g["dossier_id"], "reception_unit"]) \
        == set(NAMED)


@pytest.mark.parametrize("fault", ["slow_office", "withdraw_resubmit", "missing_apology"])
def test_other_offices_are_untouched(fault):
    base, res = planted(None), planted(fault)
    for name in ("dossiers", "surveys"):
        a, b = getattr(base, name), getattr(res, name)
        a = a[~a["reception_unit"].isin(NAMED)].reset_index(drop=True)
        b = b[~b["reception_unit"].isin(NAMED)].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)
    ids = set(base.dossiers.loc[~base.dossiers["reception_unit"].isin(NAMED), "dossier_id"])
    ea = base.events[base.events["dossier_id"].isin(ids)].reset_index(drop=True)
    eb = res.events[res.events["dossier_id"].isin(ids)].reset_index(drop=True)
    pd.testing.assert_frame_equal(ea, eb)
    mine = res.dossiers[res.dossiers["reception_unit"].isin(NAMED)]
    theirs = base.dossiers[base.dossiers["reception_unit"].isin(NAMED)]
    assert not mine.reset_index(drop=True).equals(theirs.reset_index(drop=True))


def test_kim_bang_uniform_communes_keep_the_published_mean():
    res = simulate_locality("kim-bang-2022", seed=2,
                            plant={"uniform_satisfaction": ["13387", "13390"]})
    assert truth_units(res, "uniform_satisfaction") == {"13387", "13390"}
    assert all(c["matches"] for c in res.metadata["published_totals_reproduced"])
    with pytest.raises(MotcuaError, match="already 100% very satisfied"):
        simulate_locality("kim-bang-2022", seed=2, plant={"uniform_satisfaction": ["centre"]})


def test_every_unit_without_published_counts_can_take_every_fault():
    # Lạng Sơn publishes only the province total: its drawn split leaves some district units
    # with no dossier that is not on time; plant mode gives each at least two (moved within the
    # total), so both faults that need one can be planted everywhere.
    units = [u.code for u in PROFILES["lang-son-2019"].units]
    plant = {"withdraw_resubmit": units, "missing_apology": units}
    res = simulate_locality("lang-son-2019", seed=SEED, plant=plant)
    for fault in plant:
        assert truth_units(res, fault) == set(units)
    assert all(c["matches"] for c in res.metadata["published_totals_reproduced"])


def test_too_many_uniform_communes_for_the_published_mean_is_refused():
    communes = [u.code for u in PROFILES["kim-bang-2022"].units if u.level == "commune"]
    with pytest.raises(MotcuaError, match="no way to reproduce the published mean"):
        simulate_locality("kim-bang-2022", seed=2, plant={"uniform_satisfaction": communes})


def test_unknown_fault_or_unit_lists_the_valid_ones():
    with pytest.raises(MotcuaError, match="valid faults: withdraw_resubmit, .*slow_office"):
        simulate_locality(SLUG, seed=1, plant={"slowish": ["19870"]})
    with pytest.raises(MotcuaError, match="valid units: centre, 19867, 19870"):
        simulate_locality(SLUG, seed=1, plant={"slow_office": ["99999"]})
    with pytest.raises(MotcuaError, match="missing_apology.*05458"):
        simulate_locality("dong-quang-2022", seed=1, plant={"missing_apology": ["05458"]})
    with pytest.raises(MotcuaError, match="plant="):
        simulate_locality(SLUG, seed=1, faults=("slow_office",))
    with pytest.raises(MotcuaError, match="not both"):
        simulate_locality(SLUG, seed=1, faults=None, plant={})


def test_same_seed_and_plant_give_identical_parquet_bytes(tmp_path):
    plant = {"slow_office": ["05458"], "backdated_resolution": ["05458"]}
    a = simulate_locality("dong-quang-2022", seed=9, plant=plant)
    b = simulate_locality("dong-quang-2022", seed=9, plant=plant)
    write_simulation(a, tmp_path / "a")
    write_simulation(b, tmp_path / "b")
    for name in ("dossiers", "events", "surveys", "ground_truth"):
        first = (tmp_path / "a" / f"{name}.parquet").read_bytes()
        assert first == (tmp_path / "b" / f"{name}.parquet").read_bytes()
    assert (tmp_path / "a" / "metadata.json").read_bytes() == (
        tmp_path / "b" / "metadata.json").read_bytes()
    c = simulate_locality("dong-quang-2022", seed=10, plant=plant)
    assert not a.dossiers["received_at"].equals(c.dossiers["received_at"])


def motcua(*args, env=None):
    return subprocess.run([sys.executable, "-m", "motcua.runs.cli", *map(str, args)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, env=env)


def test_cli_runs_in_two_processes_write_identical_bytes(tmp_path):
    """Same seed and plant in separate processes (different hash seeds): identical files."""
    args = ("simulate", "--locality", "lang-son-2019", "--seed", "5",
            "--plant", "slow_office:180", "--plant", "missing_apology:180,181")
    for run, hash_seed in (("a", "1"), ("b", "2")):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        r = motcua(*args, "--out", tmp_path / run, env=env)
        assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "a" / "lang-son-2019").iterdir())
    assert len(names) == 10
    for name in names:
        a = (tmp_path / "a" / "lang-son-2019" / name).read_bytes()
        assert a == (tmp_path / "b" / "lang-son-2019" / name).read_bytes(), name


def test_cli_plant_writes_the_folder_and_rejects_bad_names(tmp_path):
    r = motcua("simulate", "--locality", SLUG, "--seed", "3", "--out", tmp_path,
               "--plant", "slow_office:19870")
    assert r.returncode == 0, r.stderr
    folder = tmp_path / SLUG
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["plant"] == {"slow_office": ["19870"]}
    truth = pd.read_parquet(folder / "ground_truth.parquet")
    assert list(truth["reception_unit"]) == ["19870"]
    assert "--plant slow_office:19870" in (folder / "README.md").read_text(encoding="utf-8")
    bad = motcua("simulate", "--locality", SLUG, "--seed", "3", "--out", tmp_path,
                 "--plant", "slowish:19870")
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "valid faults" in lines[0] and "slow_office" in lines[0]
    bad = motcua("simulate", "--locality", SLUG, "--seed", "3", "--out", tmp_path,
                 "--plant", "slow_office:1,19870")
    assert bad.returncode == 2 and "valid units" in bad.stderr
    bad = motcua("simulate", "--locality", SLUG, "--seed", "3", "--out", tmp_path,
                 "--plant", "slow_office")
    assert bad.returncode == 2 and "FAULT:UNIT" in bad.stderr


def test_a_slow_office_with_a_high_late_rate_still_gets_survey_forms():
    """A planted slow office's late rate may exceed the dissatisfied share's room in the
    survey draw; the draw stays a distribution (it raised "pvals < 0" before)."""
    from motcua.synth import simulate_locality

    r = simulate_locality("lang-son-2019", seed=18, plant={"slow_office": ["183"]})
    assert (r.surveys["reception_unit"].astype(str) == "183").any()
