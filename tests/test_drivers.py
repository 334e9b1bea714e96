"""The drivers model: pattern counts give the row-level fit exactly; the score bootstrap and the
marginal effects agree with statsmodels; rates by factor agree with ``ontime``."""

import itertools

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.stats.sandwich_covariance import cov_cluster

from motcua.analysis import drivers, drivers_effects, ontime
from motcua.stats import proportion_interval


def random_frame(seed=3, n=6000, offices=9):
    """Dossier-level factors with a logistic on-time that depends on field, channel and office."""
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({
        "office": rng.choice([f"u{i}" for i in range(offices)], n),
        "field": rng.choice(["land", "civil", "cert", "other"], n, p=[.3, .3, .3, .1]),
        "channel": rng.choice(["in_person", "online", "postal"], n, p=[.7, .2, .1]),
        "mechanism": rng.choice(["one-stop", "inter-agency"], n, p=[.8, .2]),
        "month": rng.choice(["2020-01", "2020-02", "2020-03"], n),
        "limit": rng.choice(["same day", "1–3 working days", "over 10 working days"], n),
        "workload": rng.choice(["quiet week", "usual week", "busy week"], n),
    })
    office_effect = dict(zip(sorted(f["office"].unique()), rng.normal(0, 0.4, offices)))
    eta = (1.5 + 0.8 * (f["field"] == "cert") - 0.6 * (f["channel"] == "postal")
           - 0.5 * (f["mechanism"] == "inter-agency") + f["office"].map(office_effect))
    f["on_time"] = rng.random(n) < 1 / (1 + np.exp(-eta))
    return f


@pytest.fixture(scope="module")
def fitted():
    frame = random_frame()
    patterns = drivers.covariate_patterns(frame)
    fit = drivers.fit_drivers(patterns)
    rows = frame.merge(patterns.reset_index()[["index", *drivers.MODEL_FACTORS, "office"]],
                       on=[*drivers.MODEL_FACTORS, "office"])
    X = fit.design.X.loc[rows["index"]].to_numpy()
    y = rows["on_time"].to_numpy(float)
    groups = pd.factorize(rows["office"])[0]
    return fit, X, y, groups


