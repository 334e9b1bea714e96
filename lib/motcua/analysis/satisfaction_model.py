"""An ordinal model of satisfaction: what goes with a better or worse answer, in predicted shares.

The headline answer of each form (``satisfaction.main_answers``) is modelled by a proportional-odds
(ordered logit) model, statsmodels ``OrderedModel(distr="logit")`` fitted by BFGS with no constant
(the thresholds play its part; stack-notes.md and anchors.md: the default is probit, and a
constant raises), on the office (fixed effects), the channel, the procedure field, the working
days from receipt to resolution and whether the linked dossier was resolved on time.

Results are reported as **predicted shares per level for typical cases**: every form in the model
with its channel and on-time outcome set to the case, its office, field and waiting time kept as
they are, and the predicted shares averaged (standardisation). Uncertainty comes from an
**office-cluster bootstrap**: whole offices are resampled with replacement and the model refitted,
so answers from one office are never treated as independent (percentile intervals; rough with
ten-odd offices, which is what a district has).

Not fitted (:func:`skip_reason`) when every answer sits at one or two levels: there is nothing to
order, and the shares themselves say all there is. Offices whose every answer is at one level are
left out of the fit (their office effect would be infinite) and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit
from statsmodels.miscmodels.ordinal_model import OrderedModel
from threadpoolctl import threadpool_limits

from motcua.analysis.satisfaction import LEVEL_NAMES, main_answers

#: Fewest forms and levels the model is fitted on.
MIN_FORMS = 50
MIN_LEVELS = 3
#: Fewest forms behind a covariate value: rarer channels and fields are pooled as ``RARE``, the
#: on-time term is dropped when fewer forms rate a late dossier, and a typical case is reported
#: only when this many forms share its channel and its on-time outcome (with fewer, a coefficient
#: runs off towards infinity: quasi-separation).
MIN_CASE_FORMS = 20
RARE = "(rare)"
#: Reference categories of the dummies (the first present in this order, else the most common).
REFERENCE = {"channel": ("in_person",), "field": ()}
#: The typical cases: channel × on-time outcome of the linked dossier.
CASE_CHANNELS = ("in_person", "online", "postal")
CHANNEL_WORDS = {"in_person": "handed in at the desk", "online": "submitted online",
                 "postal": "sent by post"}
CHANNEL_WORDS_VI = {"in_person": "nộp trực tiếp tại bộ phận một cửa",
                    "online": "nộp trực tuyến", "postal": "gửi qua bưu chính công ích"}


class OrderedLogit(OrderedModel):
    """``OrderedModel(distr="logit")`` with a fast cdf/pdf and the analytic score.

    Why not the plain class: statsmodels' OrderedModel has no score for its threshold parameters
    (``score_obs_`` is marked unfinished), so BFGS differentiates the log-likelihood numerically,
    and ``scipy.stats.logistic.cdf`` checks its arguments on every call: one fit of 2,500 forms
    took over 10 s, too slow for an office bootstrap. The model, likelihood and parametrisation
    (first threshold, then log increments) are statsmodels' own; tests/test_satisfaction_model.py
    checks the score against numerical differentiation and the fit against ``OrderedModel``.
    """

    def __init__(self, endog, exog, **kwds):
        super().__init__(endog, exog, distr="logit", **kwds)

    def cdf(self, x):
        return expit(x)

    def pdf(self, x):
        p = expit(x)
        return p * (1 - p)

    def score_obs(self, params):
        """d log-likelihood / d params for each observation (n × params)."""
        params = np.asarray(params)
        low, upp = self._bounds(params)
        prob = self.prob(low, upp) + 1e-20  # as loglikeobs
        f_low, f_upp = self.pdf(low) / prob, self.pdf(upp) / prob
        k = self.k_levels - 1
        rows = np.arange(self.nobs)
        d_cut = np.zeros((self.nobs, k + 1))  # d/d cutoff j, j = 0..k-1 (column k: +inf)
        np.add.at(d_cut, (rows, self.endog), f_upp)
        np.add.at(d_cut, (rows[self.endog > 0], self.endog[self.endog > 0] - 1),
                  -f_low[self.endog > 0])
        # cutoff j = theta_0 + sum_{m=1..j} exp(theta_m): d/d theta_m sums cutoffs j >= m
        tail = np.cumsum(d_cut[:, :k][:, ::-1], axis=1)[:, ::-1]
        scale = np.r_[1.0, np.exp(params[-k:][1:])]
        d_exog = -(f_upp - f_low)[:, None] * self.exog
        return np.column_stack([d_exog, tail * scale])

    def score(self, params):
        return self.score_obs(params).sum(axis=0)


def exog_names(result) -> list[str]:
    """The covariate names of a fit (statsmodels appends the thresholds to ``exog_names``)."""
    return list(result.model.exog_names[: result.model.exog.shape[1]])


def model_frame(answers: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The forms the model uses (headline answers with a linked, resolved dossier) and the
    offices left out because every one of their answers is at one level."""
    main = main_answers(answers)
    main = main[main["on_time"].notna() & main["wait_days"].notna()].copy()
    spread = main.groupby("office")["score"].nunique()
    flat = sorted(spread.index[spread <= 1])
    frame = main[~main["office"].isin(flat)].copy()
    frame["level"] = frame["level"].cat.remove_unused_categories()
    frame["on_time"] = frame["on_time"].astype(bool).astype(float)
    frame["wait_days"] = frame["wait_days"].astype(float)
    for col in ("channel", "field"):
        counts = frame[col].astype("str").value_counts()
        rare = counts.index[counts < MIN_CASE_FORMS]
        frame[col] = frame[col].astype("str").where(~frame[col].astype("str").isin(rare), RARE)
    for col in ("office", "channel", "field"):  # categorical: fast dummies and resampling
        frame[col] = frame[col].astype("str").astype("category")
    return frame.reset_index(drop=True), flat


