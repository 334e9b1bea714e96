"""Office hours, hour limits, the 15:00 certification rule and due dates of one-stop dossiers.

Rules, each with its source (working days themselves are in ``motcua.vn.calendar``):

- **Counting a period** (Civil Code 2015, 91/2015/QH13, Arts. 147–148): a period counted in days
  starts on the day *after* the triggering event; it ends at 24:00 of its last day; if the last
  day is a weekend day or a holiday the period ends at the end of the next working day.
- **Certification** (chứng thực, ND 23/2015/NĐ-CP Art. 7): done the same day, or on the next
  working day when the request is received after 15:00.
- **Hour limits**: counted from the moment of receipt (Civil Code Art. 147(1)); one-stop
  software stores limits in hours and shows days = hours / 8
  (docs/domain.md §1.6, 3rd-party). Hours are counted on a working-hour clock of 8 hours a day
  (``WORKING_PERIODS``: 07:30–11:30 and 13:30–17:30, a design choice: provinces set their own
  office hours). ``WORKING_PERIODS`` is the one definition of office hours (the simulator's
  ``motcua.synth.clock`` derives its receipt times from it).

Hand-written on top of the numpy calendar: the working-hour clock (``add_working_hours``),
because numpy has no intra-day business-hour offset; it is still vectorised (``busday_count`` for
whole days, array arithmetic for the hours).

Every function takes a scalar (``str``, ``date``, ``datetime``, ``pd.Timestamp``) or a
``pd.Series`` and returns the same shape: a ``pd.Timestamp`` for a scalar, a ``datetime64[us]``
Series on the same index for a Series. Times are naive local time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from motcua.vn.calendar import (
    END_OF_DAY,
    LIMIT_UNITS,
    WorkCalendar,
    as_datetime_series,
    calendar_days,
    check_in_calendar,
    dates_like,
    default_calendar,
    last_working_day,
    offset_days,
)

#: Office hours of the working-hour clock (8 hours a day). A design choice; see module docstring.
WORKING_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 30)),
)
HOURS_PER_WORKING_DAY = 8
#: ND 23/2015/NĐ-CP Art. 7: certification received after 15:00 is due the next working day.
CERTIFICATION_CUTOFF = dt.time(15, 0)

# ---------------------------------------------------------------------------------------------
# working-hour clock (hour limits)

_SEG = [(p[0].hour * 60 + p[0].minute, p[1].hour * 60 + p[1].minute) for p in WORKING_PERIODS]
_MIN_PER_DAY = HOURS_PER_WORKING_DAY * 60
assert sum(b - a for a, b in _SEG) == _MIN_PER_DAY, "WORKING_PERIODS must add up to 8 hours"


def _clock(ts: pd.Series, cal: WorkCalendar) -> np.ndarray:
    """Working minutes from the calendar start to ``ts`` (float; NaN for NaT)."""
    days = calendar_days(ts, cal)
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
    day = offset_days(np.full(cc.shape, cal.start), k, "forward", cal)
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
    s, scalar = as_datetime_series(start)
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
    s, scalar = as_datetime_series(received_at)
    days = calendar_days(s, cal)
    cut = pd.Timedelta(hours=cutoff.hour, minutes=cutoff.minute, seconds=cutoff.second)
    late = (s - s.dt.normalize() > cut).to_numpy()
    same = np.is_busday(days, busdaycal=cal.busdaycal) & ~late
    nxt = offset_days(last_working_day(days, cal), 1, "forward", cal)
    return dates_like(np.where(same, days, nxt), s, scalar)


def certification_due_at(received_at, *, calendar: WorkCalendar | None = None):
    """Due time of a certification request (ND 23/2015/NĐ-CP Art. 7): end of the receipt day, or
    end of the next working day if received after 15:00 or on a non-working day."""
    return due_at(received_at, 0, "working_day", certification=True, calendar=calendar)


def _column(v, name: str, n_rows: int) -> np.ndarray:
    """A scalar or a Series/array argument of ``due_at`` as an array of ``n_rows`` values."""
    arr = np.asarray(v.to_numpy() if isinstance(v, pd.Series) else v)
    if arr.ndim == 0:
        arr = np.repeat(arr, n_rows)
    if len(arr) != n_rows:
        raise ValueError(f"{name} has {len(arr)} values for {n_rows} receipts")
    return arr


def _limit_columns(statutory_limit, limit_unit, certification, n_rows: int):
    """``(limit, unit, cert)`` arrays of ``due_at``'s arguments, checked."""
    limit = _column(statutory_limit, "statutory_limit", n_rows).astype("float64")
    unit = _column(limit_unit, "limit_unit", n_rows).astype(object)
    cert = _column(certification, "certification", n_rows).astype(bool)
    known = pd.isna(unit) | np.isin(unit, LIMIT_UNITS)
    if not known.all():
        raise ValueError(f"unknown limit_unit {sorted(set(unit[~known]))}; expected {LIMIT_UNITS}")
    if (limit[~np.isnan(limit)] < 0).any():
        raise ValueError("statutory_limit must be >= 0")
    return limit, unit, cert


