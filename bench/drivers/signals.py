"""Hits and false alarms of the forensic signals on SYNTHETIC localities with planted faults.

``python bench/drivers/signals.py --slug quang-dien-2020 --seeds 0-19 [--per-fault 2]``: for each
seed, picks ``per-fault`` offices at random (its own random stream, seed + 1000) for each of
``withdraw_resubmit``, ``backdated_resolution`` and ``missing_apology``, simulates the locality
with exactly those faults in exactly those offices (``simulate_locality(..., plant=...)``, at
the simulator's default intensities), runs every signal at the notebook's defaults (family-wise
α = 0.05 per signal and locality) and counts, per signal, the planted offices it flags (hits)
and the other offices it flags (false alarms; ``false_alarms_in_other_planted``: those in an
office planted with another fault; ``planted_with_one_event``: planted offices where the
simulator planted a single faulty dossier or pair, which no test against peers can tell from
chance). A signal whose fault is not planted (odd stamps, exits)
can only raise false alarms. Writes ``bench/out/signals-<slug>-<seeds>-<per-fault>.csv`` and
prints the totals; the numbers are in ``bench/drivers/README.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PLANTED = ("withdraw_resubmit", "backdated_resolution", "missing_apology")


def planted_offices(units: list[str], seed: int, per_fault: int) -> dict:
    """``per_fault`` offices per fault, drawn independently (an office may get two faults)."""
    rng = np.random.default_rng(seed + 1000)
    return {f: sorted(rng.choice(units, size=per_fault, replace=False).tolist())
            for f in PLANTED}


def score(slug: str, seed: int, per_fault: int, reps: int = 199) -> pd.DataFrame:
    """One row per signal: planted, hits, false alarms, offices tested."""
    from motcua.analysis import forensics, forensics_signals
    from motcua.synth import PROFILES, simulate_locality

    units = [u.code for u in PROFILES[slug].units]
    plant = planted_offices(units, seed, per_fault)
    r = simulate_locality(slug, seed=seed, plant=plant)
    period = r.metadata["period"]
    res = forensics_signals.run_signals(r.dossiers, r.events, period["start"], period["end"],
                                        reps=reps, seed=seed)
    rows = []
    for sig, table in res.tables.items():
        fault = forensics.SIGNALS[sig]["fault"]
        rows_of_fault = r.ground_truth.loc[r.ground_truth["fault"] == fault, "reception_unit"]
        truth = set(rows_of_fault) if fault else set()
        per_office = rows_of_fault.value_counts()
        flagged = set(table.loc[table["verdict"] == "flagged", "office"])
        anywhere = set(r.ground_truth["reception_unit"].dropna())
        rows.append(dict(slug=slug, seed=seed, signal=sig, fault=fault or "",
                         planted=len(truth), hits=len(truth & flagged),
                         planted_with_one_event=int((per_office == 1).sum()) if fault else 0,
                         false_alarms=len(flagged - truth),
                         false_alarms_in_other_planted=len((flagged - truth) & anywhere),
                         offices=len(table)))
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slug", default="quang-dien-2020")
    ap.add_argument("--seeds", default="0-19", help="first-last (inclusive)")
    ap.add_argument("--per-fault", type=int, default=2)
    ap.add_argument("--backdated-share", type=float, default=None,
                    help="share of a planted office's on-time dossiers backdated, instead of "
                         "the simulator's default (to find the intensity the signals see)")
    a = ap.parse_args(argv)
    tag = ""
    if a.backdated_share is not None:
        from motcua.synth import dossiers

        dossiers.BACKDATED_SHARE = a.backdated_share  # the name the simulator reads
        tag = f"-backdated{a.backdated_share:g}"
    lo, hi = (int(x) for x in a.seeds.split("-"))
    parts = []
    for seed in range(lo, hi + 1):
        parts.append(score(a.slug, seed, a.per_fault))
        print(parts[-1][["seed", "signal", "planted", "hits", "false_alarms"]]
              .to_string(index=False, header=seed == lo), flush=True)
    out = pd.concat(parts, ignore_index=True)
    OUT.mkdir(parents=True, exist_ok=True)
    out.to_csv(OUT / f"signals-{a.slug}-{a.seeds}-{a.per_fault}{tag}.csv", index=False)
    print(out.groupby("signal", sort=False)[["planted", "planted_with_one_event", "hits",
                                             "false_alarms",
                                             "false_alarms_in_other_planted", "offices"]]
          .sum().to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
