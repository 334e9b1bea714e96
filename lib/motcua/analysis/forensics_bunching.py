"""Forensic signals about when resolutions are stamped: bunching on the due day, and due-day
resolutions handed over days later (shared parts in ``motcua.analysis.forensics``; every
function takes the timeline of ``forensics.timeline``).

**Offsets.** A resolution's offset is the number of working days from the due date (extended
by supplement pauses) to the resolution (``calendar.working_days_between``): 0 is the last
working day on or before the due date, −1 the working day before it.

**Bunching** (the excess-mass estimator of Chetty, Friedman, Olsen & Pistaferri 2011,
"Adjustment costs, firm responses, and micro vs. macro labor supply elasticities", QJE 126(2),
for a discrete running variable): among dossiers with at least ``MIN_SPAN`` working days to
their due date, count resolutions at each offset from −``FIT_FROM`` to 0; fit a log-linear
trend (weighted least squares on log counts, weights = counts) to the neighbouring days −6…−2
and extrapolate it to the window {−1, 0}. The size is the excess of the observed window count
over the trend, as a share of the observed window count (%). Its interval is a bootstrap over
the office's dossiers (multinomial redraws of its offset histogram). Working to a deadline is
normal, so every office has some excess; an office is flagged only when its excess is above
its peers' beyond their ordinary spread (``forensics.funnel_test``, bootstrap standard errors).

**Late hand-over.** A resolution backdated onto the due day keeps the true date on the
hand-over (``returned`` event). For each resolution with a hand-over, the lag is the working
days from resolution to hand-over; a lag is *long* above the 99th percentile of the lags of
every office's resolutions before the due day (offset ≤ −1). An office is flagged when its
due-day resolutions (offset 0) have significantly more long lags than that reference share
(binomial, Holm; ``forensics.reference_test``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import forensics
from motcua.stats import proportion_interval
from motcua.vn import calendar as wcal

MIN_SPAN = 7  # working days from receipt to due: the fitted days and the window all exist
FIT_FROM = 6  # fit the trend on offsets −6 … −2
WINDOW = (-1, 0)
LONG_LAG_QUANTILE = 0.99


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


def _histogram(offsets: np.ndarray) -> np.ndarray:
    """Counts at offsets −FIT_FROM … 0, then everything else (one last bin)."""
    bins = np.arange(-FIT_FROM, 1)
    h = np.array([(offsets == b).sum() for b in bins] + [0])
    h[-1] = len(offsets) - h[:-1].sum()
    return h


def excess_share(counts: np.ndarray) -> np.ndarray:
    """Excess window mass (% of the observed window count) for histograms (rows of
    ``counts``, bins as :func:`_histogram`): log-linear WLS trend on the fit days."""
    counts = np.atleast_2d(counts).astype(float)
    x = np.arange(-FIT_FROM, 1, dtype=float)
    fit = x <= WINDOW[0] - 1
    xf, y = x[fit], counts[:, :-1][:, fit]
    w = y  # WLS of log counts: Var(log y) ≈ 1/y for Poisson counts
    ly = np.log(np.maximum(y, 0.5))
    sw = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = (w * xf).sum(axis=1) / sw
        my = (w * ly).sum(axis=1) / sw
        slope = (w * (xf - mx[:, None]) * (ly - my[:, None])).sum(axis=1) / (
            w * (xf - mx[:, None]) ** 2).sum(axis=1)
        window = np.isin(x, WINDOW)
        expected = np.exp(my[:, None] + slope[:, None] * (x[window] - mx[:, None])).sum(axis=1)
        observed = counts[:, :-1][:, window].sum(axis=1)
        return 100 * (observed - expected) / observed


def bunching(tl: pd.DataFrame, names: dict, alpha: float = 0.05, reps: int = 999,
             seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The signal table (size = excess share %, bootstrap interval) and the histogram each
    office's estimate comes from (``office``, ``offset``, ``resolutions``, ``trend``)."""
    off = due_offsets(tl)
    off = off[off["span"] >= MIN_SPAN]
    rng = np.random.default_rng(seed)
    rows, hist = [], []
    for office in forensics.office_list(tl):
        h = _histogram(off.loc[off["office"] == office, "offset"].to_numpy())
        n = int(h[:-1].sum())
        size = float(excess_share(h)[0]) if n else np.nan
        if n >= forensics.MIN_DOSSIERS and h[:-1].min() > 0:
            draws = excess_share(rng.multinomial(h.sum(), h / h.sum(), size=reps))
            draws = draws[np.isfinite(draws)]
            lo, hi = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
            se = float(np.std(draws, ddof=1))
        else:
            lo = hi = se = np.nan
        rows.append(dict(office=office, n=n, count=int(h[-1 - len(WINDOW):-1].sum()),
                         size=size, low=lo, high=hi, se=se))
        hist.append(pd.DataFrame({"office": office, "offset": np.arange(-FIT_FROM, 1),
                                  "resolutions": h[:-1], "trend": _trend(h)}))
    t = pd.DataFrame(rows)
    test = forensics.funnel_test(t["size"].to_numpy(), t["se"].to_numpy(), alpha)
    t["reference"] = test["reference"].to_numpy()
    return forensics.finish_table(t, test, names), pd.concat(hist, ignore_index=True)


def _trend(h: np.ndarray) -> np.ndarray:
    """The fitted trend at each offset −FIT_FROM … 0 (for the chart)."""
    x = np.arange(-FIT_FROM, 1, dtype=float)
    fit = x <= WINDOW[0] - 1
    y = h[:-1][fit].astype(float)
    if y.sum() == 0:
        return np.full(len(x), np.nan)
    ly = np.log(np.maximum(y, 0.5))
    mx, my = np.average(x[fit], weights=y), np.average(ly, weights=y)
    den = (y * (x[fit] - mx) ** 2).sum()
    slope = (y * (x[fit] - mx) * (ly - my)).sum() / den if den else 0.0
    return np.exp(my + slope * (x - mx))


def late_handover(tl: pd.DataFrame, names: dict, alpha: float = 0.05) -> pd.DataFrame:
    """Per office: due-day resolutions with a hand-over (``n``) and those handed over after a
    long lag (``count``), against the share of long lags before the due day in every office."""
    off = due_offsets(tl)
    off = off[off["handover_lag"].notna() & (off["offset"] <= 0)]
    before = off[off["offset"] <= -1]
    threshold = float(np.quantile(before["handover_lag"], LONG_LAG_QUANTILE)) if len(
        before) else np.inf
    long_before = int((before["handover_lag"] > threshold).sum())
    rate = (long_before + 0.5) / (len(before) + 1)
    due_day = off[off["offset"] == 0]
    t = pd.DataFrame({"office": forensics.office_list(tl)})
    t["n"] = t["office"].map(due_day.groupby("office").size()).fillna(0).astype(int)
    longs = due_day[due_day["handover_lag"] > threshold].groupby("office").size()
    t["count"] = t["office"].map(longs).fillna(0).astype(int)
    n, k = t["n"].to_numpy(float), t["count"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t["size"] = 100 * k / n
    lo, hi = proportion_interval(k, np.maximum(n, 1), alpha=alpha)
    t["low"], t["high"] = 100 * lo, 100 * hi
    test = forensics.reference_test(k, n, rate, alpha)
    t["reference"] = 100 * rate
    out = forensics.finish_table(t, test, names)
    out.attrs["threshold_days"] = threshold
    return out
