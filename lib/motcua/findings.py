"""The one ``Finding`` type: what every check, reconciliation and signal reports.

A finding is built through :func:`new_finding` only, which checks the severity and status
vocabularies, so ``summary.json``, the reports and the batch index all read one shape.

Severity: ``fail`` = the arithmetic cannot be right; ``warning`` = needs an inspector's attention;
``info`` = holds, or context. Status: ``holds``, ``fails``, ``derived`` (a figure the source does
not state but its numbers imply), ``needs_microdata``, ``not_testable`` (the test has no power),
``flagged`` (a statistical signal in records fired for a unit).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

SEVERITIES = ("fail", "warning", "info")
STATUSES = ("fails", "holds", "derived", "needs_microdata", "not_testable", "flagged")

#: What ``summary.json`` and ``motcua check-claims`` print for each finding; ``unit_code`` and
#: ``unit_name`` are added when a finding names an office or a unit.
SUMMARY_KEYS = ("id", "check", "severity", "status", "claim_ids", "claimed", "recomputed",
                "interval_low", "interval_high", "arithmetic", "message_en", "message_vi")
UNIT_KEYS = ("unit_code", "unit_name")


@dataclass
class Finding:
    """One result of one check, as the report and ``summary.json`` show it.

    ``subject`` is the short label of what the finding is about ("Quảng Thái: on-time rate"),
    the text a chart puts on its axis; ``unit_code``/``unit_name`` name the office or unit a
    record-level signal flags.
    """

    check: str
    severity: str
    status: str
    claim_ids: list[str]
    claimed: float | str | None
    recomputed: float | None
    message_en: str
    message_vi: str
    arithmetic: str = ""
    interval_low: float | None = None
    interval_high: float | None = None
    register: str = ""
    id: str = ""
    quotes: list[str] = field(default_factory=list)
    metric: str = ""
    subject: str = ""
    unit_code: str = ""
    unit_name: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def new_finding(check: str, severity: str, status: str, *, message_en: str, message_vi: str,
                claim_ids=(), claimed=None, recomputed=None, **fields) -> Finding:
    """The public constructor: validates ``severity`` and ``status``; other fields by name."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} not in {SEVERITIES}")
    if status not in STATUSES:
        raise ValueError(f"status {status!r} not in {STATUSES}")
    return Finding(check=check, severity=severity, status=status, claim_ids=list(claim_ids),
                   claimed=claimed, recomputed=recomputed, message_en=message_en,
                   message_vi=message_vi, **fields)


def number_findings(findings: list[Finding], prefix: str) -> list[Finding]:
    """Give findings stable ids ``<prefix>/<check>/<n>``, numbered per check in order."""
    seen: dict[str, int] = {}
    for f in findings:
        seen[f.check] = seen.get(f.check, 0) + 1
        f.id = f"{prefix}/{f.check}/{seen[f.check]}"
    return findings


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table (one row each), severities ordered fail → warning → info."""
    df = pd.DataFrame([f.as_dict() for f in findings])
    if df.empty:
        return pd.DataFrame(columns=list(Finding.__dataclass_fields__))
    df["severity"] = pd.Categorical(df["severity"], categories=SEVERITIES, ordered=True)
    return df


def summary_records(findings: list[Finding]) -> list[dict]:
    """What ``summary.json`` and ``motcua check-claims`` print for each finding."""
    out = []
    for f in findings:
        rec = {k: getattr(f, k) for k in SUMMARY_KEYS}
        rec.update({k: getattr(f, k) for k in UNIT_KEYS if getattr(f, k)})
        out.append(rec)
    return out


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] += 1
    return counts
