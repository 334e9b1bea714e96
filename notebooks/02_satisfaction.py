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
# # Satisfaction: the distributions behind the published shares
#
# Offices publish satisfaction as shares of "Rất hài lòng / Hài lòng / Không hài lòng" (very
# satisfied / satisfied / not satisfied), and the national service portal scores every unit on a
# satisfaction indicator (QĐ 766). This report shows what such figures can carry.
#
# **Part A** (runs whose parameter file names survey records) shows the distribution of the
# answers by office, month, procedure field and channel, with simultaneous intervals; the pooled
# share beside the average of office shares ("bình quân"), since published figures use both;
# five form-quality signals that name offices whose forms look unlike real answers; an ordinal
# model of what goes with a better answer; and the locality's published satisfaction claims
# beside the distribution they describe. **Part B** (runs with `source: dvc766`) reads the real
# QĐ 766 figures and shows how the portal's satisfaction indicator is produced.
#
# A signal is a reason to read the paper forms, never proof of who filled them in.

# %% tags=["parameters"]
slug = "kim-bang-2022"
title = "Kim Bảng (Hà Nam), 2022"
language = "en"
source = "records"
records_dir = "data/synthetic/kim-bang-2022"
claims_files = ["kim-bang-2022.yaml"]
dvc766_dir = "data/real/dvc766-crawler766"
confidence = 0.95
signal_alpha = 0.01
seed = 20260101
bootstrap_reps = 100

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from motcua.analysis import audit_records
from motcua.analysis.satisfaction_report import analyse_766, analyse_surveys, for_display
from motcua.claims import audit, load_register
from motcua.config import resolve_claims_file, resolve_path
from motcua.findings import number_findings
from motcua.records import read_records
from motcua.reports import charts_satisfaction as charts
from motcua.reports import summary, tables

sat, real = None, None
if source == "records":
    records = read_records(records_dir)
    register = load_register([resolve_claims_file(n) for n in claims_files]) \
        if claims_files else None
    recomputed, audit_findings = None, []
    if register is not None:
        recomputed = audit_records(register, records, alpha=1 - confidence)[0]
        audit_findings = audit(register, confidence=confidence)
    sat = analyse_surveys(records, register, recomputed, audit_findings, confidence=confidence,
                          signal_alpha=signal_alpha, seed=seed, reps=bootstrap_reps)
else:
    folder = resolve_path(dvc766_dir)
    real = analyse_766(
        pd.read_csv(folder / "gialai_766_units_2026_extract.csv", dtype={"department_code": str}),
        pd.read_csv(folder / "provinces_766_2026_ytd.csv", dtype={"department_code": str}))
findings = number_findings((sat or real).findings, prefix=f"{slug}/02_satisfaction")
pct = {c: 2 for c in ("very_satisfied_%", "low_%", "high_%", "share", "low", "high", "pooled",
                      "office_average", "difference", "records_office_average",
                      "records_pooled", "pooled_low", "pooled_high")}

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(f"**{title}** — survey records"
                            + (" (**SYNTHETIC**: invented forms calibrated to the published "
                               "figures, for testing the method)" if sat.synthetic else "")))
    display(tables.table(sat.overview, language=language))
else:
    display(tables.markdown(f"**{title}** — real QĐ 766 figures (`{dvc766_dir}`; public figures, "
                            "licence not stated: see its SOURCE.md). Part A does not apply."))

# %% [markdown]
# ## Part A. Survey records
#
# ### Answers by office
#
# Each office's headline answers (the `overall` criterion, or each form's first), the share
# very satisfied, and its interval. The intervals are **simultaneous** (Goodman 1965, statsmodels
# `multinomial_proportions_confint`): all levels of one office are covered together at the
# stated confidence, so they are wider than one binomial interval per level.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.table(sat.by_office.drop(columns="office"), language=language, decimals=pct))

# %%
if sat is not None:
    fig = charts.diverging_bars(sat.by_office, "office_name", title=f"{title}: answers by office")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows how each office's answers split between the levels, with the number of forms
# in each segment; it does not show whether the forms are a fair sample of the office's
# dossiers, nor who filled them in.

# %% [markdown]
# ### By month, procedure field and channel

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.table(sat.breakdowns.drop(columns="group"), language=language))

# %%
if sat is not None:
    fig = charts.diverging_bars(sat.breakdowns, "label",
                                title=f"{title}: answers by month, field and channel")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows the same answers cut by when they were given, the kind of procedure and how
