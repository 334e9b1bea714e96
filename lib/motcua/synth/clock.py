"""When SYNTHETIC things happen: receipt days (months, the Tết surge and dip), office hours,
online hours. Working days come from ``motcua.vn.calendar``, office hours from
``motcua.vn.deadlines.WORKING_PERIODS`` (the one definition); the Tết dates from the ``holidays``
package (Vietnam's public holidays)."""

from __future__ import annotations

import datetime as dt

import holidays as holidays_pkg
import numpy as np
import pandas as pd

from motcua.vn import calendar as wcal
from motcua.vn.deadlines import WORKING_PERIODS

#: Demand by month (illustrative): busier in January (before Tết) and December.
MONTH_FACTOR = np.array([1.15, 0.85, 1.0, 0.95, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.2])
MINUTE = np.timedelta64(60_000_000, "us")


def tet_factor(days: pd.DatetimeIndex) -> np.ndarray:
    """Demand multiplier: +35% in the 15 days before the Tết holiday, −25% in the 10 days after
    (the holiday itself is already closed to in-person receipt by the calendar)."""
    f = np.ones(len(days))
    years = sorted(set(days.year))
    hol = holidays_pkg.country_holidays("VN", years=years, language="en_US")
    for y in years:
        tet = [d for d, name in hol.items() if d.year == y and "Lunar New Year" in name]
        if not tet:
            continue
        first, last = pd.Timestamp(min(tet)), pd.Timestamp(max(tet))
        f[(days >= first - pd.Timedelta(days=15)) & (days < first)] *= 1.35
        f[(days > last) & (days <= last + pd.Timedelta(days=10))] *= 0.75
    return f


def _hours(t: dt.time) -> float:
    """A time of day in hours (07:30 → 7.5)."""
    return t.hour + t.minute / 60 + t.second / 3600


#: Morning and afternoon office hours as hours of the day: ``((7.5, 11.5), (13.5, 17.5))``.
OFFICE_HOURS: tuple[tuple[float, float], ...] = tuple(
    (_hours(a), _hours(b)) for a, b in WORKING_PERIODS)


def office_times(n: int, rng, afternoon_end: float = 17.0) -> np.ndarray:
    """Times of day in office hours: 60% in the morning period of ``WORKING_PERIODS``
    (07:30–11:30), 40% from the afternoon opening (13:30) to ``afternoon_end`` (a simulator
    choice: receipt stops before closing time)."""
    (morning_open, morning_close), (afternoon_open, _) = OFFICE_HOURS
    morning = rng.random(n) < 0.6
    h = np.where(morning, rng.uniform(morning_open, morning_close, n),
                 rng.uniform(afternoon_open, afternoon_end, n))
    return (np.round(h * 3600) * 1_000_000).astype("int64").astype("timedelta64[us]")


def online_times(n: int, rng) -> np.ndarray:
    """Online submission times: 80% between 07:00 and 22:00, the rest at any hour."""
    day = rng.random(n) < 0.8
    h = np.where(day, rng.uniform(7, 22, n), rng.uniform(0, 24, n))
    return (np.round(h * 3600) * 1_000_000).astype("int64").astype("timedelta64[us]")


def receipt_times(channel: np.ndarray, early_only: np.ndarray, start, end, latest, cal,
                  rng) -> np.ndarray:
    """Receipt instants in ``[start, end]``: days weighted by month, the Tết surge and dip;
    office hours on working days for in person / postal (channel 0, 2), any day and hour
    (daytime-weighted, weekends at a quarter) online (channel 1). ``early_only`` rows are
    received no later than ``latest``."""
    days = pd.date_range(start, end.normalize(), freq="D")
    working = wcal.is_working_day(pd.Series(days), calendar=cal).to_numpy()
    w = MONTH_FACTOR[days.month - 1] * tet_factor(days)
    w_office = w * working
    w_online = w * np.where(working, 1.0, 0.25)
    out = np.empty(len(channel), dtype="datetime64[us]")
    dvals = days.to_numpy().astype("datetime64[us]")
    for online in (False, True):
        for early in (False, True):
            m = ((channel == 1) == online) & (early_only == early)
            if not m.any():
                continue
            ww = (w_online if online else w_office).copy()
            if early:
                ww = ww * (days <= latest)
            pick = rng.choice(len(days), size=int(m.sum()), p=ww / ww.sum())
            tod = (online_times if online else office_times)(int(m.sum()), rng)
            out[m] = dvals[pick] + tod
    return out


def at_working_day(rec: pd.Series, j: np.ndarray, cal, rng) -> np.ndarray:
    """An office-hours instant on the ``j``-th working day after the receipt day (``j = 0``:
    the receipt day itself if it is a working day, else the next one)."""
    day = wcal.add_working_days(rec.dt.normalize(), j, calendar=cal)
    tod = pd.Series(office_times(len(j), rng), index=day.index)
    return (day + tod).to_numpy()
