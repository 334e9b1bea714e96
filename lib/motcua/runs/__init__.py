"""Running notebooks: parameter files, one run, batches, the command line."""

from motcua._lazy import lazy_api

_API = {
    "params": "params", "execute": "execute", "cli": "cli",
    "run": "execute", "batch": "execute", "load_params": "params", "main": "cli",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