# the dossier came in; differences between rows describe these forms and do not show that the
# month, field or channel caused them (the model below holds the others fixed).

# %% [markdown]
# ### Criteria and forms
#
# Where a form scores several criteria, each criterion is counted on its own, and each form is
# also summarised by its worst answer (a form is only as good as its weakest point).

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.table(sat.criteria, language=language))

# %% [markdown]
# ### All offices: shares and simultaneous intervals; pooled against averaged
#
# The pooled share counts every form once; the average of office shares ("bình quân") counts
# every office once, however many forms it has. They differ when offices of different size
# answer differently, and a published figure may be either.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.table(sat.overall_intervals, language=language, decimals=pct))
    display(tables.table(sat.pooled, language=language, decimals=pct))

# %% [markdown]
# ### The published satisfaction claims beside the records
#
# Each satisfaction share the locality published, with how it was aggregated, recomputed from
# the records both ways, the records' verdict, and the claims audit's checks of the figure
# itself (shares adding to 100%, what the rounding implies about the number of forms, averages
# over offices, perfect scores). The second table is the distribution each claim describes.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    if sat.claims.empty:
        display(tables.markdown("No published satisfaction claim for this locality."))
    else:
        display(tables.table(sat.claims, language=language, decimals=pct))
        display(tables.table(sat.claim_distributions, language=language))

# %%
if sat is not None and not sat.claim_distributions.empty:
    fig = charts.diverging_bars(sat.claim_distributions, "where",
                                title=f"{title}: the forms behind each published share")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows the records' answers for each place a published share speaks about; it does
# not show that the published figure was computed from these forms (the verdict above says
# whether it can have been).

# %% [markdown]
# ### Form-quality signals
#
# *Ceiling*: each office's very-satisfied share against the largest share its peers make
# plausible for its number of forms (a beta-binomial reference fitted to the other offices):
# 100% of 400 forms stands out, 100% of 4 does not. *Straight-lining*: forms giving every
# criterion the same answer. *Runs*: answers clumped in time order. *Bursts*: many forms within
# minutes on one day. *Forms per dossier*: more forms or answers than returned dossiers allow.
# Each flags an office only when the chance of a false alarm anywhere in the locality is below
# `signal_alpha`.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    for name, table in sat.signals.items():
        flagged = table[table["flagged"]] if "flagged" in table else table
        display(tables.markdown(f"**{name.replace('_', ' ')}**: {len(flagged)} of {len(table)} "
                                "offices flagged"))
    display(tables.table(for_display(sat.signals["ceiling"]), language=language,
                         decimals={"share": 1, "reference_mean": 1, "plausible_max": 1}))

# %%
if sat is not None:
    fig = charts.funnel(sat.signals["ceiling"], sat.funnel_limits,
                        title=f"{title}: very satisfied against number of forms")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows each office's very-satisfied share against its number of forms, with the
# line above which its peers make a share implausible; a dot above the line is unusual for its
# size, which does not prove that its forms were filled in by staff rather than by delighted
# citizens.

# %% [markdown]
# The other signals, office by office:

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    for name in ("runs", "bursts", "forms_per_dossier", "straight_lining"):
        if not sat.signals[name].empty:
            display(tables.table(for_display(sat.signals[name]), language=language,
                                 caption=name.replace("_", " "),
                                 decimals={"share": 1, "reference_mean": 1, "plausible_max": 1,
                                           "forms_per_returned": 3}))

# %% [markdown]
# ### What goes with a better answer: an ordinal model
#
# A proportional-odds (ordered logit) model of the headline answer on the office, the channel,
# the procedure field, the working days from receipt to resolution and whether the dossier was
# resolved on time. Results are predicted shares for typical cases (each form's office, field
# and waiting time kept, its channel and on-time outcome set), with 95% intervals from
# resampling whole offices. Offices whose answers are all alike cannot be fitted and are left
# out; rare channels and fields are pooled.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    m = sat.model
    if m.skipped:
        display(tables.markdown(f"The model is not fitted: {m.skipped}."))
    else:
        left = ", ".join(m.left_out) or "none"
        display(tables.markdown(
            f"{m.forms:,} forms from {m.offices} offices ({m.late} rate a late dossier); "
            f"offices left out because their answers are all alike: {left}.\n\n"
            + "\n".join(f"- {s}" for s in m.sentences)))
        display(tables.table(m.predictions, language=language,
                             decimals={c: 1 for c in m.predictions.columns}))

