"""Every finding says what it is about in the structured field ``subject``; charts read it (and
other structured fields), never the message text."""

import pandas as pd
import pytest

from motcua.analysis import audit_records
from motcua.claims import audit, load_register
from motcua.config import CLAIMS_DIR, SYNTHETIC_DIR
from motcua.findings import new_finding
from motcua.records import read_records
from motcua.reports import plots


@pytest.fixture(scope="module")
def qd_findings():
    reg = load_register([CLAIMS_DIR / "quang-dien-2020.yaml"])
    _table, record_findings, _gaps = audit_records(
        reg, read_records(str(SYNTHETIC_DIR / "quang-dien-2020")))
    return audit(reg) + record_findings


def test_every_finding_has_a_subject():
    found = audit(load_register(sorted(CLAIMS_DIR.glob("*.yaml"))))
    assert found and all(f.subject for f in found)
    rate = [f for f in found if f.check == "rate" and f.claim_ids[0] == "qd-2020-quang-thai-rate"]
    assert rate[0].subject == "xã Quảng Thái, 2020: on-time rate"


def test_record_findings_have_subjects(qd_findings):
    records = [f for f in qd_findings if f.check in ("records", "convention_gap")]
    assert records and all(f.subject for f in records)
    gap = [f for f in records if f.check == "convention_gap"]
    assert gap[0].subject.endswith(": on-time rate")


def test_rate_points_label_is_the_subject(qd_findings):
    points = plots.rate_points(qd_findings)
    assert len(points) > 0
    assert set(points["label"]) <= {f.subject for f in qd_findings if f.check in ("rate", "target")}
    assert "huyện Quảng Điền, 2021: on-time rate target" in set(points["label"])


def test_rate_points_ignore_the_message():
    f = new_finding("rate", "info", "holds", message_en="no colon here", message_vi="x",
                    claimed=98.0, recomputed=98.8, interval_low=98.0, interval_high=100.0,
                    subject="Xã A, 2020: on-time rate", metric="on_time_rate")
    t = new_finding("target", "warning", "fails", message_en="Other: text", message_vi="x",
                    claimed=98.0, recomputed=97.47, subject="Huyện B, 2021: on-time rate target",
                    metric="on_time_rate")
    points = plots.rate_points([f, t])
    assert list(points["label"]) == [f.subject, t.subject]
    assert pd.isna(points["target"].iloc[0]) and points["target"].iloc[1] == 98.0


def test_reports_show_flagged_findings():
    from motcua.findings import STATUSES
    from motcua.reports import markdown

    f = new_finding("signal", "warning", "flagged", message_en="Office X: odd stamps.",
                    message_vi="x", subject="Office X: time stamps", unit_code="X",
                    unit_name="Office X")
    assert "flagged" in markdown.verdict_table([f]).columns
    assert "flagged" in markdown.findings_markdown([f])
    every = [new_finding("c", "warning", st, message_en="m", message_vi="m") for st in STATUSES]
    assert markdown.findings_markdown(every).count("####") == len(STATUSES)
    assert markdown.verdict_table(every).shape[1] == len(STATUSES) + 1  # and "total"
