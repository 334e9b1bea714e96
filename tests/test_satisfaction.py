"""Satisfaction distributions, simultaneous intervals, pooled against averaged shares, 3- and
5-point scales, multi-criterion forms, and the notebook's parameters."""

import ast

import jupytext
import numpy as np
import pandas as pd
import papermill
import pytest
from scipy.stats import chi2
from statsmodels.stats.proportion import multinomial_proportions_confint

from motcua.analysis import satisfaction as sat
from motcua.analysis.satisfaction_report import analyse_surveys
from motcua.config import NOTEBOOKS_DIR, PARAMS_DIR
from motcua.records.tables import Records
from motcua.runs.params import SatisfactionParams, load_params

NB = NOTEBOOKS_DIR / "02_satisfaction.py"


def make_records(scale: int, offices: dict[str, list[int]], criteria=("overall",),
                 seed: int = 0, late_every: int = 7) -> Records:
    """A small clean-tables fixture: each office's forms with the given counts per level (best
    first), one dossier per form, every ``late_every``-th dossier resolved a day late."""
    rng = np.random.default_rng(seed)
    levels = sat.SCALE_LEVELS[scale]
    dossiers, surveys = [], []
    start = pd.Timestamp("2022-01-03 08:00")
    k = 0
    for office, counts in offices.items():
        answers = np.repeat(levels, counts)
        rng.shuffle(answers)
        for i, level in enumerate(answers):
            k += 1
            received = start + pd.Timedelta(days=int(rng.integers(0, 300)), hours=1)
            due = received + pd.Timedelta(days=3)
            resolved = due + pd.Timedelta(days=1) if k % late_every == 0 else \
                received + pd.Timedelta(days=1)
            did = f"D{k:05d}"
            dossiers.append(dict(dossier_id=did, reception_unit=office, locality_code="350",
                                 field_code=("land", "civil_status")[k % 2],
                                 channel=("in_person", "online")[k % 3 == 0],
                                 received_at=received, due_at=due, processing_end_at=resolved,
                                 returned_at=resolved + pd.Timedelta(minutes=30)))
            for j, crit in enumerate(criteria):
                surveys.append(dict(response_id=f"R{k:05d}", locality_code="350",
                                    reception_unit=office, dossier_id=did,
                                    answered_at=resolved + pd.Timedelta(minutes=40 + 7 * (i % 9)),
                                    criterion=crit, satisfaction_level=level,
                                    scale_points=scale))
    d = pd.DataFrame(dossiers)
    events = pd.concat([
        d[["dossier_id", "received_at"]].rename(columns={"received_at": "at"}).assign(
            event="received"),
        d[["dossier_id", "processing_end_at"]].rename(columns={"processing_end_at": "at"}).assign(
            event="resolved"),
        d[["dossier_id", "returned_at"]].rename(columns={"returned_at": "at"}).assign(
            event="returned")], ignore_index=True)
    return Records(d, events, pd.DataFrame(surveys), "2022-01-01", "2022-12-31", True)


def answers_of(records: Records) -> pd.DataFrame:
    return sat.answer_table(records.surveys, records.dossiers, records.events)


# ---------------------------------------------------------------------------------------------
# intervals


def goodman_by_hand(counts, alpha):
    """Goodman (1965), eq. (5): A = chi2 quantile 1 − alpha/k with one degree of freedom."""
    n = np.asarray(counts, float)
    total, k = n.sum(), len(n)
    a = chi2.ppf(1 - alpha / k, 1)
    half = np.sqrt(a * (a + 4 * n * (total - n) / total))
    return (a + 2 * n - half) / (2 * (total + a)), (a + 2 * n + half) / (2 * (total + a))


@pytest.mark.parametrize("counts", [[1876, 979, 1], [206, 160, 25, 33, 0], [239, 0, 0]])
def test_simultaneous_intervals_match_goodman_and_statsmodels(counts):
    got = sat.simultaneous_intervals(pd.Series(counts, index=[f"l{i}" for i in range(len(counts))]),
                                     alpha=0.05)
    lo, hi = goodman_by_hand(counts, 0.05)
    np.testing.assert_allclose(got["low"], 100 * lo, atol=1e-9)
    np.testing.assert_allclose(got["high"], 100 * hi, atol=1e-9)
    sm = multinomial_proportions_confint(counts, alpha=0.05, method="goodman")
    np.testing.assert_allclose(got[["low", "high"]].to_numpy(), 100 * sm, atol=1e-9)
    assert got["share"].sum() == pytest.approx(100)
    assert (got["low"] <= got["share"]).all() and (got["share"] <= got["high"]).all()


def test_simultaneous_intervals_are_wider_than_one_binomial_interval():
    from statsmodels.stats.proportion import proportion_confint

    got = sat.simultaneous_intervals(pd.Series([60, 30, 10], index=["a", "b", "c"]), 0.05)
    lo, hi = proportion_confint(60, 100, alpha=0.05, method="wilson")
    assert got["high"].iloc[0] - got["low"].iloc[0] > 100 * (hi - lo)


# ---------------------------------------------------------------------------------------------
# pooled against averaged


def test_pooled_and_office_average_differ_as_arithmetic_says():
    rec = make_records(3, {"centre": [10, 0, 0], "00001": [9, 1, 0], "00002": [10, 90, 0]})
    table = sat.pooled_vs_average(answers_of(rec))
    allv = table[(table["group"] == "all offices") & (table["level"] == "very_satisfied")].iloc[0]
    assert allv["pooled"] == pytest.approx(100 * 29 / 120)
    assert allv["office_average"] == pytest.approx(100 * (1 + 0.9 + 0.1) / 3)
    com = table[(table["group"].str.startswith("communes")) & (table["level"] == "satisfied")]
    assert com["pooled"].iloc[0] == pytest.approx(100 * 91 / 110)
    assert com["office_average"].iloc[0] == pytest.approx(100 * (0.1 + 0.9) / 2)


