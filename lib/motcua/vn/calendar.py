"""Working days of Vietnamese public offices: holidays, swapped days, counting working days.

Rules, each with its source:

- **Working day** (ngày làm việc): Monday to Friday, except public holidays, observed
  (compensatory) days and swapped days off; plus the Saturdays worked in exchange for a swapped day
  off (ngày làm bù). Public holidays: Labour Code 2019 (45/2019/QH14) Art. 112, as implemented by
  the ``holidays`` package (``holidays.country_holidays("VN")``: lunar Tết and Giỗ Tổ through its
  Chinese-calendar tables, observed days when a holiday falls on a weekend, and the swapped days
  off of each year's government dispatch). Saturdays worked come from
  ``data/calendar/swapped_days.csv`` (one row per swap, with its decision number; see
  ``data/calendar/SOURCE.md``).
- **Counting a period** (Civil Code 2015, 91/2015/QH13, Arts. 147–148): a period counted in days
  starts on the day *after* the triggering event; it ends at 24:00 of its last day; if the last
  day is a weekend day or a holiday the period ends at the end of the next working day.

Office hours, hour limits, the 15:00 certification rule and due dates are in
``motcua.vn.deadlines``, which counts on this calendar.

Implementation: one ``numpy.busdaycalendar`` with a **seven-day** weekmask whose "holidays" are
every non-working day (weekends except Saturdays worked, plus holidays). numpy's usual
Monday–Friday weekmask cannot express a working Saturday, and holidays can only remove days, so
the weekends are listed as holidays instead; ``numpy.busday_offset``/``busday_count``/``is_busday``
then do all the counting, vectorised. The calendar covers ``FIRST_YEAR``–``LAST_YEAR`` and raises
outside it (numpy would silently treat a missing year as holiday-free).

Every function takes a scalar (``str``, ``date``, ``datetime``, ``pd.Timestamp``) or a
``pd.Series`` and returns the same shape: a ``pd.Timestamp`` / ``bool`` for a scalar, a Series
(``datetime64[us]`` / ``bool``) on the same index for a Series. Times are naive local time. The
vectorised building blocks (``as_datetime_series``, ``calendar_days``, ``offset_days``,
``last_working_day``, ``check_in_calendar``, ``dates_like``) are public for
``motcua.vn.deadlines``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays as holidays_pkg
import numpy as np
import pandas as pd

from motcua.config import DATA_DIR

FIRST_YEAR = 2018
LAST_YEAR = 2030
SWAPPED_DAYS_PATH = DATA_DIR / "calendar" / "swapped_days.csv"

#: A day-counted period ends at 24:00 of its last day (Civil Code 2015 Art. 148); stored as
#: 23:59:59 so that ``end <= due_at`` holds for anything finished on the due day.
END_OF_DAY = pd.Timedelta(hours=23, minutes=59, seconds=59)
#: Unit of a statutory time limit (``DonViTinh``: working day / day / hour / month;
#: docs/domain.md §1.4); :func:`motcua.vn.deadlines.due_at` counts each. The one definition
#: (``motcua.vn.vocab`` maps labels to it).
LIMIT_UNITS: tuple[str, ...] = ("working_day", "day", "hour", "month")

_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class WorkCalendar:
    """Non-working days for ``first_year``–``last_year`` and the numpy calendar built from them."""

    first_year: int
    last_year: int
    holidays: tuple[dt.date, ...]  # weekdays that are not working days (public, observed, swapped)
    working_weekend_days: tuple[dt.date, ...]  # Saturdays (or Sundays) worked: ngày làm bù
    busdaycal: np.busdaycalendar

    @property
    def start(self) -> np.datetime64:
        return np.datetime64(f"{self.first_year}-01-01", "D")

    @property
    def end(self) -> np.datetime64:  # exclusive
        return np.datetime64(f"{self.last_year + 1}-01-01", "D")


def load_swapped_days(path: str | Path | None = None) -> pd.DataFrame:
    """Read the table of swapped working days (``data/calendar/swapped_days.csv``).

    Columns: ``work_date``, ``day_off`` (datetime64), ``decision``, ``issuer``, ``signed``,
    ``verified`` (bool), ``source_url``, ``note``. Raises ``ValueError`` if a ``work_date`` is not
    a weekend day or a ``day_off`` is one: a swap always trades a weekday off for a weekend day
    worked.
    """
    path = Path(path) if path is not None else SWAPPED_DAYS_PATH
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = df.assign(
        work_date=pd.to_datetime(df["work_date"], format="%Y-%m-%d"),
        day_off=pd.to_datetime(df["day_off"], format="%Y-%m-%d"),
        verified=df["verified"].str.lower().eq("true"),
    )
    bad_work = out["work_date"].dt.day_of_week < 5
    bad_off = out["day_off"].dt.day_of_week >= 5
    if bad_work.any() or bad_off.any():
        rows = sorted(set(out.index[bad_work | bad_off] + 2))
        raise ValueError(
            f"{path}: rows {rows}: work_date must be a weekend day, day_off a weekday"
        )
    return out


def build_calendar(
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    swapped_days: pd.DataFrame | None = None,
) -> WorkCalendar:
    """Build the working-day calendar from the ``holidays`` package and the swapped-days table."""
    if swapped_days is None:
        swapped_days = load_swapped_days()
    years = range(first_year, last_year + 1)
    public = holidays_pkg.country_holidays("VN", years=years, language="en_US")
    off = {d for d in public if first_year <= d.year <= last_year}
    worked = set()
    for row in swapped_days.itertuples():
        if first_year <= row.day_off.year <= last_year:
            off.add(row.day_off.date())
        if first_year <= row.work_date.year <= last_year:
            worked.add(row.work_date.date())
    days = pd.date_range(f"{first_year}-01-01", f"{last_year}-12-31", freq="D")
    weekend = {d.date() for d in days[days.day_of_week >= 5]}
    non_working = (weekend - worked) | off
    cal = np.busdaycalendar(
        weekmask="1111111", holidays=np.array(sorted(non_working), dtype="datetime64[D]")
    )
    return WorkCalendar(
        first_year=first_year,
        last_year=last_year,
        holidays=tuple(sorted(d for d in off if d.weekday() < 5)),
        working_weekend_days=tuple(sorted(worked)),
        busdaycal=cal,
    )


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar for ``FIRST_YEAR``–``LAST_YEAR`` built once per process."""
    return build_calendar()


