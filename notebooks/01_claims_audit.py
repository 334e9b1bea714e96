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
# # Claims audit: do the published figures add up?
#
# This report checks the numeric claims one locality published about its one-stop office
# (*Bộ phận một cửa*) against each other: parts against wholes, rates against their counts,
# shares against 100%, each figure against the precision its rounding allows (GRIM), targets
# against results, and the period of the figures against the date they were published. Where
# records are given (dossier exports, survey sheets), each claim they can speak to is then
# recomputed from them under every on-time convention.
#
# Severity: **fail** — the arithmetic cannot be right; **warning** — needs an inspector's
# attention; **info** — holds, or context. Every rule, its source and its limits are listed
# under *Methods* at the end.

# %% tags=["parameters"]
slug = "quang-dien-2020"
title = "Quảng Điền 2020"
claims_files = ["quang-dien-2020.yaml"]
confidence = 0.95
reference_late_rate = 0.008
records_dir = ""
language = "en"

# %%
import matplotlib.pyplot as plt
from IPython.display import display

from motcua.analysis import audit_records
from motcua.claims import audit, load_register, register_sha256
from motcua.config import resolve_claims_file
from motcua.records import read_records
from motcua.reports import markdown as report
from motcua.reports import plots, summary, tables

paths = [resolve_claims_file(name) for name in claims_files]
register = load_register(paths)
records = read_records(records_dir)
record_table, record_findings, gaps = audit_records(register, records, alpha=1 - confidence)
findings = audit(register, confidence=confidence, reference_late_rate=reference_late_rate)
findings += record_findings

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.source_markdown(register, title)))
display(tables.markdown(report.records_markdown(records)))

# %% [markdown]
# ## Summary
#
# How many findings of each kind, and for each check how many hold, fail, need the records,
# were derived from the article's own numbers, or cannot be tested with what the article gives.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.headline(findings)))
display(tables.table(report.verdict_table(findings).reset_index(), language=language))

# %% [markdown]
# ## What needs attention
#
# Each failed or flagged finding, with the sentence it comes from, the arithmetic, and the
# reason, in English and Vietnamese.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.findings_markdown(findings, severities=("fail", "warning"))))

# %% [markdown]
# ## On-time rates: claimed and recomputed
#
# Where the article gives counts, the rate is recomputed from them (dots). A claimed rate is
# drawn as the interval its rounding allows (bar); a target as a green tick. A dot outside its
# bar, or left of its target, is a finding above.

# %%
points = plots.rate_points(findings)
fig = plots.rates_chart(points, title=title)
display(fig)
plt.close(fig)

# %% [markdown]
# The figures the chart draws (percent):

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(points, language=language))

# %% [markdown]
# ## Claims against the records
#
# Each claim the records can speak to, recomputed from them. A published on-time rate depends
# on how it was computed (domain.md §1.5): the QĐ 766 rule (`qd766`), "100% minus late over all
# to handle" (`to_handle`), over dossiers due in the period (`due_in_period`), over resolved
# dossiers only (`resolved_only`), or over dossiers received in the period and followed to the
# end (`received_cohort`, the form "received X, resolved on time Y" takes). A claim that holds
# under some conventions only is a warning that names them.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.records_markdown(records)))
display(tables.table(report.records_table(record_table), language=language))

# %%
fig = plots.records_chart(record_table, title=title)
display(fig)
plt.close(fig)

# %% [markdown]
# How far apart the conventions put the on-time rate of each unit, from the same records: the
# choice of convention alone can move a published rate by this much.

# %%
# NBVAL_CHECK_OUTPUT
print(report.gaps_text(gaps))

# %% [markdown]
# ## Checks that hold, and context
#
# The long tail: figures that add up, rates derived from counts, and what each figure
# implies about the number of dossiers or respondents behind it.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(report.findings_table(findings, severities=("info",)), language=language))

# %% [markdown]
# ## The claims
#
# Every numeric claim in the register, with the value exactly as written. The Vietnamese
# quotes are in the register file (`data/claims/`).

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(report.claims_table(register.claims), language=language))

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
# The rule behind each check, with its source and limits.

# %%
display(tables.markdown(report.methods_markdown()))

# %% [markdown]
# ## Provenance

# %% tags=["nbval-ignore-output"]
import motcua

print(f"motcua {motcua.__version__}; register sha256 {register_sha256(paths)[:16]}…")
print(f"claim files: {', '.join(p.name for p in paths)}; parameters: slug={slug!r}, "
      f"confidence={confidence}, reference_late_rate={reference_late_rate}, "
      f"records_dir={records_dir!r}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.summary_payload(
    findings, slug=slug, title=title, synthetic=register.synthetic, sources=register.sources,
    register_sha256=register_sha256(paths),
    records_synthetic=None if records is None else records.synthetic))
