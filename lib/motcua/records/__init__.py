"""Records as offices export them: readers, schemas, the ingest engine with its quarantine, and
the clean tables the analyses read."""

from motcua._lazy import lazy_api

_API = {
    "read": "read", "schema": "schema", "ingest": "ingest", "tables": "tables",
    "columns": "columns", "plan": "plan", "convert": "convert", "places": "places",
    "offices": "offices", "surveys": "surveys", "quarantine": "quarantine", "sinks": "sinks",
    "validate": "validate", "dedup": "dedup", "engine": "engine", "events": "events",
    "Records": "tables", "read_records": "tables", "read_clean_tables": "tables",
    "check_records_folder": "tables",
    "load": "ingest", "load_dossiers": "ingest", "load_surveys": "ingest",
    "load_procedures": "ingest", "LoadResult": "ingest", "dossier_events": "events",
    "Quarantine": "quarantine", "TABLE_KINDS": "columns", "place_of_office": "offices",
    "resolve_locality": "places",
}
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
