"""One report: a notebook executed with one parameter file, exported without code, its summary
written; files appear in ``OUT/<slug>/`` only when complete.

Files of a report (the command line's contract): ``<notebook>.ipynb`` (the executed notebook, the
full record), ``<notebook>.html`` (no code), ``<notebook>.summary.json`` (its findings; written
last, so its presence means the report is complete) and ``summary.json`` (every notebook of the
locality merged). A failed report keeps its partial notebook and HTML beside
``<notebook>.error.json`` (the failing cell and the error), and its old summary is removed so
the folder never looks complete. Reports from the same inputs are byte-identical: cell ids are
numbered, no time or absolute path is recorded.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from motcua.config import CELL_TIMEOUT_S, NOTEBOOKS_DIR
from motcua.errors import MotcuaError
from motcua.reports.summary import SUMMARY_MIME
from motcua.runs.outputs import report_dir, write_atomic

#: What became of one report in a batch.
RUN_STATUSES = ("ok", "cached", "failed", "invalid", "not_applicable")


@dataclass
class Job:
    """Everything needed to make one report, decided before any kernel starts."""

    params_file: str
    notebook: str
    slug: str
    title: str
    language: str
    parameters: dict
    key: str = ""
    provenance: dict = field(default_factory=dict)
    suffix: str = ""  # "" for the file's own language, ".vi"/".en" for another one


@dataclass
class RunResult:
    slug: str
    notebook: str
    status: str
    seconds: float = 0.0
    out_dir: Path | None = None
    error: str = ""
    counts: dict | None = None
    params_file: str = ""
    title: str = ""
    language: str = "en"

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "cached")


def resolve_notebook(name: str | Path) -> Path:
    """``01_claims_audit``, ``01_claims_audit.ipynb`` or a path."""
    p = Path(name)
    for c in (p, NOTEBOOKS_DIR / p, NOTEBOOKS_DIR / f"{p}.ipynb", p.with_suffix(".ipynb")):
        if c.suffix == ".ipynb" and c.is_file():
            return c
    raise MotcuaError(f"no notebook {str(name)!r} (looked in {NOTEBOOKS_DIR})")


def prepare(job: Job):
    """The notebook with the job's parameters injected, cell ids numbered."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(resolve_notebook(job.notebook), as_version=4)
    nb.metadata["papermill"] = {}
    for cell in nb.cells:  # papermill's own execution adds these before parameterizing
        cell.metadata.setdefault("tags", [])
    nb = parameterize_notebook(nb, job.parameters, kernel_name="python3", language="python")
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    nb.metadata["motcua"] = job.provenance
    return nb


def execute(job: Job, kernel, timeout: int = CELL_TIMEOUT_S):
    """Execute in ``kernel``; returns (notebook, error dict or None). A failure stops the kernel
    (it is replaced before the next report)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, DeadKernelError

    nb = prepare(job)
    kernel.ready()
    client = NotebookClient(nb, km=kernel.km, timeout=timeout, kernel_name="python3",
                            allow_errors=False, record_timing=False)
    try:
        client.execute()
        return nb, None
    except (CellControlSignal, DeadKernelError) as exc:
        kernel.stop()
        return nb, failure(nb, exc, timeout)


def failure(nb, exc, timeout: int) -> dict:
    """The failing cell and the error, for the report's ``.error.json`` and the index."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return {"cell": i, "ename": out.get("ename", ""),
                        "evalue": str(out.get("evalue", "")).splitlines()[0][:300]}
    kind = type(exc).__name__
    reason = f"a cell ran longer than {timeout} s" if "Timeout" in kind else str(exc)
    return {"cell": None, "ename": kind, "evalue": reason.splitlines()[0][:300] if reason else ""}


def extract_summary(nb) -> dict | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if SUMMARY_MIME in data:
                payload = data[SUMMARY_MIME]
                return json.loads(payload) if isinstance(payload, str) else dict(payload)
    return None


