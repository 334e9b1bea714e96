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
# # Reform effects: did a reform change on-time rates, and by how much?
#
# A reform — a modernised one-stop office, a consolidated one-stop unit, level-4 online
# services, a new decree — is adopted by communes at different dates. This report compares each
# commune's outcome before and after its own adoption with communes that had not adopted
# (an **event study**), and shows beside it the estimate a plain two-way fixed-effects
# regression would give, which is biased when adoption is staggered and effects grow over time.
# For a reform that reached every province at once (a national decree) there is no such
# comparison group: the PAPI part of this report can only put the province scores before and
# after the reform side by side, with the caveats that follow from that.
#
# Which part runs depends on the parameter `source`: a commune panel (`synthetic_panel` or
# `records`) or the real PAPI province panel (`papi`).

# %% tags=["parameters"]
slug = "synthetic-staggered-panel"
title = "SYNTHETIC staggered panel"
language = "en"
source = "synthetic_panel"
records_dir = ""
outcome = "on_time_rate"
convention = "received_cohort"
adoption = {}
adoption_file = ""
cluster = "district"
window_pre = 6
window_post = 12
confidence = 0.95
bootstrap_reps = 999
seed = 20260101
synthetic_locality = "20"
n_units = 60
n_periods = 30
start = "2023-01-01"
effect = 0.005
reform_name = ""
reform_date = "2018-06-21"
window_years = 2

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from motcua.analysis import adoption_table, event_study, panel_from_records, papi_study
from motcua.analysis import effects_crosswalk as xwalk
from motcua.analysis import effects_findings as texts
from motcua.analysis import effects_papi, with_adoption
from motcua.config import resolve_path
from motcua.findings import number_findings
from motcua.records import read_records
from motcua.reports import charts_effects as charts
from motcua.reports import summary, tables
from motcua.synth import simulate_staggered_panel

is_panel = source != "papi"
synthetic = source == "synthetic_panel"
label = "SYNTHETIC panel" if synthetic else ""
alpha = 1 - confidence
findings = []
if synthetic:
    panel = simulate_staggered_panel(synthetic_locality, n_units=n_units, start=start,
                                     n_periods=n_periods, effect=effect, seed=seed)
elif source == "records":
    records = read_records(records_dir)
    synthetic = records.synthetic
    label = "SYNTHETIC records" if synthetic else ""
    dates = (pd.read_csv(resolve_path(adoption_file), dtype=str) if adoption_file
             else adoption)
    panel = with_adoption(panel_from_records(records, convention), adoption_table(dates))
if is_panel:
    cluster_column = "district_code" if cluster == "district" else "unit_code"
    study = event_study(panel, outcome, cluster=cluster_column,
                        window=(-window_pre, window_post), reps=bootstrap_reps, seed=seed,
                        alpha=alpha)
    findings += texts.panel_findings(study, outcome, label)
else:
    papi = papi_study(outcome, reform_date, window_years, alpha)
    findings += texts.papi_findings(papi.summary, papi.missing,
                                    reform_name or f"the reform of {reform_date}")
findings = number_findings(findings, prefix=f"{slug}/05_reform_effects")

# %%
# NBVAL_CHECK_OUTPUT
if source == "synthetic_panel":
    display(tables.markdown(f"**{panel.attrs['synthetic_label']}.** Seed {seed}; planted effect "
                            f"{100 * effect:.2f} points per month since adoption."))
elif is_panel:
    display(tables.markdown(f"{'**SYNTHETIC RECORDS.** ' if synthetic else ''}Records: "
                            f"`{records_dir}` ({records.period_start} to "
                            f"{records.period_end}); on-time convention `{convention}`."))
else:
    display(tables.markdown(
        "Real data: PAPI sub-dimension scores of 63 provinces, 2011–2024 "
        "(data/real/papi-subdim-hnks/SOURCE.md, MIT; numbers published by UNDP, CECODES and "
        f"partners). Reform: {reform_name or reform_date}, in force {reform_date}."))

# %% [markdown]
# ## The panel and the design
#
# Who adopted when, who serves as the comparison, and how many clusters the intervals rest on.
# A cluster is a group of units whose shocks may be shared (a district's communes answer to
# the same district office); intervals must allow for that, and with 10–20 clusters ordinary
# cluster-robust intervals are too narrow, so every interval here comes from a wild cluster
# bootstrap.

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.markdown(texts.design_markdown(study, outcome, cluster, label)))
    display(tables.table(study.cohorts, language=language))
else:
    print("Not part of this run: the PAPI source has no commune panel.")

