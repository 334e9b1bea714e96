"""Working days and due dates for Vietnamese one-stop dossiers.

Rules, each with its source:

- **Working day** (ngày làm việc): Monday to Friday, except public holidays, observed
  (compensatory) days and swapped days off; plus the Saturdays worked in exchange for a swapped day
  off (ngày làm bù). Public holidays: Labour Code 2019 (45/2019/QH14) Art. 112, as implemented by
  the ``holidays`` package (``holidays.country_holidays("VN")``: lunar Tết and Giỗ Tổ through its
  Chinese-calendar tables, observed days when a holiday falls on a weekend, and the swapped days
  off of each year's government dispatch). Saturdays worked come from
  ``data/calendar/swapped_days.csv`` (one row per swap, with its decision number; see SOURCE.md).
- **Counting a period** (Civil Code 2015, 91/2015/QH13, Arts. 147–148): a period counted in days
  starts on the day *after* the triggering event; it ends at 24:00 of its last day; if the last
  day is a weekend day or a holiday the period ends at the end of the next working day.
- **Certification** (chứng thực, ND 23/2015/NĐ-CP Art. 7): done the same day, or on the next
  working day when the request is received after 15:00.
- **Hour limits**: counted from the moment of receipt (Civil Code Art. 147(1)); one-stop
  software stores limits in hours and shows days = hours / 8
  (domain.md §1.6, 3rd-party). Hours are counted on a working-hour clock of 8 hours a day
  (``WORKING_PERIODS``: 07:30–11:30 and 13:30–17:30, a design choice: provinces set their own
  office hours).

Implementation: one ``numpy.busdaycalendar`` with a **seven-day** weekmask whose "holidays" are
every non-working day (weekends except Saturdays worked, plus holidays). numpy's usual
Monday–Friday weekmask cannot express a working Saturday, and holidays can only remove days, so
the weekends are listed as holidays instead; ``numpy.busday_offset``/``busday_count``/``is_busday``
then do all the counting, vectorised. Hand-written on top of it: the working-hour clock
(``add_working_hours``), because numpy has no intra-day business-hour offset; it is still
vectorised (``busday_count`` for whole days, array arithmetic for the hours). The calendar
covers ``FIRST_YEAR``–``LAST_YEAR`` and raises outside it (numpy would silently treat a missing
year as holiday-free).

Every function takes a scalar (``str``, ``date``, ``datetime``, ``pd.Timestamp``) or a
``pd.Series`` and returns the same shape: a ``pd.Timestamp`` / ``bool`` for a scalar, a Series
(``datetime64[us]`` / ``bool``) on the same index for a Series. Times are naive local time.
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

#: Office hours of the working-hour clock (8 hours a day). A design choice; see module docstring.
WORKING_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 30)),
)
HOURS_PER_WORKING_DAY = 8
#: ND 23/2015/NĐ-CP Art. 7: certification received after 15:00 is due the next working day.
CERTIFICATION_CUTOFF = dt.time(15, 0)
#: A day-counted period ends at 24:00 of its last day (Civil Code 2015 Art. 148); stored as
#: 23:59:59 so that ``end <= due_at`` holds for anything finished on the due day.
END_OF_DAY = pd.Timedelta(hours=23, minutes=59, seconds=59)
#: Unit of a statutory time limit (``DonViTinh``: working day / day / hour / month;
#: docs/domain.md §1.4); :func:`due_at` counts each. The one definition (``motcua.vn.vocab``
#: maps labels to it).
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
# conversion helpers: scalar or Series in, same shape out


def _as_series(x) -> tuple[pd.Series, bool]:
    """Return ``(datetime Series, was_scalar)``."""
    if isinstance(x, pd.Series):
        s = x if pd.api.types.is_datetime64_any_dtype(x) else pd.to_datetime(x)
        return s, False
    if isinstance(x, (pd.Index, np.ndarray, list, tuple)):
        return pd.Series(pd.to_datetime(x)), False
    return pd.Series([pd.Timestamp(x)]), True


def _days(s: pd.Series, cal: WorkCalendar) -> np.ndarray:
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


def _out_dates(d: np.ndarray, like: pd.Series, scalar: bool, time: pd.Timedelta | None = None):
    ts = pd.Series(d.astype("datetime64[us]"), index=like.index)
    if time is not None:
        ts = ts + time
    return ts.iloc[0] if scalar else ts


def _offset(d: np.ndarray, n, roll: str, cal: WorkCalendar) -> np.ndarray:
    """``numpy.busday_offset`` that refuses to step outside the calendar's years."""
    return _check_range(np.busday_offset(d, n, roll=roll, busdaycal=cal.busdaycal), cal)