# ---------------------------------------------------------------------------------------------
# vectorised building blocks: scalar or Series in, same shape out


def as_datetime_series(x) -> tuple[pd.Series, bool]:
    """Return ``(datetime Series, was_scalar)``."""
    if isinstance(x, pd.Series):
        s = x if pd.api.types.is_datetime64_any_dtype(x) else pd.to_datetime(x)
        return s, False
    if isinstance(x, (pd.Index, np.ndarray, list, tuple)):
        return pd.Series(pd.to_datetime(x)), False
    return pd.Series([pd.Timestamp(x)]), True


def calendar_days(s: pd.Series, cal: WorkCalendar) -> np.ndarray:
    """Dates as ``datetime64[D]``; raises if a date falls outside the calendar's years."""
    d = s.to_numpy(dtype="datetime64[us]").astype("datetime64[D]")
    ok = ~np.isnat(d)
    if ok.any() and ((d[ok] < cal.start).any() or (d[ok] >= cal.end).any()):
        lo, hi = d[ok].min(), d[ok].max()
        raise ValueError(
            f"dates {lo}..{hi} fall outside the working-day calendar "
            f"{cal.first_year}-{cal.last_year}; build_calendar(first_year, last_year) covers more"
        )
    return d


def dates_like(d: np.ndarray, like: pd.Series, scalar: bool, time: pd.Timedelta | None = None):
    """``datetime64`` dates back in the caller's shape: a Timestamp, or a Series on ``like``'s
    index; ``time`` is added to each."""
    ts = pd.Series(d.astype("datetime64[us]"), index=like.index)
    if time is not None:
        ts = ts + time
    return ts.iloc[0] if scalar else ts


