"""Event studies (motcua.analysis.effects): against a hand computation, statsmodels, and a panel
with a planted effect over many seeds (coverage of the wild bootstrap intervals, TWFE bias)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from motcua.analysis import effects
from motcua.synth.panel import simulate_staggered_panel

SMALL = dict(n_units=30, n_periods=16, seed=7)


@pytest.fixture(scope="module")
def panel():
    return simulate_staggered_panel("20", **SMALL)


def hand_event_effects(panel: pd.DataFrame, outcome: str) -> pd.Series:
    """Sun–Abraham with never-treated controls on a balanced panel, by hand: each cohort g's
    effect at event time e is the change in its mean from g−1 to g+e minus the same change for
    never-treated units; event-time effects average cohorts weighted by their size."""
    ev, _ = effects.event_time_panel(panel, outcome)
    m = ev.groupby(["cohort", "time"])["y"].mean()
    size = ev[ev["time"] == 1].groupby("cohort").size()
    rows = []
    for g in sorted(set(ev["cohort"]) - {0}):
        for t in sorted(ev["time"].unique()):
            if t == g - 1:
                continue
            att = (m[(g, t)] - m[(g, g - 1)]) - (m[(0, t)] - m[(0, g - 1)])
            rows.append((t - g, att, size[g]))
    a = pd.DataFrame(rows, columns=["e", "att", "n"])
    return a.groupby("e").apply(lambda s: np.average(s["att"], weights=s["n"]),
                                include_groups=False)


def test_event_study_matches_hand_computation(panel):
    study = effects.event_study(panel, "on_time_rate", window=(-4, 6), reps=99, seed=1)
    hand = hand_event_effects(panel, "on_time_rate")
    got = study.events.set_index("event_time")["estimate"]
    assert len(got) >= 8
    np.testing.assert_allclose(got.to_numpy(), hand.reindex(got.index).to_numpy(), atol=1e-10)
    assert (study.events["n_clusters"] == study.n_clusters).all()
    assert study.n_clusters == panel["district_code"].nunique()


def test_naive_twfe_matches_statsmodels(panel):
    ev, _ = effects.event_time_panel(panel, "on_time_rate")
    got = effects.naive_twfe(ev, reps=99, seed=1)
    d = ev.assign(d=((ev["cohort"] > 0) & (ev["time"] >= ev["cohort"])).astype(float))
    fit = smf.ols("y ~ d + C(unit) + C(time)", data=d).fit()
    assert got["estimate"] == pytest.approx(fit.params["d"], abs=1e-10)
    assert got["ci_low"] < got["estimate"] < got["ci_high"]


def test_reparametrised_design_tests_the_weighted_sum(panel):
    ev, _ = effects.event_time_panel(panel, "on_time_rate")
    cells, X = effects.saturated_design(ev)
    Xd = effects.two_way_demean(X, ev["unit"], ev["time"])
    yd = effects.two_way_demean(ev[["y"]].to_numpy(), ev["unit"], ev["time"])[:, 0]
    beta = np.linalg.lstsq(Xd, yd, rcond=None)[0]
    w = effects.cell_weights(cells, [0, 1, 2])
    Xr, k = effects._reparametrised(Xd, w)
    beta_r = np.linalg.lstsq(Xr, yd, rcond=None)[0]
    assert beta_r[k] == pytest.approx(w @ beta, abs=1e-12)
    np.testing.assert_allclose(Xr @ beta_r, Xd @ beta, atol=1e-10)  # same fit


def test_planted_effect_recovered_over_seeds():
    """25 SYNTHETIC panels (40 communes, 24 months, ~10 district clusters): the 95% wild
    bootstrap intervals of the Sun–Abraham overall effect cover the planted average effect at
    about the nominal rate, and the naive TWFE estimate is biased towards zero."""
    rows = []
    for seed in range(25):
        p = simulate_staggered_panel("20", n_units=40, n_periods=24, seed=seed)
        o = effects.event_study(p, "on_time_rate", window=None, reps=99, seed=seed).overall
        iw, twfe = o.iloc[0], o.iloc[-1]
        rows.append({"cover": iw["ci_low"] <= iw["true_effect"] <= iw["ci_high"],
                     "iw_bias": iw["estimate"] - iw["true_effect"],
                     "twfe_rel_bias": (twfe["estimate"] - twfe["true_effect"])
                     / twfe["true_effect"],
                     "twfe_cover": twfe["ci_low"] <= twfe["true_effect"] <= twfe["ci_high"],
                     "truth": iw["true_effect"]})
    r = pd.DataFrame(rows)
    print(f"coverage {r['cover'].mean():.2f}; IW mean bias {r['iw_bias'].mean():+.4f} "
          f"(truth ~{r['truth'].mean():.3f}); TWFE mean relative bias "
          f"{r['twfe_rel_bias'].mean():+.2f}, TWFE interval covers truth "
          f"{r['twfe_cover'].mean():.2f}")
    assert r["cover"].mean() >= 0.85
    assert abs(r["iw_bias"].mean()) < 0.15 * r["truth"].mean()
    assert r["twfe_rel_bias"].mean() < -0.25
    assert r["twfe_cover"].mean() < 0.6


def test_last_cohort_serves_as_control_when_all_adopt():
    p = simulate_staggered_panel("20", n_units=30, n_periods=16, never_share=0.0, seed=3)
    study = effects.event_study(p, "on_time_rate", window=(-2, 2), reps=99, seed=1)
    assert "last cohort" in study.control
    assert len(study.cohorts) == 2  # three waves, the last one is the control


def test_event_time_panel_cohorts_and_dropped_units():
    periods = pd.date_range("2024-01-01", periods=6, freq="MS")
    adopt = {"a": "2024-03-15", "b": "2023-12-01", "c": "2025-01-01", "d": None}
    rows = [(u, t, pd.Timestamp(a) if a else pd.NaT, 0.5) for u, a in adopt.items()
            for t in periods]
    p = pd.DataFrame(rows, columns=["unit_code", "period", "adopted_on", "y"]) \
        .assign(district_code="x")
    ev, dropped = effects.event_time_panel(p, "y")
    cohort = ev.groupby("unit")["cohort"].first()
    assert cohort.to_dict() == {"a": 3, "c": 0, "d": 0}  # mid-March → the March period
    assert dropped["unit_code"].tolist() == ["b"]       # adopted before the panel


def test_too_few_clusters_is_an_error(panel):
    with pytest.raises(ValueError, match="cluster"):
        effects.event_study(panel.assign(district_code="one"), "on_time_rate", reps=99)


def test_null_outcome_shows_no_effect(panel):
    """Online share has no planted effect: its interval covers zero."""
    o = effects.event_study(panel, "online_share", window=None, reps=99, seed=2).overall
    assert o.iloc[0]["ci_low"] <= 0 <= o.iloc[0]["ci_high"]
