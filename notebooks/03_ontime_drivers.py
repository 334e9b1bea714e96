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

# %% [markdown] tags=["lang-en"]
# # On-time rates: what goes with a late dossier, and were the figures managed?
#
# From one locality's dossier records, this report recomputes the on-time rate by office,
# procedure field, channel, mechanism, month, statutory limit and workload, under the
# convention the locality reports and under the national QĐ 766 rule; models which of these
# factors go with a late dossier; draws the time to resolution against the deadline; and runs
# six forensic signals that would show if on-time figures were managed rather than earned.
# A signal names an office for an inspector to look at; it proves nothing by itself, and each
# section says what its signal can and cannot show.

# %% [markdown] tags=["lang-vi"]
# # Tỷ lệ giải quyết đúng hạn: điều gì đi kèm hồ sơ trễ hạn, và các con số có bị "làm đẹp" không?
#
# Từ dữ liệu hồ sơ của một địa phương, báo cáo này tính lại tỷ lệ giải quyết đúng hạn theo đơn
# vị, lĩnh vực thủ tục, kênh nộp, cơ chế, tháng, thời hạn theo quy định và khối lượng công việc,
# theo cách tính mà địa phương dùng khi báo cáo và theo quy tắc toàn quốc của QĐ 766; mô hình hóa
# các yếu tố đi kèm hồ sơ trễ hạn; vẽ thời gian giải quyết so với ngày hẹn trả; và chạy sáu dấu
# hiệu bất thường cho thấy các con số đúng hạn có thể đã bị dàn xếp thay vì đạt được thật. Một dấu
# hiệu chỉ nêu tên một đơn vị để thanh tra xem xét; tự nó không chứng minh điều gì, và mỗi phần
# đều nói rõ dấu hiệu của mình cho thấy được gì và không cho thấy được gì.

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
from motcua.analysis import ontime_text as texts
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
display(tables.markdown(texts.records_note(records, language)))

# %%
if records is not None:
    frame = drivers.on_time_frame(records.dossiers, records.events, records.period_start,
                                  records.period_end, conventions)
    rates = drivers.rates_by_factor(frame, alpha=alpha)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    display(tables.markdown(texts.prose("rates", language)))
    display(tables.table(texts.localized(drivers.rates_wide(rates, conventions).round(2),
                                         language), language=language))

# %%
if records is not None:
    for factor in ("office", "field"):
        fig = charts.rates_chart(rates, factor, (convention, strict_convention),
                                 title=texts.chart_title("rates", title, language,
                                                         texts.factor_label(factor, language)),
                                 language=language)
        display(fig)
        plt.close(fig)
    display(tables.markdown(texts.prose("rates_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if records is not None and claims_files:
    register = load_register([resolve_claims_file(n) for n in claims_files])
    record_table, _, _ = audit_records(register, records, alpha=alpha)
    on_time_claims = record_table[record_table["metric"].isin(
        ["on_time_rate", "dossiers_resolved_on_time"])]
    display(tables.markdown(texts.prose("claims", language)))
    display(tables.table(report.records_table(on_time_claims), language=language))

# %%
if records is not None:
    patterns = drivers.covariate_patterns(frame[frame["convention"] == convention])
    fit, why_not = drivers.fit_or_reason(patterns)
    effects = (drivers_effects.drivers_table(fit, bootstrap_reps, seed, alpha)
               if fit is not None else None)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    display(tables.markdown(texts.prose("model", language)))
if records is not None and fit is not None:
    text = drivers_effects.drivers_sentences(effects, confidence, language=language)
    display(tables.markdown(texts.model_line(fit, len(patterns), language) + "\n\n"
                            + "\n".join(f"- {s}" for s in text
                                        + texts.design_notes(fit, language))))
    shown = effects[["factor", "level", "reference", "ame_pp", "se_pp", "low", "high",
                     "boot_p", "interval"]]
    display(tables.table(texts.localized(shown.round(3), language), language=language))
elif records is not None:
    display(tables.markdown(texts.no_model(why_not, language)))

# %%
if records is not None:
    fig = charts.ame_chart(effects if effects is None else texts.localized(effects, language),
                           title=texts.chart_title("effects", title, language),
                           language=language)
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("effects_chart", language)))

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
    display(tables.markdown(texts.prose("survival", language)))
    for g, c in curves.items():
        display(tables.table(texts.localized(survival.km_table(c).round(2), language),
                             language=language, caption=texts.km_caption(g, language)))

# %%
if records is not None:
    fig = charts.km_chart(curves["field"], title=texts.chart_title("km", title, language),
                          language=language)
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("survival_chart", language)))

