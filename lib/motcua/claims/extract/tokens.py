"""Number scanning: every run of digits in a sentence, classified as a claim (with its unit) or
as something else (date, document number, label, identifier, time), with the reason.

Vietnamese notation is read by :func:`motcua.vn.numbers.parse_vn_number` ("17.391" is seventeen
thousand, "85,90" is 85.9); this module decides which numbers are figures at all, from the words
around them (vocabulary in :mod:`.vocab`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from motcua.claims.extract import vocab as V
from motcua.claims.extract.text import NUMBER_RUN
from motcua.vn.numbers import parse_vn_number

_YEARS = range(1900, 2101)
RANK = "rank"  # not a skip reason: the number is a position in a ranking


@dataclass
class NumberToken:
    """One number as written, with where it is and what it is."""

    start: int          # value_text start (absolute offset in the prepared text)
    end: int            # value_text end
    value_text: str
    unit: str | None = None
    unit_end: int = 0   # end of the unit noun (absolute)
    skip: str | None = None        # why it is not a claim
    range_role: str | None = None  # "low" / "high" of "từ 15 đến 20 phút"
    unit_source: str = "noun"      # noun (after) | before | rank
    multiplier: int = 1            # "4,52 ngàn hồ sơ": 1 000 (counts; money has its own units)
    multiplier_word: str = ""

    @property
    def written(self) -> str:
        """The figure as printed, with its multiplier word: "4,52 ngàn"."""
        return f"{self.value_text} {self.multiplier_word}" if self.multiplier_word \
            else self.value_text


def scan_numbers(text: str, s0: int, s1: int) -> list[NumberToken]:
    """Every number token of the sentence ``text[s0:s1]``, classified."""
    sent = text[s0:s1]
    nums: list[NumberToken] = []
    for m in NUMBER_RUN.finditer(sent):
        a, b = m.start(), m.end()
        n = NumberToken(s0 + a, s0 + b, m.group(0))
        nums.append(n)
        before, after = sent[max(0, a - 80):a], sent[b:b + 80]
        reason = skip_reason(sent, a, m.group(0), before, after)
        if reason == RANK:  # "xếp thứ 2/9", "đứng thứ 3"
            n.unit, n.unit_end, n.unit_source = "rank", n.end, "rank"
        elif reason:
            n.skip = reason
        else:
            attach_unit(n, before, after)
    for i, n in enumerate(nums):  # the high end of a range
        if n.unit and n.range_role is None and i and nums[i - 1].range_role == "low":
            n.range_role = "high"
    return nums


def skip_reason(sent: str, a: int, run: str, before: str, after: str) -> str | None:
    """Why the number ``run`` at ``a`` is not a figure (None: it may be one; RANK: a rank)."""
    prev_ch = sent[a - 1] if a else ""
    prev2 = sent[a - 2] if a > 1 else ""
    if prev_ch.isalpha() or (prev_ch in "/-_" and prev2.isalpha()) or (
            prev_ch == "." and prev2.isalnum()):  # "Q1", "COVID-19", "KH/2019", "v1.2"
        return "identifier"
    if re.match(r"^\s*/\s*[^\W\d_]", after) or re.match(r"^[-_][^\W\d_]", after):
        return "document number"
    if ":" in run:
        return "time or standard"
    if V.RANK_BEFORE.search(before):
        return RANK
    parts = run.split("/")
    if len(parts) > 2:
        return "date"
    if len(parts) == 2:
        reason = _fraction_reason(parts[0], parts[1], before)
        if reason:
            return reason
    if (V.SO_BEFORE.search(before) or re.search(r"\bsố\s*$", before, V.FLAGS)) and \
            not V.COUNT_SO_BEFORE.search(before):
        return "document number"
    plain = run.isdigit()
    if plain and len(run) == 4 and int(run) in _YEARS and (
            V.YEAR_BEFORE.search(before) or re.match(r"^\s*[-–]\s*\d{4}\b", after)
            or re.search(r"\d{4}\s*[-–]\s*$", before)):
        return "date"
    if plain and V.DATE_BEFORE.search(before):
        return "date"
    if V.LABEL_BEFORE.search(before):
        return "label (level, stage, address)"
    return None


def _fraction_reason(x: str, y: str, before: str) -> str | None:
    """"12/2019", "23/4", "61/2018" are not fractions; "18/18" and "2/9" are."""
    if V.DOC_BEFORE.search(before) or V.SO_BEFORE.search(before):
        return "document number"
    try:
        px, py = parse_vn_number(x), parse_vn_number(y)
    except ValueError:
        return "not a number"
    if y.isdigit() and len(y) == 4 and int(y) in _YEARS:
        return "date" if (x.isdigit() and 1 <= int(x) <= 12) else "document number"
    if V.DATE_BEFORE.search(before) and x.isdigit() and y.isdigit() and (
            int(x) <= 31 and 1 <= int(y) <= 12):
        return "date"
    if px.value > py.value or py.value == 0:
        return "date or reference"
    return None


def _multiplied(n: NumberToken, after: str) -> bool:
    """"4,52 ngàn HS", "hơn 59 ngàn hồ sơ": a count written with a multiplier word (money with
    "tỷ/triệu/nghìn đồng" is matched before, by its own units)."""
    mm = V.MULTIPLIER_AFTER.match(after)
    if not mm:
        return False
    rest = after[mm.end():]
    for pat, unit in V.UNIT_AFTER:
        um = pat.match(rest)
        if um and unit:
            n.unit, n.unit_end = unit, n.end + mm.end() + um.end()
            n.multiplier = V.MULTIPLIERS[mm.group(1).casefold()]
            n.multiplier_word = mm.group(1)
            return True
    return False


def attach_unit(n: NumberToken, before: str, after: str) -> None:
    """The unit of a figure: "%", the noun after it, the noun of a range's high end, or the
    noun before "là/đạt/gồm"; otherwise the number is skipped ("no unit" or a label)."""
    maybe_label = bool(V.LABEL_LIST_BEFORE.search(before))
    pm = re.match(r"^\s?%", after)
    if pm:
        n.value_text = n.value_text + after[:pm.end()]
        n.end = n.end + pm.end()
        n.unit, n.unit_end = "percent", n.end
        return
    for pat, unit in V.UNIT_AFTER:
        um = pat.match(after)
        if um and unit:
            n.unit, n.unit_end = unit, n.end + um.end()
            return
    if _multiplied(n, after):
        return
    sets = V.SETS_AFTER.match(after)
    if sets and V.DOSSIER_BEFORE.search(before):  # "... hồ sơ ... là 59.010 bộ"
        n.unit, n.unit_end = "dossier", n.end + sets.end()
        return
    rm = V.RANGE_AFTER.match(after)
    if rm:
        rest = after[rm.end():]
        if rest.lstrip().startswith("%"):
            n.skip = "range low end (percent)"  # "15-20%": keep only the written "20%"
            return
        for pat, unit in V.UNIT_AFTER:
            if unit and pat.match(rest):
                n.unit, n.unit_end, n.range_role = unit, n.end, "low"
                return
    if maybe_label:
        n.skip = "label (level, stage, address)"
        return
    bm = V.UNIT_BEFORE.search(before)
    if bm:
        key = re.sub(r"\s+", " ", bm.group(1).casefold())
        n.unit, n.unit_end, n.unit_source = V.UNIT_BEFORE_MAP[key], n.end, "before"
        return
    n.skip = "no unit"


@dataclass
class Claim:
    """A number that is a figure, with what the extractor guessed about it."""

    num: NumberToken
    sent: tuple[int, int]
    par: int
    metric: str = "other"
    metric_source: str = "none"
    comparator: str = "eq"
    kind: str = "reported"
    period: tuple[str | None, str | None] = (None, None)
    locality: str | None = None
    locality_resolved: bool = False
    aggregation: str = "not_applicable"
    denominator: float | None = None
    denominator_ref: int | None = None
    note: list[str] = field(default_factory=list)
    change: int = 0               # +1 / -1: a rise or fall against an earlier figure, not a level
    index: str | None = None      # "PAPI", "PAR INDEX", ...: the index a score belongs to
    scale: float | None = None    # the index's full score (80 for PAPI)
    period_phrase: object = None  # the Period the period was read from (None: no phrase)
