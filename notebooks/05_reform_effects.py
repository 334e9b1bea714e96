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

# %% [markdown] tags=["lang-vi"]
# # Tác động của cải cách: tỷ lệ giải quyết đúng hạn có thay đổi không, và thay đổi bao nhiêu?
#
# Một cải cách — Bộ phận một cửa hiện đại, Trung tâm phục vụ hành chính công hợp nhất, dịch vụ
# công trực tuyến mức độ 4, một nghị định mới — được các đơn vị cấp xã áp dụng vào những thời
# điểm khác nhau. Báo cáo này so sánh kết quả của mỗi xã trước và sau thời điểm chính xã đó áp
# dụng với các xã chưa áp dụng (một **nghiên cứu sự kiện**, event study), và đặt bên cạnh ước
# lượng mà hồi quy hiệu ứng cố định hai chiều (TWFE) thông thường cho ra — ước lượng này bị chệch
# khi các đơn vị áp dụng vào những thời điểm khác nhau và tác động tăng dần theo thời gian. Với
# một cải cách đến với mọi tỉnh cùng một lúc (một nghị định áp dụng toàn quốc) thì không có nhóm
# đối chứng như vậy: phần PAPI của báo cáo chỉ có thể đặt điểm của các tỉnh trước và sau cải cách
# cạnh nhau, kèm những lưu ý rút ra từ đó.
#
# Phần nào được chạy tùy vào tham số `source`: bảng dữ liệu cấp xã (`synthetic_panel` hoặc
# `records`) hay bảng dữ liệu PAPI thật của các tỉnh (`papi`).

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
reform = texts.reform_label(reform_name, reform_date, language)
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
    findings += texts.panel_findings(study, outcome, label, confidence)
else:
    papi = papi_study(outcome, reform_date, window_years, alpha)
    findings += texts.papi_findings(papi.summary, papi.missing, reform_name, reform_date,
                                    confidence)
findings = number_findings(findings, prefix=f"{slug}/05_reform_effects")

# %%
# NBVAL_CHECK_OUTPUT
if source == "synthetic_panel":
    note = texts.data_note(source, language=language, synthetic_label=panel.attrs[
        "synthetic_label"], seed=seed, effect=effect)
elif is_panel:
    note = texts.data_note(source, language=language, synthetic=synthetic,
                           records_dir=records_dir, convention=convention,
                           period=(records.period_start, records.period_end))
else:
    note = texts.data_note(source, language=language, reform=reform, reform_date=reform_date)
display(tables.markdown(note))

# %% [markdown] tags=["lang-en"]
# ## The panel and the design
#
# Who adopted when, who serves as the comparison, and how many clusters the intervals rest on.
# A cluster is a group of units whose shocks may be shared (a district's communes answer to
# the same district office); intervals must allow for that, and with 10–20 clusters ordinary
# cluster-robust intervals are too narrow, so every interval here comes from a wild cluster
# bootstrap.

# %% [markdown] tags=["lang-vi"]
# ## Bảng dữ liệu và thiết kế nghiên cứu
#
# Đơn vị nào áp dụng khi nào, đơn vị nào làm nhóm đối chứng, và khoảng tin cậy dựa trên bao nhiêu
# cụm. Một cụm là một nhóm đơn vị có thể cùng chịu những biến động chung (các xã của một huyện
# cùng chịu sự chỉ đạo của một huyện); khoảng tin cậy phải tính đến điều đó, và với 10–20 cụm thì
# khoảng tin cậy vững theo cụm thông thường quá hẹp, vì vậy mọi khoảng tin cậy ở đây đều được tính
# bằng bootstrap cụm kiểu wild (wild cluster bootstrap).

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.markdown(texts.design_markdown(study, outcome, cluster, label, language)))
    display(tables.table(study.cohorts, language=language))
else:
    print(texts.not_in_run("no_panel", language))

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-vi"]
# ## Nghiên cứu sự kiện (event study)
#
# Mỗi chấm là mức thay đổi ước lượng của chỉ số kết quả sau khi áp dụng một số tháng nhất định, so
# với tháng ngay trước khi áp dụng (−1), lấy trung bình trên các đợt áp dụng được quan sát đến mốc
# đó (trọng số tương tác của Sun & Abraham). Các chấm bên trái đường chấm chấm là **kiểm định xu
# hướng song song**: trước khi áp dụng, nhóm áp dụng và nhóm đối chứng không được tách xa nhau, nên
# các chấm này phải nằm quanh 0. Dấu nhân màu đỏ là nghiên cứu sự kiện theo hồi quy hiệu ứng cố định
# hai chiều (TWFE) thông thường trên cùng dữ liệu; đường màu xanh lá, trên bảng dữ liệu GIẢ LẬP,
# là tác động đã được cài sẵn. Biểu đồ cho thấy các ước lượng thay đổi thế nào theo thời gian kể
# từ khi áp dụng; nó không chứng minh rằng cải cách gây ra các thay đổi đó — chỉ cho thấy nhóm áp
# dụng và nhóm chưa áp dụng tách nhau sau khi áp dụng chứ không phải trước đó.

