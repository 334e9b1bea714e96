"""Place mentions: every place the text names ("xã Quảng Thái", "ở Hữu Lũng"), speaks of
generically ("cấp huyện", "các xã, thị trấn") or whose one-stop centre it names, and their
resolution to units of the official code list (``motcua.vn.localities``)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from motcua.claims.extract import vocab as V
from motcua.vn import localities as L
from motcua.vn.place_names import name_prefix, normalize_name

PLACE_PREFIX = re.compile(
    r"(?<![^\W\d_])(tỉnh|thành\s+phố|tp\.|tp|huyện|quận|thị\s+xã|tx\.|xã|phường|thị\s+trấn|"
    r"đặc\s+khu)(?![^\W\d_])(?!\s+(?:hội|viên)\b)", V.FLAGS)
_NAME_WORD = re.compile(r" +([^\W\d_][^\W_]*|\d{1,2}\b)")
_FIRST_WORD = re.compile(r"([^\W\d_][^\W_]*|\d{1,2}\b)")
_NAME_STOP = {"ubnd", "ủy", "uỷ", "hđnd", "trung", "bộ", "sở", "phòng"}
_COMMUNE_GROUP = V.rx(r"(?:các|những|\d+)\s+(?:xã|phường)(?:\s*,\s*|\s+(?:và\s+)?)"
                      r"(?:thị\s+trấn|phường|xã)|các\s+(?:xã|phường)\b|cấp\s+(?:xã|cơ\s+sở)\b|"
                      r"(?:xã|phường)\s*,\s*thị\s+trấn")
_DISTRICT_GROUP = V.rx(r"(?:các|\d+)\s+huyện\b|(?<!khối\s)cấp\s+huyện\b")
_CENTRE = V.rx(r"trung\s+tâm\s+(?:phục\s+vụ\s+hành\s+chính\s+công|pvhcc|hành\s+chính\s+công|"
               r"hcc)(?:\s+(?:cấp\s+)?(tỉnh|huyện|thành\s+phố|thị\s+xã|quận))?")
_LIST_AFTER_GROUP = V.rx(r"(?:các|những)\s+(xã|phường|huyện)(?:\s+[^\W\d_]+){0,3}?\s+"
                         r"(?:như|là|gồm|gồm\s+có)\s+")
_BARE_AFTER = V.rx(r"(?<![^\W\d_])(?:ở|tại)\s+")
_GENERIC_TIER = {"tỉnh": "province", "xã": "commune", "phường": "commune",
                 "thị trấn": "commune", "đặc khu": "commune"}
PREFIX_LEVEL = {"tỉnh": "province", "huyện": "district", "quận": "district",
                "thị xã": "district", "xã": "commune", "phường": "ward",
                "thị trấn": "township", "đặc khu": "commune"}
LEVEL_RANK = {"province": 0, "district": 1, "commune": 2, "ward": 2, "township": 2}


def slugify(s: str) -> str:
    """ASCII lowercase with '-' ("Quảng Điền" → "quang-dien")."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass
class Mention:
    start: int
    end: int
    kind: str            # named | bare | generic | group | centre | whole
    written: str         # as written (with prefix for named)
    prefix: str | None = None   # normalised prefix word
    base: str = ""
    candidates: list = field(default_factory=list)
    unit: L.Unit | None = None
    key: str | None = None
    tier: str | None = None  # for generic/group/centre: province | district | commune
    qualifier: bool = False  # "(Kim Bảng)" after "xã Tân Sơn": context, not the subject


def capitalized_words(text: str, pos: int, limit: int = 4) -> tuple[str, int]:
    """Capitalized words from pos ("Quảng Thái đã" → "Quảng Thái"); splits glued words."""
    words, end = [], pos
    while len(words) < limit:
        m = _NAME_WORD.match(text, end) if text[end:end + 1] == " " else None
        if m is None and not words:
            m = _FIRST_WORD.match(text, end)
        if m is None:
            break
        w = m.group(1)
        if not (w[0].isupper() or (w.isdigit() and not words)) or w.casefold() in _NAME_STOP:
            break
        glued = next((i for i in range(1, len(w)) if w[i].isupper() and w[i - 1].islower()), None)
        if glued is not None:  # "LũngTừ": a caption glued to the next sentence
            words.append(w[:glued])
            end = m.start(1) + glued
            break
        words.append(w)
        end = m.end()
        if w.isdigit():
            break
    return " ".join(words), end


def strip_prefix(written: str) -> str:
    prefix = PLACE_PREFIX.match(written)
    return written[prefix.end():].strip() if prefix else written


