"""Compare units the way health-care regulators compare hospitals: funnel limits, shrunken
estimates and rank uncertainty, and the findings they give.

:func:`compare_counts` (rates with counts: on-time, satisfaction) and :func:`compare_scores`
(published scores without counts: QĐ 766, PAPI) each return a :class:`Comparison` of tables;
:func:`comparison_findings` turns one into findings; :func:`load_comparisons` builds every
comparison a parameter file asks for. The statistics are in ``compare_funnel``,
``compare_scores`` and ``compare_shrinkage``; the unit tables in ``compare_data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from motcua.analysis import compare_data as data
from motcua.analysis import compare_funnel as funnel
from motcua.analysis import compare_scores as scores
from motcua.analysis import compare_shrinkage as shrink
from motcua.analysis import compare_text as text

#: Fewest units a comparison is drawn for (with two, "outside the funnel" means little).
MIN_UNITS = 3


@dataclass(frozen=True)
class Comparison:
    """The tables of one indicator's comparison (empty tables when too few units)."""

    indicator: str
    label: str
    label_vi: str
    kind: str  # "counts" or "scores"
    funnel: pd.DataFrame  # one row per unit: rate/value, z, limits in force, outside_*
    dispersion: pd.DataFrame  # one row: phi, tau2, chi2, p_under, p_over, …
    curve: pd.DataFrame  # limits over denominators (counts) or positions (scores)
    prior: pd.DataFrame  # one row: the shrinkage prior
    ranks: pd.DataFrame  # one row per unit: shrunken estimate, interval, ranks, quarters
    left_out: pd.DataFrame  # units not compared, with the reason
    noise: pd.DataFrame = field(default_factory=pd.DataFrame)  # scores: year-to-year noise
    confidence_levels: tuple[float, ...] = funnel.CONFIDENCE_LEVELS

    @property
    def compared(self) -> bool:
        return not self.funnel.empty


def _ranked(post: pd.DataFrame, published, draws: int, seed: int) -> pd.DataFrame:
    ranks = shrink.rank_table(post, draws=draws, seed=seed)
    keep = [c for c in ("raw", "shrunk", "low", "high", "prior_weight") if c in post.columns]
    out = pd.concat([ranks, post[keep].reset_index(drop=True)], axis=1)
    return shrink.with_published(out, list(published or ()))


def compare_counts(units: pd.DataFrame, *, indicator: str, label: str, label_vi: str,
                   left_out: pd.DataFrame | None = None, confidence_levels=funnel.CONFIDENCE_LEVELS,
                   trim: float = funnel.TRIM, seed: int = 0, draws: int = shrink.DRAWS,
                   published=()) -> Comparison:
    """Funnel of proportions and beta-binomial shrinkage of one indicator's unit counts."""
    left_out = left_out if left_out is not None else pd.DataFrame(columns=["unit_code", "reason"])
    levels = tuple(sorted(confidence_levels))
    if len(units) < MIN_UNITS:
        empty = pd.DataFrame()
        return Comparison(indicator, label, label_vi, "counts", empty, empty, empty, empty,
                          empty, left_out, confidence_levels=levels)
    table, disp = funnel.funnel_table(units, confidence_levels=levels, trim=trim)
    curve = funnel.funnel_curve(table, disp, levels)
    prior = shrink.fit_beta_binomial(units["numerator"], units["denominator"])
    post = shrink.beta_posteriors(units, prior, confidence=levels[0])
    ranks = _ranked(post, published, draws, seed)
    return Comparison(indicator, label, label_vi, "counts", table, disp, curve, prior, ranks,
                      left_out, confidence_levels=levels)