# %%
if is_panel:
    fig = charts.event_study_chart(study.events,
                                   outcome_label=texts.outcome_label(outcome, language),
                                   n_clusters=study.n_clusters, title=title, language=language,
                                   confidence=confidence)
    display(fig)
    plt.close(fig)

# %% [markdown] tags=["lang-en"]
# The figures the chart draws (proportions; `n_clusters` beside every interval):

# %% [markdown] tags=["lang-vi"]
# Các con số mà biểu đồ vẽ (dạng tỷ lệ, chưa nhân 100; số cụm ghi cạnh mỗi khoảng tin cậy):

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.table(study.events, language=language,
                         decimals={c: 4 for c in ("estimate", "ci_low", "ci_high",
                                                  "twfe_dynamic", "true_effect")}))
else:
    print(texts.not_in_run("other", language))

# %% [markdown] tags=["lang-en"]
# ## The overall effect, and the naive estimate beside it

# %% [markdown] tags=["lang-vi"]
# ## Tác động chung, và ước lượng thông thường đặt bên cạnh

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    display(tables.table(texts.localized(study.overall, language), language=language,
                         decimals={c: 4 for c in ("estimate", "ci_low", "ci_high",
                                                  "true_effect")}))
    display(tables.markdown(texts.overall_markdown(study, language, confidence)))
else:
    print(texts.not_in_run("other", language))

# %% [markdown] tags=["lang-en"]
# ## Across the 2025 restructuring
#
# On 1 July 2025 communes were merged (10,035 became 3,321) and districts abolished. A series
# kept for a pre-merger commune continues under the post-merger commune that absorbed it
# (`vietnamadminunits` crosswalk): the dossier counts of the merged communes are **summed** per
# month and the rates recomputed from the sums (pooled, not averaged); a commune divided among
# several new ones goes whole to its main successor; a merged commune counts as adopting when
# its first part adopted (flagged `mixed` where its parts adopted at different dates). Which
# of this panel's communes were merged, and into what:

# %% [markdown] tags=["lang-vi"]
# ## Qua đợt sắp xếp đơn vị hành chính năm 2025
#
# Từ ngày 1/7/2025 các xã được sáp nhập (10.035 xã còn 3.321) và cấp huyện bị bãi bỏ. Chuỗi số
# liệu của một xã trước sáp nhập được nối tiếp dưới xã sau sáp nhập đã tiếp nhận nó (bảng chuyển
# đổi `vietnamadminunits`): số hồ sơ của các xã được sáp nhập được **cộng lại** theo từng tháng và
# tỷ lệ được tính lại từ các tổng đó (gộp chung, không lấy trung bình); một xã bị chia cho nhiều
# xã mới thì cả chuỗi số liệu chuyển sang xã kế thừa chính; một xã sau sáp nhập được coi là đã áp
# dụng từ khi phần đầu tiên của nó áp dụng (đánh dấu `mixed` khi các phần áp dụng vào những ngày
# khác nhau). Những xã nào của bảng dữ liệu này đã được sáp nhập, và sáp nhập vào đâu:

# %%
# NBVAL_CHECK_OUTPUT
if is_panel:
    mapping = xwalk.merger_map(panel["unit_code"].unique())
    merged = xwalk.merged_units(mapping)
    post = xwalk.to_post_merger(panel, mapping)
    post_adoption = xwalk.post_merger_adoption(adoption_table(
        panel.drop_duplicates("unit_code")[["unit_code", "adopted_on"]]), mapping)
    display(tables.markdown(texts.merger_markdown(mapping, post, merged, post_adoption,
                                                  language)))
    display(tables.table(merged, language=language))
