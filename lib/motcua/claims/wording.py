"""How claim findings are worded and built: metric labels, percentages, periods, comparators.

Shared by every check in ``motcua.claims.checks`` and by ``motcua.analysis.reconcile``. A claim
finding is built only through :func:`claim_finding`, which calls ``motcua.findings.new_finding``
with the claims' ids and quotes and the finding's ``subject``.
"""

from __future__ import annotations

from motcua.claims.register import METRICS
from motcua.findings import Finding, new_finding
from motcua.vn.numbers import fmt_en, fmt_vi, parse_vn_number

#: A comparator as a report writes it before the value ("hơn 98%" = "more than 98%").
COMPARATOR_EN = {"eq": "", "gt": "more than ", "ge": "at least ", "lt": "less than ",
                 "approx": "about "}
COMPARATOR_VI = {"eq": "", "gt": "hơn ", "ge": "ít nhất ", "lt": "dưới ", "approx": "khoảng "}

#: Short names for a finding's ``subject`` (a chart's axis label) where ``metric_label`` is long.
SHORT_LABELS = {
    "on_time_rate": "on-time rate",
    "dossiers_resolved_on_time": "dossiers on time",
    "sat_very_share": "very satisfied share",
    "sat_ok_share": "satisfied share",
    "sat_no_share": "not satisfied share",
    "satisfaction_rate": "satisfaction rate",
}


def metric_label(metric: str) -> str:
    """A metric's English name: its ``METRICS`` text up to the first comma or " (" ."""
    return METRICS[metric].split(",")[0].split(" (")[0]


def short_label(metric: str) -> str:
    """The metric's name in a ``subject``: ``SHORT_LABELS`` or else :func:`metric_label`."""
    return SHORT_LABELS.get(metric) or metric_label(metric)


def decimals_of(row) -> int:
    """Decimals of a claim's value as written ("36,60%" → 2); 0 when the text does not parse."""
    try:
        return parse_vn_number(row.value_text).decimals
    except ValueError:
        return 0


def pct(x: float, d: int = 2) -> str:
    """``97.47%``: a percentage in English notation."""
    return fmt_en(x, d) + "%"


def pct_vi(x: float, d: int = 2) -> str:
    """``97,47%``: a percentage in Vietnamese notation."""
    return fmt_vi(x, d) + "%"


def period_label(period) -> str:
    """``2020`` for a calendar year, ``2019–2020`` for whole years, else ``start – end``."""
    ps, pe = (x if isinstance(x, str) else None for x in period)
    if pe is None:
        return "an unstated period"
    if ps and ps[5:] == "01-01" and pe[5:] == "12-31":
        return ps[:4] if ps[:4] == pe[:4] else f"{ps[:4]}–{pe[:4]}"
    return f"{ps or '…'} – {pe}"


def claim_finding(book, check: str, severity: str, status: str, rows, *, subject: str,
                  **fields) -> Finding:
    """A finding about the claims ``rows`` of ``book`` (a ``motcua.claims.book.Book``): their
    ids and quotes, the first one's metric, the register's name; other fields by name."""
    ids = [r.claim_id for r in rows]
    return new_finding(check, severity, status, claim_ids=ids, register=book.name,
                       quotes=[r.quote for r in rows], metric=rows[0].metric if rows else "",
                       subject=subject, **fields)
