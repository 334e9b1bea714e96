"""``scan_article``: the findings of one article's text, with no register to write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from motcua.claims.scan.changes import (check_averages, check_changes, check_scores,
                                        check_table_means)
from motcua.claims.scan.flows import check_flows, check_zero_late
from motcua.claims.scan.levels import check_levels
from motcua.claims.scan.parts import check_parts
from motcua.claims.scan.rates import check_rates
from motcua.claims.scan.reading import Reading, read
from motcua.claims.scan.shares import check_shares
from motcua.findings import Finding, number_findings

#: The checks, in the order their findings are listed.
SCAN_CHECKS = (check_rates, check_scores, check_parts, check_levels, check_shares, check_flows,
               check_zero_late, check_changes, check_averages, check_table_means)


@dataclass
class Scan:
    """The findings of one article, and the reading they rest on (figures, passages)."""

    findings: list[Finding]
    reading: Reading

    @property
    def text(self) -> str:
        return self.reading.text


def scan_article(text: str, *, published: str | None = None,
                 source_id: str | None = None) -> Scan:
    """Read an article and test the relations between its figures.

    Findings use the ``motcua.findings`` schema; their ``claim_ids`` are the figures as printed
    with their offset in the prepared (NFC) text ("19.255@412"). Ids are
    ``<source_id>/<check>/<n>``. ``published``: "YYYY-MM-DD" or "DD/MM/YYYY" (default: a date
    on the page's first lines). Raises ``ValueError`` for a malformed date only.
    """
    rd = read(text, published=published, source_id=source_id)
    findings: list[Finding] = []
    seen: set = set()
    for check in SCAN_CHECKS:
        for f in check(rd):
            key = (f.check, f.severity, tuple(sorted(f.claim_ids)))
            if key not in seen:
                seen.add(key)
                findings.append(f)
    for f in findings:
        f.register = rd.article.source_id
    number_findings(findings, prefix=rd.article.source_id)
    return Scan(findings, rd)


def scan_file(path: str | Path, *, published: str | None = None) -> Scan:
    """Scan a UTF-8 text file; the findings' prefix is the file stem."""
    p = Path(path)
    return scan_article(p.read_bytes().decode("utf-8", "replace"), published=published,
                        source_id=p.stem)
