"""Passages: the stretch of text one set of figures belongs to.

A report speaks of one office, level or period at a time: "Với cấp tỉnh, ... Trong số hồ sơ
đang giải quyết ..." is one passage, "Với cấp huyện, ..." the next. A passage starts with a
paragraph (unless the paragraph continues the last one: "Trong số hồ sơ trên", "Ngoài ra") and
with any sentence whose opening names a new subject (a level, an office, "toàn tỉnh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from motcua.claims.scan.figures import Figure

FLAGS = re.IGNORECASE

#: A paragraph that goes on about the figures before it.
CONTINUATION = re.compile(r"^\W*(?:trong\s+(?:đó|số)|ngoài\s+ra|số\s+còn\s+lại|còn\s+lại|"
                          r"cụ\s+thể|đồng\s+thời|bên\s+cạnh\s+đó|kết\s+quả,)", FLAGS)
#: The subject of the figures that follow: a level, an office, the whole locality.
SUBJECT = re.compile(
    r"(?:^|[\s,(])(?:(?:với|đối\s+với|ở|tại|riêng|còn)\s+(?:cấp|khối|bộ\s+phận|trung\s+tâm|ubnd|"
    r"ủy\s+ban|các|sở|văn\s+phòng|huyện|xã|phường|thị\s+xã|thành\s+phố|tỉnh)|"
    r"(?:ubnd\s+)?cấp\s+(?:tỉnh|huyện|xã|sở)\b|\bkhối\s+|"
    r"toàn\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|ngành|quốc))", FLAGS)
#: A clause or sentence that opens with its own period: "năm 2023 giải quyết ...".
PERIOD_START = re.compile(r"^\W*(?:trong\s+|tính\s+đến\s+|đến\s+)?(?:năm|tháng|quý|\d+\s+tháng|"
                          r"sáu\s+tháng|chín\s+tháng)\s+[\dIVX]", FLAGS)
#: The whole of which the level passages are parts.
TOTAL = re.compile(r"toàn\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã)|trên\s+địa\s+bàn", FLAGS)
#: "Trong đó, tại Bộ phận Một cửa UBND thành phố, ...": a part of the passage before.
PART_OPENING = re.compile(r"^\W*trong\s+đó\b", FLAGS)
_HEAD_CHARS = 90


@dataclass
class Passage:
    index: int
    sentences: list[int] = field(default_factory=list)
    subject: str = ""            # the words that opened it
    total: bool = False          # speaks of the whole locality
    part_of_previous: bool = False

    def figures(self, figures: list[Figure]) -> list[Figure]:
        return [f for f in figures if f.passage == self.index]


def _head(text: str, s: int, e: int, figures_at: list[Figure]) -> str:
    first = min((f.start for f in figures_at), default=e)
    return text[s:min(first, s + _HEAD_CHARS)]


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence, cut before each ";" that opens a new subject ("...; cấp huyện tiếp nhận")."""
    cuts = []
    for m in re.finditer(";", text[s:e]):
        nxt = text[s + m.start() + 1:s + m.start() + 1 + _HEAD_CHARS].lstrip()
        if SUBJECT.match(nxt) or PERIOD_START.match(nxt):
            cuts.append(m.start())
    bounds = [s] + [s + c + 1 for c in cuts] + [e]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def passages(text: str, sentences: list[tuple[int, int, int]],
             figures: list[Figure]) -> list[Passage]:
    """Split the sentences into passages and set each figure's ``passage``."""
    out: list[Passage] = []
    current, last_par, has_figures = None, None, False
    for i, (s, e, par) in enumerate(sentences):
        for k, (a, b) in enumerate(_pieces(text, s, e)):
            figs = [f for f in figures if f.sentence == i and a <= f.start < b]
            head = _head(text, a, b, figs)
            subject = SUBJECT.search(head)
            new = current is None or (k == 0 and par != last_par and not (
                CONTINUATION.match(text[a:b]) and not subject))
            if (subject or PERIOD_START.match(text[a:b])) and has_figures and figs:
                new = True
            if new:
                current = Passage(len(out), subject=subject.group(0).strip(" ,(") if subject
                                  else "", total=bool(TOTAL.search(head)),
                                  part_of_previous=bool(PART_OPENING.match(text[a:b])
                                                        and subject))
                out.append(current)
                has_figures = False
            elif subject and not current.subject:
                current.subject = subject.group(0).strip(" ,(")
                current.total = current.total or bool(TOTAL.search(head))
            if i not in current.sentences:
                current.sentences.append(i)
            for f in figs:
                f.passage = current.index
            has_figures = has_figures or bool(figs)
        last_par = par
    return out
