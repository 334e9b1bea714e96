"""SYNTHETIC one-stop microdata calibrated to published claims, with planted faults.

Everything the simulator produces is **synthetic**: invented dossiers, events and survey forms
whose totals reproduce the figures published for a few seed localities exactly, so that audit
code can be tested against a known truth. Every table has ``is_synthetic = True``;
``write_simulation`` also writes ``metadata.json`` (``"synthetic": true``) and a ``README.md``
saying so.

Seed localities (``SLUGS``): their units, the figures reproduced exactly and the articles that
publish them are data, ``data/synth_profiles/<slug>.yaml`` (read by ``motcua.synth.profiles``).
Hữu Lũng (article 002) publishes no dossier or satisfaction figures, so it has no slug.

"On time" for reproduction is ``motcua.synth.checks.REPRODUCTION_CONVENTION``. The structure is
illustrative, not calibrated: a catalogue of synthetic procedures (``catalogue``), monthly
seasonality with a pre-Tết surge and the Tết dip (``clock``), skewed unit sizes (``sizes``),
supplements, withdrawals, refusals, stops, apology slips (``lifecycle``), survey forms linked to
returned dossiers (``surveys``). Faults and their default intensities: ``motcua.synth.faults``.

Columns beyond the shared contract: ``applicant_key`` (a synthetic pseudonym, ``SYN-A…``, which
links a resubmission to its withdrawn original; named as in
``motcua.records.schema.DossierSchema``), ``code_list`` in the survey table and ``is_synthetic``
in every table. Dossier ids follow the ND 61/2018 pattern unit + receipt date + sequence:
``<locality>-<unit>-<yymmdd>-<nnnn>``.

Determinism. Default mode (``faults=``): one ``numpy.random.default_rng(seed)`` drives
everything, in a fixed order; no wall clock is read; same slug + seed + faults ⇒ identical
tables (``data/synthetic/`` ships the default seed). Plant mode (``plant=``): each reception unit
draws from its own ``numpy.random.SeedSequence`` stream (``stream``), so planting a fault in one
office leaves the other offices' dossiers, events and forms identical; the only coupling left is
Kim Bảng's calibrated survey counts (a unit fixed at 100% very satisfied changes what the other
communes need for the published mean). Unit sizes do not depend on the plant; in plant mode a
unit without published counts has at least ``PLANT_MIN_NOT_ON_TIME`` dossiers not on time
(``sizes.with_minimum_not_on_time``), so that every fault can be planted in it. ``plant={}`` is
the fault-free baseline of plant mode; its draws differ from the default mode's. Same slug +
seed + plant ⇒ identical tables.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from motcua.config import SYNTHETIC_DIR
from motcua.synth.checks import published_checks
from motcua.synth.contract import finish
from motcua.synth.dossiers import DossierSimulator
from motcua.synth.faults import (DEFAULT_FAULTS, FAULTS, SimulationError, check_faults,
                                 check_plant, slow_truth, truth_table, uniform_truth,
                                 with_slow_extra)
from motcua.synth.profiles import PROFILES, SLUGS, Profile
from motcua.synth.result import SimulationResult
from motcua.synth.sizes import unit_targets, with_minimum_not_on_time
from motcua.synth.surveys import pick_uniform_unit, surveys
from motcua.synth.write import metadata, write_simulation

DEFAULT_SEED = 20260101
APPLICANT_BLOCK = 100_000  # plant mode: applicant numbers of unit i start at i * APPLICANT_BLOCK
PLANT_MIN_NOT_ON_TIME = 2  # plant mode: not-on-time dossiers of a unit without published counts


def simulate_locality(slug: str, seed: int = DEFAULT_SEED, faults="default",
                      plant=None) -> SimulationResult:
    """Simulate SYNTHETIC dossiers, events and surveys for ``slug`` (one of ``SLUGS``).

    ``faults``: ``"default"`` (the profile's list: the four of ``DEFAULT_FAULTS``, except
    ``dong-quang-2022`` where every dossier is published as on time, so only
    ``backdated_resolution`` and ``uniform_satisfaction`` fit), ``None``/``()`` for none, or an
    iterable of names from ``DEFAULT_FAULTS``. A fault that cannot be planted without breaking a
    published figure raises ``SimulationError`` (a ``ValueError``).

    ``plant``: ``{fault: [reception_unit, ...]}`` plants exactly those faults (any of
    ``FAULTS``, including ``slow_office``) in exactly those units, at the default intensities,
    with one random stream per unit; ``faults`` must then be left at ``"default"``. Unknown
    faults or units raise ``SimulationError`` naming the valid ones.
    """
    if slug not in PROFILES:
        raise SimulationError(f"unknown locality slug {slug!r}; expected one of {SLUGS}")
    prof = PROFILES[slug]
    if plant is not None:
        if not (isinstance(faults, str) and faults == "default"):
            raise SimulationError("give either faults= or plant=, not both")
        return _simulate_planted(prof, int(seed), check_plant(prof, plant))
    return _simulate_default(prof, int(seed), check_faults(prof, faults))


def _simulate_default(prof: Profile, seed: int, fault_set: tuple[str, ...]) -> SimulationResult:
    """Default mode: one stream, every unit in one block, faults locality-wide."""
    rng = np.random.default_rng(seed)
    targets = with_slow_extra(unit_targets(prof, rng), ())
    sim = DossierSimulator(prof, rng, fault_set, where=prof.slug)
    df, events = sim.dossiers_and_events(targets)
    dossiers, events, truth = finish(prof, df, events, sim.truth_rows, sim.pending_skips)
    uniform = []
    if "uniform_satisfaction" in fault_set:
        uniform = [pick_uniform_unit(prof, rng)]
    forms = surveys(prof, dossiers, lambda unit: rng, rng, uniform, ids_per_unit=False)
    truth = pd.concat([truth, uniform_truth(uniform)], ignore_index=True)
    truth = truth_table(truth, DEFAULT_FAULTS)
    return _result(prof, seed, fault_set, dossiers, events, forms, truth, None)


def stream(seed: int, *key: int) -> np.random.Generator:
    """An independent random stream of ``seed`` (numpy ``SeedSequence`` spawn key ``key``)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def _simulate_planted(prof: Profile, seed: int, plant: dict) -> SimulationResult:
    """Plant mode: unit sizes from stream (0,); unit ``i``'s dossiers from stream (1, i) and its
    survey forms from stream (3, i); calibrated survey counts (Kim Bảng) from stream (2,)."""
    targets = with_minimum_not_on_time(prof, unit_targets(prof, stream(seed, 0)),
                                       PLANT_MIN_NOT_ON_TIME)
    targets = with_slow_extra(targets, plant.get("slow_office", ()))
    df, events, truth_rows, skips = _planted_blocks(prof, seed, plant, targets)
    dossiers, events, truth = finish(prof, df, events, truth_rows, skips)
    uniform = list(plant.get("uniform_satisfaction", ()))
    survey_rngs = {u: stream(seed, 3, i) for i, u in enumerate(targets["unit"])}
    forms = surveys(prof, dossiers, survey_rngs.__getitem__, stream(seed, 2), uniform,
                    ids_per_unit=True)
    truth = pd.concat([truth, uniform_truth(uniform), slow_truth(targets)], ignore_index=True)
    truth = truth_table(truth, FAULTS)
    return _result(prof, seed, tuple(plant), dossiers, events, forms, truth, plant)