def check_in_calendar(d: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    """``d`` unchanged; raises if a date runs outside the calendar's years."""
    ok = ~np.isnat(d)
    if ok.any() and ((d[ok] < cal.start).any() or (d[ok] >= cal.end).any()):
        raise ValueError(
            f"dates run outside the working-day calendar {cal.first_year}-{cal.last_year}"
        )
    return d


def offset_days(d: np.ndarray, n, roll: str, cal: WorkCalendar) -> np.ndarray:
    """``numpy.busday_offset`` that refuses to step outside the calendar's years."""
    return check_in_calendar(np.busday_offset(d, n, roll=roll, busdaycal=cal.busdaycal), cal)


def last_working_day(d: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    """Last working day on or before ``d``: an intermediate step of the Civil Code count, so it
    may fall just before the calendar start (e.g. before 1/1/2018, a holiday) without harm: the
    next step only counts working days after it."""
    return np.busday_offset(d, 0, roll="backward", busdaycal=cal.busdaycal)


# ---------------------------------------------------------------------------------------------
# working days


def is_working_day(d, *, calendar: WorkCalendar | None = None):
    """Whether ``d`` (the date part) is a working day of public offices (see module docstring).

    NaT gives ``False``.
    """
    cal = calendar or default_calendar()
    s, scalar = as_datetime_series(d)
    days = calendar_days(s, cal)
    res = np.is_busday(days, busdaycal=cal.busdaycal) & ~np.isnat(days)
    return bool(res[0]) if scalar else pd.Series(res, index=s.index)


def roll_forward(d, *, calendar: WorkCalendar | None = None):
    """The date of ``d`` if it is a working day, else the next working day (Civil Code Art. 148:
    a period whose last day is a weekend day or holiday ends on the next working day)."""
    cal = calendar or default_calendar()
    s, scalar = as_datetime_series(d)
    return dates_like(offset_days(calendar_days(s, cal), 0, "forward", cal), s, scalar)


def next_working_day(d, *, calendar: WorkCalendar | None = None):
    """The first working day strictly after the date of ``d``."""
    cal = calendar or default_calendar()
    s, scalar = as_datetime_series(d)
    days = calendar_days(s, cal)
    return dates_like(offset_days(last_working_day(days, cal), 1, "forward", cal), s, scalar)


def add_working_days(start, n, *, calendar: WorkCalendar | None = None):
    """The last day of a period of ``n`` working days triggered on ``start`` (midnight Timestamp).

    Civil Code 2015 Art. 147(2): counting starts on the day after the event, so day 1 is the first
    working day strictly after ``start``'s date, whatever weekday ``start`` is (a dossier filed
    online on Saturday with a 1-working-day limit is due on Monday). ``n = 0`` means "the same
    day": ``start``'s date if it is a working day, else the next working day. ``n`` is an int or an
    integer array/Series aligned with ``start``.
    """
    cal = calendar or default_calendar()
    s, scalar = as_datetime_series(start)
    days = calendar_days(s, cal)
    n_arr = np.asarray(n.to_numpy() if isinstance(n, pd.Series) else n)
    if np.any(n_arr < 0):
        raise ValueError("n must be >= 0 working days")
    n_int = n_arr.astype("int64")
    if np.any(n_int != n_arr):
        raise ValueError("n must be a whole number of working days (use hours for fractions)")
    back = last_working_day(days, cal)
    res = np.where(
        n_int == 0, offset_days(days, 0, "forward", cal), offset_days(back, n_int, "forward", cal)
    )
    return dates_like(res, s, scalar)


def working_days_between(start, end, *, calendar: WorkCalendar | None = None):
    """Number of working days in (date of ``start``, date of ``end``]; negative if end < start.

    Same counting as ``add_working_days``: ``add_working_days(s, k)`` lies ``k`` working days after
    ``s``. NaT in either argument gives NaN (float result for a Series).
    """
    cal = calendar or default_calendar()
    s1, scalar = as_datetime_series(start)
    s2, _ = as_datetime_series(end)
    if not scalar:
        s2.index = s1.index
    d1, d2 = calendar_days(s1, cal), calendar_days(s2, cal)
    ok = ~(np.isnat(d1) | np.isnat(d2))
    out = np.full(len(d1), np.nan)
    a, b = d1[ok] + _DAY, d2[ok] + _DAY
    out[ok] = np.busday_count(a, b, busdaycal=cal.busdaycal)
    if scalar:
        return int(out[0]) if ok[0] else float("nan")
    return pd.Series(out, index=s1.index)


def end_of_day(d):
    """``d``'s date at 23:59:59 (the instant a day-counted period ends; see ``END_OF_DAY``)."""
    if isinstance(d, pd.Series):
        return pd.to_datetime(d).dt.normalize() + END_OF_DAY
    return pd.Timestamp(d).normalize() + END_OF_DAY