def find_mentions(text: str, content: list[tuple[int, int]]) -> list[Mention]:
    """Every place mention in the content paragraphs, in text order."""
    out: list[Mention] = []
    for a, b in content:
        seg = text[a:b]
        out += _prefixed(seg, a) + _listed(seg, a) + _groups(seg, a) + _bare(seg, a)
    keep = _drop_covered(out)
    keep += _repeats(text, content, keep)
    keep.sort(key=lambda x: (x.start, -x.end))
    return _merge_whole(text, keep)


def _prefixed(seg: str, a: int) -> list[Mention]:
    out = []
    for m in PLACE_PREFIX.finditer(seg):
        prefix = name_prefix(m.group(1)) or m.group(1).casefold()
        name, end = capitalized_words(seg, m.end())
        if name and not name.isdigit() or (name.isdigit() and prefix in ("phường", "quận")):
            out.append(Mention(a + m.start(), a + end, "named", seg[m.start():end], prefix,
                               normalize_name(name)))
        else:
            out.append(Mention(a + m.start(), a + m.end(), "generic", m.group(0), prefix,
                               tier=_GENERIC_TIER.get(prefix, "district")))
    return out


def _listed(seg: str, a: int) -> list[Mention]:
    """"các xã như Quảng Thọ, Quảng An": names listed after a group."""
    out = []
    for m in _LIST_AFTER_GROUP.finditer(seg):
        prefix = m.group(1).casefold()
        pos = m.end()
        while True:
            name, end = capitalized_words(seg, pos)
            if not name:
                break
            out.append(Mention(a + pos, a + end, "named", f"{prefix} {name}", prefix,
                               normalize_name(name)))
            sep = re.match(r"\s*(?:,|và|,\s*và)\s*", seg[end:])
            if not sep:
                break
            pos = end + sep.end()
    return out


def _groups(seg: str, a: int) -> list[Mention]:
    out = [Mention(a + m.start(), a + m.end(), "group", m.group(0), tier="commune")
           for m in _COMMUNE_GROUP.finditer(seg)]
    out += [Mention(a + m.start(), a + m.end(), "group", m.group(0), tier="district")
            for m in _DISTRICT_GROUP.finditer(seg)]
    for m in _CENTRE.finditer(seg):
        word = (m.group(1) or "").casefold()
        tier = "province" if word in ("tỉnh",) else ("district" if word else None)
        out.append(Mention(a + m.start(), a + m.end(), "centre", m.group(0), tier=tier))
    return out


def _bare(seg: str, a: int) -> list[Mention]:
    out = []
    for m in _BARE_AFTER.finditer(seg):
        name, end = capitalized_words(seg, m.end())
        if name and not name.isdigit():
            out.append(Mention(a + m.end(), a + end, "bare", name, None, normalize_name(name)))
    return out


def _drop_covered(out: list[Mention]) -> list[Mention]:
    """Generic and bare mentions inside a group ("các xã, thị trấn") or named mention."""
    spans = [(x.start, x.end) for x in out if x.kind in ("group", "named", "centre")]
    return [x for x in out if not (x.kind in ("generic", "bare") and any(
        s <= x.start < e and (s, e) != (x.start, x.end) for s, e in spans))]


def _repeats(text: str, content, keep: list[Mention]) -> list[Mention]:
    """Bare repeats of names written with a prefix elsewhere ("Kim Bảng", "(Kim Bảng)")."""
    literal = {}
    for x in keep:
        if x.kind == "named":
            nm = strip_prefix(x.written)
            if len(nm.split()) >= 2:
                literal.setdefault(nm, x)
    taken = [(x.start, x.end) for x in keep]
    out = []
    for nm in literal:
        for a, b in content:
            for m in re.finditer(rf"(?<![^\W\d_]){re.escape(nm)}(?![^\W\d_])", text[a:b]):
                s, e = a + m.start(), a + m.end()
                if any(ts <= s < te or s <= ts < e for ts, te in taken):
                    continue
                out.append(Mention(s, e, "bare", nm, None, normalize_name(nm)))
                taken.append((s, e))
    return out


def _merge_whole(text: str, keep: list[Mention]) -> list[Mention]:
    """"cấp huyện, cấp xã", "UBND huyện và UBND các xã, thị trấn": the whole district."""
    merged: list[Mention] = []
    for x in keep:
        if merged and x.kind == "group" and x.tier == "commune":
            p = merged[-1]
            if p.kind in ("generic", "group") and p.tier == "district" and re.fullmatch(
                    r"\s*(?:,|và|,\s*và)\s*(?:(?:ubnd|ủy\s+ban|cấp)\s+)?", text[p.end:x.start],
                    V.FLAGS):
                merged[-1] = Mention(p.start, x.end, "whole", text[p.start:x.end],
                                     tier="district")
                continue
        merged.append(x)
    return merged