def test_kim_bang_records_give_the_published_average_and_a_different_pooled_share():
    from motcua.records import read_records

    rec = read_records("data/synthetic/kim-bang-2022")
    main = sat.main_answers(sat.answer_table(rec.surveys, rec.dossiers, rec.events))
    t = sat.pooled_vs_average(main).set_index(["group", "level"])
    row = t.loc[("communes (all offices but the centre)", "very_satisfied")]
    surveys = rec.surveys[rec.surveys["reception_unit"] != "centre"]
    by_unit = (surveys["satisfaction_level"] == "very_satisfied").groupby(
        surveys["reception_unit"]).mean()
    assert row["office_average"] == pytest.approx(100 * by_unit.mean())
    assert round(row["office_average"], 2) == 63.35  # the published "bình quân" (SYNTHETIC fit)
    assert row["pooled"] == pytest.approx(
        100 * (surveys["satisfaction_level"] == "very_satisfied").mean())
    assert abs(row["pooled"] - row["office_average"]) > 0.5


# ---------------------------------------------------------------------------------------------
# scales and criteria


@pytest.mark.parametrize("scale, counts", [(3, [30, 15, 5]), (5, [20, 15, 6, 6, 3])])
def test_three_and_five_point_scales_pass_end_to_end(scale, counts):
    offices = {"centre": [2 * c for c in counts], "00001": counts, "00002": counts[::-1],
               "00003": counts, "00004": [c + 1 for c in counts]}
    rec = make_records(scale, offices)
    result = analyse_surveys(rec, reps=3, seed=1, signal_alpha=0.01)
    levels = list(sat.SCALE_LEVELS[scale])
    assert [c for c in result.by_office.columns if c in sat.SATISFACTION_LEVELS] == levels
    assert result.by_office["n"].sum() == sum(sum(v) for v in offices.values())
    assert result.by_office.set_index("office").loc["00002", levels].tolist() == counts[::-1]
    assert len(result.overall_intervals) == scale
    assert result.model.skipped is None and result.model.converged
    assert set(result.breakdowns["group"]) == {"month", "field", "channel"}
    assert result.scale == scale


def test_mixed_scales_are_refused():
    rec = make_records(3, {"00001": [5, 5, 5]})
    s = rec.surveys.copy()
    s.loc[0, "scale_points"] = 5
    with pytest.raises(ValueError, match="scales"):
        sat.answer_table(s, rec.dossiers, rec.events)


def test_answers_outside_the_scale_are_refused():
    rec = make_records(3, {"00001": [5, 5, 5]})
    s = rec.surveys.copy()
    s.loc[0, "satisfaction_level"] = "neutral"
    with pytest.raises(ValueError, match="3-point"):
        sat.answer_table(s, rec.dossiers, rec.events)


def test_multi_criterion_forms_are_summarised_per_criterion_and_per_form():
    rec = make_records(3, {"00001": [6, 3, 1]}, criteria=("overall", "staff", "time"))
    s = rec.surveys.copy()
    first = s["response_id"] == s["response_id"].iloc[0]
    s.loc[first & (s["criterion"] == "time"), "satisfaction_level"] = "dissatisfied"
    s.loc[first & (s["criterion"] != "time"), "satisfaction_level"] = "very_satisfied"
    answers = sat.answer_table(s, rec.dossiers, rec.events)
    summary = sat.criterion_summary(answers).set_index("criterion")
    assert set(summary.index) == {"overall", "staff", "time", "(each form's worst answer)"}
    assert (summary["n"] == 10).all()
    forms = sat.per_form(answers).set_index("response_id")
    assert forms.loc[s["response_id"].iloc[0], "worst"] == "dissatisfied"
    assert not forms.loc[s["response_id"].iloc[0], "identical"]
    assert forms["identical"].sum() == 9  # every other form repeats its level thrice
    assert len(sat.main_answers(answers)) == 10


def test_distribution_counts_match_a_crosstab():
    rec = make_records(5, {"00001": [3, 2, 1, 1, 0], "00002": [0, 1, 2, 3, 4]})
    answers = answers_of(rec)
    dist = sat.distribution(answers, "office").set_index("office")
    cross = pd.crosstab(rec.surveys["reception_unit"], rec.surveys["satisfaction_level"])
    for lv in cross.columns:
        assert (dist[lv] == cross[lv]).all()
    assert dist.loc["00002", "n"] == 10


# ---------------------------------------------------------------------------------------------
# parameters


def test_parameters_cell_matches_the_model():
    nb = jupytext.read(NB)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for node in ast.parse(cell.source).body:
        ast.literal_eval(node.value)
    declared = set(papermill.inspect_notebook(str(NB.with_suffix(".ipynb"))))
    assert declared == set(SatisfactionParams.model_fields)


def test_applicability_of_the_bundled_parameter_files():
    reasons = {p.stem: load_params(p, "02_satisfaction").not_applicable()
               for p in sorted(PARAMS_DIR.glob("*.yaml"))}
    assert reasons["huu-lung"] == "no survey records (records_dir is empty)"
    for slug in ("kim-bang-2022", "quang-dien-2020", "lang-son-2019", "dong-quang-2022",
                 "gia-lai-766"):
        assert reasons[slug] is None
    assert load_params(PARAMS_DIR / "gia-lai-766.yaml", "02_satisfaction").source == "dvc766"
    assert load_params(PARAMS_DIR / "gia-lai-766.yaml", "01_claims_audit").not_applicable()
