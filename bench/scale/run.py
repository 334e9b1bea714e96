"""Scale run: parameter files and SYNTHETIC records for many communes, one ``motcua batch``,
throughput and peak memory, and a projection for the country's 3,321 communes.

    .venv/bin/python bench/scale/run.py [--communes 200] [--notebooks 01_claims_audit]

Each commune's records are one commune's dossiers from the shipped SYNTHETIC Quảng Điền data
(cycled over its 11 communes), with a SYNTHETIC claims register whose figures are computed from
those records (so the audit has claims to recompute). Everything goes to bench/out/scale/.
Peak memory is the largest sum of resident memory over the batch's process tree (main process,
workers, kernels), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "scale"
COUNTRY_COMMUNES = 3321  # after 1 July 2025 (docs/domain.md §8)


def commune_records(n: int) -> list[dict]:
    """Write ``n`` commune folders (records + register + parameter file); their descriptions."""
    import pandas as pd

    sys.path.insert(0, str(ROOT / "lib"))
    from motcua.analysis.ontime import rates_by_convention

    src = ROOT / "data" / "synthetic" / "quang-dien-2020"
    dossiers = pd.read_parquet(src / "dossiers.parquet")
    events = pd.read_parquet(src / "events.parquet")
    surveys = pd.read_parquet(src / "surveys.parquet")
    meta = json.loads((src / "metadata.json").read_text(encoding="utf-8"))
    units = sorted(u for u in dossiers["reception_unit"].astype(str).unique() if u != "centre")
    shutil.rmtree(OUT, ignore_errors=True)
    made = []
    for i in range(n):
        unit = units[i % len(units)]
        d = dossiers[dossiers["reception_unit"].astype(str) == unit]
        folder = OUT / "records" / f"commune-{i:04d}"
        folder.mkdir(parents=True)
        d.to_parquet(folder / "dossiers.parquet")
        events[events["dossier_id"].isin(d["dossier_id"])].to_parquet(folder / "events.parquet")
        surveys[surveys["reception_unit"].astype(str) == unit].to_parquet(
            folder / "surveys.parquet")
        (folder / "metadata.json").write_text(json.dumps(
            {"synthetic": True, "warning": "SYNTHETIC records (bench/scale)",
             "period": meta["period"]}), encoding="utf-8")
        rates = rates_by_convention(d, events[events["dossier_id"].isin(d["dossier_id"])],
                                    meta["period"]["start"], meta["period"]["end"])
        cohort = rates[rates["convention"] == "received_cohort"].iloc[0]
        made.append(write_register_and_params(i, unit, d, cohort, meta["period"]))
    return made


def write_register_and_params(i: int, unit: str, d, cohort, period) -> dict:
    code = str(d["locality_code"].iloc[0])
    received, on_time = int(cohort["denominator"]), int(cohort["numerator"])
    reg = OUT / "claims" / f"commune-{i:04d}.yaml"
    reg.parent.mkdir(parents=True, exist_ok=True)
    reg.write_text(f"""register: commune-{i:04d}
synthetic: true
source: {{id: "bench-{i:04d}", title: "SYNTHETIC bench register", publisher: null,
          published: "2021-03-16", published_note: null, url: null}}
localities:
  c: {{name: "commune {unit}", level: commune, code: "{code}", code_list: gso-2025-01-04}}
defaults: {{period_start: "{period['start']}", period_end: "{period['end']}", kind: reported,
           comparator: eq, denominator: null, denominator_ref: null, aggregation: pooled,
           note: null}}
claims:
  - {{id: received, locality: c, metric: dossiers_received, value_text: "{received}",
     value: {received}, unit: dossier, quote: "SYNTHETIC"}}
  - {{id: on-time, locality: c, metric: dossiers_resolved_on_time, value_text: "{on_time}",
     value: {on_time}, unit: dossier, denominator_ref: received, quote: "SYNTHETIC"}}
""", encoding="utf-8")
    params = OUT / "params" / f"commune-{i:04d}.yaml"
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(
        f'slug: "commune-{i:04d}"\ntitle: "SYNTHETIC commune {i} ({unit})"\n'
        f'claims_files: ["{reg}"]\nrecords_dir: "{OUT / "records" / f"commune-{i:04d}"}"\n',
        encoding="utf-8")
    return {"params": params, "dossiers": len(d)}


def tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_batch(files: list[Path], notebooks: str, jobs: int | None) -> tuple[float, float, str]:
    cmd = [str(Path(sys.executable).parent / "motcua"), "batch", *map(str, files), "--out",
           str(OUT / "reports"), "--notebooks", notebooks, "--force", "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mib(proc.pid))
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    _, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"batch failed ({proc.returncode}):\n{err[-3000:]}")
    return time.perf_counter() - t0, peak[0], err.strip().splitlines()[-1] if err else ""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=200)
    ap.add_argument("--notebooks", default="01_claims_audit")
    ap.add_argument("--jobs", type=int, default=None)
    a = ap.parse_args()
    t0 = time.perf_counter()
    made = commune_records(a.communes)
    prep = time.perf_counter() - t0
    seconds, peak, last = run_batch([m["params"] for m in made], a.notebooks, a.jobs)
    n_reports = a.communes * len(a.notebooks.split(","))
    per_min = 60 * n_reports / seconds
    print(f"prepared {a.communes} SYNTHETIC communes in {prep:.1f} s "
          f"({sum(m['dossiers'] for m in made):,} dossiers)")
    print(last)
    print(f"{n_reports} reports in {seconds:.1f} s = {per_min:.1f} reports/min on this machine; "
          f"peak memory of the batch's process tree {peak:.0f} MiB")
    per_commune = seconds / a.communes
    for k in (1, 2, 4, 8, 16):
        hours = COUNTRY_COMMUNES * per_commune / k / 3600
        print(f"projection: {COUNTRY_COMMUNES} communes × {a.notebooks} on {k:>2} machine(s) "
              f"like this one: {hours:.1f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