def late_forms(frame: pd.DataFrame) -> int:
    """Forms in the model that rate a dossier resolved late."""
    return int((frame["on_time"] == 0).sum())


def skip_reason(answers: pd.DataFrame, frame: pd.DataFrame, language: str = "en"
                ) -> str | None:
    """Why the model is not fitted (in ``language``: "en" or "vi"), or None."""
    vi = language == "vi"
    used = answers["level"].astype("str").value_counts()
    used = used[used > 0]
    if len(used) < MIN_LEVELS:
        names = (" và " if vi else " and ").join(
            LEVEL_NAMES[language][lv].lower() if vi else LEVEL_NAMES["en"][lv]
            for lv in used.index)
        if vi:
            return (f"mọi câu trả lời đều là {names}: chỉ với một hoặc hai mức thì mô hình thứ "
                    "bậc không có gì để sắp thứ tự, và các tỷ lệ ở trên đã nói hết")
        return (f"every answer is {names}: with one or two levels there is nothing for an "
                f"ordinal model to order, and the shares above say all there is")
    if frame["level"].nunique() < MIN_LEVELS:
        return ("sau khi bỏ các đơn vị có mọi câu trả lời giống nhau, các câu trả lời còn lại "
                "chỉ nằm ở một hoặc hai mức" if vi else
                "once the offices whose answers are all alike are set aside, the remaining "
                "answers sit at one or two levels")
    if len(frame) < MIN_FORMS or frame["office"].nunique() < 2:
        if vi:
            return (f"quá ít phiếu ({len(frame)}) hoặc đơn vị ({frame['office'].nunique()}) gắn "
                    "với hồ sơ đã giải quyết để ước lượng mô hình")
        return (f"too few forms ({len(frame)}) or offices ({frame['office'].nunique()}) with a "
                "linked, resolved dossier to fit the model")
    return None


def _reference(values: pd.Series, preferred) -> str:
    counts = values.value_counts()
    for v in preferred:
        if counts.get(v, 0) > 0:
            return v
    return counts.index[0]


def design(frame: pd.DataFrame, columns: list[str] | None = None,
           on_time: bool | None = None) -> pd.DataFrame:
    """Dummy-coded covariates (reference office: the one with most forms; channel: in person;
    field: the most common) plus ``wait_days`` and ``on_time``; no constant. With ``columns``,
    exactly those columns (absent dummies as zeros). ``on_time``: keep that term (None: when
    at least ``MIN_CASE_FORMS`` forms rate a late dossier and as many an on-time one)."""
    parts = [frame[["wait_days", "on_time"]]]
    for col, pref in (("office", ()), *REFERENCE.items()):
        d = pd.get_dummies(frame[col], prefix=col, dtype=float)
        if columns is None:
            d = d.drop(columns=[f"{col}_{_reference(frame[col], pref)}"])
        parts.append(d)
    x = pd.concat(parts, axis=1)
    if columns is not None:
        return x.reindex(columns=columns, fill_value=0.0)
    late = late_forms(frame)
    if not (on_time if on_time is not None else min(late, len(frame) - late) >= MIN_CASE_FORMS):
        x = x.drop(columns="on_time")
    return x.loc[:, x.std() > 0]


