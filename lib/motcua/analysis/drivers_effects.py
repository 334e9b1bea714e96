"""Average marginal effects of the drivers model (``motcua.analysis.drivers``), in percentage
points, with a wild cluster bootstrap for when offices are few, and the sentences a report
reads them in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis.drivers import FACTOR_LABELS, DriversFit


def _probabilities(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    return _probabilities_eta(X @ beta)


def _probabilities_eta(eta: np.ndarray) -> np.ndarray:
    from scipy.special import expit

    return expit(eta)


def ame_contrasts(fit: DriversFit) -> list[tuple[str, list, np.ndarray]]:
    """Per factor: (factor, [(level, column index)], X with the factor's dummies set to 0, i.e.
    every dossier moved to the reference level)."""
    X = fit.design.X
    out = []
    for f, levels in fit.design.columns.items():
        idx = [X.columns.get_loc(c) for _, c in levels]
        base = np.ascontiguousarray(X.to_numpy(copy=True))
        base[:, idx] = 0.0
        out.append((f, [(level, i) for (level, _), i in zip(levels, idx)], base))
    return out


def average_marginal_effects(fit: DriversFit, betas: np.ndarray | None = None,
                             contrasts=None):
    """AME of each level against its factor's reference, in percentage points: the mean over
    dossiers of P(on time | level) − P(on time | reference), other factors as observed. Standard
    errors by the delta method on the CRV1 covariance.

    ``betas`` (draws × K, e.g. the bootstrap's): the AMEs at each draw instead, as an array
    draws × levels."""
    w = fit.patterns["dossiers"].to_numpy() / fit.n_dossiers
    contrasts = contrasts or ame_contrasts(fit)
    if betas is not None:
        cols = []
        for _, levels, base in contrasts:
            eta = base @ betas.T  # patterns × draws, every dossier at the reference level
            p0 = w @ _probabilities_eta(eta)
            cols += [w @ _probabilities_eta(eta + betas[:, i]) - p0 for _, i in levels]
        return 100 * np.column_stack(cols)
    b = fit.params.to_numpy()
    cov = fit.cov.to_numpy()
    rows = []
    for f, levels, x0 in contrasts:
        p0 = _probabilities(x0, b)
        for level, i in levels:
            x1 = x0.copy()
            x1[:, i] = 1.0
            p1 = _probabilities(x1, b)
            grad = (w * p1 * (1 - p1)) @ x1 - (w * p0 * (1 - p0)) @ x0
            rows.append(dict(factor=f, level=str(level), reference=str(fit.design.reference[f]),
                             ame_pp=100 * float(w @ (p1 - p0)),
                             se_pp=100 * float(np.sqrt(grad @ cov @ grad))))
    return pd.DataFrame(rows, columns=["factor", "level", "reference", "ame_pp", "se_pp"])


# ---------------------------------------------------------------------------------------------
# wild cluster bootstrap

#: Below this many clusters, CRV1 intervals are too narrow (Cameron & Miller 2015, section
#: VI: "few" is under 20–50); the bootstrap interval is the one reported.
FEW_CLUSTERS = 50
#: Webb's six-point weights (Webb 2023, "Reworking wild bootstrap-based inference for clustered
#: errors", Canadian J. Economics 56(3)): mean 0, variance 1; with ten or so clusters they give
#: far more distinct draws than Rademacher's 2^G.
WEBB_WEIGHTS = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


def cluster_scores(fit: DriversFit, beta: np.ndarray | None = None) -> np.ndarray:
    """Score of the log-likelihood summed over each cluster's dossiers: G × K."""
    b = fit.params.to_numpy() if beta is None else beta
    X = fit.design.X.to_numpy()
    k, n = fit.patterns["on_time"].to_numpy(), fit.patterns["dossiers"].to_numpy()
    s = X * (k - n * _probabilities(X, b))[:, None]
    out = np.zeros((fit.n_clusters, X.shape[1]))
    np.add.at(out, fit.groups, s)
    return out


def score_draws(fit: DriversFit, weights: np.ndarray) -> np.ndarray:
    """β* = β̂ + √(G/(G−1)) · H⁻¹ Σ_g w_g S_g for each row of ``weights`` (draws × G): the
    one-step score bootstrap draw (see :func:`score_bootstrap`)."""
    X = fit.design.X.to_numpy()
    n = fit.patterns["dossiers"].to_numpy()
    p = _probabilities(X, fit.params.to_numpy())
    info = X.T @ (X * (n * p * (1 - p))[:, None])
    g = fit.n_clusters
    step = np.linalg.solve(info, (weights @ cluster_scores(fit)).T).T * np.sqrt(g / (g - 1))
    return fit.params.to_numpy() + step


def score_bootstrap(fit: DriversFit, reps: int, seed: int, weights: str = "webb") -> np.ndarray:
    """Coefficient draws of the wild score bootstrap (Kline & Santos 2012, "A score based
    approach to wild bootstrap inference", J. Econometric Methods 1(1)): each cluster's score
    S_g is multiplied by one random weight and mapped to coefficients through the Fisher
    information H (:func:`score_draws`).

    Hand-written: the ``wildboottest`` package bootstraps linear models only (OLS), and a
    logit needs the score form (re-fitting the GLM on wild-perturbed 0/1 outcomes is not
    defined). The draws are scaled by √(G/(G−1)), CRV1's cluster factor; with Rademacher
    weights over all 2^G sign patterns their covariance is exactly G/(G−1) times the
    uncorrected sandwich (tested against statsmodels' ``cov_cluster``). ``weights``: "webb" or
    "rademacher". Returns reps × K."""
    rng = np.random.default_rng(seed)
    g = fit.n_clusters
    if weights == "webb":
        w = rng.choice(WEBB_WEIGHTS, size=(reps, g))
    elif weights == "rademacher":
        w = rng.choice([-1.0, 1.0], size=(reps, g))
    else:
        raise ValueError(f"unknown weights {weights!r}")
    return score_draws(fit, w)


def drivers_table(fit: DriversFit, reps: int, seed: int, alpha: float = 0.05) -> pd.DataFrame:
    """AMEs (percentage points) with the CRV1 interval, the wild bootstrap interval (basic
    bootstrap: AME − quantiles of AME* − AME) and a bootstrap p-value (share of draws at least
    as far from the estimate as the estimate is from 0). ``interval`` says which interval the
    report uses: the bootstrap one when there are fewer than ``FEW_CLUSTERS`` offices."""
    from scipy import stats

    contrasts = ame_contrasts(fit)
    base = average_marginal_effects(fit, contrasts=contrasts)
    star = average_marginal_effects(fit, score_bootstrap(fit, reps, seed), contrasts)
    dev = star - base["ame_pp"].to_numpy()
    z = stats.norm.ppf(1 - alpha / 2)
    out = base.copy()
    out["crv1_low"] = base["ame_pp"] - z * base["se_pp"]
    out["crv1_high"] = base["ame_pp"] + z * base["se_pp"]
    out["boot_low"] = base["ame_pp"] - np.quantile(dev, 1 - alpha / 2, axis=0)
    out["boot_high"] = base["ame_pp"] - np.quantile(dev, alpha / 2, axis=0)
    out["boot_p"] = (np.abs(dev) >= np.abs(base["ame_pp"].to_numpy())).mean(axis=0)
    few = fit.n_clusters < FEW_CLUSTERS
    out["low"] = out["boot_low"] if few else out["crv1_low"]
    out["high"] = out["boot_high"] if few else out["crv1_high"]
    out["interval"] = "wild bootstrap" if few else "CRV1"
    return out


def drivers_sentences(table: pd.DataFrame, confidence: float, limit: int = 8,
                      language: str = "en") -> list[str]:
    """Plain sentences (English or Vietnamese) for the largest effects whose interval excludes
    zero, and one sentence when none does."""
    from motcua.analysis import ontime_text as tx

    sig = table[(table["low"] > 0) | (table["high"] < 0)]
    sig = sig.reindex(sig["ame_pp"].abs().sort_values(ascending=False).index).head(limit)
    vi = language == "vi"
    pct = tx.number(100 * confidence, 0, language) if float(100 * confidence).is_integer() \
        else f"{100 * confidence:g}".replace(".", "," if vi else ".")
    pct += "%"

    def num(x, sign=True):
        return tx.number(x, 2, language, sign=sign)

    if sig.empty:
        biggest = table.reindex(table["ame_pp"].abs().sort_values(ascending=False).index)
        top = biggest.iloc[0] if len(biggest) else None
        if top is None:
            tail = ""
        elif vi:
            tail = (f" Ước lượng lớn nhất, {tx.factor_label(top.factor, language)} = "
                    f"{tx.VALUES_VI.get(top.level, top.level)}, là {num(top.ame_pp)} điểm phần "
                    f"trăm (khoảng tin cậy {pct}: {num(top.low)} đến {num(top.high)}).")
        else:
            tail = (f" The largest estimate, {FACTOR_LABELS[top.factor]} = {top.level}, is "
                    f"{top.ame_pp:+.2f} points ({pct} interval {top.low:+.2f} to "
                    f"{top.high:+.2f}).")
        return [f"Không yếu tố nào làm tỷ lệ giải quyết đúng hạn thay đổi một lượng mà khoảng "
                f"tin cậy {pct} phân biệt được với 0.{tail}" if vi else
                f"No factor moves the on-time rate by an amount its {pct} interval can tell "
                f"from zero.{tail}"]
    out = []
    for r in sig.itertuples():
        if vi:
            word = "cao hơn" if r.ame_pp > 0 else "thấp hơn"
            out.append(f"Các yếu tố khác giữ như quan sát, hồ sơ có "
                       f"{tx.factor_label(r.factor, language)} "
                       f"**{tx.VALUES_VI.get(r.level, r.level)}** có tỷ lệ đúng hạn {word} "
                       f"{num(abs(r.ame_pp), sign=False)} điểm phần trăm so với "
                       f"{tx.VALUES_VI.get(r.reference, r.reference)} (khoảng tin cậy {pct}: "
                       f"{num(r.low)} đến {num(r.high)}, "
                       f"{tx.VALUES_VI.get(r.interval, r.interval)}).")
            continue
        word = "higher" if r.ame_pp > 0 else "lower"
        out.append(f"Other factors as observed, dossiers with {FACTOR_LABELS[r.factor]} "
                   f"**{r.level}** are on time {abs(r.ame_pp):.2f} percentage points {word} "
                   f"than with {r.reference} ({pct} interval {r.low:+.2f} to {r.high:+.2f}, "
                   f"{r.interval}).")
    return out
