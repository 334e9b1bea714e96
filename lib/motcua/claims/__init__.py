"""Published claims: the register (YAML → tables), the consistency checks, claim extraction
from article text."""

from motcua._lazy import lazy_api

_API = {
    "register": "register", "checks": "checks", "extract": "extract",
    "Register": "register", "RegisterError": "register", "load_register": "register",
    "register_sha256": "register", "METRICS": "register", "UNITS": "register",
    "audit": "checks", "CHECKS": "checks", "Book": "checks", "REFERENCE_LATE_RATE": "checks",
    "grim_min_n": "checks", "grim_consistent": "checks", "grim_mean_consistent": "checks",
    "extract_claims": "extract", "extract_file": "extract", "dump_yaml": "extract",
    "ExtractionStats": "extract",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
