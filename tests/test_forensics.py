"""Forensic signals: the two office tests, each signal on hand-made records, and every signal
against planted faults in SYNTHETIC records (hits above a floor, few false alarms)."""

import numpy as np
import pandas as pd
import pytest

from motcua.analysis import forensics, forensics_bunching, forensics_records, \
    forensics_signals, forensics_stats, forensics_withdrawals


# ---- the office tests ------------------------------------------------------------------------

def test_rare_event_test_flags_bad_offices_even_when_several_are_bad():
    n = np.full(12, 1000)
    count = np.zeros(12)
    count[[2, 5, 9]] = [4, 6, 3]  # three bad offices; peers have no event at all
    t = forensics_stats.rare_event_test(count, n, alpha=0.05)
    assert t["flagged"].tolist() == [i in (2, 5, 9) for i in range(12)]
    one = np.zeros(12)
    one[4] = 1  # a single event among 12,000 dossiers is chance
    assert not forensics_stats.rare_event_test(one, n, alpha=0.05)["flagged"].any()


def test_rare_event_test_holds_its_false_alarm_rate_when_every_office_is_alike():
    rng = np.random.default_rng(0)
    flags = 0
    for _ in range(200):
        n = rng.integers(200, 3000, 12)
        flags += forensics_stats.rare_event_test(rng.binomial(n, 0.02), n, 0.05)["flagged"].any()
    assert flags / 200 <= 0.10  # family-wise 5%, with room for 200 draws


def test_funnel_test_allows_for_spread_between_offices():
    rng = np.random.default_rng(1)
    n = rng.integers(300, 3000, 15)
    p = np.clip(rng.normal(0.05, 0.01, 15), 0.005, None)  # ordinary spread between offices
    k = rng.binomial(n, p)
    pooled = k.sum() / n.sum()
    se = np.sqrt(pooled * (1 - pooled) / n)
    assert not forensics_stats.funnel_test(k / n, se, 0.05)["flagged"].any()
    k2 = k.copy()
    k2[3] = int(0.25 * n[3])  # one office far above
    t = forensics_stats.funnel_test(k2 / n, se, 0.05)
    assert t["flagged"].tolist() == [i == 3 for i in range(15)]


def test_holm_equals_statsmodels_and_keeps_missing_values():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(2)
    for m in (1, 2, 7, 30):
        p = rng.uniform(0, 0.2, m) ** 2
        p[rng.random(m) < 0.2] = p[0]  # ties
        np.testing.assert_allclose(forensics_stats.holm(p), multipletests(p, method="holm")[1])
    out = forensics_stats.holm(np.array([0.01, np.nan, 0.04]))
    assert np.isnan(out[1]) and out[0] == pytest.approx(0.02) and out[2] == pytest.approx(0.04)


# ---- each signal on hand-made records --------------------------------------------------------

def timeline(rows) -> pd.DataFrame:
    """A timeline as ``forensics.timeline`` makes it, from (id, office, received, due, resolved,
    end_event, returned, apology, applicant, procedure) tuples."""
    cols = ["dossier_id", "office", "received_at", "due_at", "resolved_at", "end_event",
            "returned_at", "apology", "applicant_key", "procedure_id"]
    t = pd.DataFrame(rows, columns=cols).set_index("dossier_id")
    for c in ("received_at", "due_at", "resolved_at", "returned_at"):
        t[c] = pd.to_datetime(t[c])
    t["due_adjusted"] = t["due_at"]
    t["end_at"] = t["resolved_at"]
    t["data_end"] = pd.Timestamp("2020-12-31 23:59")
    return t


