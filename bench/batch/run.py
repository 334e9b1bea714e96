"""``motcua batch`` against the obvious alternative, in one run: a shell loop of the papermill
CLI plus ``jupyter nbconvert --no-input`` over the same notebook and parameter files.

    .venv/bin/python bench/batch/run.py [--reports 20] [--notebook 01_claims_audit]

Parameter files are copies of the bundled ones (new slugs), written to bench/out/batch/. Both
ways start from an empty output folder; ``motcua batch`` runs with ``--force`` (no cache) and
its default workers (CPU count), the loop runs one report after another as a shell loop does.
Prints reports per minute for each and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out" / "batch"
BIN = Path(sys.executable).parent


def make_params(n: int, notebook: str) -> list[Path]:
    """``n`` parameter files: the bundled ones that the notebook applies to, cycled, with
    new slugs and no other notebooks' sections (papermill -f injects every key)."""
    sys.path.insert(0, str(ROOT / "lib"))
    from motcua.runs.params import NOTEBOOK_PARAMS, load_params
    from motcua.safe_yaml import load_yaml_file

    model = NOTEBOOK_PARAMS[notebook]
    sources = [p for p in sorted((ROOT / "params").glob("*.yaml"))
               if not load_params(p, notebook).not_applicable()]
    folder = OUT / "params"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for i in range(n):
        raw = load_yaml_file(sources[i % len(sources)])
        keep = {k: v for k, v in raw.items() if k in model.model_fields}
        keep.update(raw.get(model.SECTION) or {} if model.SECTION else {})
        keep["slug"] = f"bench-{i:03d}"
        lines = [f"{k}: {_yaml(v)}" for k, v in keep.items()]
        path = folder / f"bench-{i:03d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files


def _yaml(v) -> str:
    import json

    return json.dumps(v, ensure_ascii=False)


def shell_loop(files: list[Path], notebook: str) -> float:
    out = OUT / "loop"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    nb = ROOT / "notebooks" / f"{notebook}.ipynb"
    t0 = time.perf_counter()
    for f in files:
        dst = out / f"{f.stem}.ipynb"
        subprocess.run([BIN / "papermill", nb, dst, "-f", f, "-k", "python3", "--cwd", ROOT,
                        "--no-progress-bar"], check=True, capture_output=True)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", dst],
                       check=True, capture_output=True)
    return time.perf_counter() - t0


def motcua_batch(files: list[Path], notebook: str) -> float:
    out = OUT / "motcua"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([BIN / "motcua", "batch", *files, "--out", out, "--notebooks", notebook,
                    "--force", "--no-progress"], check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=20)
    ap.add_argument("--notebook", default="01_claims_audit")
    a = ap.parse_args()
    files = make_params(a.reports, a.notebook)
    t_batch = motcua_batch(files, a.notebook)
    t_loop = shell_loop(files, a.notebook)
    per_min = {k: 60 * len(files) / t for k, t in (("motcua batch", t_batch),
                                                    ("papermill + nbconvert loop", t_loop))}
    for k, v in per_min.items():
        print(f"{k:<28} {v:6.1f} reports/min")
    print(f"ratio (motcua batch / shell loop): {t_loop / t_batch:.2f}x "
          f"on {len(files)} {a.notebook} reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
