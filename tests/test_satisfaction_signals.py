"""Form-quality signals: each fires on the pattern it is for and not on clean forms; the ceiling
signal finds a planted uniform office over 20 simulator seeds and names no clean one."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import betabinom

from motcua.analysis import satisfaction as sat
from motcua.analysis import satisfaction_signals as sig

from test_satisfaction import make_records


def answers_of(records):
    return sat.answer_table(records.surveys, records.dossiers, records.events)


# ---------------------------------------------------------------------------------------------
# the beta-binomial reference


def test_beta_binomial_fit_is_the_maximum_of_scipys_likelihood():
    rng = np.random.default_rng(3)
    n = rng.integers(20, 300, 15)
    k = betabinom.rvs(n, 12.0, 8.0, random_state=rng)
    a, b = sig.fit_beta_binomial(k, n)

    def nll(theta):  # scipy's own log-pmf, mean/concentration parametrisation
        mu, conc = expit(theta[0]), np.exp(theta[1])
        return -betabinom.logpmf(k, n, mu * conc, (1 - mu) * conc).sum()

    ref = minimize(nll, [0.0, np.log(10)], method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 5000})
    mu, conc = expit(ref.x[0]), np.exp(ref.x[1])
    assert a / (a + b) == pytest.approx(mu, abs=1e-3)
    assert a + b == pytest.approx(conc, rel=1e-2)
    assert nll([np.log(a / b), np.log(a + b)]) <= ref.fun + 1e-6


def ceiling_fixture(extra: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Ten ordinary offices around 60% very satisfied, plus ``extra`` offices (top, forms)."""
    rng = np.random.default_rng(11)
    offices = {}
    for i in range(10):
        n = int(rng.integers(80, 200))
        top = int(rng.binomial(n, rng.beta(30, 20)))
        offices[f"{i:05d}"] = [top, n - top, 0]
    for code, (top, n) in extra.items():
        offices[code] = [top, n - top, 0]
    return answers_of(make_records(3, offices, seed=5))


def test_ceiling_flags_100_of_400_and_not_100_of_4():
    table = sig.ceiling(ceiling_fixture({"90400": (400, 400), "90004": (4, 4)}), alpha=0.01)
    flagged = set(table.loc[table["flagged"], "office"])
    assert flagged == {"90400"}
    small = table.set_index("office").loc["90004"]
    assert small["share"] == 100 and small["p_value"] > 0.01
    assert small["plausible_max"] == 100  # 4 of 4 is plausible at this size


def test_ceiling_is_not_testable_with_too_few_peers():
    rec = make_records(3, {"00001": [10, 0, 0], "00002": [5, 5, 0]})
    table = sig.ceiling(answers_of(rec))
    assert table["p_value"].isna().all() and not table["flagged"].any()


def test_funnel_limits_fall_with_size_and_stay_within_0_100():
    table = sig.ceiling(ceiling_fixture({}), alpha=0.01)
    lim = sig.funnel_limits(table, alpha=0.01, sizes=np.array([4, 40, 400]))
    assert lim["upper"].iloc[0] == 100
    assert lim["upper"].is_monotonic_decreasing and (lim["upper"] <= 100).all()
    assert lim["upper"].iloc[-1] > table["reference_mean"].mean()


# ---------------------------------------------------------------------------------------------
# the other signals on hand-made patterns


def test_straight_lining_flags_the_office_that_answers_every_criterion_alike():
    rng = np.random.default_rng(2)
    offices = {f"{i:05d}": [20, 20, 10] for i in range(6)}
    rec = make_records(3, offices, criteria=("overall", "staff", "time"), seed=4)
    s = rec.surveys.copy()
    levels = np.array(sat.SCALE_LEVELS[3])
    clean = s["reception_unit"] != "00000"  # the others answer each criterion independently
    s.loc[clean, "satisfaction_level"] = levels[rng.choice(3, clean.sum(), p=[.4, .4, .2])]
    answers = sat.answer_table(s, rec.dossiers, rec.events)
    table = sig.straight_lining(answers, alpha=0.01)
    assert set(table.loc[table["flagged"], "office"]) == {"00000"}
    assert table.set_index("office").loc["00000", "share"] == 100


def test_straight_lining_needs_multi_criterion_forms():
    assert sig.straight_lining(answers_of(make_records(3, {"00001": [5, 5, 5]}))).empty


def test_runs_flag_answers_clumped_in_time_and_not_a_random_order():
    offices = {"00001": [40, 40, 0], "00002": [40, 40, 0]}
    rec = make_records(3, offices, seed=8)
    s = rec.surveys.copy()
    one = s.index[s["reception_unit"] == "00001"]
    times = pd.date_range("2022-03-01 08:00", periods=len(one), freq="2h")
    order = s.loc[one, "satisfaction_level"].sort_values(kind="stable").index  # 40, then 40
    s.loc[order, "answered_at"] = times
    table = sig.runs(sat.answer_table(s, rec.dossiers, rec.events), alpha=0.01).set_index(
        "office")
    assert table.loc["00001", "flagged"] and table.loc["00001", "runs"] == 2
    assert not table.loc["00002", "flagged"]


