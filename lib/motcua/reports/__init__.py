"""What a reader sees: Markdown and tables, charts, and the summary handed to the runner."""

from motcua._lazy import lazy_api

_API = {
    "markdown": "markdown", "plots": "plots", "summary": "summary", "tables": "tables",
    "emit_summary": "summary", "summary_payload": "summary", "SUMMARY_MIME": "summary",
    "article_html": "article_html", "article_view": "article_html",
    "charts_ontime": "charts_ontime",
    "charts_effects": "charts_effects",
}
_API["charts_satisfaction"] = "charts_satisfaction"
_API["charts_compare"] = "charts_compare"
__all__ = sorted(_API)
__getattr__, __dir__ = lazy_api(__name__, _API)
