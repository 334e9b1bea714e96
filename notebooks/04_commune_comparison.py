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

# %% [markdown] tags=["lang-vi"]
# # So sánh các đơn vị: đơn vị nào thực sự khác biệt so với các đơn vị cùng cấp?
#
# Huyện xếp hạng các xã, tỉnh xếp hạng các huyện và các sở ngành, còn Cổng Dịch vụ công quốc gia
# xếp hạng mọi đơn vị theo điểm đánh giá theo QĐ 766. Một bảng xếp hạng theo tỷ lệ thô thưởng cho
# sự may mắn: một xã có 40 hồ sơ, không hồ sơ nào trễ hạn, đứng trên một xã có 4.000 hồ sơ và 12
# hồ sơ trễ hạn. Báo cáo này so sánh các đơn vị theo cách các cơ quan quản lý y tế so sánh các
# bệnh viện:
#
# - **biểu đồ phễu** (funnel plot) đặt tỷ lệ của mỗi đơn vị cạnh số lượng hồ sơ của nó, với các
#   giới hạn kiểm soát quanh mức chuẩn chung, hẹp dần khi số lượng tăng lên (95% và 99,8%, theo
#   phân phối nhị thức chính xác; Spiegelhalter 2005). Nếu các đơn vị khác nhau nhiều hơn mức mà
#   sai số chọn mẫu cho phép (phân tán quá mức), các giới hạn được nới rộng theo độ phân tán giữa
#   các đơn vị; nếu chúng khác nhau *ít hơn* mức sai số chọn mẫu cho phép, thì bản thân điều đó
#   đã là một phát hiện;
# - **ước lượng co rút** kéo tỷ lệ thô của mỗi đơn vị về phía giá trị trung bình, càng mạnh khi
#   đơn vị càng ít hồ sơ (co rút Bayes thực nghiệm), và cho biết xác suất mỗi đơn vị thực sự
#   thuộc nhóm 1/4 cao nhất hoặc thấp nhất.
#
# Các đơn vị, các chỉ số và nguồn dữ liệu (dữ liệu hồ sơ GIẢ LẬP, hoặc số liệu công khai thật) lấy
# từ tệp tham số. Phương pháp và giới hạn của chúng được liệt kê ở cuối báo cáo.

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

from motcua.analysis import comparison_findings, load_comparisons
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
display(tables.markdown(charts.source_markdown(source, records, level, language)))

# %% [markdown] tags=["lang-en"]
# ## Summary
#
# How many findings of each kind. A **warning** names a unit outside the outer (99.8 %) limits,
# or a set of units more alike than chance allows; **info** gives the spread between units and
# how sure the first and last places are.

# %% [markdown] tags=["lang-vi"]
# ## Tóm tắt
#
# Số kết quả của mỗi loại. Mức **cần xem** nêu tên một đơn vị nằm ngoài giới hạn ngoài (99,8%),
# hoặc một nhóm đơn vị giống nhau hơn mức ngẫu nhiên cho phép; mức **thông tin** cho biết độ phân
# tán giữa các đơn vị và mức độ chắc chắn của vị trí đứng đầu và đứng cuối.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.markdown(charts.headline_markdown(findings, language)))
display(tables.markdown(charts.warnings_markdown(findings, language)))

# %% [markdown] tags=["lang-en"]
# ## Spread between units
#
# For each indicator: the target (the pooled rate, or the mean score, of the units that are not
# among the most extreme tenth at either end, so that one far-off unit cannot drag it; the plain
# pooled value beside it), φ (the mean squared z-score after pulling in the outer 10 % at each
# end; about 1 when the units differ only by chance), τ (the between-unit spread that widens
# the limits) and two tests of the untrimmed z-scores: "too alike" (a small p means the rates
# vary less than sampling allows) and "too spread" (a small p means genuine differences between
# units).

# %% [markdown] tags=["lang-vi"]
# ## Độ phân tán giữa các đơn vị
#
# Với mỗi chỉ số: mức chuẩn (tỷ lệ gộp chung, hoặc điểm trung bình, của các đơn vị không thuộc
# nhóm một phần mười cực đoan nhất ở mỗi đầu, để một đơn vị cách xa không thể kéo lệch nó; giá trị
# gộp chung thông thường đặt bên cạnh), φ (trung bình bình phương điểm z sau khi kéo 10% ngoài cùng
# ở mỗi đầu vào trong; xấp xỉ 1 khi các đơn vị chỉ khác nhau do ngẫu nhiên), τ (độ phân tán giữa
# các đơn vị, dùng để nới rộng các giới hạn) và hai kiểm định trên các điểm z chưa cắt bớt: "quá
# giống nhau" (p nhỏ nghĩa là các tỷ lệ biến động ít hơn mức sai số chọn mẫu cho phép) và "quá phân
# tán" (p nhỏ nghĩa là các đơn vị thực sự khác nhau).

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.dispersion_display(c, language), language=language,
                         caption=charts.caption(c, language), decimals=charts.DECIMALS))