def _back(d: np.ndarray, cal: WorkCalendar) -> np.ndarray:
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
    s, scalar = _as_series(d)
    days = _days(s, cal)
    res = np.is_busday(days, busdaycal=cal.busdaycal) & ~np.isnat(days)
    return bool(res[0]) if scalar else pd.Series(res, index=s.index)


def roll_forward(d, *, calendar: WorkCalendar | None = None):
    """The date of ``d`` if it is a working day, else the next working day (Civil Code Art. 148:
    a period whose last day is a weekend day or holiday ends on the next working day)."""
    cal = calendar or default_calendar()
    s, scalar = _as_series(d)
    return _out_dates(_offset(_days(s, cal), 0, "forward", cal), s, scalar)


def next_working_day(d, *, calendar: WorkCalendar | None = None):
    """The first working day strictly after the date of ``d``."""
    cal = calendar or default_calendar()
    s, scalar = _as_series(d)
    days = _days(s, cal)
    return _out_dates(_offset(_back(days, cal), 1, "forward", cal), s, scalar)


def add_working_days(start, n, *, calendar: WorkCalendar | None = None):
    """The last day of a period of ``n`` working days triggered on ``start`` (midnight Timestamp).

    Civil Code 2015 Art. 147(2): counting starts on the day after the event, so day 1 is the first
    working day strictly after ``start``'s date, whatever weekday ``start`` is (a dossier filed
    online on Saturday with a 1-working-day limit is due on Monday). ``n = 0`` means "the same
    day": ``start``'s date if it is a working day, else the next working day. ``n`` is an int or an
    integer array/Series aligned with ``start``.
    """
    cal = calendar or default_calendar()
    s, scalar = _as_series(start)
    days = _days(s, cal)
    n_arr = np.asarray(n.to_numpy() if isinstance(n, pd.Series) else n)
    if np.any(n_arr < 0):
        raise ValueError("n must be >= 0 working days")
    n_int = n_arr.astype("int64")
    if np.any(n_int != n_arr):
        raise ValueError("n must be a whole number of working days (use hours for fractions)")
    back = _back(days, cal)
    res = np.where(
        n_int == 0, _offset(days, 0, "forward", cal), _offset(back, n_int, "forward", cal)
    )
    return _out_dates(res, s, scalar)


def working_days_between(start, end, *, calendar: WorkCalendar | None = None):
    """Number of working days in (date of ``start``, date of ``end``]; negative if end < start.

    Same counting as ``add_working_days``: ``add_working_days(s, k)`` lies ``k`` working days after
    ``s``. NaT in either argument gives NaN (float result for a Series).
    """
    cal = calendar or default_calendar()
    s1, scalar = _as_series(start)
    s2, _ = _as_series(end)
    if not scalar:
        s2.index = s1.index
    d1, d2 = _days(s1, cal), _days(s2, cal)
    ok = ~(np.isnat(d1) | np.isnat(d2))
    out = np.full(len(d1), np.nan)
    a, b = d1[ok] + _DAY, d2[ok] + _DAY
    out[ok] = np.busday_count(a, b, busdaycal=cal.busdaycal)
    if scalar:
        return int(out[0]) if ok[0] else float("nan")
    return pd.Series(out, index=s1.index)


# ---------------------------------------------------------------------------------------------
# working-hour clock (hour limits)

_SEG = [(p[0].hour * 60 + p[0].minute, p[1].hour * 60 + p[1].minute) for p in WORKING_PERIODS]
_MIN_PER_DAY = HOURS_PER_WORKING_DAY * 60
assert sum(b - a for a, b in _SEG) == _MIN_PER_DAY, "WORKING_PERIODS must add up to 8 hours"


def _clock(ts: pd.Series, cal: WorkCalendar) -> np.ndarray:
    """Working minutes from the calendar start to ``ts`` (float; NaN for NaT)."""
    days = _days(ts, cal)
    ok = ~np.isnat(days)
    out = np.full(len(days), np.nan)
    if not ok.any():
        return out
    d = days[ok]
    before = np.busday_count(np.full(d.shape, cal.start), d, busdaycal=cal.busdaycal)
    tod = ts.to_numpy(dtype="datetime64[us]")[ok] - d.astype("datetime64[us]")
    minute = tod.astype("timedelta64[us]").astype("int64") / 60e6
    worked = sum(np.clip(minute - a, 0, b - a) for a, b in _SEG)
    worked = np.where(np.is_busday(d, busdaycal=cal.busdaycal), worked, 0.0)
    out[ok] = before * _MIN_PER_DAY + worked
    return out


