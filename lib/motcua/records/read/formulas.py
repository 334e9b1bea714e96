"""Formula cells of an .xlsx sheet saved without a value (what a program that writes formulas
but does not calculate produces, e.g. ``=G9+5``).

calamine reads such a cell as empty and does not expose formulas, so the sheet's XML is
streamed with the standard library's expat-based ``iterparse`` (ECMA-376 Part 1 §18.3.1.4:
``<c r="H9"><f>G9+5</f></c>`` has no ``<v>``). A sheet without any ``<f`` element is skipped
after a byte scan, so ordinary files pay one pass over their XML and no parse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20


def _sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from xl/workbook.xml and its relationships."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for s in wb.iter(f"{_MAIN}sheet"):
        t = target.get(s.get(f"{_REL}id"), "")
        out[s.get("name")] = t.lstrip("/") if t.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", t))
    return out


def _has_formula(z: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with z.open(part) as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            buf = tail + chunk
            if b"<f>" in buf or b"<f " in buf or b":f>" in buf or b":f " in buf:
                return True
            tail = buf[-8:]
    return False


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def missing_values(z: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """(1-based row, 0-based column) → formula text, for every formula cell with no value."""
    out: dict[tuple[int, int], str] = {}
    data = None
    with z.open(part) as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if el.tag == f"{_MAIN}sheetData":
                    data = el
                continue
            if el.tag == f"{_MAIN}row" and data is not None:
                data.clear()  # rows done so far: memory stays bounded
            elif el.tag == f"{_MAIN}c":
                _note_missing(el, out)
    return out


def _note_missing(el, out: dict) -> None:
    formula = el.find(f"{_MAIN}f")
    value = el.find(f"{_MAIN}v")
    if formula is None or el.find(f"{_MAIN}is") is not None or (value is not None
                                                                and value.text):
        return
    m = _CELL.fullmatch(el.get("r") or "")
    if m:
        text = formula.text or f"(shared formula {formula.get('si')})"
        out[(int(m.group(2)), _column(m.group(1)))] = text


def attach(p: Path, sources: list) -> None:
    """Fill ``src.excel.formulas`` of every sheet source of workbook ``p``."""
    try:
        with zipfile.ZipFile(p) as z:
            parts = _sheet_paths(z)
            for src in sources:
                part = parts.get(src.sheet)
                if part and part in z.namelist() and _has_formula(z, part):
                    src.excel.formulas = missing_values(z, part)
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        return  # an .xlsx calamine could read without these parts: no formulas to report
