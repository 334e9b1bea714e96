# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Comparing units: who really differs from their peers?
#
# Districts rank their communes, provinces their districts and departments, and the national
# portal ranks every unit by its QĐ 766 score. A league table of raw rates rewards luck: a
# commune with 40 dossiers and none late tops one with 4,000 and twelve late. This report
# compares units the way health-care regulators compare hospitals:
#
# - a **funnel plot** puts each unit's rate against its volume, with control limits around the
#   common target that narrow as volume grows (95 % and 99.8 %, exact binomial; Spiegelhalter
#   2005). If the units differ more than sampling allows (overdispersion), the limits are
#   widened by the between-unit spread; if they differ *less* than sampling allows, that is a
#   finding in its own right;
# - **shrunken estimates** pull each unit's raw rate toward the mean, the more the fewer
#   dossiers it has (empirical Bayes), and give each unit's probability of truly belonging in
#   the top or bottom quarter.
#
# The units, the indicators and the source (SYNTHETIC records, or real public figures) come from
# the parameter file. Methods and their limits are listed at the end.

# %% tags=["parameters"]
slug = "quang-dien-2020"
title = "Quảng Điền (Thừa Thiên Huế), 2020"
language = "en"
records_dir = "data/synthetic/quang-dien-2020"
source = "records"
level = "communes_in_district"
indicators = ["on_time", "very_satisfied"]
convention = "received_cohort"
year = 0
panel_years = []
published_ranking = []
seed = 20260101
confidence_levels = [0.95, 0.998]
trim = 0.1

# %%
import matplotlib.pyplot as plt
from IPython.display import display

from motcua.analysis.compare import load_comparisons
from motcua.analysis.compare_findings import comparison_findings
from motcua.findings import number_findings
from motcua.records import read_records
from motcua.reports import charts_compare as charts
from motcua.reports import markdown as report
from motcua.reports import summary, tables

records = read_records(records_dir) if source == "records" else None
synthetic = bool(records is not None and records.synthetic)
comparisons = load_comparisons(
    source=source, level=level, indicators=indicators, records=records, convention=convention,
    year=year, panel_years=panel_years, published_ranking=published_ranking, seed=seed,
    confidence_levels=confidence_levels, trim=trim)
findings = number_findings(
    [f for c in comparisons for f in comparison_findings(c, synthetic=synthetic)],
    prefix=f"{slug}/04_commune_comparison")

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(charts.source_markdown(source, records, level)))

# %% [markdown]
# ## Summary
#
# How many findings of each kind. A **warning** names a unit outside the outer (99.8 %) limits,
# or a set of units more alike than chance allows; **info** gives the spread between units and
# how sure the first and last places are.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(charts.headline_markdown(findings)))
display(tables.markdown(charts.warnings_markdown(findings)))

# %% [markdown]
# ## Spread between units
#
# For each indicator: the target (the pooled rate, or the mean score, of the units that are not
# among the most extreme tenth at either end, so that one far-off unit cannot drag it; the plain
# pooled value beside it), φ (the mean squared z-score after pulling in the outer 10 % at each
# end; about 1 when the units differ only by chance), τ (the between-unit spread that widens
# the limits) and two tests of the untrimmed z-scores: "too alike" (a small p means the rates
# vary less than sampling allows) and "too spread" (a small p means genuine differences between
# units).

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.dispersion_display(c), language=language, caption=charts.caption(c, language),
                         decimals=charts.DECIMALS))

# %% [markdown]
# ## Funnel plots
#
# Each dot is a unit: its rate against its number of dossiers (or forms), or for published
# scores its score against its rank. The dashed lines are the 95 % limits, the solid ones the
# 99.8 % limits in force; a unit outside the solid lines is further from its peers than chance
# allows. A funnel shows who differs, not why: case mix, a different way of counting, or a
# data problem can put a unit outside as surely as its performance can.

# %%
for c in comparisons:
    fig = charts.funnel_chart(c, title=f"{title}: {c.label}")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The units the funnel plots draw (rates and limits in percent), lowest z-score first:

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.funnel_display(c), language=language, caption=charts.caption(c, language),
                         decimals=charts.DECIMALS))

