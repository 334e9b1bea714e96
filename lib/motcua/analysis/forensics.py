"""Forensic signals in dossier records: the shared parts (office names, the two office tests,
the signal table, findings).

Each signal (``SIGNALS``) measures one pattern per office that would appear if on-time figures
were managed rather than earned, and says for which offices the pattern is larger than chance
and peers allow. Signals live in their own modules:

- ``forensics_bunching``: resolutions piled on the due day (excess mass over a smooth
  counterfactual), and due-day resolutions whose result is handed over days later (backdating);
- ``forensics_withdrawals``: withdraw-and-resubmit pairs; the share withdrawn, refused or stopped;
- ``forensics_records``: late dossiers with no apology slip; impossible or odd timestamps.

Two office tests, each run over all offices of a locality with Holm's step-down correction
(Holm 1979, "A simple sequentially rejective multiple test procedure", Scand. J. Statistics 6;
:func:`holm`), so ``alpha`` is the family-wise false-alarm rate of one signal in
one locality:

``rare_event_test``
    For events that should not happen at all (a missing slip, a clock-reset pair): the office's
    count against a binomial with the rate of its peers. Peers are the other offices **not
    already flagged** (iterated until no new office is flagged), so a few bad offices do not
    raise the reference for the rest; the reference rate is (events + ½) / (dossiers + 1), so
    peers with no event still leave room for chance.
``funnel_test``
    For shares every office has (withdrawals, due-day bunching): a funnel plot with additive
    over-dispersion (Spiegelhalter 2005, "Handling over-dispersion of performance indicators",
    Quality and Safety in Health Care 14: DerSimonian–Laird τ²), one-sided (only excess is
    suspicious), because offices differ for ordinary reasons and a plain binomial test would
    flag every large office. Each office is left out of its own reference (the cross-validatory
    p-values of Ohlssen, Sharples & Spiegelhalter 2007, "A hierarchical modelling framework for
    identifying unusual performance in health care providers", JRSS A 170(4)): with a dozen
    offices, an office inside its own reference widens τ² and hides itself, and Spiegelhalter's
    winsorised τ² instead flagged ordinary spread (a simulation with 12–19 offices and
    log-normal spread gave 16–38% false alarms per locality against 4–8% this way).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from motcua.analysis import ontime
from motcua.findings import Finding, new_finding
from motcua.stats import proportion_interval

#: What each signal measures, what it would catch, and what it cannot tell.
SIGNALS = {
    "bunching": dict(
        title="Resolutions piled on the due day",
        fault="backdated_resolution",
        size="excess share of window resolutions, %",
        can="that an office records far more resolutions on the due day and the working day "
            "before it than its own trend of the days before predicts, more than its peers do",
        cannot="whether the piled-up resolutions were backdated or genuinely finished at the "
               "last minute (deadline work is normal; only the excess over peers is a signal)",
        title_vi="Dồn kết quả vào ngày hẹn trả",
        size_vi="phần kết quả vượt xu hướng trong cửa sổ, %",
        can_vi="đơn vị ghi nhận số kết quả vào ngày hẹn trả và ngày làm việc liền trước nhiều hơn"
               " hẳn mức mà xu hướng các ngày trước đó của chính nó dự báo, và nhiều hơn các đơn "
               "vị khác",
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
    (when the records have it), ``returned_at`` (first ``returned`` event), ``apology`` (a slip
    is recorded) and ``data_end`` (the last event of the records)."""
    tl = ontime.dossier_timeline(dossiers, events)
    d = dossiers.set_index("dossier_id")
    tl["office"] = d["reception_unit"].astype(str)
    tl["procedure_id"] = d["procedure_id"].astype(str) if "procedure_id" in d else ""
    tl["applicant_key"] = (d["applicant_key"].astype(object) if "applicant_key" in d
                           else None)
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


