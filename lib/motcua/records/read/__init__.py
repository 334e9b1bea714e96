"""Readers of exports as offices send them: text encodings, CSV dialects, workbooks (.xlsx,
.xls, .ods), Vietnamese numbers and dates, NFC text. See docs/records.md."""

from motcua.records.read.dates import (  # noqa: F401
    DATE_FORMATS, DATE_MAX, DATE_MIN, EXCEL_EPOCH, ParsedDates, parse_vn_datetimes,
)
from motcua.records.read.delimited import BLOCK_SIZE, has_line_break, sniff_delimiter  # noqa: F401
from motcua.records.read.encoding import detect_encoding, locate_bad_text  # noqa: F401
from motcua.records.read.excel import cell_text  # noqa: F401
from motcua.records.read.numbers import parse_vn_numbers  # noqa: F401
from motcua.records.read.source import (  # noqa: F401
    Batch, MalformedRow, Source, inspect, inspect_all, iter_batches,
)
from motcua.records.read.text import as_plain_strings, clean_text, nfc  # noqa: F401
