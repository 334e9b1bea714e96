"""Workbooks (.xlsx, .xlsm, .xls, .ods) through python-calamine: every sheet, the header found
below title rows, merged header cells flattened, cells as the text a CSV export would carry.

openpyxl is not used to read: calamine reads all three formats. What calamine does not give,
the saved formula of an .xlsx cell, comes from the sheet's XML (:mod:`formulas`); a sheet too
large to hold in memory is streamed (:mod:`xlsx_stream`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from motcua.errors import InputError
from motcua.records.read.source import Batch, MalformedRow, Source
from motcua.records.read.text import nfc

#: Rows per block handed to the engine.
ROWS_PER_BATCH = 50_000
#: Non-empty rows searched for the header (title rows above it are common).
HEADER_SCAN = 30


@dataclass
class SheetLayout:
    """Where the data of one sheet are: ``data_start`` (0-based row of the first data row),
    the column offset of calamine's rows, and formulas saved without a value (file row,
    0-based column) → formula text."""

    kind: str
    data_start: int
    col_offset: int
    width: int
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    stream: bool = False


def cell_text(v) -> str | None:
    """An Excel cell as the text a CSV export would carry (Vietnamese decimal comma)."""
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return np.format_float_positional(v, trim="-").replace(".", ",")
    return str(v)


def _open(p: Path):
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(p))
    except PermissionError:
        raise
    except Exception as e:  # calamine raises several types for broken archives
        raise InputError(p, f"cannot open as an Excel workbook ({type(e).__name__}: "
                            f"{str(e).splitlines()[0] if str(e) else ''})") from None


def _sheet(wb, p: Path, name: str, stream: bool = False):
    if stream:
        from motcua.records.read.xlsx_stream import StreamSheet

        return StreamSheet(p, name)
    try:
        return wb.get_sheet_by_name(name)
    except Exception as e:  # noqa: BLE001 - calamine's errors carry the reason
        raise InputError(p, f"cannot read sheet {name!r} ({type(e).__name__}: {e})") from None


def _rows(sheet, start: int = 0) -> Iterator[tuple[int, list[str | None]]]:
    """(0-based sheet row, cells as text) from row ``start`` on; calamine's rows begin at
    sheet row 0 and at the first used column."""
    for i, row in enumerate(sheet.iter_rows()):
        if i >= start:
            yield i, [cell_text(v) for v in row]


def _nonempty(cells: list[str | None]) -> bool:
    return any(c is not None and c.strip() for c in cells)


def _find_header(top: list[tuple[int, list]], is_label) -> int:
    """Index in ``top`` of the header: the first row with ≥2 known labels, else the first."""
    if is_label is not None:
        for k, (_, cells) in enumerate(top[:HEADER_SCAN]):
            labels = [nfc(c) for c in cells if c is not None]
            if sum(bool(is_label(x)) for x in labels) >= 2:
                return k
    return 0


def _flatten(header: list[str], top: list, k: int, merges: list, offset: int,
             notes: list[str]) -> int:
    """Merged header cells: spread a label over its columns; a group label over sub-labels on
    the next row ("Ngày" + "tiếp nhận") becomes one label. Returns the rows the header takes."""
    hdr = top[k][0]
    hm = [(r0, c0 - offset, r1, c1 - offset) for (r0, c0), (r1, c1) in merges
          if r0 <= hdr <= r1]
    if not hm:
        return 1
    cells = top[k][1]
    for r0, c0, r1, c1 in hm:
        if r0 == hdr and 0 <= c0 < len(cells) and cells[c0] is not None:
            for c in range(max(c0, 0), min(c1 + 1, len(header))):
                header[c] = header[c] or nfc(cells[c0])
    wide = [m for m in hm if m[3] > m[1]]
    if not wide:
        return max(r1 for _, _, r1, _ in hm) - hdr + 1
    sub = top[k + 1][1] if k + 1 < len(top) and top[k + 1][0] == hdr + 1 else []
    for c in range(len(header)):
        covered = [m for m in hm if m[1] <= c <= m[3]]
        vertical = covered and covered[0][2] > hdr
        if c < len(sub) and sub[c] is not None and sub[c].strip() and not vertical:
            header[c] = nfc(f"{header[c]} {sub[c]}") if header[c] else nfc(sub[c])
    notes.append("merged header cells flattened: " + ", ".join(_a1(m, offset) for m in wide))
    return 2


def _a1(m: tuple[int, int, int, int], offset: int) -> str:
    def col(i: int) -> str:
        s, i = "", i + 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        return s

    return f"{col(m[1] + offset)}{m[0] + 1}:{col(m[3] + offset)}{m[2] + 1}"


def _inspect_sheet(p: Path, kind: str, sheet, is_label, stream: bool) -> Source | None:
    """The header and layout of one sheet; None for a sheet with nothing in it."""
    top: list[tuple[int, list]] = []
    for i, cells in _rows(sheet):
        if _nonempty(cells):
            top.append((i, cells))
            if len(top) >= HEADER_SCAN + 2:
                break
    if not top:
        return None
    k = _find_header(top, is_label)
    width = max(len(c) for _, c in top)
    header = [nfc(c) if c is not None else "" for c in top[k][1]] + [""] * width
    header = header[:width]
    notes: list[str] = []
    if k:
        notes.append(f"header found on row {top[k][0] + 1}; rows above it are titles")
    offset = (sheet.start or (0, 0))[1]
    taken = _flatten(header, top, k, sheet.merged_cell_ranges or [], offset, notes)
    layout = SheetLayout(kind, top[k][0] + taken, offset, width, stream=stream)
    src = Source(p, kind, header, layout.data_start + 1, sheet=sheet.name, notes=notes,
                 excel=layout)
    return src


def inspect_workbook(p: Path, kind: str, is_label: Callable[[str], bool] | None,
                     sheets: Sequence[str] | None) -> list[Source]:
    """One source per sheet that has a header (``sheets`` chooses by name). Sheets with nothing
    in them are left out and named in the first source's notes."""
    from motcua.records.read import formulas, xlsx_stream

    large = xlsx_stream.large_sheets(p) if kind == "xlsx" else set()
    wb = _open(p)
    try:
        names = list(wb.sheet_names)
        for s in sheets or ():
            if s not in names:
                raise InputError(p, f"no sheet {s!r}; the workbook has "
                                    f"{', '.join(repr(n) for n in names)}")
        import python_calamine

        visible = python_calamine.SheetVisibleEnum.Visible
        hidden = {m.name for m in wb.sheets_metadata if m.visible != visible}
        out, empty = [], []
        for name in sheets or names:
            src = _inspect_sheet(p, kind, _sheet(wb, p, name, name in large), is_label,
                                 name in large)
            if src is None:
                empty.append(name)
            else:
                src.hidden = name in hidden
                out.append(src)
    finally:
        wb.close()
    if not out:
        raise InputError(p, "empty sheet" if len(names) == 1 else "every sheet is empty", row=1)
    if empty:
        out[0].notes.append(f"empty sheets left out: {', '.join(empty)}")
    if kind == "xlsx":
        formulas.attach(p, [s for s in out if not s.excel.stream])  # streamed: as rows go by
    return out


