"""Every consistency check, on the worked examples of the seed articles and on registers built to
break it. Expected figures are computed by hand in the test, not read back from the code."""

import copy
import math

import pytest
import yaml

from motcua.claims import audit, grim_consistent, grim_min_n, load_register
from motcua.config import CLAIMS_DIR
from motcua.findings import SEVERITIES, STATUSES


@pytest.fixture(scope="module")
def findings():
    reg = load_register(sorted(CLAIMS_DIR.glob("*.yaml")))
    return audit(reg)


def pick(findings, register, check, **where):
    out = [f for f in findings if f.register == register and f.check == check
           and all(getattr(f, k) == v for k, v in where.items())]
    return out


# ---- GRIM: published test vectors ---------------------------------------------------------

@pytest.mark.parametrize("text, n", [("0.05%", 1819), ("0,05%", 1819), ("99.9%", 667),
                                     ("87.3%", 55)])
def test_inverse_grim_vectors(text, n):  # docs/anchors.md C2, verified there
    assert grim_min_n(text) == n
    assert grim_consistent(text, n) and not grim_consistent(text, n - 1)


def test_grim_scrutiny_vectors():
    # scrutiny's tests: of means 5.19…5.30 with n = 28 only 5.21, 5.25, 5.29 are consistent
    ok = [x / 100 for x in range(519, 531) if grim_consistent(f"{x / 100:.2f}", 28)]
    assert ok == [5.21, 5.25, 5.29]
    assert not grim_consistent("5.27", 43)
    assert not grim_consistent("3.48", 20)  # a mean of 20 die rolls


def test_grim_says_nothing_for_0_and_100():
    assert grim_min_n("100%") is None and grim_min_n("0%") is None


def test_upper_bound_rule_of_three():
    from motcua.stats import upper_bound_late_rate

    assert upper_bound_late_rate(3028) == pytest.approx(1 - 0.05 ** (1 / 3028), rel=1e-9)
    assert 3 / 3028 * 0.95 < upper_bound_late_rate(3028) < 3 / 3028


# ---- the five seed localities (the "done when") --------------------------------

def test_quang_dien_combined_rate_against_target(findings):
    [t] = pick(findings, "quang-dien-2020", "target", metric="on_time_rate")
    assert t.severity == "warning" and t.status == "fails"
    assert t.recomputed == pytest.approx(100 * 24279 / 24910, abs=1e-3)  # 97.47%
    assert t.claimed == 98
    assert "95.7%" in t.message_en  # the district centre


def test_quang_dien_centre_rate_derived(findings):
    got = [f for f in pick(findings, "quang-dien-2020", "rate", status="derived")
           if f.claim_ids == ["qd-2020-centre-on-time", "qd-2020-centre-received"]]
    assert len(got) == 1 and got[0].recomputed == pytest.approx(100 * 7198 / 7519, abs=1e-3)


def test_quang_thai_more_than_98_holds(findings):
    [f] = pick(findings, "quang-dien-2020", "rate", status="holds")
    assert f.recomputed == pytest.approx(100 * 1100 / 1113, abs=1e-3)


def test_dong_quang_perfect_record_needs_microdata(findings):
    [f] = pick(findings, "dong-quang-2022", "perfect_score")
    assert f.severity == "warning" and f.status == "needs_microdata"
    assert f.recomputed == pytest.approx(100 * (1 - 0.05 ** (1 / 3028)), abs=1e-4)
    assert "3,028" in f.message_en


def test_kim_bang_parts_add_up(findings):
    sums = pick(findings, "kim-bang-2022", "sum")
    assert len(sums) >= 5 and all(f.status == "holds" for f in sums)
    pairs = {(f.claimed, f.recomputed) for f in sums}
    assert {(123, 123), (213, 213), (336, 336)} <= pairs
    [shares] = [f for f in pick(findings, "kim-bang-2022", "shares_sum")
                if f.recomputed != 100 or len(f.claim_ids) == 3]
    assert shares.status == "holds" and shares.recomputed == pytest.approx(100.0)


def test_kim_bang_005_share_minimum_sample_and_average(findings):
    [g] = [f for f in pick(findings, "kim-bang-2022", "grim")
           if f.claim_ids == ["kb-2022-communes-sat-no"]]
    assert g.recomputed == 1819
    assert "average" in g.message_en and "102" in g.message_en  # ⌈100 / (18 × 0.055)⌉
    assert math.ceil(100 / (18 * 0.055)) == 102
    agg = pick(findings, "kim-bang-2022", "aggregation")
    assert any(f.severity == "warning" and "bình quân" in f.message_en for f in agg)


