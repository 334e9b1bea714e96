"""Working days and due dates: worked examples around Tết, 2/9, swapped Saturdays, the 15:00
certification rule and hour limits; vectorised == scalar; inverse properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.vn import calendar as wcal
from motcua.vn.deadlines import certification_due_at, due_at

T = pd.Timestamp


def eod(day: str) -> pd.Timestamp:
    return T(day) + pd.Timedelta(hours=23, minutes=59, seconds=59)


# --- holidays and swapped days ------------------------------------------------------------------


def test_tet_2020_is_23_to_29_january():
    # announced schedule: Thu 23/1 – Wed 29/1/2020 (7 days), no make-up Saturday
    for d in pd.date_range("2020-01-23", "2020-01-29"):
        assert not wcal.is_working_day(d), d
    assert wcal.is_working_day("2020-01-22")
    assert wcal.is_working_day("2020-01-30")


def test_national_day_one_day_until_2020_two_from_2021():
    assert not wcal.is_working_day("2020-09-02")
    assert wcal.is_working_day("2020-09-01") and wcal.is_working_day("2020-09-03")
    assert not wcal.is_working_day("2021-09-02") and not wcal.is_working_day("2021-09-03")
    assert not wcal.is_working_day("2019-09-02") and wcal.is_working_day("2019-09-03")


def test_swapped_saturdays_work_and_swapped_weekdays_do_not():
    # CV 6519/VPCP-KGVX (2018): off Mon 31/12/2018 and Mon 29/4/2019, work Sat 5/1 and Sat 4/5/2019
    assert wcal.is_working_day("2019-01-05")
    assert wcal.is_working_day("2019-05-04")
    assert not wcal.is_working_day("2018-12-31")
    assert not wcal.is_working_day("2019-04-29")
    assert not wcal.is_working_day("2019-05-11")  # an ordinary Saturday
    assert not wcal.is_working_day("2019-05-05")  # Sunday
    # CV 2450/VPCP-KGVX (2024): off Mon 29/4, work Sat 4/5/2024
    assert wcal.is_working_day("2024-05-04") and not wcal.is_working_day("2024-04-29")


def test_compensatory_days_when_holiday_falls_on_weekend():
    # 2022: 30/4 Sat and 1/5 Sun → Mon 2/5 and Tue 3/5 off (Labour Code 2019 Art. 112(3))
    assert not wcal.is_working_day("2022-05-02") and not wcal.is_working_day("2022-05-03")
    assert wcal.is_working_day("2022-05-04")


def test_every_swap_in_the_holidays_package_has_a_row_in_our_table():
    from holidays.countries.vietnam import VietnamStaticHolidays

    table = wcal.load_swapped_days()
    ours = {(r.day_off.date(), r.work_date.date()) for r in table.itertuples()}
    for year, spec in VietnamStaticHolidays.special_public_holidays.items():
        entries = spec if isinstance(spec[0], tuple) else (spec,)
        for e in entries:
            off = dt.date(year, e[0], e[1])
            work = dt.date(e[4] if len(e) > 4 else year, e[2], e[3])
            if off.year >= wcal.FIRST_YEAR:
                assert (off, work) in ours, f"swap {off} ↔ {work} missing from swapped_days.csv"


def test_swapped_days_table_has_source_columns_and_verified_rows():
    table = wcal.load_swapped_days()
    assert {"work_date", "day_off", "decision", "source_url", "verified"} <= set(table.columns)
    assert (table["work_date"].dt.day_of_week >= 5).all()
    verified = table[table["verified"]]
    assert len(verified) >= 3 and verified["decision"].str.len().gt(0).all()


def test_swapped_days_table_rejects_a_weekday_as_work_date(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "work_date,day_off,decision,issuer,signed,verified,source_url,note\n"
        "2019-05-03,2019-04-29,x,y,2018,true,u,n\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="weekend"):
        wcal.load_swapped_days(bad)


def test_calendar_matches_holidays_package_plus_swaps_for_2019_2025():
    import holidays

    pkg = holidays.country_holidays("VN", years=range(2019, 2026))
    worked = set(wcal.load_swapped_days()["work_date"].dt.date)
    days = pd.date_range("2019-01-01", "2025-12-31")
    expected = [
        d.date() in worked or (d.day_of_week < 5 and d.date() not in pkg) for d in days
    ]
    got = wcal.is_working_day(pd.Series(days))
    assert got.tolist() == expected


def test_outside_the_calendar_raises():
    with pytest.raises(ValueError, match="outside"):
        wcal.is_working_day("2017-06-01")
    with pytest.raises(ValueError, match="outside"):
        wcal.add_working_days("2030-12-30", 5)


# --- Civil Code counting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2020-01-22", 1, "2020-01-30"),  # the day after is Tết: first working day after it
        ("2020-01-21", 2, "2020-01-30"),
        ("2020-08-28", 3, "2020-09-03"),  # Mon 31/8 = 1, Tue 1/9 = 2, 2/9 holiday, Thu 3/9 = 3
        ("2020-02-01", 1, "2020-02-03"),  # event on a Saturday: day 1 is Monday
        ("2019-05-03", 1, "2019-05-04"),  # the make-up Saturday is a working day
        ("2020-02-01", 0, "2020-02-03"),  # n = 0 on a non-working day: next working day
        ("2020-02-04", 0, "2020-02-04"),
    ],
)
def test_add_working_days_examples(start, n, expected):
    assert wcal.add_working_days(start, n) == T(expected)


def test_working_days_between_counts_like_add_working_days():
    assert wcal.working_days_between("2020-01-21", "2020-01-30") == 2
    assert wcal.working_days_between("2020-01-30", "2020-01-21") == -2
    assert wcal.working_days_between("2020-01-24", "2020-01-26") == 0


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2029, 6, 30)),
    n=st.integers(min_value=1, max_value=80),
)
def test_add_then_count_is_identity_and_lands_on_a_working_day(start, n):
    end = wcal.add_working_days(start, n)
    assert wcal.is_working_day(end)
    assert end.date() > start
    assert wcal.working_days_between(start, end) == n
    # one fewer working day lands strictly earlier (no skipped working day in between)
    assert wcal.add_working_days(start, n - 1) < end if n > 1 else True


# --- due dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "limit", "unit", "expected"),
    [
        ("2020-01-21 10:00", 2, "working_day", eod("2020-01-30")),
        ("2020-01-20 10:00", 3, "day", eod("2020-01-30")),  # 23/1 is Tết: roll to 30/1
        ("2020-08-28 16:00", 3, "day", eod("2020-08-31")),
        ("2020-01-31 10:00", 1, "month", eod("2020-03-02")),  # 29/2/2020 is a Saturday
        ("2019-12-24 09:00", 1, "month", eod("2020-01-30")),  # 24/1/2020 is Tết
        ("2020-09-01 10:00", 8, "hour", T("2020-09-03 10:00")),  # 5.5 h, 2/9 off, 2.5 h
        ("2020-09-01 07:30", 8, "hour", T("2020-09-01 17:30")),  # a full day ends at 17:30
        ("2020-09-01 18:00", 4, "hour", T("2020-09-03 11:30")),
        ("2020-01-17 13:30", 16, "hour", T("2020-01-21 11:30")),  # Fri 4 h, Mon 8 h, Tue 4 h
        ("2019-12-31 16:00", 0.5, "working_day", T("2020-01-02 10:00")),  # = 4 working hours
    ],
)
def test_due_at_examples(received, limit, unit, expected):
    assert due_at(received, limit, unit) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2020-09-01 15:00", eod("2020-09-01")),  # "after 15:00" means later than 15:00
        ("2020-09-01 15:01", eod("2020-09-03")),  # next working day; 2/9 is a holiday
        ("2020-09-01 08:00", eod("2020-09-01")),
        ("2020-02-01 09:00", eod("2020-02-03")),  # Saturday → Monday
        ("2020-01-22 16:30", eod("2020-01-30")),  # after 15:00 on the eve of Tết
    ],
)
def test_certification_15h_rule(received, expected):
    assert certification_due_at(received) == expected


def test_certification_rule_shifts_the_start_of_longer_limits():
    # 2 working days counted from the next working day when received after 15:00
    assert due_at("2020-03-02 16:00", 2, "working_day", certification=True) == eod(
        "2020-03-05"
    )
    assert due_at("2020-03-02 16:00", 2, "working_day") == eod("2020-03-04")


def test_due_at_vectorised_equals_scalar_and_passes_missing_values():
    rng = np.random.default_rng(3)
    n = 120
    received = pd.Series(
        pd.to_datetime("2019-01-01")
        + pd.to_timedelta(rng.integers(0, 6 * 365 * 24 * 60, n), unit="min")
    )
    units = pd.Series(rng.choice(["working_day", "day", "hour", "month"], n))
    limits = pd.Series(
        np.where(units == "hour", rng.choice([4, 8, 16, 24], n), rng.integers(0, 31, n))
    ).astype(float)
    limits[units == "month"] = rng.integers(1, 4, int((units == "month").sum()))
    cert = pd.Series(rng.random(n) < 0.3) & units.eq("working_day")
    got = due_at(received, limits, units, certification=cert)
    want = [
        due_at(r, lim, u, certification=bool(c))
        for r, lim, u, c in zip(received, limits, units, cert)
    ]
    assert got.tolist() == want
    assert got.dtype == "datetime64[us]"
    assert (got >= received).all()
    with_missing = due_at(
        pd.Series([T("2020-03-02 09:00"), pd.NaT, T("2020-03-02 09:00")]),
        pd.Series([1.0, 1.0, np.nan]),
        "working_day",
    )
    assert with_missing.iloc[0] == eod("2020-03-03")
    assert with_missing.iloc[1:].isna().all()


def test_due_at_rejects_bad_input():
    with pytest.raises(ValueError, match="limit_unit"):
        due_at("2020-03-02", 1, "fortnight")
    with pytest.raises(ValueError, match=">= 0"):
        due_at("2020-03-02", -1, "day")
    with pytest.raises(ValueError, match="whole"):
        due_at("2020-03-02", 1.5, "month")
    with pytest.raises(ValueError, match="outside"):
        due_at("2030-12-20", 30, "working_day")


def test_series_in_series_out_keeps_the_index():
    days = pd.to_datetime(["2020-01-22", "2020-01-23", "2020-01-30"])
    s = pd.Series(days, index=["a", "b", "c"])
    out = wcal.add_working_days(s, 1)
    assert list(out.index) == ["a", "b", "c"]
    assert out.tolist() == [T("2020-01-30"), T("2020-01-30"), T("2020-01-31")]
    flags = wcal.is_working_day(s)
    assert flags.tolist() == [True, False, True] and list(flags.index) == ["a", "b", "c"]
