"""``extract_claims``: one article's text → a draft register; ``read_article`` keeps everything
the extraction found (prepared text, sentences, figures, periods, places) for the scan."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from motcua.claims.extract.build import (ExtractionStats, confidence, denominator_refs,
                                         find_claims, resolve_hint, set_kinds_and_periods,
                                         set_places)
from motcua.claims.extract.mentions import Mention, find_mentions, resolve_mentions, slugify
from motcua.claims.extract.metrics import register_metric
from motcua.claims.extract.periods import Period, find_periods
from motcua.claims.extract.places import localities
from motcua.claims.extract.vocab import REGISTER_UNIT
from motcua.claims.extract.text import Layout, check_published, infer_published, layout, prepare
from motcua.claims.extract.tokens import Claim
from motcua.config import CODE_LIST_LEGACY
from motcua.vn import localities as L
from motcua.vn.numbers import parse_vn_number


@dataclass
class Article:
    """One article as the extractor read it."""

    text: str                    # prepared (NFC) text; every offset refers to it
    layout: Layout
    claims: list[Claim]          # the figures, in text order
    periods: list[Period]
    mentions: list[Mention]
    main: L.Unit | None          # the article's main locality
    published: str | None
    published_note: str | None
    source_id: str
    register: dict               # the draft register (data/claims/README.md format)
    tokens: list = field(default_factory=list)  # every number: (token, sentence span, paragraph)


def read_article(text: str, *, source_id: str | None = None, locality_hint: str | None = None,
                 published: str | None = None, register: str | None = None,
                 stats: ExtractionStats | None = None) -> Article:
    """Read one article: its figures, periods and places, and the draft register."""
    st = stats if stats is not None else ExtractionStats()
    t0 = time.perf_counter()
    L.known_base_names(CODE_LIST_LEGACY)  # cached after the first call
    st.setup_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    hint_unit = resolve_hint(locality_hint)
    published = check_published(published)
    text = prepare(text)
    st.chars = len(text)
    if source_id is None:
        source_id = "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    st.source_id = source_id
    lay = layout(text)
    published_note = None
    if published is None:
        published, published_note = infer_published(text, lay.paragraphs)
    st.skipped.update({k: v for k, v in lay.skipped.items() if v})
    st.sentences = len(lay.sentences)
    periods = find_periods(text, published)
    mentions = find_mentions(text, lay.content)
    main = resolve_mentions(mentions, text, hint_unit, lay.title_span, lay.lead_end)
    tokens: list = []
    claims = find_claims(text, lay, st, tokens)
    set_kinds_and_periods(claims, text, lay, periods, published)
    places = localities(mentions, main)
    set_places(claims, text, lay, places)
    locs = places.finalize()
    denominator_refs(claims)
    art = Article(text, lay, claims, periods, mentions, main, published, published_note,
                  source_id, {}, tokens)
    art.register = _register_dict(art, locs, register)
    st.claims = len(art.register["claims"])
    st.localities = len(locs)
    st.unresolved_localities = sorted({x.written for x in mentions
                                       if x.kind == "named" and x.unit is None})
    st.seconds = time.perf_counter() - t0
    return art


def extract_claims(
    text: str,
    *,
    source_id: str | None = None,
    locality_hint: str | None = None,
    published: str | None = None,
    register: str | None = None,
    stats: ExtractionStats | None = None,
) -> dict:
    """Draft register (data/claims/README.md format) of the numeric claims in one article.

    ``source_id``: the article's id (file stem); ``locality_hint``: a unit name ("huyện Kim
    Bảng") or code ("350", list gso-2025-01-04) for the article's main locality; ``published``:
    "YYYY-MM-DD" (or "DD/MM/YYYY"; when None, a date on one of the first short lines is used and
    said so in ``published_note``); ``register``: the register name (default: the main
    locality's slug and the claims' most common year). Pass an :class:`ExtractionStats` as
    ``stats`` to get counts and timing. Claims carry a ``confidence`` in [0, 1].
    """
    return read_article(text, source_id=source_id, locality_hint=locality_hint,
                        published=published, register=register, stats=stats).register


def extract_file(path: str | Path, *, locality_hint: str | None = None,
                 published: str | None = None,
                 register: str | None = None) -> tuple[dict, ExtractionStats]:
    """Read a UTF-8 text file and extract; ``source.id`` is the file stem."""
    p = Path(path)
    text = p.read_bytes().decode("utf-8", "replace")
    stats = ExtractionStats()
    reg = extract_claims(text, source_id=p.stem, locality_hint=locality_hint,
                         published=published, register=register, stats=stats)
    return reg, stats


def register_name(art: Article, claims: list[Claim], register: str | None) -> str:
    """The given name, or the main locality's slug and the year most reported claims start in
    (if it is most of them)."""
    if register is None:
        reported = [c for c in claims if c.kind == "reported"]
        years = Counter(c.period[0][:4] for c in reported if c.period[0])
        base = slugify(art.main.base_name) if art.main is not None else slugify(art.source_id)
        year = ""
        if years:
            year, count = years.most_common(1)[0]
            year = year if count * 2 >= len(reported) else ""
        register = (f"{base}-{year}" if year else base) or "draft"
    return slugify(register) or "draft"


def claim_record(c: Claim, claim_id: str, register: str, text: str) -> dict:
    """One claim of the draft register."""
    return {
        "id": claim_id,
        "locality": c.locality,
        "period_start": c.period[0],
        "period_end": c.period[1],
        "kind": c.kind,
        "metric": register_metric(None if c.num.multiplier != 1 else c.metric),
        "value_text": c.num.value_text,
        "value": float(parse_vn_number(c.num.value_text).value),
        "unit": REGISTER_UNIT.get(c.num.unit, c.num.unit),
        "comparator": c.comparator,
        "denominator": c.denominator,
        "denominator_ref": (f"{register}-{c.denominator_ref:02d}" if c.denominator_ref else None),
        "aggregation": c.aggregation,
        "quote": re.sub(r"\s+", " ", text[c.sent[0]:c.sent[1]]).strip(),
        "note": "; ".join(c.note) if c.note else None,
        "confidence": confidence(c),
    }


def _register_dict(art: Article, locs: dict, register: str | None) -> dict:
    name = register_name(art, art.claims, register)
    claims = [claim_record(c, f"{name}-{i:02d}", name, art.text)
              for i, c in enumerate(art.claims, start=1)]
    title = (art.text[art.layout.title_span[0]:art.layout.title_span[1]].strip()
             if art.layout.title_span else "")
    source = {"id": art.source_id, "title": title or None, "publisher": None,
              "published": art.published}
    if art.published_note:
        source["published_note"] = art.published_note
    return {"register": name, "synthetic": False, "source": source, "localities": locs,
            "claims": claims}
