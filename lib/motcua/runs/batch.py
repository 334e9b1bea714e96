"""``motcua batch``: every notebook for every locality, in parallel worker processes (each with
a kernel started ahead of need and reused, ``runs.kernels``), or on a dask.distributed cluster.

- Resume: a report whose cache key (inputs, parameters, library: ``runs.provenance``) matches
  the one recorded in its ``<notebook>.summary.json`` is not made again (``force`` re-makes).
- Failures stay local: an invalid parameter file or a failing notebook is that report's
  failure; the others run; the return value says what failed.
- Ctrl-C stops promptly: pending reports are dropped, workers and their kernels ended, and the
  index of what finished is written.
- One batch at a time writes to an output folder (a lock file); the index lists everything in
  the folder, so batches that write there one after another add up.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from pathlib import Path

from motcua.config import CELL_TIMEOUT_S
from motcua.errors import MotcuaError
from motcua.runs.plan import Plan, make_plan
from motcua.runs.run import Job, RunResult, make_report, mark_not_applicable

LOCK_NAME = ".motcua-batch.lock"


def cached(job: Job, out_root: Path) -> RunResult | None:
    """The finished report of an unchanged job, or None."""
    d = out_root / job.slug
    stem = job.notebook + job.suffix
    s = d / f"{stem}.summary.json"
    if not (s.is_file() and (d / f"{stem}.ipynb").is_file() and (d / f"{stem}.html").is_file()):
        return None
    try:
        summary = json.loads(s.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if summary.get("provenance", {}).get("cache_key") != job.key:
        return None
    return RunResult(job.slug, stem, "cached", 0.0, d, counts=summary.get("counts"),
                     params_file=job.params_file, title=job.title, language=job.language)


def report_or_failure(job: Job, out_root: Path, kernel, timeout: int) -> RunResult:
    """``make_report``, with any exception turned into that report's failure."""
    try:
        return make_report(job, out_root, kernel, timeout)
    except Exception as exc:  # noqa: BLE001 - one report's failure must not stop the batch
        msg = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return RunResult(job.slug, job.notebook + job.suffix, "failed", error=msg,
                         params_file=job.params_file, title=job.title, language=job.language)


def _worker(tasks, results, out_root: str, timeout: int, log_dir: str) -> None:
    """A worker process: one kernel, reports from the queue until a None arrives."""
    from motcua.runs.kernels import Kernel

    kernel = Kernel(Path(log_dir))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle

    def on_term(*_):
        kernel.stop()
        os._exit(143)

    signal.signal(signal.SIGTERM, on_term)
    kernel.ready_ahead()
    while (job := tasks.get()) is not None:
        results.put(("start", job.slug, job.notebook + job.suffix))
        results.put(("done", report_or_failure(job, Path(out_root), kernel, timeout)))
    kernel.stop()


class _Pool:
    """Worker processes fed from a queue; ``terminate`` ends them (and so their kernels)."""

    def __init__(self, n: int, out_root: Path, timeout: int):
        ctx = mp.get_context("fork")
        self.tasks, self.results = ctx.Queue(), ctx.Queue()
        log_dir = str(out_root / ".logs")
        self.procs = [ctx.Process(target=_worker, daemon=True,
                                  args=(self.tasks, self.results, str(out_root), timeout,
                                        log_dir)) for _ in range(n)]
        for p in self.procs:
            p.start()

    def submit_all(self, jobs: list[Job]) -> None:
        for job in jobs:
            self.tasks.put(job)
        for _ in self.procs:
            self.tasks.put(None)

    def events(self, n_jobs: int):
        done = 0
        while done < n_jobs:
            try:
                event = self.results.get(timeout=1.0)
            except Exception:  # noqa: BLE001 - queue.Empty: check the workers are alive
                if not any(p.is_alive() for p in self.procs):
                    raise MotcuaError("every worker process died") from None
                continue
            done += event[0] == "done"
            yield event

    def terminate(self) -> None:
        for p in self.procs:
            if p.is_alive():
                p.terminate()
        for p in self.procs:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()

    def close(self) -> None:
        for p in self.procs:
            p.join(timeout=30)


