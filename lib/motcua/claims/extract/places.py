"""The localities block of a draft register, and the locality of each figure.

Keys are created as figures refer to places: the main unit first, then every named place, and
for generic mentions ("cấp xã", "Trung tâm hành chính công tỉnh") a group, level or centre key
under the unit that owns it.
"""

from __future__ import annotations

import re

from motcua.claims.extract import vocab as V
from motcua.claims.extract.mentions import PREFIX_LEVEL, Mention, slugify
from motcua.claims.extract.tokens import Claim
from motcua.claims.register import LOCALITY_LEVELS
from motcua.vn import localities as L

_OWNER_BEFORE = V.rx(r"(?:của|do|theo|với)\s+(?:ubnd\s+|ủy\s+ban\s+(?:nhân\s+dân\s+)?|"
                     r"chủ\s+tịch\s+(?:ubnd\s+)?)?$")
_COMMUNE_LEVELS = ("commune", "ward", "township")


def localities(mentions: list[Mention], main: L.Unit | None) -> "Places":
    """Localities block: the main unit first, then every place named in the text."""
    places = Places({}, {}, main, mentions)
    if main is not None:
        places.unit(main)
    named_first = sorted((x for x in mentions if x.kind in ("named", "bare")),
                         key=lambda x: (x.kind != "named", x.start))
    for x in named_first:
        if x.unit is not None:
            fresh = f"u:{x.unit.code}" not in places.keys
            x.key = places.unit(x.unit)
            entry = places.locs[x.key]
            if fresh or entry["name"] == x.unit.name:
                entry["name"] = x.written
                level = PREFIX_LEVEL.get(x.prefix or "")
                if x.kind == "named" and level and x.prefix != "thành phố":
                    entry["level"] = level  # as the article writes it (xã in 2022)
        elif x.kind == "named":
            level = PREFIX_LEVEL.get(x.prefix or "") or (
                "province" if x.prefix == "thành phố" else "district")
            x.key = places.add(f"n:{x.prefix}:{x.base}", slugify(x.base),
                               {"name": x.written, "level": level, "parent": None})
    return places