def _planted_blocks(prof: Profile, seed: int, plant: dict, targets: pd.DataFrame):
    """Each unit simulated on its own stream with the faults named for it; row labels,
    events, truth rows and withheld slips renumbered into one table."""
    dfs, evs, truth_rows, skips, offset = [], [], [], [], 0
    for i, unit in enumerate(targets["unit"]):
        faults = tuple(f for f in plant if unit in plant[f])
        sim = DossierSimulator(prof, stream(seed, 1, i), faults,
                               where=f"unit {unit} of {prof.slug}",
                               applicant_offset=i * APPLICANT_BLOCK, one_unit=True)
        df, ev = sim.dossiers_and_events(targets.iloc[[i]].reset_index(drop=True))
        if len(df) >= APPLICANT_BLOCK:  # pragma: no cover - profiles are small
            raise RuntimeError(f"unit {unit}: too many dossiers for the applicant numbering")
        dfs.append(df.set_axis(df.index + offset))
        evs.append(ev.assign(row=ev["row"] + offset))
        truth_rows += [_shift_rows(r, offset) for r in sim.truth_rows]
        skips += [r + offset for r in sim.pending_skips]
        offset += len(df)
    return pd.concat(dfs), pd.concat(evs, ignore_index=True), truth_rows, skips


def _shift_rows(r: dict, offset: int) -> dict:
    out = dict(r, row=r["row"] + offset)
    if "linked_row" in r:
        out["linked_row"] = r["linked_row"] + offset
    return out


def _result(prof, seed, faults, dossiers, events, forms, truth, plant) -> SimulationResult:
    """Check the published figures (only a planted slow office may change one), add the
    metadata."""
    result = SimulationResult(prof.slug, seed, dossiers, events, forms, truth, {}, plant)
    checks = published_checks(result)
    failed = [c for c in checks if not c["matches"] and "changed_by" not in c]
    if failed:
        raise AssertionError(f"simulation does not reproduce the published figures: {failed}")
    meta = metadata(prof, seed, faults, result, checks, plant)
    return SimulationResult(prof.slug, seed, dossiers, events, forms, truth, meta, plant)


def generate_default(seed: int = DEFAULT_SEED, out_root: str | Path | None = None) -> dict:
    """Regenerate ``data/synthetic/<slug>/`` for every slug (default faults). Returns paths."""
    root = Path(out_root) if out_root is not None else SYNTHETIC_DIR
    return {s: write_simulation(simulate_locality(s, seed), root / s) for s in SLUGS}