def holm(p: np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values; NaN stays NaN. Hand-written (the step-down formula, a few lines)
    because statsmodels' ``multipletests`` runs a full garbage collection on every call, which
    costs a fifth of a second in a notebook's process; tests/test_forensics.py checks it
    against ``multipletests(method="holm")``."""
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok):
        order = ok[np.argsort(p[ok], kind="stable")]
        m = len(order)
        steps = np.minimum(1.0, (m - np.arange(m)) * p[order])
        out[order] = np.maximum.accumulate(steps)
    return out


def rare_event_test(count: np.ndarray, n: np.ndarray, alpha: float) -> pd.DataFrame:
    """Office counts against their unflagged peers (module docstring): columns ``reference``
    (peer rate), ``p_value``, ``p_adjusted`` and ``flagged``."""
    count, n = np.asarray(count, float), np.asarray(n, float)
    flagged = np.zeros(len(n), dtype=bool)
    testable = n >= 1  # an exact test: small offices simply have little power
    for _ in range(len(n) + 1):
        ref_k = np.array([count[(~flagged) & testable].sum() - (count[i] if not flagged[i]
                          and testable[i] else 0) for i in range(len(n))])
        ref_n = np.array([n[(~flagged) & testable].sum() - (n[i] if not flagged[i]
                          and testable[i] else 0) for i in range(len(n))])
        rate = (ref_k + 0.5) / (ref_n + 1)
        p = np.where(testable & (ref_n > 0), stats.binom.sf(count - 1, n, rate), np.nan)
        adj = holm(p)
        new = flagged | (np.nan_to_num(adj, nan=1.0) < alpha)
        if (new == flagged).all():
            break
        flagged = new
    return pd.DataFrame({"reference": rate, "p_value": p, "p_adjusted": adj,
                         "flagged": flagged})


def funnel_test(value: np.ndarray, se: np.ndarray, alpha: float) -> pd.DataFrame:
    """One-sided over-dispersed funnel test of office values with standard errors ``se``
    (module docstring). Each office is judged against the **other** offices only: their
    DerSimonian–Laird between-office variance τ² and their precision-weighted mean; the office's
    z = (value − mean) / √(se² + τ² + Var(mean)) is read on a t distribution with one degree of
    freedom fewer than the other offices (τ² is estimated from them). Columns ``reference`` (the
    others' mean), ``tau``, ``p_value``, ``p_adjusted`` and ``flagged``."""
    value, se = np.asarray(value, float), np.asarray(se, float)
    ok = ~np.isnan(value) & ~np.isnan(se) & (se > 0)
    out = pd.DataFrame({"reference": np.nan, "tau": np.nan, "p_value": np.nan,
                        "p_adjusted": np.nan, "flagged": False}, index=range(len(value)))
    if ok.sum() < 4:
        return out
    idx = np.flatnonzero(ok)
    for i in idx:
        others = idx[idx != i]
        v, s2 = value[others], se[others] ** 2
        w = 1 / s2
        q = float(np.sum(w * (v - np.sum(w * v) / w.sum()) ** 2))
        tau2 = max(0.0, (q - (len(v) - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
        ws = 1 / (s2 + tau2)
        ref = float(np.sum(ws * v) / ws.sum())
        z = (value[i] - ref) / np.sqrt(se[i] ** 2 + tau2 + 1 / ws.sum())
        out.loc[i, ["reference", "tau", "p_value"]] = ref, np.sqrt(tau2), stats.t.sf(
            z, len(v) - 1)
    out["p_adjusted"] = holm(out["p_value"].to_numpy())
    out["flagged"] = np.nan_to_num(out["p_adjusted"].to_numpy(), nan=1.0) < alpha
    return out


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


def reference_test(count: np.ndarray, n: np.ndarray, rate: float, alpha: float) -> pd.DataFrame:
    """Office counts against one reference rate (binomial, one-sided), Holm across offices."""
    count, n = np.asarray(count, float), np.asarray(n, float)
    p = np.where(n >= 1, stats.binom.sf(count - 1, n, rate), np.nan)
    adj = holm(p)
    return pd.DataFrame({"reference": rate, "p_value": p, "p_adjusted": adj,
                         "flagged": np.nan_to_num(adj, nan=1.0) < alpha})


def finish_table(t: pd.DataFrame, test: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Add p-values, the verdict and the office name; columns ``TABLE_COLUMNS``."""
    t = t.copy()
    t["p_value"], t["p_adjusted"] = test["p_value"].to_numpy(), test["p_adjusted"].to_numpy()
    p = t["p_value"].to_numpy(float)
    untested = "no peers" if np.isnan(p).all() else "too few"
    t["verdict"] = np.where(test["flagged"].to_numpy(), "flagged",
                            np.where(np.isnan(p), untested, "quiet"))
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
                        f"reference {r.reference:.2f}; Holm-adjusted p = {r.p_adjusted:.2g}"),
            message_en=(f"{r.office_name}: {info['title'].lower()}: {info['size']} "
                        f"{r.size:.2f} against a reference of {r.reference:.2f} "
                        f"({int(r.count)} of {int(r.n)}). This shows {info['can']}; it cannot "
                        f"show {info['cannot']}.{tag_en}"),
            message_vi=(f"{r.office_name}: {info['title_vi'].lower()}: {info['size_vi']} "
                        f"{_vi(r.size)} so với mức tham chiếu {_vi(r.reference)} "
                        f"({int(r.count)} trên {int(r.n)}). Dấu hiệu này cho thấy "
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
