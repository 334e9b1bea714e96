"""Exports that name the office only ("UBND xã Quảng Thái", "Trung tâm Hành chính công huyện
Quảng Điền"): the office part is stripped, and the place name is resolved within a scope.

The scope is given (``within="huyện Quảng Điền, tỉnh Thừa Thiên Huế"`` or a code) or inferred
from the file's own unambiguous names: the deepest province or district that every name with
exactly one candidate lies in (a district centre named in the file fixes the district). Names
that stay unknown or fit several units inside the scope are quarantined, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from motcua.errors import InputError
from motcua.records.columns import RESOLVABLE_CODE_LISTS
from motcua.vn import localities
from motcua.vn.place_names import name_prefix

#: A place inside an office's name starts at its first type word (docs/domain.md §9 glossary:
#: xã, phường, thị trấn; huyện, quận, thị xã, thành phố; tỉnh; đặc khu since 2025).
_PLACE = re.compile(r"(?i)\b(thị\s+trấn|thị\s+xã|thành\s+phố|tp\.|phường|xã|huyện|quận|tỉnh|"
                    r"đặc\s+khu)\s+\w")
_END = re.compile(r"\s*(?:\(|\[|;|\s[-–—]\s).*$")


def place_of_office(office: str) -> str | None:
    """The place an office's name names ("Bộ phận một cửa UBND phường Đồng Quang" →
    "phường Đồng Quang"), or None when there is none ("Phòng Tư pháp")."""
    m = _PLACE.search(office)
    if m is None:
        return None
    place = _END.sub("", office[m.start():]).strip(" ,.")
    return place or None


@dataclass
class OfficeTable:
    """Per code list: the scope used (code, name, how), and office → code (None: quarantined,
    with its reason and detail in ``problems``)."""

    scope: dict[str, dict | None] = field(default_factory=dict)
    offices: dict[str, dict[str, str | None]] = field(default_factory=dict)
    problems: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    units: dict[str, localities.Unit | None] = field(default_factory=dict)

    def report(self) -> dict:
        return {"scope": self.scope, "offices": self.offices}

    def add(self, office: str, code_list: str) -> None:
        """Resolve one office name within the code list's scope and note it in the table."""
        place = place_of_office(office)
        if place is None:
            self.offices[code_list][office] = None
            self.problems[(code_list, office)] = ("unknown_locality", "no place name in the "
                                                  "office name; give a locality column")
            return
        code, reason, detail = _resolve(place, code_list, self.units[code_list])
        self.offices[code_list][office] = code
        if code is None:
            self.problems[(code_list, office)] = (reason, detail)

    def lookup(self, office: str, code_list: str) -> tuple[str | None, str, str]:
        """(code, "", "") or (None, reason, detail); a name first seen here is resolved now."""
        if office not in self.offices[code_list]:
            self.add(office, code_list)
        code = self.offices[code_list][office]
        return (code, "", "") if code else (None, *self.problems[(code_list, office)])


@lru_cache(maxsize=4096)
def _candidates(place: str, code_list: str) -> tuple:
    return tuple(localities.resolve_name(place, code_list=code_list))


def scope_of(within: str, code_list: str) -> localities.Unit | None:
    """The unit ``within`` names in ``code_list``: a code, or names outermost last ("huyện
    Quảng Điền, tỉnh Thừa Thiên Huế"); the deepest part that resolves (the 2025 list has no
    districts, so there the province is the scope)."""
    w = within.strip()
    if re.fullmatch(r"\d{2}|\d{3}|\d{5}", w):
        return localities.lookup(w, code_list)
    unit = None
    for part in reversed([p.strip() for p in w.split(",") if p.strip()]):
        found = localities.resolve_name(part, within=unit.code if unit else None,
                                        code_list=code_list)
        if len(found) != 1:
            break
        unit = found[0]
    return unit


def _chain(u: localities.Unit) -> tuple[str, ...]:
    return (*u.parents, u.code) if u.level in ("province", "district") else u.parents


def infer_scope(places: list[str], code_list: str) -> tuple[localities.Unit | None, list[str]]:
    """The deepest province or district holding every place with one candidate, and the
    places that decided it."""
    sure = [(p, c[0]) for p in places if len(c := _candidates(p, code_list)) == 1]
    if not sure:
        return None, []
    common = _chain(sure[0][1])
    for _, u in sure[1:]:
        chain = _chain(u)
        n = 0
        while n < min(len(common), len(chain)) and common[n] == chain[n]:
            n += 1
        common = common[:n]
    if not common:
        return None, []
    return localities.lookup(common[-1], code_list), [p for p, _ in sure]


def _resolve(place: str, code_list: str, scope: localities.Unit | None
             ) -> tuple[str | None, str, str]:
    cands = list(_candidates(place, code_list))
    if scope is not None:
        cands = [u for u in cands if u.code == scope.code or scope.code in u.parents]
    where = f" within {scope.name} ({scope.code})" if scope else ""
    if len(cands) > 1:
        written = name_prefix(place)
        exact = [u for u in cands if u.unit_type.casefold() == (written or "")]
        cands = exact if len(exact) == 1 else cands
    if len(cands) == 1:
        return cands[0].code, "", ""
    if not cands:
        return None, "unknown_locality", f"no unit named {place!r}{where} in {code_list}"
    codes = ", ".join(u.code for u in cands[:5])
    return None, "ambiguous_locality", (f"{place!r} fits {len(cands)} units{where} in "
                                        f"{code_list} ({codes}); give the scope with --within")


def resolve_offices(names: list[str], within: str | None) -> OfficeTable:
    """The office → locality table of a file, for both code lists (rows take the list of
    their date). An unknown ``within`` is an InputError."""
    table = OfficeTable()
    named = sorted({p for n in names if (p := place_of_office(n))})
    for cl in RESOLVABLE_CODE_LISTS:
        if within:
            scope, how = scope_of(within, cl), "given"
        else:
            scope, used = infer_scope(named, cl)
            how = "inferred from " + "; ".join(used[:5]) if scope else "none"
        table.units[cl] = scope
        table.scope[cl] = None if scope is None else {"code": scope.code, "name": scope.name,
                                                      "how": how}
        table.offices[cl] = {}
        for office in names:
            table.add(office, cl)
    if within and all(s is None for s in table.scope.values()):
        raise InputError("--within", f"no unit named {within!r} in "
                                     f"{', '.join(RESOLVABLE_CODE_LISTS)}")
    return table
