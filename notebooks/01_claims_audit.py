# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-vi"]
# # Kiểm tra số liệu công bố: các con số có khớp nhau không?
#
# Báo cáo này đối chiếu các số liệu mà một địa phương công bố về Bộ phận một cửa của mình: phần
# so với tổng, tỷ lệ so với các số đếm, các tỷ lệ cộng lại so với 100%, mỗi con số so với độ chính
# xác mà cách làm tròn cho phép (GRIM), chỉ tiêu so với kết quả, và kỳ số liệu so với ngày công bố.
# Nếu có dữ liệu hồ sơ (dữ liệu xuất từ phần mềm một cửa, phiếu khảo sát), mỗi số liệu mà dữ liệu
# có thể kiểm chứng được tính lại theo từng cách tính tỷ lệ đúng hạn.
#
# Mức độ: **sai** — phép tính không thể đúng; **cần xem** — cần thanh tra viên xem xét;
# **thông tin** — khớp, hoặc bối cảnh. Mỗi quy tắc, nguồn và giới hạn của nó được liệt kê ở mục
# *Phương pháp* cuối báo cáo.

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
display(tables.markdown(report.source_markdown(register, title, language)))
display(tables.markdown(report.records_markdown(records, language)))

# %% [markdown] tags=["lang-en"]
# ## Summary
#
# How many findings of each kind, and for each check how many hold, fail, need the records,
# were derived from the article's own numbers, or cannot be tested with what the article gives.

# %% [markdown] tags=["lang-vi"]
# ## Tóm tắt
#
# Số kết quả kiểm tra theo từng mức, và với mỗi phép kiểm tra: bao nhiêu khớp, bao nhiêu không
# khớp, bao nhiêu cần dữ liệu hồ sơ, được suy ra từ chính số liệu của bài viết, hoặc không kiểm tra
# được với những gì bài viết nêu.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.headline(findings, language)))
display(tables.table(report.verdict_table(findings).reset_index(), language=language))

# %% [markdown] tags=["lang-en"]
# ## What needs attention
#
# Each failed or flagged finding, with the sentence it comes from, the arithmetic, and the
# reason.

# %% [markdown] tags=["lang-vi"]
# ## Những điểm cần chú ý
#
# Mỗi kết quả sai hoặc cần xem, kèm câu trích dẫn, phép tính và lý do.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.findings_markdown(findings, ("fail", "warning"), language)))

# %% [markdown] tags=["lang-en"]
# ## The article beside its arithmetic
#
# The source article, with every figure that takes part in a finding highlighted in the colour
# of its most severe finding and linked to it; the findings follow the text.

# %% [markdown] tags=["lang-vi"]
# ## Bài viết và phép tính
#
# Bài viết gốc, mỗi con số có trong một kết quả kiểm tra được tô màu theo mức nặng nhất của nó
# và liên kết tới kết quả đó; danh sách kết quả ở sau bài.

# %%
# NBVAL_CHECK_OUTPUT
for view in report.article_views(register, findings, language):
    display(view)

# %% [markdown] tags=["lang-en"]
# ## On-time rates: claimed and recomputed
#
# Where the article gives counts, the rate is recomputed from them (dots). A claimed rate is
# drawn as the interval its rounding allows (bar); a target as a green tick. A dot outside its
# bar, or left of its target, is a finding above.

# %% [markdown] tags=["lang-vi"]
# ## Tỷ lệ đúng hạn: công bố và tính lại
#
# Khi bài viết nêu các số đếm, tỷ lệ được tính lại từ chúng (chấm tròn). Tỷ lệ công bố được vẽ
# thành khoảng mà cách làm tròn cho phép (thanh); chỉ tiêu là vạch xanh. Chấm nằm ngoài thanh,
# hoặc bên trái chỉ tiêu, là một kết quả đã nêu ở trên.

# %%
points = plots.rate_points(findings)
fig = plots.rates_chart(points, title=title)
display(fig)
plt.close(fig)

# %% [markdown] tags=["lang-en"]
# The figures the chart draws (percent):

# %% [markdown] tags=["lang-vi"]
# Các con số mà biểu đồ vẽ (phần trăm):

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(points, language=language))

