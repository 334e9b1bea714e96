"""Does a simulation reproduce the published figures of its locality? Each figure of the
profile's ``published`` list (``data/synth_profiles/<slug>.yaml``) recomputed from the tables.

Dossier counts follow ``REPRODUCTION_CONVENTION``, the ``received_cohort`` convention of
``motcua.analysis.ontime`` (received in the period, each followed to ``data_as_of``; on time =
resolved no later than the due date extended by supplement pauses). Survey shares are unweighted
means over units of per-unit shares, rounded half-up like the articles.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from motcua.analysis import ontime
from motcua.synth.profiles import PROFILES, Profile
from motcua.synth.result import SimulationResult
from motcua.synth.surveys import survey_shares
from motcua.vn.numbers import parse_vn_number

REPRODUCTION_CONVENTION = "received_cohort"
COUNT_METRICS = ("received", "on_time", "on_time_percent")


def published_checks(result: SimulationResult) -> list[dict]:
    """Recompute each published figure of the slug from the SYNTHETIC tables.

    Returns one dict per published figure: id, unit, metric, published text, expected and
    simulated values, ``matches``; and ``changed_by: "slow_office"`` on an on-time figure that
    does not match because it covers an office planted as slow (its on-time count drops).
    """
    prof = PROFILES[result.slug]
    truth = result.ground_truth
    slow = set(truth.loc[truth["fault"] == "slow_office", "reception_unit"])
    counts = published_counts(prof, result)
    out = []
    for p in prof.published:
        metric = p["metric"]
        expected, simulated = _expected_and_simulated(prof, p, counts, result)
        rec = dict(p)
        rec.update(expected=expected, simulated=simulated, matches=expected == simulated,
                   convention=REPRODUCTION_CONVENTION if "share" not in metric else None)
        if (not rec["matches"] and metric in ("on_time", "on_time_percent")
                and slow & units_of(prof, p["unit"])):
            rec["changed_by"] = "slow_office"
        out.append(rec)
    return out


def published_counts(prof: Profile, result: SimulationResult) -> dict[str, tuple[int, int]]:
    """(received, on time) per unit, per group and over ``all`` units."""
    if not any(p["metric"] in COUNT_METRICS for p in prof.published):
        return {}
    rates = ontime.rates_by_convention(
        result.dossiers, result.events, *prof.period, by="reception_unit",
        conventions=(REPRODUCTION_CONVENTION,),
    )
    per_unit = rates.set_index("group")
    counts = {}
    for unit in per_unit.index:
        counts[unit] = (int(per_unit.at[unit, "denominator"]),
                        int(per_unit.at[unit, "numerator"]))
    for g in prof.groups:
        counts[g.name] = tuple(int(sum(counts[u][i] for u in g.units)) for i in (0, 1))
    counts["all"] = tuple(int(sum(v[i] for k, v in counts.items()
                                  if k in per_unit.index)) for i in (0, 1))
    return counts


def _expected_and_simulated(prof: Profile, p: dict, counts: dict, result: SimulationResult):
    metric, unit, text = p["metric"], p["unit"], p["text"]
    if metric == "received":
        return (p["scaled_to"] if "scaled_to" in p else _count(text)), counts[unit][0]
    if metric == "on_time":
        return _count(text), counts[unit][1]
    if metric == "on_time_percent":
        share = counts[unit][1] / counts[unit][0]
        return _pct_text(text), _round_pct(share, _decimals(text))
    if metric == "interagency":
        d = result.dossiers
        in_period = d["received_at"].between(*ontime.period_bounds(*prof.period))
        here = d["is_interagency"] & in_period & (d["reception_unit"] == unit)
        return _count(text), int(here.sum())
    if metric.startswith("mean_share_") or metric == "share_very_satisfied":
        level = metric.removeprefix("mean_share_").removeprefix("share_")
        shares = survey_shares(result.surveys)
        is_centre = shares.index == "centre"
        sub = shares[is_centre] if unit == "centre" else shares[~is_centre]
        return _pct_text(text), _round_pct(float(sub[level].mean()), _decimals(text))
    if metric == "unit_count":
        sv = result.surveys
        simulated = int(sv.loc[sv["reception_unit"] != "centre", "reception_unit"].nunique())
        return _count(text.split("/")[0]), simulated
    raise ValueError(metric)  # pragma: no cover - profiles are checked when loaded


def units_of(prof: Profile, label: str) -> set[str]:
    """The reception units a published figure covers: a unit, a group or ``all``."""
    groups = {g.name: set(g.units) for g in prof.groups}
    if label == "all":
        return {u.code for u in prof.units}
    return groups.get(label, {label})


# -- published texts are in Vietnamese notation ------------------------------------------------


def _count(text: str) -> int:
    return int(parse_vn_number(text).value)


def _decimals(text: str) -> int:
    return parse_vn_number(text).decimals


def _pct_text(text: str) -> str:
    p = parse_vn_number(text)
    return f"{p.value:.{p.decimals}f}"


def _round_pct(share: float, decimals: int) -> str:
    """Half-up rounding of a share as a percentage with ``decimals`` decimals, in exact
    decimal arithmetic (as the articles print, e.g. 99,2%)."""
    q = Decimal(1).scaleb(-decimals)
    return str((Decimal(repr(float(share))) * 100).quantize(q, rounding=ROUND_HALF_UP))
