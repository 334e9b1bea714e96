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
# # On-time rates: what goes with a late dossier, and were the figures managed?
#
# From one locality's dossier records, this report recomputes the on-time rate by office,
# procedure field, channel, mechanism, month, statutory limit and workload, under the
# convention the locality reports and under the national QĐ 766 rule; models which of these
# factors go with a late dossier; draws the time to resolution against the deadline; and runs
# six forensic signals that would show if on-time figures were managed rather than earned.
# A signal names an office for an inspector to look at; it proves nothing by itself, and each
# section says what its signal can and cannot show.

# %% tags=["parameters"]
slug = "quang-dien-2020"
title = "Quảng Điền 2020"
language = "en"
records_dir = "data/synthetic/quang-dien-2020"
claims_files = ["quang-dien-2020.yaml"]
convention = "received_cohort"
strict_convention = "qd766"
confidence = 0.95
seed = 20260101
bootstrap_reps = 999

# %%
import matplotlib.pyplot as plt
from IPython.display import display

from motcua.analysis import audit_records, drivers, drivers_effects, forensics
from motcua.analysis import forensics_signals, survival
from motcua.claims import load_register
from motcua.config import resolve_claims_file
from motcua.findings import number_findings
from motcua.records import read_records
from motcua.reports import charts_ontime as charts
from motcua.reports import markdown as report
from motcua.reports import summary, tables

records = read_records(records_dir)
alpha = 1 - confidence
conventions = list(dict.fromkeys([convention, strict_convention]))
findings = []

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(drivers.records_note(records)))

# %% [markdown]
# ## On-time rates by factor
#
# Each rate is the share of dossiers on time, with its Wilson interval, first under the
# convention the locality reports, then under the national QĐ 766 rule (which counts a
# dossier withdrawn before its due date as on time, and more than one supplement request as
# late). *Workload* compares the office's receipts in the week of receipt with its median
# week (quiet below 0.75×, busy above 1.25×); *statutory limit* is banded in working-day
# equivalents.

# %%
if records is not None:
    frame = drivers.on_time_frame(records.dossiers, records.events, records.period_start,
                                  records.period_end, conventions)
    rates = drivers.rates_by_factor(frame, alpha=alpha)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    display(tables.table(drivers.rates_wide(rates, conventions).round(2), language=language))

# %% [markdown]
# The office chart: each dot is an office's on-time rate with its interval, blue under the
# reported convention, orange under the national rule. It shows how far apart offices and
# conventions put the rate; it does not show why an office is slower (its caseload differs).

# %%
if records is not None:
    for factor in ("office", "field"):
        fig = charts.rates_chart(rates, factor, (convention, strict_convention),
                                 title=f"{title}: on time by {drivers.FACTOR_LABELS[factor]}")
        display(fig)
        plt.close(fig)

# %% [markdown]
# ## The locality's claims next to the recomputed rates
#
# Each on-time claim the records can speak to, recomputed under every convention (from
# `motcua.analysis.audit_records`, as in the claims audit). A claim that holds under some
# conventions only depends on how it was counted.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None and claims_files:
    register = load_register([resolve_claims_file(n) for n in claims_files])
    record_table, _, _ = audit_records(register, records, alpha=alpha)
    on_time_claims = record_table[record_table["metric"].isin(
        ["on_time_rate", "dossiers_resolved_on_time"])]
    display(tables.table(report.records_table(on_time_claims), language=language))

# %% [markdown]
# ## What goes with a late dossier
#
# A binomial model (logit) of on-time under the reported convention on every factor but the
# office, fitted to the counts of each combination of factors and office (the same
# likelihood as one row per dossier). Standard errors are clustered by office; with fewer
# than 50 offices the interval comes from a wild cluster bootstrap over offices (Webb
# weights). An effect is in percentage points against the factor's most common level, other
# factors as observed. These are associations in the records, not causes: a field that is
# late may be late because of the offices that handle it.

