"""Kernels for many reports: one started ahead of need per worker process and reused.

Starting a kernel, importing pandas/statsmodels/seaborn and shutting it down costs about two
seconds per report, more than most reports' own work. A worker therefore keeps one kernel and,
between reports, clears it: the user namespace (``%reset -f``), open figures, and the warning
filters and "shown once" registries (a warning printed by one report must print in the next one
too). Reports stay independent: ``tests/test_runs_batch.py`` checks that a report made in a
reused kernel is byte-identical to one made in a fresh kernel. A kernel is replaced after a
failure, a timeout or ``RECYCLE_AFTER`` reports.

Kernels talk over IPC sockets, not TCP: no port races between parallel workers (papermill
#511, #239) and no "unencrypted TCP" warning; their own stderr goes to a log file, not the
user's screen.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from motcua.config import KERNEL_START_TIMEOUT_S, PROJECT_ROOT

#: Reports made in one kernel before it is replaced (bounds memory growth).
RECYCLE_AFTER = 20

#: Thread-count variables set to 1 in every kernel.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: Run in the kernel between two reports.
RESET_CODE = """\
import warnings as _w, sys as _s
if not hasattr(_s, "_motcua_filters"):
    _s._motcua_filters = list(_w.filters)
get_ipython().run_line_magic("reset", "-f")
import warnings as _w, sys as _s
_w.filters[:] = _s._motcua_filters
_w._filters_mutated()
for _m in list(_s.modules.values()):
    getattr(_m, "__warningregistry__", {}).clear()
if "matplotlib.pyplot" in _s.modules:
    _s.modules["matplotlib.pyplot"].close("all")
del _w, _s, _m
"""

#: Imports done once, when a kernel starts ahead of need.
WARM_CODE = "import pandas, numpy, scipy.stats, statsmodels.api, matplotlib.pyplot, seaborn"


class Kernel:
    """One reusable kernel (``nbclient`` executes notebooks in it)."""

    def __init__(self, log_dir: Path | None = None):
        self.km = None
        self.used = 0
        self.log_dir = Path(log_dir or tempfile.gettempdir())
        self._log = None

    def start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from nbclient.util import run_sync

        runtime = Path(tempfile.mkdtemp(prefix="motcua-kernel-"))
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                     ip=str(runtime / "k"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_dir / f"kernel-{os.getpid()}.log", "ab")  # noqa: SIM115
        # One BLAS thread per kernel: the workers already use every core, and OpenBLAS
        # threads spinning against each other slow small fits by an order of magnitude.
        env = {**os.environ, **{v: "1" for v in BLAS_THREAD_VARIABLES}}
        run_sync(self.km.start_kernel)(cwd=str(PROJECT_ROOT), stdout=self._log,
                                       stderr=self._log, env=env)
        self.used = 0
        self.run_code(WARM_CODE)

    def run_code(self, code: str, timeout: int = KERNEL_START_TIMEOUT_S) -> None:
        """Execute ``code`` with no output kept (raises on error)."""
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        NotebookClient(nb, km=self.km, timeout=timeout, kernel_name="python3",
                       startup_timeout=KERNEL_START_TIMEOUT_S).execute()

    def start_retrying(self) -> None:
        """Start, and once more if the start failed the way a kernel start fails (a port or
        socket race, a kernel that did not answer in time): decided by exception type."""
        import zmq

        try:
            self.start()
        except (RuntimeError, TimeoutError, OSError, zmq.ZMQError):
            self.stop()
            self.start()

    def ready_ahead(self) -> None:
        """Start a kernel before the first report needs it (errors surface at ``ready``)."""
        try:
            self.start_retrying()
        except Exception:  # noqa: BLE001 - the report that needs it reports the failure
            self.stop()

    def ready(self) -> None:
        """A clean kernel for the next report: started, recycled or reset."""
        if self.km is None or not self._alive() or self.used >= RECYCLE_AFTER:
            self.stop()
            self.start_retrying()
        elif self.used:
            self.run_code(RESET_CODE)
        self.used += 1

    def _alive(self) -> bool:
        from nbclient.util import run_sync

        return bool(run_sync(self.km.is_alive)())

    def stop(self) -> None:
        """Shut the kernel down at once (no graceful wait: nothing in it is worth keeping)."""
        if self.km is not None:
            from nbclient.util import run_sync

            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a dead kernel needs no shutdown
                pass
            self.km = None
        if self._log is not None:
            self._log.close()
            self._log = None
