"""Ingest benchmark: CSV → validated, normalised parquet vs a bare ``pyarrow.csv.read_csv``.

Issue 3 item 8. ``python bench/ingest/run.py --rows N`` (default 10,000,000) generates a
portal-style dossier export into ``bench/out/`` (git-ignored; reused when it already has the
right size and seed), then measures, each in a fresh subprocess so that peak RSS is its own:

* **bare read**: ``pyarrow.csv.read_csv`` of the file with explicit column types (dictionary
  labels, the day-first timestamp format): the strict baseline, ~the reader's best case;
* **untyped read**: ``pyarrow.csv.read_csv(path)`` with type inference (for context only);
* **pipeline**: :func:`motcua.load.ingest` ``("dossiers", [csv], out)``: read, NFC, label
  mapping, locality resolution, date checks, duplicate ids, pandera, parquet + quarantine.csv
  + ingest.json.

It prints the timings, the ratio pipeline / bare read (target ≤ 2) and peak RSS against the
parquet size (target ≤ 3×), and writes them to ``bench/out/ingest-<rows>.json``.
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
sys.path.insert(0, str(HERE))

import gen  # noqa: E402


def csv_path(rows: int, seed: int) -> Path:
    return OUT / f"dossiers-{rows}-s{seed}.csv"


def ensure_csv(rows: int, seed: int = 1) -> Path:
    p = csv_path(rows, seed)
    if not p.exists():
        tmp = p.with_suffix(".tmp")
        gen.generate_csv(tmp, rows, seed)
        os.replace(tmp, p)
    return p


def bare_read(path: Path, typed: bool = True) -> dict:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    t = time.perf_counter()
    if typed:
        d = pa.dictionary(pa.int32(), pa.string())
        types = {c: d for c in gen.HEADER}
        types["MaHoSo"] = pa.string()
        for c in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTraKetQua",
                  "NgayXinLoi"):
            types[c] = pa.timestamp("ns")
        tab = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types=types, timestamp_parsers=["%d/%m/%Y %H:%M"]))
    else:
        tab = pacsv.read_csv(path)
    return {"seconds": time.perf_counter() - t, "rows": tab.num_rows}


def pipeline(path: Path, out_dir: Path) -> dict:
    from motcua.load import ingest

    t = time.perf_counter()
    rep = ingest("dossiers", [path], out_dir)
    sec = time.perf_counter() - t
    return {"seconds": sec, "rows": rep["rows_read"], "rows_accepted": rep["rows_accepted"],
            "rows_quarantined": rep["rows_quarantined"],
            "parquet_bytes": (out_dir / "dossiers.parquet").stat().st_size,
            "validation": rep["validation"]}


def _child(what: str, path: str, out: str) -> None:
    import motcua.load  # noqa: F401  (imports are not part of any timing)

    if what == "bare":
        res = bare_read(Path(path), typed=True)
    elif what == "untyped":
        res = bare_read(Path(path), typed=False)
    else:
        res = pipeline(Path(path), Path(out))
    res["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(res))


def measure(what: str, path: Path, out_dir: Path) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", what, str(path), str(out_dir)],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-untyped", action="store_true",
                    help="skip the inferring read (slow and memory-hungry at 10 M rows)")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        _child(*a.child)
        return {}
    t = time.perf_counter()
    path = ensure_csv(a.rows, a.seed)
    gen_s = time.perf_counter() - t
    out_dir = OUT / f"ingest-{a.rows}"
    bare = measure("bare", path, out_dir)
    pipe = measure("pipeline", path, out_dir)
    untyped = None if a.skip_untyped else measure("untyped", path, out_dir)
    res = {
        "rows": a.rows, "csv_bytes": path.stat().st_size, "generate_seconds": round(gen_s, 1),
        "bare_read_seconds": round(bare["seconds"], 3),
        "bare_read_peak_rss_bytes": bare["peak_rss_bytes"],
        "untyped_read_seconds": None if untyped is None else round(untyped["seconds"], 3),
        "pipeline_seconds": round(pipe["seconds"], 3),
        "ratio": round(pipe["seconds"] / bare["seconds"], 2),
        "pipeline_peak_rss_bytes": pipe["peak_rss_bytes"],
        "parquet_bytes": pipe["parquet_bytes"],
        "rss_over_parquet": round(pipe["peak_rss_bytes"] / pipe["parquet_bytes"], 2),
        "rows_accepted": pipe["rows_accepted"], "rows_quarantined": pipe["rows_quarantined"],
        "validation": pipe["validation"], "cpus": os.cpu_count(),
    }
    mb = 1 << 20
    print(f"rows                {a.rows:,}  (CSV {res['csv_bytes'] / mb:,.0f} MiB)")
    print(f"bare typed read     {res['bare_read_seconds']:.2f} s   peak RSS "
          f"{bare['peak_rss_bytes'] / mb:,.0f} MiB")
    if untyped is not None:
        print(f"untyped read        {res['untyped_read_seconds']:.2f} s   (context only)")
    print(f"pipeline (ingest)   {res['pipeline_seconds']:.2f} s   peak RSS "
          f"{pipe['peak_rss_bytes'] / mb:,.0f} MiB")
    print(f"ratio               {res['ratio']:.2f}  (target <= 2)")
    print(f"parquet             {pipe['parquet_bytes'] / mb:,.0f} MiB;  peak RSS / parquet = "
          f"{res['rss_over_parquet']:.2f}  (target <= 3)")
    (OUT / f"ingest-{a.rows}.json").write_text(json.dumps(res, indent=2) + "\n")
    return res


if __name__ == "__main__":
    main()