def compare_scores(panel: pd.DataFrame, year: int, *, indicator: str, label: str,
                   label_vi: str, confidence_levels=funnel.CONFIDENCE_LEVELS,
                   trim: float = funnel.TRIM, seed: int = 0, draws: int = shrink.DRAWS,
                   published=()) -> Comparison:
    """Funnel and normal shrinkage of one year's scores, the noise estimated from the panel
    (:mod:`motcua.analysis.compare_scores`)."""
    levels = tuple(sorted(confidence_levels))
    noise = scores.panel_noise(panel)
    units = scores.score_units(panel, year, float(noise["sigma"].iloc[0]))
    left_out = data.missing_in_year(panel, year)
    if len(units) < MIN_UNITS:
        empty = pd.DataFrame()
        return Comparison(indicator, label, label_vi, "scores", empty, empty, empty, empty,
                          empty, left_out, noise, levels)
    table, disp = scores.score_funnel_table(units, confidence_levels=levels, trim=trim)
    curve = scores.score_curve(table, levels)
    target = float(disp["target"].iloc[0])
    # the prior's spread: DerSimonian–Laird τ² from the untrimmed z-scores (the standard
    # random-effects estimate; the trimmed one only widens the limits robustly)
    tau2 = funnel.dl_tau2(funnel.dispersion_ratio(table["z"]), units["se"])
    prior = pd.DataFrame([{"prior_mean": target, "prior_sd": tau2 ** 0.5, "tau2": tau2,
                           "noise_sd": float(noise["sigma"].iloc[0])}])
    post = shrink.normal_posteriors(units, target, tau2, confidence=levels[0])
    ranks = _ranked(post, published, draws, seed)
    return Comparison(indicator, label, label_vi, "scores", table, disp, curve, prior, ranks,
                      left_out, noise, levels)


def score_panel(source: str, indicator: str, year: int = 0, panel_years=()
                ) -> tuple[pd.DataFrame, int]:
    """``(panel, year)`` of a published score: the years whose noise is estimated and the year
    compared (0: the latest). PAPI's default panel is the run of years up to ``year`` in which
    the indicator keeps its definition (:func:`motcua.analysis.compare_data.papi_panel`)."""
    if source == "dvc766_provinces":
        panel = data.dvc766_province_panel(data.read_dvc766_provinces(), indicator)
        year = year or int(panel["year"].max())
        if panel_years:
            panel = panel[panel["year"].isin(panel_years)]
    elif source == "papi":
        year = year or data.PAPI_LAST_YEAR
        years = list(panel_years) or data.papi_default_years(indicator, year)
        panel = data.papi_panel(data.read_papi(years), indicator, data.read_papi_provinces())
    else:
        raise ValueError(f"source {source!r} publishes no scores")
    if year not in set(panel["year"]):
        raise ValueError(f"year {year} is not among the panel years {sorted(set(panel['year']))}")
    return panel.reset_index(drop=True), year


def load_comparisons(*, source: str, level: str, indicators, records=None,
                     convention: str = "received_cohort", year: int = 0, panel_years=(),
                     published_ranking=(), seed: int = 0,
                     confidence_levels=funnel.CONFIDENCE_LEVELS, trim: float = funnel.TRIM
                     ) -> list[Comparison]:
    """One :class:`Comparison` per indicator, from ``records`` (source "records") or from the
    bundled real source."""
    if level not in data.SOURCE_LEVELS.get(source, ()):
        raise ValueError(f"source {source!r} has no level {level!r}")
    out = []
    for ind in indicators:
        data.check_indicator(source, ind)
        kw = dict(indicator=ind, label=data.indicator_label(source, ind, "en"),
                  label_vi=text.indicator_label(source, ind, "vi"),
                  confidence_levels=confidence_levels, trim=trim, seed=seed,
                  published=published_ranking)
        if source == "records":
            if records is None:
                raise ValueError("source 'records' needs records (records_dir)")
            units, left = data.record_units(records, ind, level, convention)
            out.append(compare_counts(units, left_out=left, **kw))
        elif source == "dvc766_units":
            units, left = data.dvc766_units(data.read_dvc766_units(), ind, level)
            out.append(compare_counts(units, left_out=left, **kw))
        else:
            panel, yr = score_panel(source, ind, year, panel_years)
            out.append(compare_scores(panel, yr, **kw))
    return out
