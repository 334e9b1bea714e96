"""Charts of the satisfaction notebook: diverging stacked bars of answer levels, the funnel of
very-satisfied shares against the number of forms, and the real 766 figures.

Builders take the tables of ``motcua.analysis.satisfaction``, ``satisfaction_signals`` and
``real766`` and return a matplotlib Figure of fixed size and resolution (DejaVu Sans, via
``plots.style``); an empty table gives a figure that says so, so notebooks never branch.

Diverging bars (Robbins and Heiberger, "Plotting Likert and other rating scales", 2011): the
satisfied levels run right of zero, the dissatisfied left, a neutral middle level straddles zero,
so bars line up on the split between satisfied and not.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import NullFormatter
import numpy as np
import pandas as pd

from motcua.analysis.satisfaction import LEVEL_NAMES
from motcua.vn.vocab import SATISFACTION_LEVELS
from motcua.reports.plots import DPI, empty_figure, style

WIDTH = 8.0
#: Colours of the levels, best first (a blue–grey–red diverging scheme).
LEVEL_COLORS = {"very_satisfied": "#2166ac", "satisfied": "#92c5de", "neutral": "#d9d9d9",
                "dissatisfied": "#f4a582", "very_dissatisfied": "#b2182b"}
POSITIVE = ("satisfied", "very_satisfied")  # drawn outwards from zero in this order
NEGATIVE = ("dissatisfied", "very_dissatisfied")
#: Segments narrower than this (percent) carry no count label.
LABEL_MIN = 6.0
MAX_ROWS = 40
#: The words on the charts, English and Vietnamese.
WORDS = {
    "no_answers": ("no answers", "không có câu trả lời"),
    "no_offices": ("no offices", "không có đơn vị"),
    "no_units": ("no unit with dossiers", "không có đơn vị nào có hồ sơ"),
    "no_provinces": ("no provinces", "không có tỉnh nào"),
    "diverging_x": ("% of answers: dissatisfied ← 0 → satisfied",
                    "% câu trả lời: không hài lòng ← 0 → hài lòng"),
    "plausible": ("largest plausible share (peers' beta-binomial reference)",
                  "tỷ lệ hợp lý cao nhất (tham chiếu beta-nhị thức từ các đơn vị khác)"),
    "office": ("office", "đơn vị"), "flagged": ("flagged office", "đơn vị bị đánh dấu"),
    "forms_x": ("forms (log scale)", "số phiếu (thang logarit)"),
    "very_y": ("very satisfied, %", "rất hài lòng, %"),
    "diagonal": ("satisfied share = on-time share", "tỷ lệ hài lòng = tỷ lệ đúng hạn"),
    "agency": ("agency (size: dossiers)", "sở, ban, ngành (kích thước: số hồ sơ)"),
    "commune": ("commune (size: dossiers)", "xã (kích thước: số hồ sơ)"),
    "on_time_x": ("on time (tdgq_total_on_time ÷ received), %",
                  "đúng hạn (tdgq_total_on_time ÷ tiếp nhận), %"),
    "satisfied_y": ("766 'satisfied' (satisfaction_num ÷ den), %",
                    "'hài lòng' theo 766 (satisfaction_num ÷ den), %"),
    "mdhl_x": ("MDHL (satisfaction group of the 766 index), points of 18",
               "MDHL (nhóm chỉ số hài lòng của bộ chỉ số 766), điểm trên 18"),
}


def _w(key: str, language: str) -> str:
    return WORDS[key][1 if language == "vi" else 0]


def _empty(text: str) -> plt.Figure:
    return empty_figure(text, (WIDTH, 1.6))


def _segments(table: pd.DataFrame, levels: list[str]) -> dict[str, tuple[np.ndarray, ...]]:
    """Left edge, width (percent) and count of each level's segment in each row."""
    counts = table[levels].to_numpy(float)
    n = table["n"].to_numpy(float) if "n" in table else np.full(len(table), np.nan)
    share = 100 * counts / n[:, None] if "n" in table else counts
    idx = {lv: i for i, lv in enumerate(levels)}
    half = share[:, idx["neutral"]] / 2 if "neutral" in idx else np.zeros(len(table))
    out = {}
    if "neutral" in idx:
        out["neutral"] = (-half, share[:, idx["neutral"]], counts[:, idx["neutral"]])
    for group, sign in ((POSITIVE, 1), (NEGATIVE, -1)):
        edge = half.copy()
        for lv in (x for x in group if x in idx):
            w = share[:, idx[lv]]
            out[lv] = ((edge if sign > 0 else -edge - w), w, counts[:, idx[lv]])
            edge = edge + w
    return out


