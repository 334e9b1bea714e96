"""The words of the satisfaction report (``notebooks/02_satisfaction``) in English and Vietnamese.

Part A (survey records) and Part B (the real QĐ 766 figures) are explained here rather than in
Markdown cells, so that a run shows only the part that applies to its ``source``: the notebook
displays :func:`prose` only when that part ran. Sentences built from results (the title line,
the signal counts, the model, the 766 relation) and the values of the tables the report shows
(:func:`localized`) are here too; column headings are in ``motcua.reports.tables``.
"""

from __future__ import annotations

import re

import pandas as pd

from motcua.analysis.satisfaction import LEVEL_NAMES
from motcua.vn.numbers import fmt_vi

LANGUAGES = ("en", "vi")

#: Explanations of Part A and Part B, shown before (or after) the table or chart they explain.
PROSE = {
    "part_a": (
        "## Part A. Survey records\n\n### Answers by office\n\nEach office's headline answers "
        "(the `overall` criterion, or each form's first), the share very satisfied, and its "
        "interval. The intervals are **simultaneous** (Goodman 1965, statsmodels "
        "`multinomial_proportions_confint`): all levels of one office are covered together at "
        "the stated confidence, so they are wider than one binomial interval per level.",
        "## Phần A. Dữ liệu phiếu khảo sát\n\n### Câu trả lời theo đơn vị\n\nCâu trả lời chính "
        "của mỗi đơn vị (tiêu chí `overall`, hoặc tiêu chí đầu tiên của mỗi phiếu), tỷ lệ rất "
        "hài lòng và khoảng tin cậy của tỷ lệ đó. Đây là **khoảng tin cậy đồng thời** (Goodman "
        "1965, hàm `multinomial_proportions_confint` của statsmodels): mọi mức trả lời của một "
        "đơn vị được bao phủ cùng lúc ở độ tin cậy đã nêu, nên chúng rộng hơn khoảng tin cậy "
        "nhị thức tính riêng cho từng mức."),
    "by_office_chart": (
        "The chart shows how each office's answers split between the levels, with the number of "
        "forms in each segment; it does not show whether the forms are a fair sample of the "
        "office's dossiers, nor who filled them in.",
        "Biểu đồ cho thấy câu trả lời của mỗi đơn vị chia ra các mức thế nào, kèm số phiếu trong "
        "từng đoạn; biểu đồ không cho biết các phiếu có đại diện đúng cho hồ sơ của đơn vị hay "
        "không, cũng không cho biết ai đã điền phiếu."),
    "breakdowns": (
        "### By month, procedure field and channel",
        "### Theo tháng, lĩnh vực thủ tục và kênh nộp hồ sơ"),
    "breakdowns_chart": (
        "The chart shows the same answers cut by when they were given, the kind of procedure and "
        "how the dossier came in; differences between rows describe these forms and do not show "
        "that the month, field or channel caused them (the model below holds the others fixed).",
        "Biểu đồ chia cùng các câu trả lời đó theo thời điểm trả lời, loại thủ tục và cách hồ sơ "
        "được nộp; chênh lệch giữa các dòng chỉ mô tả các phiếu này, không chứng tỏ tháng, lĩnh "
        "vực hay kênh nộp là nguyên nhân (mô hình ở dưới giữ cố định các yếu tố còn lại)."),
    "criteria": (
        "### Criteria and forms\n\nWhere a form scores several criteria, each criterion is "
        "counted on its own, and each form is also summarised by its worst answer (a form is "
        "only as good as its weakest point).",
        "### Tiêu chí và phiếu\n\nKhi một phiếu chấm nhiều tiêu chí, mỗi tiêu chí được đếm riêng, "
        "và mỗi phiếu còn được tóm tắt bằng câu trả lời kém nhất của nó (một phiếu chỉ tốt bằng "
        "điểm yếu nhất của nó)."),
    "pooled": (
        "### All offices: shares and simultaneous intervals; pooled against averaged\n\nThe "
        "pooled share counts every form once; the average of office shares (\"bình quân\") "
        "counts every office once, however many forms it has. They differ when offices of "
        "different size answer differently, and a published figure may be either.",
        "### Tất cả các đơn vị: tỷ lệ và khoảng tin cậy đồng thời; gộp chung so với bình quân\n\n"
        "Tỷ lệ gộp chung tính mỗi phiếu một lần; tỷ lệ bình quân các đơn vị tính mỗi đơn vị một "
        "lần, dù đơn vị đó có bao nhiêu phiếu. Hai tỷ lệ khác nhau khi các đơn vị có quy mô khác "
        "nhau trả lời khác nhau, và một số liệu đã công bố có thể là một trong hai cách tính."),
    "claims": (
        "### The published satisfaction claims beside the records\n\nEach satisfaction share the "
        "locality published, with how it was aggregated, recomputed from the records both ways, "
        "the records' verdict, and the claims audit's checks of the figure itself (shares adding "
        "to 100%, what the rounding implies about the number of forms, averages over offices, "
        "perfect scores). The second table is the distribution each claim describes.",
        "### Các số liệu hài lòng đã công bố, đặt cạnh dữ liệu phiếu\n\nMỗi tỷ lệ hài lòng mà "
        "địa phương đã công bố, kèm cách gộp, được tính lại từ dữ liệu phiếu theo cả hai cách, "
        "kèm kết luận từ dữ liệu phiếu và các phép kiểm tra chính con số đó của phần rà soát số "
        "liệu (tổng các tỷ lệ bằng 100%, cách làm tròn cho biết gì về số phiếu, bình quân các "
        "đơn vị, điểm tuyệt đối). Bảng thứ hai là phân bố câu trả lời mà mỗi số liệu mô tả."),
    "claims_chart": (
        "The chart shows the records' answers for each place a published share speaks about; it "
        "does not show that the published figure was computed from these forms (the verdict "
        "above says whether it can have been).",
        "Biểu đồ cho thấy câu trả lời trong dữ liệu phiếu ở từng nơi mà một tỷ lệ đã công bố nói "
        "đến; biểu đồ không chứng tỏ con số đã công bố được tính từ chính các phiếu này (kết luận "
        "ở trên cho biết điều đó có thể xảy ra hay không)."),
    "signals": (
        "### Form-quality signals\n\n*Ceiling*: each office's very-satisfied share against the "
        "largest share its peers make plausible for its number of forms (a beta-binomial "
        "reference fitted to the other offices): 100% of 400 forms stands out, 100% of 4 does "
        "not. *Straight-lining*: forms giving every criterion the same answer. *Runs*: answers "
        "clumped in time order. *Bursts*: many forms within minutes on one day. *Forms per "
        "dossier*: more forms or answers than returned dossiers allow. Each flags an office only "
        "when the chance of a false alarm anywhere in the locality is below `signal_alpha`.",
        "### Dấu hiệu chất lượng phiếu\n\n*Tỷ lệ trần*: tỷ lệ rất hài lòng của mỗi đơn vị so với "
        "tỷ lệ cao nhất còn hợp lý với số phiếu của đơn vị đó, xét theo các đơn vị khác (phân phối "
        "tham chiếu beta-nhị thức ước lượng từ các đơn vị khác): 100% trên 400 phiếu là bất "
        "thường, 100% trên 4 phiếu thì không. *Trả lời đồng loạt*: phiếu chấm mọi tiêu chí cùng "
        "một mức. *Chuỗi*: câu trả lời dồn thành cụm theo thứ tự thời gian. *Dồn phiếu*: nhiều "
        "phiếu trong vài phút của cùng một ngày. *Số phiếu so với hồ sơ*: nhiều phiếu hoặc câu "
        "trả lời hơn số hồ sơ đã trả kết quả cho phép. Mỗi dấu hiệu chỉ đánh dấu một đơn vị khi "
        "xác suất báo động nhầm ở bất kỳ đơn vị nào trong địa bàn nhỏ hơn `signal_alpha`."),
    "funnel_chart": (
        "The chart shows each office's very-satisfied share against its number of forms, with "
        "the line above which its peers make a share implausible; a dot above the line is "
        "unusual for its size, which does not prove that its forms were filled in by staff "
        "rather than by delighted citizens.",
        "Biểu đồ cho thấy tỷ lệ rất hài lòng của mỗi đơn vị theo số phiếu của đơn vị, cùng đường "
        "giới hạn mà phía trên nó một tỷ lệ là khó tin so với các đơn vị khác; một chấm nằm trên "
        "đường là bất thường với quy mô của đơn vị, nhưng không chứng minh phiếu do cán bộ điền "
        "thay vì do người dân thật sự rất hài lòng."),
    "other_signals": (
        "The other signals, office by office:",
        "Các dấu hiệu còn lại, theo từng đơn vị:"),
    "model": (
        "### What goes with a better answer: an ordinal model\n\nA proportional-odds (ordered "
        "logit) model of the headline answer on the office, the channel, the procedure field, "
        "the working days from receipt to resolution and whether the dossier was resolved on "
        "time. Results are predicted shares for typical cases (each form's office, field and "
        "waiting time kept, its channel and on-time outcome set), with 95% intervals from "
        "resampling whole offices. Offices whose answers are all alike cannot be fitted and are "
        "left out; rare channels and fields are pooled.",
        "### Yếu tố nào đi kèm câu trả lời tốt hơn: mô hình logit thứ bậc\n\nMô hình logit thứ "
        "bậc (giả định tỷ số chênh không đổi giữa các ngưỡng) của câu trả lời chính theo đơn "
        "vị, kênh nộp, lĩnh vực thủ tục, "
        "số ngày làm việc từ khi tiếp nhận đến khi giải quyết và việc hồ sơ có được giải quyết "
        "đúng hạn hay không. Kết quả là tỷ lệ dự báo cho các trường hợp điển hình (giữ nguyên "
        "đơn vị, lĩnh vực và thời gian chờ của mỗi phiếu, đặt kênh nộp và kết quả đúng hạn), kèm "
        "khoảng tin cậy 95% từ phép lấy mẫu lại theo từng đơn vị. Các đơn vị có mọi câu trả lời "
        "giống nhau không ước lượng được nên bị loại ra; các kênh và lĩnh vực hiếm được gộp lại."),
    "coefficients": (
        "The coefficients (log odds of a better answer against the reference office, channel "
        "and field); for reading signs only, the predicted shares above carry the office-level "
        "uncertainty.",
        "Các hệ số (logarit tỷ số chênh của một câu trả lời tốt hơn so với đơn vị, kênh và lĩnh "
        "vực tham chiếu); chỉ dùng để đọc dấu, còn độ bất định theo đơn vị nằm ở các tỷ lệ dự "
        "báo ở trên."),
    "part_b": (
        "## Part B. The real QĐ 766 satisfaction indicator\n\nThe portal's satisfaction group "
        "(MDHL, 18 of 100 points) for Gia Lai's 14 departments and 7 communes, 2026 to date, and "
        "for the 34 provinces. First, unit by unit: the indicator's numerator and denominator "
        "beside the on-time counts of the progress group.",
        "## Phần B. Chỉ số hài lòng QĐ 766 thật\n\nNhóm chỉ số Mức độ hài lòng của Cổng dịch vụ "
        "công (MDHL, 18 trên 100 điểm) của 14 sở, ban, ngành và 7 xã của Gia Lai, từ đầu năm 2026 "
        "đến nay, và của 34 tỉnh, thành phố. Trước hết, từng đơn vị: tử số và mẫu số của chỉ số "
        "766 đặt cạnh số hồ sơ đúng hạn của nhóm chỉ số tiến độ giải quyết."),
    "scatter_chart": (
        "The chart shows each unit's 766 \"satisfied\" share against its on-time share: the dots "
        "sit on the diagonal, which shows that the indicator is computed from dossier outcomes, "
        "not that citizens were (or were not) satisfied.",
        "Biểu đồ cho thấy tỷ lệ \"hài lòng\" theo chỉ số 766 của mỗi đơn vị so với tỷ lệ đúng hạn "
        "của đơn vị đó: các chấm nằm trên đường chéo, nghĩa là chỉ số được tính từ kết quả giải "
        "quyết hồ sơ, chứ không cho biết người dân có hài lòng hay không."),
    "mdhl_rule": (
        "How the MDHL score follows from it: the rule as implemented (domain.md §4) gives "
        "indicator 5.4 six points times the share over 90% (all six at 90% or more); the rest of "
        "MDHL should then be 0 or 12, the two feedback-handling indicators (5.2, 5.3) all lost "
        "or all kept.",
        "Điểm MDHL suy ra từ đó thế nào: theo quy tắc đang áp dụng (domain.md §4), chỉ số 5.4 "
        "được 6 điểm nhân với tỷ lệ chia cho 90% (đủ 6 điểm khi đạt từ 90% trở lên); phần còn "
        "lại của MDHL khi đó phải bằng 0 hoặc 12, tức hai chỉ số về xử lý phản ánh, kiến nghị "
        "(5.2, 5.3) hoặc mất hết hoặc giữ đủ điểm."),
    "provinces": (
        "### MDHL across the 34 provinces",
        "### MDHL của 34 tỉnh, thành phố"),
    "provinces_chart": (
        "The chart shows each province's satisfaction score out of 18, Gia Lai in orange; since "
        "the score is computed from dossier outcomes and feedback handling, it ranks provinces "
        "on those, not on what citizens think of the service.",
        "Biểu đồ cho thấy điểm hài lòng (trên 18) của mỗi tỉnh, Gia Lai tô màu cam; vì điểm này "
        "được tính từ kết quả giải quyết hồ sơ và xử lý phản ánh, kiến nghị, nó xếp hạng các tỉnh "
        "theo những yếu tố đó, chứ không theo đánh giá của người dân về dịch vụ."),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    return pair[LANGUAGES.index(language)]


def prose(key: str, language: str = "en") -> str:
    """One explanation of :data:`PROSE` (Markdown) in the report's language."""
    return _pick(PROSE[key], language)


#: The signals by name, as the counts line and the captions of their tables call them.
SIGNAL_NAMES = {
    "ceiling": ("ceiling", "tỷ lệ trần"), "straight_lining": ("straight lining",
                                                              "trả lời đồng loạt"),
    "runs": ("runs", "chuỗi câu trả lời"), "bursts": ("bursts", "dồn phiếu"),
    "forms_per_dossier": ("forms per dossier", "số phiếu so với hồ sơ"),
}
#: Chart titles after the report's title.
CHART_TITLES = {
    "by_office": ("answers by office", "câu trả lời theo đơn vị"),
    "breakdowns": ("answers by month, field and channel",
                   "câu trả lời theo tháng, lĩnh vực và kênh nộp"),
    "claims": ("the forms behind each published share", "các phiếu đằng sau mỗi tỷ lệ đã công bố"),
    "funnel": ("very satisfied against number of forms", "tỷ lệ rất hài lòng theo số phiếu"),
    "scatter": ("Gia Lai units, 766, 2026 to date", "Các đơn vị của Gia Lai, chỉ số 766, 2026"),
    "provinces": ("MDHL by province, 2026 to date", "MDHL theo tỉnh, thành phố, 2026"),
}


def chart_title(key: str, title: str, language: str = "en") -> str:
    """A chart's title: the report's title and what the chart shows (766 charts: no title)."""
    what = _pick(CHART_TITLES[key], language)
    return what if key in ("scatter", "provinces") else f"{title}: {what}"


def signal_name(name: str, language: str = "en") -> str:
    return _pick(SIGNAL_NAMES[name], language)


def records_line(title: str, synthetic: bool, language: str = "en") -> str:
    """The first line of a survey-records run: what the data are, and that Part B is out."""
    if language == "vi":
        tag = (" (**GIẢ LẬP**: phiếu bịa ra, hiệu chỉnh theo các số liệu đã công bố, để kiểm "
               "thử phương pháp)" if synthetic else "")
        return (f"**{title}** — dữ liệu phiếu khảo sát{tag}. Phần B (số liệu QĐ 766 thật) không "
                "áp dụng cho lần chạy này.")
    tag = (" (**SYNTHETIC**: invented forms calibrated to the published figures, for testing the "
           "method)" if synthetic else "")
    return (f"**{title}** — survey records{tag}. Part B (the real QĐ 766 figures) does not apply "
            "to this run.")


def dvc766_line(title: str, dvc766_dir: str, language: str = "en") -> str:
    """The first line of a QĐ 766 run: the source, its licence, and that Part A is out."""
    if language == "vi":
        return (f"**{title}** — số liệu QĐ 766 thật (`{dvc766_dir}`; số liệu công khai, chưa nêu "
                "giấy phép: xem SOURCE.md đi kèm). Phần A (dữ liệu phiếu khảo sát) không áp dụng "
                "cho lần chạy này.")
    return (f"**{title}** — real QĐ 766 figures (`{dvc766_dir}`; public figures, licence not "
            "stated: see its SOURCE.md). Part A does not apply.")


def signal_count(name: str, flagged: int, total: int, language: str = "en") -> str:
    if language == "vi":
        return f"**{signal_name(name, 'vi')}**: {flagged} trên {total} đơn vị bị đánh dấu"
    return f"**{signal_name(name)}**: {flagged} of {total} offices flagged"


def no_claims(language: str = "en") -> str:
    return ("Địa phương này không có số liệu hài lòng nào đã công bố." if language == "vi"
            else "No published satisfaction claim for this locality.")


def model_markdown(m, language: str = "en") -> str:
    """The model's size and sentences (``satisfaction_model.ModelReport``), or why not fitted."""
    vi = language == "vi"
    if m.skipped:
        return (f"Mô hình không được ước lượng: {m.skipped_vi}." if vi
                else f"The model is not fitted: {m.skipped}.")
    if vi:
        head = (f"{fmt_vi(m.forms, 0)} phiếu từ {m.offices} đơn vị ({m.late} phiếu đánh giá một "
                "hồ sơ trễ hạn); các đơn vị bị loại ra vì mọi câu trả lời giống nhau: "
                f"{', '.join(m.left_out) or 'không có'}.")
        lines = m.sentences_vi
    else:
        head = (f"{m.forms:,} forms from {m.offices} offices ({m.late} rate a late dossier); "
                "offices left out because their answers are all alike: "
                f"{', '.join(m.left_out) or 'none'}.")
        lines = m.sentences
    return head + "\n\n" + "\n".join(f"- {s}" for s in lines)


def relation_markdown(r: dict, language: str = "en") -> str:
    """How the 766 indicator follows the on-time counts (``real766.relation``)."""
    if language == "vi":
        return (f"Ở {r['same_denominator']} trên {r['units']} đơn vị, mẫu số của chỉ số bằng số "
                "hồ sơ được tính cho nhóm tiến độ giải quyết; tử số bằng số hồ sơ đúng hạn trừ đi "
                f"từ {-r['gap_max']} đến {-r['gap_min']}; hai tỷ lệ chênh nhau nhiều nhất "
                f"{fmt_vi(r['largest_share_gap'], 2)} điểm phần trăm (hệ số tương quan hạng "
                f"{fmt_vi(r['spearman'], 3)}).")
    return (f"In {r['same_denominator']} of {r['units']} units the indicator's denominator equals "
            f"the dossiers counted for progress; its numerator is the on-time count minus "
            f"{-r['gap_max']} to {-r['gap_min']}; the two shares differ by at most "
            f"{r['largest_share_gap']:.2f} points (rank correlation {r['spearman']:.3f}).")


#: Values of the report's tables in Vietnamese, by column (values not listed are kept).
_CHANNELS_VI = {"in_person": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính công ích",
                "(rare)": "(hiếm, gộp lại)"}
_WORDS_VI = {
    "item": {"forms": "số phiếu", "answers": "số câu trả lời",
             "criteria per form": "số tiêu chí mỗi phiếu", "offices": "số đơn vị",
             "scale": "thang đo", "forms linked to a resolved dossier":
             "số phiếu gắn với hồ sơ đã giải quyết", "period of the records": "thời kỳ của dữ liệu",
             "data": "dữ liệu"},
    "group": {"all offices": "tất cả các đơn vị", "agency": "sở, ban, ngành", "commune": "xã",
              "communes (all offices but the centre)": "các xã (mọi đơn vị trừ trung tâm)"},
    "criterion": {"overall": "chung (overall)",
                  "(each form's worst answer)": "(câu trả lời kém nhất của mỗi phiếu)"},
    "aggregation": {"average of office shares (bình quân)": "bình quân các đơn vị",
                    "pooled share": "tỷ lệ gộp chung"},
    "statistic": {"provinces": "số tỉnh, thành phố", "min": "thấp nhất",
                  "lower quartile": "tứ phân vị dưới", "median": "trung vị",
                  "upper quartile": "tứ phân vị trên", "max": "cao nhất", "mean": "trung bình",
                  "maximum possible": "tối đa có thể"},
    "channel": _CHANNELS_VI,
}
_STATUS_VI = {"holds": "khớp", "fails": "không khớp", "derived": "suy ra",
              "needs_microdata": "cần dữ liệu hồ sơ", "not_testable": "không kiểm tra được",
              "flagged": "có dấu hiệu"}
_CONVENTIONS_VI = {"pooled": "gộp chung", "unit average": "bình quân các đơn vị"}
_LABEL_PREFIX_VI = {"month": "tháng", "field": "lĩnh vực", "channel": "kênh"}


def _value_vi(column: str, value):
    """One table value in Vietnamese (see :data:`_WORDS_VI`); anything else unchanged."""
    if not isinstance(value, str):
        return value
    if column == "statistic" and ": rank of " in value:
        name, total = value.split(": rank of ")
        return f"{name}: thứ hạng trên {total}"
    if column in _WORDS_VI:
        return _WORDS_VI[column].get(value, value)
    if column == "level":
        en = {v: k for k, v in LEVEL_NAMES["en"].items()}
        key = en.get(value, value)
        return LEVEL_NAMES["vi"].get(key, value)
    if column == "value":
        return (value.replace(" points", " mức")
                .replace("SYNTHETIC (invented records)", "GIẢ LẬP (dữ liệu bịa ra)")
                .replace("records", "dữ liệu phiếu"))
    if column == "label" and ": " in value:
        prefix, rest = value.split(": ", 1)
        rest = _CHANNELS_VI.get(rest, rest) if prefix == "channel" else rest
        return f"{_LABEL_PREFIX_VI.get(prefix, prefix)}: {rest}"
    if column == "records_verdict":
        return _verdict_vi(value)
    if column == "audit_checks":  # "check: status; …": the checks' names are identifiers
        return re.sub(r": (\w+)", lambda m: ": " + _STATUS_VI.get(m.group(1), m.group(1)), value)
    return value


def _verdict_vi(text: str) -> str:
    for en, vi in _CONVENTIONS_VI.items():
        text = text.replace(en, vi)
    if text.startswith("holds only as the "):
        return "chỉ khớp nếu tính theo " + text.removeprefix("holds only as the ")
    return (text.replace("not recomputable from these records",
                         "không tính lại được từ dữ liệu này")
            .replace("does not hold", "không khớp").replace("holds", "khớp"))


def localized(table: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A table of the report with its words in ``language`` (English: the table itself)."""
    if language == "en" or table.empty:
        return table
    _pick(("", ""), language)  # rejects an unknown language
    out = table.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = [_value_vi(column, v) for v in out[column]]
    return out
