"""Forensic signals in dossier records: the shared parts (office names, the timeline, the
signal table, findings).

Each signal (``SIGNALS``) measures one pattern per office that would appear if on-time figures
were managed rather than earned, and says for which offices the pattern is larger than chance
and peers allow. Signals live in their own modules:

- ``forensics_bunching``: resolutions piled on the due day (excess mass over the peers'
  counterfactual for the same span), and due-day resolutions whose result is handed over days
  later (backdating);
- ``forensics_withdrawals``: withdraw-and-resubmit pairs; the share withdrawn, refused or stopped;
- ``forensics_records``: late dossiers with no apology slip; impossible or odd timestamps.

The office tests (``rare_event_test``, ``reference_test``, ``funnel_by_peers``) are in
``motcua.analysis.forensics_stats``; a rule that allows no event is :func:`rule_table`.
``alpha`` is the family-wise false-alarm rate of one signal in one locality.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.analysis.forensics_stats import rare_event_test
from motcua.findings import Finding, new_finding
from motcua.stats import proportion_interval

#: What each signal measures, what it would catch, and what it cannot tell.
SIGNALS = {
    "bunching": dict(
        title="Resolutions piled on the due day",
        fault="backdated_resolution",
        size="excess of window resolutions over peers, %",
        can="that an office records far more resolutions on the due day and the working day "
            "before it than its peers do with dossiers of the same span",
        cannot="whether the piled-up resolutions were backdated or genuinely finished at the "
               "last minute (deadline work is normal; only the excess over peers is a signal)",
        title_vi="Dồn kết quả vào ngày hẹn trả",
        size_vi="phần kết quả trong cửa sổ vượt các đơn vị khác, %",
        can_vi="đơn vị ghi nhận số kết quả vào ngày hẹn trả và ngày làm việc liền trước nhiều hơn"
               " hẳn các đơn vị khác với hồ sơ có cùng số ngày đến hạn",
        cannot_vi="các kết quả dồn lại đó bị ghi lùi ngày hay thật sự được làm xong vào phút chót"
                  " (làm gấp sát hạn là bình thường; chỉ phần vượt so với các đơn vị khác mới là "
                  "dấu hiệu)"),
    "late_handover": dict(
        title="Due-day resolutions handed over days later",
        fault="backdated_resolution",
        size="share of due-day resolutions handed over late, %",
        can="that results stamped as resolved on the due day reach the citizen later than "
            "results resolved earlier, more often than chance allows",
        cannot="that the stamp was moved: an office that is slow to hand results over after "
               "the deadline, or a citizen who collects late, looks the same",
        title_vi="Kết quả ghi ngày hẹn trả nhưng trả nhiều ngày sau",
        size_vi="tỷ lệ kết quả ngày hẹn trả được trả muộn, %",
        can_vi="các kết quả ghi là giải quyết đúng ngày hẹn trả đến tay người dân muộn hơn các "
               "kết quả giải quyết sớm hơn, thường xuyên hơn mức ngẫu nhiên cho phép",
        cannot_vi="rằng dấu ngày đã bị sửa: một đơn vị trả kết quả chậm sau hạn, hay người dân "
                  "đến nhận muộn, trông cũng giống như vậy"),
    "withdraw_resubmit": dict(
        title="Withdrawn at the deadline and resubmitted",
        fault="withdraw_resubmit",
        size="pairs per 100 dossiers",
        can="that the same applicant withdrew a dossier on or just before its due date and "
            "filed the same procedure again within days, which restarts the clock",
        cannot="who asked for the withdrawal: a citizen correcting a dossier does the same; "
               "the applicant key must be a stable pseudonym of the applicant",
        title_vi="Rút hồ sơ sát hạn rồi nộp lại",
        size_vi="số cặp trên 100 hồ sơ",
        can_vi="cùng một người nộp đã rút hồ sơ vào đúng hoặc ngay trước ngày hẹn trả rồi nộp lại"
               " cùng thủ tục trong vài ngày, khiến thời hạn được tính lại từ đầu",
        cannot_vi="ai đã yêu cầu rút hồ sơ: người dân tự sửa hồ sơ cũng làm như vậy; mã người nộp"
                  " phải là mã ẩn danh ổn định của người nộp"),
    "missing_apology": dict(
        title="Late dossiers with no apology slip",
        fault="missing_apology",
        rule="the rules allow none",
        rule_vi="quy định không cho phép hồ sơ nào như vậy",
        size="late dossiers without a slip, %",
        can="that late dossiers were not given the apology slip the rules require (TT 01/2018 "
            "Mẫu 04, docs/domain.md §1.3)",
        cannot="whether the slip was not issued or only not recorded in the software",
        title_vi="Hồ sơ trễ hạn không có phiếu xin lỗi",
        size_vi="hồ sơ trễ hạn không có phiếu, %",
        can_vi="hồ sơ trễ hạn không được lập phiếu xin lỗi và hẹn lại ngày trả như quy định (TT "
               "01/2018, Mẫu 04)",
        cannot_vi="phiếu không được lập hay chỉ không được nhập vào phần mềm"),
    "timestamps": dict(
        title="Resolutions at impossible or odd times",
        fault=None,
        size="odd resolution stamps, %",
        can="that resolutions are stamped on non-working days, outside office hours, or "
            "before the dossier was received",
        cannot="intent: weekend work, automatic stamps and clock errors look the same; a "
               "resolution before receipt is always a records error",
        title_vi="Kết quả ghi vào thời điểm không thể hoặc bất thường",
        size_vi="dấu thời gian kết quả bất thường, %",
        can_vi="kết quả được ghi vào ngày nghỉ, ngoài giờ làm việc, hoặc trước khi hồ sơ được "
               "tiếp nhận",
        cannot_vi="ý đồ: làm thêm cuối tuần, dấu thời gian tự động và lỗi đồng hồ trông giống "
                  "nhau; riêng kết quả có trước khi tiếp nhận thì luôn là lỗi dữ liệu"),
    "exits": dict(
        title="Withdrawn, refused or stopped",
        fault=None,
        size="dossiers withdrawn, refused or stopped, %",
        can="that an office ends far more dossiers without a result than its peers, beyond "
            "the spread between offices",
        cannot="why: a strict intake desk, a hard caseload or pressure to withdraw late "
               "dossiers look the same",
        title_vi="Hồ sơ rút, bị từ chối hoặc dừng xử lý",
        size_vi="hồ sơ rút, bị từ chối hoặc dừng, %",
        can_vi="một đơn vị kết thúc hồ sơ mà không có kết quả nhiều hơn hẳn các đơn vị khác, vượt"
               " quá mức chênh lệch bình thường giữa các đơn vị",
        cannot_vi="vì sao: bộ phận tiếp nhận khắt khe, hồ sơ khó, hay sức ép phải rút các hồ sơ "
                  "sắp trễ hạn trông giống nhau"),
}
TABLE_COLUMNS = ["office", "office_name", "n", "count", "size", "low", "high", "reference",
                 "p_value", "p_adjusted", "verdict"]
#: An office with fewer dossiers than this gets "too few" in the funnel tests (a share of a
#: handful of dossiers has no usable normal approximation); the exact tests need only one.
MIN_DOSSIERS = 20


def office_names(dossiers: pd.DataFrame) -> dict[str, str]:
    """Office code → name from the code list the records name; when that list is not bundled,
    from the GSO list of 2025-01-04, with the list named after the name (names change between
    lists). The upper-level centre is named after the locality. Codes not found keep the code
    as the name."""
    from motcua.vn import localities

    out = {}
    code_list = str(dossiers["code_list"].iloc[0]) if "code_list" in dossiers and len(
        dossiers) else localities.CODE_LIST_LEGACY
    suffix = ""
    if code_list not in localities.CODE_LISTS:
        code_list, suffix = localities.CODE_LIST_LEGACY, f" ({localities.CODE_LIST_LEGACY} name)"
    loc = str(dossiers["locality_code"].iloc[0]) if "locality_code" in dossiers and len(
        dossiers) else ""
    for code in sorted(dossiers["reception_unit"].astype(str).unique()):
        if code == "centre":
            unit = localities.lookup(loc, code_list) if loc else None
            out[code] = f"Centre ({unit.name}{suffix})" if unit else "Centre"
        else:
            unit = localities.lookup(code, code_list)
            out[code] = f"{unit.name}{suffix}" if unit else code
    return out


def timeline(dossiers: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """``ontime.dossier_timeline`` over all events (each dossier followed to the end of the
    data), with what the signals also read: ``office``, ``procedure_id``, ``applicant_key``
    (when the records have it), ``channel`` ("unknown" when not recorded), ``returned_at``
    (first ``returned`` event), ``apology`` (a slip is recorded) and ``data_end`` (the last
    event of the records)."""
    tl = ontime.dossier_timeline(dossiers, events)
    d = dossiers.set_index("dossier_id")
    tl["office"] = d["reception_unit"].astype(str)
    tl["procedure_id"] = d["procedure_id"].astype(str) if "procedure_id" in d else ""
    tl["applicant_key"] = (d["applicant_key"].astype(object) if "applicant_key" in d
                           else None)
    tl["channel"] = (d["channel"].astype(str).where(d["channel"].notna(), "unknown")
                     if "channel" in d else "unknown")
    ev = events.assign(event=events["event"].astype(str))
    returned = ev[ev["event"] == "returned"].groupby("dossier_id")["at"].min()
    tl["returned_at"] = pd.to_datetime(returned.reindex(tl.index))
    slip = set(ev.loc[ev["event"] == "apology_issued", "dossier_id"])
    if "apology_issued_at" in d:
        slip |= set(d.index[d["apology_issued_at"].notna()])
    tl["apology"] = tl.index.isin(list(slip))
    tl["data_end"] = pd.to_datetime(events["at"]).max()
    return tl


def in_period(tl: pd.DataFrame, period_start, period_end) -> pd.DataFrame:
    """Rows of a timeline received in the period."""
    ps, pe = ontime.period_bounds(period_start, period_end)
    return tl[tl["received_at"].between(ps, pe)]


def office_list(tl: pd.DataFrame) -> list[str]:
    return sorted(tl["office"].unique())


def rate_table(offices: pd.DataFrame, names: dict, alpha: float) -> pd.DataFrame:
    """The signal table for a rare-event count: ``offices`` has ``office``, ``n``, ``count``;
    ``size`` is the percentage with its Wilson interval, judged by :func:`rare_event_test`."""
    t = offices.reset_index(drop=True).copy()
    n, k = t["n"].to_numpy(float), t["count"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t["size"] = 100 * k / n
    lo, hi = proportion_interval(k, np.maximum(n, 1), alpha=alpha)
    t["low"], t["high"] = np.where(n > 0, 100 * lo, np.nan), np.where(n > 0, 100 * hi, np.nan)
    test = rare_event_test(k, n, alpha)
    t["reference"] = 100 * test["reference"]
    return finish_table(t, test, names)


def rule_table(offices: pd.DataFrame, names: dict, alpha: float, *,
               recorded: bool) -> pd.DataFrame:
    """The signal table of a rule that allows no event (``offices``: ``office``, ``n``,
    ``count``): :func:`rate_table`'s columns, but an office is flagged when its count is one or
    more; ``recorded=False``: :func:`not_recorded`."""
    t = rate_table(offices, names, alpha)
    count, n = t["count"].to_numpy(), t["n"].to_numpy()
    t["verdict"] = np.where(n == 0, "too few", np.where(count > 0, "flagged", "quiet"))
    return t if recorded else not_recorded(t)


def not_recorded(table: pd.DataFrame) -> pd.DataFrame:
    """A signal table whose records cannot show what the signal reads (no hand-over dates, no
    applicant key, no apology slip anywhere): every office "not recorded", none flagged, so a
    missing column is not read as a clean office."""
    return table.assign(verdict="not recorded")


def finish_table(t: pd.DataFrame, test: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Add p-values, the verdict and the office name; columns ``TABLE_COLUMNS``."""
    t = t.copy()
    t["p_value"], t["p_adjusted"] = test["p_value"].to_numpy(), test["p_adjusted"].to_numpy()
    p = t["p_value"].to_numpy(float)
    untested = "no peers" if np.isnan(p).all() else "too few"
    t["verdict"] = np.where(test["flagged"].to_numpy(), "flagged",
                            np.where(np.isnan(p), untested, "quiet"))
    if "no_peers" in test:
        t.loc[test["no_peers"].to_numpy(), "verdict"] = "no peers"
    t["office_name"] = [names.get(c, c) for c in t["office"]]
    return t[TABLE_COLUMNS]