# %% [markdown]
# ## Shrunken estimates and the uncertainty of ranks
#
# The prior describes how the units' true values are spread (fitted to the units themselves);
# each unit's shrunken estimate is its raw value pulled toward the prior's mean, the more the
# fewer dossiers it has.

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.prior_display(c), language=language, caption=charts.caption(c, language),
                         decimals=charts.DECIMALS))

# %% [markdown]
# The caterpillar plot orders the units by shrunken estimate, each with its 95 % interval (bar),
# shrunken estimate (dot) and raw value (cross). Overlapping bars mean the order between those
# units is not established; it does not say why a unit sits where it does.

# %%
for c in comparisons:
    fig = charts.caterpillar_chart(c, title=f"{title}: {c.label}")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The caterpillar plot's data, with each unit's raw and shrunken rank, its 95 % rank interval,
# the probability that it truly belongs in the top or bottom quarter (posterior simulation) and,
# where the parameter file gives one, its place in the published ranking (counted among the
# units compared here).

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.rank_display(c), language=language, caption=charts.caption(c, language),
                         decimals=charts.DECIMALS))

# %% [markdown]
# ## Units not compared
#
# Units of the source left out of the comparison, and why.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(charts.left_out_display(comparisons), language=language))

# %% [markdown]
# ## Finding index
#
# A stable one-line list of every finding (used by the regression tests).

# %%
# NBVAL_CHECK_OUTPUT
print(report.findings_brief(findings))

# %% [markdown]
# ## Methods
#
# - **Funnel limits** (Spiegelhalter, "Funnel plots for comparing institutional performance",
#   *Statistics in Medicine* 24:1185, 2005, Appendix A.1.1): exact binomial quantiles around
#   the target, interpolated between counts; a unit is outside when the chance of a count at
#   least as extreme is below 2.5 % (95 %) or 0.1 % (99.8 %) on that side.
# - **Target**: the pooled rate of the units whose first-pass z-scores lie within their 10th
#   and 90th percentiles (the ones Winsorising leaves untouched). FunnelPlotR pools all units;
#   a large slow office then drags the target toward itself and hides inside widened limits
#   (Jones & Spiegelhalter, *The American Statistician* 65:154, 2011, on outliers masking
#   themselves).
# - **Overdispersion** (Spiegelhalter, *Quality and Safety in Health Care* 14:347, 2005, as the
#   NHS-R package FunnelPlotR implements it): z-scores on the scale asin √p, Winsorised at 10 %
#   in each tail; φ = mean z²; τ² in the DerSimonian–Laird form when K·φ > K − 1; the limits in
#   force are then the wider of the exact ones and sin²(asin √θ ± z √(1/(4n) + τ²)).
# - **Too alike**: the untrimmed Σz² against χ² with K − 1 degrees of freedom; below its 0.1 %
#   quantile the rates vary less than binomial sampling allows.
# - **Published scores** (QĐ 766, PAPI) have no counts: the noise of a score is its year-to-year
#   wobble beyond the shift all units share (least squares, score ~ unit + year, over the panel
#   years), and every unit gets that standard error.
# - **Shrinkage** (Goldstein & Spiegelhalter 1996, *JRSS A* 159:385): a beta-binomial prior
#   fitted by maximum likelihood (counts) or a normal prior with the DerSimonian–Laird τ²
#   (scores); ranks and quarter probabilities from posterior draws (seeded).
# - **Limits of the method**: the target is estimated from the same units; with fewer than
#   10–20 units φ means little; nothing here adjusts for case mix; a flagged unit is one to look
#   at, not proof of poor work or of manipulation; shrinkage also pulls genuine outliers in.

# %% [markdown]
# ## Provenance

# %% tags=["nbval-ignore-output"]
import motcua

print(f"motcua {motcua.__version__}; parameters: slug={slug!r}, source={source!r}, "
      f"level={level!r}, indicators={indicators!r}, records_dir={records_dir!r}, "
      f"year={year}, seed={seed}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.analysis_payload(
    findings, slug=slug, title=title, notebook="04_commune_comparison", synthetic=synthetic,
    sources=[] if source == "records" else [
        {"name": source, "path": charts.SOURCE_NOTES[source][1],
         "licence": charts.SOURCE_NOTES[source][2]}],
    extra={"units_compared": {c.indicator: len(c.funnel) for c in comparisons}}))
