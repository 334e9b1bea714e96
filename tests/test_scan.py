"""motcua scan on the annotated development set (tests/data/articles/) and the five seeds.

The headline test measures (a) how many annotated inconsistencies the scan flags (a ``fail`` or
``warning`` whose figures include at least two of the annotation's numbers, or its only one) and
(b) how many ``fail`` findings fall on figures annotated ``consistent`` (at least two of one
entry's numbers, or its only one, and matching no annotated inconsistency). Run with ``-s`` to
see the per-article table. The floors below are the measured figures, so a change that loses a
flagged inconsistency or adds a false ``fail`` fails the test.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from motcua.claims.scan import scan_article, scan_file
from motcua.config import ARTICLES_DIR
from motcua.findings import SUMMARY_KEYS, summary_records

DEV = Path(__file__).parent / "data" / "articles"
ANNOTATIONS = yaml.safe_load((DEV / "annotations.yaml").read_text(encoding="utf-8"))
SEEDS = sorted(ARTICLES_DIR.glob("*.txt"))

#: Measured on the development set; the test fails if the scan does worse.
MIN_FLAGGED = 22
MAX_FALSE_FAILS = 0

_HEDGE = re.compile(r"^(?:gần|hơn|trên|khoảng|đạt\s+trên)\s+", re.IGNORECASE)


def norm(number: str) -> str:
    """A printed figure without its hedge word ("gần 27.000" → "27.000")."""
    return _HEDGE.sub("", unicodedata.normalize("NFC", number).strip())


def figures_of(finding: dict) -> set[str]:
    return {norm(cid.rsplit("@", 1)[0]) for cid in finding["claim_ids"]}


def overlaps(finding: dict, numbers: list[str]) -> bool:
    wanted = {norm(n) for n in numbers}
    return len(figures_of(finding) & wanted) >= min(2, len(wanted))


@pytest.fixture(scope="module")
def scans():
    out = {}
    for entry in ANNOTATIONS:
        res = scan_file(DEV / entry["file"], published=entry["published"])
        out[entry["file"]] = summary_records(res.findings)
    return out


def measure(scans) -> tuple[int, int, int, list[str], list[str]]:
    flagged = total = false_fails = 0
    missed, false = [], []
    for entry in ANNOTATIONS:
        findings = scans[entry["file"]]
        alarms = [f for f in findings if f["severity"] in ("fail", "warning")]
        for inc in entry["inconsistencies"]:
            total += 1
            if any(overlaps(f, inc["numbers"]) for f in alarms):
                flagged += 1
            else:
                missed.append(f"{entry['file']}: {inc['kind']} {inc['numbers']}")
        for f in findings:
            if f["severity"] != "fail" or any(overlaps(f, i["numbers"])
                                              for i in entry["inconsistencies"]):
                continue
            if any(overlaps(f, c["numbers"]) for c in entry["consistent"]):
                false_fails += 1
                false.append(f"{entry['file']}: {f['message_en']}")
    return flagged, total, false_fails, missed, false


def test_annotated_inconsistencies_are_flagged_and_consistent_figures_not_failed(scans):
    flagged, total, false_fails, missed, false = measure(scans)
    lines = [f"{'article':<48}{'annotated':>10}{'flagged':>8}{'fail':>6}{'warning':>8}"]
    for entry in ANNOTATIONS:
        fs = scans[entry["file"]]
        alarms = [f for f in fs if f["severity"] in ("fail", "warning")]
        hit = sum(any(overlaps(f, i["numbers"]) for f in alarms) for i in entry["inconsistencies"])
        lines.append(f"{entry['file'][:47]:<48}{len(entry['inconsistencies']):>10}{hit:>8}"
                     f"{sum(f['severity'] == 'fail' for f in fs):>6}"
                     f"{sum(f['severity'] == 'warning' for f in fs):>8}")
    lines.append(f"flagged {flagged}/{total}; fail findings on consistent figures: {false_fails}")
    lines += ["missed: " + m for m in missed] + ["FALSE FAIL: " + m for m in false]
    print("\n" + "\n".join(lines))
    assert total == 22
    assert flagged >= MIN_FLAGGED and flagged * 4 >= total * 3
    assert false_fails <= MAX_FALSE_FAILS


def test_every_fail_is_an_annotated_inconsistency(scans):
    """No ``fail`` anywhere in the set that the annotation does not list as an inconsistency."""
    stray = [f"{e['file']}: {f['message_en']}" for e in ANNOTATIONS for f in scans[e["file"]]
             if f["severity"] == "fail"
             and not any(overlaps(f, i["numbers"]) for i in e["inconsistencies"])]
    assert stray == []


def test_fail_only_where_the_annotation_expects_one(scans):
    """An inconsistency annotated as resting on a reading (warning) never draws a ``fail``."""
    for e in ANNOTATIONS:
        for inc in e["inconsistencies"]:
            if inc["severity_expected"] == "warning":
                fails = [f for f in scans[e["file"]] if f["severity"] == "fail"
                         and figures_of(f) <= {norm(n) for n in inc["numbers"]}]
                assert fails == [], (e["file"], inc["numbers"])


def test_each_inconsistency_is_flagged_with_the_severity_the_annotation_expects(scans):
    """8 annotated ``fail`` and 14 ``warning``: each has a finding of that severity."""
    for e in ANNOTATIONS:
        for inc in e["inconsistencies"]:
            assert any(f["severity"] == inc["severity_expected"] and overlaps(f, inc["numbers"])
                       for f in scans[e["file"]]), (e["file"], inc["numbers"])


def test_findings_follow_the_check_claims_schema(scans):
    for e in ANNOTATIONS:
        for f in scans[e["file"]]:
            assert tuple(f) == SUMMARY_KEYS
            assert f["id"].startswith(Path(e["file"]).stem + "/" + f["check"] + "/")
            assert f["severity"] in ("fail", "warning", "info")
            for cid in f["claim_ids"]:
                written, pos = cid.rsplit("@", 1)
                assert written and pos.isdigit()
            json.dumps(f, ensure_ascii=False)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_articles_raise_no_fail(path):
    """The five seed articles hold no contradiction in their printed numbers (their curated
    registers audit without a fail); the scan must not invent one."""
    res = scan_file(path)
    assert [f.message_en for f in res.findings if f.severity == "fail"] == []