# %%
if records is not None:
    signals = forensics_signals.run_signals(
        records.dossiers, records.events, records.period_start, records.period_end,
        alpha=alpha, reps=bootstrap_reps, seed=seed)
    findings += forensics_signals.findings(signals, synthetic=records.synthetic)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    display(tables.markdown(texts.prose("signals", language)))
    display(tables.table(texts.localized(forensics_signals.overview(signals), language),
                         language=language))


# %%
def show_table(name):
    """The section text and the table of one signal (a helper for the cells below)."""
    display(tables.markdown(texts.prose(name, language)))
    t = signals.tables[name].rename(columns={"size": forensics.SIGNALS[name]["size"]})
    display(tables.table(texts.localized(t.round(4), language), language=language))


def show_chart(name):
    """The chart of one signal: each office's size with its interval, flagged offices in red."""
    fig = charts.signal_chart(signals.tables[name], texts.signal_size(name, language),
                              texts.chart_title("signal", title, language,
                                                texts.signal_title(name, language)),
                              language=language)
    display(fig)
    plt.close(fig)


# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("bunching")

# %%
if records is not None:
    show_chart("bunching")
    fig = charts.bunching_chart(signals.details["bunching_histogram"],
                                title=texts.chart_title("bunching_histogram", title, language),
                                language=language)
    display(fig)
    plt.close(fig)

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("late_handover")

# %%
if records is not None:
    show_chart("late_handover")

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("withdraw_resubmit")
    display(tables.table(signals.details["joined"].round(2), language=language))

# %%
if records is not None:
    show_chart("withdraw_resubmit")

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("missing_apology")

# %%
if records is not None:
    show_chart("missing_apology")

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("timestamps")
    display(tables.table(signals.details["stamp_kinds"], language=language))

# %%
if records is not None:
    show_chart("timestamps")

# %%
# NBVAL_CHECK_OUTPUT
if records is not None:
    show_table("exits")
    display(tables.table(signals.details["exit_kinds"], language=language))

# %%
if records is not None:
    show_chart("exits")

# %% [markdown] tags=["lang-en"]
# ## Findings
#
# Each flagged office, one line per signal (used by the regression tests).

# %% [markdown] tags=["lang-vi"]
# ## Nhận định
#
# Mỗi đơn vị có dấu hiệu, một dòng cho mỗi dấu hiệu (dùng cho các kiểm thử hồi quy).

# %%
# NBVAL_CHECK_OUTPUT
findings = number_findings(findings, prefix=f"{slug}/03_ontime_drivers")
print("\n".join(f"{f.id}: {f.unit_code} {f.unit_name}: {f.recomputed}" for f in findings)
      or ("no findings" if language == "en" else "không có nhận định nào"))

# %% [markdown] tags=["lang-en"]
# ## Provenance

# %% [markdown] tags=["lang-vi"]
# ## Nguồn gốc và phiên bản

# %% tags=["nbval-ignore-output"]
import motcua

words = "parameters" if language == "en" else "tham số"
print(f"motcua {motcua.__version__}; {words}: slug={slug!r}, records_dir={records_dir!r}, "
      f"convention={convention!r}, strict_convention={strict_convention!r}, "
      f"confidence={confidence}, seed={seed}, bootstrap_reps={bootstrap_reps}")

# %% tags=["remove-cell"]
summary.emit_summary(summary.analysis_payload(
    findings, slug=slug, title=title, notebook="03_ontime_drivers",
    synthetic=bool(records is not None and records.synthetic),
    sources=[{"name": "records", "path": records_dir}] if records is not None else []))
