"""Running notebooks: parameter files, one run, batches, the command line."""

from motcua._lazy import lazy_api

_API = {
    "params": "params", "run": "run", "batch": "batch", "cli": "cli", "plan": "plan",
    "run_batch": "batch", "run_one": "batch", "make_plan": "plan", "load_params": "params",
    "NOTEBOOK_PARAMS": "params", "main": "cli",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
