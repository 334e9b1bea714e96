"""The words of the on-time drivers report (``notebooks/03_ontime_drivers``) in English and
Vietnamese.

Every section of that report reads dossier records, so its headings and method prose are here
rather than in Markdown cells: the notebook shows :func:`prose` only when records were given,
and a locality without records says only what records it would need (:func:`records_note`).
Sentences built from results (the model line, the design notes, the reason for no model),
chart titles, table captions and the values and headings of the tables the report shows
(:func:`localized`) are here too; fixed column headings are in ``motcua.reports.tables``.
"""

from __future__ import annotations

import re

import pandas as pd

from motcua.analysis import drivers, forensics
from motcua.vn.numbers import fmt_en, fmt_vi

LANGUAGES = ("en", "vi")

#: Headings and method prose of each section, (English, Vietnamese).
PROSE = {
    "rates": (
        "## On-time rates by factor\n\nEach rate is the share of dossiers on time, with its "
        "Wilson interval, first under the convention the locality reports, then under the "
        "national QĐ 766 rule (which counts a dossier withdrawn before its due date as on time, "
        "and more than one supplement request as late). *Workload* compares the office's "
        "receipts in the week of receipt with its median week (quiet below 0.75×, busy above "
        "1.25×); *statutory limit* is banded in working-day equivalents.",
        "## Tỷ lệ giải quyết đúng hạn theo từng yếu tố\n\nMỗi tỷ lệ là phần hồ sơ được giải "
        "quyết đúng hạn, kèm khoảng tin cậy Wilson, trước hết theo cách tính mà địa phương dùng "
        "khi báo cáo, sau đó theo quy tắc toàn quốc của QĐ 766 (quy tắc này coi hồ sơ rút trước "
        "ngày hẹn trả là đúng hạn, và hồ sơ phải bổ sung quá một lần là trễ hạn). *Khối lượng "
        "công việc* so sánh số hồ sơ đơn vị tiếp nhận trong tuần nhận hồ sơ với tuần trung vị "
        "của chính đơn vị đó (tuần vắng: dưới 0,75 lần; tuần bận: trên 1,25 lần); *thời hạn "
        "giải quyết theo quy định* được chia nhóm theo số ngày làm việc tương đương."),
    "rates_chart": (
        "The office chart: each dot is an office's on-time rate with its interval, blue under "
        "the reported convention, orange under the national rule. It shows how far apart "
        "offices and conventions put the rate; it does not show why an office is slower (its "
        "caseload differs).",
        "Biểu đồ theo đơn vị: mỗi chấm là tỷ lệ giải quyết đúng hạn của một đơn vị kèm khoảng "
        "tin cậy, màu xanh lam theo cách tính địa phương báo cáo, màu cam theo quy tắc toàn "
        "quốc. Biểu đồ cho thấy tỷ lệ chênh nhau đến đâu giữa các đơn vị và giữa hai cách tính; "
        "biểu đồ không cho biết vì sao một đơn vị chậm hơn (mỗi đơn vị nhận những loại hồ sơ "
        "khác nhau)."),
    "claims": (
        "## The locality's claims next to the recomputed rates\n\nEach on-time claim the "
        "records can speak to, recomputed under every convention (from "
        "`motcua.analysis.audit_records`, as in the claims audit). A claim that holds under "
        "some conventions only depends on how it was counted.",
        "## Số liệu địa phương công bố, đặt cạnh tỷ lệ tính lại\n\nMỗi số liệu về giải quyết "
        "đúng hạn mà dữ liệu hồ sơ có thể kiểm chứng, được tính lại theo mọi cách tính (bằng "
        "`motcua.analysis.audit_records`, như trong phần rà soát số liệu). Một số liệu chỉ khớp "
        "với một vài cách tính thì phụ thuộc vào cách đếm."),
    "model": (
        "## What goes with a late dossier\n\nA binomial model (logit) of on-time under the "
        "reported convention on every factor but the office, fitted to the counts of each "
        "combination of factors and office (the same likelihood as one row per dossier). "
        "Standard errors are clustered by office; with fewer than 50 offices the interval "
        "comes from a wild cluster bootstrap over offices (Webb weights). An effect is in "
        "percentage points against the factor's most common level, other factors as observed. "
        "These are associations in the records, not causes: a field that is late may be late "
        "because of the offices that handle it.",
        "## Những yếu tố đi kèm hồ sơ trễ hạn\n\nMô hình nhị thức (logit) của việc giải quyết "
        "đúng hạn, theo cách tính địa phương báo cáo, trên mọi yếu tố trừ đơn vị, ước lượng từ "
        "số hồ sơ của mỗi tổ hợp yếu tố và đơn vị (cùng hàm hợp lý như khi mỗi hồ sơ là một "
        "dòng). Sai số chuẩn theo cụm, mỗi đơn vị là một cụm; khi có dưới 50 đơn vị, khoảng tin "
        "cậy được tính bằng bootstrap cụm hoang dã (wild cluster bootstrap) trên các đơn vị "
        "(trọng số Webb). Mỗi tác động là hiệu ứng biên trung bình (điểm phần trăm) so với mức "
        "phổ biến nhất của yếu tố đó, các yếu tố khác giữ như quan sát. Đây là mối liên hệ "
        "trong dữ liệu hồ sơ, không phải quan hệ nhân quả: một lĩnh vực hay trễ hạn có thể do "
        "chính các đơn vị xử lý lĩnh vực đó."),
    "effects_chart": (
        "The effects chart: each line is one level's effect with its interval, red where the "
        "interval excludes zero. It shows which factors go with lateness in these records; it "
        "does not show that changing the factor would change the rate.",
        "Biểu đồ tác động: mỗi đoạn là tác động của một mức kèm khoảng tin cậy, tô đỏ khi "
        "khoảng tin cậy không chứa 0. Biểu đồ cho thấy yếu tố nào đi kèm việc trễ hạn trong dữ "
        "liệu này; biểu đồ không chứng tỏ rằng thay đổi yếu tố đó sẽ làm thay đổi tỷ lệ."),
    "survival": (
        "## Time to resolution against the deadline\n\nKaplan–Meier curves of the share of "
        "dossiers resolved, by working days from the due date (0 is the due day; dossiers "
        "withdrawn, refused, stopped or still open are censored). A curve that jumps at 0 shows "
        "resolutions piling onto the deadline; the table reads the curves at five days.",
        "## Thời gian giải quyết so với ngày hẹn trả\n\nĐường Kaplan–Meier của tỷ lệ hồ sơ đã "
        "giải quyết, theo số ngày làm việc tính từ ngày hẹn trả (0 là ngày hẹn trả; hồ sơ rút, "
        "bị từ chối, dừng xử lý hoặc chưa xong được coi là quan sát bị kiểm duyệt, tức censored). Đường nhảy vọt tại 0 "
        "cho thấy kết quả bị dồn vào ngày hẹn trả; bảng đọc các đường tại năm mốc ngày."),
    "survival_chart": (
        "The chart shows the curves by field: where each field's dossiers are resolved "
        "relative to the deadline. It does not show whether a due-day resolution was real (see "
        "the signals).",
        "Biểu đồ vẽ các đường theo lĩnh vực: hồ sơ của mỗi lĩnh vực được giải quyết vào lúc nào "
        "so với ngày hẹn trả. Biểu đồ không cho biết một kết quả ghi đúng ngày hẹn trả có thật "
        "hay không (xem các dấu hiệu bên dưới)."),
    "signals": (
        "## Forensic signals\n\nSix signals, each per office. Within a locality, each signal's "
        "false-alarm rate over all its offices is held at 1 − confidence (Holm's correction). "
        "A late dossier with no apology slip breaks a rule, so one is enough to flag an office. "
        "Signals of events that should be rare (a clock-reset pair, an odd stamp, a late "
        "hand-over) compare an office with its unflagged peers; signals of shares every office "
        "has (bunching, exits) allow for the ordinary spread between offices (an over-dispersed "
        "funnel test that takes offices out one at a time, so two bad offices do not hide each "
        "other; the district centre is not compared with communes). *flagged* names an office "
        "for a closer look; *quiet* means the records show no excess; *too few* means the "
        "office has too few dossiers for the test; *no peers* that no office is like it; *not "
        "recorded* that the records cannot show it.",
        "## Dấu hiệu bất thường\n\nSáu dấu hiệu, tính cho từng đơn vị. Trong một địa bàn, tỷ "
        "lệ báo động nhầm của mỗi dấu hiệu trên toàn bộ các đơn vị được giữ ở mức 1 − độ tin "
        "cậy (hiệu chỉnh Holm). Hồ sơ trễ hạn không có phiếu xin lỗi là vi phạm quy định, nên "
        "chỉ một hồ sơ như vậy cũng đủ để đánh dấu đơn vị. Dấu hiệu về những việc lẽ ra hiếm "
        "khi xảy ra (cặp rút hồ sơ và nộp lại, dấu thời gian bất thường, trả kết quả muộn) so "
        "sánh một đơn vị với các đơn vị khác chưa bị đánh dấu; dấu hiệu về những tỷ lệ đơn vị "
        "nào cũng có (dồn kết quả vào ngày hẹn trả, hồ sơ kết thúc không có kết quả) có tính "
        "đến mức chênh lệch bình thường giữa các đơn vị (kiểm định hình phễu có phân tán vượt "
        "mức, lần lượt loại ra từng đơn vị cao nhất để hai đơn vị bất thường không che lấp "
        "nhau; trung tâm cấp huyện không được so với cấp xã). *có dấu hiệu* nghĩa là đơn vị "
        "cần được xem xét kỹ hơn; *bình thường* nghĩa là dữ liệu không cho thấy mức vượt; *quá "
        "ít* nghĩa là đơn vị có quá ít hồ sơ để kiểm định; *không có đơn vị so sánh* nghĩa là "
        "không có đơn vị nào tương tự; *không được ghi nhận* nghĩa là dữ liệu không thể hiện "
        "được điều này."),
    "bunching": (
        "### Bunching on the due day\n\nResolutions on the due day and the working day before "
        "it (the window), against what the office's peers do with dossiers of the same span "
        "(working days from receipt to due): the counterfactual is the peers' spread of "
        "resolutions over the days for each span, so an office with many one-day dossiers is "
        "not mistaken for one that piles up. The size is the excess of window resolutions over "
        "that counterfactual (bootstrap interval); the district centre, whose procedures and "
        "limits differ, is not compared with communes. It can show that an office piles more "
        "resolutions onto the deadline than its peers; it cannot tell backdating from "
        "last-minute work. It sees heavy backdating only, a tenth or more of an office's on-time "
        "dossiers moved onto the due day (measured on SYNTHETIC records: "
        "bench/drivers/README.md); the late hand-over below sees lighter backdating. The chart "
        "shows the deadline pile-up of dossiers with seven working days or more, against each "
        "office's trend of days −6…−2.",
        "### Dồn kết quả vào ngày hẹn trả\n\nSố kết quả vào ngày hẹn trả và ngày làm việc liền "
        "trước (cửa sổ), so với cách các đơn vị khác xử lý hồ sơ có cùng số ngày từ khi tiếp "
        "nhận đến hạn: kịch bản đối chứng là phân bố kết quả theo ngày của các đơn vị khác với "
        "từng số ngày đó, nên một đơn vị có nhiều hồ sơ hạn một ngày không bị coi là dồn kết "
        "quả. Độ lớn là phần kết quả trong cửa sổ vượt kịch bản đối chứng (khoảng tin cậy "
        "bootstrap); trung tâm cấp huyện, có thủ tục và thời hạn khác, không được so với cấp "
        "xã. Dấu hiệu này cho thấy một đơn vị dồn kết quả vào hạn chót nhiều hơn các đơn vị "
        "khác; nó không phân biệt được ghi lùi ngày với làm gấp vào phút chót. Nó chỉ thấy "
        "việc ghi lùi ngày ở quy mô lớn, khi từ một phần mười số hồ sơ đúng hạn của đơn vị trở "
        "lên bị chuyển về ngày hẹn trả (đo trên dữ liệu GIẢ LẬP: bench/drivers/README.md); dấu "
        "hiệu trả kết quả muộn bên dưới thấy được việc ghi lùi ngày ở quy mô nhỏ hơn. Biểu đồ "
        "cho thấy kết quả dồn về hạn chót của các hồ sơ có từ bảy ngày làm việc trở lên, so với "
        "xu hướng các ngày −6…−2 của từng đơn vị."),
    "late_handover": (
        "### Due-day resolutions handed over days later\n\nA resolution moved onto the due day "
        "keeps its true date on the hand-over. The signal counts due-day resolutions handed "
        "over after a longer lag than 99% of the resolutions made before the due day in the "
        "same channel (an online result is sent at once, a paper one waits for the citizen). "
        "It can show that due-day stamps are followed by unusually late hand-overs; it cannot "
        "tell a moved stamp from an office that is slow to hand over, or a citizen who collects "
        "late.",
        "### Kết quả ghi ngày hẹn trả nhưng trả cho người dân nhiều ngày sau\n\nMột kết quả bị "
        "chuyển về ngày hẹn trả vẫn giữ ngày thật ở lúc trả kết quả. Dấu hiệu đếm các kết quả "
        "ghi đúng ngày hẹn trả mà được trả sau một khoảng trễ dài hơn 99% các kết quả giải "
        "quyết trước ngày hẹn trả qua cùng kênh (kết quả trực tuyến được gửi ngay, kết quả giấy "
        "chờ người dân đến nhận). Dấu hiệu này cho thấy sau dấu ngày hẹn trả là việc trả kết "
        "quả muộn bất thường; nó không phân biệt được dấu ngày bị sửa với một đơn vị trả kết "
        "quả chậm, hay người dân đến nhận muộn."),
    "withdraw_resubmit": (
        "### Withdrawn at the deadline and resubmitted\n\nA dossier withdrawn on its due day or "
        "the working day before, and the same applicant filing the same procedure within five "
        "working days: the clock restarts. It can show such pairs and how much they lift the "
        "on-time rate (second table: each pair joined into one late dossier); it cannot show "
        "who asked for the withdrawal.",
        "### Rút hồ sơ sát hạn rồi nộp lại\n\nMột hồ sơ bị rút đúng ngày hẹn trả hoặc ngày làm "
        "việc liền trước, rồi cùng người nộp nộp lại cùng thủ tục trong vòng năm ngày làm việc: "
        "thời hạn được tính lại từ đầu. Dấu hiệu này cho thấy các cặp rút hồ sơ và nộp lại như "
        "vậy và chúng nâng tỷ lệ đúng hạn lên bao nhiêu (bảng thứ hai: mỗi cặp được gộp thành "
        "một hồ sơ trễ hạn); nó không cho biết ai đã yêu cầu rút hồ sơ."),
    "missing_apology": (
        "### Late dossiers with no apology slip\n\nEvery late dossier needs the apology slip "
        "with a new return date (TT 01/2018, Mẫu 04). The signal is the share of late dossiers "
        "with none recorded; the rule allows none, so an office with any is flagged, and the "
        "reference column shows the other offices' share for comparison. When the records "
        "carry no slip at all, the export does not record them and the signal says so. It can "
        "show slips missing from the records; it cannot tell a slip never given from one never "
        "entered.",
        "### Hồ sơ trễ hạn không có phiếu xin lỗi\n\nMọi hồ sơ trễ hạn đều phải có phiếu xin "
        "lỗi và hẹn lại ngày trả kết quả (TT 01/2018, Mẫu 04). Dấu hiệu là tỷ lệ hồ sơ trễ hạn "
        "không ghi nhận phiếu nào; quy định không cho phép hồ sơ nào như vậy, nên đơn vị có dù "
        "chỉ một hồ sơ cũng bị đánh dấu, và cột mức tham chiếu cho thấy tỷ lệ của các đơn vị "
        "khác để so sánh. Khi dữ liệu không có phiếu nào, tức là bản xuất dữ liệu không ghi "
        "nhận phiếu, dấu hiệu sẽ nói rõ điều đó. Dấu hiệu này cho thấy phiếu bị thiếu trong dữ "
        "liệu; nó không phân biệt được phiếu chưa từng được lập với phiếu chưa được nhập vào "
        "phần mềm."),
    "timestamps": (
        "### Resolutions at impossible or odd times\n\nResolutions stamped on a non-working "
        "day, outside office hours, or before the dossier was received (second table: each "
        "kind). It can show stamps that do not fit the office's day; it cannot show intent "
        "(weekend work and automatic stamps look the same), except that a resolution before "
        "receipt is always a records error.",
        "### Kết quả ghi vào thời điểm không thể hoặc bất thường\n\nKết quả được ghi vào ngày "
        "nghỉ, ngoài giờ làm việc, hoặc trước khi hồ sơ được tiếp nhận (bảng thứ hai: từng "
        "loại). Dấu hiệu này cho thấy dấu thời gian không khớp với ngày làm việc của đơn vị; nó "
        "không cho biết ý đồ (làm thêm cuối tuần và dấu thời gian tự động trông giống nhau), "
        "trừ việc kết quả có trước khi tiếp nhận thì luôn là lỗi dữ liệu."),
    "exits": (
        "### Withdrawn, refused or stopped\n\nThe share of dossiers that end without a result, "
        "against the peers' share and their ordinary spread (second table: each kind). It can "
        "show an office that ends unusually many dossiers this way; it cannot say why.",
        "### Hồ sơ rút, bị từ chối hoặc dừng xử lý\n\nTỷ lệ hồ sơ kết thúc mà không có kết "
        "quả, so với tỷ lệ của các đơn vị khác và mức chênh lệch bình thường giữa họ (bảng thứ "
        "hai: từng loại). Dấu hiệu này cho thấy một đơn vị kết thúc hồ sơ theo cách này nhiều "
        "bất thường; nó không cho biết vì sao."),
}

