"""The ordinal model: the fast subclass is statsmodels' OrderedModel, its predicted shares agree
with a direct tabulation on one binary covariate, it is skipped with a reason when answers sit
at one or two levels, and its bootstrap is seeded."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.numdiff import approx_fprime

from motcua.analysis import satisfaction as sat
from motcua.analysis import satisfaction_model as mod

from test_satisfaction import make_records

LEVELS3 = list(sat.SCALE_LEVELS[3])


def po_frame(n: int, seed: int, beta: float = 1.0, cuts=(-1.5, 0.5)) -> pd.DataFrame:
    """Answers drawn from a proportional-odds model with one binary covariate ``on_time``
    (levels worst first: dissatisfied < satisfied < very satisfied); one office, one channel,
    one field, no waiting time: the model's only covariate is on_time."""
    rng = np.random.default_rng(seed)
    x = (rng.random(n) < 0.5).astype(float)
    latent = beta * x + rng.logistic(size=n)
    code = np.searchsorted(np.asarray(cuts), latent)
    worst_first = list(reversed(LEVELS3))
    return pd.DataFrame({
        "level": pd.Categorical.from_codes(code, categories=worst_first, ordered=True),
        "on_time": x, "wait_days": 0.0,
        "office": pd.Categorical(["00001"] * n), "channel": pd.Categorical(["in_person"] * n),
        "field": pd.Categorical(["land"] * n)})


def test_score_is_the_gradient_of_the_log_likelihood():
    rec = make_records(5, {"00001": [20, 15, 6, 6, 3], "00002": [10, 20, 10, 5, 5],
                           "00003": [25, 10, 5, 5, 5]})
    frame, _ = mod.model_frame(sat.answer_table(rec.surveys, rec.dossiers, rec.events))
    x = mod.design(frame, on_time=True)
    model = mod.OrderedLogit(frame["level"], x)
    params = np.random.default_rng(0).normal(0, 0.4, x.shape[1] + frame["level"].nunique() - 1)
    np.testing.assert_allclose(model.score(params), approx_fprime(params, model.loglike,
                                                                  centered=True), atol=1e-5)


def test_fast_subclass_fits_like_statsmodels_ordered_logit():
    frame = po_frame(800, seed=1)
    fast = mod.fit(frame)
    x = mod.design(frame)
    ref = OrderedModel(frame["level"], x, distr="logit").fit(method="bfgs", disp=False,
                                                              maxiter=2000)
    np.testing.assert_allclose(fast.params, ref.params, atol=1e-4)
    assert fast.llf == pytest.approx(ref.llf, abs=1e-6)
    np.testing.assert_allclose(fast.bse, ref.bse, rtol=1e-3)


def test_predicted_shares_agree_with_direct_tabulation_on_one_binary_covariate():
    frame = po_frame(20000, seed=7)
    result = mod.fit(frame)
    assert mod.exog_names(result) == ["on_time"]
    cases = mod.cases(frame)
    assert cases.to_dict("records") == [dict(channel="in_person", on_time=True),
                                        dict(channel="in_person", on_time=False)]
    pred = mod.predicted_shares(result, frame, cases, LEVELS3).set_index("on_time")
    tab = 100 * pd.crosstab(frame["on_time"] == 1, frame["level"].astype(str), normalize="index")
    for on_time in (True, False):
        for level in LEVELS3:
            assert pred.loc[on_time, level] == pytest.approx(tab.loc[on_time, level], abs=1.0)
    # and the model sees the effect: on-time dossiers get more "very satisfied"
    assert pred.loc[True, "very_satisfied"] - pred.loc[False, "very_satisfied"] > 15


def test_sentences_say_late_against_on_time_with_intervals():
    frame = po_frame(600, seed=3)
    result = mod.fit(frame)
    cases = mod.cases(frame)
    pred = mod.predicted_shares(result, frame, cases, LEVELS3)
    ci = mod.bootstrap(frame.assign(office=pd.Categorical(
        np.where(np.arange(len(frame)) % 3 == 0, "00001", "00002"))), cases, LEVELS3, result,
        reps=0, seed=1)
    [sentence] = mod.sentences(pred, None, "very_satisfied")
    late = pred.loc[~pred["on_time"].astype(bool), "very_satisfied"].iloc[0]
    assert sentence.startswith("A dossier handed in at the desk and resolved late has a "
                               f"predicted {late:.0f}% very satisfied, against")
    assert ci["replicates"].eq(0).all()


def test_office_bootstrap_is_seeded_and_brackets_the_estimate():
    offices = {f"{i:05d}": [20 + 3 * i, 25, 8 + i] for i in range(6)}
    rec = make_records(3, offices, late_every=4)
    answers = sat.answer_table(rec.surveys, rec.dossiers, rec.events)
    a = mod.model_report(answers, reps=15, seed=5)
    b = mod.model_report(answers, reps=15, seed=5)
    assert a.skipped is None and a.late >= mod.MIN_CASE_FORMS
    pd.testing.assert_frame_equal(a.intervals, b.intervals)
    merged = a.intervals.merge(a.predictions.melt(["channel", "on_time"], var_name="level",
                                                  value_name="share"))
    assert (merged["low"] <= merged["share"] + 1e-9).all()
    assert (merged["share"] <= merged["high"] + 1e-9).all()
    assert (merged["replicates"] > 10).all()


@pytest.mark.parametrize("counts, words", [([30, 0, 0], "very satisfied"),
                                           ([20, 10, 0], "very satisfied and satisfied")])
def test_model_is_skipped_when_answers_sit_at_one_or_two_levels(counts, words):
    rec = make_records(3, {"00001": counts, "00002": counts})
    report = mod.model_report(sat.answer_table(rec.surveys, rec.dossiers, rec.events), reps=5)
    assert report.skipped.startswith(f"every answer is {words}: with one or two levels")
    assert report.predictions.empty and report.sentences == []


def test_flat_offices_are_left_out_and_rare_late_drops_the_on_time_term():
    offices = {"00001": [30, 0, 0], "00002": [20, 25, 10], "00003": [25, 20, 12]}
    rec = make_records(3, offices, late_every=1000)  # no late dossier
    report = mod.model_report(sat.answer_table(rec.surveys, rec.dossiers, rec.events), reps=0)
    assert report.left_out == ["00001"]
    assert report.late == 0
    assert "on_time" not in set(report.coefficients["term"])
    assert report.predictions["on_time"].astype(bool).all()
    assert report.sentences[0].endswith("very satisfied.")
