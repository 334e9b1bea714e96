"""Forensic signals about when resolutions are stamped: bunching on the due day, and due-day
resolutions handed over days later (shared parts in ``motcua.analysis.forensics``; every
function takes the timeline of ``forensics.timeline``).

**Offsets.** A resolution's offset is the number of working days from the due date (extended
by supplement pauses) to the resolution (``calendar.working_days_between``): 0 is the last
working day on or before the due date, −1 the working day before it. A dossier's span is the
working days from receipt to that due date.

**Bunching** (excess mass in a window at a threshold, after Chetty, Friedman, Olsen &
Pistaferri 2011, "Adjustment costs, firm responses, and micro vs. macro labor supply
elasticities", QJE 126(2), for a discrete running variable). The window is the due day and the
working day before it (offsets −1 and 0). Where a resolution falls depends above all on the
span: a dossier due the day after receipt is mostly resolved in the window, one with a month
to go mostly before it. So the **counterfactual** of an office is the distribution over offsets
of the *other* offices' resolutions of the same span (spans of ``SPAN_CAP`` working days and
more form one class; ½ is added to each offset's count, so a span the peers lack gives an even
spread, and each office is left out of its own counterfactual). The size is the office's
excess of window resolutions over that counterfactual, as a share of its window resolutions
(%), with a bootstrap interval (multinomial redraws of the office's resolutions by span and
offset). The test reads the excess with the score of "a share π of resolutions moved into the
window" at π = 0 (Σ (in window − p) / p over resolutions, p the counterfactual window
probability of the resolution's span, variance Σ (1 − p) / p), which weighs a window
resolution by how unlikely its span makes it; the office's score per resolution is judged
against its peers', beyond their ordinary spread (``forensics_stats.funnel_by_peers``). Peers
are offices of the same kind (``forensics_stats.peer_groups``): the centre is not compared with
communes.

*Why not each office's own trend of the days before.* The first version fitted a log-linear
trend to each office's days −6…−2 and extended it to the window, as in Chetty et al.; that
needs at least seven working days of span, which in these records leaves a few dozen
resolutions per commune. On SYNTHETIC Quảng Điền 2020 with backdating planted in two offices
per seed, it flagged 0 of 20 planted offices at 5% and 1 of 20 at 20% of their on-time
dossiers backdated (``bench/drivers/README.md``). The chart still shows that trend for the
dossiers with seven days or more (:func:`deadline_histogram`): the picture of deadline work.

**Late hand-over.** A resolution backdated onto the due day keeps the true date on the
hand-over (``returned`` event). For each resolution with a hand-over, the lag is the working
days from resolution to hand-over. What counts as a long lag depends on the **channel**: an
online result is sent when it is resolved, a paper one waits for the citizen or the post
(docs/domain.md §1.3), so a one-day lag is ordinary at the counter and out of place online. In
each channel a lag is *long* above the 99th percentile of the lags of every office's
resolutions before the due day (offset ≤ −1) in that channel (a channel with fewer than
``forensics.MIN_DOSSIERS`` of them uses the lags of all channels). Long is thus rare by the same
measure in every channel, and the reference share is one for all: long lags before the due day,
(long + ½) / (resolutions + 1). An office is flagged when its due-day resolutions (offset 0)
have significantly more long lags than that share (binomial, Holm;
``forensics_stats.reference_test``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import forensics, forensics_stats
from motcua.stats import proportion_interval
from motcua.vn import calendar as wcal

MIN_SPAN = 7  # the picture's trend: working days from receipt to due for days −6…0 to exist
FIT_FROM = 6  # the picture's trend is fitted on offsets −6 … −2
WINDOW = (-1, 0)
SPAN_CAP = 10  # spans of this many working days and more form one class
LONG_LAG_QUANTILE = 0.99
_BINS = np.arange(-FIT_FROM, 1)  # offsets of the counterfactual's own bins; the rest is one bin


def due_offsets(tl: pd.DataFrame) -> pd.DataFrame:
    """Resolved rows with ``offset`` (module docstring), ``span`` (working days from receipt to
    the extended due date) and ``handover_lag`` (working days from resolution to hand-over, NaN
    without a hand-over)."""
    r = tl[tl["resolved_at"].notna() & tl["due_adjusted"].notna()]
    return pd.DataFrame({
        "office": r["office"],
        "offset": wcal.working_days_between(r["due_adjusted"], r["resolved_at"]).to_numpy(),
        "span": wcal.working_days_between(r["received_at"], r["due_adjusted"]).to_numpy(),
        "handover_lag": wcal.working_days_between(r["resolved_at"], r["returned_at"])
        .to_numpy(),
    }, index=r.index)


def offset_counts(off: pd.DataFrame, offices: list[str]) -> np.ndarray:
    """Resolutions per office × span class (0 … ``SPAN_CAP``) × offset bin (−FIT_FROM … 0,
    then every other offset)."""
    o = pd.Categorical(off["office"], categories=offices).codes
    s = np.clip(off["span"].to_numpy(), 0, SPAN_CAP).astype(int)
    d = off["offset"].to_numpy()
    b = np.where((d >= -FIT_FROM) & (d <= 0), d + FIT_FROM, len(_BINS)).astype(int)
    shape = (len(offices), SPAN_CAP + 1, len(_BINS) + 1)
    flat = np.ravel_multi_index((o, s, b), shape)
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape)


def counterfactual(counts: np.ndarray) -> np.ndarray:
    """Per office, span class and offset bin: the share of the **other** offices' resolutions
    of that span in that bin, ½ added to each bin's count (module docstring)."""
    peers = counts.sum(axis=0, keepdims=True) - counts + 0.5
    return peers / peers.sum(axis=2, keepdims=True)


