"""Text preparation: Unicode normalisation, paragraphs, sentences, repeated sentences, the title
and the page date.

Articles copied from web pages come with non-breaking spaces, zero-width characters, Windows
newlines, decomposed (NFD) Vietnamese and footers (phone numbers, licences, visit counters).
Everything downstream reads the text this module prepares, so NFC and NFD input give the same
result.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

FLAGS = re.IGNORECASE

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2028\u2029\ufeff]")

#: A paragraph that is page furniture, not article text.
FOOTER = re.compile(
    r"^\s*(?:điện\s*thoại|đt|tel|fax|e-?mail|địa\s*chỉ|giấy\s*phép|tổng\s*biên\s*tập|"
    r"phó\s*tổng\s*biên\s*tập|hotline|đường\s*dây\s*nóng|©|copyright|bản\s*quyền|"
    r"ghi\s*rõ\s*nguồn|cấm\s*sao\s*chép|truy\s*c[aâậ]p|thống\s*kê\s*truy|lượt\s*xem|"
    r"số\s*lượt\s*truy)\b|điện\s*thoại\s*:|fax\s*:|\(\s*0\d{2,3}\s*\)\s*\d",
    FLAGS,
)

#: Words after which a full stop does not end a sentence ("TP. Huế", "PGS. TS.").
ABBREVIATIONS = frozenset({"tp", "tx", "tt", "ths", "ts", "pgs", "gs", "bs", "ks", "nxb", "tr",
                           "st", "ng", "th", "mr", "ms", "dr", "ông", "bà", "vd", "v.v", "q",
                           "p", "x", "h"})
_SENT_BREAK = re.compile(r"[.!?…]+[\"”’»)\]]*\s+")
#: Any run of digits with inner separators: what the number scanner looks at.
NUMBER_RUN = re.compile(r"\d+(?:[.,:/]\d+)*")
PUBLISHED_LINE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def prepare(text: str) -> str:
    """NFC, valid Unicode only (lone surrogates → U+FFFD), one kind of newline and space."""
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    return unicodedata.normalize("NFC", text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, stripped."""
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (absolute offsets)."""
    out, s = [], start
    for m in _SENT_BREAK.finditer(text, start, end):
        nxt = m.end()
        if nxt >= end:
            break
        ch = text[nxt]
        if not (ch.isupper() or ch.isdigit() or ch in "“\"'(‘«["):
            continue
        punct = m.group(0).rstrip()
        word = re.search(r"([^\W\d_]+)\W*$", text[s:m.start() + 1])
        if punct.rstrip("\"”’»)]") == "." and word:
            w = word.group(1)
            if len(w) == 1 or w.casefold() in ABBREVIATIONS:
                continue
        out.append((s, m.start() + len(punct)))
        s = nxt
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


@dataclass
class Layout:
    """Where things are in a prepared text."""

    paragraphs: list[tuple[int, int]]       # every non-blank line
    content: list[tuple[int, int]]          # the lines that are not page furniture
    title_span: tuple[int, int] | None
    sentences: list[tuple[int, int, int]]   # (start, end, index in content), repeats removed
    skipped: dict[str, int]                 # numbers in repeated sentences and teasers
    lead_end: int = 0                       # end of the title and the first two paragraphs


def layout(text: str) -> Layout:
    """Paragraphs, content, title, unique sentences and the end of the lead."""
    pars = paragraphs(text)
    content = [(a, b) for a, b in pars if not FOOTER.search(text[a:b])]
    title_span = next(((a, b) for a, b in pars
                       if not PUBLISHED_LINE.search(text[a:b]) and len(text[a:b].split()) >= 5),
                      pars[0] if pars else None)
    sents, skipped = unique_sentences(text, content)
    body = [(a, b) for a, b in content
            if (title_span is None or a > title_span[0]) and len(text[a:b].split()) >= 8]
    lead_end = body[min(1, len(body) - 1)][1] if body else (title_span[1] if title_span else 0)
    return Layout(pars, content, title_span, sents, skipped, lead_end)


def unique_sentences(text: str, content) -> tuple[list[tuple[int, int, int]], dict[str, int]]:
    """Sentences in text order, each once: captions and lead paragraphs are often printed twice,
    and a teaser ending in "..." repeats the start of a later sentence."""
    out: list[tuple[int, int, int]] = []
    skipped = {"repeated sentence": 0, "truncated teaser": 0}
    seen: set[str] = set()
    all_sents = [(s, e, pi) for pi, (a, b) in enumerate(content) for s, e in sentences(text, a, b)]
    norm = [re.sub(r"\s+", " ", text[s:e]).strip() for s, e, _ in all_sents]
    for i, (s, e, pi) in enumerate(all_sents):
        key = norm[i]
        if key in seen:
            skipped["repeated sentence"] += len(NUMBER_RUN.findall(key))
            continue
        if key.endswith(("...", "…")):
            stem = key.rstrip(".… ")
            if len(stem) > 20 and any(o != key and o.startswith(stem) for o in norm):
                skipped["truncated teaser"] += len(NUMBER_RUN.findall(key))
                continue
        seen.add(key)
        out.append((s, e, pi))
    return out, skipped


def valid_date(s: str) -> bool:
    """"YYYY-MM-DD" naming a real day between 1900 and 2100."""
    try:
        y, m, d = (int(x) for x in s.split("-"))
        date(y, m, d)
        return 1900 <= y <= 2100
    except ValueError:
        return False


def infer_published(text: str, pars) -> tuple[str | None, str | None]:
    """A date on one of the first short lines (page date, byline, 'Ngày cập nhật')."""
    for a, b in pars[:6]:
        line = text[a:b]
        if len(line) > 90:
            continue
        m = PUBLISHED_LINE.search(line)
        if m:
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            s = f"{y:04d}-{mo:02d}-{d:02d}"
            if valid_date(s):
                return s, f"Inferred by the extractor from the line {line.strip()!r}; check."
    return None, None


def check_published(published: str | None) -> str | None:
    """A publication date given as "YYYY-MM-DD" or "DD/MM/YYYY", as "YYYY-MM-DD"."""
    if published is None:
        return None
    s = str(published).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s) or None
    if m:
        s = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
        if m:
            s = f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}"
    if not valid_date(s):
        raise ValueError(f"published date {published!r}: expected YYYY-MM-DD or DD/MM/YYYY")
    return s