# %% [markdown] tags=["lang-en"]
# ## Funnel plots
#
# Each dot is a unit: its rate against its number of dossiers (or forms), or for published
# scores its score against its rank. The dashed lines are the 95 % limits, the solid ones the
# 99.8 % limits in force; a unit outside the solid lines is further from its peers than chance
# allows. A funnel shows who differs, not why: case mix, a different way of counting, or a
# data problem can put a unit outside as surely as its performance can.

# %% [markdown] tags=["lang-vi"]
# ## Biểu đồ phễu
#
# Mỗi chấm là một đơn vị: tỷ lệ của nó theo số hồ sơ (hoặc số phiếu), hoặc với điểm số công bố thì
# điểm của nó theo thứ hạng. Các đường nét đứt là giới hạn 95%, các đường liền là giới hạn 99,8%
# đang áp dụng; một đơn vị nằm ngoài các đường liền thì cách xa các đơn vị cùng cấp hơn mức ngẫu
# nhiên cho phép. Biểu đồ phễu cho thấy đơn vị nào khác biệt, không cho biết vì sao: cơ cấu hồ sơ,
# một cách đếm khác hay một lỗi dữ liệu cũng có thể đẩy một đơn vị ra ngoài chẳng kém gì kết quả
# làm việc của nó.

# %%
for c in comparisons:
    fig = charts.funnel_chart(c, title=f"{title}: {charts.caption(c, language)}",
                              language=language)
    display(fig)
    plt.close(fig)

# %% [markdown] tags=["lang-en"]
# The units the funnel plots draw (rates and limits in percent), lowest z-score first:

# %% [markdown] tags=["lang-vi"]
# Các đơn vị mà biểu đồ phễu vẽ (tỷ lệ và giới hạn tính bằng phần trăm), điểm z thấp nhất
# trước:

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.funnel_display(c, language=language), language=language,
                         caption=charts.caption(c, language), decimals=charts.DECIMALS))

# %% [markdown] tags=["lang-en"]
# ## Shrunken estimates and the uncertainty of ranks
#
# The prior describes how the units' true values are spread (fitted to the units themselves);
# each unit's shrunken estimate is its raw value pulled toward the prior's mean, the more the
# fewer dossiers it has.

# %% [markdown] tags=["lang-vi"]
# ## Ước lượng co rút và độ bất định của thứ hạng
#
# Phân phối tiên nghiệm mô tả giá trị thực của các đơn vị phân tán ra sao (được ước lượng từ chính
# các đơn vị); ước lượng co rút của mỗi đơn vị là giá trị thô của nó được kéo về phía trung bình
# của phân phối tiên nghiệm, càng mạnh khi đơn vị càng ít hồ sơ.

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.prior_display(c, language), language=language,
                         caption=charts.caption(c, language), decimals=charts.DECIMALS))

# %% [markdown] tags=["lang-en"]
# The caterpillar plot orders the units by shrunken estimate, each with its 95 % interval (bar),
# shrunken estimate (dot) and raw value (cross). Overlapping bars mean the order between those
# units is not established; it does not say why a unit sits where it does.

# %% [markdown] tags=["lang-vi"]
# Biểu đồ sâu đo (caterpillar plot) xếp các đơn vị theo ước lượng co rút, mỗi đơn vị có khoảng
# tin cậy 95% (thanh ngang), ước lượng co rút (chấm) và giá trị thô (dấu nhân). Các thanh chồng lên
# nhau nghĩa là thứ tự giữa các đơn vị đó chưa được xác lập; biểu đồ không cho biết vì sao một đơn
# vị đứng ở vị trí của nó.

# %%
for c in comparisons:
    fig = charts.caterpillar_chart(c, title=f"{title}: {charts.caption(c, language)}",
                                   language=language)
    display(fig)
    plt.close(fig)

# %% [markdown] tags=["lang-en"]
# The caterpillar plot's data, with each unit's raw and shrunken rank, its 95 % rank interval,
# the probability that it truly belongs in the top or bottom quarter (posterior simulation) and,
# where the parameter file gives one, its place in the published ranking (counted among the
# units compared here).