def window_excess(counts: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Excess window resolutions over the counterfactual, % of the window resolutions, for
    count arrays (..., span, bin) of one office against its counterfactual ``p`` (span, bin)."""
    win = np.isin(_BINS, WINDOW).nonzero()[0]
    observed = counts[..., win].sum(axis=(-1, -2))
    expected = (counts.sum(axis=-1) * p[:, win].sum(axis=-1)).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * (observed - expected) / observed


def window_score(counts: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The score per resolution of one office (span, bin counts) and its standard error
    (module docstring)."""
    win = np.isin(_BINS, WINDOW).nonzero()[0]
    pw = p[:, win].sum(axis=1)
    n_span, in_window = counts.sum(axis=1), counts[:, win].sum(axis=1)
    n = n_span.sum()
    u = float(((in_window - n_span * pw) / pw).sum())
    v = float((n_span * (1 - pw) / pw).sum())
    return (u / n, np.sqrt(v) / n) if n else (np.nan, np.nan)


def bunching(tl: pd.DataFrame, names: dict, alpha: float = 0.05, reps: int = 999,
             seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The signal table (size = excess share %, bootstrap interval; ``n`` resolutions,
    ``count`` in the window) and :func:`deadline_histogram` for the chart. Counterfactual and
    test are within ``forensics_stats.peer_groups`` (an office alone in its group has no peers)."""
    off = due_offsets(tl)
    offices = forensics.office_list(tl)
    counts = offset_counts(off, offices)
    win = np.isin(_BINS, WINDOW).nonzero()[0]
    rng = np.random.default_rng(seed)
    t = pd.DataFrame({"office": offices, "n": counts.sum(axis=(1, 2)),
                      "count": counts[:, :, win].sum(axis=(1, 2)), "size": np.nan,
                      "low": np.nan, "high": np.nan})
    score = np.full((len(offices), 2), np.nan)
    for group in forensics_stats.peer_groups(offices):
        if len(group) < 2:
            continue
        p = counterfactual(counts[group])
        for j, i in enumerate(group):
            c, n = counts[i], int(counts[i].sum())
            if c[:, win].sum():
                t.loc[i, "size"] = float(window_excess(c, p[j]))
            if n >= forensics.MIN_DOSSIERS:
                score[i] = window_score(c, p[j])
                draws = rng.multinomial(n, c.ravel() / n, size=reps).reshape((reps,) + c.shape)
                draws = window_excess(draws, p[j])
                t.loc[i, ["low", "high"]] = np.quantile(draws[np.isfinite(draws)],
                                                        [alpha / 2, 1 - alpha / 2])
    test = forensics_stats.funnel_by_peers(score[:, 0], score[:, 1], offices, alpha)
    t["reference"] = 0.0  # the counterfactual is the peers': no excess
    return forensics.finish_table(t, test, names), deadline_histogram(off, offices)


def deadline_histogram(off: pd.DataFrame, offices: list[str]) -> pd.DataFrame:
    """For the chart: per office, resolutions of dossiers with at least ``MIN_SPAN`` working
    days of span at offsets −FIT_FROM … 0 (``resolutions``) and the office's own log-linear
    trend fitted to offsets −FIT_FROM … −2 (``trend``): the deadline pile-up every office
    shows."""
    long = off[off["span"] >= MIN_SPAN]
    hist = []
    for office in offices:
        d = long.loc[long["office"] == office, "offset"].to_numpy()
        h = np.array([(d == b).sum() for b in _BINS])
        hist.append(pd.DataFrame({"office": office, "offset": _BINS, "resolutions": h,
                                  "trend": _trend(h)}))
    return pd.concat(hist, ignore_index=True)


def _trend(h: np.ndarray) -> np.ndarray:
    """The log-linear trend (WLS on log counts, weights = counts) of counts ``h`` at offsets
    −FIT_FROM … 0, fitted to the days before the window, at each offset."""
    x = _BINS.astype(float)
    fit = x <= WINDOW[0] - 1
    y = h[fit].astype(float)
    if y.sum() == 0:
        return np.full(len(x), np.nan)
    ly = np.log(np.maximum(y, 0.5))
    mx, my = np.average(x[fit], weights=y), np.average(ly, weights=y)
    den = (y * (x[fit] - mx) ** 2).sum()
    slope = (y * (x[fit] - mx) * (ly - my)).sum() / den if den else 0.0
    return np.exp(my + slope * (x - mx))


def late_handover(tl: pd.DataFrame, names: dict, alpha: float = 0.05) -> pd.DataFrame:
    """Per office: due-day resolutions with a hand-over (``n``) and those handed over after a
    long lag for their channel (``count``), against the share of long lags before the due day
    (module docstring); "not recorded" when no hand-over is. ``attrs["thresholds"]``: channel →
    long-lag threshold (working days)."""
    off = due_offsets(tl)
    off = off[off["handover_lag"].notna() & (off["offset"] <= 0)]
    off = off.assign(channel=tl["channel"].reindex(off.index).to_numpy())
    before = off[off["offset"] <= -1]
    thresholds = long_lag_thresholds(before)
    pooled = thresholds.pop(POOLED)
    long = off["handover_lag"].to_numpy() > off["channel"].map(thresholds).fillna(
        pooled).to_numpy()  # a channel seen only on the due day: the pooled threshold
    rate = (int(long[(off["offset"] <= -1).to_numpy()].sum()) + 0.5) / (len(before) + 1)
    due_day = off.assign(long=long)[off["offset"] == 0].groupby("office")
    t = pd.DataFrame({"office": forensics.office_list(tl)})
    t["n"] = t["office"].map(due_day.size()).fillna(0).astype(int)
    t["count"] = t["office"].map(due_day["long"].sum()).fillna(0).astype(int)
    n, k = t["n"].to_numpy(float), t["count"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t["size"] = 100 * k / n
    lo, hi = proportion_interval(k, np.maximum(n, 1), alpha=alpha)
    t["low"], t["high"] = 100 * lo, 100 * hi
    test = forensics_stats.reference_test(k, n, rate, alpha)
    t["reference"] = 100 * rate
    out = forensics.finish_table(t, test, names)
    if not tl["returned_at"].notna().any():
        out = forensics.not_recorded(out)
    out.attrs["thresholds"] = thresholds
    return out


POOLED = "(all channels)"


def long_lag_thresholds(before: pd.DataFrame) -> dict:
    """Channel → the 99th percentile of the hand-over lags of ``before`` (resolutions before
    the due day) in that channel, and ``POOLED`` → that of all of them; a channel with fewer
    than ``forensics.MIN_DOSSIERS`` lags gets the pooled threshold."""
    def q(lags: pd.Series) -> float:
        return float(np.quantile(lags, LONG_LAG_QUANTILE)) if len(lags) else np.inf

    pooled = q(before["handover_lag"])
    out = {c: (q(lags) if len(lags) >= forensics.MIN_DOSSIERS else pooled)
           for c, lags in before.groupby("channel", sort=True)["handover_lag"]}
    out[POOLED] = pooled
    return out
