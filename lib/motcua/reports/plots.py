"""Figures for the reports: one style, fixed size and resolution, Vietnamese diacritics intact.

Builders take findings or tables and return a matplotlib Figure; notebooks show it and close it
(so no ``<Figure size …>`` repr reaches a checked output; docs/anchors.md B7).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from motcua.findings import Finding

FIGSIZE = (8.0, 3.6)
DPI = 110
COLORS = {"claimed": "#4c72b0", "recomputed": "#dd8452", "target": "#55a868", "fails": "#c44e52"}


def style() -> None:
    """The suite's look; DejaVu Sans carries Vietnamese diacritics."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")


def empty_figure(text: str, size: tuple[float, float] = FIGSIZE) -> plt.Figure:
    """A figure that says in words why there is nothing to draw (notebooks never branch)."""
    style()
    fig, ax = plt.subplots(figsize=size, dpi=DPI)
    ax.text(0.5, 0.5, text, ha="center", va="center")
    ax.set_axis_off()
    return fig


def rate_points(findings: list[Finding]) -> pd.DataFrame:
    """Claimed and recomputed on-time rates (percent) with the claim's rounding interval.

    One row per rate or target finding whose recomputed value is a rate: the label (the
    finding's ``subject``), the claimed value and its interval (None where the article states no
    rate), the recomputed rate, and the target where the finding compares with one.
    """
    rows = []
    for f in findings:
        # a rate finding with a claim that is neither held nor failed is an implied count
        if f.check == "rate" and f.recomputed is not None and (
                f.claimed is None or f.status in ("holds", "fails")):
            rows.append({"label": f.subject, "claimed": f.claimed, "low": f.interval_low,
                         "high": f.interval_high, "recomputed": f.recomputed, "target": None,
                         "status": f.status})
        elif f.check == "target" and f.metric == "on_time_rate" and f.recomputed is not None:
            rows.append({"label": f.subject, "claimed": None, "low": None, "high": None,
                         "recomputed": f.recomputed, "target": f.claimed, "status": f.status})
    return pd.DataFrame(rows, columns=["label", "claimed", "low", "high", "recomputed", "target",
                                       "status"])


def rates_chart(points: pd.DataFrame, title: str = "") -> plt.Figure:
    """Dot plot: recomputed rate (dot), claimed value with its rounding interval (bar), target
    (tick). An empty table gives a figure that says so, so notebooks never branch."""
    style()
    height = max(FIGSIZE[1], 0.55 * len(points) + 1.4)
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], height), dpi=DPI)
    if points.empty:
        ax.text(0.5, 0.5, "No on-time rate in these claims", ha="center", va="center")
        ax.set_axis_off()
        return fig
    y = range(len(points))
    for i, r in zip(y, points.itertuples()):
        if pd.notna(r.claimed):
            lo, hi = (r.low, r.high) if pd.notna(r.low) else (r.claimed, r.claimed)
            ax.plot([lo, hi], [i, i], color=COLORS["claimed"], lw=6, alpha=0.6,
                    solid_capstyle="butt")
            ax.plot([r.claimed], [i], marker="|", ms=14, color=COLORS["claimed"])
        if pd.notna(r.target):
            ax.plot([r.target], [i], marker="|", ms=18, mew=2.5, color=COLORS["target"])
        color = COLORS["fails"] if r.status == "fails" else COLORS["recomputed"]
        ax.plot([r.recomputed], [i], "o", color=color, ms=8)
    ax.set_yticks(list(y), list(points["label"]))
    ax.invert_yaxis()
    vals = pd.concat([points["recomputed"], points["claimed"].dropna(), points["target"].dropna()])
    lo = max(0.0, float(vals.min()) - 1.0)
    ax.set_xlim(lo, 100.5)
    ax.set_xlabel("dossiers resolved early or on time, % of received")
    handles = [
        plt.Line2D([], [], color=COLORS["claimed"], lw=6, alpha=0.6,
                   label="claimed (rounding interval)"),
        plt.Line2D([], [], color=COLORS["recomputed"], marker="o", ls="", label="recomputed"),
        plt.Line2D([], [], color=COLORS["fails"], marker="o", ls="", label="recomputed, fails"),
        plt.Line2D([], [], color=COLORS["target"], marker="|", ms=14, ls="", mew=2.5,
                   label="target"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4,
              fontsize=8, frameon=False)
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig


def records_chart(table: pd.DataFrame, title: str = "") -> plt.Figure:
    """Claimed rates and shares (band: the rounding interval, or "hơn" up to 100%) against
    the value recomputed from the records under each convention (dot, with its Wilson interval).
    Input: ``motcua.analysis.reconcile.recompute`` output; counts are left out (they are exact)."""
    style()
    pct = table[table["metric"].isin(["on_time_rate", "sat_very_share", "sat_ok_share",
                                      "sat_no_share"])].reset_index(drop=True)
    if pct.empty:
        fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
        ax.text(0.5, 0.5, "No rate or share to recompute from records", ha="center",
                va="center")
        ax.set_axis_off()
        return fig
    pct = pct.assign(label=pct["claim_id"] + " · " + pct["claimed"] + " · "
                     + pct["convention"])
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], max(FIGSIZE[1], 0.32 * len(pct) + 1.4)),
                           dpi=DPI)
    for i, r in pct.iterrows():
        ax.plot([r.claimed_low, min(r.claimed_high, 100.0)], [i, i], color=COLORS["claimed"],
                lw=6, alpha=0.45, solid_capstyle="butt")
        color = COLORS["recomputed"] if r.consistent else COLORS["fails"]
        if pd.notna(r.ci_low):
            ax.plot([r.ci_low, r.ci_high], [i, i], color=color, lw=1.5)
        ax.plot([r.recomputed], [i], "o", color=color, ms=6)
    ax.set_yticks(range(len(pct)), list(pct["label"]), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("percent")
    handles = [
        plt.Line2D([], [], color=COLORS["claimed"], lw=6, alpha=0.45, label="claimed"),
        plt.Line2D([], [], color=COLORS["recomputed"], marker="o", label="recomputed (95% CI)"),
        plt.Line2D([], [], color=COLORS["fails"], marker="o", label="outside the claim"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3,
              fontsize=8, frameon=False)
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig
