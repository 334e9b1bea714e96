"""SYNTHETIC satisfaction-survey forms linked to returned dossiers: uncalibrated draws, or
(Kim Bảng) counts whose unweighted mean shares round to the published ones; the
uniform_satisfaction fault; the survey table of the contract (``motcua.records.schema``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.synth.clock import MINUTE
from motcua.synth.faults import SimulationError
from motcua.synth.profiles import Profile
from motcua.vn.numbers import parse_vn_number, rounding_interval_exact
from motcua.vn.vocab import SATISFACTION_LEVELS

THREE_POINT = ("very_satisfied", "satisfied", "dissatisfied")


def pick_uniform_unit(prof: Profile, rng) -> str:
    """Default mode: the uniform_satisfaction unit, a commune whose own figures are not
    published when there is one."""
    units = [u.code for u in prof.units]
    pool = [u.code for u in prof.units if u.level == "commune"] or units
    unpublished = [u.code for u in prof.units if u.code in pool and u.received is None]
    pool = unpublished or pool
    return pool[int(rng.integers(len(pool)))]


def surveys(prof: Profile, dossiers: pd.DataFrame, rng_for, calib_rng, uniform_units,
            ids_per_unit: bool) -> pd.DataFrame:
    """Survey forms linked to returned dossiers. ``rng_for(unit)`` is the unit's stream (the one
    stream in default mode); ``calib_rng`` draws the calibrated counts (Kim Bảng)."""
    ps, pe = ontime.period_bounds(*prof.period)
    returned = dossiers[dossiers["returned_at"].notna() & dossiers["received_at"].between(ps, pe)]
    units = [u.code for u in prof.units]
    if prof.satisfaction is not None:
        counts = calibrated_counts(prof, calib_rng, uniform_units)
    else:
        late = (dossiers["processing_end_at"] > dossiers["due_at"]).to_numpy()
        late_by_unit = pd.Series(late, index=dossiers.index).groupby(
            dossiers["reception_unit"]).mean()
        counts = {u: form_counts(prof, int((returned["reception_unit"] == u).sum()),
                                 float(late_by_unit.get(u, 0.0)), u in uniform_units, rng_for(u))
                  for u in units}
    rows = [unit_forms(u, returned[returned["reception_unit"] == u], counts.get(u, {}),
                       rng_for(u)) for u in units]
    sv = pd.concat([r for r in rows if r is not None], ignore_index=True).sort_values(
        ["answered_at", "dossier_id"], kind="stable")
    return survey_table(prof, sv, ids_per_unit)


def form_counts(prof: Profile, n_ret: int, late_rate: float, uniform: bool, rng) -> dict:
    """Uncalibrated forms of one unit: about 8% of its returned dossiers (at least 25), levels
    drawn with dissatisfaction rising with the unit's late rate."""
    n = max(int(rng.binomial(n_ret, 0.08)), min(25, n_ret))
    if uniform:
        return {"very_satisfied": n}
    if prof.scale_points == 3:
        lr = min(late_rate, 0.42)  # a slow office's late rate may exceed what a share allows
        probs = np.array([0.55, 0.43 - lr, 0.02 + lr])
        levels = list(THREE_POINT)
    else:
        lr = min(late_rate, 0.09)
        probs = np.array([0.45, 0.40, 0.10 - lr, 0.04 + lr, 0.01])
        levels = list(SATISFACTION_LEVELS)
    draw = rng.multinomial(n, probs / probs.sum())
    return dict(zip(levels, (int(x) for x in draw)))


def unit_forms(unit: str, pool: pd.DataFrame, counts: dict, rng) -> pd.DataFrame | None:
    """The unit's forms: answered by distinct returned dossiers, 1–29 minutes after return."""
    n = sum(counts.values())
    if n == 0:
        return None
    if len(pool) < n:
        raise RuntimeError(f"unit {unit}: {n} forms but {len(pool)} returned dossiers")
    pick = rng.choice(len(pool), size=n, replace=False)
    lv = np.concatenate([np.repeat(k, v) for k, v in counts.items() if v])
    rng.shuffle(lv)
    answered = pool["returned_at"].to_numpy()[pick] + rng.integers(1, 30, n) * MINUTE
    return pd.DataFrame({"reception_unit": unit, "dossier_id": pool["dossier_id"].to_numpy()[pick],
                         "answered_at": answered, "satisfaction_level": lv})


def survey_table(prof: Profile, sv: pd.DataFrame, ids_per_unit: bool) -> pd.DataFrame:
    """The survey table of the contract; response ids numbered over the locality (default) or
    within each unit (plant mode, so that one unit's forms do not renumber another's)."""
    n = len(sv)
    if ids_per_unit:
        seq = sv.groupby("reception_unit", sort=False).cumcount() + 1
        ids = [f"{prof.locality_code}-{u}-S{i:05d}" for u, i in zip(sv["reception_unit"], seq)]
    else:
        ids = [f"{prof.locality_code}-S{i:06d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "response_id": ids,
            "locality_code": prof.locality_code,
            "code_list": prof.code_list,
            "reception_unit": sv["reception_unit"].astype("str").to_numpy(),
            "dossier_id": pd.array(sv["dossier_id"].to_numpy(), dtype="str"),
            "answered_at": sv["answered_at"].astype("datetime64[us]").to_numpy(),
            "criterion": "overall",
            "satisfaction_level": pd.Categorical(sv["satisfaction_level"],
                                                 categories=list(SATISFACTION_LEVELS)),
            "scale_points": np.full(n, prof.scale_points, dtype="int64"),
            "is_synthetic": True,
        }
    ).astype({"response_id": "str", "locality_code": "str", "code_list": "str",
              "criterion": "str"})


