"""Claims recomputed from records, on the bundled SYNTHETIC records whose totals were
calibrated to the published figures, and on registers edited to disagree."""

import copy

import pytest
import yaml

from motcua.analysis import reconcile
from motcua.config import CLAIMS_DIR, SYNTHETIC_DIR
from motcua.records.tables import read_clean_tables, read_records
from motcua.claims.register import load_register


@pytest.fixture(scope="module")
def qd():
    return load_register([CLAIMS_DIR / "quang-dien-2020.yaml"]), read_clean_tables(
        SYNTHETIC_DIR / "quang-dien-2020")


def by_claim(findings):
    return {f.claim_ids[0]: f for f in findings}


def test_records_are_labelled_synthetic(qd):
    _reg, rec = qd
    assert rec.synthetic and "SYNTHETIC" in rec.description


def test_counts_recomputed_exactly(qd):
    reg, rec = qd
    table = reconcile.recompute(reg, rec)
    counts = table[table["convention"] == "count"].set_index("claim_id")["recomputed"]
    assert counts["qd-2020-centre-received"] == 7519
    assert counts["qd-2020-communes-received"] == 17391
    assert counts["qd-2020-quang-thai-received"] == 1113


def test_on_time_count_holds_only_under_received_cohort(qd):
    reg, rec = qd
    f = by_claim(reconcile.findings(reg, rec, reconcile.recompute(reg, rec)))
    centre = f["qd-2020-centre-on-time"]
    assert centre.severity == "warning" and "only under received_cohort" in centre.message_en
    assert "SYNTHETIC" in centre.message_en
    assert f["qd-2020-centre-received"].status == "holds"


def test_every_convention_has_a_wilson_interval(qd):
    reg, rec = qd
    t = reconcile.recompute(reg, rec)
    rates = t[t["claim_id"] == "qd-2020-quang-thai-rate"]
    assert set(rates["convention"]) == {"qd766", "to_handle", "due_in_period", "resolved_only",
                                        "received_cohort"}
    assert (rates["ci_low"] <= rates["recomputed"]).all()
    assert (rates["recomputed"] <= rates["ci_high"]).all()
    cohort = rates.set_index("convention").loc["received_cohort"]
    assert cohort["recomputed"] == pytest.approx(100 * 1100 / 1113)


def test_claim_the_records_contradict_fails(qd, tmp_path):
    reg, rec = qd
    doc = yaml.safe_load((CLAIMS_DIR / "quang-dien-2020.yaml").read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    for c in doc["claims"]:
        if c["id"] == "qd-2020-centre-on-time":
            c.update(value_text="7300", value=7300)
    p = tmp_path / "quang-dien-2020.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    reg2 = load_register([p])
    f = by_claim(reconcile.findings(reg2, rec, reconcile.recompute(reg2, rec)))
    assert f["qd-2020-centre-on-time"].severity == "fail"


def test_convention_gap_reported(qd):
    reg, rec = qd
    gaps = reconcile.convention_gaps(rec, reg).set_index("group")
    centre = gaps.loc["Trung tâm hành chính công huyện"]
    assert centre["min_convention"] == "received_cohort"
    assert centre["gap"] > 0.01  # 95.73% vs 98.12%: more than a point from convention alone


def test_kim_bang_average_of_commune_shares():
    reg = load_register([CLAIMS_DIR / "kim-bang-2022.yaml"])
    rec = read_clean_tables(SYNTHETIC_DIR / "kim-bang-2022")
    t = reconcile.recompute(reg, rec).set_index(["claim_id", "convention"])
    avg = t.xs("unit average", level="convention")
    assert round(avg.loc["kb-2022-communes-sat-very", "recomputed"], 2) == 63.35
    assert round(avg.loc["kb-2022-communes-sat-no", "recomputed"], 2) == 0.05
    assert avg["consistent"].all()
    # the pooled share over all forms is shown beside it, with its interval
    pooled = t.xs("pooled", level="convention").loc["kb-2022-communes-sat-very"]
    assert pooled["ci_low"] <= pooled["recomputed"] <= pooled["ci_high"]
    s = rec.surveys[rec.surveys["reception_unit"] != "centre"]
    assert pooled["recomputed"] == pytest.approx(
        100 * (s["satisfaction_level"] == "very_satisfied").mean())


def test_scaled_sample_and_partial_coverage():
    reg = load_register([CLAIMS_DIR / "lang-son-2019.yaml"])
    rec = read_clean_tables(SYNTHETIC_DIR / "lang-son-2019")
    assert rec.scale == 50
    t = reconcile.recompute(reg, rec).set_index(["claim_id", "convention"])
    assert t.loc[("ls-dossiers", "count"), "recomputed"] == 250000
    assert t.loc[("ls-dossiers", "count"), "coverage"].startswith("records cover")


def test_localities_the_records_cannot_isolate_are_left_out():
    reg = load_register([CLAIMS_DIR / "kim-bang-2022.yaml"])
    rec = read_clean_tables(SYNTHETIC_DIR / "kim-bang-2022")
    t = reconcile.recompute(reg, rec)
    assert "kb-2022-district-published" not in set(t["claim_id"])


def test_no_records_gives_empty_results():
    reg = load_register([CLAIMS_DIR / "huu-lung.yaml"])
    table, findings, gaps = reconcile.audit_records(reg, read_records(""))
    assert table.empty and findings == [] and gaps.empty


def test_convention_gap_is_a_finding(qd):
    reg, rec = qd
    _t, found, _g = reconcile.audit_records(reg, rec)
    gaps = [f for f in found if f.check == "convention_gap"]
    centre = [f for f in gaps if f.message_en.startswith("Trung tâm")]
    assert centre and centre[0].severity == "warning"
    assert centre[0].recomputed == pytest.approx(100 * (7378 - 7198) / 7519, abs=1e-3)
