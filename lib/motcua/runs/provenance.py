"""What a report was made from: library version and source hash, git commit, and the hashes of
its notebook, parameters and input files. The same hash decides whether a report must be made
again (``motcua batch`` skips a report whose inputs have not changed)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from pathlib import Path

import motcua
from motcua.config import DATA_DIR, PROJECT_ROOT

#: Shared inputs every notebook may read (code lists, calendar, real public data).
SHARED_INPUTS = ("real", "calendar")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree_sha256(folder: Path, pattern: str = "*") -> str:
    """One hash over every file under ``folder`` (relative names and contents, sorted)."""
    h = hashlib.sha256()
    if folder.is_file():
        return file_sha256(folder)
    for p in sorted(q for q in folder.rglob(pattern) if q.is_file() and
                    "__pycache__" not in q.parts):
        h.update(p.relative_to(folder).as_posix().encode())
        h.update(file_sha256(p).encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def library_sha256() -> str:
    return tree_sha256(Path(motcua.__file__).parent, "*.py")


@lru_cache(maxsize=1)
def shared_inputs_sha256() -> str:
    return hashlib.sha256("".join(tree_sha256(DATA_DIR / n) for n in SHARED_INPUTS
                                  if (DATA_DIR / n).exists()).encode()).hexdigest()


@lru_cache(maxsize=1)
def git_commit() -> str | None:
    """The checkout's commit (with "+dirty" when files differ from it), or None."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, text=True,
                             capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=PROJECT_ROOT, text=True, capture_output=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return sha + ("+dirty" if dirty else "")


def display_path(p: Path) -> str:
    """Project-relative when inside the project (no machine's absolute path in a report)."""
    p = Path(p).resolve()
    return p.relative_to(PROJECT_ROOT).as_posix() if PROJECT_ROOT in p.parents else str(p)


def input_hashes(notebook: Path, params_file: Path, paths: list[Path]) -> dict[str, str]:
    """Hashes of everything one report reads: notebook, parameter file, its input files."""
    rel = display_path
    out = {rel(notebook): file_sha256(notebook), rel(params_file): file_sha256(params_file)}
    for p in paths:
        out[rel(p)] = tree_sha256(p) if p.exists() else "missing"
    return out


def cache_key(parameters: dict, hashes: dict[str, str]) -> str:
    """The report's identity: parameters, input hashes, library source and shared data."""
    blob = json.dumps({"parameters": parameters, "inputs": hashes,
                       "library": library_sha256(), "shared": shared_inputs_sha256(),
                       "version": motcua.__version__}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def provenance(parameters: dict, hashes: dict[str, str], key: str, synthetic) -> dict:
    return {"motcua_version": motcua.__version__, "library_sha256": library_sha256(),
            "git_commit": git_commit(), "inputs_sha256": hashes, "cache_key": key,
            "parameters": parameters, "data": ("SYNTHETIC" if synthetic else
                                               "real" if synthetic is False else "unknown")}
