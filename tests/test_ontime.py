"""On-time conventions on a hand-made event table (expected rates worked out by hand below),
interval properties and the exact upper bound."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from motcua.analysis import ontime
from motcua.stats import upper_bound_late_rate

P_START, P_END = "2021-03-01", "2021-03-31"


def eod(day: str) -> pd.Timestamp:
    return pd.Timestamp(day) + pd.Timedelta(hours=23, minutes=59, seconds=59)


# Period: March 2021. One line per dossier: (id, unit, received, due, limit, events).
# Expected outcome per convention (✓ on time, ✗ late, – not in the denominator, ? undetermined):
#              qd766 to_handle due_in_period resolved_only received_cohort
# A on time      ✓      ✓          ✓            ✓             ✓
# B late         ✗      ✗          ✗            ✗             ✗
# C 1 supp       ✓      ✓          ✓ (due 14/3) ✓             ✓    end − 4 d pause ≤ due
# D 2 supps      ✗      ✓          ✓            ✓             ✓    >1 request ⇒ late (766 only)
# E withdrawn    ✓      ✓          –            –             ✗    withdrawal before due
# F open supp    ✓      ✓          –            –             ✗    clock ends at the request
# G not yet due  ✓      ✓          – (April)    – (resolved in April) ✓ resolved 5/4 ≤ due 8/4
# H overdue      ✗      ✗          ✗            – (resolved in April) ✗
# I carried over ✓      ✓          ✓            ✓             –    received in February
# J done in Feb  –      –          –            –             –
# K refused      ✓      ✓          –            –             ✗
# L no due_at    ✓      ✓          ✓ (due 4/3)  ✓             ✓    due from 3 working days
# M no due, no limit ?  ?          –            ?             ?
DOSSIERS = [
    ("A", "x", "2021-03-01 09:00", "2021-03-05", 5.0),
    ("B", "x", "2021-03-02 09:00", "2021-03-05", 5.0),
    ("C", "x", "2021-03-03 09:00", "2021-03-10", 5.0),
    ("D", "x", "2021-03-03 09:00", "2021-03-10", 5.0),
    ("E", "x", "2021-03-15 09:00", "2021-03-19", 5.0),
    ("F", "x", "2021-03-22 09:00", "2021-03-26", 5.0),
    ("G", "y", "2021-03-25 09:00", "2021-04-08", 10.0),
    ("H", "y", "2021-03-10 09:00", "2021-03-17", 5.0),
    ("I", "y", "2021-02-24 09:00", "2021-03-03", 5.0),
    ("J", "y", "2021-02-10 09:00", "2021-02-24", 5.0),
    ("K", "y", "2021-03-05 09:00", "2021-03-12", 5.0),
    ("L", "y", "2021-03-01 10:00", None, 3.0),
    ("M", "y", "2021-03-02 09:00", None, None),
]
EVENTS = [
    ("A", "resolved", "2021-03-04 10:00"),
    ("A", "returned", "2021-03-05 08:00"),
    ("B", "resolved", "2021-03-09 10:00"),
    ("C", "supplement_requested", "2021-03-04 09:00"),
    ("C", "supplement_returned", "2021-03-08 09:00"),
    ("C", "resolved", "2021-03-12 10:00"),
    ("D", "supplement_requested", "2021-03-04 09:00"),
    ("D", "supplement_returned", "2021-03-05 09:00"),
    ("D", "supplement_requested", "2021-03-08 09:00"),
    ("D", "supplement_returned", "2021-03-09 09:00"),
    ("D", "resolved", "2021-03-11 10:00"),
    ("E", "withdrawn", "2021-03-17 10:00"),
    ("F", "supplement_requested", "2021-03-23 10:00"),
    ("G", "resolved", "2021-04-05 10:00"),
    ("H", "resolved", "2021-04-02 10:00"),
    ("I", "resolved", "2021-03-02 10:00"),
    ("J", "resolved", "2021-02-20 10:00"),
    ("K", "refused", "2021-03-05 09:30"),
    ("L", "resolved", "2021-03-04 15:00"),
    ("M", "resolved", "2021-03-03 10:00"),
]
EXPECTED = {  # convention: (numerator, denominator, n_undetermined)
    "qd766": (8, 11, 1),  # on time A C E F G I K L; late B D H; M undetermined
    "to_handle": (9, 11, 1),  # late only B (resolved late) and H (open, overdue)
    "due_in_period": (5, 7, 0),  # due in March: A B C D H I L; on time A C D I L
    "resolved_only": (5, 6, 1),  # resolved in March: A B C D I L (+M undetermined)
    "received_cohort": (5, 10, 1),  # received in March: A..H K L (+M); on time A C D G L
}


@pytest.fixture
def tables():
    d = pd.DataFrame(DOSSIERS, columns=["dossier_id", "reception_unit", "received_at", "due",
                                        "statutory_limit"])
    d["received_at"] = pd.to_datetime(d["received_at"])
    d["due_at"] = pd.Series([eod(x) if x else pd.NaT for x in d["due"]], dtype="datetime64[us]")
    d["limit_unit"] = np.where(d["statutory_limit"].notna(), "working_day", None)
    d = d.drop(columns="due")
    e = pd.DataFrame(EVENTS, columns=["dossier_id", "event", "at"])
    e["at"] = pd.to_datetime(e["at"])
    return d, e


def test_each_convention_matches_the_hand_count(tables):
    d, e = tables
    rates = ontime.rates_by_convention(d, e, P_START, P_END).set_index("convention")
    for conv, (num, den, und) in EXPECTED.items():
        row = rates.loc[conv]
        got = (row["numerator"], row["denominator"], row["n_undetermined"])
        assert got == (num, den, und), conv
        assert row["rate"] == pytest.approx(num / den)
        assert row["group"] == "all"


def test_per_dossier_flags(tables):
    d, e = tables
    flags = ontime.classify(d, e, P_START, P_END)
    f = flags.set_index(["convention", "dossier_id"])["on_time"]
    assert not f[("qd766", "D")] and f[("to_handle", "D")]  # two supplement requests
    assert f[("qd766", "E")] and not f[("received_cohort", "E")]  # withdrawal before due
    assert f[("qd766", "F")]  # open supplement request ends the clock at the request
    assert ("due_in_period", "F") not in f.index
    assert ("resolved_only", "G") not in f.index and f[("received_cohort", "G")]
    assert f.index.get_level_values("dossier_id").isin(["J"]).sum() == 0
    assert pd.isna(f[("qd766", "M")])


def test_due_date_from_statutory_limit_when_missing(tables):
    d, e = tables
    tl = ontime.dossier_timeline(d, e)
    assert tl.loc["L", "due_at"] == eod("2021-03-04")  # Mon 1/3 + 3 working days
    assert pd.isna(tl.loc["M", "due_at"])
    assert tl.loc["C", "supplement_pause"] == pd.Timedelta(days=4)
    assert tl.loc["D", "n_supplement_requests"] == 2
    assert tl.loc["F", "open_supplement_at"] == pd.Timestamp("2021-03-23 10:00")
    assert tl.loc["K", "end_event"] == "refused"


def test_events_after_the_period_are_not_known_yet(tables):
    d, e = tables
    # as of 6/3: B's resolution (9/3) has not happened; C's request (4/3) is still open
    tl = ontime.dossier_timeline(d, e, as_of=ontime.period_bounds(P_START, "2021-03-06")[1])
    assert pd.isna(tl.loc["B", "resolved_at"]) and pd.isna(tl.loc["B", "end_at"])
    assert tl.loc["C", "supplement_pause"] == pd.Timedelta(0)
    assert tl.loc["C", "open_supplement_at"] == pd.Timestamp("2021-03-04 09:00")
    # so over 1–6 March, B is open and overdue under to_handle
    f = ontime.classify(d, e, P_START, "2021-03-06", conventions=("to_handle",))
    assert not f.set_index("dossier_id").loc["B", "on_time"]


def test_rates_by_group(tables):
    d, e = tables
    rates = ontime.rates_by_convention(d, e, P_START, P_END, by="reception_unit")
    q = rates[rates["convention"] == "qd766"].set_index("group")
    assert (q.loc["x", "numerator"], q.loc["x", "denominator"]) == (4, 6)  # A C E F of A–F
    assert (q.loc["y", "numerator"], q.loc["y", "denominator"]) == (4, 5)  # G I K L of G–L
    assert len(rates) == 2 * len(ontime.CONVENTIONS)
    assert list(rates.columns) == ontime.RATE_COLUMNS


def test_empty_group_has_nan_rate(tables):
    d, e = tables
    rates = ontime.rates_by_convention(d, e, P_START, P_END, by="reception_unit")
    r = rates[(rates["convention"] == "resolved_only") & (rates["group"] == "y")].iloc[0]
    assert r["denominator"] == 2  # I and L (M undetermined; G, H resolved in April)
    only_j = d[d["dossier_id"] == "J"]
    empty = ontime.rates_by_convention(only_j, e, P_START, P_END)
    assert (empty["denominator"] == 0).all()
    assert empty["rate"].isna().all() and empty["ci_low"].isna().all()


def test_convention_gap_is_an_audit_finding(tables):
    d, e = tables
    gap = ontime.convention_gap(ontime.rates_by_convention(d, e, P_START, P_END)).iloc[0]
    # highest: resolved_only 5/6 (above to_handle 9/11); lowest: received_cohort 5/10
    assert gap["max_convention"] == "resolved_only" and gap["max_rate"] == pytest.approx(5 / 6)
    assert gap["min_convention"] == "received_cohort" and gap["min_rate"] == pytest.approx(0.5)
    assert gap["gap"] == pytest.approx(5 / 6 - 0.5)
    assert "(5/6)" in gap["finding"] and "33.33-point" in gap["finding"]
    assert gap["n_conventions"] == 5


def test_unknown_convention_raises(tables):
    d, e = tables
    with pytest.raises(ValueError, match="unknown conventions"):
        ontime.classify(d, e, P_START, P_END, conventions=("qd766", "made_up"))


# --- intervals ----------------------------------------------------------------------------------


def _rates_for(k, n, method):
    ids = [f"d{i}" for i in range(n)]
    d = pd.DataFrame({"dossier_id": ids, "received_at": pd.Timestamp("2021-03-01 09:00"),
                      "due_at": eod("2021-03-05")})
    at = np.where(np.arange(n) < k, "2021-03-04 10:00", "2021-03-09 10:00")
    e = pd.DataFrame({"dossier_id": ids, "event": "resolved", "at": pd.to_datetime(at)})
    r = ontime.rates_by_convention(d, e, P_START, P_END, conventions=("resolved_only",),
                                   method=method)
    return r.iloc[0]


def test_wilson_interval_matches_the_formula():
    k, n, z = 8, 11, stats.norm.ppf(0.975)
    r = _rates_for(k, n, "wilson")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert r["ci_low"] == pytest.approx(centre - half)
    assert r["ci_high"] == pytest.approx(centre + half)
    assert r["ci_low"] < r["rate"] < r["ci_high"]


def test_clopper_pearson_at_the_edges():
    r = _rates_for(0, 20, "beta")
    assert r["ci_low"] == 0 and r["ci_high"] == pytest.approx(1 - 0.025 ** (1 / 20))
    r = _rates_for(20, 20, "beta")
    assert r["ci_high"] == 1 and r["ci_low"] == pytest.approx(0.025 ** (1 / 20))


def test_intervals_contain_the_rate_and_narrow_with_n():
    widths = []
    for n in (10, 40, 160):
        r = _rates_for(int(0.9 * n), n, "wilson")
        assert 0 <= r["ci_low"] <= r["rate"] <= r["ci_high"] <= 1
        widths.append(r["ci_high"] - r["ci_low"])
    assert widths[0] > widths[1] > widths[2]


def test_upper_bound_late_rate_exact_binomial():
    ub = upper_bound_late_rate(3028)
    assert ub == pytest.approx(1 - 0.05 ** (1 / 3028))
    assert ub == pytest.approx(3 / 3028, rel=0.01)  # rule of three
    ub3 = upper_bound_late_rate(500, late=3, confidence=0.9)
    assert stats.binom.cdf(3, 500, ub3) == pytest.approx(0.10)  # defining property
    assert upper_bound_late_rate(500, 4) > upper_bound_late_rate(500, 3)
    assert upper_bound_late_rate(10, 10) == 1.0
    arr = upper_bound_late_rate(np.array([100, 1000]), np.array([0, 0]))
    assert arr[0] > arr[1]
    with pytest.raises(ValueError):
        upper_bound_late_rate(5, late=6)