#: What a locality without records would need (the columns of ``motcua.records.schema``).
RECORDS_NEEDED = (
    drivers.RECORDS_NEEDED,
    "Báo cáo này cần **dữ liệu hồ sơ** của địa phương: mỗi hồ sơ một dòng, gồm đơn vị tiếp "
    "nhận, thủ tục và lĩnh vực, kênh nộp, hồ sơ liên thông hay không, thời điểm tiếp nhận, ngày "
    "hẹn trả (hoặc thời hạn giải quyết và đơn vị tính), và mã ẩn danh của người nộp; cùng **các "
    "sự kiện trạng thái** của từng hồ sơ (đã giải quyết, đã trả kết quả, rút hồ sơ, từ chối, "
    "dừng xử lý, yêu cầu bổ sung và nộp bổ sung, lập phiếu xin lỗi) kèm thời điểm. Dữ liệu xuất "
    "từ phần mềm một cửa (các trường `NgayTiepNhan`, `NgayHenTra`, `NgayKetThucXuLy`, "
    "`KenhThucHien` của cổng dịch vụ công quốc gia) có đủ các thông tin này; lệnh `motcua "
    "ingest dossiers` đọc được dữ liệu xuất như vậy. Khi có dữ liệu, báo cáo tính lại tỷ lệ giải "
    "quyết đúng hạn theo đơn vị, lĩnh vực, kênh nộp, cơ chế, tháng, thời hạn và khối lượng công "
    "việc, theo cách tính địa phương báo cáo và theo cách tính toàn quốc; mô hình hóa các yếu tố "
    "đi kèm hồ sơ trễ hạn; vẽ thời gian giải quyết so với ngày hẹn trả; và chạy sáu dấu hiệu bất "
    "thường cho từng đơn vị.")