else:
    print(texts.not_in_run("papi_below", language))

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-vi"]
# ## PAPI: thủ tục hành chính công và cung ứng dịch vụ công, 2011–2024
#
# Hằng năm PAPI hỏi một mẫu người dân ở mỗi tỉnh về trải nghiệm của họ khi làm việc với cơ quan
# nhà nước; điểm một chỉ số nội dung (1–10) là tổng điểm các chỉ số nội dung thành phần của nó.
# Chỉ số nội dung 5 (*thủ tục hành chính công*) gồm chứng thực, xác nhận, cấp phép xây dựng (đến
# năm 2020), cấp giấy chứng nhận quyền sử dụng đất và các thủ tục hành chính cá nhân ở cấp xã; chỉ
# số nội dung 6 (*cung ứng dịch vụ công*) gồm y tế, giáo dục tiểu học, cơ sở hạ tầng và an ninh,
# trật tự. Biểu đồ thể hiện điểm trung bình của các tỉnh trong mỗi vùng (đường mảnh) và của tất cả
# các tỉnh (đường đậm); đường nét đứt đánh dấu năm cải cách, các đường chấm chấm đánh dấu những lần
# PAPI thay đổi bộ chỉ số (2018: chỉ số nội dung và chỉ báo mới; 2021: chỉ số nội dung 5 bỏ phần
# cấp phép xây dựng). Biểu đồ cho thấy trải nghiệm trung bình do người dân tự đánh giá đã thay đổi
# thế nào; nó không cho biết vì sao.

# %%
if not is_panel:
    names = (texts.DIMENSION_NAMES_VI if language == "vi"
             else {k: v[0] for k, v in effects_papi.DIMENSIONS.items()})
    fig = charts.papi_trends_chart(papi.trends, reform_year=papi.reform_year, labels=names,
                                   language=language)
    display(fig)
    plt.close(fig)

# %% [markdown] tags=["lang-en"]
# The national means the chart draws, and the codebook and the gaps behind them:

# %% [markdown] tags=["lang-vi"]
# Các giá trị trung bình toàn quốc mà biểu đồ vẽ, cùng bộ chỉ số và những chỗ thiếu số liệu đằng
# sau chúng:

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
    print(texts.not_in_run("no_papi", language))

# %% [markdown] tags=["lang-en"]
# Every province's score on the studied dimension, by region (blank: missing in the PAPI files):

# %% [markdown] tags=["lang-vi"]
# Điểm của từng tỉnh ở chỉ số nội dung được nghiên cứu, theo vùng (để trống: dữ liệu PAPI không
# có):

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    trends = effects_papi.province_trends(papi.scores, outcome)
    display(tables.table(texts.localized(trends, language), language=language,
                         decimals={c: 2 for c in trends.columns[2:]}))
else:
    print(texts.not_in_run("other", language))

# %% [markdown] tags=["lang-en"]
# ## PAPI before and after the reform
#
# Each province's mean score in the survey years before the reform against its mean in the
# years after (the reform year itself left out), averaged over provinces with a t interval;
# the same comparison around an earlier year with no such reform (the placebo) shows how much
# the index drifts over the same span without it. The chart shows the changes by region; it
# cannot show an effect of the reform: every province was treated at once, so there is no
# comparison group, and PAPI's 2018 codebook change falls in the same year.

# %% [markdown] tags=["lang-vi"]
# ## PAPI trước và sau cải cách
#
# Điểm trung bình của mỗi tỉnh trong các năm khảo sát trước cải cách được so với điểm trung bình
# trong các năm sau (bỏ qua chính năm cải cách), rồi lấy trung bình trên các tỉnh kèm khoảng tin
# cậy t; cùng phép so sánh đó quanh một năm sớm hơn không có cải cách như vậy (placebo) cho thấy
# chỉ số tự dao động bao nhiêu trong cùng một khoảng thời gian khi không có cải cách. Biểu đồ thể
# hiện các thay đổi theo vùng; nó không thể cho thấy tác động của cải cách: mọi tỉnh đều chịu tác
# động cùng một lúc nên không có nhóm đối chứng, và lần thay đổi bộ chỉ số năm 2018 của PAPI rơi
# đúng vào năm đó.

# %%
if not is_panel:
    fig = charts.change_chart(papi.summary, title=reform, language=language)
    display(fig)
    plt.close(fig)

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    shown = papi.summary[["comparison", "dimension", "region", "mean_change", "ci_low",
                          "ci_high", "n_provinces"]]
    display(tables.table(texts.localized(shown, language), language=language,
                         decimals={"mean_change": 3, "ci_low": 3, "ci_high": 3}))
else:
    print(texts.not_in_run("other", language))

# %% [markdown] tags=["lang-en"]
# Each province's change on the studied dimension (mean after − mean before the reform):

