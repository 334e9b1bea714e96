"""Figures: the numbers of one article as the scan reasons over them.

Each figure is the number as printed (``written``, with its multiplier word), where it stands,
the interval its true value lies in, its unit, its hedge, and its role in the flow of dossiers
(:mod:`.roles`). The interval is what makes every comparison honest: "96,55%" stands for
[96.545, 96.555] (``motcua.vn.numbers.rounding_interval``), "4,52 ngàn" for 4 515-4 525, and
"gần 27.000" for 26 460-27 000 (:data:`HEDGE_SPAN`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from motcua.claims.extract import Article
from motcua.claims.extract.metrics import window
from motcua.claims.scan import roles as R
from motcua.vn.numbers import parse_vn_number, rounding_interval

#: How far a hedged count may lie from the figure printed: "gần 27.000" ("nearly") covers 2%
#: below it, "hơn 5.360" ("more than") 2% above it. A convention of this package: the hedges
#: of administrative news round to the next round number, so a gap wider than 2% is more than
#: the hedge says; findings that rest on it are warnings.
HEDGE_SPAN = 0.02

COUNT_UNITS = ("dossier", "procedure", "form", "unit", "person", "attendance", "feedback",
               "document", "count")  # "count": a table cell whose unit the table does not say


@dataclass
class Figure:
    """One number of the article."""

    id: str                  # "<as printed>@<offset>": stable, readable, locatable
    written: str             # "19.255", "96,55%", "4,52 ngàn", "4.561/5.650"
    start: int               # offsets in the prepared text
    end: int
    value: float
    low: float               # the interval the true value lies in
    high: float
    decimals: int
    unit: str
    comparator: str = "eq"   # eq | approx | gt | ge | lt
    role: str | None = None
    sentence: int = 0        # index into the article's sentences
    paragraph: int = 0
    passage: int = 0
    depth: int = 0           # parentheses around it
    change: int = 0          # +1/-1: a rise or fall against an earlier figure
    average: bool = False    # "bình quân", "trung bình": an average of units
    denominator: float | None = None   # "4.561/5.650" → 5650
    period: tuple = (None, None)
    period_phrase: str = ""
    period_guessed: bool = False
    claim_id: str | None = None        # the draft register's id
    source: str = "text"     # text | table
    table_group: int | None = None
    label: str = ""          # table row / level label
    metric: str = ""         # the extractor's metric (sat_very_share, ...)
    notes: list[str] = field(default_factory=list)
    base: "Figure | None" = None       # "4.561/5.650": the 5.650 (numerator keeps "4.561")
    is_base: bool = False              # this figure is such a base
    members: list = field(default_factory=list)  # a sum the article implies: its terms

    @property
    def exact(self) -> bool:
        """An unhedged count written in full (no rounding, no hedge)."""
        return self.comparator == "eq" and self.low == self.high

    @property
    def hedged(self) -> bool:
        return self.comparator != "eq"

    @property
    def is_count(self) -> bool:
        return self.unit in COUNT_UNITS

    @property
    def is_rate(self) -> bool:
        return self.unit == "percent"


def figure_id(written: str, start: int) -> str:
    return f"{written}@{start}"


def sum_of(parts: list[Figure], role: str) -> Figure:
    """The sum of figures, as one figure the text implies but does not print ("trước hạn 7.200,
    đúng hạn 790": 7.990 early or on time)."""
    first = parts[0]
    written = " + ".join(p.written for p in parts)
    return Figure(figure_id(written, first.start), written, first.start, parts[-1].end,
                  sum(p.value for p in parts), sum(p.low for p in parts),
                  sum(p.high for p in parts), 0, first.unit, role=role,
                  sentence=first.sentence, paragraph=first.paragraph, passage=first.passage,
                  depth=first.depth, members=list(parts))


def count_interval(value: float, decimals: int, multiplier: int, comparator: str
                   ) -> tuple[float, float]:
    """Where a count's true value lies: the rounding of the digits times the multiplier, widened
    by the hedge."""
    if multiplier != 1:
        lo, hi = rounding_interval(value, decimals)
        lo, hi = lo * multiplier, hi * multiplier
    else:
        lo = hi = value
    if comparator == "approx":
        return lo * (1 - HEDGE_SPAN), hi * (1 + HEDGE_SPAN)
    if comparator in ("gt", "ge"):
        return lo, hi * (1 + HEDGE_SPAN)
    if comparator == "lt":
        return lo * (1 - HEDGE_SPAN), hi
    return lo, hi


def rate_interval(value: float, decimals: int, comparator: str) -> tuple[float, float]:
    """Where a percentage's true value lies: its rounding interval, or above / below it."""
    lo, hi = rounding_interval(value, decimals)
    if comparator == "gt":  # "hơn 99%": above 99
        return value, max(100.0, hi)
    if comparator == "ge":
        return lo, max(100.0, hi)
    if comparator == "lt":
        return 0.0, hi
    if comparator == "approx":
        return max(0.0, lo - 1.0), hi + 1.0
    return max(0.0, lo), hi


def depth_at(text: str, start: int, pos: int) -> int:
    seg = text[start:pos]
    return max(0, seg.count("(") - seg.count(")"))


_HEDGE_WORD = re.compile(r"(?<![^\W\d_])(?:gần|hơn|trên|khoảng|xấp\s+xỉ|chừng|dưới|ít\s+nhất|"
                         r"tối\s+thiểu|không\s+dưới|vượt)\s+$", re.IGNORECASE)
#: "số hồ sơ quá hạn còn 154, chiếm tỷ lệ 1%": a bare number between a dossier noun and a rate
#: phrase counts dossiers.
_DOSSIER_NOUN_BEFORE = re.compile(r"(?:hồ\s+sơ|\bhs\b)[^;:()\d]{0,50}$", re.IGNORECASE)
_RATE_AFTER = re.compile(r"^\s*(?:,\s*|\(\s*)?(?:chiếm|đạt|tỷ\s+lệ|tỉ\s+lệ)", re.IGNORECASE)


def figures_of(art: Article) -> list[Figure]:
    """The figures of the article's text (tables are read by :mod:`.tables`)."""
    sent_index = {(s, e): i for i, (s, e, _p) in enumerate(art.layout.sentences)}
    ids = [c["id"] for c in art.register["claims"]]
    out = []
    for c, cid in zip(art.claims, ids):
        if c.kind == "target":
            continue  # "phấn đấu đạt 99%": an aim, not a figure of what happened
        f = _figure(art, c, cid, sent_index)
        if f is not None:
            out.append(f)
            if f.base is not None:
                out.append(f.base)
    out += _bare_counts(art, sent_index)
    out.sort(key=lambda f: f.start)
    return out


def _bare_counts(art: Article, sent_index) -> list[Figure]:
    out = []
    for tok, (s, e), pi in art.tokens:
        if tok.skip != "no unit" or not tok.value_text.isdigit() and "." not in tok.value_text:
            continue
        if not (_DOSSIER_NOUN_BEFORE.search(art.text[s:tok.start])
                and _RATE_AFTER.match(art.text[tok.end:e])):
            continue
        try:
            value = float(parse_vn_number(tok.value_text).value)
        except ValueError:
            continue
        f = Figure(figure_id(tok.value_text, tok.start), tok.value_text, tok.start, tok.end, value,
                   value, value, 0, "dossier", sentence=sent_index.get((s, e), 0), paragraph=pi,
                   depth=depth_at(art.text, s, tok.start))
        f.role = R.count_role(clause_before(art.text, s, tok.start)[-60:], "", False)
        f.notes.append("unit taken from the dossier noun before the number")
        out.append(f)
    return out


def _figure(art: Article, c, cid: str, sent_index) -> Figure | None:
    n = c.num
    try:
        parsed = parse_vn_number(n.value_text)
    except ValueError:
        return None
    value = float(parsed.value) * n.multiplier
    if n.unit == "percent":
        lo, hi = rate_interval(float(parsed.value), parsed.decimals, c.comparator)
    else:
        lo, hi = count_interval(float(parsed.value), parsed.decimals, n.multiplier, c.comparator)
    s, e = c.sent
    end, start = n.end, n.start
    if n.multiplier_word:
        m = re.search(re.escape(n.multiplier_word), art.text[n.end:n.unit_end])
        end = n.end + m.end() if m else n.end
    hedge = _HEDGE_WORD.search(art.text[max(s, n.start - 20):n.start])
    if hedge and c.comparator != "eq":
        start = n.start - len(hedge.group(0))  # "gần 27.000" as printed
    written = art.text[start:end]
    p = c.period_phrase
    f = Figure(figure_id(written, start), written, start, end, value, lo, hi, parsed.decimals,
               n.unit, c.comparator, sentence=sent_index.get((s, e), 0), paragraph=c.par,
               depth=depth_at(art.text, s, n.start), change=c.change,
               denominator=c.denominator, period=c.period,
               period_phrase=p.phrase.strip() if p is not None else "",
               period_guessed=bool(p is not None and p.guessed), claim_id=cid)
    f.average = c.aggregation == "unit_average"
    f.metric = c.metric
    f.role = _role(art, c, f)
    if "/" in written and f.is_count:
        _split_fraction(f)
    return f


def _split_fraction(f: Figure) -> None:
    """"4.561/5.650 HS": two figures, the numerator (with the role the words give) and its
    base, a whole of which it is a part."""
    num_text, den_text = f.written.split("/", 1)
    den_start = f.start + len(num_text) + 1
    v = float(f.denominator)
    f.base = Figure(figure_id(den_text, den_start), den_text, den_start, f.end, v, v, v, 0,
                    f.unit, role="handled" if f.role in ("resolved", "pending") else None,
                    sentence=f.sentence, paragraph=f.paragraph, depth=f.depth,
                    period=f.period, period_phrase=f.period_phrase,
                    period_guessed=f.period_guessed, claim_id=f.claim_id, is_base=True)
    f.written, f.end, f.id = num_text, f.start + len(num_text), figure_id(num_text, f.start)


def _role(art: Article, c, f: Figure) -> str | None:
    w = window(c, art.text, c.sent[0], c.sent[1], c.sent[0], [])
    before = clause_before(art.text, c.sent[0], c.num.start)
    after = w.after.split(",")[0]
    if f.is_rate:
        return R.rate_role(before[-120:])
    if f.unit == "procedure":
        return R.procedure_role(before[-60:], after)
    if f.unit != "dossier":
        return None
    return R.count_role(before[-100:], after, predicate_after=bool(R.PREDICATE_AFTER.match(after)))


def clause_before(text: str, s: int, pos: int) -> str:
    """The words before ``pos`` in its clause: from the last ";", "(" or ":" (unless nothing but
    the number follows it: "đã giải quyết: 4.561") or number, parentheses left out."""
    head = _without_parens(text[s:pos])
    cut = max(head.rfind(ch) for ch in ";(:")
    if cut >= 0 and not head[cut + 1:].strip() and head[cut] == ":":
        cut = max(head.rfind(ch, 0, cut) for ch in ";(")
    head = head[cut + 1:] if cut >= 0 else head
    m = list(_NUMBER_AND_NOUN.finditer(head))
    return head[m[-1].end():] if m else head


#: A number with its unit noun, skipped when reading the words before the next figure.
_NUMBER_AND_NOUN = re.compile(
    r"(?<!độ\s)(?<!mức\s)\d[\d.,/]*\s*(?:%|(?:(?:ngàn|nghìn|triệu)\s+)?(?:hồ\s+sơ|hs\b|tthc\b|thủ\s+tục"
    r"(?:\s+hành\s+chính)?|phiếu|lượt|điểm)?)", re.IGNORECASE)


def _without_parens(s: str) -> str:
    """``s`` without its closed parentheses ("... 15.539 hồ sơ (trong đó ...), đạt" → "...
    15.539 hồ sơ , đạt"); an open one is kept."""
    prev = None
    while prev != s:
        prev, s = s, re.sub(r"\([^()]*\)", " ", s)
    return s