def test_bursts_flag_many_forms_within_minutes_only():
    offices = {f"{i:05d}": [20, 20, 5] for i in range(4)}
    rec = make_records(3, offices, seed=9)
    s = rec.surveys.copy()
    burst = s.index[s["reception_unit"] == "00003"][:12]
    s.loc[burst, "answered_at"] = pd.Timestamp("2022-05-10 09:00") + pd.to_timedelta(
        np.arange(12) * 25, unit="s")
    table = sig.bursts(sat.answer_table(s, rec.dossiers, rec.events), alpha=0.01)
    assert set(table.loc[table["flagged"], "office"]) == {"00003"}
    row = table.set_index("office").loc["00003"]
    assert row["burst_forms"] == 12 and row["day"] == "2022-05-10"


def test_forms_per_dossier_flags_duplicate_answers_and_too_many_forms():
    rec = make_records(3, {"00001": [5, 5, 0], "00002": [5, 5, 0], "00003": [5, 5, 0]})
    s = rec.surveys.copy()
    dup = s[s["reception_unit"] == "00001"].iloc[[0]]  # one form answers "overall" twice
    extra = s[s["reception_unit"] == "00002"].assign(
        response_id=lambda d: d["response_id"] + "b")  # twice as many forms as dossiers
    s = pd.concat([s, dup, extra], ignore_index=True)
    table = sig.forms_per_dossier(sat.answer_table(s, rec.dossiers, rec.events), rec.dossiers)
    t = table.set_index("office")
    assert set(t.index[t["flagged"]]) == {"00001", "00002"}
    assert t.loc["00001", "extra_answers"] == 1
    assert t.loc["00002", "forms"] == 20 and t.loc["00002", "repeat_dossier_forms"] == 10


# ---------------------------------------------------------------------------------------------
# planted faults: 20 simulator seeds

SLUG = "lang-son-2019"  # 11 district units and a centre, 25–50 forms each, 5-point scale
SEEDS = range(20)
ALPHA = 0.01  # the parameter files' default signal_alpha


@pytest.fixture(scope="module")
def planted():
    """Per seed: the unit the simulator planted ``uniform_satisfaction`` in (from its ground
    truth) and the offices the signals flag. One simulation per seed, cached for the module."""
    simulate = pytest.importorskip("motcua.synth").simulate_locality
    try:
        simulate(SLUG, seed=0, plant={"uniform_satisfaction": ["183"]})
    except TypeError:
        pytest.skip("the simulator has no plant= yet")
    units = None
    out = []
    for seed in SEEDS:
        if units is None:
            units = sorted(set(simulate(SLUG, seed=0, faults=()).surveys["reception_unit"])
                           - {"centre"})
        r = simulate(SLUG, seed=seed, plant={"uniform_satisfaction": [units[seed % len(units)]]})
        truth = r.ground_truth
        planted_units = set(truth.loc[truth["fault"] == "uniform_satisfaction", "reception_unit"])
        answers = sat.answer_table(r.surveys, r.dossiers, r.events)
        flags = {name: set(t.loc[t["flagged"], "office"]) for name, t in (
            ("ceiling", sig.ceiling(answers, ALPHA)), ("runs", sig.runs(answers, ALPHA)),
            ("bursts", sig.bursts(answers, ALPHA)),
            ("forms_per_dossier", sig.forms_per_dossier(answers, r.dossiers)))}
        out.append(dict(seed=seed, planted=planted_units, offices=set(answers["office"]), **flags))
    return out


def test_simulator_plants_exactly_one_named_office(planted):
    assert all(len(p["planted"]) == 1 and p["planted"] <= p["offices"] for p in planted)
    assert len({next(iter(p["planted"])) for p in planted}) >= 10  # many different offices


def test_ceiling_finds_the_planted_office_and_no_clean_one_over_20_seeds(planted):
    hits = sum(p["planted"] <= p["ceiling"] for p in planted)
    false_alarms = sum(len(p["ceiling"] - p["planted"]) for p in planted)
    clean_tests = sum(len(p["offices"] - p["planted"]) for p in planted)
    print(f"ceiling over {len(planted)} seeds: {hits} hits, {false_alarms} false alarms in "
          f"{clean_tests} clean office tests")
    assert hits == len(planted)
    assert false_alarms == 0


def test_other_signals_stay_quiet_on_the_simulated_forms(planted):
    """The simulator plants no clumps, bursts or surplus forms: flags would be false alarms."""
    for name in ("runs", "bursts", "forms_per_dossier"):
        alarms = [(p["seed"], sorted(p[name])) for p in planted if p[name]]
        print(f"{name}: false alarms {alarms}")
        assert len(alarms) <= 1, (name, alarms)
