"""Satisfaction survey answers: distributions by office, month, field and channel, simultaneous
intervals for the shares, and the pooled share beside the average of office shares.

Offices publish satisfaction as shares of "Rất hài lòng / Hài lòng / Không hài lòng" (3 points,
e.g. the Huế and Kim Bảng forms) or of a 5-point scale (domain.md §3.1). The survey table holds
one row per answer: a form (``response_id``) answers one or more ``criterion`` on the scale given
by ``scale_points`` (``motcua.records.schema``). Everything here works on that table joined to the
dossier each form rates (:func:`answer_table`).

Two aggregations are both in use (domain.md §3; Kim Bảng 2022 publishes "bình quân", an
unweighted average over communes): the **pooled** share (all forms of the group together) and
the **average of office shares** (each office counts once, whatever its number of forms). They
differ whenever offices of different size have different shares (:func:`pooled_vs_average`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import multinomial_proportions_confint

from motcua.analysis import ontime
from motcua.vn import calendar as wcal
from motcua.vn.localities import lookup
from motcua.vn.vocab import SATISFACTION_LEVELS

#: Answer levels, best first, as the survey table codes them (motcua.records.schema).
#: The levels of each scale, best first (domain.md §3.1: 3 points in Huế, 5 on ministry portals).
SCALE_LEVELS = {5: SATISFACTION_LEVELS, 3: ("very_satisfied", "satisfied", "dissatisfied")}
TOP_LEVEL = "very_satisfied"
#: Report labels of each level.
LEVEL_NAMES = {
    "en": {"very_satisfied": "very satisfied", "satisfied": "satisfied", "neutral": "neutral",
           "dissatisfied": "dissatisfied", "very_dissatisfied": "very dissatisfied"},
    "vi": {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "neutral": "Bình thường",
           "dissatisfied": "Không hài lòng", "very_dissatisfied": "Rất không hài lòng"},
}
#: The criterion that stands for the whole form when a form has several.
OVERALL = "overall"
#: Interval method for multinomial shares: Goodman (1965) suits few categories; statsmodels'
#: Sison–Glaz is documented for 7 or more categories, more than any satisfaction scale has.
INTERVAL_METHOD = "goodman"


def scale_levels(surveys: pd.DataFrame) -> tuple[str, ...]:
    """The levels (best first) of the one scale the survey table uses; ``ValueError`` when it
    mixes scales (their shares cannot be added: analyse each scale on its own)."""
    scales = sorted(set(surveys["scale_points"].astype(int)))
    if len(scales) != 1 or scales[0] not in SCALE_LEVELS:
        raise ValueError(f"survey table uses scales {scales}; expected one of "
                         f"{sorted(SCALE_LEVELS)} throughout")
    return SCALE_LEVELS[scales[0]]


def office_name(code: str, locality_code: str) -> str:
    """The name an office goes by in the report: the unit's name in the GSO list of 2025-01-04
    (``motcua.vn.localities``; a unit renamed since shows its later name, one merged away its
    code), or for ``centre`` the locality's one-stop centre."""
    if code == "centre":
        unit = lookup(str(locality_code))
        return f"{unit.name}: one-stop centre" if unit else "one-stop centre"
    unit = lookup(str(code))
    return unit.name if unit else f"unit {code}"


def answer_table(surveys: pd.DataFrame, dossiers: pd.DataFrame, events: pd.DataFrame
                 ) -> pd.DataFrame:
    """One row per answer, with what the analyses group by.

    Columns: ``response_id``, ``criterion``, ``office`` (reception unit code), ``locality_code``,
    ``office_name``,
    ``answered_at``, ``month`` ("YYYY-MM" of the answer), ``level`` (ordered categorical on the
    scale's levels, worst first), ``score`` (1 = worst … k = best), and from the linked dossier
    ``field``, ``channel``, ``on_time`` (resolved by the due date extended by supplement pauses,
    the shared definition of ``motcua.analysis.ontime.dossier_timeline``; NA when not linked or
    not resolved) and ``wait_days`` (working days from receipt to resolution).
    """
    levels = scale_levels(surveys)
    worst_first = list(reversed(levels))
    s = surveys.reset_index(drop=True)
    out = pd.DataFrame({
        "response_id": s["response_id"].astype("str"),
        "criterion": s["criterion"].astype("str") if "criterion" in s else OVERALL,
        "office": s["reception_unit"].astype("str"),
        "locality_code": s["locality_code"].astype("str"),
        "answered_at": pd.to_datetime(s["answered_at"]),
    })
    names = {(u, loc): office_name(u, loc) for u, loc in
             zip(out["office"], s["locality_code"].astype("str"))}
    out["office_name"] = [names[k] for k in zip(out["office"], s["locality_code"].astype("str"))]
    out["month"] = out["answered_at"].dt.strftime("%Y-%m")
    bad = sorted(set(s["satisfaction_level"].astype("str")) - set(levels))
    if bad:
        raise ValueError(f"answers {bad} are not levels of the {len(levels)}-point scale")
    out["level"] = pd.Categorical(s["satisfaction_level"].astype("str"),
                                  categories=worst_first, ordered=True)
    out["score"] = out["level"].cat.codes.astype("int64") + 1
    linked = _dossier_facts(dossiers, events)
    ids = s["dossier_id"].astype("str") if "dossier_id" in s else pd.Series("", index=s.index)
    facts = linked.reindex(ids.to_numpy()).reset_index(drop=True)
    for col in ("field", "channel", "on_time", "wait_days"):
        out[col] = facts[col]
    out["dossier_id"] = ids.to_numpy()
    return out


