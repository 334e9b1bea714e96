"""Which figures belong together: a rate and the count it is the share of, a whole and its
parts.

The article says so in its wording: "19.255 hồ sơ (đạt 96,55%)" and "7.677 hồ sơ, chiếm tỷ lệ
1,19%" attach a rate to a count; "đã giải quyết 643.272 hồ sơ; trong đó, ...", "gồm",
"bao gồm", a parenthesis after a count and a list after a colon name parts of a whole; and the
flow of dossiers (:data:`motcua.claims.scan.roles.FAMILIES`) says that early + on time + late is
everything resolved, whatever the wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from motcua.claims.scan import roles as R
from motcua.claims.scan.figures import Figure, figure_id

FLAGS = re.IGNORECASE
#: Words between a count and its rate: "..., đạt tỷ lệ", "chiếm", "(tỷ lệ".
_RATE_LINK = re.compile(r"^[\s,]*(?:và\s+)?(?:đạt|chiếm|bằng|là|với)?\s*(?:tỷ\s+lệ|tỉ\s+lệ)?"
                        r"\s*(?:hơn|trên|gần|khoảng|xấp\s+xỉ)?"
                        r"(?:\s+[^\W\d_]+){0,4}?\s*(?:đạt|là|:)?\s*$", FLAGS)
#: "..., chiếm 64,86%", "(đạt 96,55%)": a rate closing the clause of the count before it.
_CLAUSE_THEN_RATE = re.compile(r"(?:,|\()\s*(?:và\s+)?(?:đạt|chiếm|bằng)(?:\s+t[ỷỉ]\s+lệ)?\s*"
                               r"(?:hơn|trên|gần|khoảng)?\s*$", FLAGS)
_PARTS_CUE = re.compile(r"\btrong\s+đó\b|\btrong\s+số\s+(?:hồ\s+sơ\s+)?(?:này|đó|trên)\b|"
                        r"\b(?:bao\s+)?gồm\b|\bcụ\s+thể\s+(?:là|như\s+sau)?", FLAGS)
_OPENING_CUE = re.compile(r"^\W*(?:trong\s+(?:đó|số\s+(?:hồ\s+sơ\s+)?(?:trên|này|đó)))\b", FLAGS)


@dataclass
class Group:
    """A whole and figures the text presents as its parts."""

    whole: Figure
    parts: list[Figure]
    cue: str          # "trong đó" | "gồm" | "parenthesis" | "list" | "roles" | "table"

    @property
    def key(self) -> frozenset:
        return frozenset([self.whole.id, *(p.id for p in self.parts)])


def _same_kind(a: Figure, b: Figure) -> bool:
    return a.unit == b.unit and a.is_count


def _outside_parens(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def attach_rates(text: str, figures: list[Figure]) -> dict[str, Figure]:
    """rate id → the count it is the share of, where the wording ties them."""
    out: dict[str, Figure] = {}
    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence, []).append(f)
    for figs in by_sentence.values():
        for i, r in enumerate(figs):
            if not r.is_rate or r.change:
                continue
            count = next((c for c in reversed(figs[:i]) if c.is_count and c.depth <= r.depth
                          and not c.is_base), None)
            if count is None or ";" in text[count.end:r.start]:
                continue
            gap = text[count.end:r.start]
            if r.depth > count.depth and gap.count("(") == r.depth - count.depth:
                gap = gap[gap.rfind("(") + 1:]  # "19.255 hồ sơ (đạt 96,55%)"
            elif r.depth != count.depth:
                continue
            gap = _outside_parens(gap)
            if _CLAUSE_THEN_RATE.search(gap) and len(gap) <= 90 and not re.search(r"\d", gap):
                out[r.id] = count  # "1.200 TTHC được cung cấp trực tuyến toàn trình, chiếm"
                continue
            unit_words = re.sub(r"^\s*(?:ngàn|nghìn|triệu)?\s*(?:hồ\s+sơ|hs|tthc|thủ\s+tục"
                                r"(?:\s+hành\s+chính)?|phiếu)?(?:\s+tthc)?", "", gap, flags=FLAGS)
            if len(unit_words) <= 60 and _RATE_LINK.match(unit_words):
                out[r.id] = count
    return out


def count_after(text: str, figures: list[Figure]) -> dict[str, Figure]:
    """rate id → a count in parentheses right after it: "94,41% (363 phiếu khảo sát)"."""
    out = {}
    for a, b in zip(figures, figures[1:]):
        if a.is_rate and b.is_count and a.sentence == b.sentence and \
                re.fullmatch(r"\s*\(\s*", text[a.end:b.start]):
            out[a.id] = b
    return out


def _whole_before(figs: list[Figure], pos: int, depth: int) -> Figure | None:
    return next((f for f in reversed(figs) if f.end <= pos and f.is_count and f.depth <= depth
                 and not f.is_base), None)


def cue_groups(text: str, sentences, figures: list[Figure]) -> list[Group]:
    """Wholes and parts named by "trong đó", "gồm", a parenthesis after a count, or a sentence
    that opens with "Trong đó" / "Trong số hồ sơ trên" (the whole is in the sentence before)."""
    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence, []).append(f)
    out = []
    for i, (s, e, _p) in enumerate(sentences):
        figs = by_sentence.get(i, [])
        opening = _OPENING_CUE.match(text[s:e])
        if opening and figs:
            prev = [f for f in by_sentence.get(i - 1, []) if f.is_count and f.depth == 0]
            inner = _PARTS_CUE.search(text, s + opening.end(), e)
            stop = inner.start() if inner else e
            if prev:
                w = prev[0]
                family = set().union(*R.FAMILIES.get(w.role or "", (set(),)))
                parts = [f for f in figs if _same_kind(w, f) and f.depth == 0 and f.start < stop
                         and (f.role == w.role or f.role in family)]
                out.append(Group(w, parts, "trong đó"))
        for m in _PARTS_CUE.finditer(text, s, e):
            if opening and m.start() - s < opening.end():
                continue
            depth = text[s:m.start()].count("(") - text[s:m.start()].count(")")
            whole = _whole_before(figs, m.start(), depth)
            if whole is None:
                continue
            end = _parts_end(text, m.end(), e, depth)
            parts = [f for f in figs if m.end() <= f.start < end and _same_kind(whole, f)
                     and f.depth == depth and f.passage == whole.passage]
            out.append(Group(whole, parts, m.group(0).casefold()))
        out += _paren_groups(text, figs)
    return [g for g in out if g.parts]


def _parts_end(text: str, start: int, end: int, depth: int) -> int:
    """Parts run to the end of the sentence, or of the parenthesis the cue stands in."""
    if depth <= 0:
        return end
    d = depth
    for k in range(start, end):
        d += {"(": 1, ")": -1}.get(text[k], 0)
        if d < depth:
            return k
    return end


_EXAMPLES = re.compile(r"\bnhư\b|ví\s+dụ|chẳng\s+hạn|nhiều\s+nhất|cao\s+nhất|điển\s+hình",
                       FLAGS)


def _paren_groups(text: str, figs: list[Figure]) -> list[Group]:
    """"đang giải quyết 8.550 hồ sơ (trong hạn 7.815 hồ sơ và 735 hồ sơ quá hạn)", "123 thủ
    tục (113 thủ tục ... một cửa; 10 thủ tục ... liên thông)": a breakdown of the count."""
    out = []
    for w in figs:
        m = re.match(r"(?:\s+[^\W\d_]+){0,3}\s*\(", text[w.end:w.end + 30], FLAGS)
        if not (w.is_count and m):
            continue
        open_at = w.end + m.end()
        close = _parts_end(text, open_at, len(text), w.depth + 1)
        inside = [f for f in figs if open_at <= f.start < close and _same_kind(w, f)
                  and f.depth == w.depth + 1]
        if len(inside) >= 2 and not _PARTS_CUE.search(text[open_at:inside[0].start]) \
                and not _EXAMPLES.search(text[open_at:close]):
            out.append(Group(w, inside, "parenthesis"))
    return out