def survey_shares(surveys: pd.DataFrame, criterion: str = "overall") -> pd.DataFrame:
    """Per reception unit, the share of forms at each satisfaction level (rows sum to 1)."""
    sv = surveys[surveys["criterion"] == criterion]
    tab = pd.crosstab(sv["reception_unit"], sv["satisfaction_level"].astype(str))
    tab = tab.reindex(columns=list(SATISFACTION_LEVELS), fill_value=0)
    return tab.div(tab.sum(axis=1), axis=0)


# -- calibrated counts (Kim Bảng) -----------------------------------------------------------------


def share_bounds(text: str) -> tuple[float, float]:
    """The shares a published percentage may have been rounded from (``motcua.vn.numbers``)."""
    p = parse_vn_number(text)
    lo, hi = rounding_interval_exact(p.value, p.decimals)
    return float(lo / 100), float(hi / 100)


def calibrated_counts(prof: Profile, rng, uniform_units) -> dict:
    """Per-unit form counts whose unweighted mean commune shares round to the published ones.

    One commune gets the single dissatisfied form; its size (105–118 forms, for 18 communes and
    a published 0,05%) puts the mean dissatisfied share at 1 / (18 n) ≈ 0.05%. Very-satisfied
    counts start from Beta draws and are nudged (±1 form, or +1/−1 between two communes) until
    the mean very-satisfied share is within 2e-5 of the midpoint of the values that round to the
    published very-satisfied share and, through 1 − vs − dissatisfied, to the published
    satisfied share. The centre gets 100% very satisfied. Communes in ``uniform_units`` are
    fixed at 100% very satisfied; the others make up the mean.
    """
    published = prof.satisfaction["communes"]
    communes = [u.code for u in prof.units if u.level == "commune"]
    k = len(communes)
    n_fixed = sum(u in communes for u in uniform_units)
    if n_fixed + 1 > k * share_bounds(published["very_satisfied"])[0]:
        raise SimulationError(
            f"uniform_satisfaction in {n_fixed} of {k} communes of {prof.slug} leaves no way to "
            f"reproduce the published mean very-satisfied share {published['very_satisfied']}")
    n = rng.integers(80, 201, k)
    free = [i for i, c in enumerate(communes) if c not in uniform_units]
    j = free[int(rng.integers(len(free)))]
    n[j] = rng.integers(105, 119)
    d = np.zeros(k, dtype=int)
    d[j] = 1
    mean_d = 1.0 / (k * n[j])
    vs_lo, vs_hi = share_bounds(published["very_satisfied"])
    sat_lo, sat_hi = share_bounds(published["satisfied"])
    target = (max(vs_lo, 1 - mean_d - sat_hi) + min(vs_hi, 1 - mean_d - sat_lo)) / 2
    fixed = np.zeros(k, dtype=bool)
    vs = np.zeros(k, dtype=int)
    for f in (communes.index(u) for u in uniform_units if u in communes):
        fixed[f] = True
        vs[f] = n[f]
    m_rest = (k * target - fixed.sum()) / (~fixed).sum()
    conc = 25.0
    p_i = rng.beta(m_rest * conc, (1 - m_rest) * conc, k)
    vs = np.where(fixed, vs, np.clip(np.round(p_i * n), 1, n - d - 1)).astype(int)
    _nudge(vs, n, d, fixed, k * target)
    counts = {}
    for i, c in enumerate(communes):
        counts[c] = {"very_satisfied": int(vs[i]), "satisfied": int(n[i] - vs[i] - d[i]),
                     "dissatisfied": int(d[i])}
    counts["centre"] = {"very_satisfied": int(rng.integers(150, 301))}
    return counts


def _nudge(vs: np.ndarray, n: np.ndarray, d: np.ndarray, fixed: np.ndarray, goal: float) -> None:
    """Move single forms until ``sum(vs / n)`` is within ``k * 2e-5`` of ``goal`` (in place)."""
    k = len(vs)
    cand = [i for i in range(k) if not fixed[i]]
    for _ in range(5000):
        r = goal - float(np.sum(vs / n))
        if abs(r) < k * 2e-5:
            return
        move = _best_move(r, vs, n, d, cand)
        if move is None:  # pragma: no cover - the pair moves always make progress here
            raise RuntimeError("could not calibrate satisfaction shares")
        for i, s in move:
            vs[i] += s
    raise RuntimeError("satisfaction calibration did not converge")  # pragma: no cover


def _best_move(r: float, vs, n, d, cand: list[int]):
    """The single move (one commune ±1) or pair move (+1/−1) that brings the residual ``r``
    closest to 0, if any improves it; counts stay within 1 … n − d − 1."""
    best, move = abs(r), None
    for a in cand:
        for sa in (1, -1):
            if not 1 <= vs[a] + sa <= n[a] - d[a] - 1:
                continue
            da = sa / n[a]
            if abs(r - da) < best:
                best, move = abs(r - da), ((a, sa),)
            for b in cand:
                if b == a or not 1 <= vs[b] - sa <= n[b] - d[b] - 1:
                    continue
                db = da - sa / n[b]
                if abs(r - db) < best:
                    best, move = abs(r - db), ((a, sa), (b, -sa))
    return move