def _run_local(jobs, out_root: Path, workers: int, timeout: int, progress) -> list[RunResult]:
    pool = _Pool(workers, out_root, timeout)
    results: list[RunResult] = []
    try:
        pool.submit_all(jobs)
        for event in pool.events(len(jobs)):
            if event[0] == "start":
                progress.started(event[1], event[2])
            else:
                results.append(event[1])
                progress.finished(event[1])
    except KeyboardInterrupt:
        pool.terminate()
        progress.interrupted()
        raise
    pool.close()
    return results


def _run_dask(jobs, out_root: Path, scheduler: str, timeout: int, progress) -> list[RunResult]:
    from motcua.runs.cluster import run_on_cluster

    return run_on_cluster(jobs, out_root, scheduler, timeout, progress)


class _Lock:
    def __init__(self, out_root: Path):
        self.path = out_root / LOCK_NAME
        self.fh = None

    def __enter__(self):
        self.fh = open(self.path, "a+")  # noqa: SIM115
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise MotcuaError(f"{self.path.parent}: another motcua batch is writing here; wait "
                              "for it or choose another --out") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def run_batch(params_files, out_root, *, notebooks=None, languages=None, workers=None,
              force=False, timeout=CELL_TIMEOUT_S, scheduler=None, show_progress=None,
              log=sys.stderr) -> list[RunResult]:
    """Plan, run what is not cached, write the index; returns every report's result."""
    from motcua.config import NOTEBOOKS_DIR
    from motcua.runs.index import write_index
    from motcua.runs.outputs import check_out_root
    from motcua.runs.progress import Progress

    out_root = check_out_root(out_root)
    names = notebooks or sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    plan: Plan = make_plan(params_files, names, languages)
    out_root.mkdir(parents=True, exist_ok=True)
    with _Lock(out_root):
        for r in plan.invalid:
            print(f"invalid: {r.params_file}: {r.error}", file=log)
        for r in plan.skipped:
            mark_not_applicable(out_root, r.slug, r.notebook, r.error, r.title)
        todo, done = [], []
        for job in plan.jobs:
            hit = None if force else cached(job, out_root)
            (done if hit else todo).append(hit or job)
        progress = Progress(len(todo), len(done), log=log, enabled=show_progress)
        t0 = time.perf_counter()
        try:
            if todo and scheduler:
                done += _run_dask(todo, out_root, scheduler, timeout, progress)
            elif todo:
                n = max(1, min(workers or os.cpu_count() or 1, len(todo)))
                done += _run_local(todo, out_root, n, timeout, progress)
        finally:
            results = plan.invalid + plan.skipped + done
            write_index(out_root, plan.invalid)
            progress.close(results, time.perf_counter() - t0, out_root)
    return results


def run_one(notebook: str, params_file, out_root, *, timeout: int = CELL_TIMEOUT_S,
            language: str | None = None) -> RunResult:
    """``motcua run``: one report in a fresh kernel; a failure raises ``MotcuaError``."""
    from motcua.runs.kernels import Kernel
    from motcua.runs.outputs import check_out_root
    from motcua.runs.run import resolve_notebook

    from motcua.runs.params import load_params

    nb = resolve_notebook(notebook).stem
    load_params(params_file, nb)  # a bad file: its ParamsError, before any kernel starts
    out_root = check_out_root(out_root)
    plan = make_plan([params_file], [nb], [language] if language else None)
    if plan.invalid:
        raise MotcuaError(plan.invalid[0].error)
    if plan.skipped:
        return plan.skipped[0]
    job = next(j for j in plan.jobs if not language or j.language == language)
    out_root.mkdir(parents=True, exist_ok=True)
    kernel = Kernel(out_root / ".logs")
    try:
        with _Lock(out_root):
            r = make_report(job, out_root, kernel, timeout)
    finally:
        kernel.stop()
    if r.status == "failed":
        raise MotcuaError(f"{job.notebook} with {params_file}: {r.error}")
    return r
