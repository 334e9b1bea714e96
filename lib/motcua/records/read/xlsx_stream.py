"""Large .xlsx sheets streamed row by row in bounded memory.

python-calamine 0.9.1 loads a whole sheet before it returns the first row (measured: a 12 MB
workbook of 200,000 rows took 570 MiB), so a sheet whose XML is larger than
:data:`STREAM_ABOVE` is read here instead, with the standard library's expat parser (rows are
handed on and forgotten; the shared strings are kept). This duplicates what calamine does for
.xlsx, hence the test that both readers give the same tables (tests/test_records_excel.py).
Formulas saved without a value are noted in the same pass (ECMA-376 Part 1 §18.3.1.4).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

#: Sheets whose uncompressed XML is larger than this are streamed (bytes). Measured
#: (docs/records.md): calamine is ~3× faster but holds the sheet (1.5 GiB peak for 870 MB of
#: XML); at 256 MiB of XML it peaks near the streamed loader's own bound (~0.6 GiB).
STREAM_ABOVE = 256 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(r"([A-Z]+)(\d+)")
#: Built-in number formats that are dates or times (ECMA-376 Part 1 §18.8.30).
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_CHUNK = 1 << 20


def _column(letters: str | bytes) -> int:
    n = 0
    for ch in (letters.decode() if isinstance(letters, bytes) else letters):
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _is_date_format(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmyhs]", bare)) and "general" not in bare


class _Book:
    """What every sheet of a workbook shares: shared strings, date styles, date system."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        names = set(z.namelist())
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        pr = wb.find(f"{_MAIN}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self.strings = _shared_strings(z) if "xl/sharedStrings.xml" in names else []
        self.date_styles = _date_styles(z) if "xl/styles.xml" in names else set()

    def date(self, serial: float) -> dt.datetime:
        if self.date1904:
            return dt.datetime(1904, 1, 1) + dt.timedelta(days=serial)
        base = dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
        return base + dt.timedelta(days=round(serial * 86_400_000) / 86_400_000)


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    out: list[str] = []
    parts: list[str] | None = None

    def start(name, _attrs):
        nonlocal parts
        if name.endswith("si"):
            parts = []

    def end(name):
        nonlocal parts
        if name.endswith("si") and parts is not None:
            out.append("".join(parts))
            parts = None

    def text(data):
        if parts is not None:
            parts.append(data)

    _parse(z, "xl/sharedStrings.xml", start, end, text, keep=("t",))
    return out


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    st = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode", "")
              for f in st.iter(f"{_MAIN}numFmt")}
    xfs = st.find(f"{_MAIN}cellXfs")
    out = set()
    for i, xf in enumerate(xfs if xfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        if fid in _DATE_IDS or (fid in custom and _is_date_format(custom[fid])):
            out.add(i)
    return out


def _parse(z, part, start, end, text, keep=("v", "t", "f")) -> None:
    """Run expat over a zip member; character data reaches ``text`` only inside ``keep``."""
    p = expat.ParserCreate()
    inside = [0]

    def s(name, attrs):
        if name.rpartition(":")[2] in keep:
            inside[0] += 1
        start(name.rpartition(":")[2], attrs)

    def e(name):
        local = name.rpartition(":")[2]
        end(local)
        if local in keep:
            inside[0] -= 1

    p.StartElementHandler, p.EndElementHandler = s, e
    p.CharacterDataHandler = lambda d: text(d) if inside[0] else None
    p.buffer_text = True
    with z.open(part) as f:
        p.ParseFile(f)


def sheet_parts(z: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Sheet name → its XML member."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out = {}
    for s in wb.iter(f"{_MAIN}sheet"):
        t = target.get(s.get(rid), "")
        part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
        if part in z.NameToInfo:
            out[s.get("name")] = z.NameToInfo[part]
    return out


def large_sheets(p: Path) -> set[str]:
    """Names of the sheets of ``p`` to stream (XML above :data:`STREAM_ABOVE`)."""
    try:
        with zipfile.ZipFile(p) as z:
            return {n for n, info in sheet_parts(z).items() if info.file_size > STREAM_ABOVE}
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        return set()


class StreamSheet:
    """The part of python-calamine's sheet that the workbook reader uses, streamed:
    ``name``, ``start``, ``merged_cell_ranges`` and ``iter_rows()`` (rows from sheet row 0,
    absolute columns). ``formulas`` fills with (row, column) → formula as rows go by."""

    def __init__(self, p: Path, name: str) -> None:
        self.path, self.name, self.start = p, name, (0, 0)
        self.formulas: dict[tuple[int, int], str] = {}
        self._merges: list | None = None

    @property
    def merged_cell_ranges(self) -> list:
        if self._merges is None:
            self._merges = self._scan_merges()
        return self._merges

    def _scan_merges(self) -> list:
        out, tail = [], b""
        with zipfile.ZipFile(self.path) as z, z.open(sheet_parts(z)[self.name]) as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                buf = tail + chunk
                out += [((int(m[2]) - 1, _column(m[1])), (int(m[4]) - 1, _column(m[3])))
                        for m in _MERGE.finditer(buf)]
                tail = buf[-200:]
        return sorted(set(out))

    def iter_rows(self) -> Iterator[list]:
        with zipfile.ZipFile(self.path) as z:
            book = _Book(z)
            yield from _Rows(book, self.formulas).run(z, sheet_parts(z)[self.name].filename)


class _Rows:
    """expat handlers building one row at a time; finished rows are handed on in small
    groups, so memory holds a few rows, not the sheet."""

    def __init__(self, book: _Book, formulas: dict) -> None:
        self.book, self.formulas = book, formulas
        self.done: list[tuple[int, list]] = []
        self.row: dict[int, object] = {}
        self.r, self.next_row = 0, 0
        self.cell: dict | None = None
        self.buf: list[str] = []

    def start(self, name, attrs):
        if name == "row":
            self.r = int(attrs["r"]) - 1 if "r" in attrs else self.next_row
            self.row = {}
        elif name == "c":
            m = _CELL.match(attrs.get("r", ""))
            col = _column(m.group(1)) if m else len(self.row)
            self.cell = {"col": col, "t": attrs.get("t", "n"), "s": int(attrs.get("s", 0)),
                         "v": None, "f": None}
        elif name in ("v", "t", "f"):
            self.buf = []

    def end(self, name):
        if name in ("v", "t") and self.cell is not None:
            self.cell["v"] = (self.cell["v"] or "") + "".join(self.buf)
        elif name == "f" and self.cell is not None:
            self.cell["f"] = "".join(self.buf)
        elif name == "c" and self.cell is not None:
            self._finish_cell(self.cell)
            self.cell = None
        elif name == "row":
            width = max(self.row) + 1 if self.row else 0
            self.done.append((self.r, [self.row.get(c, "") for c in range(width)]))
            self.next_row = self.r + 1

    def _finish_cell(self, c: dict) -> None:
        v, t = c["v"], c["t"]
        if v is None or v == "":
            if c["f"] is not None:
                self.formulas[(self.r + 1, c["col"])] = c["f"] or "(shared formula)"
            return
        if t == "s":
            value = self.book.strings[int(v)]
        elif t in ("str", "inlineStr", "e", "d"):
            value = v
        elif t == "b":
            value = v == "1"
        else:
            num = float(v)
            value = self.book.date(num) if c["s"] in self.book.date_styles else num
        self.row[c["col"]] = value

    def run(self, z: zipfile.ZipFile, part: str) -> Iterator[list]:
        p = expat.ParserCreate()
        p.StartElementHandler = lambda n, a: self.start(n.rpartition(":")[2], a)
        p.EndElementHandler = lambda n: self.end(n.rpartition(":")[2])
        p.CharacterDataHandler = self.buf_text
        p.buffer_text = True
        expected = 0
        with z.open(part) as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                p.Parse(chunk, False)
                for r, cells in self.done:
                    while expected < r:  # rows the sheet leaves out are empty rows
                        yield []
                        expected += 1
                    yield cells
                    expected += 1
                self.done.clear()
            p.Parse(b"", True)
        for r, cells in self.done:
            while expected < r:
                yield []
                expected += 1
            yield cells
            expected += 1

    def buf_text(self, data: str) -> None:
        self.buf.append(data)
