"""Analyses of clean tables: pure functions, tables in, tables or small results out (no file
I/O, no plots)."""

from motcua._lazy import lazy_api

_API = {
    "ontime": "ontime", "reconcile": "reconcile",
    "audit_records": "reconcile", "CONVENTIONS": "ontime", "rates_by_convention": "ontime",
    "effects": "effects", "effects_panel": "effects_panel", "effects_papi": "effects_papi",
    "effects_crosswalk": "effects_crosswalk", "effects_findings": "effects_findings",
    "event_study": "effects", "panel_from_records": "effects_panel",
    "papi_study": "effects_papi", "merger_map": "effects_crosswalk",
    "to_post_merger": "effects_crosswalk",
    "adoption_table": "effects_panel", "with_adoption": "effects_panel",
    "drivers": "drivers", "drivers_effects": "drivers_effects", "survival": "survival",
    "forensics": "forensics", "forensics_bunching": "forensics_bunching",
    "forensics_records": "forensics_records", "forensics_stats": "forensics_stats",
    "forensics_withdrawals": "forensics_withdrawals",
    "forensics_signals": "forensics_signals", "run_signals": "forensics_signals",
}
_API.update({
    "satisfaction": "satisfaction", "satisfaction_signals": "satisfaction_signals",
    "satisfaction_model": "satisfaction_model", "satisfaction_claims": "satisfaction_claims",
    "satisfaction_findings": "satisfaction_findings", "satisfaction_report": "satisfaction_report",
    "real766": "real766", "analyse_surveys": "satisfaction_report",
    "analyse_766": "satisfaction_report", "satisfaction_text": "satisfaction_text",
    "for_display": "satisfaction_report", "ontime_text": "ontime_text",
})
_API.update({
    "compare": "compare", "compare_data": "compare_data", "compare_funnel": "compare_funnel",
    "compare_scores": "compare_scores", "compare_shrinkage": "compare_shrinkage",
    "compare_findings": "compare_findings", "compare_text": "compare_text",
    "load_comparisons": "compare",
    "comparison_findings": "compare_findings", "funnel_table": "compare_funnel",
})
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
