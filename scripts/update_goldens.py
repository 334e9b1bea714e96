"""Regenerate tests/golden/<slug>/<notebook>.ipynb: every notebook run with every bundled
parameter file it applies to, volatile metadata stripped (timestamps, durations), outputs kept.
nbval re-executes these and compares the cells marked NBVAL_CHECK_OUTPUT.

It first shows what changed in the checked outputs (a unified diff against the goldens on
disk) and writes nothing unless told to: ``--yes``, or an answer "y" at the prompt.

    bash scripts/update-goldens.sh [--notebook 02_satisfaction] [--slug kim-bang-2022] [--yes]
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from motcua.config import PARAMS_DIR, PROJECT_ROOT
from motcua.runs.batch import run_batch

GOLDEN = PROJECT_ROOT / "tests" / "golden"
CHECK = "# NBVAL_CHECK_OUTPUT"


def strip(nb: dict) -> dict:
    nb["metadata"].pop("papermill", None)
    nb["metadata"].pop("motcua", None)  # provenance: commit and hashes change every commit
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


def checked_text(nb: dict) -> list[str]:
    """The text nbval compares: the text outputs of every cell marked ``# NBVAL_CHECK_OUTPUT``."""
    lines = []
    for cell in nb.get("cells", []):
        src = "".join(cell.get("source", ""))
        if cell.get("cell_type") != "code" or not src.startswith(CHECK):
            continue
        for out in cell.get("outputs", []):
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            lines += "".join(text).splitlines()
    return lines


def show_diff(old: Path, new: dict) -> bool:
    before = checked_text(json.loads(old.read_text(encoding="utf-8"))) if old.is_file() else []
    diff = list(difflib.unified_diff(before, checked_text(new), str(old.relative_to(PROJECT_ROOT)),
                                     "new run", lineterm="", n=1))
    for line in diff:
        print(line)
    return bool(diff) or not old.is_file()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notebook", action="append", help="only this notebook (repeatable)")
    ap.add_argument("--slug", action="append", help="only this parameter file's slug")
    ap.add_argument("--yes", action="store_true", help="write without asking")
    a = ap.parse_args(argv)
    params = sorted(p for p in PARAMS_DIR.glob("*.yaml") if not a.slug or p.stem in a.slug)
    with tempfile.TemporaryDirectory() as tmp:
        results = run_batch(params, tmp, notebooks=a.notebook, show_progress=False)
        ran = [r for r in results if r.status != "not_applicable"]
        if not all(r.ok for r in ran):
            return 1
        new = {(r.slug, r.notebook): strip(json.loads(
            (r.out_dir / f"{r.notebook}.ipynb").read_text("utf-8"))) for r in ran}
        changed = [key for key, nb in new.items()
                   if show_diff(GOLDEN / key[0] / f"{key[1]}.ipynb", nb)]
        print(f"{len(changed)} of {len(new)} golden(s) change in their checked outputs")
        if not a.yes and not (sys.stdin.isatty() and input("write them? [y/N] ") == "y"):
            print("nothing written (pass --yes to write)")
            return 0
        keep = set(new)
        for old in GOLDEN.glob("*/*.ipynb"):  # goldens of runs that no longer apply
            if (a.notebook is None or old.stem in a.notebook) and \
                    (a.slug is None or old.parent.name in a.slug) and \
                    (old.parent.name, old.stem) not in keep:
                old.unlink()
        for (slug, notebook), nb in new.items():
            dst = GOLDEN / slug / f"{notebook}.ipynb"
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {dst.relative_to(PROJECT_ROOT)}")
    shutil.rmtree(GOLDEN / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