# %%
if records is not None:
    patterns = drivers.covariate_patterns(frame[frame["convention"] == convention])
    fit, why_not = drivers.fit_or_reason(patterns)
    effects = (drivers_effects.drivers_table(fit, bootstrap_reps, seed, alpha)
               if fit is not None else None)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None and fit is not None:
    text = drivers_effects.drivers_sentences(effects, confidence)
    notes = fit.design.notes + ([] if fit.converged else ["the fit did not converge cleanly"])
    display(tables.markdown(
        f"{fit.n_dossiers:,} dossiers in {len(patterns):,} covariate patterns, "
        f"{fit.n_clusters} offices.\n\n" + "\n".join(f"- {s}" for s in text + notes)))
    shown = effects[["factor", "level", "reference", "ame_pp", "se_pp", "low", "high",
                     "boot_p", "interval"]]
    display(tables.table(shown.round(3), language=language))
elif records is not None:
    display(tables.markdown(f"No model: {why_not}."))

# %% [markdown]
# The effects chart: each line is one level's effect with its interval, red where the
# interval excludes zero. It shows which factors go with lateness in these records; it does
# not show that changing the factor would change the rate.

# %%
if records is not None:
    fig = charts.ame_chart(effects, title=f"{title}: effects on the on-time rate")
    display(fig)
    plt.close(fig)

# %% [markdown]
# ## Time to resolution against the deadline
#
# Kaplan–Meier curves of the share of dossiers resolved, by working days from the due date
# (0 is the due day; dossiers withdrawn, refused, stopped or still open are censored). A
# curve that jumps at 0 shows resolutions piling onto the deadline; the table reads the
# curves at five days.

# %%
if records is not None:
    times = survival.resolution_times(records.dossiers, records.events,
                                      records.period_start, records.period_end)
    by = records.dossiers.set_index("dossier_id")
    curves = {g: survival.km_curves(times, by[col], alpha=alpha)
              for g, col in (("field", "field_code"), ("channel", "channel"))}

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    for g, c in curves.items():
        display(tables.table(survival.km_table(c).round(2), language=language,
                             caption=f"resolved by {g}, %"))

# %% [markdown]
# The chart shows the curves by field: where each field's dossiers are resolved relative to
# the deadline. It does not show whether a due-day resolution was real (see the signals).

# %%
if records is not None:
    fig = charts.km_chart(curves["field"], title=f"{title}: resolved, by field")
    display(fig)
    plt.close(fig)

# %% [markdown]
# ## Forensic signals
#
# Six signals, each per office. Within a locality, each signal's false-alarm rate over all its
# offices is held at 1 − confidence (Holm's correction). Signals of events that should not
# happen (a missing slip, a clock-reset pair, an odd stamp, a late hand-over) compare an
# office with its unflagged peers; signals of shares every office has (bunching, exits)
# allow for the ordinary spread between offices (an over-dispersed funnel test). *flagged*
# names an office for a closer look; *quiet* means the records show no excess; *too few*
# means the office has too few dossiers for the test.

# %%
if records is not None:
    signals = forensics_signals.run_signals(
        records.dossiers, records.events, records.period_start, records.period_end,
        alpha=alpha, reps=bootstrap_reps, seed=seed)
    findings += forensics_signals.findings(signals, synthetic=records.synthetic)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    display(tables.table(forensics_signals.overview(signals), language=language))


# %%
def show_table(name):
    """The table of one signal (a helper for the cells below)."""
    t = signals.tables[name].rename(columns={"size": forensics.SIGNALS[name]["size"]})
    display(tables.table(t.round(4), language=language))


def show_chart(name):
    """The chart of one signal: each office's size with its interval, flagged offices in red."""
    info = forensics.SIGNALS[name]
    fig = charts.signal_chart(signals.tables[name], info["size"], f"{title}: {info['title']}")
    display(fig)
    plt.close(fig)


