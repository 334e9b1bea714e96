"""Records as offices export them: readers, schemas, the ingest engine with its quarantine, and
the clean tables the analyses read."""

from motcua._lazy import lazy_api

_API = {
    "read": "read", "schema": "schema", "ingest": "ingest", "tables": "tables",
    "Records": "tables", "read_records": "tables", "read_clean_tables": "tables",
    "load": "ingest", "load_dossiers": "ingest", "load_surveys": "ingest",
    "load_procedures": "ingest", "dossier_events": "ingest", "LoadResult": "ingest",
    "Quarantine": "ingest", "TABLE_KINDS": "ingest",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