# %% [markdown] tags=["lang-vi"]
# Thay đổi của từng tỉnh ở chỉ số nội dung được nghiên cứu (trung bình sau − trung bình trước cải
# cách):

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    display(tables.table(texts.localized(papi.changes, language), language=language,
                         decimals={"before": 3, "after": 3, "change": 3}))
else:
    print(texts.not_in_run("other", language))

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-vi"]
# **Những lưu ý với một chỉ số cấp tỉnh do người dân tự đánh giá.** (1) Điểm số là trung bình
# những gì một mẫu người dân *trả lời*; chúng thay đổi theo kỳ vọng của người dân chứ không chỉ
# theo chất lượng dịch vụ, và một mẫu vài trăm người mỗi tỉnh có sai số chọn mẫu mà các khoảng tin
# cậy ở đây, tính trên các tỉnh, không bao gồm. (2) Mỗi tỉnh mỗi năm chỉ có một điểm: điểm đó không
# cho biết xã hay cơ quan nào đã thay đổi. (3) Một cải cách toàn quốc đến với mọi tỉnh cùng một
# lúc; chênh lệch trước/sau trộn lẫn cải cách với mọi thứ khác đã thay đổi trong những năm đó. (4)
# Bộ chỉ số của PAPI thay đổi năm 2018 (năm của cải cách được chọn ở đây) và lại thay đổi năm 2021,
# nên không thể so sánh chặt chẽ mức điểm giữa các năm đó. (5) Một số tỉnh thiếu số liệu ở một số
# năm (bảng ở trên); các giá trị trung bình chỉ tính trên những tỉnh có số liệu.
#
# Qua đợt sắp xếp đơn vị hành chính năm 2025, 63 tỉnh, thành phố còn 34. Các chuỗi số liệu PAPI ở
# trên là của 63 tỉnh cũ; chuỗi số liệu của một tỉnh sau sáp nhập sẽ phải gộp các phần của nó, và
# vì điểm PAPI là trung bình trên người trả lời chứ không phải số đếm, chúng phải được gia quyền
# theo dân số — điều mà bộ dữ liệu này không có. Các tỉnh đã sáp nhập:

# %%
# NBVAL_CHECK_OUTPUT
if not is_panel:
    pmap = xwalk.province_merger_map(sorted(papi.provinces["province_code"]))
    grouped = xwalk.merged_provinces(pmap)
    display(tables.table(grouped, language=language))
else:
    print(texts.not_in_run("other", language))

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
for f in findings:
    print(f"{f.id} [{f.severity}/{f.status}] "
          f"{f.message_vi if language == 'vi' else f.message_en}")

# %% [markdown] tags=["lang-en"]
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

# %% [markdown] tags=["lang-vi"]
# ## Phương pháp
#
# - **Nghiên cứu sự kiện:** Sun & Abraham (2021), ước lượng trọng số tương tác với nhóm đối chứng
#   là các đơn vị không bao giờ áp dụng (nếu không có thì là đợt áp dụng cuối cùng), qua thư viện
#   `diff-diff` 3.13.0; cùng hồi quy đó được dựng lại trong `motcua.analysis.effects` để chạy
#   bootstrap cho các tổng có trọng số của các hệ số, và được đối chiếu với thư viện trong mỗi lần
#   chạy.
# - **Khoảng tin cậy:** bootstrap cụm kiểu wild có ràng buộc (Cameron, Gelbach & Miller 2008) với
#   trọng số Webb và phép nghịch đảo kiểm định (`diff_diff.wild_bootstrap_se`), theo huyện hoặc
#   theo xã; số cụm được ghi cạnh mỗi khoảng tin cậy.
# - **TWFE thông thường:** một biến giả "đã áp dụng" với hiệu ứng cố định theo đơn vị và theo
#   tháng (và một phiên bản theo thời gian kể từ khi áp dụng), để so sánh (Goodman-Bacon 2021 giải
#   thích vì sao ước lượng này bị chệch khi các đơn vị áp dụng vào những thời điểm khác nhau).
# - **PAPI:** điểm chỉ số nội dung = tổng điểm các chỉ số nội dung thành phần; trung bình trên các
#   tỉnh; khoảng tin cậy t trên các tỉnh; các vùng theo Nghị quyết 81/2023/QH15.
# - **Sắp xếp đơn vị hành chính năm 2025:** bảng chuyển đổi của `vietnamadminunits` 1.0.4, số đếm
#   được cộng lại theo từng đơn vị mới.

# %% [markdown] tags=["lang-en"]
# ## Provenance

# %% [markdown] tags=["lang-vi"]
# ## Nguồn gốc báo cáo

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
