"""Everything the satisfaction notebook shows, computed in one call per source.

``analyse_surveys`` runs the survey-record analyses (``satisfaction``, ``satisfaction_signals``,
``satisfaction_model``, ``satisfaction_claims``) and gathers their findings; ``analyse_766`` does
the same for the real QĐ 766 aggregates (``real766``). The notebook only displays the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from motcua.analysis import real766
from motcua.analysis import satisfaction as sat
from motcua.analysis import satisfaction_findings as sf
from motcua.analysis import satisfaction_signals as sig
from motcua.analysis.satisfaction_claims import claim_distributions, claims_table
from motcua.analysis.satisfaction_model import ModelReport, model_report
from motcua.findings import Finding

#: The breakdowns shown in one chart besides the offices.
BREAKDOWNS = ("month", "field", "channel")


@dataclass
class SurveyAnalysis:
    """The tables of the survey-records part of the notebook."""

    synthetic: bool
    scale: int
    overview: pd.DataFrame
    by_office: pd.DataFrame
    breakdowns: pd.DataFrame
    criteria: pd.DataFrame
    overall_intervals: pd.DataFrame
    pooled: pd.DataFrame
    signals: dict[str, pd.DataFrame]
    funnel_limits: pd.DataFrame
    model: ModelReport
    claims: pd.DataFrame
    claim_distributions: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def overview(answers: pd.DataFrame, period: tuple[str, str], synthetic: bool) -> pd.DataFrame:
    """A few lines on what the survey table holds."""
    main = sat.main_answers(answers)
    rows = [("forms", main["response_id"].nunique()), ("answers", len(answers)),
            ("criteria per form", answers.groupby("response_id").size().max()),
            ("offices", main["office"].nunique()),
            ("scale", f"{len(answers['level'].cat.categories)} points"),
            ("forms linked to a resolved dossier", int(main["on_time"].notna().sum())),
            ("period of the records", f"{period[0]} – {period[1]}"),
            ("data", "SYNTHETIC (invented records)" if synthetic else "records")]
    return pd.DataFrame(rows, columns=["item", "value"]).astype({"value": "str"})


def office_table(answers: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Counts per level by office (headline answers), ``n``, and the very-satisfied share with
    its simultaneous interval (``satisfaction.office_intervals``), percent."""
    main = sat.main_answers(answers)
    dist = sat.distribution(main, ["office", "office_name"])
    ci = sat.office_intervals(main, alpha)
    top = ci[ci["level"] == sat.TOP_LEVEL].set_index("office")
    dist["very_satisfied_%"] = dist["office"].map(top["share"])
    dist["low_%"] = dist["office"].map(top["low"])
    dist["high_%"] = dist["office"].map(top["high"])
    return dist


def breakdown_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Counts per level by month, procedure field and channel, one table: ``group`` names the
    breakdown, ``label`` the row ("channel: online")."""
    main = sat.main_answers(answers)
    frames = []
    for col in BREAKDOWNS:
        known = main[main[col].notna()]
        d = sat.distribution(known.assign(value=known[col].astype("str")), "value")
        frames.append(d.assign(group=col, label=col + ": " + d["value"]))
    out = pd.concat(frames, ignore_index=True)
    levels = [c for c in out.columns if c in sat.SATISFACTION_LEVELS]
    return out[["group", "label", *levels, "n"]]


def signal_tables(answers: pd.DataFrame, dossiers: pd.DataFrame, alpha: float
                  ) -> dict[str, pd.DataFrame]:
    """The five form-quality signals at family-wise false-alarm rate ``alpha``."""
    return {"ceiling": sig.ceiling(answers, alpha),
            "straight_lining": sig.straight_lining(answers, alpha),
            "runs": sig.runs(answers, alpha), "bursts": sig.bursts(answers, alpha),
            "forms_per_dossier": sig.forms_per_dossier(answers, dossiers)}


def signal_findings(signals: dict[str, pd.DataFrame], synthetic: bool) -> list[Finding]:
    return (sf.ceiling_findings(signals["ceiling"], synthetic)
            + sf.straight_line_findings(signals["straight_lining"], synthetic)
            + sf.runs_findings(signals["runs"], synthetic)
            + sf.burst_findings(signals["bursts"], synthetic, sig.BURST_MINUTES)
            + sf.forms_findings(signals["forms_per_dossier"], synthetic))


def analyse_surveys(records, register=None, recomputed: pd.DataFrame | None = None,
                    audit_findings: list[Finding] | None = None, *, confidence: float = 0.95,
                    signal_alpha: float = 0.01, seed: int = 0, reps: int = 100
                    ) -> SurveyAnalysis:
    """The survey-record part: ``records`` a ``motcua.records.Records``; ``register`` (or
    None), with ``recomputed`` from ``reconcile.recompute`` and the claims audit's findings,
    for the claims shown beside the distributions."""
    alpha = 1 - confidence
    answers = sat.answer_table(records.surveys, records.dossiers, records.events)
    signals = signal_tables(answers, records.dossiers, signal_alpha)
    model = model_report(answers, reps=reps, seed=seed, alpha=alpha)
    main = sat.main_answers(answers)
    counts = sat.distribution(main.assign(all="all offices"), "all")
    levels = [c for c in counts.columns if c in sat.SATISFACTION_LEVELS]
    has_claims = register is not None and recomputed is not None
    return SurveyAnalysis(
        synthetic=records.synthetic, scale=len(levels),
        overview=overview(answers, (records.period_start, records.period_end), records.synthetic),
        by_office=office_table(answers, alpha), breakdowns=breakdown_table(answers),
        criteria=sat.criterion_summary(answers),
        overall_intervals=sat.simultaneous_intervals(counts[levels].iloc[0], alpha),
        pooled=sat.pooled_vs_average(main), signals=signals,
        funnel_limits=sig.funnel_limits(signals["ceiling"], signal_alpha), model=model,
        claims=claims_table(register, recomputed, audit_findings or []) if has_claims
        else pd.DataFrame(),
        claim_distributions=claim_distributions(register, answers) if has_claims
        else pd.DataFrame(),
        findings=(signal_findings(signals, records.synthetic)
                  + sf.model_findings(model.skipped, model.skipped_vi)))


@dataclass
class Analysis766:
    """The tables of the real-766 part of the notebook."""

    units: pd.DataFrame
    relation: dict
    decomposition: pd.DataFrame
    provinces: pd.DataFrame
    distribution: pd.DataFrame
    findings: list[Finding]


def analyse_766(units: pd.DataFrame, provinces: pd.DataFrame, highlight: str = "H21"
                ) -> Analysis766:
    """The real-766 part: unit figures (Gia Lai) and the provinces' MDHL."""
    table = real766.unit_table(units)
    decomposition = real766.mdhl_decomposition(table)
    return Analysis766(
        units=table, relation=real766.relation(table), decomposition=decomposition,
        provinces=real766.province_table(provinces),
        distribution=real766.province_distribution(provinces, highlight),
        findings=real766.findings(table, decomposition, provinces, highlight))


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """A signal table as the report shows it: without the office code (the name is there) and
    with tail probabilities in scientific notation ("1.9e-09"; "" where not tested)."""
    out = table.drop(columns=["office"], errors="ignore").copy()
    if "p_value" in out:
        out["p_value"] = [f"{p:.1e}" if pd.notna(p) else "" for p in out["p_value"]]
    return out