def make_report(job: Job, out_root: Path, kernel, timeout: int = CELL_TIMEOUT_S) -> RunResult:
    """Execute, export and write one report (see the module docstring for its files)."""
    import nbformat

    from motcua.runs.html import notebook_html

    t0 = time.perf_counter()
    nb, error = execute(job, kernel, timeout)
    summary = None if error else extract_summary(nb)
    if error is None and summary is None:
        error = {"cell": None, "ename": "NoSummary",
                 "evalue": f"the notebook produced no output of type {SUMMARY_MIME}"}
    if summary is not None:
        job.provenance["data"] = "SYNTHETIC" if summary.get("synthetic") else "real"
        nb.metadata["motcua"] = job.provenance
        summary["provenance"] = job.provenance
    out_dir = report_dir(out_root, job.slug)
    stem = job.notebook + job.suffix
    staging = Path(out_root) / ".staging" / f"{job.slug}-{stem}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / f"{stem}.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    (staging / f"{stem}.html").write_text(notebook_html(nb, job.language, job.provenance),
                                          encoding="utf-8")
    done = f"{stem}.summary.json" if error is None else f"{stem}.error.json"
    payload = summary if error is None else {**error, "notebook": job.notebook,
                                             "slug": job.slug, "params_file": job.params_file}
    (staging / done).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                                encoding="utf-8")
    publish(staging, out_dir, stem, done)
    if not job.suffix:
        merge_summaries(out_dir)
    seconds = time.perf_counter() - t0
    if error:
        cell = f"cell {error['cell']}: " if error["cell"] is not None else ""
        msg = f"{cell}{error['ename']}: {error['evalue']}"
        return RunResult(job.slug, stem, "failed", seconds, out_dir, msg,
                         params_file=job.params_file, title=job.title, language=job.language)
    return RunResult(job.slug, stem, "ok", seconds, out_dir, counts=summary.get("counts"),
                     params_file=job.params_file, title=job.title, language=job.language)


def publish(staging: Path, out_dir: Path, stem: str, done: str) -> None:
    """Move a finished report into place: stale markers first, the marker file last."""
    for old in (f"{stem}.summary.json", f"{stem}.error.json", f"{stem}.na.json"):
        (out_dir / old).unlink(missing_ok=True)
    names = [f"{stem}.ipynb", f"{stem}.html", done]
    for name in names:
        write_atomic(out_dir / name, (staging / name).read_bytes())
    shutil.rmtree(staging, ignore_errors=True)


def mark_not_applicable(out_root: Path, slug: str, notebook: str, reason: str,
                        title: str = "") -> None:
    out_dir = report_dir(out_root, slug)
    for old in (f"{notebook}.summary.json", f"{notebook}.error.json", f"{notebook}.ipynb",
                f"{notebook}.html"):
        (out_dir / old).unlink(missing_ok=True)
    write_atomic(out_dir / f"{notebook}.na.json",
                 json.dumps({"notebook": notebook, "slug": slug, "title": title,
                             "reason": reason},
                            ensure_ascii=False, indent=2) + "\n")
    merge_summaries(out_dir)


def merge_summaries(out_dir: Path) -> dict:
    """``summary.json`` of a locality: the first notebook's summary as it is, with the findings
    and counts of the other notebooks' summaries added (``notebooks`` lists each one's counts)
    when there are several. Removed when no notebook of the locality has a summary."""
    parts = {p.name.removesuffix(".summary.json"): json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(out_dir.glob("*.summary.json")) if "." not in
             p.name.removesuffix(".summary.json")}
    if not parts:
        (out_dir / "summary.json").unlink(missing_ok=True)
        return {}
    merged = dict(next(iter(parts.values())))
    if len(parts) > 1:
        merged["findings"] = [f for s in parts.values() for f in s.get("findings", [])]
        merged["counts"] = {k: sum(s.get("counts", {}).get(k, 0) for s in parts.values())
                            for k in ("fail", "warning", "info")}
        merged["synthetic"] = any(s.get("synthetic") for s in parts.values())
        merged["notebooks"] = {nb: s.get("counts", {}) for nb, s in parts.items()}
    write_atomic(out_dir / "summary.json",
                 json.dumps(merged, ensure_ascii=False, indent=2) + "\n")
    return merged