#: Factor names in sentences and tables (English from ``drivers.FACTOR_LABELS``).
FACTORS_VI = {
    "office": "đơn vị", "field": "lĩnh vực thủ tục", "channel": "kênh nộp",
    "mechanism": "cơ chế", "month": "tháng tiếp nhận", "limit": "thời hạn theo quy định",
    "workload": "khối lượng công việc của đơn vị trong tuần",
}
#: Values of the report's tables in Vietnamese (factor levels, verdicts, intervals, signals).
VALUES_VI = {
    "same day": "trong ngày", "1–3 working days": "1–3 ngày làm việc",
    "4–10 working days": "4–10 ngày làm việc", "over 10 working days": "trên 10 ngày làm việc",
    "unknown": "không rõ", "quiet week": "tuần vắng", "usual week": "tuần bình thường",
    "busy week": "tuần bận", "one-stop": "một cửa", "inter-agency (liên thông)": "liên thông",
    "in_person": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính",
    "quiet": "bình thường", "too few": "quá ít", "no peers": "không có đơn vị so sánh",
    "not recorded": "không được ghi nhận",
    "flagged": "có dấu hiệu", "wild bootstrap": "bootstrap cụm hoang dã",
    "CRV1": "CRV1", "none": "không có",
}
#: Signal names and size headings in Vietnamese (from ``forensics.SIGNALS``).
SIGNALS_VI = {k: (v["title_vi"], v["size_vi"]) for k, v in forensics.SIGNALS.items()}
_CHART_TITLES = {
    "rates": ("{title}: on time by {what}", "{title}: tỷ lệ đúng hạn theo {what}"),
    "effects": ("{title}: effects on the on-time rate",
                "{title}: tác động lên tỷ lệ giải quyết đúng hạn"),
    "km": ("{title}: resolved, by field", "{title}: hồ sơ đã giải quyết, theo lĩnh vực"),
    "bunching_histogram": ("{title}: resolutions before the due date, dossiers with 7+ days",
                           "{title}: số kết quả trước ngày hẹn trả, hồ sơ có từ 7 ngày"),
    "signal": ("{title}: {what}", "{title}: {what}"),
}
_NO_MODEL_VI = {
    "no dossiers to model": "không có hồ sơ nào để lập mô hình",
    "every dossier has the same outcome under this convention, so nothing can explain "
    "lateness": "mọi hồ sơ có cùng một kết quả theo cách tính này, nên không có gì để giải "
                "thích việc trễ hạn",
    "one office only: errors cannot be clustered by office":
        "chỉ có một đơn vị: không thể tính sai số chuẩn theo cụm đơn vị",
}


