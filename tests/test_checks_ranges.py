"""Figures no arithmetic can produce: a share outside 0–100%, a part larger than its whole.

Each is a ``fail`` finding naming the claim, never an ``info`` and never dropped. The registers
are the shipped ones with one figure edited; the expected values are computed here by hand.
"""

import copy

import pytest
import yaml

from motcua.claims import audit, load_register
from motcua.config import CLAIMS_DIR

QD = yaml.safe_load((CLAIMS_DIR / "quang-dien-2020.yaml").read_text(encoding="utf-8"))
KB = yaml.safe_load((CLAIMS_DIR / "kim-bang-2022.yaml").read_text(encoding="utf-8"))


def audit_of(tmp_path, doc, cid, **change):
    doc = copy.deepcopy(doc)
    next(c for c in doc["claims"] if c["id"] == cid).update(change)
    p = tmp_path / f"{doc['register']}.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return audit(load_register([p]))


def about(findings, cid):
    return [f for f in findings if cid in f.claim_ids]


def test_on_time_count_above_received_fails(tmp_path):
    # 9,999 resolved on time of 7,519 received at the centre: 132.98%, which no share can be
    got = audit_of(tmp_path, QD, "qd-2020-centre-on-time", value_text="9.999", value=9999)
    [rate] = [f for f in about(got, "qd-2020-centre-on-time") if f.check == "rate"
              and f.claim_ids == ["qd-2020-centre-on-time", "qd-2020-centre-received"]]
    assert rate.severity == "fail" and rate.status == "fails"
    assert rate.recomputed == pytest.approx(100 * 9999 / 7519, abs=1e-3)
    assert "132.98%" in rate.message_en and "received" in rate.message_en
    # the district total (9,999 + 17,081 of 7,519 + 17,391) is above 100% too
    district = [f for f in got if f.check == "rate" and f.subject.startswith("huyện")]
    assert district and all(f.severity == "fail" for f in district)


def test_stated_rate_with_impossible_counts_does_not_hold(tmp_path):
    # "hơn 98%" with 1,200 on time of 1,113 received: above 98%, yet impossible
    got = audit_of(tmp_path, QD, "qd-2020-quang-thai-on-time", value_text="1200", value=1200)
    [rate] = [f for f in about(got, "qd-2020-quang-thai-rate") if f.check == "rate"]
    assert rate.severity == "fail" and rate.status == "fails"


def test_on_time_rate_of_150_percent_fails(tmp_path):
    got = audit_of(tmp_path, QD, "qd-2020-quang-thai-rate", value_text="150%", value=150.0,
                   comparator="eq")
    mine = about(got, "qd-2020-quang-thai-rate")
    assert [(f.check, f.severity, f.status) for f in mine] == [("share_range", "fail", "fails")]
    assert mine[0].interval_low == 0 and mine[0].interval_high == 100


def test_share_of_250_percent_fails(tmp_path):
    got = audit_of(tmp_path, KB, "kb-2022-communes-sat-very", value_text="250%", value=250.0)
    mine = about(got, "kb-2022-communes-sat-very")
    ranges = [f for f in mine if f.check == "share_range"]
    assert len(ranges) == 1 and ranges[0].severity == "fail"
    assert not [f for f in mine if f.check == "grim"]  # GRIM has nothing to say about it
    shares = [f for f in mine if f.check == "shares_sum"]
    assert shares and all(f.status == "fails" for f in shares)


@pytest.mark.parametrize("text, value, comparator, fails", [
    ("100%", 100.0, "gt", True),    # "hơn 100%"
    ("100%", 100.0, "ge", False),
    ("100,4%", 100.4, "eq", True),  # [100.35, 100.45]
    ("100%", 100.0, "eq", False),
    ("99,96%", 99.96, "eq", False),
    ("120%", 120.0, "lt", False),   # "dưới 120%" says little, but nothing impossible
])
def test_share_range_reads_the_comparator(tmp_path, text, value, comparator, fails):
    got = audit_of(tmp_path, KB, "kb-2022-communes-sat-very", value_text=text, value=value,
                   comparator=comparator)
    ranges = [f for f in about(got, "kb-2022-communes-sat-very") if f.check == "share_range"]
    assert bool(ranges) == fails


def test_target_above_100_percent_fails(tmp_path):
    tid = next(c["id"] for c in QD["claims"] if c.get("kind") == "target"
               and c["metric"] == "on_time_rate")
    got = audit_of(tmp_path, QD, tid, value_text="150%", value=150.0)
    assert [f.severity for f in about(got, tid) if f.check == "share_range"] == ["fail"]


def test_part_larger_than_whole_fails(tmp_path):
    # "400/336" procedures online: more than the procedures there are
    got = audit_of(tmp_path, KB, "kb-2022-online", value_text="400/336", value=400)
    [frac] = [f for f in about(got, "kb-2022-online") if f.check == "fraction"]
    assert frac.severity == "fail" and frac.status == "fails"
    assert frac.recomputed == pytest.approx(100 * 400 / 336, abs=1e-3)


def test_more_units_done_than_exist_fails(tmp_path):
    got = audit_of(tmp_path, KB, "kb-2022-communes-posted", value_text="19/18", value=19)
    [frac] = [f for f in about(got, "kb-2022-communes-posted") if f.check == "fraction"]
    assert frac.severity == "fail"


def test_shipped_registers_have_no_impossible_share():
    found = audit(load_register(sorted(CLAIMS_DIR.glob("*.yaml"))))
    assert not [f for f in found if f.check == "share_range"]
    assert not [f for f in found if f.check == "fraction" and f.severity == "fail"]
