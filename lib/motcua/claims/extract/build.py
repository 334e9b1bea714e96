"""The extraction steps: figures from sentences, their kind, period, locality and\ndenominator, and the confidence of each; the statistics the command line prints."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from motcua.claims.extract import vocab as V
from motcua.claims.extract.mentions import LEVEL_RANK
from motcua.claims.extract.metrics import guess
from motcua.claims.extract.periods import period_for
from motcua.claims.extract.places import locality_for
from motcua.claims.extract.tokens import Claim, scan_numbers
from motcua.config import CODE_LIST_LEGACY
from motcua.vn import localities as L
from motcua.vn.numbers import parse_vn_number

#: Metrics whose rate is a share of respondents or dossiers pooled over units.
_POOLED = ("on_time_rate", "sat_very_share", "sat_ok_share", "sat_no_share", "satisfaction_rate")
#: Metrics that point back to the count of dossiers received they are a part of.
_NEEDS_BASE = ("dossiers_resolved_on_time", "on_time_rate", "dossiers_late", "dossiers_resolved")
#: How much the metric's evidence adds to a claim's confidence.
_SOURCE_WEIGHT = {"noun": 0.3, "unit": 0.3, "context": 0.25, "agency": 0.2, "plan": 0.2,
                  "change": 0.2, "inherit": 0.15, "sentence": 0.1}


@dataclass
class ExtractionStats:
    """What one extraction did and how long it took (the CLI prints ``summary()`` to stderr)."""

    source_id: str | None = None
    chars: int = 0
    sentences: int = 0
    numbers: int = 0  # number tokens seen
    claims: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason → count of numbers left out
    # (number as written, reason, context) of the first 200 numbers left out
    skipped_examples: list[tuple[str, str, str]] = field(default_factory=list)
    localities: int = 0
    unresolved_localities: list[str] = field(default_factory=list)
    seconds: float = 0.0        # extraction time, without the one-time code-table load
    setup_seconds: float = 0.0  # loading the code tables (first call of a process only)

    def summary(self) -> str:
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()) if v)
        unresolved = (f"; unresolved places: {', '.join(self.unresolved_localities)}"
                      if self.unresolved_localities else "")
        return (f"{self.source_id or '(text)'}: {self.chars} chars, {self.sentences} sentences, "
                f"{self.numbers} numbers → {self.claims} draft claims"
                f" (left out: {skipped or 'none'}); {self.localities} localities{unresolved}; "
                f"{self.seconds * 1000:.1f} ms"
                + (f" (+ {self.setup_seconds * 1000:.0f} ms loading code tables, once)"
                   if self.setup_seconds >= 0.0005 else ""))


def resolve_hint(hint: str | None) -> L.Unit | None:
    """The unit a locality hint (code or name) names; ValueError if none or ambiguous."""
    if hint is None or not hint.strip():
        return None
    h = unicodedata.normalize("NFC", hint).strip()
    if h.isdigit():
        unit = L.lookup(h, CODE_LIST_LEGACY)
        if unit is None:
            raise ValueError(f"locality hint {hint!r}: no unit with this code in "
                             f"{CODE_LIST_LEGACY}")
        return unit
    cands = L.resolve_name(h)
    if not cands:
        raise ValueError(f"locality hint {hint!r}: no unit of {CODE_LIST_LEGACY} has this name")
    top = [u for u in cands if LEVEL_RANK[u.level] == min(LEVEL_RANK[c.level] for c in cands)]
    if len(top) > 1:
        raise ValueError(
            f"locality hint {hint!r} is ambiguous: "
            + ", ".join(f"{u.name} ({u.code})" for u in top[:6])
            + "; give the code, or the name with its type and province")
    return top[0]


def find_claims(text: str, lay, st: ExtractionStats, tokens: list | None = None) -> list[Claim]:
    """Every figure of every sentence, with metric and comparator guessed; every number token
    (figure or not) with its sentence and paragraph is appended to ``tokens``."""
    claims: list[Claim] = []
    for s, e, pi in lay.sentences:
        nums = scan_numbers(text, s, e)
        if tokens is not None:
            tokens.extend((n, (s, e), pi) for n in nums)
        st.numbers += len(nums)
        prev_end = s
        sentence_claims: list[Claim] = []
        for n in nums:
            if n.skip:
                st.skipped[n.skip] += 1
                if len(st.skipped_examples) < 200:
                    st.skipped_examples.append((n.value_text, n.skip,
                                                text[max(s, n.start - 30):n.end + 30]))
                continue
            try:
                parsed = parse_vn_number(n.value_text)
            except ValueError:
                st.skipped["not a number"] += 1
                continue
            c = Claim(n, (s, e), pi)
            if parsed.denominator is not None:
                c.denominator = float(parsed.denominator)
            guess(c, text, s, e, prev_end, sentence_claims)
            sentence_claims.append(c)
            claims.append(c)
            prev_end = max(n.unit_end, n.end)
    return claims


def set_kinds_and_periods(claims: list[Claim], text: str, lay, periods, published) -> None:
    """Targets ("phấn đấu", a paragraph of targets) and the period of each figure."""
    par_target = {pi: bool(V.TARGET.match(text[a:b].lstrip(" -–•*"))) or bool(
        V.TARGET_PARAGRAPH.match(text[a:b])) for pi, (a, b) in enumerate(lay.content)}
    for c in claims:
        s, e = c.sent
        if V.TARGET.search(text[s:c.num.start]) or (
                par_target.get(c.par) and not V.PAST.search(text[s:e])):
            c.kind = "target"
        c.period, c.period_phrase = period_for(c, periods, lay.content, published, text)
        p = c.period_phrase
        if p is not None and p.guessed and p.sub_year and c.period[1] and \
                V.MONTH_OR_QUARTER.search(p.phrase) and not V.NOW_WORD.search(p.phrase):
            c.note.append(f"period read from “{p.phrase.strip()}” as calendar dates; reporting "
                          "months and quarters often run otherwise (e.g. from the 21st): check")
        elif p is not None and p.defined_by:
            c.note.append(f"period as the article dates it: “{p.defined_by.strip()}”")


def set_places(claims: list[Claim], text: str, lay, places) -> None:
    """Locality and aggregation ("bình quân": an average of units) of each figure."""
    for c in claims:
        c.locality, c.locality_resolved = locality_for(c, places, text, lay.content)
        if V.AVERAGE.search(re.split(r"[;:]", text[c.sent[0]:c.num.start])[-1]):
            c.aggregation = "unit_average"
        elif c.metric in _POOLED:
            c.aggregation = "pooled"


def denominator_refs(claims: list[Claim]) -> None:
    """Counts and rates point to the count received before them in their paragraph."""
    for i, c in enumerate(claims):
        if c.metric not in _NEEDS_BASE:
            continue
        for j in range(i - 1, -1, -1):
            p = claims[j]
            if p.par != c.par:
                break
            if p.metric == "dossiers_received" and p.locality == c.locality:
                c.denominator_ref = j + 1
                break


def confidence(c: Claim) -> float:
    score = 0.45
    if c.metric != "other":
        score += _SOURCE_WEIGHT.get(c.metric_source, 0.1)
    if c.num.unit_source == "before":
        score -= 0.15
    if c.locality_resolved:
        score += 0.1
    if c.period != (None, None):
        score += 0.1
    return round(max(0.05, min(0.99, score)), 2)