def _unclock(c: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    """Inverse of ``_clock``; a value on a day boundary maps to the end of the earlier day."""
    ok = ~np.isnan(c)
    res = np.full(len(c), np.datetime64("NaT"), dtype="datetime64[us]")
    if not ok.any():
        return res
    cc = c[ok]
    k = np.ceil(cc / _MIN_PER_DAY).astype("int64") - 1
    r = cc - k * _MIN_PER_DAY  # in (0, 480]
    day = _offset(np.full(cc.shape, cal.start), k, "forward", cal)
    minute = np.zeros_like(r)
    left = r.copy()
    for a, b in _SEG:
        take = (left > 0) & (minute == 0)
        here = take & (left <= b - a)
        minute = np.where(here, a + left, minute)
        left = np.where(take & ~here, left - (b - a), np.where(here, 0, left))
    micro = np.round(minute * 60e6).astype("int64").astype("timedelta64[us]")
    res[ok] = day.astype("datetime64[us]") + micro
    return res


def add_working_hours(start, hours, *, calendar: WorkCalendar | None = None):
    """``start`` plus ``hours`` counted on the 8-hour working clock (``WORKING_PERIODS``).

    A start outside office hours starts the clock at the next opening; a result that lands on the
    end of a working period stays on that day (17:30), not the next morning.
    """
    cal = calendar or default_calendar()
    s, scalar = _as_series(start)
    h = np.asarray(hours.to_numpy() if isinstance(hours, pd.Series) else hours, dtype="float64")
    res = _unclock(_clock(s, cal) + h * 60.0, cal)
    out = pd.Series(res, index=s.index)
    return out.iloc[0] if scalar else out


# ---------------------------------------------------------------------------------------------
# due dates


def effective_receipt(received_at, cutoff: dt.time = CERTIFICATION_CUTOFF, *, calendar=None):
    """Date from which a same-day service is owed: the receipt date if it is a working day and the
    receipt is at or before ``cutoff``, else the next working day (ND 23/2015/NĐ-CP Art. 7:
    "hoặc trong ngày làm việc tiếp theo, nếu tiếp nhận yêu cầu sau 15 giờ")."""
    cal = calendar or default_calendar()
    s, scalar = _as_series(received_at)
    days = _days(s, cal)
    cut = pd.Timedelta(hours=cutoff.hour, minutes=cutoff.minute, seconds=cutoff.second)
    late = (s - s.dt.normalize() > cut).to_numpy()
    same = np.is_busday(days, busdaycal=cal.busdaycal) & ~late
    nxt = _offset(_back(days, cal), 1, "forward", cal)
    return _out_dates(np.where(same, days, nxt), s, scalar)


def certification_due_at(received_at, *, calendar: WorkCalendar | None = None):
    """Due time of a certification request (ND 23/2015/NĐ-CP Art. 7): end of the receipt day, or
    end of the next working day if received after 15:00 or on a non-working day."""
    return due_at(received_at, 0, "working_day", certification=True, calendar=calendar)


def due_at(
    received_at,
    statutory_limit,
    limit_unit,
    *,
    certification=False,
    calendar: WorkCalendar | None = None,
):
    """Due time (ngày hẹn trả) of a dossier from its receipt time and statutory limit.

    - ``working_day``: end of the ``n``-th working day after the receipt day (Civil Code 2015
      Arts. 147–148; ``add_working_days``). A fractional number of working days is counted as
      ``8 × n`` working hours (software stores hours; domain.md §1.6).
    - ``day``: end of the ``n``-th calendar day after the receipt day, moved to the next working
      day if it is a weekend day or holiday (Civil Code Art. 148(5)).
    - ``month``: end of the same day-of-month ``n`` months later (the last day of a shorter month),
      moved to the next working day if needed (Civil Code Art. 148(3), (5)).
    - ``hour``: ``n`` hours on the 8-hour working clock (``add_working_hours``); exact time.
    - ``certification`` (bool or boolean Series): counting starts from ``effective_receipt``,
      i.e. the next working day when received after 15:00 (ND 23/2015/NĐ-CP Art. 7); with ``n = 0``
      the dossier is due the same working day.

    Day-based results are at 23:59:59 (period ends at 24:00, Civil Code Art. 148(6)). ``NaN`` limits
    or ``NaT`` receipts give ``NaT``. Arguments broadcast: scalars or Series on the same index.
    """
    cal = calendar or default_calendar()
    s, scalar = _as_series(received_at)
    n_rows = len(s)

    def _col(v, name):
        arr = np.asarray(v.to_numpy() if isinstance(v, pd.Series) else v)
        if arr.ndim == 0:
            arr = np.repeat(arr, n_rows)
        if len(arr) != n_rows:
            raise ValueError(f"{name} has {len(arr)} values for {n_rows} receipts")
        return arr

    limit = _col(statutory_limit, "statutory_limit").astype("float64")
    unit = _col(limit_unit, "limit_unit").astype(object)
    cert = _col(certification, "certification").astype(bool)
    known = pd.isna(unit) | np.isin(unit, LIMIT_UNITS)
    if not known.all():
        raise ValueError(f"unknown limit_unit {sorted(set(unit[~known]))}; expected {LIMIT_UNITS}")
    if (limit[~np.isnan(limit)] < 0).any():
        raise ValueError("statutory_limit must be >= 0")

    days = _days(s, cal)
    start_day = days.copy()
    if cert.any():
        eff = effective_receipt(s[cert], calendar=cal).to_numpy(dtype="datetime64[us]")
        start_day[cert] = eff.astype("datetime64[D]")
    out = np.full(n_rows, np.datetime64("NaT"), dtype="datetime64[us]")
    valid = ~np.isnan(limit) & ~np.isnat(days) & ~pd.isna(unit)
    whole = np.isclose(limit, np.round(limit))

    def _end_of(day_arr):
        return day_arr.astype("datetime64[us]") + END_OF_DAY.to_timedelta64()

    m = valid & (unit == "working_day") & whole
    if m.any():
        n = np.round(limit[m]).astype("int64")
        d0 = start_day[m]
        back = _back(d0, cal)
        # certification rows already start on a working day owed the service: n counts after it
        first = np.where(cert[m], d0, np.where(n == 0, _offset(d0, 0, "forward", cal), back))
        res = np.where(n == 0, first, _offset(first, np.where(n == 0, 0, n), "forward", cal))
        out[m] = _end_of(res)
    m_hours = valid & (((unit == "working_day") & ~whole) | (unit == "hour"))
    if m_hours.any():
        hours = np.where(unit[m_hours] == "hour", limit[m_hours], limit[m_hours] * 8)
        starts = s[m_hours]
        hours_s = pd.Series(hours, index=starts.index)
        out[m_hours] = add_working_hours(starts, hours_s, calendar=cal)
    m = valid & (unit == "day")
    if m.any():
        if not whole[m].all():
            raise ValueError("limits in calendar days must be whole numbers")
        target = start_day[m] + np.round(limit[m]).astype("int64") * _DAY
        out[m] = _end_of(_offset(_check_range(target, cal), 0, "forward", cal))
    m = valid & (unit == "month")
    if m.any():
        if not whole[m].all():
            raise ValueError("limits in months must be whole numbers")
        idx = np.flatnonzero(m)
        base = pd.Series(start_day[m].astype("datetime64[us]"))
        months = np.round(limit[m]).astype("int64")
        target = np.empty(len(idx), dtype="datetime64[D]")
        for k in np.unique(months):
            sel = months == k
            target[sel] = (base[sel] + pd.DateOffset(months=int(k))).to_numpy(
                dtype="datetime64[us]"
            ).astype("datetime64[D]")
        out[idx] = _end_of(_offset(_check_range(target, cal), 0, "forward", cal))
    res = pd.Series(out, index=s.index)
    return res.iloc[0] if scalar else res


def _check_range(d: np.ndarray, cal: WorkCalendar) -> np.ndarray:
    ok = ~np.isnat(d)
    if ok.any() and ((d[ok] < cal.start).any() or (d[ok] >= cal.end).any()):
        raise ValueError(
            f"dates run outside the working-day calendar {cal.first_year}-{cal.last_year}"
        )
    return d


def end_of_day(d):
    """``d``'s date at 23:59:59 (the instant a day-counted period ends; see ``END_OF_DAY``)."""
    if isinstance(d, pd.Series):
        return pd.to_datetime(d).dt.normalize() + END_OF_DAY
    return pd.Timestamp(d).normalize() + END_OF_DAY