class Places:
    """Keys of the localities block, created as claims refer to them."""

    def __init__(self, locs: dict, keys: dict, main: L.Unit | None, mentions: list[Mention]):
        self.locs, self.keys, self.main, self.mentions = locs, keys, main, mentions
        self.main_district = self.main_province = None
        if main is not None:
            self.main_province = L.lookup(main.province_code, main.code_list)
            if main.level == "district":
                self.main_district = main
            elif main.district_code:
                self.main_district = L.lookup(main.district_code, main.code_list)

    def add(self, ident: str, key: str, entry: dict) -> str:
        if ident in self.keys:
            return self.keys[ident]
        key = key or "place"
        k, i = key, 2
        if k in self.locs and entry.get("level"):
            k = f"{key}-{entry['level']}"  # "lang-son" the province, "lang-son-district"
        while k in self.locs:
            k, i = f"{key}-{i}", i + 1
        self.locs[k] = entry
        self.keys[ident] = k
        return k

    def unit(self, u: L.Unit | None) -> str | None:
        if u is None:
            return None
        ident = f"u:{u.code}"
        if ident not in self.keys:
            parent = next((self.keys[f"u:{p}"] for p in reversed(u.parents)
                           if f"u:{p}" in self.keys), None)
            self.add(ident, slugify(u.base_name), {"name": u.name, "level": u.level,
                                                   "code": u.code, "code_list": u.code_list,
                                                   "parent": parent})
        return self.keys[ident]

    def group(self, owner: L.Unit | None, tier: str, written: str) -> str | None:
        if owner is None:
            return None
        owner_key = self.unit(owner)
        level = "commune_group" if tier == "commune" else (
            "district_group" if "district_group" in LOCALITY_LEVELS else "commune_group")
        suffix = "communes" if tier == "commune" else "districts"
        return self.add(f"g:{owner.code}:{tier}", f"{owner_key}-{suffix}",
                        {"name": written.strip(), "level": level, "parent": owner_key})

    def district_level(self, district: L.Unit, written: str) -> str:
        """"UBND huyện", "cấp huyện": the district's own level, beside its communes."""
        owner_key = self.unit(district)
        return self.add(f"d:{district.code}", f"{owner_key}-district-level",
                        {"name": written.strip(), "level": "district", "parent": owner_key})

    def centre(self, owner: L.Unit | None, written: str) -> str | None:
        if owner is None:
            return None
        owner_key = self.unit(owner)
        return self.add(f"c:{owner.code}", f"{owner_key}-centre",
                        {"name": written.strip(), "level": "centre", "parent": owner_key})

    def finalize(self) -> dict:
        """Parents from codes: the nearest enclosing unit that is in the block."""
        by_code = {v["code"]: k for k, v in self.locs.items() if v.get("code")}
        for v in self.locs.values():
            if v.get("code"):
                u = L.lookup(v["code"], v["code_list"])
                v["parent"] = next((by_code[p] for p in reversed(u.parents) if p in by_code),
                                   None)
        return self.locs

    def fallback(self) -> str:
        return self.add("unknown", "unknown", {
            "name": "(no place found in the text: set the locality)", "level": "province",
            "parent": None})

    def key_of(self, x: Mention) -> tuple[str | None, bool]:
        """Locality key a mention stands for, and whether it has a code."""
        if x.kind in ("named", "bare"):
            return x.key, x.unit is not None
        if x.kind == "whole":
            return self.unit(self.main_district or self.main), True
        if x.kind == "generic":
            return self._generic(x)
        if x.kind == "group":
            return self._group(x)
        if x.kind == "centre":
            province, district = self.main_province, self.main_district
            owner = province if x.tier == "province" else (
                district if x.tier == "district" else (district or self.main))
            return self.centre(owner, x.written), False
        return None, False

    def _generic(self, x: Mention) -> tuple[str | None, bool]:
        main, district, province = self.main, self.main_district, self.main_province
        if x.tier == "province":
            return self.unit(province), province is not None
        if x.tier == "district":
            if district is not None and main is district:
                return self.district_level(district, x.written), False
            if district is not None:
                return self.unit(district), True
            return None, False
        last = next((m for m in reversed(self.mentions)
                     if m.start < x.start and m.kind in ("named", "bare") and m.unit
                     is not None and m.unit.level in _COMMUNE_LEVELS and not m.qualifier), None)
        if last is not None:
            return last.key, True
        if main is not None and main.level in _COMMUNE_LEVELS:
            return self.unit(main), True
        return self.group(district or province, "commune", x.written), False

    def _group(self, x: Mention) -> tuple[str | None, bool]:
        main, district = self.main, self.main_district
        if x.tier == "commune":
            owner = main if main is not None and main.level in ("province", "district") \
                else district
            return self.group(owner, "commune", x.written), False
        if main is not None and main.level == "province":
            return self.group(main, "district", x.written), False
        if district is not None and main is district:
            return self.district_level(district, x.written), False
        return self.unit(district), district is not None


def locality_for(c: Claim, places: Places, text: str, content) -> tuple[str, bool]:
    """The locality key of a figure, and whether it is a coded unit."""
    n = c.num
    s, _e = c.sent
    ms = places.mentions
    # 1. a place in the noun phrase right after the number ("18/18 UBND các xã, thị trấn")
    tail = text[n.unit_end:c.sent[1]]
    stop = re.search(r"[;().!?:]|\d", tail)
    limit = n.unit_end + min(32, stop.start() if stop else len(tail))
    for x in ms:
        if x.end > n.end and x.start < limit and x.start >= n.start and not x.qualifier \
                and x.kind != "generic":
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 2. the nearest place before it in the sentence (not "của UBND tỉnh": an owner)
    for x in reversed(ms):
        if s <= x.start and x.end <= n.start and not x.qualifier:
            if x.kind in ("generic", "group") and _OWNER_BEFORE.search(text[s:x.start]):
                continue
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 3. the nearest named place or centre earlier in the paragraph
    pa, _pb = content[c.par]
    for x in reversed(ms):
        if pa <= x.start and x.end <= s and x.kind in ("named", "bare", "centre") \
                and not x.qualifier:
            key, coded = places.key_of(x)
            if key:
                return key, coded
    # 4. the article's main locality
    if places.main is not None:
        return places.unit(places.main), True
    return places.fallback(), False
