"""Ingest benchmark: CSV → validated, normalised parquet vs a bare ``pyarrow.csv.read_csv``.

``python bench/ingest/run.py --rows N`` (default 10,000,000) generates a
portal-style dossier export into ``bench/out/`` (git-ignored; reused when it already has the
right size and seed), then measures, each in a fresh subprocess so that peak RSS is its own:

* **bare read**: ``pyarrow.csv.read_csv`` of the file with explicit column types (dictionary
  labels, the day-first timestamp format): the strict baseline, ~the reader's best case;
* **untyped read**: ``pyarrow.csv.read_csv(path)`` with type inference (for context only);
* **pipeline**: :func:`motcua.records.ingest.ingest` ``("dossiers", [csv], out)``: read, NFC,
  label mapping, locality resolution, date checks, line-break and personal-data checks,
  duplicate ids, pandera, parquet + quarantine.csv + ingest.json.

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


def _load_gen():
    """gen.py of this folder under a unique module name (no sys.path clash with other benches)."""
    import importlib.util

    name = "motcua_bench_ingest_gen"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "gen.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


gen = _load_gen()


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
    from motcua.records.ingest import ingest

    t = time.perf_counter()
    rep = ingest("dossiers", [path], out_dir)
    sec = time.perf_counter() - t
    return {"seconds": sec, "rows": rep["rows_read"], "rows_accepted": rep["rows_accepted"],
            "rows_quarantined": rep["rows_quarantined"],
            "parquet_bytes": (out_dir / "dossiers.parquet").stat().st_size,
            "validation": rep["validation"]}


def _child(what: str, path: str, out: str, repeat: int) -> None:
    import motcua.records.ingest  # noqa: F401  (imports are not part of any timing)

    runs = []
    for _ in range(repeat):
        if what == "bare":
            runs.append(bare_read(Path(path), typed=True))
        elif what == "untyped":
            runs.append(bare_read(Path(path), typed=False))
        else:
            runs.append(pipeline(Path(path), Path(out)))
        if _ == 0:  # peak RSS of the first (cold) run: a later run cannot lower ru_maxrss
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    res = dict(runs[0])
    res["seconds_all"] = [r["seconds"] for r in runs]
    res["peak_rss_bytes"] = peak
    print(json.dumps(res))


def measure(what: str, path: Path, out_dir: Path, repeat: int = 1) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", what, str(path), str(out_dir),
                        str(repeat)], check=True, capture_output=True, text=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-untyped", action="store_true",
                    help="skip the inferring read (slow and memory-hungry at 10 M rows)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per measurement in the same process (first = cold)")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        _child(*a.child[:3], int(a.child[3]))
        return {}
    t = time.perf_counter()
    path = ensure_csv(a.rows, a.seed)
    gen_s = time.perf_counter() - t
    out_dir = OUT / f"ingest-{a.rows}"
    bare = measure("bare", path, out_dir, a.repeat)
    pipe = measure("pipeline", path, out_dir, a.repeat)
    untyped = None if a.skip_untyped else measure("untyped", path, out_dir)
    b_all, p_all = bare["seconds_all"], pipe["seconds_all"]
    res = {
        "rows": a.rows, "csv_bytes": path.stat().st_size, "generate_seconds": round(gen_s, 1),
        "bare_read_seconds": [round(x, 3) for x in b_all],
        "pipeline_seconds": [round(x, 3) for x in p_all],
        "ratio_cold": round(p_all[0] / b_all[0], 2),
        "ratio_best": round(min(p_all) / min(b_all), 2),
        "untyped_read_seconds": None if untyped is None else round(untyped["seconds"], 3),
        "bare_read_peak_rss_bytes": bare["peak_rss_bytes"],
        "pipeline_peak_rss_bytes": pipe["peak_rss_bytes"],
        "parquet_bytes": pipe["parquet_bytes"],
        "rss_over_parquet": round(pipe["peak_rss_bytes"] / pipe["parquet_bytes"], 2),
        "rows_accepted": pipe["rows_accepted"], "rows_quarantined": pipe["rows_quarantined"],
        "validation": pipe["validation"], "cpus": os.cpu_count(),
    }
    mb = 1 << 20

    def fmt(xs: list[float]) -> str:
        return " / ".join(f"{x:.2f}" for x in xs)

    print(f"rows                {a.rows:,}  (CSV {res['csv_bytes'] / mb:,.0f} MiB)")
    print(f"bare typed read     {fmt(b_all)} s   (cold / warm runs; peak RSS "
          f"{bare['peak_rss_bytes'] / mb:,.0f} MiB)")
    if untyped is not None:
        print(f"untyped read        {res['untyped_read_seconds']:.2f} s   (context only)")
    print(f"pipeline (ingest)   {fmt(p_all)} s   (peak RSS "
          f"{pipe['peak_rss_bytes'] / mb:,.0f} MiB)")
    print(f"ratio               {res['ratio_cold']:.2f} cold, {res['ratio_best']:.2f} best of "
          f"{a.repeat}  (target <= 2)")
    print(f"parquet             {pipe['parquet_bytes'] / mb:,.0f} MiB;  peak RSS / parquet = "
          f"{res['rss_over_parquet']:.2f}  (target <= 3)")
    (OUT / f"ingest-{a.rows}.json").write_text(json.dumps(res, indent=2) + "\n")
    return res


if __name__ == "__main__":
    main()
