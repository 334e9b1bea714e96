"""Published claims: the register (YAML → tables), the consistency checks, claim extraction
from article text."""

from motcua._lazy import lazy_api

_API = {
    "register": "register", "checks": "checks", "extract": "extract",
    "Register": "register", "RegisterError": "register", "load_register": "register",
    "register_sha256": "register", "METRICS": "register", "UNITS": "register",
    "book": "book", "grim": "grim", "wording": "wording",
    "audit": "checks", "CHECKS": "checks", "REFERENCE_LATE_RATE": "checks",
    "Book": "book", "Value": "book",
    "grim_min_n": "grim", "grim_consistent": "grim", "grim_map": "grim", "grim_n_limit": "grim",
    "extract_claims": "extract", "extract_file": "extract", "dump_yaml": "extract",
    "ExtractionStats": "extract", "read_article": "extract",
    "scan": "scan", "scan_article": "scan", "scan_file": "scan",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