def signal_findings(signal: str, table: pd.DataFrame, *, synthetic: bool) -> list[Finding]:
    """One ``warning`` finding (status ``flagged``) per flagged office of ``table``."""
    info = SIGNALS[signal]
    tag_en = " [SYNTHETIC records]" if synthetic else ""
    tag_vi = " [dữ liệu GIẢ LẬP]" if synthetic else ""
    out = []
    for r in table[table["verdict"] == "flagged"].itertuples():
        out.append(new_finding(
            signal, "warning", "flagged", recomputed=round(float(r.size), 4),
            interval_low=_round(r.low), interval_high=_round(r.high),
            arithmetic=(f"{info['size']}: {r.size:.2f} ({r.low:.2f} to {r.high:.2f}); "
                        + (f"{info['rule']}; peers' share {r.reference:.2f}, "
                           f"Holm-adjusted p against it = {r.p_adjusted:.2g}" if "rule" in info
                           else f"reference {r.reference:.2f}; Holm-adjusted p = "
                                f"{r.p_adjusted:.2g}")),
            message_en=(f"{r.office_name}: {info['title'].lower()}: {info['size']} "
                        f"{r.size:.2f} " + (f"({info['rule']}; peers {r.reference:.2f})"
                                            if "rule" in info else
                                            f"against a reference of {r.reference:.2f}")
                        + f" ({int(r.count)} of {int(r.n)}). This shows {info['can']}; it "
                        f"cannot show {info['cannot']}.{tag_en}"),
            message_vi=(f"{r.office_name}: {info['title_vi'].lower()}: {info['size_vi']} "
                        f"{_vi(r.size)} " + (f"({info['rule_vi']}; các đơn vị khác "
                                             f"{_vi(r.reference)})" if "rule" in info else
                                             f"so với mức tham chiếu {_vi(r.reference)}")
                        + f" ({int(r.count)} trên {int(r.n)}). Dấu hiệu này cho thấy "
                        f"{info['can_vi']}; nó không cho biết {info['cannot_vi']}.{tag_vi}"),
            subject=f"{r.office_name}: {signal}", unit_code=str(r.office),
            unit_name=str(r.office_name), metric=signal))
    return out


def _vi(x: float) -> str:
    """A figure of a Vietnamese message (comma decimals, ``motcua.vn.numbers.fmt_vi``)."""
    from motcua.vn.numbers import fmt_vi

    return fmt_vi(float(x), 2)


def _round(x) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 4)