# %% [markdown] tags=["lang-vi"]
# Dữ liệu của biểu đồ sâu đo, với thứ hạng thô và thứ hạng sau co rút của mỗi đơn vị, khoảng tin
# cậy 95% của thứ hạng, xác suất đơn vị thực sự thuộc nhóm 1/4 cao nhất hoặc thấp nhất (mô phỏng
# hậu nghiệm) và, nếu tệp tham số có cung cấp, vị trí của đơn vị trong bảng xếp hạng công bố (tính
# trong số các đơn vị được so sánh ở đây).

# %%
# NBVAL_CHECK_OUTPUT
for c in comparisons:
    display(tables.table(charts.rank_display(c), language=language,
                         caption=charts.caption(c, language), decimals=charts.DECIMALS))

# %% [markdown] tags=["lang-en"]
# ## Units not compared
#
# Units of the source left out of the comparison, and why.

# %% [markdown] tags=["lang-vi"]
# ## Các đơn vị không được so sánh
#
# Các đơn vị của nguồn dữ liệu bị loại khỏi phép so sánh, và lý do.

# %%
# NBVAL_CHECK_OUTPUT
display(tables.table(charts.left_out_display(comparisons, language), language=language))

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

# %% [markdown] tags=["lang-vi"]
# ## Phương pháp
#
# - **Giới hạn của biểu đồ phễu** (Spiegelhalter, "Funnel plots for comparing institutional
#   performance", *Statistics in Medicine* 24:1185, 2005, Phụ lục A.1.1): phân vị nhị thức chính
#   xác quanh mức chuẩn, nội suy giữa các số đếm; một đơn vị nằm ngoài khi xác suất có một số đếm
#   cực đoan ít nhất như vậy ở phía đó nhỏ hơn 2,5% (95%) hoặc 0,1% (99,8%).
# - **Mức chuẩn**: tỷ lệ gộp chung của các đơn vị có điểm z ở lượt tính đầu nằm giữa phân vị thứ
#   10 và thứ 90 của chúng (những đơn vị mà phép Winsor hóa giữ nguyên). FunnelPlotR gộp tất cả
#   các đơn vị; khi đó một đơn vị lớn, giải quyết chậm sẽ kéo mức chuẩn về phía mình và ẩn vào
#   trong các giới hạn đã nới rộng (Jones & Spiegelhalter, *The American Statistician* 65:154,
#   2011, về việc các giá trị ngoại lai tự che giấu mình).
# - **Phân tán quá mức** (Spiegelhalter, *Quality and Safety in Health Care* 14:347, 2005, như
#   gói FunnelPlotR của NHS-R triển khai): điểm z trên thang asin √p, Winsor hóa 10% ở mỗi đuôi;
#   φ = trung bình của z²; τ² theo dạng DerSimonian–Laird khi K·φ > K − 1; giới hạn áp dụng khi
#   đó là giới hạn rộng hơn trong hai giới hạn: giới hạn chính xác và
#   sin²(asin √θ ± z √(1/(4n) + τ²)).
# - **Quá giống nhau**: Σz² chưa cắt bớt so với phân phối χ² với K − 1 bậc tự do; dưới phân vị
#   0,1% của phân phối đó, các tỷ lệ biến động ít hơn mức mà sai số chọn mẫu nhị thức cho phép.
# - **Điểm số công bố** (QĐ 766, PAPI) không có số đếm: nhiễu của một điểm số là mức dao động từ
#   năm này sang năm khác, ngoài mức dịch chuyển chung của mọi đơn vị (bình phương tối thiểu,
#   điểm ~ đơn vị + năm, trên các năm của bảng dữ liệu), và mọi đơn vị nhận cùng sai số chuẩn đó.
# - **Co rút** (Goldstein & Spiegelhalter 1996, *JRSS A* 159:385): phân phối tiên nghiệm
#   beta-nhị thức ước lượng bằng hợp lý cực đại (số đếm) hoặc phân phối tiên nghiệm chuẩn với τ²
#   DerSimonian–Laird (điểm số); thứ hạng và xác suất thuộc nhóm 1/4 tính từ các lần rút hậu
#   nghiệm (với hạt giống ngẫu nhiên cố định).
# - **Giới hạn của phương pháp**: mức chuẩn được ước lượng từ chính các đơn vị đó; với ít hơn
#   10–20 đơn vị thì φ ít có ý nghĩa; không có điều chỉnh nào theo cơ cấu hồ sơ; một đơn vị bị
#   đánh dấu là đơn vị cần xem xét, không phải bằng chứng về làm việc kém hay gian lận số liệu;
#   phép co rút cũng kéo cả những đơn vị thực sự khác biệt về gần trung bình.

# %% [markdown] tags=["lang-en"]
# ## Provenance

# %% [markdown] tags=["lang-vi"]
# ## Nguồn gốc báo cáo

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
