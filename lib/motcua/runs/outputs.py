"""Output folders that cannot be turned against the user: reports stay inside ``--out``, never
inside the project's own sources, never written through a planted symbolic link, and a file
appears only when it is complete (written beside its place, then renamed into it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from motcua.config import PROJECT_ROOT
from motcua.errors import ParamsError

#: Project folders an output folder may not be, or be inside of ...
SOURCE_FOLDERS = ("lib", "notebooks", "params", "data", "tests", "scripts", "docs", "bench",
                  ".git", ".ci")
#: ... except the benchmarks' git-ignored scratch folder.
SCRATCH_FOLDER = "bench/out"


def check_out_root(out_root: str | Path) -> Path:
    """The resolved output folder; refuses the project's source folders and their insides."""
    root = Path(out_root).resolve()
    scratch = (PROJECT_ROOT / SCRATCH_FOLDER).resolve()
    if root == scratch or scratch in root.parents:
        return root
    for name in SOURCE_FOLDERS:
        src = (PROJECT_ROOT / name).resolve()
        if root == src or src in root.parents:
            raise ParamsError(f"--out {out_root}: inside the project's source folder {name}/; "
                              "choose another output folder (e.g. reports/)")
    if root == PROJECT_ROOT.resolve():
        raise ParamsError(f"--out {out_root}: is the project root; choose a folder in it "
                          "(e.g. reports/)")
    return root


def report_dir(out_root: Path, slug: str) -> Path:
    """``OUT/<slug>``, refusing a slug that escapes ``OUT`` or a folder that is a link."""
    target = out_root / slug
    if target.resolve().parent != out_root.resolve():
        raise ParamsError(f"slug {slug!r} would write outside {out_root}")
    if target.is_symlink():
        raise ParamsError(f"{target}: is a symbolic link; refusing to write through it")
    target.mkdir(parents=True, exist_ok=True)
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file in ``path``'s folder, then rename it over ``path``
    (a rename replaces a planted link instead of writing through it)."""
    if path.parent.is_symlink():
        raise ParamsError(f"{path.parent}: is a symbolic link; refusing to write through it")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is for reading
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
