"""Planted faults of the SYNTHETIC simulator: names, default intensities, checks, ground truth.

Faults (``FAULTS``; one ground-truth row per planted instance) and their default intensities
(``faults="default"`` and ``plant=`` / ``--plant`` use the same constants):

``withdraw_resubmit``
    A dossier about to be late is withdrawn on or just before its due date and the same
    applicant (``applicant_key``) resubmits the same procedure within 0–2 working days; the fresh
    clock makes the resubmission on time. Truth row: original → resubmission. Intensity:
    ``WITHDRAW_RESUBMIT_SHARE`` = 12% of a unit's not-on-time dossiers (binomial draw), at least
    one pair where the fault is planted.
``backdated_resolution``
    A dossier really resolved 1–5 working days late is recorded as resolved on its due date
    (``processing_end_at`` moved onto the due date); ``returned_at`` still follows the true date.
    Intensity: ``BACKDATED_SHARE`` = 0.4% of a unit's on-time dossiers, at least one.
``missing_apology``
    A late dossier without the apology slip (Mẫu 04, TT 01/2018) that late dossiers otherwise get.
    Intensity: ``MISSING_APOLOGY_SHARE`` = 30% of the late dossiers, at least one.
``uniform_satisfaction``
    A reception unit whose survey forms are all ``very_satisfied`` (one commune in default
    mode; every named unit with ``plant``). One truth row per unit.
``slow_office`` (only with ``plant``: it names the office)
    An office whose late share is ``SLOW_OFFICE_FACTOR`` = 6 times the median expected late
    share of the other units, and at least ``SLOW_OFFICE_MIN_SHARE`` = 4% of its dossiers:
    dossiers that would be on time are resolved late (1–12 working days after the due day, like
    every late dossier) and get apology slips as usual. Its received count stays; its on-time
    count drops, so a published on-time figure covering it no longer matches (``metadata.json``
    marks that figure ``changed_by: slow_office``). One truth row per office.

Default mode plants the first four (``DEFAULT_FAULTS``) locality-wide; a profile may list fewer
(``default_faults``). Plant mode plants exactly the named faults in exactly the named units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from motcua.errors import MotcuaError
from motcua.synth.catalogue import OUTCOME_MIX

if TYPE_CHECKING:  # pragma: no cover
    from motcua.synth.profiles import Profile

FAULTS = ("withdraw_resubmit", "backdated_resolution", "missing_apology", "uniform_satisfaction",
          "slow_office")
DEFAULT_FAULTS = FAULTS[:4]  # what ``faults="default"`` may plant; slow_office needs ``plant=``

WITHDRAW_RESUBMIT_SHARE = 0.12  # of a unit's not-on-time dossiers
BACKDATED_SHARE = 0.004  # of a unit's on-time dossiers
MISSING_APOLOGY_SHARE = 0.3  # of late dossiers
SLOW_OFFICE_FACTOR = 6.0  # times the peers' median expected late share
SLOW_OFFICE_MIN_SHARE = 0.04  # of the slow office's received dossiers, at least

TRUTH_COLUMNS = ["fault", "dossier_id", "linked_dossier_id", "reception_unit",
                 "true_resolved_at", "detail"]


class SimulationError(MotcuaError, ValueError):
    """A simulation cannot be made as asked: unknown slug, fault or unit, or a fault that cannot
    be planted where it was asked for without changing a published figure."""


def check_faults(prof: Profile, faults) -> tuple[str, ...]:
    """Default mode: ``"default"`` (the profile's list), None/() or fault names, in ``FAULTS``
    order."""
    if isinstance(faults, str):
        if faults != "default":
            raise SimulationError("faults must be 'default', None or an iterable of fault names")
        fault_set = tuple(prof.default_faults)
    else:
        fault_set = tuple(faults or ())
    bad = set(fault_set) - set(FAULTS)
    if bad:
        raise SimulationError(f"unknown faults {sorted(bad)}; expected some of {FAULTS}")
    if "slow_office" in fault_set:
        raise SimulationError("slow_office is planted only through plant= (it names the office)")
    return tuple(f for f in FAULTS if f in fault_set)


def check_plant(prof: Profile, plant) -> dict[str, tuple[str, ...]]:
    """``plant`` as ``{fault: (unit, ...)}`` in ``FAULTS`` and profile order, or a
    ``SimulationError`` naming the valid faults or units."""
    codes = [u.code for u in prof.units]
    if not hasattr(plant, "items"):
        raise SimulationError("plant must map fault names to lists of reception-unit codes")
    out = {}
    for fault, units in plant.items():
        if fault not in FAULTS:
            raise SimulationError(f"unknown fault {fault!r}; valid faults: {', '.join(FAULTS)}")
        units = [units] if isinstance(units, str) else [str(u) for u in units]
        bad = [u for u in units if u not in codes]
        if bad or not units:
            what = f"unknown reception unit {bad[0]!r}" if bad else f"no unit named for {fault}"
            raise SimulationError(f"{what} in {prof.slug}; valid units: {', '.join(codes)}")
        published = (prof.satisfaction or {}).get
        for u in units:
            if fault == "uniform_satisfaction" and published(u) == {"very_satisfied": "100%"}:
                raise SimulationError(f"uniform_satisfaction cannot be planted in unit {u} of "
                                      f"{prof.slug}: its published share is already 100% very "
                                      "satisfied")
        out[fault] = tuple(c for c in codes if c in units)
    return {f: out[f] for f in FAULTS if f in out}


def expected_late_share(targets: pd.DataFrame) -> pd.Series:
    """Late share a unit gets without slow_office: its not-on-time share times the late share
    of its level's outcome mix (``OUTCOME_MIX``)."""
    late_mix = targets["level"].map({k: v[0] for k, v in OUTCOME_MIX.items()})
    return (targets["received"] - targets["on_time"]) / targets["received"] * late_mix


def with_slow_extra(targets: pd.DataFrame, slow_units) -> pd.DataFrame:
    """Add ``slow_extra``: dossiers of a slow office that would be on time but are late.

    A slow office's late share is raised to ``SLOW_OFFICE_FACTOR`` times the median expected
    late share of the other units, and to at least ``SLOW_OFFICE_MIN_SHARE``; other units are
    unchanged. Its received count stays; its on-time count (published or not) drops.
    """
    expected = expected_late_share(targets)
    slow = targets["unit"].isin(list(slow_units)).to_numpy()
    peers = float(expected[~slow].median()) if (~slow).any() else np.nan
    share = max(SLOW_OFFICE_FACTOR * (0.0 if np.isnan(peers) else peers), SLOW_OFFICE_MIN_SHARE)
    extra = np.ceil(share * targets["received"].to_numpy()).astype(int)
    extra = np.where(slow, np.minimum(extra, targets["on_time"].to_numpy()), 0)
    return targets.assign(slow_extra=extra, slow_target_share=np.where(slow, share, np.nan),
                          slow_peer_share=np.where(slow, peers, np.nan))


def slow_truth(targets: pd.DataFrame) -> pd.DataFrame:
    """One truth row per slow office."""
    rows = []
    for t in targets[targets["slow_extra"] > 0].itertuples():
        peers = ("no other unit" if np.isnan(t.slow_peer_share)
                 else f"peers' median expected {t.slow_peer_share:.2%}")
        rows.append(dict(fault="slow_office", dossier_id=None, linked_dossier_id=None,
                         reception_unit=t.unit, true_resolved_at=None,
                         detail=f"slow office: {t.slow_extra} dossiers that would be on time are "
                                f"late (late share raised to at least "
                                f"{t.slow_target_share:.2%}; {peers})"))
    return pd.DataFrame(rows, columns=TRUTH_COLUMNS)


def uniform_truth(units) -> pd.DataFrame:
    """One truth row per uniform_satisfaction unit."""
    return pd.DataFrame([
        dict(fault="uniform_satisfaction", dossier_id=None, linked_dossier_id=None,
             reception_unit=u, true_resolved_at=None,
             detail="every survey form of this unit is very_satisfied")
        for u in units
    ], columns=TRUTH_COLUMNS)


def truth_table(truth: pd.DataFrame, categories) -> pd.DataFrame:
    """The ground-truth table; ``fault`` is categorical over ``categories`` (the four default
    faults in default mode, all of ``FAULTS`` in plant mode)."""
    truth = truth.reindex(columns=TRUTH_COLUMNS)
    out = pd.DataFrame(
        {
            "fault": pd.Categorical(truth["fault"], categories=list(categories)),
            "dossier_id": pd.array(truth["dossier_id"], dtype="str"),
            "linked_dossier_id": pd.array(truth["linked_dossier_id"], dtype="str"),
            "reception_unit": pd.array(truth["reception_unit"], dtype="str"),
            "true_resolved_at": pd.to_datetime(truth["true_resolved_at"]).astype(
                "datetime64[us]"),
            "detail": pd.array(truth["detail"], dtype="str"),
            "is_synthetic": True,
        }
    )
    out = out.sort_values(["fault", "reception_unit", "dossier_id"], kind="stable",
                          na_position="first")
    return out.reset_index(drop=True)