def test_withdraw_resubmit_pairs_need_same_applicant_procedure_deadline_and_soon():
    t = timeline([
        # withdrawn on its due day (Fri), resubmitted Monday: a pair
        ("a1", "u1", "2020-03-02 08:00", "2020-03-06 23:59:59", None, "withdrawn", None, False,
         "A", "p1"),
        ("a2", "u1", "2020-03-09 09:00", "2020-03-13 23:59:59", "2020-03-12 10:00", "resolved",
         None, False, "A", "p1"),
        # same applicant, other procedure: not a pair
        ("b1", "u1", "2020-03-02 08:00", "2020-03-06 23:59:59", None, "withdrawn", None, False,
         "B", "p1"),
        ("b2", "u1", "2020-03-09 09:00", "2020-03-13 23:59:59", "2020-03-12 10:00", "resolved",
         None, False, "B", "p2"),
        # withdrawn three working days before its due date: not at the deadline
        ("c1", "u2", "2020-03-02 08:00", "2020-03-06 23:59:59", None, "withdrawn", None, False,
         "C", "p1"),
        ("c2", "u2", "2020-03-04 09:00", "2020-03-10 23:59:59", "2020-03-05 10:00", "resolved",
         None, False, "C", "p1"),
        # resubmitted three weeks later: not soon
        ("d1", "u2", "2020-03-02 08:00", "2020-03-06 23:59:59", None, "withdrawn", None, False,
         "D", "p1"),
        ("d2", "u2", "2020-03-27 09:00", "2020-04-02 23:59:59", "2020-03-30 10:00", "resolved",
         None, False, "D", "p1"),
    ])
    t.loc[["a1", "b1", "d1"], "end_at"] = pd.Timestamp("2020-03-06 16:00")
    t.loc["c1", "end_at"] = pd.Timestamp("2020-03-03 10:00")
    pairs = forensics_withdrawals.withdraw_resubmit_pairs(t)
    assert pairs[["dossier_id", "resubmitted_id", "days_before_due",
                  "days_to_resubmit"]].values.tolist() == [["a1", "a2", 0, 1]]
    joined = forensics_withdrawals.joined_on_time(t, pairs).set_index("office")
    assert joined.loc["u1", "on_time_recorded"] == pytest.approx(200 / 4)  # a2, b2 of 4
    assert joined.loc["u1", "on_time_joined"] == pytest.approx(100 / 3)  # a joined: late


def test_missing_apology_and_odd_stamps_are_read_off_each_record():
    t = timeline([
        ("l1", "u1", "2020-03-02 08:00", "2020-03-03 23:59:59", "2020-03-05 10:00", "resolved",
         None, True, "A", "p"),  # late with a slip
        ("l2", "u1", "2020-03-02 08:00", "2020-03-03 23:59:59", "2020-03-05 10:00", "resolved",
         None, False, "B", "p"),  # late, no slip
        ("s1", "u2", "2020-03-02 08:00", "2020-03-09 23:59:59", "2020-03-07 10:00", "resolved",
         None, False, "C", "p"),  # Saturday
        ("s2", "u2", "2020-03-02 08:00", "2020-03-09 23:59:59", "2020-03-04 21:15", "resolved",
         None, False, "D", "p"),  # 21:15
        ("s3", "u2", "2020-03-02 08:00", "2020-03-09 23:59:59", "2020-03-01 09:00", "resolved",
         None, False, "E", "p"),  # before receipt (and a Sunday)
        ("ok", "u2", "2020-03-02 08:00", "2020-03-09 23:59:59", "2020-03-04 17:50", "resolved",
         None, False, "F", "p"),  # 20 minutes after closing: within the slack
    ])
    late = forensics_records.late_dossiers(t)
    assert sorted(late.index) == ["l1", "l2"]
    ma = forensics_records.missing_apology(t, {}, 0.05).set_index("office")
    assert (ma.loc["u1", "n"], ma.loc["u1", "count"]) == (2, 1)
    assert ma.loc["u1", "verdict"] == "flagged"  # one late dossier without a slip breaks the rule
    assert ma.loc["u2", "verdict"] == "too few"  # no late dossier
    stamps = forensics_records.resolution_stamps(t)
    assert stamps.loc["s1"].tolist()[1:] == [True, False, False]
    assert stamps.loc["s2"].tolist()[1:] == [False, True, False]
    assert stamps.loc["s3", "before_receipt"]
    assert not stamps.loc["ok", ["non_working_day", "outside_hours", "before_receipt"]].any()


def offsets(office: str, rng, n: int, moved: float = 0.0) -> pd.DataFrame:
    """Resolutions of one office, as ``forensics_bunching.due_offsets`` gives them: spans 1–15,
    each resolved on a uniform working day of its span; ``moved`` of them put on the due day."""
    span = rng.integers(1, 16, n)
    offset = -rng.integers(0, span + 1)
    offset = np.where(rng.random(n) < moved, 0, offset)
    return pd.DataFrame({"office": office, "offset": offset, "span": span})