def diverging_bars(table: pd.DataFrame, label: str, title: str = "", language: str = "en",
                   counts: bool = True) -> plt.Figure:
    """One bar per row of ``table`` (a ``satisfaction.distribution``: level columns best
    first, ``n``; or, with ``counts=False``, level columns in percent), labelled by column
    ``label``; counts printed in wide segments and ``n`` at the right."""
    if table.empty:
        return _empty(_w("no_answers", language))
    table = table.head(MAX_ROWS)
    levels = [lv for lv in SATISFACTION_LEVELS if lv in table.columns]
    style()
    fig, ax = plt.subplots(figsize=(WIDTH, max(1.8, 0.34 * len(table) + 1.3)), dpi=DPI)
    y = np.arange(len(table))
    for lv, (left, width, cnt) in _segments(table, levels).items():
        ax.barh(y, width, left=left, color=LEVEL_COLORS[lv], edgecolor="white", height=0.7,
                label=LEVEL_NAMES[language][lv])
        for yi, l0, w, c in zip(y, left, width, cnt):
            if counts and w >= LABEL_MIN:
                ax.text(l0 + w / 2, yi, f"{int(c):,}", ha="center", va="center", fontsize=7,
                        color="white" if lv in ("very_satisfied", "very_dissatisfied") else "black")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, table[label].astype(str).tolist(), fontsize=8)
    ax.invert_yaxis()
    segs = _segments(table, levels)
    left = min([0.0] + [float(np.min(seg[0])) for seg in segs.values()])
    left = -max(10.0, 10 * np.ceil(-left / 10) + 5)
    ax.set_xlim(left, 122)
    ticks = [t for t in range(-100, 101, 25) if t >= left]
    ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
    if counts and "n" in table:
        for yi, n in zip(y, table["n"]):
            ax.text(102, yi, f"n={int(n):,}", va="center", fontsize=7)
    ax.set_xlabel(_w("diverging_x", language))
    ax.set_title(title, loc="left", fontsize=10, pad=22)
    handles, names = ax.get_legend_handles_labels()
    order = [names.index(LEVEL_NAMES[language][lv]) for lv in levels]
    ax.legend([handles[i] for i in order], [names[i] for i in order], fontsize=7, ncol=len(order),
              loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False, borderaxespad=0.2)
    fig.tight_layout()
    return fig


def funnel(table: pd.DataFrame, limits: pd.DataFrame, title: str = "", language: str = "en"
           ) -> plt.Figure:
    """Very-satisfied share (%) of each office against its number of forms, with the largest
    share the peers' reference makes plausible at each size (line); flagged offices in red."""
    if table.empty:
        return _empty(_w("no_offices", language))
    style()
    fig, ax = plt.subplots(figsize=(WIDTH, 4.2), dpi=DPI)
    if not limits.empty:
        ax.plot(limits["forms"], limits["upper"], color="#8c8c8c", lw=1.2,
                label=_w("plausible", language))
    flagged = table["flagged"].astype(bool)
    ax.scatter(table.loc[~flagged, "forms"], table.loc[~flagged, "share"], color="#4c72b0",
               s=22, label=_w("office", language), zorder=3)
    ax.scatter(table.loc[flagged, "forms"], table.loc[flagged, "share"], color="#c44e52", s=30,
               label=_w("flagged", language), zorder=4)
    for r in table[flagged].itertuples():
        ax.annotate(r.office_name, (r.forms, r.share), xytext=(-4, -12), ha="right",
                    textcoords="offset points", fontsize=7, color="#c44e52")
    ax.set_xscale("log")
    lo, hi = max(1, table["forms"].min() / 3), table["forms"].max() * 1.5
    ax.set_xlim(lo, hi)
    nice = [m * 10 ** e for e in range(0, 6) for m in (1, 2, 5) if lo <= m * 10 ** e <= hi]
    ax.set_xticks(nice, [f"{t:,}" for t in nice])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(-2, 105)
    ax.set_xlabel(_w("forms_x", language))
    ax.set_ylabel(_w("very_y", language))
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig


def indicator_scatter(units: pd.DataFrame, title: str = "", language: str = "en") -> plt.Figure:
    """766 satisfaction share against on-time share, one dot per unit, with the diagonal."""
    has = units[units["dossiers"] > 0]
    if has.empty:
        return _empty(_w("no_units", language))
    style()
    fig, ax = plt.subplots(figsize=(WIDTH * 0.7, 4.6), dpi=DPI)
    ax.plot([40, 100], [40, 100], color="#8c8c8c", lw=1, label=_w("diagonal", language))
    for group, color in (("agency", "#4c72b0"), ("commune", "#dd8452")):
        g = has[has["group"] == group]
        ax.scatter(g["on_time_share"], g["satisfied_share"], s=12 + 6 * np.log10(g["dossiers"]),
                   color=color, label=_w(group, language), zorder=3)
    ax.set_xlabel(_w("on_time_x", language))
    ax.set_ylabel(_w("satisfied_y", language))
    ax.set_title(title, loc="left", fontsize=10)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig


def province_mdhl(provinces: pd.DataFrame, highlight: str = "H21", title: str = "",
                  language: str = "en") -> plt.Figure:
    """Each province's MDHL (of 18), highest first, the highlighted province in orange."""
    if provinces.empty:
        return _empty(_w("no_provinces", language))
    style()
    fig, ax = plt.subplots(figsize=(WIDTH, 0.2 * len(provinces) + 1.2), dpi=DPI)
    y = np.arange(len(provinces))
    colors = np.where(provinces["department_code"] == highlight, "#dd8452", "#4c72b0")
    ax.barh(y, provinces["MDHL"], color=colors, height=0.7)
    ax.axvline(18, color="black", lw=0.8)
    ax.set_yticks(y, provinces["department_name"].str.replace("UBND ", "", regex=False).tolist(),
                  fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 19)
    ax.set_xlabel(_w("mdhl_x", language))
    ax.set_title(title, loc="left", fontsize=10)
    fig.tight_layout()
    return fig