def refine_roles(text: str, figures: list[Figure], groups: list[Group]) -> None:
    """A late count among the parts of a pending whole, or after a pending count in its
    sentence ("đang giải quyết 2.800 hồ sơ, có 2.672 chưa đến hạn và 128 đã quá hạn"), is
    pending past its deadline, not resolved late; "đúng hạn" with no separate early count in its
    passage means early or on time."""
    for g in groups:
        if g.whole.role == "pending":
            for p in g.parts:
                if p.role == "late":
                    p.role = "pending_late"
    for i, f in enumerate(figures):
        if f.role == "late" and f.source == "text":
            prev = [p for p in figures[:i] if p.sentence == f.sentence and p.is_count]
            pending = [p for p in prev if p.role == "pending"]
            if pending and not re.search(r"[;]|(?<!đang\s)(?:giải\s+quyết|trả)\b",
                                         text[pending[-1].end:f.start], FLAGS):
                f.role = "pending_late"
    for f in figures:
        if f.role == "on_time_only" and not any(
                g.role == "early" and g.passage == f.passage for g in figures):
            f.role = "on_time"


def role_groups(figures: list[Figure], taken: set) -> list[Group]:
    """Wholes and parts by role within one passage: a resolved count and the early, on-time and
    late counts beside it, whatever the wording (:data:`roles.FAMILIES`)."""
    out = []
    for w in figures:
        if not (w.is_count and w.role in R.FAMILIES):
            continue
        same = [f for f in figures if f.passage == w.passage and f is not w
                and _same_kind(w, f) and f.id not in taken]
        for family in R.FAMILIES[w.role]:
            parts = []
            for role in sorted(family):
                cands = [f for f in same if f.role == role]
                near = [f for f in cands if f.sentence == w.sentence]
                after = [f for f in (near or cands) if f.start > w.start]
                if cands:
                    parts.append((after or near or cands)[0])
            if len(parts) == len(family):
                out.append(Group(w, parts, "roles"))
                break
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def list_groups(text: str, figures: list[Figure], tokens) -> list[Group]:
    """"191 TTHC ... của các sở: NN&PTNT (17 TTHC), Tư pháp (15), ...": a count, a colon, then
    at least three items with one number each; the numbers are the whole's parts."""
    out = []
    by_start = {f.start: f for f in figures}
    for w in figures:
        if not w.is_count or w.source != "text":
            continue
        s, e = next(((s, e) for tok, (s, e), _p in tokens if tok.start == w.start), (0, 0))
        colon = text.find(":", w.end, min(e, w.end + 90))
        if colon < 0 or _NUMBER.search(text, w.end, colon):
            continue
        parts = []
        for a, b in _items(text, colon + 1, e):
            nums = list(_NUMBER.finditer(text, a, b))
            if len(nums) != 1:
                parts = []
                break
            m = nums[0]
            f = by_start.get(m.start())
            if f is None:
                v = float(m.group(0).replace(".", "")) if "," not in m.group(0) else None
                if v is None:
                    parts = []
                    break
                f = Figure(figure_id(m.group(0), m.start()), m.group(0), m.start(), m.end(), v,
                           v, v, 0, w.unit, sentence=w.sentence, paragraph=w.paragraph,
                           passage=w.passage, depth=1)
            parts.append(f)
        if len(parts) >= 3 and all(p.unit == w.unit for p in parts):
            out.append(Group(w, parts, "list"))
    return out


def _items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Comma- or semicolon-separated items outside parentheses, in [a, b)."""
    out, depth, start = [], 0, a
    for k in range(a, b):
        ch = text[k]
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and ch in ",;":
            out.append((start, k))
            start = k + 1
    tail_end = b - 1 if b > a and text[b - 1] in ".;" else b
    out.append((start, tail_end))
    return [(x, y) for x, y in out if text[x:y].strip()]