def test_signals_say_not_recorded_when_the_records_cannot_show_them():
    t = timeline([
        ("l1", "u1", "2020-03-02 08:00", "2020-03-03 23:59:59", "2020-03-05 10:00", "resolved",
         None, False, "A", "p"),
        ("l2", "u2", "2020-03-02 08:00", "2020-03-03 23:59:59", "2020-03-06 10:00", "resolved",
         None, False, "B", "p"),
        ("ok", "u3", "2020-03-02 08:00", "2020-03-09 23:59:59", "2020-03-04 10:00", "resolved",
         None, False, "C", "p"),
    ])
    ma = forensics_records.missing_apology(t, {}, 0.05).set_index("office")
    assert set(ma["verdict"]) == {"not recorded"}
    on_time = t.loc[["ok"]]  # no late dossier: no slip is needed, so none missing is not a gap
    assert set(forensics_records.missing_apology(on_time, {}, 0.05)["verdict"]) == {"too few"}
    assert not forensics.signal_findings("missing_apology", ma.reset_index(), synthetic=False)
    # nor are pairs read without an applicant key, or late hand-overs without hand-over dates
    no_key = t.assign(applicant_key=None)
    wr = forensics_withdrawals.withdraw_resubmit(
        no_key, forensics_withdrawals.withdraw_resubmit_pairs(no_key), {}, 0.05)
    assert set(wr["verdict"]) == {"not recorded"}
    t["channel"] = "in_person"
    assert set(forensics_bunching.late_handover(t, {}, 0.05)["verdict"]) == {"not recorded"}


def test_window_excess_is_zero_for_an_office_like_its_peers_and_counts_moved_stamps():
    rng = np.random.default_rng(5)
    off = pd.concat([offsets(f"u{i}", rng, 20_000) for i in range(4)]
                    + [offsets("bad", rng, 20_000, moved=0.1)])
    clean = off[off["office"] != "bad"]
    counts = forensics_bunching.offset_counts(clean, ["u0", "u1", "u2", "u3"])
    p = forensics_bunching.counterfactual(counts)
    assert all(abs(float(forensics_bunching.window_excess(counts[i], p[i]))) < 2.0
               for i in range(4))  # each clean office is like its peers
    u, se = forensics_bunching.window_score(counts[1], p[1])
    assert abs(u / se) < 3
    offices = sorted(off["office"].unique())  # "bad" first
    counts = forensics_bunching.offset_counts(off, offices)
    p = forensics_bunching.counterfactual(counts)
    excess = [float(forensics_bunching.window_excess(counts[i], p[i])) for i in range(5)]
    # "bad": 10% of 20,000 moved to day 0; (1 − P(window)) of them were outside it before
    bad = off[off["office"] == "bad"]
    window = bad["offset"].between(-1, 0).sum()
    was_outside = 0.1 * 20_000 * (1 - (2 / (bad["span"] + 1)).clip(upper=1).mean())
    assert excess[0] == pytest.approx(100 * was_outside / window, rel=0.1)
    u, se = forensics_bunching.window_score(counts[0], p[0])
    assert u / se > 10


def test_bunching_flags_the_office_that_moves_stamps_and_keeps_the_centre_apart():
    rng = np.random.default_rng(6)
    off = pd.concat([offsets(f"u{i:02d}", rng, 1500) for i in range(10)]
                    + [offsets("bad", rng, 1500, moved=0.15), offsets("centre", rng, 6000)])
    from motcua.vn import calendar as wcal

    off = off.reset_index(drop=True)
    tl = pd.DataFrame({"office": off["office"]})
    tl["received_at"] = pd.Timestamp("2020-06-01 09:00")  # a Monday
    start = pd.Series(tl["received_at"])
    tl["due_adjusted"] = wcal.add_working_days(start, off["span"]) + pd.Timedelta(hours=8)
    tl["resolved_at"] = wcal.add_working_days(start, off["span"] + off["offset"]) + pd.Timedelta(
        hours=1)
    tl["returned_at"] = pd.NaT
    t, hist = forensics_bunching.bunching(tl, {}, reps=99)
    t = t.set_index("office")
    assert t.loc["bad", "verdict"] == "flagged"
    assert (t.drop(["bad", "centre"])["verdict"] == "quiet").all()
    assert t.loc["centre", "verdict"] == "no peers"
    assert t.loc["bad", "low"] > 0 and t.loc["bad", "n"] == 1500
    assert set(hist.columns) == {"office", "offset", "resolutions", "trend"}


def test_funnel_test_finds_two_bad_offices_that_would_hide_each_other():
    rng = np.random.default_rng(7)
    n = rng.integers(800, 2500, 12)
    k = rng.binomial(n, 0.05)
    k[[2, 7]] = (0.09 * n[[2, 7]]).astype(int)  # two offices far above, alike
    pooled = k.sum() / n.sum()
    se = np.sqrt(pooled * (1 - pooled) / n)
    t = forensics_stats.funnel_test(k / n, se, 0.05)
    assert t["flagged"].tolist() == [i in (2, 7) for i in range(12)]
    # the adjusted p-values are what the verdict reads
    assert ((t["p_adjusted"] < 0.05) == t["flagged"]).all()