def fit(frame: pd.DataFrame, columns: list[str] | None = None, start=None,
        skip_hessian: bool = False):
    """The fitted ``OrderedModel`` results (logit link, BFGS, no constant).

    One BLAS thread: on matrices this small, OpenBLAS threads only contend (on a busy two-core
    machine a 2,500 × 25 SVD in statsmodels' rank check took 0.6 s instead of 10 ms)."""
    x = design(frame, columns)
    with threadpool_limits(limits=1, user_api="blas"):
        model = OrderedLogit(frame["level"], x)
        return model.fit(method="bfgs", disp=False, maxiter=1000, start_params=start,
                         skip_hessian=skip_hessian)


def cases(frame: pd.DataFrame) -> pd.DataFrame:
    """The typical cases: each channel of CASE_CHANNELS with at least ``MIN_CASE_FORMS`` forms,
    with the dossier on time and, when as many forms rate a late dossier, late."""
    counts = frame["channel"].astype("str").value_counts()
    present = [c for c in CASE_CHANNELS if counts.get(c, 0) >= MIN_CASE_FORMS]
    outcomes = (True, False) if late_forms(frame) >= MIN_CASE_FORMS else (True,)
    return pd.DataFrame([dict(channel=c, on_time=t) for c in present for t in outcomes])


def predicted_shares(result, frame: pd.DataFrame, case_table: pd.DataFrame,
                     levels: list[str]) -> pd.DataFrame:
    """Standardised predicted shares (percent) of each level for each case (one row per case,
    one column per level in ``levels``; levels the fit did not see get 0)."""
    columns = exog_names(result)
    fitted_levels = list(result.model.labels)
    rows = []
    for case in case_table.itertuples(index=False):
        f = frame.assign(channel=case.channel, on_time=float(case.on_time))
        probs = np.asarray(result.model.predict(result.params, exog=design(f, columns)))
        mean = pd.Series(probs.mean(axis=0), index=fitted_levels)
        rows.append({"channel": case.channel, "on_time": case.on_time,
                     **{lv: 100 * float(mean.get(lv, 0.0)) for lv in levels}})
    return pd.DataFrame(rows)


def bootstrap(frame: pd.DataFrame, case_table: pd.DataFrame, levels: list[str], result,
              reps: int, seed: int, alpha: float = 0.05) -> pd.DataFrame:
    """Office-cluster bootstrap percentile intervals of :func:`predicted_shares`: columns
    ``channel``, ``on_time``, ``level``, ``low``, ``high``, ``replicates`` (fits that
    converged and could predict every case)."""
    rng = np.random.default_rng(seed)
    offices = frame["office"].unique()
    by_office = {o: frame.index[frame["office"] == o] for o in offices}
    with_on_time = "on_time" in exog_names(result)
    draws = []
    for _ in range(reps):
        pick = rng.choice(offices, size=len(offices), replace=True)
        idx = np.concatenate([by_office[o] for o in pick])
        sample = frame.loc[idx].reset_index(drop=True)
        sample["level"] = sample["level"].cat.remove_unused_categories()
        if sample["level"].nunique() < 2 or (with_on_time and sample["on_time"].nunique() < 2):
            continue
        columns = list(design(sample, on_time=with_on_time).columns)
        try:
            r = fit(sample, columns, start=_start(result, columns, sample["level"].nunique()),
                    skip_hessian=True)
        except (ValueError, np.linalg.LinAlgError):
            continue
        if not r.mle_retvals.get("converged", False):
            continue
        draws.append(predicted_shares(r, sample, case_table, levels))
    return _percentiles(draws, case_table, levels, alpha)


def _start(result, columns: list[str], n_levels: int):
    """Start values for a replicate: the full fit's coefficients (0 for a new column) and its
    thresholds, when the replicate has the same levels (else statsmodels' own start)."""
    if n_levels != len(result.model.labels):
        return None
    thresholds = result.params.to_numpy()[len(exog_names(result)):]
    return np.r_[result.params.reindex(columns).fillna(0.0).to_numpy(), thresholds]


def _percentiles(draws, case_table, levels, alpha) -> pd.DataFrame:
    rows = []
    for i, case in enumerate(case_table.itertuples(index=False)):
        for lv in levels:
            vals = np.array([d.iloc[i][lv] for d in draws])
            lo, hi = (np.percentile(vals, [100 * alpha / 2, 100 * (1 - alpha / 2)])
                      if len(vals) else (np.nan, np.nan))
            rows.append(dict(channel=case.channel, on_time=case.on_time, level=lv,
                             low=float(lo), high=float(hi), replicates=len(vals)))
    return pd.DataFrame(rows)


