"""The same batch on a dask.distributed cluster (``motcua batch --scheduler ADDRESS``).

Each dask worker process keeps one reusable kernel (``runs.kernels``) in a module global, and
writes reports straight into the output folder, so that folder (and the project checkout with
its data) must be on storage every worker sees, at the same path. Run workers with one thread
each (``dask worker ADDRESS --nthreads 1``): a kernel runs one notebook at a time.
"""

from __future__ import annotations

from pathlib import Path

from motcua.errors import MotcuaError

_KERNEL = None


def _dask_report(job, out_root: str, timeout: int):
    from motcua.runs.batch import report_or_failure
    from motcua.runs.kernels import Kernel

    global _KERNEL
    if _KERNEL is None:
        _KERNEL = Kernel(Path(out_root) / ".logs")
    return report_or_failure(job, Path(out_root), _KERNEL, timeout)


def run_on_cluster(jobs, out_root: Path, scheduler, timeout: int, progress):
    """Submit every job to the scheduler (an address, or a ``distributed.Client``)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - distributed is a pinned dependency
        raise MotcuaError("--scheduler needs dask.distributed") from exc
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout="30s")
    try:
        futures = [client.submit(_dask_report, job, str(out_root), timeout, pure=False,
                                 key=f"motcua-{job.slug}-{job.notebook}{job.suffix}-{job.key[:8]}")
                   for job in jobs]
        results = []
        try:
            for fut in as_completed(futures):
                r = fut.result()
                results.append(r)
                progress.finished(r)
        except KeyboardInterrupt:
            client.cancel(futures)
            progress.interrupted()
            raise
        return results
    finally:
        if client is not scheduler:
            client.close()