def test_pattern_fit_equals_row_level_fit(fitted):
    fit, X, y, groups = fitted
    assert len(fit.patterns) < len(y)  # fewer rows (far fewer on real data: bench/drivers)
    glm = sm.GLM(y, X, family=sm.families.Binomial()).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    logit = sm.Logit(y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": groups})
    for row in (glm, logit):
        np.testing.assert_allclose(fit.params.to_numpy(), row.params, atol=1e-6, rtol=0)
        np.testing.assert_allclose(fit.bse.to_numpy(), row.bse, atol=1e-6, rtol=0)


def test_score_bootstrap_covariance_is_the_cluster_sandwich(fitted):
    fit, X, y, groups = fitted
    g = fit.n_clusters
    signs = np.array(list(itertools.product([-1.0, 1.0], repeat=g)))  # every pattern: exact
    draws = drivers_effects.score_draws(fit, signs)
    dev = draws - fit.params.to_numpy()
    boot_cov = dev.T @ dev / len(signs)
    row = sm.GLM(y, X, family=sm.families.Binomial()).fit()
    sandwich = cov_cluster(row, groups, use_correction=False) * g / (g - 1)
    np.testing.assert_allclose(boot_cov, sandwich, rtol=1e-6, atol=1e-12)


def test_ame_of_a_binary_factor_equals_statsmodels_discrete_change(fitted):
    fit, X, y, _ = fitted
    ame = drivers_effects.average_marginal_effects(fit)
    mine = ame[ame["factor"] == "mechanism"]
    [(level, col)] = fit.design.columns["mechanism"]
    j = fit.design.X.columns.get_loc(col)
    marg = sm.Logit(y, X).fit(disp=0).get_margeff(at="overall", dummy=True)
    k = j - 1  # get_margeff leaves out the constant
    assert mine["level"].iloc[0] == level
    assert mine["ame_pp"].iloc[0] == pytest.approx(100 * marg.margeff[k], abs=1e-8)
    assert mine["ame_pp"].iloc[0] < 0  # planted: inter-agency is less often on time


def test_bootstrap_interval_covers_planted_effects_and_reads_as_sentences(fitted):
    fit = fitted[0]
    table = drivers_effects.drivers_table(fit, reps=399, seed=1)
    assert (table["interval"] == "wild bootstrap").all()  # 9 offices: few
    post = table[(table["factor"] == "channel") & (table["level"] == "postal")].iloc[0]
    assert post["high"] < 0  # planted −0.6 on the logit scale
    text = " ".join(drivers_effects.drivers_sentences(table, 0.95))
    assert "postal" in text and "percentage points lower" in text


def test_separated_levels_are_pooled_and_rare_outcomes_drop_factors():
    frame = random_frame(seed=5, n=3000)
    frame.loc[frame["field"] == "other", "on_time"] = True  # no late dossier in this level
    d = drivers.design_matrix(drivers.covariate_patterns(frame))
    assert not any("field[other]" == c for c in d.X.columns)
    assert any("other pooled with" in n for n in d.notes)
    rare = frame.copy()
    rare["on_time"] = True
    rare.loc[rare.index[:30], "on_time"] = False  # 30 events: at most 3 coefficients
    d = drivers.design_matrix(drivers.covariate_patterns(rare))
    assert d.X.shape[1] * drivers.MIN_EVENTS_PER_PARAMETER <= 30
    assert any("fewer than 10 per coefficient" in n for n in d.notes)


def test_no_model_when_every_dossier_has_the_same_outcome():
    frame = random_frame(n=500)
    frame["on_time"] = True
    fit, why = drivers.fit_or_reason(drivers.covariate_patterns(frame))
    assert fit is None and "same outcome" in why


def test_office_rates_match_ontime_and_intervals_are_wilson(tmp_path):
    from motcua.records import read_records

    r = read_records("data/synthetic/dong-quang-2022")
    frame = drivers.on_time_frame(r.dossiers, r.events, r.period_start, r.period_end,
                                  ["qd766", "received_cohort"])
    rates = drivers.rates_by_factor(frame, alpha=0.1)
    want = ontime.rates_by_convention(r.dossiers, r.events, r.period_start, r.period_end,
                                      by="reception_unit", conventions=("qd766",))
    got = rates[(rates["factor"] == "office") & (rates["convention"] == "qd766")]
    assert got["on_time"].tolist() == want["numerator"].tolist()
    assert got["dossiers"].tolist() == want["denominator"].tolist()
    lo, hi = proportion_interval(got["on_time"], got["dossiers"], alpha=0.1)
    np.testing.assert_allclose(got["ci_low"], lo)
    for f in drivers.FACTORS:  # every factor partitions the same dossiers
        assert rates[(rates["factor"] == f) & (rates["convention"] == "qd766")][
            "dossiers"].sum() == want["denominator"].sum()


def test_limit_bands_and_workload():
    lim = drivers.limit_band(pd.Series([0, 3, 16, 15, 1, 4.0]),
                             pd.Series(["working_day", "working_day", "hour", "day", "month",
                                        "working_day"]))
    assert lim.tolist() == ["same day", "1–3 working days", "1–3 working days",
                            "over 10 working days", "over 10 working days", "4–10 working days"]
    days = pd.Series(pd.to_datetime(["2020-01-06"] * 10 + ["2020-01-13"] * 2 + ["2020-01-20"] * 2
                                    + ["2020-01-27"] * 2))
    band = drivers.workload_band(days, pd.Series(["a"] * 16))
    assert band.iloc[0] == "busy week" and band.iloc[-1] == "usual week"


def test_pattern_counts_equal_pandas_groupby_in_any_chunking(monkeypatch):
    frame = random_frame(seed=8, n=5000)
    keys = [*drivers.MODEL_FACTORS, "office"]
    g = frame.groupby(keys, observed=True, sort=True)["on_time"]
    want = pd.DataFrame({"on_time": g.sum().astype("int64"), "dossiers": g.size()}).reset_index()
    for chunk, cat, dense in ((997, False, 1 << 22), (10**6, True, 1 << 22), (997, True, 10)):
        monkeypatch.setattr(drivers, "PATTERN_CHUNK", chunk)
        monkeypatch.setattr(drivers, "DENSE_KEYS", dense)
        f = frame.astype({k: "category" for k in keys}) if cat else frame
        got = drivers.covariate_patterns(f)
        pd.testing.assert_frame_equal(got.astype({k: str for k in keys}),
                                      want.astype({k: str for k in keys}), check_dtype=False)
    frame.loc[3, "field"] = None
    with pytest.raises(ValueError, match="missing values"):
        drivers.covariate_patterns(frame)