def test_huu_lung_period_against_publication(findings):
    per = pick(findings, "huu-lung", "period")
    stale = [f for f in per if "old results" in f.message_en]
    assert stale and stale[0].severity == "warning"
    assert stale[0].recomputed == pytest.approx((2024 - 2013) + 54 / 365.25, abs=0.05)
    assert any("2015" in f.message_en for f in per)  # targets whose horizon had passed


def test_lang_son_rate_and_communes(findings):
    [r] = pick(findings, "lang-son-2019", "rate")
    assert r.status == "derived" and r.recomputed == pytest.approx(248000)
    [frac] = [f for f in pick(findings, "lang-son-2019", "fraction") if f.claimed == "189/226"]
    assert frac.recomputed == pytest.approx(100 * 189 / 226, abs=1e-3)
    [g] = [f for f in pick(findings, "lang-son-2019", "grim") if f.claimed == 99.2]
    assert g.status == "not_testable"


def test_ids_are_stable_and_unique(findings):
    ids = [f.id for f in findings]
    assert len(ids) == len(set(ids))
    again = audit(load_register(sorted(CLAIMS_DIR.glob("*.yaml"))))
    assert [f.as_dict() for f in again] == [f.as_dict() for f in findings]


def test_every_finding_is_bilingual_and_typed(findings):
    for f in findings:
        assert f.severity in SEVERITIES and f.status in STATUSES
        assert f.message_en and f.message_vi and f.claim_ids


# ---- registers built to fail -------------------------------------------------------------

QD = yaml.safe_load((CLAIMS_DIR / "quang-dien-2020.yaml").read_text(encoding="utf-8"))
KB = yaml.safe_load((CLAIMS_DIR / "kim-bang-2022.yaml").read_text(encoding="utf-8"))


def audit_of(tmp_path, doc, edit):
    doc = copy.deepcopy(doc)
    edit(doc)
    p = tmp_path / f"{doc['register']}.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return audit(load_register([p]))


def _claim(doc, cid):
    return next(c for c in doc["claims"] if c["id"] == cid)


def test_parts_that_do_not_add_up_fail(tmp_path):
    def edit(d):
        _claim(d, "kb-2022-communes-interagency").update(value_text="11", value=11)
    got = [f for f in audit_of(tmp_path, KB, edit) if f.check == "sum" and f.status == "fails"]
    assert got and got[0].severity == "fail" and got[0].recomputed == 124


def test_shares_that_do_not_sum_to_100_fail(tmp_path):
    def edit(d):
        _claim(d, "kb-2022-communes-sat-ok").update(value_text="36,70%", value=36.7)
    got = [f for f in audit_of(tmp_path, KB, edit) if f.check == "shares_sum"
           and f.status == "fails"]
    assert got and got[0].recomputed == pytest.approx(100.10)


def test_rate_that_its_counts_contradict_fails(tmp_path):
    def edit(d):
        _claim(d, "qd-2020-quang-thai-on-time").update(value_text="1080", value=1080)
    got = [f for f in audit_of(tmp_path, QD, edit) if f.check == "rate" and f.status == "fails"]
    assert got and got[0].recomputed == pytest.approx(100 * 1080 / 1113, abs=1e-3)


def test_target_met_is_info(tmp_path):
    def edit(d):
        _claim(d, "qd-2020-centre-on-time").update(value_text="7500", value=7500)
    [t] = [f for f in audit_of(tmp_path, QD, edit) if f.check == "target"
           and f.metric == "on_time_rate"]
    assert t.status == "holds" and t.severity == "info"


def test_figures_after_publication_fail(tmp_path):
    def edit(d):
        d["source"]["published"] = "2020-06-30"
    got = [f for f in audit_of(tmp_path, QD, edit) if f.check == "period" and f.severity == "fail"]
    assert got


def test_grim_impossible_share_fails(tmp_path):
    def edit(d):  # 98,5% of 7 dossiers: k/7 is 85.7% or 100%, never 98.5%
        d["claims"].append({**_claim(d, "qd-2020-quang-thai-rate"), "id": "qd-extra",
                            "value_text": "98,5%", "value": 98.5, "comparator": "eq",
                            "denominator_ref": None, "denominator": 7})
    got = [f for f in audit_of(tmp_path, QD, edit) if f.check == "grim"
           and f.claim_ids == ["qd-extra"]]
    assert got and got[0].status == "fails"
