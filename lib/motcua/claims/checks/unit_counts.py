"""Check ``unit_count``: unit counts against the official code list."""

from __future__ import annotations

from motcua.claims.book import Book
from motcua.claims.wording import claim_finding
from motcua.findings import Finding
from motcua.vn import localities


def check_unit_counts(book: Book) -> list[Finding]:
    """Unit counts ("11 xã, thị trấn", "189/226 xã") against the official code list.

    The shipped list is GSO's of 2025-01-04 (via vietnamadminunits 1.0.4), after the 2019–2020
    and 2024–2025 commune mergers, so a count from an earlier year that differs is not a
    contradiction by itself (status ``not_testable``); one that matches ``holds``.
    """
    out = []
    c = book.reported()
    for loc, info in book.localities.items():
        if info.level not in ("commune_group", "district_group"):
            continue
        stated = book.unit_count(loc)
        listed = _listed(book, info) if stated is not None else None
        if listed is None:
            continue
        rows = list(c[(c["locality"] == loc) & c["metric"].isin(
            ["units_completed", "units_count"])].itertuples())
        if rows:
            out.append(_against_list(book, loc, stated, *listed, rows[:2]))
    return out


def _listed(book: Book, info) -> tuple | None:
    """(the coded parent locality, units of the group's level the code list puts under it)."""
    parent = info.parent if isinstance(info.parent, str) else None
    anchor = book.localities.get(parent) if parent else None
    if anchor is None or not isinstance(anchor.code, str):
        return None
    want = ("district",) if info.level == "district_group" else ("commune", "ward", "township")
    try:
        return anchor, len(localities.units_within(anchor.code, anchor.code_list, want))
    except KeyError:
        return None


def _against_list(book: Book, loc: str, stated: int, anchor, listed: int, rows) -> Finding:
    ok = listed == stated
    name = book.name_of(loc)
    return claim_finding(
        book, "unit_count", "info", "holds" if ok else "not_testable", rows,
        subject=f"{name}: number of units", claimed=float(stated), recomputed=float(listed),
        message_en=(f"{name} of {anchor.name}: the article counts {stated}; "
                    f"the code list {anchor.code_list} lists {listed}"
                    + ("." if ok else " (units were merged between the article's year and "
                       "the list's date, so this is not a contradiction by itself).")),
        message_vi=(f"{name} của {anchor.name}: bài viết nêu {stated}; danh mục "
                    f"{anchor.code_list} có {listed}"
                    + ("." if ok else " (đã có sáp nhập đơn vị giữa năm của bài viết và "
                       "ngày của danh mục nên chưa thể coi là mâu thuẫn).")),
    )
