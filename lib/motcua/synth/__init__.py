"""SYNTHETIC records calibrated to published claims, with planted faults and their truth."""

from motcua._lazy import lazy_api

_API = {
    "simulate": "simulate",
    "simulate_locality": "simulate", "generate_default": "simulate", "DEFAULT_SEED": "simulate",
    "write_simulation": "write", "default_out_dir": "write",
    "SimulationResult": "result",
    "SLUGS": "profiles", "PROFILES": "profiles", "Profile": "profiles",
    "load_profile": "profiles",
    "FAULTS": "faults", "DEFAULT_FAULTS": "faults", "SimulationError": "faults",
    "published_checks": "checks", "REPRODUCTION_CONVENTION": "checks",
    "survey_shares": "surveys",
    "simulate_staggered_panel": "panel",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
