"""SYNTHETIC records calibrated to published claims, with planted faults and their truth."""

from motcua._lazy import lazy_api

_API = {
    "simulate": "simulate",
    "simulate_locality": "simulate", "write_simulation": "simulate", "SLUGS": "simulate",
    "FAULTS": "simulate", "DEFAULT_SEED": "simulate", "SimulationResult": "simulate",
    "generate_default": "simulate", "DEFAULT_FAULTS": "simulate",
    "SimulationError": "simulate",
    "simulate_staggered_panel": "panel",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