# %% [markdown]
# ### Bunching on the due day
#
# Among dossiers with at least seven working days to their due date, resolutions per working
# day before the due date; a trend fitted to days −6…−2 is extended to the last two days, and
# the excess over it is the signal (bootstrap interval). It can show that an office piles
# more resolutions onto the deadline than its own trend and its peers; it cannot tell
# backdating from last-minute work, which every office does to some degree.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("bunching")

# %%
if records is not None:
    show_chart("bunching")
    fig = charts.bunching_chart(signals.details["bunching_histogram"],
                                title=f"{title}: resolutions before the due date")
    display(fig)
    plt.close(fig)

# %% [markdown]
# ### Due-day resolutions handed over days later
#
# A resolution moved onto the due day keeps its true date on the hand-over. The signal counts
# due-day resolutions handed over after a longer lag than 99% of the resolutions made before
# the due day. It can show that due-day stamps are followed by unusually late hand-overs; it
# cannot tell a moved stamp from an office that is slow to hand over, or a citizen who
# collects late.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("late_handover")

# %%
if records is not None:
    show_chart("late_handover")

# %% [markdown]
# ### Withdrawn at the deadline and resubmitted
#
# A dossier withdrawn on its due day or the working day before, and the same applicant filing
# the same procedure within five working days: the clock restarts. It can show such pairs and
# how much they lift the on-time rate (second table: each pair joined into one late dossier);
# it cannot show who asked for the withdrawal.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("withdraw_resubmit")
    display(tables.table(signals.details["joined"].round(2), language=language))

# %%
if records is not None:
    show_chart("withdraw_resubmit")

# %% [markdown]
# ### Late dossiers with no apology slip
#
# Every late dossier needs the apology slip with a new return date (TT 01/2018, Mẫu 04). The
# signal is the share of late dossiers with none recorded. It can show slips missing from
# the records; it cannot tell a slip never given from one never entered.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("missing_apology")

# %%
if records is not None:
    show_chart("missing_apology")

# %% [markdown]
# ### Resolutions at impossible or odd times
#
# Resolutions stamped on a non-working day, outside office hours, or before the dossier was
# received (second table: each kind). It can show stamps that do not fit the office's day; it
# cannot show intent (weekend work and automatic stamps look the same), except that a
# resolution before receipt is always a records error.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("timestamps")
    display(tables.table(signals.details["stamp_kinds"], language=language))

# %%
if records is not None:
    show_chart("timestamps")

# %% [markdown]
# ### Withdrawn, refused or stopped
#
# The share of dossiers that end without a result, against the peers' share and their
# ordinary spread (second table: each kind). It can show an office that ends unusually many
# dossiers this way; it cannot say why.

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("exits")
    display(tables.table(signals.details["exit_kinds"], language=language))

# %%
if records is not None:
    show_chart("exits")

# %% [markdown]
# ## Findings
#
# Each flagged office, one line per signal (used by the regression tests).

# %%
# NBVAL_CHECK_OUTPUT
findings = number_findings(findings, prefix=f"{slug}/03_ontime_drivers")
print("\n".join(f"{f.id}: {f.unit_code} {f.unit_name}: {f.recomputed}" for f in findings)
      or "no findings")

# %% [markdown]
# ## Provenance

# %% tags=["nbval-ignore-output"]
import motcua

print(f"motcua {motcua.__version__}; parameters: slug={slug!r}, records_dir={records_dir!r}, "
      f"convention={convention!r}, strict_convention={strict_convention!r}, "
      f"confidence={confidence}, seed={seed}, bootstrap_reps={bootstrap_reps}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.analysis_payload(
    findings, slug=slug, title=title, notebook="03_ontime_drivers",
    synthetic=bool(records is not None and records.synthetic),
    sources=[{"name": "records", "path": records_dir}] if records is not None else []))
