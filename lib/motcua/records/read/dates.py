"""Dates as exports write them, parsed vectorised to ``timestamp[ns]`` with a calendar check.

Day-first (``28/01/2022 15:30``), ISO (``2022-01-28T15:30:00``) or Excel serial day numbers
(``44589,65``; 1900 date system). Each value is parsed on its own, so a column may mix formats; a
value that fits none comes back as "bad". ``01/02/2022`` is 1 February, never 2 January.
docs/records.md explains the two passes and why pyarrow's own parsers are not used alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


#: Formats a date cell may have (Python strptime syntax), day-first Vietnamese forms first.
DATE_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d-%m-%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%H:%M %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y", "%Y/%m/%d",
)
#: Zero-padded fixed-width layouts parsed in bulk with numpy (D day, M month, Y year, h m s
#: time; anything else is a literal). Values in any other layout go to the per-value path.
_TEMPLATES: tuple[str, ...] = (
    "DD/MM/YYYY hh:mm", "DD/MM/YYYY", "DD/MM/YYYY hh:mm:ss", "YYYY-MM-DD", "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DDThh:mm:ss", "YYYY-MM-DD hh:mm", "DD-MM-YYYY", "DD-MM-YYYY hh:mm", "DD.MM.YYYY",
)
#: Excel's 1900 date system: serial 1 = 1900-01-01 with the 1900 leap-year bug, so serials
#: from 61 on count from 1899-12-30 (ECMA-376 Part 1 §18.17.4.1).
EXCEL_EPOCH = np.datetime64("1899-12-30", "ns")
_SERIAL = re.compile(r"^\d{5}([.,]\d+)?$")  # 10000-99999 = 1927-05-18 .. 2173-10-14
#: Plausible range for dates in one-stop records: anything outside is a typo, not a date.
DATE_MIN = np.datetime64("1990-01-01", "ns")
DATE_MAX = np.datetime64("2100-01-01", "ns")
_NAT = np.iinfo(np.int64).min


@dataclass
class ParsedDates:
    """Result of :func:`parse_vn_datetimes`: ``values`` (timestamp[ns], null where not parsed),
    ``bad`` (non-null input that is not a valid date) and ``out_of_range`` (a valid date outside
    1990-2099; also set in ``bad``). ``one_layout``: every value had one zero-padded layout
    (checked byte by byte), so no value holds anything else, a line break included."""

    values: pa.Array
    bad: np.ndarray
    out_of_range: np.ndarray
    one_layout: bool = False


def parse_vn_datetimes(arr: pa.Array) -> ParsedDates:
    """Parse a string column of dates (see the module docstring) to ``timestamp[ns]``.

    Two passes: zero-padded fixed-width layouts (:data:`_TEMPLATES`, what exports write) are
    recognised on the raw bytes and parsed in bulk (:func:`_fixed_width`); every other distinct
    value is
    parsed by Python's ``datetime.strptime`` over :data:`DATE_FORMATS`, ISO 8601 (fractions,
    ``Z``) and Excel serials. Both passes reject impossible calendar dates: ``31/02/2022`` is
    bad, whereas pyarrow's strptime (and its CSV ``timestamp_parsers``) silently turn it into
    3 March.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    n = len(arr)
    if pa.types.is_timestamp(arr.type):
        out = arr.cast(pa.timestamp("ns")).cast(pa.int64()).to_numpy(zero_copy_only=False)
        out = np.where(arr.is_valid().to_numpy(zero_copy_only=False), out, _NAT)
        bad = np.zeros(n, dtype=bool)
    else:
        if not pa.types.is_string(arr.type):
            arr = arr.cast(pa.string())
        fast = _one_layout(arr)
        if fast is not None:
            return fast
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        out = np.full(n, _NAT, dtype=np.int64)
        done = ~valid
        _fixed_width(arr, out, done)
        rest = np.flatnonzero(~done)
        bad = np.zeros(n, dtype=bool)
        if len(rest):
            sub = pc.take(arr, pa.array(rest)).dictionary_encode()
            parsed = np.array([_parse_one(v) for v in sub.dictionary.to_pylist()] + [_NAT],
                              dtype=np.int64)
            vals = parsed[sub.indices.to_numpy(zero_copy_only=False)]
            out[rest] = vals
            bad[rest] = vals == _NAT
    ok = out != _NAT
    oob = ok & ((out < DATE_MIN.astype(np.int64)) | (out >= DATE_MAX.astype(np.int64)))
    if oob.any():
        out[oob] = _NAT
        bad |= oob
    values = pa.array(out, pa.int64(), mask=out == _NAT).cast(pa.timestamp("ns"))
    return ParsedDates(values, bad, oob)


#: template → the strptime format that reads it (pyarrow's kernel is ~3× faster than numpy
#: field arithmetic; the calendar check it lacks is done on the day digits, see below)
_TEMPLATE_FORMAT = {
    "DD/MM/YYYY hh:mm": "%d/%m/%Y %H:%M", "DD/MM/YYYY": "%d/%m/%Y",
    "DD/MM/YYYY hh:mm:ss": "%d/%m/%Y %H:%M:%S", "YYYY-MM-DD": "%Y-%m-%d",
    "YYYY-MM-DD hh:mm:ss": "%Y-%m-%d %H:%M:%S", "YYYY-MM-DDThh:mm:ss": "%Y-%m-%dT%H:%M:%S",
    "YYYY-MM-DD hh:mm": "%Y-%m-%d %H:%M", "DD-MM-YYYY": "%d-%m-%Y",
    "DD-MM-YYYY hh:mm": "%d-%m-%Y %H:%M", "DD.MM.YYYY": "%d.%m.%Y",
}


