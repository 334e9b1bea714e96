"""Vietnamese place names as written: type prefixes, and the normalized base name they match on.

The code lists (``motcua.vn.localities``) hold the *last* names before the 2025 merger, not the
names an article of 2019–2022 used: "Thị xã Kim Bảng" (a huyện until 2025), "Phường Tân Sơn" (a
xã), "Thành phố Huế" (the province "Thừa Thiên Huế"). Names are therefore matched on their
normalized *base* name with the type prefix removed (:func:`normalize_name`); the written prefix
only restricts the *tier* (province / district / commune level, :func:`prefix_tiers`), never the
exact type, and a tiny alias table (:data:`PROVINCE_ALIASES`) covers renamed provinces.
:func:`motcua.vn.localities.resolve_name` puts these together against a code list.

Plain string functions: no code list is read here.
"""

from __future__ import annotations

import re
import unicodedata

#: Renamed provinces: normalized old base name → normalized base name in the code lists.
#: Only renames, not merges (a merger is what :func:`motcua.vn.crosswalk.crosswalk_2025` is for).
PROVINCE_ALIASES: dict[str, str] = {
    "thừa thiên huế": "huế",  # Thừa Thiên Huế became the centrally-run Thành phố Huế (2025-01-01)
}

# Written type prefixes → the tiers they allow. "thành phố" is a province (Hà Nội, Huế) or a
# district-level city (Thành phố Lạng Sơn). Longest first so "thị xã" wins over "xã".
_PREFIX_TIERS: list[tuple[str, frozenset[str]]] = [
    ("thành phố", frozenset({"province", "district"})),
    ("thị trấn", frozenset({"commune"})),
    ("thị xã", frozenset({"district"})),
    ("đặc khu", frozenset({"commune"})),
    ("phường", frozenset({"commune"})),
    ("huyện", frozenset({"district"})),
    ("quận", frozenset({"district"})),
    ("tỉnh", frozenset({"province"})),
    ("xã", frozenset({"commune"})),
    # abbreviations: only with a dot, except "tp" which is unambiguous
    ("tp.", frozenset({"province", "district"})),
    ("tp", frozenset({"province", "district"})),
    ("tx.", frozenset({"district"})),
    ("tt.", frozenset({"commune"})),
    ("p.", frozenset({"commune"})),
    ("x.", frozenset({"commune"})),
    ("q.", frozenset({"district"})),
    ("h.", frozenset({"district"})),
]
_PREFIX_TYPE = {  # abbreviation → full type word, to compare with Unit.unit_type
    "tp.": "thành phố", "tp": "thành phố", "tx.": "thị xã", "tt.": "thị trấn",
    "p.": "phường", "x.": "xã", "q.": "quận", "h.": "huyện",
}

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_OPEN_CLUSTER = re.compile(r"^(.*?)(oa|oe|uy)$")
_VOWELS = set("aăâeêioôơuưy")
_DASHES = re.compile(r"[\u2010-\u2015\-–—_,;]+")
_WS = re.compile(r"\s+")


def _unify_tone(word: str) -> str:
    """Put the tone of an open ``oa``/``oe``/``uy`` syllable on the first vowel.

    "hoà"→"hòa", "thuỷ"→"thủy", "uý"→"úy", "khoẻ"→"khỏe" (the code lists write the first-vowel
    form). "quý" keeps its tone on the y ("qu" is a consonant). Other words are unchanged.
    """
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    m = _OPEN_CLUSTER.match(base)
    if not m:
        return word
    head, cluster = m.groups()
    if head and (head[-1] in _VOWELS or head[-1] == "q" or head.endswith("gi")):
        return word
    first = unicodedata.normalize("NFC", cluster[0] + tones[0])
    return head + first + cluster[1]


def _split_prefix(name: str) -> tuple[str | None, str]:
    """Casefolded, NFC, whitespace-collapsed name → (type prefix or None, rest)."""
    s = _WS.sub(" ", _DASHES.sub(" ", unicodedata.normalize("NFC", name).casefold())).strip()
    for prefix, _tiers in _PREFIX_TIERS:
        if s.startswith(prefix):
            rest = s[len(prefix):]
            if prefix.endswith("."):
                return prefix, rest.strip()
            if rest.startswith(" ") and rest.strip():
                return prefix, rest.strip()
    return None, s


def normalize_name(name: str) -> str:
    """Base name for matching: NFC, casefolded, type prefix removed, tone placement unified.

    >>> normalize_name("Xã Nguyễn Uý") == normalize_name("P. Nguyễn Úy") == "nguyễn úy"
    True
    >>> normalize_name("Thị xã  Kim Bảng"), normalize_name("huyện Kim Bảng")
    ('kim bảng', 'kim bảng')
    >>> normalize_name("Phường 01")
    '1'

    Dashes and commas become spaces ("Thừa Thiên - Huế" → "thừa thiên huế"); purely numeric
    names lose leading zeros ("Phường 01" = "Phường 1"). Only one prefix is removed.
    """
    if not isinstance(name, str):
        raise TypeError(f"a name must be a string, got {name!r}")
    _prefix, rest = _split_prefix(name)
    rest = rest.strip(" .")
    words = [_unify_tone(w) for w in rest.split(" ") if w]
    out = " ".join(words)
    if out.isdigit():
        out = str(int(out))
    return out


def name_prefix(name: str) -> str | None:
    """The type prefix a name is written with, as a full word ("TP." → "thành phố"), or None."""
    prefix, _ = _split_prefix(name)
    if prefix is None:
        return None
    return _PREFIX_TYPE.get(prefix, prefix)


def prefix_tiers(name: str) -> frozenset[str] | None:
    """The tiers (``province``, ``district``, ``commune``) a name's written prefix allows, or
    None for a name written without one."""
    prefix, _ = _split_prefix(name)
    if prefix is None:
        return None
    return dict(_PREFIX_TIERS)[prefix]


def unit_type_of(name: str) -> str:
    """The unit type a name is written with, capitalised as the code lists write it
    ("Thành phố Hà Nội" → "Thành phố", "TP. Huế" → "Thành phố"); ``""`` without a prefix."""
    full = name_prefix(name)
    if full is None:
        return ""
    return full[:1].upper() + full[1:]
