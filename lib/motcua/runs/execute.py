"""Run a parameterized notebook: validate parameters, execute with papermill, export HTML
without code, and write the notebook's summary. ``batch`` does it for many parameter files.

Output contract (the command line's, relied on by batch users):
``OUT/<slug>/<notebook>.ipynb``, ``OUT/<slug>/<notebook>.html``, ``OUT/<slug>/summary.json``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from motcua.config import (CELL_TIMEOUT_S, CLAIMS_DIR, KERNEL_START_TIMEOUT_S, NOTEBOOKS_DIR,
                           PROJECT_ROOT)
from motcua.errors import MotcuaError, ParamsError
from motcua.config import resolve_claims_file
from motcua.runs.params import check_against_notebook, load_params
from motcua.reports.summary import SUMMARY_MIME

# The venv's python3 kernelspec must win over one in the user's home (stack-notes.md, Kernels).
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")


@dataclass
class RunResult:
    slug: str
    notebook: str
    ok: bool
    seconds: float
    out_dir: Path
    error: str = ""
    counts: dict | None = None
    status: str = ""  # "ok", "failed" or "not_applicable" (then ``error`` says why)

    def __post_init__(self):
        self.status = self.status or ("ok" if self.ok else "failed")


def resolve_notebook(name: str | Path) -> Path:
    """``01_claims_audit``, ``01_claims_audit.ipynb`` or a path."""
    p = Path(name)
    candidates = [p, NOTEBOOKS_DIR / p, NOTEBOOKS_DIR / f"{p}.ipynb", p.with_suffix(".ipynb")]
    for c in candidates:
        if c.suffix == ".ipynb" and c.is_file():
            return c
    raise MotcuaError(f"no notebook {str(name)!r} (looked in {NOTEBOOKS_DIR})")


def _safe_out(out_root: Path, slug: str) -> Path:
    root = out_root.resolve()
    target = (root / slug).resolve()
    if target.parent != root:  # the slug is validated too; this is the second lock
        raise ParamsError(f"slug {slug!r} would write outside {root}")
    return target


def run(notebook: str | Path, params_file: str | Path, out_root: str | Path) -> RunResult:
    """Execute one notebook with one parameter file. Raises MotcuaError with a one-line reason.

    On a failing cell the executed notebook (with papermill's error banner) and its HTML are
    still written, so the failure can be read in place (anchors.md B6).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    nb_path = resolve_notebook(notebook)
    params = load_params(params_file, nb_path.stem)
    parameters = check_against_notebook(params, nb_path, source=str(params_file))
    if "claims_files" in parameters:
        parameters["claims_files"] = [_claims_arg(x) for x in parameters["claims_files"]]
    out_dir = _safe_out(Path(out_root), params.slug)
    out_dir.mkdir(parents=True, exist_ok=True)
    out_nb = out_dir / nb_path.name
    error = ""
    try:
        papermill.execute_notebook(
            str(nb_path), str(out_nb), parameters=parameters, kernel_name="python3",
            progress_bar=False, log_output=False, start_timeout=KERNEL_START_TIMEOUT_S,
            execution_timeout=CELL_TIMEOUT_S, cwd=str(PROJECT_ROOT),
        )
    except PapermillExecutionError as exc:
        error = (f"{nb_path.name} with {params_file}: cell {exc.exec_count} raised "
                 f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}")
    except Exception as exc:  # kernel could not start, timeout, …: one line, not a traceback
        raise MotcuaError(f"{nb_path.name} with {params_file}: {type(exc).__name__}: "
                          f"{str(exc).splitlines()[0] if str(exc) else ''}") from exc
    nb = _resave(out_nb)
    write_html(nb, out_nb.with_suffix(".html"))
    if error:
        raise MotcuaError(error)
    summary = extract_summary(nb)
    if summary is None:
        raise MotcuaError(f"{nb_path.name}: produced no summary (no output of type {SUMMARY_MIME})")
    (out_dir / f"{nb_path.stem}.summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    merge_summaries(out_dir)
    return RunResult(params.slug, nb_path.stem, True, time.perf_counter() - t0, out_dir,
                     counts=summary.get("counts"))


def merge_summaries(out_dir: Path) -> dict:
    """``summary.json`` of a locality: the claims audit's summary as it is, with the findings
    and counts of the other notebooks' ``<notebook>.summary.json`` added (and ``notebooks``
    listing each one's counts) when there are any."""
    parts = {p.name.removesuffix(".summary.json"): json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(out_dir.glob("*.summary.json"))}
    if not parts:
        return {}
    first = next(iter(parts))
    merged = dict(parts[first])
    if len(parts) > 1:
        merged["findings"] = [f for s in parts.values() for f in s.get("findings", [])]
        merged["counts"] = {k: sum(s.get("counts", {}).get(k, 0) for s in parts.values())
                            for k in ("fail", "warning", "info")}
        merged["synthetic"] = any(s.get("synthetic") for s in parts.values())
        merged["notebooks"] = {nb: s.get("counts", {}) for nb, s in parts.items()}
    (out_dir / "summary.json").write_text(
        json.dumps(merged, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return merged


def _claims_arg(name: str) -> str:
    """Bare names stay bare (looked up in data/claims/); paths become absolute for the kernel,
    whose cwd is the project root, not the caller's."""
    p = resolve_claims_file(name)
    return name if p == CLAIMS_DIR / name else str(p.resolve())


def _resave(path: Path):
    """Re-write the executed notebook with Vietnamese unescaped (papermill writes \\u escapes)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return nb


def extract_summary(nb) -> dict | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if SUMMARY_MIME in data:
                payload = data[SUMMARY_MIME]
                return json.loads(payload) if isinstance(payload, str) else dict(payload)
    return None


def write_html(nb, path: Path) -> None:
    """HTML with no code cells and no prompts (``--report-mode`` does not hide code in
    nbconvert's HTML: papermill #506), and without cells tagged ``remove-cell``."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    path.write_text(body, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Batch
# --------------------------------------------------------------------------------------------


def _run_one(notebook: str, params_file: str, out_root: str) -> RunResult:
    """Worker: one retry when the kernel fails to start (papermill #511, #239: port races)."""
    for attempt in (1, 2):
        try:
            return run(notebook, params_file, out_root)
        except MotcuaError as exc:
            msg = str(exc)
            kernel_race = any(s in msg for s in ("Kernel didn't respond", "ZMQError",
                                                 "Address already in use", "RuntimeError"))
            if attempt == 1 and kernel_race:
                continue
            slug = Path(params_file).stem
            return RunResult(slug, Path(notebook).stem, False, 0.0, Path(out_root) / slug, msg)
    raise AssertionError("unreachable")


def batch(params_files: list[str | Path], out_root: str | Path, notebooks=None,
          workers: int | None = None, log=sys.stderr, progress: bool = True) -> list[RunResult]:
    """Run every notebook × parameter file in a process pool (≤ CPU count workers, one kernel
    each; anchors.md B5), print one progress line per finished run, and write
    ``OUT/index.html`` and ``OUT/index.json`` listing every locality with its flags."""
    notebooks = [str(resolve_notebook(n)) for n in (notebooks or sorted(
        p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")))]
    params_files = [str(p) for p in params_files]
    jobs, skipped = [], []
    for p in params_files:  # fail fast, before any kernel starts
        for nb in notebooks:
            prm = load_params(p, Path(nb).stem)
            check_against_notebook(prm, nb, source=p)
            reason = prm.not_applicable()
            if reason:
                skipped.append(RunResult(prm.slug, Path(nb).stem, False, 0.0,
                                         Path(out_root) / prm.slug, reason,
                                         status="not_applicable"))
            else:
                jobs.append((nb, p))
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    results: list[RunResult] = list(skipped)
    t0 = time.perf_counter()
    print(f"motcua batch: {len(jobs)} run(s) on {workers} worker(s) → {out_root}", file=log)
    for r in skipped:
        print(f"not applicable: {r.slug}/{r.notebook}: {r.error}", file=log)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_one, nb, p, str(out_root)): (nb, p) for nb, p in jobs}
        for fut in as_completed(futures):
            r = fut.result()
            results.append(r)
            state = "ok  " if r.ok else "FAIL"
            counts = (f"fail {r.counts['fail']}, warning {r.counts['warning']}, "
                      f"info {r.counts['info']}" if r.counts else r.error)
            print(f"[{len(results) - len(skipped)}/{len(jobs)}] {state} {r.slug}/{r.notebook} "
                  f"({r.seconds:.1f} s) {counts}", file=log)
    results.sort(key=lambda r: (r.slug, r.notebook))
    for slug in sorted({r.slug for r in results if r.ok}):
        merge_summaries(out_root / slug)
    write_index(results, out_root)
    failed = [r for r in results if r.status == "failed"]
    print(f"motcua batch: {len(jobs) - len(failed)} ok, {len(failed)} failed, "
          f"{len(skipped)} not applicable in "
          f"{time.perf_counter() - t0:.1f} s; index: {out_root / 'index.html'}", file=log)
    return results


def write_index(results: list[RunResult], out_root: Path) -> None:
    import html

    rows, records = [], []
    for r in results:
        summary_path = r.out_dir / f"{r.notebook}.summary.json"
        summary = json.loads(summary_path.read_text(encoding="utf-8")) if r.ok else {}
        title = summary.get("title", r.slug)
        c = summary.get("counts", {})
        flags = [f for f in summary.get("findings", []) if f["severity"] in ("fail", "warning")]
        records.append({"slug": r.slug, "notebook": r.notebook, "ok": r.ok, "error": r.error,
                        "title": title, "synthetic": summary.get("synthetic"), "counts": c})
        link = f'<a href="{html.escape(r.slug)}/{html.escape(r.notebook)}.html">' \
               f'{html.escape(title)}</a>'
        synthetic = " <b>(SYNTHETIC data)</b>" if summary.get("synthetic") else ""
        flag_list = "".join(f"<li>{html.escape(f['message_en'])}</li>" for f in flags)
        status = {"ok": "ok", "not_applicable": f"not applicable: {html.escape(r.error)}"}.get(
            r.status, f"FAILED: {html.escape(r.error)}")
        rows.append(f"<tr><td>{link}{synthetic}</td><td>{html.escape(r.notebook)}</td>"
                    f"<td>{status}</td><td>{c.get('fail', '')}</td><td>{c.get('warning', '')}"
                    f"</td><td>{c.get('info', '')}</td><td><ul>{flag_list}</ul></td></tr>")
    page = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
            "<title>motcua reports</title><style>body{font-family:sans-serif;margin:2em}"
            "td,th{border-bottom:1px solid #ccc;padding:4px 8px;vertical-align:top}"
            "table{border-collapse:collapse}</style></head><body>"
            "<h1>motcua: audit reports</h1><table><tr><th>locality</th><th>notebook</th>"
            "<th>run</th><th>fail</th><th>warning</th><th>info</th><th>flags</th></tr>"
            + "".join(rows) + "</table></body></html>\n")
    (out_root / "index.html").write_text(page, encoding="utf-8")
    (out_root / "index.json").write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