def _one_layout(arr: pa.StringArray) -> ParsedDates | None:
    """The common case in one step: every non-null value has the same zero-padded layout.

    Returns None (use the general path) unless all of this holds: one template fits every
    value (checked on the raw bytes), pyarrow's strptime parses all of them, no value's
    written day of month 29-31 was rolled over into the next month, and all dates lie in
    1990-2099. Then the strptime result *is* the answer, with no per-row scatter.
    """
    n = len(arr)
    if n == 0 or arr.null_count == n or arr.buffers()[2] is None:
        return None
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    lengths = np.diff(off)
    nonempty = lengths > 0
    k = int(nonempty.sum())
    if k != n - arr.null_count or not k:
        return None  # an empty non-null string, or an odd buffer
    width = int(lengths[np.argmax(nonempty)])
    if int(off[-1] - off[0]) != k * width:
        return None  # values of several widths
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    m = data[off[0]:off[-1]].reshape(k, width)
    for tpl in (t for t in _TEMPLATES if len(t) == width):
        lit = [i for i, ch in enumerate(tpl) if ch not in "DMYhms"]
        want = np.array([ord(tpl[i]) for i in lit], np.uint8)
        if (m[:, lit] == want).all():
            break
    else:
        return None
    parsed = pc.strptime(arr, format=_TEMPLATE_FORMAT[tpl], unit="ns", error_is_null=True)
    if parsed.null_count != arr.null_count:
        return None
    d0 = tpl.index("D")
    dw = (m[:, d0] - np.uint8(48)).astype(np.int16) * 10 + (m[:, d0 + 1] - 48)
    late = np.flatnonzero(dw >= 29)
    if len(late):
        pos = np.flatnonzero(nonempty)[late]
        if not np.array_equal(pc.day(parsed.take(pa.array(pos))).to_numpy(), dw[late]):
            return None  # a rolled-over 29-31: the general path reports it
    lo, hi = pc.min_max(parsed.cast(pa.int64())).values()
    if lo.as_py() < int(DATE_MIN.astype(np.int64)) or hi.as_py() >= int(DATE_MAX.astype(np.int64)):
        return None
    none = np.zeros(n, dtype=bool)
    return ParsedDates(parsed, none, none.copy(), one_layout=True)


def _fixed_width(arr: pa.StringArray, out: np.ndarray, done: np.ndarray) -> None:
    """Parse values laid out exactly as one of :data:`_TEMPLATES` (sets ``out``/``done``).

    The layout (width, separators, digits) is checked on the raw bytes with numpy (a view of
    the arrow buffer when all values have one width); matching rows are parsed by pyarrow's
    strptime. That kernel *normalises* impossible dates (31/02 → 03/03), so a row only counts
    as parsed when the day it produced equals the day digits written in the text; the rest
    fall through to the per-value path, which rejects them.
    """
    n = len(arr)
    if n == 0 or arr.buffers()[2] is None:
        return
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
    lengths = np.diff(off)
    nonempty = int((lengths > 0).sum())
    for tpl in _TEMPLATES:
        if done.all():
            break
        width = len(tpl)
        sel = np.flatnonzero((lengths == width) & ~done)
        if not len(sel):
            continue
        whole = len(sel) == nonempty and int(off[-1] - off[0]) == len(sel) * width
        m = (data[off[0]:off[-1]].reshape(len(sel), width) if whole
             else data[off[sel][:, None] + np.arange(width)])
        # cheap reject: look at the first row only before checking them all
        lit = [i for i, ch in enumerate(tpl) if ch not in "DMYhms"]
        want = np.array([ord(tpl[i]) for i in lit], np.uint8)
        if not (m[0, lit] == want).all() and not (m[:, lit] == want).all(axis=1).any():
            continue
        ok = (m[:, lit] == want).all(axis=1)
        if not ok.any():
            continue
        d0 = tpl.index("D")
        day_written = (m[:, d0] - np.uint8(48)).astype(np.int64) * 10 + (m[:, d0 + 1] - 48)
        rows = sel if ok.all() else sel[ok]
        dw = day_written if ok.all() else day_written[ok]
        # strptime over the whole column when most rows are this template (nulls cost
        # nothing), else over the template's rows only
        whole_col = 2 * len(rows) >= n
        sub = arr if whole_col else pc.take(arr, pa.array(rows))
        parsed = pc.strptime(sub, format=_TEMPLATE_FORMAT[tpl], unit="ns", error_is_null=True)
        vals = parsed.cast(pa.int64()).fill_null(-1).to_numpy()
        day_parsed = pc.day(parsed).fill_null(-1).to_numpy()
        if whole_col:
            vals, day_parsed = vals[rows], day_parsed[rows]
        good = (day_parsed == dw) & (vals != -1)
        out[rows[good]] = vals[good]
        done[rows[good]] = True


def _parse_one(value: str) -> int:
    """One date text → ns since the epoch, or the NaT sentinel. Python's strptime checks the
    calendar (no 31 February) and accepts unpadded fields ("5/2/2022 8:05")."""
    import datetime as _dt

    s = value.strip()
    for fmt in DATE_FORMATS:
        try:
            t = _dt.datetime.strptime(s, fmt)
        except ValueError:
            continue
        return int(np.datetime64(t, "ns").astype(np.int64))
    try:
        t = _dt.datetime.fromisoformat(s)
        if t.tzinfo is not None:  # an offset given: convert to Vietnam local time (UTC+7)
            t = (t.astimezone(_dt.timezone(_dt.timedelta(hours=7)))).replace(tzinfo=None)
        return int(np.datetime64(t, "ns").astype(np.int64))
    except ValueError:
        pass
    if _SERIAL.match(s):
        days = float(s.replace(",", "."))
        return int(EXCEL_EPOCH.astype(np.int64) + round(days * 86_400e9))
    return _NAT