# ---- planted faults --------------------------------------------------------------------------

#: Planted-fault check: Quảng Điền 2020 (12 offices, the locality with the most late dossiers
#: per office), seeds 101 and 102, four offices per fault (drawn by the benchmark's own rule),
#: so 8 planted offices per signal. Floors from bench/drivers/README.md (seeds 0–19, two offices
#: per fault, 40 planted offices per signal): late_handover flagged 32 of 40 (80%),
#: withdraw_resubmit 25 (62%). Each floor is the largest count that a signal with that hit
#: rate falls below with probability under 3% (binomial, 8 offices): 4 for 80% (1%), 3 for 62%
#: (2.7%). missing_apology is a rule (one late dossier without a slip flags the office), and
#: every planted office has such a dossier (its ground-truth rows), so it must flag all 8.
#: False alarms: each signal's family-wise rate is 5% per locality, so over 2 seeds × 6 signals
#: at most 2 (the benchmark saw 3 in 120 signal runs, all exits flags in clean offices).
FLOORS = {"late_handover": 4, "withdraw_resubmit": 3}
SEEDS = (101, 102)
#: bunching sees heavy backdating only (0 of 40 at the default 0.4% of an office's on-time
#: dossiers; 23 of 40 at 10%, 36 of 40 at 20%: bench/drivers/README.md), so it is held at 20%:
#: 5 of 8 (90% falls below 5 with probability 0.5%; a planted centre has no peers and counts
#: as a miss).
HEAVY_BACKDATING, HEAVY_FLOOR = 0.2, 5


def _bench():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "motcua_bench_signals", Path(__file__).parents[1] / "bench" / "drivers" / "signals.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


@pytest.fixture(scope="module")
def planted_scores():
    bench = _bench()
    return pd.concat([bench.score("quang-dien-2020", s, per_fault=4, reps=99) for s in SEEDS])


@pytest.fixture(scope="module")
def heavily_backdated_scores():
    from motcua.synth import dossiers

    bench = _bench()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dossiers, "BACKDATED_SHARE", HEAVY_BACKDATING)
        return pd.concat([bench.score("quang-dien-2020", s, per_fault=4, reps=99)
                          for s in SEEDS])


def test_signals_flag_planted_offices(planted_scores):
    totals = planted_scores.groupby("signal")[["planted", "hits"]].sum()
    for signal, floor in FLOORS.items():
        assert totals.loc[signal, "planted"] == 8
        assert totals.loc[signal, "hits"] >= floor, (signal, totals.loc[signal].to_dict())
    assert totals.loc["missing_apology", "hits"] == totals.loc["missing_apology", "planted"] == 8


def test_signals_stay_quiet_on_clean_offices(planted_scores):
    assert planted_scores["false_alarms"].sum() <= 2, planted_scores.to_string()


def test_bunching_flags_heavy_backdating_and_nothing_else(heavily_backdated_scores):
    b = heavily_backdated_scores[heavily_backdated_scores["signal"] == "bunching"]
    assert b["planted"].sum() == 8
    assert b["hits"].sum() >= HEAVY_FLOOR, b.to_string()
    assert b["false_alarms"].sum() == 0, b.to_string()


def test_findings_name_the_flagged_office():
    from motcua.records import read_records

    r = read_records("data/synthetic/lang-son-2019")
    res = forensics_signals.run_signals(r.dossiers, r.events, r.period_start, r.period_end,
                                        reps=99)
    found = forensics_signals.findings(res, synthetic=True)
    flagged = sum((t["verdict"] == "flagged").sum() for t in res.tables.values())
    assert len(found) == flagged > 0
    for f in found:
        assert (f.severity, f.status) == ("warning", "flagged")
        assert f.unit_code and f.unit_name and "[SYNTHETIC records]" in f.message_en


@pytest.mark.parametrize("offices", [12, 19])
def test_funnel_test_holds_its_false_alarm_rate_under_ordinary_spread(offices):
    rng = np.random.default_rng(4)
    flags = 0
    for _ in range(300):
        n = np.maximum((520 * rng.lognormal(0, 0.35, offices)).astype(int), 300)
        k = rng.binomial(n, 0.008 * rng.lognormal(0, 0.4, offices))  # offices differ, none bad
        flags += forensics_stats.funnel_test(np.arcsin(np.sqrt(k / n)), 0.5 / np.sqrt(n),
                                             0.05)["flagged"].any()
    assert flags / 300 <= 0.10
