"""Consistency checks on published claims: does each figure follow from the others?

Every check treats a published number as the interval its rounding allows (statcheck,
``R/error_test.R``: "a t-value of 2.0 could have been rounded from anywhere between 1.95-2.05";
docs/anchors.md §C) and flags only what no value in that interval can explain. Each check is a
function ``check_x(book) -> list[Finding]`` in a module of its own; :func:`audit` runs them all
in the order of ``CHECKS``.

Severity: ``fail`` = arithmetic that cannot be right; ``warning`` = needs an inspector's attention
(a target missed, stale figures, a perfect score that only microdata can confirm); ``info`` =
holds, or context. Status: ``holds``, ``fails``, ``derived`` (a figure the article does not state
but its numbers imply), ``needs_microdata`` and ``not_testable`` (the test has no power).
"""

from __future__ import annotations

from motcua.claims.book import Book
from motcua.claims.checks.aggregation import check_aggregation
from motcua.claims.checks.fractions import check_fractions
from motcua.claims.checks.grim import check_granularity
from motcua.claims.checks.perfect import REFERENCE_LATE_RATE, check_perfect
from motcua.claims.checks.period import check_period
from motcua.claims.checks.ranges import check_share_range
from motcua.claims.checks.rates import check_rates
from motcua.claims.checks.shares import check_shares
from motcua.claims.checks.sums import check_sums
from motcua.claims.checks.targets import check_targets
from motcua.claims.checks.unit_counts import check_unit_counts
from motcua.claims.register import Register
from motcua.findings import Finding

#: Check name (the middle part of a finding id) → check, in the order findings are listed.
CHECKS = {
    "sum": check_sums,
    "shares_sum": check_shares,
    "rate": check_rates,
    "grim": check_granularity,
    "perfect_score": check_perfect,
    "target": check_targets,
    "period": check_period,
    "aggregation": check_aggregation,
    "fraction": check_fractions,
    "unit_count": check_unit_counts,
    "share_range": check_share_range,
}

__all__ = ["CHECKS", "REFERENCE_LATE_RATE", "audit", *sorted(f.__name__ for f in CHECKS.values())]


def audit(register: Register, *, confidence: float = 0.95,
          reference_late_rate: float = REFERENCE_LATE_RATE) -> list[Finding]:
    """Run every check on every register in ``register``; findings get stable ids.

    Order: by register, then by ``CHECKS`` order, then as each check emits them. The id is
    ``<register>/<check>/<n>``, so the same register always gives the same ids.
    """
    findings: list[Finding] = []
    for name in register.sources["register"]:
        book = Book(register, name)
        for check, fn in CHECKS.items():
            if fn is check_perfect:
                got = fn(book, confidence=confidence, reference_late_rate=reference_late_rate)
            else:
                got = fn(book)
            for n, f in enumerate(got, start=1):
                f.id = f"{name}/{check}/{n}"
            findings.extend(got)
    return findings
