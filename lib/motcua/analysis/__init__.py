"""Analyses of clean tables: pure functions, tables in, tables or small results out (no file
I/O, no plots)."""

from motcua._lazy import lazy_api

_API = {
    "ontime": "ontime", "reconcile": "reconcile",
    "audit_records": "reconcile", "CONVENTIONS": "ontime", "rates_by_convention": "ontime",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