def _dossier_facts(dossiers: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Field, channel, on-time outcome and working days to resolution, by dossier id."""
    tl = ontime.dossier_timeline(dossiers, events)
    d = dossiers.set_index(dossiers["dossier_id"].astype("str"))
    on_time = (tl["resolved_at"] <= tl["due_adjusted"]).where(
        tl["resolved_at"].notna() & tl["due_adjusted"].notna())
    wait = wcal.working_days_between(tl["received_at"], tl["resolved_at"])
    return pd.DataFrame({
        "field": d["field_code"].astype("str"),
        "channel": d["channel"].astype("str"),
        "on_time": pd.array(on_time.to_numpy(), dtype="boolean"),
        "wait_days": wait.to_numpy(),
    }, index=d.index)


def main_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """One answer per form: the ``overall`` criterion where forms have it, else each form's
    first criterion (the form's headline answer)."""
    if (answers["criterion"] == OVERALL).any():
        return answers[answers["criterion"] == OVERALL]
    return answers.drop_duplicates("response_id")


def distribution(answers: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Counts of each level (columns, best first) by ``by``, with ``n``: one row per group."""
    by = [by] if isinstance(by, str) else list(by)
    levels = list(reversed(answers["level"].cat.categories))
    counts = answers.groupby(by + ["level"], observed=False).size().unstack("level")
    counts = counts.reindex(columns=levels, fill_value=0).fillna(0).astype("int64")
    counts = counts[counts.sum(axis=1) > 0]
    counts.columns = list(counts.columns)
    counts["n"] = counts[levels].sum(axis=1)
    return counts.reset_index()


def shares(dist: pd.DataFrame) -> pd.DataFrame:
    """The same table with each level's count turned into a percentage of ``n``."""
    out = dist.copy()
    levels = [c for c in dist.columns if c in SATISFACTION_LEVELS]
    out[levels] = 100 * dist[levels].div(dist["n"], axis=0)
    return out


def simultaneous_intervals(counts: pd.Series, alpha: float = 0.05,
                           method: str = INTERVAL_METHOD) -> pd.DataFrame:
    """Shares of each level (index of ``counts``) with intervals that hold **together** at
    ``1 − alpha`` (statsmodels ``multinomial_proportions_confint``; Goodman 1965), in percent."""
    c = np.asarray(counts, dtype=float)
    ci = multinomial_proportions_confint(c, alpha=alpha, method=method)
    n = c.sum()
    return pd.DataFrame({"level": list(counts.index), "count": c.astype("int64"),
                         "share": 100 * c / n, "low": 100 * ci[:, 0], "high": 100 * ci[:, 1]})


def office_intervals(answers: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """:func:`simultaneous_intervals` for each office (one row per office and level)."""
    dist = distribution(answers, ["office", "office_name"])
    levels = [c for c in dist.columns if c in SATISFACTION_LEVELS]
    frames = []
    for row in dist.itertuples(index=False):
        counts = pd.Series([getattr(row, lv) for lv in levels], index=levels)
        t = simultaneous_intervals(counts, alpha)
        t.insert(0, "office_name", row.office_name)
        t.insert(0, "office", row.office)
        t["n"] = row.n
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def per_form(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per form: its number of criteria, its worst and best answer, and whether every
    criterion got the same answer (``identical``; meaningful only with two or more criteria)."""
    g = answers.groupby("response_id", sort=False)
    cats = answers["level"].cat.categories
    worst = g["score"].min()
    best = g["score"].max()
    out = pd.DataFrame({
        "office": g["office"].first(), "office_name": g["office_name"].first(),
        "n_criteria": g.size(),
        "worst": pd.Categorical.from_codes(worst.to_numpy() - 1, categories=cats, ordered=True),
        "best": pd.Categorical.from_codes(best.to_numpy() - 1, categories=cats, ordered=True),
    })
    out["identical"] = (worst == best).to_numpy() & (out["n_criteria"] > 1).to_numpy()
    return out.reset_index()


def criterion_summary(answers: pd.DataFrame) -> pd.DataFrame:
    """Distribution per criterion, and of each form's worst answer (a form is only as good as
    its worst criterion), one row each."""
    crit = distribution(answers, "criterion")
    forms = per_form(answers).rename(columns={"worst": "level"})
    worst = distribution(forms.assign(criterion="(each form's worst answer)"), "criterion")
    return pd.concat([crit, worst], ignore_index=True) if forms["n_criteria"].max() > 1 else crit


def pooled_vs_average(answers: pd.DataFrame, groups: dict[str, pd.Series] | None = None
                      ) -> pd.DataFrame:
    """Each level's pooled share and unweighted average of office shares ("bình quân"), for
    every group of offices (default: all offices; the communes, i.e. every office but
    ``centre``, when there is a centre and two or more others). Percent."""
    if groups is None:
        groups = {"all offices": pd.Series(True, index=answers.index)}
        others = answers["office"] != "centre"
        if (~others).any() and answers.loc[others, "office"].nunique() >= 2:
            groups["communes (all offices but the centre)"] = others
    levels = list(reversed(answers["level"].cat.categories))
    rows = []
    for name, mask in groups.items():
        sub = answers[mask]
        dist = distribution(sub, "office")
        office_shares = dist[levels].div(dist["n"], axis=0)
        for lv in levels:
            pooled = 100 * dist[lv].sum() / dist["n"].sum()
            average = 100 * office_shares[lv].mean()
            rows.append(dict(group=name, level=lv, offices=len(dist), forms=int(dist["n"].sum()),
                             pooled=pooled, office_average=average, difference=average - pooled))
    return pd.DataFrame(rows)
