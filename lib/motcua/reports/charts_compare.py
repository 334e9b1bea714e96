"""Charts of a unit comparison: the funnel plot and the caterpillar plot of shrunken estimates.

Builders take the tables of :class:`motcua.analysis.compare.Comparison` and return a matplotlib
Figure of fixed size and resolution (style of :mod:`motcua.reports.plots`: DejaVu Sans, which
carries Vietnamese diacritics). An empty comparison gives a figure that says so.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from motcua.analysis import compare_text as text
from motcua.analysis.compare_funnel import level_tag
from motcua.reports.plots import DPI, empty_figure, style

FIGSIZE = (8.0, 4.8)
LIMIT_STYLE = {0: ("#4c72b0", "--"), 1: ("#c44e52", "-")}  # inner (95 %), outer (99.8 %)
POINT = {"": "#4c72b0", "low": "#c44e52", "high": "#dd8452"}


def _empty(words: str) -> plt.Figure:
    return empty_figure(words, FIGSIZE)


def _t(words: str, language: str) -> str:
    """A chart's words in the report's language (:data:`compare_text.CHART_VI`)."""
    return text.CHART_VI.get(words, words) if language == "vi" else words


def _tags(curve: pd.DataFrame) -> list[str]:
    return sorted({c.removeprefix("low_") for c in curve.columns if c.startswith("low_")},
                  key=lambda t: float("0." + t))


def funnel_chart(cmp, title: str = "", language: str = "en") -> plt.Figure:
    """Funnel plot: each unit's rate against its volume (log scale) with the limits in force
    (95 % dashed, 99.8 % solid) around the target; for scores, each unit's score against its
    rank with a band of constant width. Units outside the outer limits are labelled."""
    if not cmp.compared:
        return _empty(_t("Too few units to compare", language))
    style()
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    t, curve = cmp.funnel, cmp.curve
    outer = level_tag(max(cmp.confidence_levels))
    target = float(cmp.dispersion["target"].iloc[0])
    if cmp.kind == "counts":
        x_curve, x, scale = curve["denominator"], t["denominator"], 100.0
        y = t["rate"] * scale
        ax.set_xscale("log")
        ax.set_xlabel(_t("dossiers or forms (log scale)", language))
        ax.set_ylabel(f"{caption(cmp, language)} (%)")
    else:
        order = t.sort_values("value", ascending=False).reset_index(drop=True)
        pos = dict(zip(order["unit_code"], range(1, len(order) + 1)))
        x_curve, x, scale = curve["position"], t["unit_code"].map(pos), 1.0
        y = t["value"]
        ax.set_xlabel(_t("rank in the chosen year (1 = highest)", language))
        ax.set_ylabel(caption(cmp, language))
    for i, tag in enumerate(_tags(curve)):
        color, ls = LIMIT_STYLE[min(i, 1)]
        pct = f"{float('0.' + tag) * 100:g}%"
        lab = f"{pct} limits" if language == "en" else f"{_t('limits', language)} " \
                                                       f"{pct.replace('.', ',')}"
        ax.plot(x_curve, curve[f"low_{tag}"] * scale, color=color, ls=ls, lw=1, label=lab)
        ax.plot(x_curve, curve[f"high_{tag}"] * scale, color=color, ls=ls, lw=1)
    ax.axhline(target * scale, color="grey", lw=1, label=_t("target", language))
    colors = [POINT[o] for o in t[f"outside_{outer}"]]
    ax.scatter(x, y, c=colors, s=28, zorder=3, edgecolor="white", linewidth=0.5)
    for xi, yi, r in zip(x, y, t.itertuples(index=False)):
        if getattr(r, f"outside_{outer}"):
            ax.annotate(str(r.unit_name), (xi, yi), xytext=(4, 4), textcoords="offset points",
                        fontsize=7)
    lo = min(float(y.min()), float(curve[f"low_{outer}"].min() * scale))
    hi = max(float(y.max()), float(curve[f"high_{outer}"].max() * scale))
    pad = 0.05 * (hi - lo or 1)
    ax.set_ylim(lo - pad, min(hi + pad, 100.5) if cmp.kind == "counts" else hi + pad)
    ax.legend(fontsize=7, loc="best")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def caterpillar_chart(cmp, title: str = "", language: str = "en") -> plt.Figure:
    """Caterpillar plot: units ordered by their shrunken estimate, each with its 95 % interval
    (bar), shrunken estimate (dot) and raw value (cross)."""
    if not cmp.compared:
        return _empty(_t("Too few units to compare", language))
    style()
    r = cmp.ranks.sort_values("shrunk").reset_index(drop=True)
    height = max(FIGSIZE[1], 0.22 * len(r) + 1.2)
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], height), dpi=DPI)
    scale = 100.0 if cmp.kind == "counts" else 1.0
    y = np.arange(len(r))
    ax.hlines(y, r["low"] * scale, r["high"] * scale, color="#4c72b0", lw=2, alpha=0.6,
              label=_t("95% interval", language))
    ax.scatter(r["shrunk"] * scale, y, color="#4c72b0", s=22, zorder=3,
               label=_t("shrunken", language))
    ax.scatter(r["raw"] * scale, y, color="#dd8452", marker="x", s=22, zorder=3,
               label=_t("raw", language))
    ax.set_yticks(y)
    ax.set_yticklabels(r["unit_name"], fontsize=7 if len(r) > 25 else 8)
    ax.set_xlabel(f"{caption(cmp, language)}{' (%)' if cmp.kind == 'counts' else ''}")
    ax.legend(fontsize=7, loc="lower right")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# the tables a reader sees (the data each chart draws, and the statistics beside it)

#: Where each real source lives and under what terms (its SOURCE.md says more).
SOURCE_NOTES = {
    "dvc766_units": ("QĐ 766 unit indicators of Gia Lai, 2026 year to date (National Public "
                     "Service Portal, via the Crawler-766 repository)",
                     "data/real/dvc766-crawler766/SOURCE.md",
                     "no licence stated: a fixture of public figures"),
    "dvc766_provinces": ("QĐ 766 group scores of 34 provinces, 2022–2024 (dichvucong.gov.vn, "
                         "via a student dashboard repository)",
                         "data/real/dvc766-34prov-pmnm/SOURCE.md",
                         "no licence stated: a fixture of public figures"),
    "papi": ("PAPI sub-dimension scores, 63 provinces, 2011–2024 (papi.org.vn, via the "
             "ml-mcdm repository)", "data/real/papi-subdim-hnks/SOURCE.md", "MIT"),
}


def source_markdown(source: str, records=None, level: str = "", language: str = "en") -> str:
    """What the comparison is based on: SYNTHETIC records (labelled) or a real source with
    its SOURCE note and licence."""
    if language == "vi":
        note = SOURCE_NOTES.get(source, ("", "", ""))
        return text.source_markdown_vi(source, records, level, note=note[1], licence=note[2])
    where = level.replace("_", " ")
    if source == "records":
        if records is None:
            return "_No records: nothing to compare._"
        label = "**SYNTHETIC RECORDS** (invented, calibrated to published totals; not real " \
                "dossiers or survey forms)" if records.synthetic else "Records"
        return (f"{label}, {records.period_start} to {records.period_end}; units compared: "
                f"{where}.")
    what, note, licence = SOURCE_NOTES[source]
    return f"**Real public data**: {what}. Source note: `{note}`; licence: {licence}. " \
           f"Units compared: {where}."


def caption(cmp, language: str = "en") -> str:
    """The indicator's name in the report's language (a table's caption)."""
    return cmp.label if language == "en" else cmp.label_vi


def _pct_cols(df: pd.DataFrame, cols) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        if c in out:
            out[c] = out[c] * 100
    return out


#: Headings this report names differently from ``tables.COLUMN_LABELS_VI`` (there "target" is a
#: published goal, "chỉ tiêu"; here it is the funnel's benchmark).
COLUMNS_VI = {"target": "mức chuẩn"}


def _vi(df: pd.DataFrame, language: str, columns=()) -> pd.DataFrame:
    """In Vietnamese: the cells of ``columns`` in words (:data:`compare_text.VALUES_VI`, unit
    types) and the headings of :data:`COLUMNS_VI`."""
    if language != "vi":
        return df
    out = df.copy()
    for c in columns:
        out[c] = [text.VALUES_VI.get(v, text.unit_type(v, "vi")) if isinstance(v, str) else v
                  for v in out[c]]
    return out.rename(columns=COLUMNS_VI)


def dispersion_display(cmp, language: str = "en") -> pd.DataFrame:
    """One row: the target, φ, τ and the dispersion tests (rates in percent)."""
    if not cmp.compared:
        return pd.DataFrame()
    d = cmp.dispersion.iloc[0]
    scale = 100 if cmp.kind == "counts" else 1
    return pd.DataFrame([{
        "indicator": caption(cmp, language), "units": int(d["units"]),
        "target": d["target"] * scale,
        "pooled": d["pooled"] * scale,
        "phi (trimmed)": d["phi"], "tau": d["tau"], "chi2": d["chi2"], "df": int(d["df"]),
        "p (too alike)": d["p_under"], "p (too spread)": d["p_over"],
        "limits widened": bool(d["overdispersed"]), "all at 100%": bool(d["all_full"]),
    }]).pipe(_vi, language)


def funnel_display(cmp, outliers_only: bool = False, language: str = "en") -> pd.DataFrame:
    """Every unit as the funnel plot draws it: count, volume, rate (percent) or score, z and
    the limits in force; ``outside`` names the side of the outer limits a unit falls."""
    if not cmp.compared:
        return pd.DataFrame()
    t = cmp.funnel
    outer = level_tag(max(cmp.confidence_levels))
    cols = ["unit_code", "unit_name", "unit_type"]
    cols += ["numerator", "denominator", "rate"] if cmp.kind == "counts" else ["value"]
    cols += ["z"] + [c for c in t.columns if c.startswith(("low_", "high_"))]
    out = t[cols + [f"outside_{outer}"]].rename(columns={f"outside_{outer}": "outside"})
    if cmp.kind == "counts":
        out = _pct_cols(out, ["rate"] + [c for c in out if c.startswith(("low_", "high_"))])
    if outliers_only:
        out = out[out["outside"] != ""]
    return _vi(out.sort_values("z").reset_index(drop=True), language, ("unit_type", "outside"))


def prior_display(cmp, language: str = "en") -> pd.DataFrame:
    """The shrinkage prior: its mean and spread, and (counts) how many dossiers it is worth."""
    if not cmp.compared:
        return pd.DataFrame()
    p = cmp.prior.iloc[0]
    if cmp.kind == "counts":
        return pd.DataFrame([{"prior": "beta-binomial (ML)", "alpha": p["alpha"],
                              "beta": p["beta"], "mean %": 100 * p["prior_mean"],
                              "sd of true rates %": 100 * p["prior_sd"],
                              "worth (dossiers)": p["prior_size"],
                              "no variation detectable": bool(p["at_boundary"])}]
                            ).pipe(_vi, language, ("prior",))
    return pd.DataFrame([{"prior": "normal (DerSimonian–Laird τ²)", "mean": p["prior_mean"],
                          "sd of true scores": p["prior_sd"], "noise sd": p["noise_sd"]}]
                        ).pipe(_vi, language, ("prior",))


def rank_display(cmp) -> pd.DataFrame:
    """The caterpillar plot's data and the rank uncertainty, best shrunken estimate first."""
    if not cmp.compared:
        return pd.DataFrame()
    r = cmp.ranks.sort_values(["shrunk_rank", "unit_code"]).reset_index(drop=True)
    cols = ["unit_code", "unit_name", "raw", "shrunk", "low", "high", "raw_rank", "shrunk_rank",
            "rank_low", "rank_high", "p_top_quarter", "p_bottom_quarter"]
    if r["published_rank"].notna().any():
        cols.append("published_rank")
    out = r[cols]
    return _pct_cols(out, ["raw", "shrunk", "low", "high"]) if cmp.kind == "counts" else out


def left_out_display(comparisons, language: str = "en") -> pd.DataFrame:
    """Units of the source not compared, with the reason (one row per unit and indicator)."""
    parts = [c.left_out.assign(indicator=c.indicator) for c in comparisons
             if not c.left_out.empty]
    if not parts:
        return pd.DataFrame(columns=["indicator", "unit_code", "reason"])
    out = pd.concat(parts, ignore_index=True)[["indicator", "unit_code", "reason"]]
    return out.assign(reason=[text.reason(r, language) for r in out["reason"]])


def warnings_markdown(findings, language: str = "en") -> str:
    """The warnings (flagged units, units too alike): in English with the Vietnamese beside,
    in Vietnamese alone."""
    if language == "vi":
        return text.warnings_markdown_vi(findings)
    lines = [f"- **{f.check}** {f.message_en}  \n  *{f.message_vi}*" for f in findings
             if f.severity == "warning"]
    return "\n".join(lines) if lines else "_No unit lies outside the outer limits, and the " \
                                          "units are not more alike than chance allows._"


#: Decimals of the columns the comparison tables show (so 100 % prints as 100.00, not 100).
DECIMALS = {c: 2 for c in ("rate", "value", "raw", "shrunk", "low", "high", "z", "target",
                           "pooled",
                           "phi (trimmed)", "chi2", "mean %", "sd of true rates %", "mean",
                           "sd of true scores", "noise sd", "worth (dossiers)")} | {
    c: 2 for c in ("low_95", "high_95", "low_998", "high_998")} | {
    COLUMNS_VI["target"]: 2,  # the Vietnamese heading of "target" (dispersion_display)
    "p (too alike)": 4, "p (too spread)": 4, "tau": 4, "alpha": 3, "beta": 3,
    "mean_rank": 1, "p_top_quarter": 3, "p_bottom_quarter": 3}


def headline_markdown(findings, language: str = "en") -> str:
    """One line for the top of the report."""
    if language == "vi":
        return text.headline_markdown_vi(findings)
    w = sum(f.severity == "warning" for f in findings)
    i = sum(f.severity == "info" for f in findings)
    return (f"**{len(findings)} findings**: {w} warning (a unit, or a set of units, worth an "
            f"inspector's look), {i} info (the spread between units and how sure the ranks are).")
