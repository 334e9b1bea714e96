"""Project-root-relative paths and defaults.

Notebooks run with the kernel's working directory set to wherever they live (nbval uses the
notebook's folder, papermill the caller's), so nothing here depends on the cwd: every path is
derived from this file's location (cookiecutter-data-science's ``PROJ_ROOT`` pattern).
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
CLAIMS_DIR = DATA_DIR / "claims"
ARTICLES_DIR = DATA_DIR / "articles"
REAL_DATA_DIR = DATA_DIR / "real"
SYNTHETIC_DIR = DATA_DIR / "synthetic"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_DIR = PROJECT_ROOT / "params"

#: Code list the register's locality codes are checked against (see data/real/*/SOURCE.md).
CODE_LIST_LEGACY = "gso-2025-01-04"
CODE_LIST_2025_07 = "gso-2025-07-01"

#: Default execution limits for papermill (docs/anchors.md B3: papermill waits forever by
#: default).
KERNEL_START_TIMEOUT_S = 120
CELL_TIMEOUT_S = 600


def resolve_path(value: str | Path) -> Path:
    """The one rule for a path in a parameter file: absolute as given, relative from the project
    root (never from the cwd, which differs between papermill, nbval and the user's shell)."""
    p = Path(value)
    return p if p.is_absolute() else PROJECT_ROOT / p


def resolve_claims_file(name: str) -> Path:
    """A claims register: a bare file name is looked up in ``data/claims/``; anything else is a
    path under the rule of :func:`resolve_path`."""
    p = Path(name)
    if p.parent == Path(".") and (CLAIMS_DIR / p).is_file():
        return CLAIMS_DIR / p
    return resolve_path(p)
