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

# %% [markdown] tags=["lang-vi"]
# # Mức độ hài lòng: các phân bố đằng sau những tỷ lệ đã công bố
#
# Các cơ quan công bố mức độ hài lòng dưới dạng tỷ lệ "Rất hài lòng / Hài lòng / Không hài
# lòng", và Cổng dịch vụ công quốc gia chấm điểm mọi đơn vị theo một chỉ số hài lòng (QĐ 766).
# Báo cáo này cho thấy những con số như vậy có thể nói lên được điều gì.
#
# **Phần A** (các lần chạy có tệp tham số chỉ ra dữ liệu phiếu khảo sát) trình bày phân bố câu
# trả lời theo đơn vị, tháng, lĩnh vực thủ tục và kênh nộp hồ sơ, kèm khoảng tin cậy đồng thời;
# tỷ lệ gộp chung đặt cạnh tỷ lệ bình quân các đơn vị, vì số liệu công bố dùng cả hai cách; năm
# dấu hiệu chất lượng phiếu chỉ ra những đơn vị có phiếu trông không giống câu trả lời thật; một
# mô hình logit thứ bậc về những yếu tố đi kèm câu trả lời tốt hơn; và các số liệu hài lòng mà
# địa phương đã công bố, đặt cạnh phân bố câu trả lời mà chúng mô tả. **Phần B** (các lần chạy
# với `source: dvc766`) đọc số liệu QĐ 766 thật và cho thấy chỉ số hài lòng của Cổng được tạo ra
# như thế nào.
#
# Một dấu hiệu là lý do để đọc lại phiếu giấy, không bao giờ là bằng chứng về việc ai đã điền
# phiếu.

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
from motcua.analysis import satisfaction_text as texts
from motcua.analysis import analyse_766, analyse_surveys, for_display
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
    display(tables.markdown(texts.records_line(title, sat.synthetic, language)))
    display(tables.table(texts.localized(sat.overview, language), language=language))
else:
    display(tables.markdown(texts.dvc766_line(title, dvc766_dir, language)))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("part_a", language)))
    display(tables.table(sat.by_office.drop(columns="office"), language=language, decimals=pct))

# %%
if sat is not None:
    fig = charts.diverging_bars(sat.by_office, "office_name", language=language,
                                title=texts.chart_title("by_office", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("by_office_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("breakdowns", language)))
    display(tables.table(texts.localized(sat.breakdowns.drop(columns="group"), language),
                         language=language))

# %%
if sat is not None:
    fig = charts.diverging_bars(texts.localized(sat.breakdowns, language), "label",
                                language=language,
                                title=texts.chart_title("breakdowns", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("breakdowns_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("criteria", language)))
    display(tables.table(texts.localized(sat.criteria, language), language=language))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("pooled", language)))
    display(tables.table(texts.localized(sat.overall_intervals, language), language=language,
                         decimals=pct))
    display(tables.table(texts.localized(sat.pooled, language), language=language,
                         decimals=pct))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("claims", language)))
    if sat.claims.empty:
        display(tables.markdown(texts.no_claims(language)))
    else:
        display(tables.table(texts.localized(sat.claims, language), language=language,
                             decimals=pct))
        display(tables.table(sat.claim_distributions, language=language))

# %%
if sat is not None and not sat.claim_distributions.empty:
    fig = charts.diverging_bars(sat.claim_distributions, "where", language=language,
                                title=texts.chart_title("claims", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("claims_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("signals", language)))
    for name, table in sat.signals.items():
        flagged = table[table["flagged"]] if "flagged" in table else table
        display(tables.markdown(texts.signal_count(name, len(flagged), len(table), language)))
    display(tables.table(for_display(sat.signals["ceiling"]), language=language,
                         decimals={"share": 1, "reference_mean": 1, "plausible_max": 1}))

# %%
if sat is not None:
    fig = charts.funnel(sat.signals["ceiling"], sat.funnel_limits, language=language,
                        title=texts.chart_title("funnel", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("funnel_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("other_signals", language)))
    for name in ("runs", "bursts", "forms_per_dossier", "straight_lining"):
        if not sat.signals[name].empty:
            display(tables.table(for_display(sat.signals[name]), language=language,
                                 caption=texts.signal_name(name, language),
                                 decimals={"share": 1, "reference_mean": 1, "plausible_max": 1,
                                           "forms_per_returned": 3}))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None:
    display(tables.markdown(texts.prose("model", language)))
    display(tables.markdown(texts.model_markdown(sat.model, language)))
    if not sat.model.skipped:
        predictions = texts.localized(sat.model.predictions, language)
        display(tables.table(predictions, language=language,
                             decimals={c: 1 for c in predictions.columns}))

# %%
# NBVAL_CHECK_OUTPUT
if sat is not None and not sat.model.skipped:
    display(tables.markdown(texts.prose("coefficients", language)))
    display(tables.table(sat.model.coefficients.round(3), language=language,
                         decimals={"log_odds": 3, "std_error": 3, "odds_ratio": 3}))

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    display(tables.markdown(texts.prose("part_b", language)))
    display(tables.markdown(texts.relation_markdown(real.relation, language)))
    display(tables.table(texts.localized(real.units, language), language=language,
                         decimals={"on_time_share": 2, "satisfied_share": 2, "MDHL": 2}))

# %%
if real is not None:
    fig = charts.indicator_scatter(real.units, language=language,
                                   title=texts.chart_title("scatter", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("scatter_chart", language)))

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    display(tables.markdown(texts.prose("mdhl_rule", language)))
    display(tables.table(real.decomposition, language=language,
                         decimals={"satisfied_share": 2, "points_54": 2, "MDHL": 2, "rest": 2}))

# %%
# NBVAL_CHECK_OUTPUT
if real is not None:
    display(tables.markdown(texts.prose("provinces", language)))
    display(tables.table(texts.localized(real.distribution, language), language=language,
                         decimals={"MDHL": 2}))
    display(tables.table(real.provinces, language=language,
                         decimals={"MDHL": 2, "total_score": 2, "share_of_max": 1}))

# %%
if real is not None:
    fig = charts.province_mdhl(real.provinces, language=language,
                               title=texts.chart_title("provinces", title, language))
    display(fig)
    plt.close(fig)
    display(tables.markdown(texts.prose("provinces_chart", language)))

# %% [markdown] tags=["lang-en"]
# ## Findings
#
# Every finding this report hands to the batch index: offices a signal flags (warnings naming
# the office), signals that cannot be tested here, and what the 766 figures show.

# %% [markdown] tags=["lang-vi"]
# ## Các kết quả
#
# Mọi kết quả mà báo cáo này chuyển vào danh mục chung của lần chạy: các đơn vị bị một dấu hiệu
# đánh dấu (cảnh báo có nêu tên đơn vị), các dấu hiệu không kiểm định được ở đây, và những gì số
# liệu 766 cho thấy.

# %%
# NBVAL_CHECK_OUTPUT
for f in findings:
    print(f"{f.id} [{f.severity}/{f.status}] {f.unit_code + ': ' if f.unit_code else ''}"
          f"{f.message_vi if language == 'vi' else f.message_en}")

# %% [markdown] tags=["lang-en"]
# ## Provenance

# %% [markdown] tags=["lang-vi"]
# ## Nguồn gốc báo cáo

# %% tags=["nbval-ignore-output"]
import motcua

print(f"motcua {motcua.__version__}; slug={slug!r}, source={source!r}, "
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