# %% [markdown] tags=["lang-en"]
# ## Claims against the records
#
# Each claim the records can speak to, recomputed from them. A published on-time rate depends
# on how it was computed (docs/domain.md §1.5): the QĐ 766 rule (`qd766`), "100% minus late over all
# to handle" (`to_handle`), over dossiers due in the period (`due_in_period`), over resolved
# dossiers only (`resolved_only`), or over dossiers received in the period and followed to the
# end (`received_cohort`, the form "received X, resolved on time Y" takes). A claim that holds
# under some conventions only is a warning that names them.

# %% [markdown] tags=["lang-vi"]
# ## Đối chiếu số liệu công bố với dữ liệu hồ sơ
#
# Mỗi số liệu mà dữ liệu hồ sơ có thể kiểm chứng, được tính lại từ hồ sơ. Tỷ lệ đúng hạn công bố
# phụ thuộc vào cách tính (docs/domain.md §1.5): quy tắc QĐ 766 (`qd766`), "100% trừ tỷ lệ trễ
# trên tổng hồ sơ cần xử lý" (`to_handle`), trên hồ sơ đến hạn trong kỳ (`due_in_period`), chỉ
# trên hồ sơ đã giải quyết (`resolved_only`), hoặc trên hồ sơ tiếp nhận trong kỳ và theo dõi đến
# khi kết thúc (`received_cohort`, dạng "tiếp nhận X, giải quyết đúng hạn Y"). Số liệu chỉ khớp
# theo một vài cách tính là một kết quả cần xem, có nêu tên các cách tính đó.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(report.records_markdown(records, language)))
display(tables.table(report.records_table(record_table), language=language))

# %%
fig = plots.records_chart(record_table, title=title)
display(fig)
plt.close(fig)

# %% [markdown] tags=["lang-en"]
# How far apart the conventions put the on-time rate of each unit, from the same records: the
# choice of convention alone can move a published rate by this much.

# %% [markdown] tags=["lang-vi"]
# Các cách tính cho tỷ lệ đúng hạn của mỗi đơn vị chênh nhau bao nhiêu, trên cùng một bộ hồ
# sơ: chỉ riêng việc chọn cách tính đã có thể làm tỷ lệ công bố thay đổi chừng này.

# %%
# NBVAL_CHECK_OUTPUT
print(report.gaps_text(gaps))

# %% [markdown] tags=["lang-en"]
# ## Checks that hold, and context
#
# The long tail: figures that add up, rates derived from counts, and what each figure
# implies about the number of dossiers or respondents behind it.

# %% [markdown] tags=["lang-vi"]
# ## Các phép kiểm tra khớp, và bối cảnh
#
# Phần còn lại: các con số cộng lại khớp, tỷ lệ suy ra từ số đếm, và mỗi con số cho biết điều gì
# về số hồ sơ hoặc số người trả lời đứng sau nó.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(report.findings_table(findings, ("info",), language), language=language))

# %% [markdown] tags=["lang-en"]
# ## The claims
#
# Every numeric claim in the register, with the value exactly as written. The Vietnamese
# quotes are in the register file (`data/claims/`).

# %% [markdown] tags=["lang-vi"]
# ## Các số liệu công bố
#
# Mọi số liệu trong sổ, với giá trị đúng như được viết. Câu trích dẫn tiếng Việt nằm trong tệp sổ
# (`data/claims/`).

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(report.claims_table(register.claims), language=language))

# %% [markdown] tags=["lang-en"]
# ## Finding index
#
# A stable one-line list of every finding (used by the regression tests).

# %% [markdown] tags=["lang-vi"]
# ## Danh mục kết quả
#
# Mỗi kết quả một dòng, ổn định (dùng cho kiểm thử hồi quy).

# %%
# NBVAL_CHECK_OUTPUT
print(report.findings_brief(findings))

# %% [markdown] tags=["lang-en"]
# ## Methods
#
# The rule behind each check, with its source and limits.

# %% [markdown] tags=["lang-vi"]
# ## Phương pháp
#
# Quy tắc của mỗi phép kiểm tra, với nguồn và giới hạn của nó (bằng tiếng Anh).

# %%
display(tables.markdown(report.methods_markdown()))

# %% [markdown] tags=["lang-en"]
# ## Provenance

# %% [markdown] tags=["lang-vi"]
# ## Nguồn gốc báo cáo

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
