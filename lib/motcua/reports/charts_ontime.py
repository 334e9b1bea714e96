"""Charts of the on-time drivers notebook: rates by factor, marginal effects, Kaplan–Meier
curves, and one chart per forensic signal.

Builders take the tables of ``motcua.analysis.drivers``, ``survival`` and ``forensics*`` and
return a matplotlib Figure of fixed size and resolution (DejaVu Sans, via ``plots.style``); an
empty table gives a figure that says so, so notebooks never branch. ``language`` ("en" or
"vi") chooses the words of axes, legends and empty figures (``TEXT``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from motcua.reports.plots import DPI, empty_figure, style

FIGSIZE = (8.0, 4.2)
COLORS = {"reported": "#4c72b0", "strict": "#dd8452", "flagged": "#c44e52", "quiet": "#8c8c8c",
          "trend": "#55a868"}


#: Axis labels, legends and empty-figure notes, (English, Vietnamese).
TEXT = {
    "no_dossiers": ("no dossiers", "không có hồ sơ"),
    "rate_axis": ("on time, % (interval)", "đúng hạn, % (khoảng tin cậy)"),
    "no_model": ("no model: nothing to estimate", "không có mô hình: không có gì để ước lượng"),
    "ame_axis": ("effect on the on-time rate, percentage points (vs the reference level)",
                 "tác động lên tỷ lệ đúng hạn, điểm phần trăm (so với mức tham chiếu)"),
    "no_resolved": ("no resolved dossiers", "không có hồ sơ đã giải quyết"),
    "days_axis": ("working days from the due date (0 = due day)",
                  "số ngày làm việc tính từ ngày hẹn trả (0 = ngày hẹn trả)"),
    "resolved_axis": ("resolved, %", "đã giải quyết, %"),
    "no_signal": ("no office has dossiers this signal can read",
                  "không đơn vị nào có hồ sơ mà dấu hiệu này đọc được"),
    "reference": ("reference", "mức tham chiếu"),
    "no_window": ("no dossier with a long enough limit", "không có hồ sơ nào có thời hạn đủ dài"),
    "resolutions": ("resolutions", "số kết quả"),
    "trend": ("trend of days −6…−2, extended", "xu hướng của các ngày −6…−2, kéo dài"),
}
_LANGUAGES = ("en", "vi")


def _t(key: str, language: str) -> str:
    if language not in _LANGUAGES:
        raise ValueError(f"language must be one of {_LANGUAGES}, not {language!r}")
    return TEXT[key][_LANGUAGES.index(language)]


def _empty(text: str) -> plt.Figure:
    return empty_figure(text, FIGSIZE)


def rates_chart(rates: pd.DataFrame, factor: str, conventions: tuple[str, str],
                title: str = "", language: str = "en") -> plt.Figure:
    """On-time rate (%) of each level of ``factor`` with its interval, under the reported
    (blue) and the strict (orange) convention. ``rates``: ``drivers.rates_by_factor``."""
    sub = rates[rates["factor"] == factor]
    if sub.empty:
        return _empty(_t("no_dossiers", language))
    style()
    levels = sorted(sub["level"].unique())
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], max(2.4, 0.32 * len(levels) + 1.2)), dpi=DPI)
    y = np.arange(len(levels))
    for shift, conv, key in ((-0.15, conventions[0], "reported"),
                             (0.15, conventions[1], "strict")):
        s = sub[sub["convention"] == conv].set_index("level").reindex(levels)
        err = [(100 * (s["rate"] - s["ci_low"])).clip(lower=0),  # float noise at 0% / 100%
               (100 * (s["ci_high"] - s["rate"])).clip(lower=0)]
        ax.errorbar(100 * s["rate"], y + shift, xerr=err,
                    fmt="o", color=COLORS[key], label=f"{conv}", ms=4, capsize=2)
    ax.set_yticks(y, levels)
    ax.invert_yaxis()
    ax.set_xlabel(_t("rate_axis", language))
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def ame_chart(table: pd.DataFrame | None, title: str = "", language: str = "en"
              ) -> plt.Figure:
    """Average marginal effects (percentage points) with the reported interval, one row per
    level, grouped by factor; zero marked."""
    if table is None or table.empty:
        return _empty(_t("no_model", language))
    style()
    labels = [f"{r.factor}: {r.level}" for r in table.itertuples()]
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], max(2.4, 0.26 * len(labels) + 1.2)), dpi=DPI)
    y = np.arange(len(labels))
    sig = (table["low"] > 0) | (table["high"] < 0)
    colors = np.where(sig, COLORS["flagged"], COLORS["reported"])
    ax.hlines(y, table["low"], table["high"], colors=colors, lw=1.5)
    ax.scatter(table["ame_pp"], y, c=colors, s=14, zorder=3)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(_t("ame_axis", language))
    ax.set_title(title, loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def km_chart(curves: pd.DataFrame, title: str = "", xlim: tuple[int, int] = (-15, 10),
             language: str = "en") -> plt.Figure:
    """Share resolved (1 − Kaplan–Meier) against working days from the due date, one step curve
    per group; the due day is the dashed line."""
    if curves.empty:
        return _empty(_t("no_resolved", language))
    style()
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    for g, c in curves.groupby("group", sort=True):
        c = c.sort_values("offset")
        x = np.r_[xlim[0], c["offset"].to_numpy(), xlim[1]]
        start = c.loc[c["offset"] < xlim[0], "resolved_share"]
        y0 = float(start.iloc[-1]) if len(start) else 0.0
        y = np.r_[y0, c["resolved_share"].to_numpy(), c["resolved_share"].iloc[-1]]
        ax.step(x, 100 * y, where="post", label=str(g), lw=1.2)
    ax.axvline(0, color="black", ls="--", lw=0.8)
    ax.set_xlim(*xlim)
    ax.set_xlabel(_t("days_axis", language))
    ax.set_ylabel(_t("resolved_axis", language))
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(fontsize=7, ncol=2, loc="upper left")
    fig.tight_layout()
    return fig


def signal_chart(table: pd.DataFrame, size_label: str, title: str = "",
                 language: str = "en") -> plt.Figure:
    """One forensic signal: each office's size with its interval, flagged offices in red, the
    reference as a dashed line."""
    t = table[table["n"] > 0]
    if t.empty or t["size"].isna().all():
        return _empty(_t("no_signal", language))
    style()
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], max(2.4, 0.26 * len(t) + 1.2)), dpi=DPI)
    y = np.arange(len(t))
    colors = np.where(t["verdict"] == "flagged", COLORS["flagged"], COLORS["quiet"])
    ax.hlines(y, t["low"], t["high"], colors=colors, lw=1.5)
    ax.scatter(t["size"], y, c=colors, s=16, zorder=3)
    ref = t["reference"].dropna()
    if len(ref):
        ax.axvline(float(ref.median()), color="black", ls="--", lw=0.8,
                   label=_t("reference", language))
        ax.legend(fontsize=8, loc="lower right")
    ax.set_yticks(y, t["office_name"], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(size_label)
    ax.set_title(title, loc="left", fontsize=10)
    fig.tight_layout()
    return fig


def bunching_chart(hist: pd.DataFrame, title: str = "", language: str = "en"
                   ) -> plt.Figure:
    """Resolutions by working day before the due date, all offices together (bars), and the sum
    of the offices' fitted trends (line): the bars above the line at −1 and 0 are the excess."""
    if hist.empty or hist["resolutions"].sum() == 0:
        return _empty(_t("no_window", language))
    style()
    tot = hist.groupby("offset").agg(resolutions=("resolutions", "sum"),
                                     trend=("trend", lambda s: s.sum(min_count=1)))
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    ax.bar(tot.index, tot["resolutions"], color=COLORS["reported"], alpha=0.7,
           label=_t("resolutions", language))
    ax.plot(tot.index, tot["trend"], color=COLORS["trend"], marker="o", ms=3,
            label=_t("trend", language))
    ax.set_xlabel(_t("days_axis", language))
    ax.set_ylabel(_t("resolutions", language))
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