# ---------------------------------------------------------------------------------------------
# resolution to code-list units

def resolve_mentions(mentions: list[Mention], text: str, hint_unit: L.Unit | None,
                     title_span: tuple[int, int] | None, lead_end: int) -> L.Unit | None:
    """Give named/bare mentions candidates and a unit where unambiguous; return the main unit."""
    for x in mentions:
        if x.kind == "named":
            x.candidates = L.resolve_name(x.written)
            if not x.candidates and x.prefix:
                x.candidates = L.resolve_name(strip_prefix(x.written))
                if x.prefix == "thành phố":
                    x.candidates = [u for u in x.candidates if u.level in ("province", "district")]
        elif x.kind == "bare":
            cands = L.resolve_name(x.base)
            x.candidates = [u for u in cands if u.level in ("province", "district")] or cands
    places = [x for x in mentions if x.kind in ("named", "bare")]
    _qualifiers(places, text)
    main = hint_unit or _main_unit(places, title_span, lead_end)
    if main is not None:
        _narrow_to(main, places)
    return main


def _qualifiers(places: list[Mention], text: str) -> None:
    """"phường Đồng Quang (TP. Thái Nguyên)", "xã Hòa Cư, huyện Cao Lộc": the second names
    where the first is, and narrows its candidates."""
    for i, x in enumerate(places[:-1]):
        q = places[i + 1]
        if not (re.fullmatch(r"\s*[,(]\s*", text[x.end:q.start]) and q.candidates
                and x.candidates):
            continue
        if min(LEVEL_RANK[u.level] for u in q.candidates) >= max(
                LEVEL_RANK[u.level] for u in x.candidates):
            continue
        q.qualifier = True
        within = {u.code for u in q.candidates}
        narrowed = [u for u in x.candidates if within & set(u.parents)]
        if narrowed:
            x.candidates = narrowed
    for x in places:
        _pick(x)
    for i, x in enumerate(places[:-1]):  # again, now that qualifiers may have a unit
        q = places[i + 1]
        if x.unit is None and q.qualifier and q.unit is not None:
            narrowed = [u for u in x.candidates if q.unit.code in u.parents]
            if narrowed:
                x.candidates = narrowed
                _pick(x)
    for x in places:  # several candidates: the highest level when it is unique there
        if x.unit is None and x.kind == "bare" and x.candidates:
            top = min(LEVEL_RANK[u.level] for u in x.candidates)
            tops = [u for u in x.candidates if LEVEL_RANK[u.level] == top]
            if len(tops) == 1:
                x.unit = tops[0]


def _main_unit(places: list[Mention], title_span, lead_end: int) -> L.Unit | None:
    """The first resolved place of the title, else of the lead, else the most named one."""
    early = [x for x in places if x.unit is not None and not x.qualifier and (
        (title_span and title_span[0] <= x.start < title_span[1]) or x.start < lead_end)]
    in_title = [x for x in early if title_span and title_span[0] <= x.start < title_span[1]]
    pick = in_title or early
    if pick:
        return pick[0].unit
    counts = Counter(x.unit for x in places if x.unit is not None
                     and x.unit.level in ("province", "district"))
    return counts.most_common(1)[0][0] if counts else None


def _narrow_to(main: L.Unit, places: list[Mention]) -> None:
    """Ambiguous names: keep the candidates inside the main unit's province or district."""
    scope = {main.code, *main.parents}
    if main.level not in ("province", "district"):
        scope = set(main.parents)
    for x in places:
        if x.unit is None and len(x.candidates) > 1:
            narrowed = [u for u in x.candidates if scope & ({u.code} | set(u.parents))]
            inner = [u for u in narrowed if u.code != main.province_code] or narrowed
            if len(inner) == 1:
                x.unit = inner[0]
            elif narrowed:
                x.candidates = narrowed


def _pick(x: Mention) -> None:
    if len(x.candidates) == 1:
        x.unit = x.candidates[0]
    elif x.candidates and x.prefix and LEVEL_RANK[x.candidates[0].level] < 2:
        exact = [u for u in x.candidates if u.unit_type.casefold() == x.prefix]
        if len(exact) == 1:
            x.unit = exact[0]