# %% [markdown]
# The coefficients (log odds of a better answer against the reference office, channel and
# field); for reading signs only, the predicted shares above carry the office-level uncertainty.

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None and not sat.model.skipped:
    display(tables.table(sat.model.coefficients.round(3), language=language,
                         decimals={"log_odds": 3, "std_error": 3, "odds_ratio": 3}))

# %% [markdown]
# ## Part B. The real QĐ 766 satisfaction indicator
#
# The portal's satisfaction group (MDHL, 18 of 100 points) for Gia Lai's 14 departments and 7
# communes, 2026 to date, and for the 34 provinces. First, unit by unit: the indicator's
# numerator and denominator beside the on-time counts of the progress group.

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    r = real.relation
    display(tables.markdown(
        f"In {r['same_denominator']} of {r['units']} units the indicator's denominator equals the "
        f"dossiers counted for progress; its numerator is the on-time count minus "
        f"{-r['gap_max']} to {-r['gap_min']}; the two shares differ by at most "
        f"{r['largest_share_gap']:.2f} "
        f"points (rank correlation {r['spearman']:.3f})."))
    display(tables.table(real.units, language=language,
                         decimals={"on_time_share": 2, "satisfied_share": 2, "MDHL": 2}))
else:
    display(tables.markdown("Part B applies to runs with `source: dvc766`."))

# %%
if real is not None:
    fig = charts.indicator_scatter(real.units, title="Gia Lai units, 766, 2026 to date")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows each unit's 766 "satisfied" share against its on-time share: the dots sit on
# the diagonal, which shows that the indicator is computed from dossier outcomes, not that
# citizens were (or were not) satisfied.

# %% [markdown]
# How the MDHL score follows from it: the rule as implemented (domain.md §4) gives indicator
# 5.4 six points times the share over 90% (all six at 90% or more); the rest of MDHL should then
# be 0 or 12, the two feedback-handling indicators (5.2, 5.3) all lost or all kept.

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    display(tables.table(real.decomposition, language=language,
                         decimals={"satisfied_share": 2, "points_54": 2, "MDHL": 2, "rest": 2}))

# %% [markdown]
# ### MDHL across the 34 provinces

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    display(tables.table(real.distribution, language=language, decimals={"MDHL": 2}))
    display(tables.table(real.provinces, language=language,
                         decimals={"MDHL": 2, "total_score": 2, "share_of_max": 1}))

# %%
if real is not None:
    fig = charts.province_mdhl(real.provinces, title="MDHL by province, 2026 to date")
    display(fig)
    plt.close(fig)

# %% [markdown]
# The chart shows each province's satisfaction score out of 18, Gia Lai in orange; since the
# score is computed from dossier outcomes and feedback handling, it ranks provinces on those,
# not on what citizens think of the service.

# %% [markdown]
# ## Findings
#
# Every finding this report hands to the batch index: offices a signal flags (warnings naming
# the office), signals that cannot be tested here, and what the 766 figures show.

# %%
# NBVAL_CHECK_OUTPUT
for f in findings:
    print(f"{f.id} [{f.severity}/{f.status}] {f.unit_code + ': ' if f.unit_code else ''}"
          f"{f.message_en}")

# %% [markdown]
# ## Provenance

# %% tags=["nbval-ignore-output"]
import motcua

print(f"motcua {motcua.__version__}; parameters: slug={slug!r}, source={source!r}, "
      f"records_dir={records_dir!r}, claims_files={claims_files!r}, confidence={confidence}, "
      f"signal_alpha={signal_alpha}, seed={seed}, bootstrap_reps={bootstrap_reps}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.analysis_payload(
    findings, slug=slug, title=title, notebook="02_satisfaction",
    synthetic=bool(sat is not None and sat.synthetic),
    sources=[{"name": "QĐ 766 indicators (national service portal), via duynghiaqn/Crawler-766",
              "path": dvc766_dir, "licence": "not stated (public figures)"}]
    if real is not None else [{"name": "survey records", "path": records_dir,
                               "licence": "SYNTHETIC" if sat.synthetic else ""}],
    extra={"flagged_offices": [f.unit_code for f in findings if f.status == "flagged"]}))