def coefficients(result) -> pd.DataFrame:
    """Covariate coefficients (log odds of a better answer) with model-based standard errors
    and odds ratios; the thresholds are left out. For reading signs, not for inference: the
    predicted shares carry the office-cluster intervals."""
    names = exog_names(result)
    return pd.DataFrame({"term": names, "log_odds": result.params[names].to_numpy(),
                         "std_error": result.bse[names].to_numpy(),
                         "odds_ratio": np.exp(result.params[names].to_numpy())})


def sentences(pred: pd.DataFrame, ci: pd.DataFrame | None, level: str, language: str = "en"
              ) -> list[str]:
    """Plain sentences for each channel: the predicted share at ``level`` when the dossier is
    late against on time, with intervals when the bootstrap gave them; ``language`` "en"/"vi"."""
    out = []
    vi = language == "vi"
    name = LEVEL_NAMES["vi"][level].lower() if vi else LEVEL_NAMES["en"][level]

    def pct(channel, on_time):
        v = pred[(pred["channel"] == channel) & (pred["on_time"] == on_time)][level].iloc[0]
        if ci is None or ci.empty:
            return f"{v:.0f}%"
        r = ci[(ci["channel"] == channel) & (ci["on_time"] == on_time) & (ci["level"] == level)]
        lo, hi = r["low"].iloc[0], r["high"].iloc[0]
        return f"{v:.0f}%" if np.isnan(lo) else f"{v:.0f}% ({lo:.0f}–{hi:.0f}%)"

    for channel in dict.fromkeys(pred["channel"]):
        how = (CHANNEL_WORDS_VI if vi else CHANNEL_WORDS).get(channel, channel)
        late = not pred.loc[pred["channel"] == channel, "on_time"].astype(bool).all()
        if vi and late:
            out.append(f"Hồ sơ {how} và giải quyết trễ hạn có tỷ lệ {name} dự báo là "
                       f"{pct(channel, False)}, so với {pct(channel, True)} khi giải quyết đúng "
                       "hạn.")
        elif vi:
            out.append(f"Hồ sơ {how} và giải quyết đúng hạn có tỷ lệ {name} dự báo là "
                       f"{pct(channel, True)}.")
        elif late:
            out.append(f"A dossier {how} and resolved late has a predicted {pct(channel, False)} "
                       f"{name}, against {pct(channel, True)} when resolved on time.")
        else:
            out.append(f"A dossier {how} and resolved on time has a predicted "
                       f"{pct(channel, True)} {name}.")
    return out


@dataclass
class ModelReport:
    """What the notebook shows of the model: ``skipped`` says why it was not fitted (then the
    tables are empty); ``left_out`` lists offices whose answers are all alike."""

    skipped: str | None
    forms: int = 0
    offices: int = 0
    late: int = 0
    left_out: list[str] = field(default_factory=list)
    predictions: pd.DataFrame = field(default_factory=pd.DataFrame)
    intervals: pd.DataFrame = field(default_factory=pd.DataFrame)
    coefficients: pd.DataFrame = field(default_factory=pd.DataFrame)
    sentences: list[str] = field(default_factory=list)
    sentences_vi: list[str] = field(default_factory=list)
    skipped_vi: str | None = None
    converged: bool = False


def model_report(answers: pd.DataFrame, reps: int = 100, seed: int = 0, alpha: float = 0.05,
                 level: str = "very_satisfied") -> ModelReport:
    """Fit the model to the answers, predict the typical cases, bootstrap ``reps`` office
    resamples (seeded), and say it in sentences at ``level``; or say why not."""
    frame, flat = model_frame(answers)
    why = skip_reason(answers, frame)
    if why:
        return ModelReport(skipped=why, skipped_vi=skip_reason(answers, frame, "vi"),
                           left_out=flat)
    levels = list(reversed(answers["level"].cat.categories))
    result = fit(frame)
    case_table = cases(frame)
    pred = predicted_shares(result, frame, case_table, levels)
    ci = bootstrap(frame, case_table, levels, result, reps, seed, alpha) if reps else None
    return ModelReport(
        skipped=None, forms=len(frame), offices=frame["office"].nunique(),
        late=late_forms(frame), left_out=flat, predictions=pred,
        intervals=ci if ci is not None else pd.DataFrame(), coefficients=coefficients(result),
        sentences=sentences(pred, ci, level), sentences_vi=sentences(pred, ci, level, "vi"),
        converged=bool(result.mle_retvals.get("converged", False)))
