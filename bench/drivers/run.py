"""Drivers benchmark: aggregation to covariate patterns + binomial GLM against a row-level
statsmodels ``Logit``, both from the same loaded table.

``python bench/drivers/run.py [--rows 10000000]`` builds a dossier-level table of the model's
factors and on-time flag (``bench/out/drivers-<rows>.parquet``, git-ignored; reused when
present): the SYNTHETIC Quảng Điền 2020 records' factor rows (``motcua.analysis.drivers``),
resampled with replacement to ``rows`` rows, so the covariate patterns are a real locality's.
Then, each in a fresh subprocess so that its peak RSS is its own, it loads that table and
times from the loaded table to the fitted model with clustered standard errors:

* **patterns**: ``drivers.covariate_patterns`` + ``drivers.fit_drivers`` (GLM on pattern
  counts, CRV1 by office);
* **rows**: the same design matrix expanded to one row per dossier and
  ``statsmodels.api.Logit(...).fit(cov_type="cluster")``, run once (about 11 GB at 10 M rows).

Both children run with one BLAS thread (``ONE_THREAD``).

It checks that both give the same coefficients and standard errors (to 1e-6), prints the
time and peak-RSS ratios (targets: ≥ 50× faster, ≤ 1/10 of the memory) and writes them to
``bench/out/drivers-<rows>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out"
SOURCE = ROOT / "data" / "synthetic" / "quang-dien-2020"


def build(rows: int, path: Path, seed: int = 1) -> None:
    """The benchmark table: factor rows of the SYNTHETIC source, resampled to ``rows``."""
    import numpy as np

    from motcua.analysis import drivers
    from motcua.records import read_records

    r = read_records(str(SOURCE))
    frame = drivers.on_time_frame(r.dossiers, r.events, r.period_start, r.period_end,
                                  ["received_cohort"])
    cols = [*drivers.MODEL_FACTORS, "office", "on_time"]
    pick = np.random.default_rng(seed).integers(0, len(frame), rows)
    big = frame[cols].iloc[pick].reset_index(drop=True)
    for c in cols[:-1]:
        big[c] = big[c].astype("category")
    path.parent.mkdir(parents=True, exist_ok=True)
    big.to_parquet(path, index=False)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (less sensitive than wall time to other
    jobs on a shared machine)."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def patterns_way(path: Path) -> dict:
    import pandas as pd

    import statsmodels.api  # noqa: F401  imported before the clock starts, as in rows_way

    from motcua.analysis import drivers

    frame = pd.read_parquet(path)
    t0, c0 = time.perf_counter(), cpu_seconds()
    patterns = drivers.covariate_patterns(frame)
    fit = drivers.fit_drivers(patterns)
    seconds = time.perf_counter() - t0
    return dict(seconds=seconds, cpu_seconds=cpu_seconds() - c0, patterns=len(patterns),
                params=fit.params.tolist(), bse=fit.bse.tolist(), peak_rss_mib=peak_rss_mib())


def rows_way(path: Path) -> dict:
    import numpy as np
    import pandas as pd
    import statsmodels.api as sm

    from motcua.analysis import drivers

    frame = pd.read_parquet(path)
    t0, c0 = time.perf_counter(), cpu_seconds()
    # The same columns as the pattern fit: the design is built on the patterns (cheap) and
    # expanded to one row per dossier, so both fits see one model matrix.
    keys = [*drivers.MODEL_FACTORS, "office"]
    patterns = drivers.covariate_patterns(frame)
    design = drivers.design_matrix(patterns)
    index = pd.MultiIndex.from_frame(patterns[keys]).get_indexer(
        pd.MultiIndex.from_frame(frame[keys]))
    X = design.X.to_numpy()[index]
    y = frame["on_time"].to_numpy(dtype=float)
    groups = frame["office"].cat.codes.to_numpy()
    t1 = time.perf_counter()
    res = sm.Logit(y, X).fit(disp=0, cov_type="cluster", cov_kwds={"groups": groups})
    seconds = time.perf_counter() - t0
    return dict(seconds=seconds, cpu_seconds=cpu_seconds() - c0, design_seconds=t1 - t0,
                params=np.asarray(res.params).tolist(),
                bse=np.asarray(res.bse).tolist(), peak_rss_mib=peak_rss_mib())


#: One BLAS thread in both children: the machine is shared (2 cores), and a multi-threaded
#: OpenBLAS under load slows small fits down more than ten-fold (measured: the pattern GLM takes
#: 1.9 s with the default threads and 0.11 s with one while other jobs run).
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def child(way: str, path: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", way, path], check=True,
                         capture_output=True, text=True, env={**os.environ, **ONE_THREAD})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--reuse-rows", action="store_true",
                    help="re-time the pattern fit only; take the row-level figures from the "
                         "last run's bench/out/drivers-<rows>-rows.json (the row-level fit "
                         "needs ~11 GB: run it once on a shared machine)")
    ap.add_argument("--child", nargs=2, metavar=("WAY", "PATH"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        way, path = a.child
        print(json.dumps((patterns_way if way == "patterns" else rows_way)(Path(path))))
        return 0
    import numpy as np

    path = OUT / f"drivers-{a.rows}.parquet"
    if not path.is_file():
        build(a.rows, path)
    pat = child("patterns", str(path))
    saved = OUT / f"drivers-{a.rows}-rows.json"
    if a.reuse_rows and saved.is_file():
        row = json.loads(saved.read_text())
    else:
        row = child("rows", str(path))
        saved.write_text(json.dumps(row) + "\n")
    same = (bool(np.allclose(pat["params"], row["params"], atol=1e-6, rtol=0)
                 and np.allclose(pat["bse"], row["bse"], atol=1e-6, rtol=0))
            if "params" in row else row.get("note", "not compared"))
    result = dict(rows=a.rows, patterns=pat["patterns"], same_estimates=same,
                  patterns_seconds=round(pat["seconds"], 3),
                  rows_seconds=round(row["seconds"], 3),
                  patterns_cpu_seconds=round(pat["cpu_seconds"], 3),
                  rows_cpu_seconds=round(row.get("cpu_seconds", float("nan")), 3),
                  rows_design_seconds=round(row["design_seconds"], 3),
                  patterns_peak_rss_mib=round(pat["peak_rss_mib"]),
                  rows_peak_rss_mib=round(row["peak_rss_mib"]),
                  speedup=round(row["seconds"] / pat["seconds"], 1),
                  memory_ratio=round(pat["peak_rss_mib"] / row["peak_rss_mib"], 4))
    (OUT / f"drivers-{a.rows}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if same is not False else 1


if __name__ == "__main__":
    raise SystemExit(main())
