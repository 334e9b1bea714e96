"""Regenerate tests/golden/<slug>/<notebook>.ipynb: every notebook run with every bundled
parameter file, volatile metadata stripped (timestamps, durations), outputs kept.
nbval re-executes these and compares the cells marked NBVAL_CHECK_OUTPUT.

Run through the venv: ``bash scripts/update-goldens.sh``.
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

from motcua.config import PARAMS_DIR, PROJECT_ROOT
from motcua.runs.execute import batch

GOLDEN = PROJECT_ROOT / "tests" / "golden"


def strip(nb: dict) -> dict:
    nb["metadata"].pop("papermill", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        results = batch(sorted(PARAMS_DIR.glob("*.yaml")), tmp)
        if not all(r.ok for r in results):
            return 1
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for r in results:
            src = r.out_dir / f"{r.notebook}.ipynb"
            dst = GOLDEN / r.slug / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            nb = strip(json.loads(src.read_text(encoding="utf-8")))
            dst.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {dst.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