def _pick(pair: tuple[str, str], language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    return pair[LANGUAGES.index(language)]


def prose(key: str, language: str = "en") -> str:
    """The heading and method prose of one section (``PROSE``)."""
    return _pick(PROSE[key], language)


def factor_label(factor: str, language: str = "en") -> str:
    return _pick((drivers.FACTOR_LABELS[factor], FACTORS_VI[factor]), language)


def signal_title(signal: str, language: str = "en") -> str:
    return _pick((forensics.SIGNALS[signal]["title"], SIGNALS_VI[signal][0]), language)


def signal_size(signal: str, language: str = "en") -> str:
    return _pick((forensics.SIGNALS[signal]["size"], SIGNALS_VI[signal][1]), language)


def chart_title(key: str, title: str, language: str = "en", what: str = "") -> str:
    return _pick(_CHART_TITLES[key], language).format(title=title, what=what)


def km_caption(group: str, language: str = "en") -> str:
    return _pick((f"resolved by {group}", f"đã giải quyết theo {FACTORS_VI[group]}"),
                 language) + ", %"


def records_note(records, language: str = "en") -> str:
    """What the report is based on, or what it would need (``drivers.records_note``)."""
    if _pick(("en", "vi"), language) == "en":
        return drivers.records_note(records)
    if records is None:
        return ("_Địa phương này không có dữ liệu hồ sơ (`records_dir` để trống)._ "
                f"{RECORDS_NEEDED[1]} Khi không có dữ liệu, báo cáo không có kết quả nào.")
    head = ("**DỮ LIỆU HỒ SƠ GIẢ LẬP (SYNTHETIC).** Các hồ sơ dưới đây do `motcua simulate` "
            "tạo ra để khớp với các tổng số đã công bố, có cài sẵn sai phạm; đây không phải hồ "
            "sơ thật. " if records.synthetic else "")
    return (f"{head}{fmt_vi(len(records.dossiers))} hồ sơ và {fmt_vi(len(records.events))} sự "
            f"kiện trạng thái, tiếp nhận từ {records.period_start} đến {records.period_end}.")


def model_line(fit, n_patterns: int, language: str = "en") -> str:
    """Dossiers, covariate patterns and offices the model was fitted on."""
    if _pick(("en", "vi"), language) == "vi":
        return (f"{fmt_vi(fit.n_dossiers)} hồ sơ trong {fmt_vi(n_patterns)} tổ hợp yếu tố, "
                f"{fit.n_clusters} đơn vị.")
    return (f"{fit.n_dossiers:,} dossiers in {n_patterns:,} covariate patterns, "
            f"{fit.n_clusters} offices.")


def design_notes(fit, language: str = "en") -> list[str]:
    """The design's notes (drops and pools of ``drivers.design_matrix``) and convergence."""
    notes = fit.design.notes + ([] if fit.converged else ["the fit did not converge cleanly"])
    return notes if _pick(("en", "vi"), language) == "en" else [_note_vi(n) for n in notes]


_NOTE_PATTERNS = (
    (r"dropped \(no level has both outcomes\)",
     "bỏ khỏi mô hình (không mức nào có cả hồ sơ đúng hạn lẫn trễ hạn)"),
    (r"dropped \(one level left\)", "bỏ khỏi mô hình (chỉ còn một mức)"),
    (r"dropped \(collinear with the other factors\)",
     "bỏ khỏi mô hình (cộng tuyến với các yếu tố khác)"),
    (r"dropped \(only (\d+) dossiers of the rarer outcome: fewer than (\d+) per coefficient\)",
     r"bỏ khỏi mô hình (chỉ có \1 hồ sơ thuộc kết quả hiếm hơn: ít hơn \2 cho mỗi hệ số)"),
    (r"(.*) pooled with (.*) \(all on time or all late, so no effect can be estimated\)",
     r"\1 được gộp với \2 (toàn bộ đúng hạn hoặc toàn bộ trễ hạn, nên không ước lượng được "
     r"tác động)"),
    (r"the fit did not converge cleanly", "mô hình không hội tụ trọn vẹn"),
)


def _note_vi(note: str) -> str:
    for en, vi in drivers.FACTOR_LABELS.items():
        if note.startswith(vi + ": "):
            note = FACTORS_VI[en] + note[len(vi):]
            break
    for pattern, repl in _NOTE_PATTERNS:
        note = re.sub(pattern, repl, note)
    return note


def no_model(why_not: str, language: str = "en") -> str:
    if _pick(("en", "vi"), language) == "en":
        return f"No model: {why_not}."
    return f"Không lập được mô hình: {_NO_MODEL_VI.get(why_not, why_not)}."


def localized(df: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """A table of this report with its values (and convention-named headings) in Vietnamese;
    unchanged in English. Identifiers (codes, conventions, field codes) stay as they are."""
    if _pick(("en", "vi"), language) == "en":
        return df
    out = df.copy()
    if "factor" in out:
        out["factor"] = out["factor"].map(lambda f: FACTORS_VI.get(f, f))
    if "signal" in out and "what" in out:
        out["what"] = [SIGNALS_VI[s][0] for s in out["signal"]]
    for col in ("level", "reference", "verdict", "interval", "group", "offices_flagged"):
        if col in out:
            out[col] = out[col].map(lambda v: VALUES_VI.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns=_heading_vi)


_HEADINGS_VI = (
    (r"^dossiers \((.+)\)$", r"hồ sơ (\1)"), (r"^on time % \((.+)\)$", r"đúng hạn % (\1)"),
    (r"^low \((.+)\)$", r"cận dưới (\1)"), (r"^high \((.+)\)$", r"cận trên (\1)"),
    (r"^by the due day %$", "đến ngày hẹn trả %"),
    (r"^by due ([+-]\d+) wd %$", r"đến ngày hẹn trả \1 ngày làm việc %"),
)


def _heading_vi(column: str) -> str:
    for en, vi in SIGNALS_VI.items():
        if column == forensics.SIGNALS[en]["size"]:
            return vi[1]
    for pattern, repl in _HEADINGS_VI:
        if re.match(pattern, column):
            return re.sub(pattern, repl, column)
    return column


def number(x: float, decimals: int, language: str = "en", sign: bool = False) -> str:
    """A number in the report's notation (``fmt_en``/``fmt_vi``), with a sign when asked."""
    s = (fmt_vi if language == "vi" else fmt_en)(abs(x) if sign else x, decimals)
    return (("+" if x >= 0 else "-") + s) if sign else s
