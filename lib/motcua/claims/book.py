"""The book: one register's claims indexed by (locality, metric, period), with the locality tree,
so that a check can ask for a count "as stated, or summed from its parts".

A value found by summing carries the claims it came from and the sum written out in numbers
("7,519 + 17,391"), which is what a finding shows as its arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from motcua.claims.register import Register
from motcua.claims.wording import decimals_of
from motcua.vn.numbers import fmt_en

#: Within-locality identities: the whole equals the sum of its parts (same locality and period).
#: Online services: ND 43/2011 counts levels 3 and 4 as online submission; levels 1-2 are
#: information and forms only, so "online" procedures = level 3 + level 4.
SUM_RULES: dict[str, tuple[str, ...]] = {
    "procedures_one_stop_any": ("procedures_one_stop", "procedures_interagency"),
    "procedures_online": ("procedures_online_level_3", "procedures_online_level_4"),
}

#: Shares in percent of dossiers or respondents (the figures GRIM and the aggregation check read).
SHARE_METRICS = ("sat_very_share", "sat_ok_share", "sat_no_share", "satisfaction_rate",
                 "on_time_rate")


@dataclass(frozen=True)
class Value:
    """A count found in the book, the claims it comes from, and how it was obtained."""

    value: float
    claim_ids: tuple[str, ...]
    expr: str  # how it was obtained, in numbers: "7,519 + 17,391"
    exact: bool = True  # False when any input was "gần" (approximately)


def claim_period(row) -> tuple[str | None, str]:
    """A claim's (period_start or None, period_end): the key the book indexes periods by."""
    return (row.period_start if isinstance(row.period_start, str) else None, row.period_end)


def compare_with_claim(value: float, lo: float, hi: float, comparator: str,
                       recomputed: float) -> bool:
    """Does ``recomputed`` satisfy a claim of ``value`` with rounding interval [lo, hi]?"""
    if comparator == "gt":
        return recomputed > value
    if comparator == "ge":
        return recomputed >= lo
    if comparator == "lt":
        return recomputed < value
    return lo <= recomputed <= hi  # eq and approx: inside the rounding interval


class Book:
    """Claims of one register indexed by (locality, metric, period), plus the locality tree."""

    def __init__(self, register: Register, name: str):
        self.name = name
        self.claims = register.claims[register.claims["register"] == name].reset_index(drop=True)
        self.localities = {
            r.locality: r
            for r in register.localities[register.localities["register"] == name].itertuples()
        }
        self.source = register.sources[register.sources["register"] == name].iloc[0]
        self.by_id = {r.claim_id: r for r in self.claims.itertuples()}

    def reported(self) -> pd.DataFrame:
        return self.claims[self.claims["kind"] == "reported"]

    def stated(self, loc: str, metric: str, period: tuple) -> list:
        c = self.reported()
        m = (c["locality"] == loc) & (c["metric"] == metric)
        m &= (c["period_start"].fillna("") == (period[0] or "")) & (c["period_end"] == period[1])
        return [self.by_id[i] for i in c.loc[m, "claim_id"]]

    def value(self, loc, metric, period, exclude=frozenset(), depth=0) -> Value | None:
        """A count at (loc, metric, period): stated, or summed from parts; None if unknown."""
        if depth > 6:
            return None
        for row in self.stated(loc, metric, period):
            if row.claim_id not in exclude and row.comparator in ("eq", "approx"):
                return Value(row.value, (row.claim_id,), fmt_en(row.value, decimals_of(row)),
                             row.comparator == "eq")
        return self.derive(loc, metric, period, exclude, depth)

    def derive(self, loc, metric, period, exclude=frozenset(), depth=0) -> Value | None:
        """Sum over the locality's partition, else over the metric's parts (SUM_RULES)."""
        routes = []
        parts_loc = tuple(getattr(self.localities.get(loc), "partition", ()) or ())
        if parts_loc:
            routes.append([(p, metric) for p in parts_loc])
        if metric in SUM_RULES:
            routes.append([(loc, m) for m in SUM_RULES[metric]])
        for route in routes:
            vals = [self.value(part, m, period, exclude, depth + 1) for part, m in route]
            if all(v is not None for v in vals):
                return Value(
                    sum(v.value for v in vals),
                    tuple(i for v in vals for i in v.claim_ids),
                    " + ".join(v.expr if len(v.claim_ids) == 1 else f"({v.expr})" for v in vals),
                    all(v.exact for v in vals),
                )
        return None

    def periods(self) -> list[tuple]:
        c = self.reported()
        pairs = {(ps if isinstance(ps, str) else None, pe)
                 for ps, pe in zip(c["period_start"], c["period_end"]) if isinstance(pe, str)}
        return sorted(pairs, key=lambda p: (p[1], p[0] or ""), reverse=True)

    def name_of(self, loc: str) -> str:
        return self.localities[loc].name

    def published(self) -> pd.Timestamp | None:
        p = self.source["published"]
        return pd.Timestamp(p) if isinstance(p, str) else None

    def rate(self, loc, period, exclude=frozenset()) -> tuple[Value, Value] | None:
        """On-time numerator and denominator (received) at loc, stated or derived."""
        num = self.value(loc, "dossiers_resolved_on_time", period, exclude)
        den = self.value(loc, "dossiers_received", period, exclude)
        if num is None or den is None or den.value <= 0:
            return None
        return num, den

    def base_of(self, row) -> Value | None:
        """The count a share is a share of: its ``denominator_ref`` claim, or its denominator."""
        if isinstance(row.denominator_ref, str):
            ref = self.by_id[row.denominator_ref]
            return Value(ref.value, (ref.claim_id,), fmt_en(ref.value), ref.comparator == "eq")
        if not pd.isna(row.denominator):
            return Value(row.denominator, (), fmt_en(row.denominator), True)
        return None

    def unit_count(self, loc: str) -> int | None:
        """Units a locality group holds: its ``unit_count``, else the base of "189/226 xã"."""
        n = self.localities[loc].unit_count
        if n is not None and not pd.isna(n):
            return int(n)
        c = self.reported()
        frac = c[(c["locality"] == loc) & (c["metric"] == "units_completed")]
        if not frac.empty and not pd.isna(frac["denominator"].iloc[0]):
            return int(frac["denominator"].iloc[0])
        return None