def _end_of(days: np.ndarray) -> np.ndarray:
    """``datetime64[D]`` days at 23:59:59 (``END_OF_DAY``)."""
    return days.astype("datetime64[us]") + END_OF_DAY.to_timedelta64()


def _due_working_days(start_day, n, cert, cal: WorkCalendar) -> np.ndarray:
    """End of the ``n``-th working day after ``start_day`` (Civil Code 2015 Arts. 147–148)."""
    back = last_working_day(start_day, cal)
    same_or_next = offset_days(start_day, 0, "forward", cal)
    # certification rows already start on a working day owed the service: n counts after it
    first = np.where(cert, start_day, np.where(n == 0, same_or_next, back))
    res = np.where(n == 0, first, offset_days(first, np.where(n == 0, 0, n), "forward", cal))
    return _end_of(res)


def _due_calendar_days(start_day, limit, cal: WorkCalendar) -> np.ndarray:
    """End of the ``n``-th calendar day, moved to the next working day (Civil Code Art. 148(5))."""
    if not np.isclose(limit, np.round(limit)).all():
        raise ValueError("limits in calendar days must be whole numbers")
    target = start_day + np.round(limit).astype("int64").astype("timedelta64[D]")
    return _end_of(offset_days(check_in_calendar(target, cal), 0, "forward", cal))


def _due_months(start_day, limit, cal: WorkCalendar) -> np.ndarray:
    """End of the same day-of-month ``n`` months later (the last day of a shorter month), moved to
    the next working day (Civil Code Art. 148(3), (5))."""
    if not np.isclose(limit, np.round(limit)).all():
        raise ValueError("limits in months must be whole numbers")
    base = pd.Series(start_day.astype("datetime64[us]"))
    months = np.round(limit).astype("int64")
    target = np.empty(len(months), dtype="datetime64[D]")
    for k in np.unique(months):
        sel = months == k
        target[sel] = (base[sel] + pd.DateOffset(months=int(k))).to_numpy(
            dtype="datetime64[us]"
        ).astype("datetime64[D]")
    return _end_of(offset_days(check_in_calendar(target, cal), 0, "forward", cal))


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
      Arts. 147–148; ``motcua.vn.calendar.add_working_days``). A fractional number of working
      days is counted as ``8 × n`` working hours (software stores hours; docs/domain.md §1.6).
    - ``day``: end of the ``n``-th calendar day after the receipt day, moved to the next working
      day if it is a weekend day or holiday (Civil Code Art. 148(5)).
    - ``month``: end of the same day-of-month ``n`` months later (the last day of a shorter month),
      moved to the next working day if needed (Civil Code Art. 148(3), (5)).
    - ``hour``: ``n`` hours on the 8-hour working clock (``add_working_hours``); exact time.
    - ``certification`` (bool or boolean Series): counting starts from ``effective_receipt``,
      i.e. the next working day when received after 15:00 (ND 23/2015/NĐ-CP Art. 7); with ``n = 0``
      the dossier is due the same working day.

    Day-based results are at 23:59:59 (period ends at 24:00, Civil Code Art. 148(6)). ``NaN``
    limits or ``NaT`` receipts give ``NaT``. Arguments broadcast: scalars or Series on the same
    index.
    """
    cal = calendar or default_calendar()
    s, scalar = as_datetime_series(received_at)
    limit, unit, cert = _limit_columns(statutory_limit, limit_unit, certification, len(s))
    days = calendar_days(s, cal)
    start_day = days.copy()
    if cert.any():
        eff = effective_receipt(s[cert], calendar=cal).to_numpy(dtype="datetime64[us]")
        start_day[cert] = eff.astype("datetime64[D]")
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[us]")
    valid = ~np.isnan(limit) & ~np.isnat(days) & ~pd.isna(unit)
    whole = np.isclose(limit, np.round(limit))
    m = valid & (unit == "working_day") & whole
    if m.any():
        n = np.round(limit[m]).astype("int64")
        out[m] = _due_working_days(start_day[m], n, cert[m], cal)
    m = valid & (((unit == "working_day") & ~whole) | (unit == "hour"))
    if m.any():
        hours = np.where(unit[m] == "hour", limit[m], limit[m] * HOURS_PER_WORKING_DAY)
        starts = s[m]
        out[m] = add_working_hours(starts, pd.Series(hours, index=starts.index), calendar=cal)
    m = valid & (unit == "day")
    if m.any():
        out[m] = _due_calendar_days(start_day[m], limit[m], cal)
    m = valid & (unit == "month")
    if m.any():
        out[m] = _due_months(start_day[m], limit[m], cal)
    res = pd.Series(out, index=s.index)
    return res.iloc[0] if scalar else res