# %% [markdown]
# ## Event study
#
# Each dot is the estimated change in the outcome a given number of months after adoption,
# relative to the month before adoption (−1), averaged over the adoption cohorts observed that
# far out (Sun & Abraham's interaction weights). The dots left of the dotted line are the
# **test of parallel trends**: before adoption, adopters and controls should not drift apart,
# so those dots should sit around zero. Red crosses are a naive two-way fixed-effects event
# study on the same data; the green line, on a SYNTHETIC panel, is the effect that was planted.
# The chart shows how the estimates move with time since adoption; it does not prove that the
# reform caused them — only that adopters and non-adopters diverged after adoption and not
# before.

# %%
if is_panel:
    fig = charts.event_study_chart(study.events, outcome_label=texts.LABELS[outcome],
                                   n_clusters=study.n_clusters, title=title)
    display(fig)
    plt.close(fig)

# %% [markdown]
# The figures the chart draws (proportions; `n_clusters` beside every interval):

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.table(study.events, language=language,
                         decimals={c: 4 for c in ("estimate", "ci_low", "ci_high",
                                                  "twfe_dynamic", "true_effect")}))
else:
    print("Not part of this run.")

# %% [markdown]
# ## The overall effect, and the naive estimate beside it

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.table(study.overall, language=language,
                         decimals={c: 4 for c in ("estimate", "ci_low", "ci_high",
                                                  "true_effect")}))
    display(tables.markdown(texts.overall_markdown(study)))
else:
    print("Not part of this run.")

# %% [markdown]
# ## Across the 2025 restructuring
#
# On 1 July 2025 communes were merged (10,035 became 3,321) and districts abolished. A series
# kept for a pre-merger commune continues under the post-merger commune that absorbed it
# (`vietnamadminunits` crosswalk): the dossier counts of the merged communes are **summed** per
# month and the rates recomputed from the sums (pooled, not averaged); a commune divided among
# several new ones goes whole to its main successor; a merged commune counts as adopting when
# its first part adopted (flagged `mixed` where its parts adopted at different dates). Which
# of this panel's communes were merged, and into what:

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    mapping = xwalk.merger_map(panel["unit_code"].unique())
    merged = xwalk.merged_units(mapping)
    post = xwalk.to_post_merger(panel, mapping)
    post_adoption = xwalk.post_merger_adoption(adoption_table(
        panel.drop_duplicates("unit_code")[["unit_code", "adopted_on"]]), mapping)
    display(tables.markdown(
        f"{mapping['new_code'].ne('').sum()} of {len(mapping)} communes map onto "
        f"{post['new_code'].nunique()} post-merger communes; {len(merged)} of these absorbed "
        f"two or more of the panel's communes; {int(mapping['split'].sum())} commune(s) were "
        f"divided (sent whole to the main successor); {int(mapping['new_code'].eq('').sum())} "
        f"have no crosswalk row; {int(post_adoption['mixed'].sum())} merged communes mix "
        "adoption dates."))
    display(tables.table(merged, language=language))
else:
    print("Not part of this run: PAPI provinces are below.")

# %% [markdown]
# ## PAPI: public administrative procedures and public service delivery, 2011–2024
#
# PAPI asks a sample of residents of every province each year about their dealings with the
# state; a dimension score (1–10) sums its sub-dimension scores. Dimension 5 (*public
# administrative procedures*) covers certification, construction permits (until 2020), land
# titles and personal procedures at the commune; dimension 6 (*public service delivery*)
# covers health care, primary schools, infrastructure and law and order. The chart shows the
# mean score of each region's provinces (thin lines) and of all provinces (thick line); the
# dashed line marks the reform year, the dotted lines PAPI's codebook changes (2018: new
# dimensions and indicators; 2021: dimension 5 drops construction permits). It shows how
# the average self-reported experience moved; it does not show why.

# %%
if not is_panel:
    fig = charts.papi_trends_chart(papi.trends, reform_year=papi.reform_year,
                                   labels={k: v[0] for k, v in effects_papi.DIMENSIONS.items()})
    display(fig)
    plt.close(fig)

# %% [markdown]
# The national means the chart draws, and the codebook and the gaps behind them:

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    wide = papi.trends.pivot_table(index="year", columns=["dimension", "region"],
                                   values="mean_score")
    national = wide.xs("All provinces", axis=1, level="region").reset_index()
    display(tables.table(national.astype({"year": str}), language=language,
                         decimals={"C05": 3, "C06": 3}))
    display(tables.table(papi.codebook.astype({"from_year": str}), language=language))
    display(tables.table(papi.missing.astype({"year": str}), language=language))
