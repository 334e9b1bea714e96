"""The machine-readable summary a notebook hands back to the runner (``summary.json``).

The summary travels inside the executed notebook as one display output of the MIME type
``SUMMARY_MIME`` (in a cell tagged ``remove-cell`` so the HTML does not show it). The runner
reads it from there, so ``summary.json`` is exactly what the notebook computed (the idea of
scrapbook's ``glue``; scrapbook itself is broken on pandas >= 2, stack-notes.md).
"""

from __future__ import annotations

import json

import pandas as pd

from motcua.findings import Finding, severity_counts, summary_records

SUMMARY_MIME = "application/vnd.motcua.summary+json"


def summary_payload(findings: list[Finding], *, slug: str, title: str, synthetic: bool,
                    sources: pd.DataFrame, register_sha256: str,
                    records_synthetic: bool | None = None) -> dict:
    """``synthetic`` is true when the claims or the records are; ``records_synthetic`` is None
    when no records were used."""
    return {
        "slug": slug,
        "title": title,
        "synthetic": bool(synthetic) or bool(records_synthetic),
        "claims_synthetic": bool(synthetic),
        "records_synthetic": records_synthetic,
        "register_sha256": register_sha256,
        "sources": sources[["register", "source_id", "title", "publisher", "published"]]
        .astype(object).where(sources.notna(), None).to_dict("records"),
        "counts": severity_counts(findings),
        "findings": summary_records(findings),
    }


def emit_summary(payload: dict) -> None:
    """Hand the summary to the runner as a display output (see module docstring)."""
    from IPython.display import display

    display({SUMMARY_MIME: json.loads(json.dumps(payload, ensure_ascii=False))}, raw=True)




def analysis_payload(findings: list[Finding], *, slug: str, title: str, notebook: str,
                     synthetic: bool, sources: list[dict] | None = None,
                     extra: dict | None = None) -> dict:
    """The summary of an analysis notebook (02–05): the same ``counts`` and ``findings`` keys
    as the claims audit, with the notebook named and the data labelled real or SYNTHETIC.
    ``sources``: where real data came from (name, path, licence); ``extra``: small figures
    the batch index may show (JSON-serialisable)."""
    return {
        "slug": slug,
        "title": title,
        "notebook": notebook,
        "synthetic": bool(synthetic),
        "sources": sources or [],
        "counts": severity_counts(findings),
        "findings": summary_records(findings),
        **({"extra": extra} if extra else {}),
    }