def iter_sheet(src: Source, types: dict[int, pa.DataType], malformed: dict[int, MalformedRow],
               state: dict) -> Iterator[Batch]:
    """The sheet's non-empty data rows in blocks of :data:`ROWS_PER_BATCH`, as text cells."""
    state.update(serial=True)
    lay: SheetLayout = src.excel
    cols = sorted(types)
    buf: list[list[str | None]] = []
    rows: list[int] = []
    wb = _open(src.path)
    sheet = _sheet(wb, src.path, src.sheet, lay.stream)
    if lay.stream:
        lay.formulas = sheet.formulas  # filled as rows go by, before each row is handed on
    try:
        for i, cells in _rows(sheet, lay.data_start):
            if not _nonempty(cells):
                continue
            if _formula_missing(src, i + 1, cells, cols, malformed):
                continue
            buf.append([cells[c] if c < len(cells) else None for c in cols])
            rows.append(i + 1)
            if len(buf) >= ROWS_PER_BATCH:
                yield _batch(buf, rows, cols, types)
                buf, rows = [], []
    finally:
        wb.close()
    if buf:
        yield _batch(buf, rows, cols, types)


def _formula_missing(src: Source, row: int, cells, cols, malformed) -> bool:
    """A row whose read cell holds a formula saved without its value is quarantined whole
    (``formula_without_value``): the empty cell would otherwise read as a missing value."""
    lay: SheetLayout = src.excel
    if not lay.formulas:
        return False
    for c in cols:
        f = lay.formulas.get((row, c + lay.col_offset))
        if f is not None:
            malformed.setdefault(row, MalformedRow(
                row, f"the cell holds the formula ={f} saved without its value (open the file "
                     f"in a spreadsheet, let it calculate, save it again)",
                "", "formula_without_value", column=src.header[c] or f"column {c + 1}"))
            return True
    return False


def _batch(buf: list[list[str | None]], rows: list[int], cols: list[int],
           types: dict[int, pa.DataType]) -> Batch:
    out = {}
    for k, c in enumerate(cols):
        arr = pa.array([r[k] if r[k] is None or r[k].strip() else None for r in buf],
                       pa.string())
        out[f"c{c}"] = arr.dictionary_encode() if pa.types.is_dictionary(types[c]) else arr
    return Batch(pa.table(out), np.asarray(rows, dtype=np.int64), verified=True)
