"""Tables copied from web pages as plain text, in the two shapes they take.

*Vertical*: one cell per line ("Rất hài lòng", "2063", "48.94%", "Hài lòng", ...): a run of
(label, count, percentage) triples, groups of them under a title line (a survey criterion), after
the total they are parts of ("Tổng số phiếu thu vào: 4215 phiếu, cụ thể như sau:").
*Horizontal*: one row per line ("Mức 3 68544 61827 6717 43434 70,3% ..."), under a header whose
words name the columns ("Tổng  Đã xử lý  Chưa xử lý  Trước hạn  Đúng hạn  Trễ hạn"); a percentage
belongs to the count before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from motcua.claims.extract import Article
from motcua.claims.scan.figures import Figure, figure_id, rate_interval
from motcua.claims.scan.passages import Passage
from motcua.claims.scan.structure import Group
from motcua.vn.numbers import parse_vn_number

FLAGS = re.IGNORECASE
_CELL = re.compile(r"^\s*(\d+(?:[.,]\d+)*)\s*(%?)\s*$")
_TOKEN = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)*)\s?(%?)(?![\w/])")
#: Column words of a horizontal table header and the role of the column's counts.
COLUMNS: list[tuple[re.Pattern, str | None]] = [
    (re.compile(p, FLAGS), role) for p, role in [
        (r"đã\s+(?:xử\s+lý|giải\s+quyết)", "resolved"),
        (r"chưa\s+(?:xử\s+lý|giải\s+quyết)|đang\s+(?:xử\s+lý|giải\s+quyết)", "pending"),
        (r"trước\s+hạn", "early"), (r"đúng\s+hạn", "on_time_only"),
        (r"trễ\s+hạn|quá\s+hạn", "late"),
        (r"kỳ\s+trước\s+chuyển\s+sang|tồn\s+kỳ\s+trước", "carried"),
        (r"tiếp\s+nhận\s+mới", "received_new"), (r"tiếp\s+nhận", "received"),
        (r"\btổng(?:\s+số)?\b(?!\s*%)", "handled"),
    ]]
_ANNOUNCES = re.compile(r"cụ\s+thể|như\s+sau|:\s*$", FLAGS)


@dataclass
class Tables:
    figures: list[Figure] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    attached: dict[str, Figure] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[list[Figure]] = field(default_factory=list)
    notes: dict = field(default_factory=dict)

    def covers(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.spans)

    def place(self, figures: list[Figure], passages: list[Passage]) -> None:
        """Each table is one passage, with the total it is announced by."""
        for block in self.blocks:
            p = Passage(len(passages), subject="table")
            passages.append(p)
            for f in block:
                f.passage = p.index


def _cell_figure(art: Article, a: int, b: int, para: int, sentence: int) -> Figure | None:
    m = _CELL.match(art.text[a:b])
    if not m:
        return None
    return _figure(art, a + m.start(1), a + m.end(2 if m.group(2) else 1), m.group(1),
                   bool(m.group(2)), para, sentence)


def _figure(art, start, end, digits, percent, para, sentence) -> Figure | None:
    try:
        p = parse_vn_number(digits)
    except ValueError:
        return None
    v = float(p.value)
    lo, hi = rate_interval(v, p.decimals, "eq") if percent else (v, v)
    written = art.text[start:end]
    return Figure(figure_id(written, start), written, start, end, v, lo, hi, p.decimals,
                  "percent" if percent else "count", sentence=sentence, paragraph=para,
                  depth=0, source="table")


def read_tables(art: Article, text_figures: list[Figure]) -> Tables:
    out = Tables()
    sent_of = {s: i for i, (s, _e, _p) in enumerate(art.layout.sentences)}
    pars = art.layout.content
    _vertical(art, pars, sent_of, text_figures, out)
    _horizontal(art, pars, sent_of, out)
    return out


def _line(art: Article, pars, k: int) -> str:
    return art.text[pars[k][0]:pars[k][1]]


def _triples_from(art: Article, pars, i: int, sent_of) -> tuple[list, int]:
    """Groups of (count, percent) cell pairs with their label, from line ``i`` on; a short
    line that is not a cell between two runs starts a new group."""
    groups, triples, j, n, end = [], [], i, len(pars), i

    def cell(k):
        return _cell_figure(art, *pars[k], k, sent_of.get(pars[k][0], 0)) if k < n else None

    while j < n:
        c, p = cell(j + 1), cell(j + 2)
        if _CELL.match(_line(art, pars, j)) is None and c is not None and c.unit == "count" \
                and p is not None and p.unit == "percent":
            c.label = p.label = _line(art, pars, j).strip()
            triples.append((c, p))
            j += 3
            end = j
        elif triples and not re.search(r"\d", _line(art, pars, j)) and \
                len(_line(art, pars, j)) <= 160:
            groups.append(triples)  # a title line between two groups
            triples = []
            j += 1
        else:
            break
    if triples:
        groups.append(triples)
    return groups, end


def _vertical(art: Article, pars, sent_of, text_figures, out: Tables) -> None:
    i = 0
    while i < len(pars):
        groups, j = _triples_from(art, pars, i, sent_of)
        if sum(len(g) for g in groups) >= 4:
            _add_vertical(art, pars, i, j, groups, text_figures, out)
            i = j
        else:
            i += 1


def _add_vertical(art, pars, i, j, groups, text_figures, out: Tables) -> None:
    whole = _announcing_total(art, pars, i, text_figures)
    block = []
    for triples in groups:
        gid = len(out.notes.setdefault("vertical_groups", []))
        out.notes["vertical_groups"].append([p for _c, p in triples])
        counts = [c for c, _p in triples]
        for c, p in triples:
            c.unit = whole.unit if whole is not None else "count"
            c.table_group = p.table_group = gid
            out.attached[p.id] = c
            block += [c, p]
        if whole is not None and len(counts) >= 2:
            out.groups.append(Group(whole, counts, "table"))
    out.figures += block
    if whole is not None:
        block = block + [whole]
    out.blocks.append(block)
    out.spans.append((pars[i][0], pars[j - 1][1]))


def _announcing_total(art: Article, pars, i: int, text_figures) -> Figure | None:
    """The count on one of the eight lines before a table that announces it ("Tổng số phiếu
    thu vào: 4215 phiếu, cụ thể như sau:"), else the last count there."""
    lo = pars[max(0, i - 8)][0]
    cands = [f for f in text_figures if lo <= f.start < pars[i][0] and f.is_count]
    announced = [f for f in cands if _ANNOUNCES.search(art.text[f.end:pars[i][0]].split("\n")[0])]
    return (announced or cands or [None])[-1]


def _header_roles(line: str) -> list[str | None]:
    hits = []
    for pat, role in COLUMNS:
        for m in pat.finditer(line):
            if not any(a < m.end() and m.start() < b for a, b, _r in hits):
                hits.append((m.start(), m.end(), role))
    return [r for _a, _b, r in sorted(hits)]


def _horizontal(art: Article, pars, sent_of, out: Tables) -> None:
    """Rows of numbers under a header line whose words name the columns."""
    roles: list[str | None] = []
    for k, (a, b) in enumerate(pars):
        line = art.text[a:b]
        toks = list(_TOKEN.finditer(line))
        if len(toks) < 3 or out.covers(a):
            header = _header_roles(line) if len(toks) < 3 else []
            if len(header) >= 3:
                roles = header
            continue
        label_end = toks[0].start()
        counts = [t for t in toks if not t.group(2)]
        if roles and len(counts) >= len(roles):
            counts = counts[-len(roles):]
        first = counts[0].start() if counts else label_end
        cells = [t for t in toks if t.start() >= first]
        if len(cells) < 3 or re.search(r"[^\W\d_]", line[first:]):
            continue
        _add_row(art, a, b, k, sent_of.get(a, 0), line[:first].strip(), cells,
                 roles if len(counts) == len(roles) else [], out)


def _add_row(art, a, b, k, sentence, label, cells, roles, out: Tables) -> None:
    figs, last = [], None
    for t in cells:
        f = _figure(art, a + t.start(1), a + t.end(2 if t.group(2) else 1), t.group(1),
                    bool(t.group(2)), k, sentence)
        if f is None:
            continue
        f.label = label
        if f.unit == "percent":
            if last is not None:
                out.attached[f.id] = last
        else:
            f.unit = "dossier" if roles else "count"
            last = f
        figs.append(f)
    counts = [f for f in figs if f.unit != "percent"]
    for f, role in zip(counts, roles):
        f.role = role
    out.figures += figs
    out.blocks.append(figs)
    out.spans.append((a, b))