else:
    print("Not part of this run: the commune panel has no PAPI scores.")

# %% [markdown]
# Every province's score on the studied dimension, by region (blank: missing in the PAPI files):

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    trends = effects_papi.province_trends(papi.scores, outcome)
    display(tables.table(trends, language=language,
                         decimals={c: 2 for c in trends.columns[2:]}))
else:
    print("Not part of this run.")

# %% [markdown]
# ## PAPI before and after the reform
#
# Each province's mean score in the survey years before the reform against its mean in the
# years after (the reform year itself left out), averaged over provinces with a t interval;
# the same comparison around an earlier year with no such reform (the placebo) shows how much
# the index drifts over the same span without it. The chart shows the changes by region; it
# cannot show an effect of the reform: every province was treated at once, so there is no
# comparison group, and PAPI's 2018 codebook change falls in the same year.

# %%
if not is_panel:
    fig = charts.change_chart(papi.summary, title=reform_name or reform_date)
    display(fig)
    plt.close(fig)

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    display(tables.table(papi.summary[["comparison", "dimension", "region", "mean_change",
                                       "ci_low", "ci_high", "n_provinces"]],
                         language=language, decimals={"mean_change": 3, "ci_low": 3,
                                                      "ci_high": 3}))
else:
    print("Not part of this run.")

# %% [markdown]
# Each province's change on the studied dimension (mean after − mean before the reform):

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    display(tables.table(papi.changes, language=language,
                         decimals={"before": 3, "after": 3, "change": 3}))
else:
    print("Not part of this run.")

# %% [markdown]
# **Caveats of a province-level, self-reported index.** (1) Scores are averages of what a
# sample of residents *reported*; they move with expectations as well as with service, and a
# sample of a few hundred per province carries sampling error that these intervals, computed
# across provinces, do not include. (2) One score per province and year: nothing in it says
# which communes or offices changed. (3) A national reform reaches every province at once;
# before/after differences mix the reform with everything else that changed in those years.
# (4) PAPI's codebook changed in 2018 (the year of the reform chosen here) and again in 2021,
# so levels across those years are not strictly comparable. (5) Some province-years are
# missing (table above); means are over the provinces present.
#
# Across the 2025 restructuring the 63 provinces became 34. The PAPI series above are of the
# 63; a post-merger province's series would combine its parts, and because PAPI scores are
# averages over respondents, not counts, they would have to be weighted by population, which
# this dataset does not carry. The provinces merged:

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    pmap = xwalk.province_merger_map(sorted(papi.provinces["province_code"]))
    grouped = xwalk.merged_provinces(pmap)
    display(tables.table(grouped, language=language))
else:
    print("Not part of this run.")

# %% [markdown]
# ## Finding index
#
# A stable one-line list of every finding (used by the regression tests).

# %%
# NBVAL_CHECK_OUTPUT
for f in findings:
    print(f"{f.id} [{f.severity}/{f.status}] {f.message_en}")

# %% [markdown]
# ## Methods
#
# - **Event study:** Sun & Abraham (2021), interaction-weighted estimator with never-treated
#   controls (the last cohort to adopt if none), through `diff-diff` 3.13.0; the same
#   regression is rebuilt in `motcua.analysis.effects` to bootstrap weighted sums of its
#   coefficients and checked against the library on every run.
# - **Intervals:** wild cluster restricted bootstrap (Cameron, Gelbach & Miller 2008) with
#   Webb weights and test inversion (`diff_diff.wild_bootstrap_se`), by district or commune;
#   the number of clusters is printed beside each interval.
# - **Naive TWFE:** one "adopted" dummy with unit and month fixed effects (and an event-time
#   version), for comparison (Goodman-Bacon 2021 explains its bias under staggered adoption).
# - **PAPI:** dimension score = sum of sub-dimensions; means over provinces; t intervals over
#   provinces; regions of NQ 81/2023/QH15.
# - **2025 restructuring:** `vietnamadminunits` 1.0.4 crosswalk, counts summed per new unit.

# %% [markdown]
# ## Provenance

# %% tags=["nbval-ignore-output"]
import diff_diff

import motcua

print(f"motcua {motcua.__version__}; diff-diff {diff_diff.__version__}; source={source!r}, "
      f"seed={seed}, bootstrap_reps={bootstrap_reps}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.analysis_payload(
    findings, slug=slug, title=title, notebook="05_reform_effects", synthetic=synthetic,
    sources=[] if is_panel else [{"name": "PAPI sub-dimension scores 2011–2024",
                                  "path": "data/real/papi-subdim-hnks/", "licence": "MIT"}]))
