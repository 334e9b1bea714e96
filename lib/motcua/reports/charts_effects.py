"""Charts of reform effects: the event study, PAPI trends by region, before/after changes.

Builders take the tables of :mod:`motcua.analysis.effects` and
:mod:`motcua.analysis.effects_papi` and return a matplotlib Figure of fixed size and resolution
(style of :mod:`motcua.reports.plots`: DejaVu Sans). Titles, axis labels and legends are in the
report's language (``language="en"`` or ``"vi"``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from motcua.analysis.effects_findings import translate
from motcua.reports.plots import DPI, style

FIGSIZE = (8.0, 4.6)
IW, TWFE, TRUTH = "#4c72b0", "#c44e52", "#55a868"
_WORDS = {
    "en": {"iw": "Sun–Abraham ({level} wild cluster bootstrap)", "twfe": "naive dynamic TWFE",
           "truth": "planted effect (SYNTHETIC)", "clusters": ", {n} clusters",
           "months": "months since adoption (−1 = reference month)",
           "effect": "effect on {outcome} (points)", "event_study": "Event study{clusters}",
           "year": "survey year", "score": "mean dimension score (1–10)",
           "change": "change in mean dimension score (after − before)"},
    "vi": {"iw": "Sun–Abraham (bootstrap cụm kiểu wild, {level})",
           "twfe": "TWFE động thông thường", "truth": "tác động cài sẵn (GIẢ LẬP)",
           "clusters": ", {n} cụm", "months": "số tháng kể từ khi áp dụng (−1 = tháng tham chiếu)",
           "effect": "tác động lên {outcome} (điểm %)",
           "event_study": "Nghiên cứu sự kiện (event study){clusters}", "year": "năm khảo sát",
           "score": "điểm trung bình của chỉ số nội dung (1–10)",
           "change": "thay đổi điểm trung bình của chỉ số nội dung (sau − trước)"},
}


def event_study_chart(events: pd.DataFrame, *, outcome_label: str, scale: float = 100.0,
                      n_clusters: int | None = None, title: str = "", language: str = "en",
                      confidence: float = 0.95) -> plt.Figure:
    """Sun–Abraham estimates by event time with their wild bootstrap intervals (blue), the
    naive dynamic TWFE estimates (red crosses) and, for a SYNTHETIC panel, the planted effect
    (green line). ``scale`` multiplies proportions into points; ``outcome_label`` is in the
    report's language."""
    style()
    words = _WORDS[language]
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    e = events["event_time"].to_numpy()
    est = events["estimate"].to_numpy() * scale
    err = np.vstack([est - events["ci_low"].to_numpy() * scale,
                     events["ci_high"].to_numpy() * scale - est])
    ax.axhline(0, color="black", lw=0.8)
    ax.axvline(-0.5, color="grey", ls=":", lw=1)
    ax.errorbar(e, est, yerr=err, fmt="o", color=IW, ms=4, capsize=2,
                label=words["iw"].format(level=f"{100 * confidence:g}%"))
    ax.plot(e, events["twfe_dynamic"].to_numpy() * scale, "x", color=TWFE, label=words["twfe"])
    if events["true_effect"].notna().all():
        ax.plot(e, events["true_effect"].to_numpy(dtype=float) * scale, "-", color=TRUTH,
                lw=1.5, label=words["truth"])
    clusters = words["clusters"].format(n=n_clusters) if n_clusters else ""
    ax.set_xlabel(words["months"])
    ax.set_ylabel(words["effect"].format(outcome=outcome_label))
    ax.set_title(title or words["event_study"].format(clusters=clusters))
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def papi_trends_chart(trends: pd.DataFrame, *, reform_year: int,
                      codebook_years: tuple[int, ...] = (2018, 2021), labels=None,
                      language: str = "en") -> plt.Figure:
    """Mean PAPI dimension score by year, one line per region (thin) and all provinces (thick
    black), one panel per dimension; the reform year dashed, codebook changes dotted.
    ``labels``: dimension → its name in the report's language."""
    style()
    words = _WORDS[language]
    dims = sorted(trends["dimension"].unique())
    fig, axes = plt.subplots(1, len(dims), figsize=(10.0, 4.6), dpi=DPI, sharey=True,
                             squeeze=False)
    for ax, dim in zip(axes[0], dims):
        t = trends[trends["dimension"] == dim]
        for region, g in t.groupby("region", sort=True):
            national = region == "All provinces"
            ax.plot(g["year"], g["mean_score"], color="black" if national else None,
                    lw=2.5 if national else 1.0, label=translate(region, language),
                    marker="." if national else None)
        ax.axvline(reform_year, color="grey", ls="--", lw=1)
        for y in codebook_years:
            ax.axvline(y - 0.5, color="grey", ls=":", lw=1)
        ax.set_title((labels or {}).get(dim, dim), fontsize=10)
        ax.set_xlabel(words["year"])
    axes[0][0].set_ylabel(words["score"])
    axes[0][-1].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def change_chart(summary: pd.DataFrame, *, title: str = "", language: str = "en"
                 ) -> plt.Figure:
    """Mean change in score (after − before) by region with 95% t intervals over provinces;
    one marker per comparison (column ``comparison``) and dimension (``dimension``)."""
    style()
    fig, ax = plt.subplots(figsize=(8.0, 5.6), dpi=DPI)
    keys = list(summary.groupby(["comparison", "dimension"], sort=False).groups)
    regions = list(dict.fromkeys(summary["region"]))
    y = np.arange(len(regions))
    for i, (comparison, dim) in enumerate(keys):
        g = summary[(summary["comparison"] == comparison) & (summary["dimension"] == dim)] \
            .set_index("region").reindex(regions)
        off = (i - (len(keys) - 1) / 2) * 0.18
        err = np.vstack([g["mean_change"] - g["ci_low"], g["ci_high"] - g["mean_change"]])
        ax.errorbar(g["mean_change"], y + off, xerr=err, fmt="o", ms=4, capsize=2,
                    label=f"{dim}, {translate(comparison, language)}")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [translate(r, language) for r in regions])
    ax.invert_yaxis()
    ax.set_xlabel(_WORDS[language]["change"])
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.4, -0.14), ncol=2)
    fig.tight_layout()
    return fig
