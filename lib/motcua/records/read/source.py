"""A table file after inspection (``Source``), the blocks of rows read from it (``Batch``), and
the two entry points: ``inspect_all`` (format, encoding, header; one source per sheet) and
``iter_batches`` (rows as pyarrow blocks with their file row numbers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from motcua.errors import InputError

#: Suffixes of the workbook formats python-calamine reads.
EXCEL_SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_MAGIC = {b"PK\x03\x04": "zip", b"\xd0\xcf\x11\xe0": "xls"}


@dataclass
class Source:
    """A readable table: a CSV file or one sheet of a workbook.

    ``header`` holds the column labels (NFC, trimmed; flattened for two-row Excel headers);
    ``first_data_row`` is the 1-based row of the first data row as a person counts rows in the
    file or sheet (CSV: 2); ``notes`` records anything the reader had to interpret;
    ``data_path`` is the file whose bytes are parsed (a UTF-8 copy of a UTF-16 export).
    """

    path: Path
    format: str
    header: list[str]
    first_data_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    data_path: Path | None = None
    excel: object | None = None  # excel.SheetLayout of a workbook sheet
    header_end: int = 0  # CSV: byte offset in data_path after the header line
    hidden: bool = False  # a workbook sheet the user does not see (lookup lists of a template)

    def record_of(self, row: int) -> int:
        """0-based data record of a file row (CSV: one line per record before a restart)."""
        return row - self.first_data_row

    @property
    def label(self) -> str:
        """How messages name this source: the file, and the sheet of a workbook."""
        return f"{self.path} [sheet {self.sheet!r}]" if self.sheet else str(self.path)


@dataclass
class Batch:
    """A block of rows: ``table`` has the requested columns (named by position ``c<i>``),
    ``rows`` the 1-based file row number of each table row. ``verified``: the reader has
    already checked every record against line breaks inside cells (the careful reader and
    workbooks); other blocks are checked by the caller (``has_line_break``)."""

    table: pa.Table
    rows: np.ndarray
    verified: bool = False


@dataclass
class MalformedRow:
    """A row that is not a record of the header's width; ``code`` is its quarantine reason
    (``malformed_row``, ``stray_quote``)."""

    row: int
    reason: str
    text: str
    code: str = "malformed_row"
    column: str = "*"


def _check_file(p: Path) -> None:
    if not p.exists():
        raise InputError(p, "file not found")
    if not p.is_file():
        raise InputError(p, "not a file")
    try:
        size = p.stat().st_size
        with p.open("rb") as f:
            f.read(1)
    except OSError as e:
        raise InputError(p, f"cannot read: {e.strerror or e}") from None
    if size == 0:
        raise InputError(p, "empty file (0 bytes)", row=1)


def file_kind(p: Path) -> str:
    """``csv`` or a workbook format (``xlsx``, ``xls``, ``ods``), by content first, then by
    suffix (a CSV saved as .xls by a web export is still read as text)."""
    with p.open("rb") as f:
        magic = f.read(4)
    kind = _MAGIC.get(magic)
    suffix = EXCEL_SUFFIXES.get(p.suffix.lower())
    if kind == "zip":
        return "ods" if suffix == "ods" else "xlsx"
    if kind == "xls":
        return "xls"
    if suffix in ("xlsx", "ods"):
        return suffix  # claims to be a workbook and is not a zip: the workbook reader says so
    return "csv"


def inspect_all(path: str | Path, is_header_label: Callable[[str], bool] | None = None,
                sheets: Sequence[str] | None = None) -> list[Source]:
    """Every readable table in ``path``: one source for a CSV file, one per non-empty sheet of a
    workbook (``sheets`` chooses sheets by name). Fatal problems raise ``InputError``: missing or
    empty file, a header with no data rows, undecodable text, an unreadable workbook."""
    from motcua.records.read import delimited, excel

    p = Path(path)
    _check_file(p)
    kind = file_kind(p)
    try:
        if kind == "csv":
            if sheets:
                raise InputError(p, "a CSV file has no sheets to choose (--sheet)")
            return [delimited.inspect_csv(p, is_header_label)]
        return excel.inspect_workbook(p, kind, is_header_label, sheets)
    except PermissionError as e:
        raise InputError(p, f"cannot read: {e.strerror or e}") from None


def inspect(path: str | Path, is_header_label: Callable[[str], bool] | None = None) -> Source:
    """The first table of ``path`` (see :func:`inspect_all`)."""
    return inspect_all(path, is_header_label)[0]


def iter_batches(src: Source, types: dict[int, pa.DataType],
                 malformed: dict[int, MalformedRow], state: dict,
                 start_record: int | None = None) -> Iterator[Batch]:
    """Stream the columns ``types`` (by position) as pyarrow batches with file row numbers.
    ``start_record`` (0-based data record of a CSV file) reads again, carefully, from a record
    given out before. Rows that are not records go into ``malformed`` (keyed by row number)
    for the caller to quarantine; nothing is dropped."""
    from motcua.records.read import delimited, excel

    if src.format == "csv":
        return delimited.iter_csv(src, types, malformed, state, start_record)
    return excel.iter_sheet(src, types, malformed, state)
