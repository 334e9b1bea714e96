"""Clean tables of one locality, as the analyses read them: ``Records`` and its readers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from motcua.config import resolve_path
from motcua.errors import InputError
from motcua.records.ingest import dossier_events


@dataclass(frozen=True)
class Records:
    """Clean tables of one locality (see ``read_clean_tables``)."""

    dossiers: pd.DataFrame
    events: pd.DataFrame
    surveys: pd.DataFrame
    period_start: str
    period_end: str
    synthetic: bool
    scale: float = 1.0  # records stand for scale × as many dossiers (a scaled-down sample)
    description: str = ""


def read_clean_tables(folder: str | Path):
    """Read a folder of clean tables (``dossiers.parquet``, ``events.parquet``,
    ``surveys.parquet`` and ``metadata.json``, as ``motcua simulate`` writes them) into a
    ``Records``. ``events.parquet`` may be missing: events are then derived
    from the dossier table (``dossier_events``). Fatal problems raise ``InputError``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "no such folder of records")
    meta_path = folder / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    try:
        dossiers = pd.read_parquet(folder / "dossiers.parquet")
    except (OSError, ValueError) as exc:
        raise InputError(folder / "dossiers.parquet", f"cannot read: {exc}") from exc
    events = (pd.read_parquet(folder / "events.parquet") if (folder / "events.parquet").is_file()
              else dossier_events(dossiers))
    surveys = (pd.read_parquet(folder / "surveys.parquet")
               if (folder / "surveys.parquet").is_file() else pd.DataFrame(
                   columns=["reception_unit", "locality_code", "answered_at",
                            "satisfaction_level"]))
    period = meta.get("period") or {}
    start = period.get("start") or str(dossiers["received_at"].min().date())
    end = period.get("end") or str(dossiers["received_at"].max().date())
    synthetic = bool(meta.get("synthetic")) or bool(
        dossiers.get("is_synthetic", pd.Series([False])).any())
    scale = float((meta.get("scale") or {}).get("factor", 1))
    return Records(dossiers, events, surveys, start, end, synthetic, scale,
                   meta.get("warning", "") if synthetic else meta.get("description", ""))


def read_records(records_dir: str):
    """The notebooks' ``records_dir`` parameter: "" means no records (None); a relative path is
    taken from the project root (``motcua.config.resolve_path``)."""
    return read_clean_tables(resolve_path(records_dir)) if records_dir else None
